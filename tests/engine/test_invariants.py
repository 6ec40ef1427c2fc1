"""The invariant checker: it holds in real runs, and it catches a corrupted state."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from engine import invariants
from engine.invariants import InvariantError
from engine.orders import Order
from engine.simulation import Simulation
from engine.state import Leg
from tests.engine.tiny import tiny


def test_the_test_suite_checks_every_run() -> None:
    assert Simulation.debug_default is True
    assert Simulation(tiny()).debug is True


def fighting() -> Simulation:
    """West attacks East at C and the fight is on."""
    scenario = tiny(units=[
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "b", "source": "X"},
        {"id": "w2", "side": "w", "type": "inf", "name": "W2", "at": "a", "source": "X"},
        {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "c", "source": "X"},
    ])
    sim = Simulation(scenario, mode="free")
    sim.apply([Order("w1", "attack", to="c")], side="w")
    sim.advance(1.0)
    assert sim.engagements, "the fight should be on"
    invariants.check(sim)
    return sim


def at_two_places(sim: Simulation) -> None:
    sim.units["w2"].leg = Leg("a", "b", 0.0, 1.0)


def walking_without_a_walk(sim: Simulation) -> None:
    unit = sim.units["w2"]
    unit.place, unit.leg = None, Leg("a", "b", sim.now, sim.now + 1.0)


def member_elsewhere(sim: Simulation) -> None:
    eng = next(iter(sim.engagements.values()))
    member = sim.units[eng.members["w"][0]]
    member.place = "b"


def in_two_engagements(sim: Simulation) -> None:
    eng = next(iter(sim.engagements.values()))
    twin = dataclasses.replace(eng, key="E99", members={k: list(v) for k, v in
                                                       eng.members.items()})
    sim.engagements["E99"] = twin


def names_a_fight_it_is_not_in(sim: Simulation) -> None:
    sim.units["w2"].engagement = next(iter(sim.engagements))


def wrong_status(sim: Simulation) -> None:
    sim.units["w2"].status = "off_map"


@pytest.mark.parametrize("corrupt", [at_two_places, walking_without_a_walk, member_elsewhere,
                                     in_two_engagements, names_a_fight_it_is_not_in,
                                     wrong_status])
def test_the_checker_catches_a_corrupted_state(corrupt: Callable[[Simulation], None]) -> None:
    sim = fighting()
    corrupt(sim)
    with pytest.raises(InvariantError):
        invariants.check(sim)


def test_a_corruption_is_caught_at_the_next_event() -> None:
    sim = fighting()
    at_two_places(sim)
    with pytest.raises(InvariantError, match="unit w2 is in 2 states at once"):
        sim.advance(2.0)
