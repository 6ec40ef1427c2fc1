"""Engagements as explicit state: who fights where, from contact to the end.

An :class:`Engagement` stands at a place or at a point on a road. Units *join* it (contact,
arriving at the place, meeting on the road) and *leave* it (breaking off, destroyed,
captured, an order that takes them away, the end of the fight). Each join and leave sets
the unit's ``engagement`` field, so a unit is in at most one engagement, and a unit that
comes on a unit already fighting joins that fight rather than starting a second one.

The fight is a SimPy process of rounds in the ``COMBAT`` priority class (:mod:`engine.clock`):

1. before each round, units that cannot fight on leave (:func:`cull`);
2. if either side has no unit left, the engagement ends at once;
3. the round's losses are drawn from the forces at its start (:mod:`engine.combat`) and
   applied at its end to the units that were in it and still are.

When it ends, every unit still in it is released: one that was on its way goes on, the
others stand where they are.

One definition of each state, in fractions of the unit type's full strength
(``rules.combat``; the same after a long-range strike):

- *destroyed*: strength below ``destroyed_below``;
- *broken*: strength below ``break_at``; a broken unit withdraws to a neighbouring friendly
  place if an open road leads to one, else surrenders if below ``surrender_at``, else
  fights on where it stands;
- a unit with no combat power on its side of the fight (a convoy, a drone team) withdraws,
  or surrenders if it has nowhere to go.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from engine.clock import Priority, Wake
from engine.combat import RoundResult, apply_losses, resolve_round
from engine.state import Engagement, UnitState

if TYPE_CHECKING:
    from engine.run import Run


def join(sim: Run, eng: Engagement, unit: UnitState) -> None:
    """*unit* joins *eng*: it stops where it is (keeping its destination) and fights."""
    if unit.engagement == eng.key:
        return
    assert unit.engagement is None, f"{unit.id} is already in {unit.engagement}"
    sim.stop_moving(unit)
    unit.engagement = eng.key
    eng.members.setdefault(unit.side, []).append(unit.id)


def leave(eng: Engagement, unit: UnitState) -> None:
    """*unit* leaves *eng* (it broke off, was removed, or was ordered away)."""
    members = eng.members.get(unit.side, [])
    if unit.id in members:
        members.remove(unit.id)
    if unit.engagement == eng.key:
        unit.engagement = None


def fight(sim: Run, eng: Engagement) -> Generator[simpy.Event, Any, None]:
    """SimPy process: fight *eng* round by round until a side has no unit left in it."""
    hours = sim.scenario.rules.combat.round_minutes / 60.0
    yield Wake(sim.env, 0.0, Priority.COMBAT)  # everyone arriving at this instant joins first
    while True:
        cull(sim, eng)
        attackers = eng.side_units(sim.units, eng.attacker)
        defenders = eng.side_units(sim.units, eng.defender)
        if not attackers or not defenders:
            break
        result = resolve_round(sim, eng, attackers, defenders, hours)
        yield Wake(sim.env, hours, Priority.COMBAT)
        _end_round(sim, eng, result, attackers, defenders)
    end(sim, eng)


def _end_round(sim: Run, eng: Engagement, result: RoundResult,
               attackers: list[UnitState], defenders: list[UnitState]) -> None:
    """Apply a round's losses to those still in the fight, log it, then cull."""
    still_a = [u for u in attackers if u.engagement == eng.key]
    still_d = [u for u in defenders if u.engagement == eng.key]
    lost = (apply_losses(still_a, result.losses[0], result.forces[0]),
            apply_losses(still_d, result.losses[1], result.forces[1]))
    sim.metrics.touch()
    eng.rounds += 1
    sim.log_round(eng, result, still_a, still_d, lost)
    cull(sim, eng)


def cull(sim: Run, eng: Engagement) -> None:
    """Units that cannot fight on leave: destroyed, broken, or without combat power."""
    rules = sim.scenario.rules.combat
    for unit in eng.everyone(sim.units):
        if unit.strength < rules.destroyed_below:
            leave(eng, unit)
            sim.destroy(unit, f"{unit.name} is destroyed at {eng.where}", eng.enemies(unit))
        elif unit.strength < rules.break_at or unit.value(eng.attacking(unit)) <= 0:
            break_off(sim, eng, unit)


def break_off(sim: Run, eng: Engagement, unit: UnitState) -> None:
    """*unit* cannot fight on: it withdraws, surrenders, or (broken, not beaten) stays."""
    refuge = sim.refuge(unit)
    if refuge is not None:
        leave(eng, unit)
        sim.withdraw(unit, refuge, eng)
        return
    helpless = unit.value(eng.attacking(unit)) <= 0
    if helpless or unit.strength < sim.scenario.rules.combat.surrender_at:
        leave(eng, unit)
        sim.surrender(unit, f"{unit.name}, cut off at {eng.where}, surrenders",
                      eng.enemies(unit))


def end(sim: Run, eng: Engagement) -> None:
    """The fight is over: release everyone still in it."""
    survivors = eng.everyone(sim.units)
    for unit in survivors:
        leave(eng, unit)
    sim.engagement_over(eng, survivors)
