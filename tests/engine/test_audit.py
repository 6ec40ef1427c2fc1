"""Regression tests for the defects the property tests (test_properties.py) found.

Each states the rule that broke, over every case of its kind that is cheap to try.
"""

from __future__ import annotations

import pytest

from engine.orders import Order
from engine.simulation import Simulation
from tests.engine.props import FogWatch, Play, kursk
from tests.engine.tiny import tiny


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


@pytest.mark.parametrize("leaves_at", [0.0, 0.5, 1.5])
def test_without_passage_a_place_passes_only_to_a_side_still_standing_there(
        leaves_at: float) -> None:
    """A claim by standing lapses when the claimant's last unit leaves before it is due.

    East's unit starts at West's ``b`` (West is away): its claim needs two hours. It
    leaves for ``c`` before then, so ``b`` stays West's however long the run goes on.
    """
    scenario = tiny(units=[
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "a", "source": "X"},
        {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "b", "source": "X"}],
        **{"rules.control.passage_takes": False})
    sim = Simulation(scenario, mode="free")
    sim.advance(leaves_at)
    sim.apply([Order("e1", "move", to="c")], side="e")
    sim.advance(12.0)
    assert sim.units["e1"].place == "c"
    assert sim.control["b"] == "w"
    assert not [e for e in sim.log.entries if e.kind == "control" and e.data["place"] == "b"]


def test_a_refused_order_tells_a_side_nothing_of_enemy_units_it_has_not_seen() -> None:
    """Orders naming enemy units, or ids a letter short of theirs, to move or as strike
    targets, are refused without naming, hinting at or confirming an unseen enemy unit:
    neither in the reasons returned nor in the side's log."""
    scenario = kursk()
    how = Play()
    fog = FogWatch(how)
    sim = Simulation(scenario, seed=2, mode="free")
    sim.advance(1.0)
    for side in (s.id for s in scenario.sides):
        own = next(u.id for u in scenario.units if u.side == side
                   and scenario.rules.unit_types[u.type].weapon is not None)
        enemies = [u.id for u in scenario.units if u.side != side]
        orders = [Order(uid, "move", to="sudzha") for uid in enemies]
        orders += [Order(uid[:-1], "move", to="sudzha") for uid in enemies]
        orders += [Order(own, "strike", target=uid) for uid in enemies]
        orders += [Order(own, "strike", target=uid[:-1]) for uid in enemies]
        how.typed[side] = {o.unit for o in orders} | {o.target for o in orders if o.target}
        seen = set(sim.pictures[side]) | set(sim.fates[side])
        hidden = [u for u in scenario.units if u.side != side and u.id not in seen]
        assert hidden
        for refused in sim.apply(orders, side):
            for unit in hidden:
                assert unit.name not in refused.reason
                assert f"'{unit.id}'" not in refused.reason or unit.id in (
                    refused.order.unit, refused.order.target)
    fog(sim)
    assert fog.leaks == []


@pytest.mark.parametrize("last", [Order("w1", "move", to="b"), Order("w1", "hold"),
                                  Order("w1", "dig_in"), Order("w1", "attack", to="c")])
def test_an_order_superseded_at_its_instant_does_nothing_even_if_it_goes_nowhere(
        last: Order) -> None:
    """Of several orders to a unit at one instant the last stands, whatever the others.

    A move to where the unit already stands is a walk of no roads; superseded, it must
    not end the walk of the order after it (nor say the unit arrived, nor reset its
    posture): the invariants hold, and the run is that of the last order alone.
    """
    def run(orders: list[Order]) -> list[tuple[float, str, str]]:
        sim = Simulation(tiny(), mode="free")
        sim.apply(orders, side="w")
        sim.advance(30.0)
        return [(e.hours, e.kind, e.text) for e in sim.log.entries if e.kind != "order"]

    assert run([Order("w1", "move", to="a"), last]) == run([last])
