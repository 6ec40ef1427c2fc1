"""The wider front: an off-map force pool advances on its objective as force allows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.front import rate_per_day
from engine.orders import Order
from engine.simulation import Simulation
from scenario import load
from scenario.models import Front
from tests.engine.tiny import BASE, tiny

KURSK = Path("scenarios/kursk_2024.yaml")


def with_front(units: list[dict[str, Any]], variability: float = 0.0) -> Simulation:
    area = {"id": "east_front", "name": "East front", "kind": "front", "held_by": "e",
            "links": [{"to": "d", "hours": 10}],
            "front": {"objective": "goal", "distance_km": 20, "advance_km_per_day": 2.0,
                      "reference_battalions": 2, "variability": variability,
                      "source": "X"}}
    goal = {"id": "goal", "name": "Goal", "kind": "city", "held_by": "w",
            "links": [{"to": "a", "hours": 5}]}
    battalion = dict(BASE["rules"]["unit_types"]["inf"]) | {"echelon": "battalion"}
    types = {"inf": BASE["rules"]["unit_types"]["inf"], "bn": battalion}
    return Simulation(tiny(**{"map.off_map": [area, goal], "rules.unit_types": types,
                              "units": units}), mode="free")


def bn(uid: str) -> dict[str, Any]:
    return {"id": uid, "side": "e", "type": "bn", "name": uid, "at": "east_front",
            "source": "X"}


def test_rate_follows_the_force_committed() -> None:
    front = Front(objective="x", distance_km=10, advance_km_per_day=1.0,
                  reference_battalions=10, exponent=1.0, source="X")
    assert rate_per_day(front, 10) == 1.0
    assert rate_per_day(front, 5) == 0.5
    squared = front.model_copy(update={"exponent": 2.0})
    assert rate_per_day(squared, 5) == pytest.approx(0.25)


def test_the_front_advances_at_the_rate_of_the_force_there() -> None:
    sim = with_front([bn("b1"), bn("b2")])
    sim.advance(24.0)
    assert sim.fronts["east_front"] == pytest.approx(18.0)
    assert sim.metrics.latest()["front_km.east_front"] == pytest.approx(18.0)


def test_redeploying_a_battalion_halves_the_advance_from_that_hour() -> None:
    sim = with_front([bn("b1"), bn("b2")])
    sim.advance(12.0)
    assert sim.apply([Order("b2", "move", to="c")], side="e") == []
    sim.advance(36.0)
    # 12 h at 2 km/day, then 24 h at 1 km/day
    assert sim.fronts["east_front"] == pytest.approx(20.0 - 1.0 - 1.0)


def test_kursk_donetsk_pull_slows_the_pokrovsk_advance() -> None:
    scenario = load(KURSK)
    base = Simulation(scenario, seed=11)
    pulled = Simulation(scenario, seed=11, variant="donetsk_pull")
    base.run()
    pulled.run()
    gap = pulled.fronts["pokrovsk_axis"] - base.fronts["pokrovsk_axis"]
    assert gap > 1.0  # km further from Pokrovsk on 20 August
    series = pulled.metrics.series("front_km", "pokrovsk_axis")
    start = next(a.front.distance_km for a in scenario.map.off_map
                 if a.id == "pokrovsk_axis" and a.front is not None)
    assert series[0][1] == pytest.approx(start, abs=0.1) and series[-1][1] < series[0][1]
