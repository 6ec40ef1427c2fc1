"""Regression tests for the defects the property tests (test_properties.py) found.

Each states the rule that broke, over every case of its kind that is cheap to try.
"""

from __future__ import annotations

import pytest

from engine.orders import Order
from engine.simulation import Simulation
from tests.engine.props import kursk


@pytest.mark.parametrize("field", ["to", "via"])
def test_an_order_naming_an_off_map_area_is_carried_out_or_refused(field: str) -> None:
    """Every unit, ordered to (or through) every off-map area, moves or is refused.

    Nothing else may come of it, then or later: no exception escapes the run.
    """
    scenario = kursk()
    areas = [a.id for a in scenario.map.off_map]
    places = [p.id for p in scenario.map.places]
    sim = Simulation(scenario, seed=2, mode="free")
    sim.advance(1.0)
    for i, unit in enumerate(scenario.units):
        area = areas[i % len(areas)]
        order = (Order(unit.id, "move", to=area) if field == "to"
                 else Order(unit.id, "move", to=places[i % len(places)], via=(area,)))
        sim.apply([order], unit.side)
    sim.advance(120.0)
    for unit in scenario.units:
        state = sim.units[unit.id]
        assert state.status != "active" or state.place in places or state.leg is not None
