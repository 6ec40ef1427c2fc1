"""Claims beside the run: the figure at the end of the claim's date, and the fog on losses."""

from __future__ import annotations

import pytest

from engine.calibrate import checkpoint
from engine.claims import claim_checks, control_at
from engine.simulation import Simulation
from scenario import load


@pytest.fixture(scope="module")
def sim() -> Simulation:
    run = Simulation(load("scenarios/kursk_2024.yaml"))
    run.advance(24 * 9)  # to 15 August, 05:00
    return run


def test_only_claims_made_by_now_are_shown(sim: Simulation) -> None:
    checks = claim_checks(sim)
    today = sim.time_at(sim.now).date()
    assert checks and all(c.claim.date <= today for c in checks)
    assert len(checks) < len(sim.scenario.claims)
    assert [c.claim.date for c in checks] == sorted(c.claim.date for c in checks)


def test_a_metric_claim_reads_the_run_at_the_end_of_its_date(sim: Simulation) -> None:
    [check] = [c for c in claim_checks(sim) if c.claim.id == "terr_0809"]
    hours = checkpoint(sim.scenario, check.claim)
    assert check.hours == hours
    assert check.simulated == sim.metrics.at(hours)["ground_km2.ua"]


def test_control_at_replays_the_log(sim: Simulation) -> None:
    assert control_at(sim, sim.now) == sim.control
    assert control_at(sim, 0.0) == {p.id: p.held_by for p in sim.scenario.map.places}
    assert control_at(sim, 0.0)["sudzha"] == "ru" and control_at(sim, sim.now)["sudzha"] == "ua"


def test_a_side_sees_claims_about_enemy_losses_without_the_true_figure(sim: Simulation) -> None:
    umpire = {c.claim.id: c for c in claim_checks(sim)}
    russia = {c.claim.id: c for c in claim_checks(sim, "ru")}
    assert umpire["mod_pers_0808"].simulated is not None
    assert russia["mod_pers_0808"].simulated is None
    assert russia["terr_0809"].simulated == umpire["terr_0809"].simulated
