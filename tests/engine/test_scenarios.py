"""Whole scenarios from their YAML files, run end to end with no engine change."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.results import daily_rows, record
from engine.simulation import Simulation
from scenario import load

KURSK = Path("scenarios/kursk_2024.yaml")
MINI = Path("tests/data/mini/mini.yaml")


@pytest.fixture(scope="module")
def kursk_run() -> Simulation:
    sim = Simulation(load(KURSK), seed=2024)
    sim.run()
    return sim


def test_the_made_up_scenario_runs_end_to_end() -> None:
    sim = Simulation(load(MINI), seed=7)
    sim.run()
    assert sim.finished
    assert sim.control["crossing"] == "blue"  # the tank attack takes the crossing
    kinds = {e.kind for e in sim.log.entries}
    assert {"order", "combat", "control", "inject", "arrival"} <= kinds


def test_kursk_replay_runs_from_6_to_20_august(kursk_run: Simulation) -> None:
    sim = kursk_run
    assert sim.finished
    assert sim.time_at(sim.now).isoformat() == "2024-08-21T00:00:00+03:00"
    rows = daily_rows(sim)
    assert [r.time.day for r in rows] == list(range(7, 22))
    ground = [r.values["ground_km2.ua"] for r in rows]
    assert ground == sorted(ground)  # the replay's ground only grows in this run
    assert ground[-1] > 0
    assert sim.control["sudzha_checkpoint"] == "ua"
    assert sim.control["kursk"] == "ru"


def test_kursk_replay_logs_injects_and_flies_the_strikes(kursk_run: Simulation) -> None:
    entries = kursk_run.log.entries
    injects = [e for e in entries if e.kind == "inject"]
    assert len(injects) == sum(1 for t in kursk_run.scenario.timeline if t.kind == "inject")
    assessed = {e.data["target"] for e in entries if e.kind == "strike" and "assessed" in e.data}
    assert {"ru_44ak_convoy", "lipetsk_2", "glushkovo_bridge"} <= assessed
    assert 10 <= kursk_run.struck["ru_44ak_convoy"] <= 20
    assert kursk_run.stockpiles["lipetsk_2"] > 0


def test_kursk_same_seed_gives_the_same_record_and_other_seeds_differ(
        kursk_run: Simulation) -> None:
    again = Simulation(load(KURSK), seed=2024)
    again.run()
    assert record(again) == record(kursk_run)
    other = Simulation(load(KURSK), seed=2025)
    other.run()
    assert record(other)["metrics"] != record(kursk_run)["metrics"]


def test_the_convoys_early_variant_moves_the_convoy_a_day_earlier() -> None:
    base = Simulation(load(KURSK), seed=2024)
    early = Simulation(load(KURSK), seed=2024, variant="convoys_early")
    base.advance(60.0)  # 8 Aug 17:00: the early convoy set out at midnight, the other waits
    early.advance(60.0)
    assert base.units["ru_44ak_convoy"].status == "waiting"
    assert early.units["ru_44ak_convoy"].status == "active"


def test_a_variant_shares_the_draws_it_does_not_touch(kursk_run: Simulation) -> None:
    # Removing the Lipetsk strike touches nothing on the ground: the named streams give
    # every engagement the same rolls, so the ground war is identical, draw for draw.
    other = Simulation(load(KURSK), seed=2024, variant="no_lipetsk_strike")
    other.run()
    def rounds(sim: Simulation) -> list[tuple[float, str]]:
        return [(e.hours, e.text) for e in sim.log.entries if e.kind == "combat"]

    assert rounds(other) == rounds(kursk_run)

    def ground(sim: Simulation) -> list[float]:  # the step function, read every hour
        return [sim.metrics.at(float(h))["ground_km2.ua"] for h in range(int(sim.now) + 1)]

    assert ground(other) == ground(kursk_run)
    # what the variant does touch: the aircraft at Lipetsk-2 are no longer hit
    assert other.metrics.latest()["vehicle_losses.ru"] < \
        kursk_run.metrics.latest()["vehicle_losses.ru"]


def test_evacuations_show_as_reported_at_their_time(kursk_run: Simulation) -> None:
    series = dict(kursk_run.metrics.series("displaced", "ru"))
    assert series[24.0 * 3] == 0.0  # 9 Aug 05:00: no Russian figure reported yet
    assert kursk_run.metrics.latest()["displaced.ru"] == 122000.0
    assert kursk_run.metrics.latest()["displaced.ua"] == 20000.0


def test_the_russian_picture_holds_only_detected_ukrainian_units(
        kursk_run: Simulation) -> None:
    seen = kursk_run.snapshot("ru")
    ukrainian = {v.id for v in seen.units if v.side == "ua"}
    forget = kursk_run.scenario.rules.detection.forget_hours
    fates = kursk_run.fates["ru"]
    recent = {unit for unit, sighting in kursk_run.pictures["ru"].items()
              if kursk_run.now - max(sighting.hours, fates.get(unit, ("", 0.0))[1]) <= forget}
    assert ukrainian == recent
    assert recent < set(kursk_run.pictures["ru"])  # sightings older than forget_hours go
    assert "ua_sbu_drones" not in ukrainian  # in Sumy, out of every Russian sensor's reach
    for view in seen.units:
        if view.side == "ua":
            assert view.seen_hours is not None and view.seen_hours <= seen.hours


def test_a_side_knows_its_own_losses_but_not_the_enemy_s(kursk_run: Simulation) -> None:
    umpire, russia = kursk_run.snapshot(), kursk_run.snapshot("ru")
    assert russia.metrics["personnel_losses.ru"] == umpire.metrics["personnel_losses.ru"] > 0
    assert "personnel_losses.ua" in umpire.metrics
    assert "personnel_losses.ua" not in russia.metrics
    assert "vehicle_losses.ua" not in russia.metrics
    assert russia.metrics["ground_km2.ua"] == umpire.metrics["ground_km2.ua"]
