"""The engagement lifecycle: regression tests for the defects found in the first engine.

Each test sets up the defect in the tiny scenario (four places on a line, ``a`` - ``b`` -
``c`` - ``d``; West holds ``a`` and ``b``, East ``c`` and ``d``) and states what must hold.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from engine.log import LogEntry
from engine.orders import Order
from engine.simulation import Simulation
from scenario.models import Scenario
from tests.engine.tiny import BASE

INF: dict[str, Any] = BASE["rules"]["unit_types"]["inf"]


def scenario(units: list[dict[str, Any]], **changes: Any) -> Scenario:
    """The tiny scenario with *units* (id, side, at, and optional type and strength)."""
    data = copy.deepcopy(BASE)
    data["rules"]["unit_types"]["convoy"] = {**INF, "name": "Convoy", "category": "convoy",
                                             "attack": 0.0, "defence": 0.0}
    data["rules"]["unit_types"]["heavy"] = {**INF, "name": "Heavy", "attack": 40.0,
                                            "defence": 40.0}
    data["units"] = [{"type": "inf", "name": u["id"].upper(), "source": "X", **u}
                     for u in units]
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for key in parents:
            node = node[key]
        node[last] = value
    return Scenario.model_validate(data)


def entries(sim: Simulation, kind: str) -> Iterator[LogEntry]:
    return (e for e in sim.log.entries if e.kind == kind)


def fighters(entry: LogEntry) -> set[str]:
    return {*entry.data.get("attackers", []), *entry.data.get("defenders", [])}


def test_a_unit_that_breaks_off_takes_no_part_in_the_next_round() -> None:
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "b", "type": "heavy"},
        {"id": "e1", "side": "e", "at": "c"},
    ]), mode="free")
    sim.apply([Order("w1", "attack", to="c")], side="w")
    sim.advance(12.0)
    [withdraw] = [e for e in entries(sim, "withdraw") if e.data["unit"] == "e1"]
    later = [e for e in entries(sim, "combat") if e.seq > withdraw.seq
             and e.data["engagement"] == withdraw.data["engagement"]]
    assert all("e1" not in fighters(e) for e in later)


def test_a_unit_that_joins_a_fight_at_a_place_goes_on_afterwards() -> None:
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "b", "type": "heavy"},
        {"id": "w2", "side": "w", "at": "a"},
        {"id": "e1", "side": "e", "at": "c", "strength": 0.3},
    ], **{"rules.combat.break_at": 0.0}), mode="free")
    sim.apply([Order("w1", "attack", to="c"), Order("w2", "move", to="d")], side="w")
    sim.advance(48.0)
    assert sim.units["e1"].status == "destroyed"
    assert sim.units["w2"].place == "d"


def test_a_unit_driving_away_from_a_road_fight_leaves_it() -> None:
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "a", "type": "heavy"},
        {"id": "e1", "side": "e", "at": "d"},
    ]), mode="free")
    sim.apply([Order("w1", "move", to="d")], side="w")
    sim.apply([Order("e1", "move", to="a")], side="e")
    sim.advance(48.0)
    gone: dict[str, int] = {}
    for entry in sim.log.entries:
        if entry.kind in ("withdraw", "destroyed", "surrender"):
            gone.setdefault(entry.data["unit"], entry.seq)
    for entry in entries(sim, "combat"):
        for unit in fighters(entry):
            assert unit not in gone or entry.seq < gone[unit], (unit, entry.text)


def positions(sim: Simulation, road: frozenset[str]) -> dict[str, float]:
    """Where each unit on *road* stands, as a fraction from its first place in name order."""
    first = min(road)
    found = {}
    for unit in sim.units.values():
        if unit.on_map and unit.leg is not None and {unit.leg.u, unit.leg.v} == road:
            share = unit.leg.fraction(sim.now)
            found[unit.id] = share if unit.leg.u == first else 1.0 - share
    return found


def test_enemies_on_one_road_never_drive_through_each_other() -> None:
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "a"},
        {"id": "w2", "side": "w", "at": "a"},
        {"id": "e1", "side": "e", "at": "d", "type": "heavy"},
    ], **{"rules.combat.break_at": 0.0}), mode="free")
    sim.apply([Order("w1", "move", to="d")], side="w")
    sim.apply([Order("e1", "move", to="a")], side="e")
    sim.advance(0.05)
    sim.apply([Order("w2", "move", to="d")], side="w")
    before: dict[str, float] = {}
    for step in range(1, 200):
        sim.advance(0.05 + step * 0.02)
        now = positions(sim, frozenset(("b", "c")))
        if "e1" in now and "w2" in now and "e1" in before and "w2" in before:
            assert (now["w2"] - now["e1"]) * (before["w2"] - before["e1"]) >= 0, sim.now
        before = now
    assert sim.control["c"] == "e" or sim.units["e1"].status != "active"


def test_an_engagement_against_no_force_ends_at_once() -> None:
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "b"},
        {"id": "e1", "side": "e", "at": "c", "type": "convoy"},
    ]), mode="free")
    sim.apply([Order("w1", "attack", to="c")], side="w")
    sim.advance(72.0)
    lossless = [e for e in entries(sim, "combat") if 0.0 in e.data["forces"]]
    assert len(lossless) <= 1
    assert sim.units["e1"].status != "active" or sim.units["e1"].place != "c"


@pytest.mark.parametrize(("second", "where"), [
    (Order("w1", "move", to="b"), "b"),
    (Order("w1", "hold"), "a"),
])
def test_of_two_orders_at_one_instant_the_last_stands(second: Order, where: str) -> None:
    sim = Simulation(scenario([{"id": "w1", "side": "w", "at": "a"},
                               {"id": "e1", "side": "e", "at": "d"}]), mode="free")
    sim.apply([Order("w1", "move", to="c")], side="w")
    sim.apply([second], side="w")
    sim.advance(6.0)
    unit = sim.units["w1"]
    assert (unit.place, unit.leg, unit.posture) == (where, None, "defending")


def test_a_stale_dig_in_timer_does_nothing() -> None:
    sim = Simulation(scenario([{"id": "w1", "side": "w", "at": "a"},
                               {"id": "e1", "side": "e", "at": "d"}]), mode="free")
    sim.apply([Order("w1", "dig_in")], side="w")
    sim.advance(1.0)
    sim.apply([Order("w1", "move", to="b")], side="w")
    sim.advance(2.0)
    sim.apply([Order("w1", "dig_in")], side="w")
    sim.advance(12.0)
    dug = [e.hours for e in sim.log.entries if "dug in" in e.text]
    assert dug == [pytest.approx(2.0 + 6.0)]


def test_break_off_is_measured_against_the_unit_not_the_fight() -> None:
    # e1 starts at 30 % with break_at 0.5: it is already below the line and must not fight
    # on down to 15 % (half of its strength at the start of this engagement).
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "b", "type": "heavy"},
        {"id": "e1", "side": "e", "at": "c", "strength": 0.3},
    ]), mode="free")
    sim.apply([Order("w1", "attack", to="c")], side="w")
    sim.advance(24.0)
    rounds_fought = [e for e in entries(sim, "combat") if "e1" in fighters(e)]
    assert len(rounds_fought) <= 1


def test_destroyed_means_the_same_after_a_strike_as_in_combat() -> None:
    # A convoy at 20 % (8 of 40 vehicles) loses 7 vehicles to six rockets: 2.5 % of full
    # strength is left, below destroyed_below (5 %), so it is destroyed as in combat.
    from tests.engine.test_fires import ROCKETS, SPOTTER, u
    from tests.engine.test_fires import scenario as fires_scenario

    rules = {"rules.fires": {"dispersion": 0.0, "effects": {"rocket": {"vehicles": 7.0 / 6.0}}}}
    sim = Simulation(fires_scenario([u("r", "w", "rockets", "a"), u("s", "w", "spotter", "b"),
                                     u("c1", "e", "convoy", "c", strength=0.2)], **rules),
                     mode="free")
    assert ROCKETS["weapon"]["salvo"] == 6 and SPOTTER["detection_per_hour"] == 1.0
    sim.advance(0.5)
    assert sim.apply([Order("r", "strike", target="c1")], side="w") == []
    sim.advance(3.0)
    convoy = sim.units["c1"]
    assert sim.struck["c1"] == pytest.approx(7.0)
    assert convoy.status == "destroyed"


def test_a_broken_unit_caught_on_the_road_surrenders_without_a_new_fight() -> None:
    sim = Simulation(scenario([
        {"id": "w1", "side": "w", "at": "a"},
        {"id": "e1", "side": "e", "at": "d", "strength": 0.3},
    ]), mode="free")
    sim.apply([Order("w1", "move", to="d")], side="w")
    sim.apply([Order("e1", "move", to="a")], side="e")
    sim.advance(24.0)
    assert sim.units["e1"].status == "surrendered"
    assert not list(entries(sim, "combat"))
