"""In replay mode a person's order takes the unit out of the historical orders."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine import Order, Simulation
from scenario import load
from scenario.models import Scenario


@cache
def kursk() -> Scenario:
    return load(Path("scenarios/kursk_2024.yaml"))


def orders_for(sim: Simulation, unit: str) -> list[str]:
    """The orders *unit* was given, as the log says them (skipped ones excluded)."""
    return [e.text for e in sim.log.entries if e.kind == "order" and e.data.get("unit") == unit
            and "order" in e.data and not e.data.get("skipped")]


def test_a_teachers_order_is_not_overridden_by_the_timeline() -> None:
    sim = Simulation(kursk(), seed=3)
    sim.advance(12.0)  # after the first orders of 6 August, before those of the 7th
    assert not sim.apply([Order("ua_22_mech_1", "hold")], side="ua")
    sim.advance(48.0)
    unit = sim.units["ua_22_mech_1"]
    assert unit.destination is None and unit.posture in ("defending", "dug_in")
    assert orders_for(sim, "ua_22_mech_1")[-1].endswith("hold")
    texts = [e.text for e in sim.snapshot("ua").log]
    assert any("now follows the players' orders only" in t for t in texts)
    skipped = [t for t in texts if "historical order (attack to Makhnovka) is not given" in t]
    assert len(skipped) == 1
    # the other units still follow history
    assert any("Kazachya Loknya" in t for t in orders_for(sim, "ua_88_mech_2"))


def test_the_take_over_is_one_sides_business() -> None:
    sim = Simulation(kursk(), seed=3)
    sim.advance(12.0)
    sim.apply([Order("ua_22_mech_1", "hold")], side="ua")
    sim.advance(48.0)
    assert not any("players' orders" in e.text for e in sim.snapshot("ru").log)


def test_a_refused_order_takes_nothing_over() -> None:
    sim = Simulation(kursk(), seed=3)
    sim.advance(12.0)
    assert sim.apply([Order("ua_22_mech_1", "move", to="nowhere")], side="ua")
    assert "ua_22_mech_1" not in sim.taken_over
    sim.advance(48.0)
    assert any("Makhnovka" in t for t in orders_for(sim, "ua_22_mech_1"))


def test_free_mode_has_no_history_to_leave() -> None:
    sim = Simulation(kursk(), seed=3, mode="free")
    sim.advance(12.0)
    sim.apply([Order("ua_22_mech_1", "move", to="sudzha_gms")], side="ua")
    assert not sim.taken_over
