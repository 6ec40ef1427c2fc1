"""Movement: a unit follows its planned route road by road; units on one road meet.

A :class:`Plan` is a list of :class:`Step` s (one road each, the first possibly begun
already). :func:`travel` walks it as a SimPy process: each road is a wake-up at its end (in
the ``MOVEMENT`` class), and on reaching a place the simulation checks for contact.

A walk carries the unit's order token from when it started. Anything that stops the unit
(a new order, contact, joining a fight) bumps the token and freezes the unit's leg where it
is; the old walk, when it next wakes, sees a stale token and ends without touching the
unit. Nothing is interrupted, so two orders at one instant cannot strand a unit: the last
one stands.

Meetings: whenever a unit's leg changes (it starts along a road, stops, or turns), the
simulation computes when it meets each enemy unit on the same road (:func:`meeting_time`)
and schedules the meeting with both legs as they are; a meeting whose legs have since
changed is stale and does nothing.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import simpy

from engine import friction
from engine.clock import Priority, Wake
from engine.state import Leg, UnitState

if TYPE_CHECKING:
    from engine.run import Run

_EPSILON = 1e-9


class Step(NamedTuple):
    """One road of a plan: from *u* to *v*, taking *hours* in all, *done* of it covered.

    (A named tuple: immutable, and quick to make, as every plan makes one per road.)
    """

    u: str
    v: str
    hours: float
    done: float = 0.0
    """Fraction of the road already covered when the step starts."""


@dataclass(frozen=True)
class Plan:
    """Where a unit is going and the roads that take it there."""

    steps: tuple[Step, ...]
    destination: str

    @property
    def hours(self) -> float:
        """Travel time of the whole plan, in hours."""
        return sum(s.hours * (1.0 - s.done) for s in self.steps)


def travel(sim: Run, unit: UnitState, plan: Plan, token: int,
           delay: float = 0.0) -> Generator[simpy.Event, Any, None]:
    """SimPy process: after *delay* hours, walk *plan* road by road.

    The walk goes on while *token* is the unit's current one: a stale walk ends at its next
    wake-up without touching the unit, even one of no roads (an order to where the unit
    stands), which would otherwise end as an arrival. Each road takes its nominal time
    times a friction factor.
    """
    yield Wake(sim.env, delay, Priority.ORDER)
    if unit.token != token:  # superseded before it set out (even a walk of no roads)
        return
    for step in plan.steps:
        if sim.road_closed(step.u, step.v):
            sim.blocked(unit, step, plan)
            return
        now = sim.env.now
        hours = friction.road_hours(sim, unit, step.u, step.v, step.hours)
        leg = Leg(step.u, step.v, now - step.done * hours, now + (1 - step.done) * hours)
        sim.set_leg(unit, leg)
        yield Wake(sim.env, leg.end - now, Priority.MOVEMENT)
        if unit.token != token:
            return
        sim.set_leg(unit, None, place=step.v)
        if sim.reach(unit, step.v):
            return
    sim.arrived(unit, plan.destination)


def meeting_time(a: Leg, b: Leg, now: float) -> float | None:
    """When units on legs *a* and *b* of the same road come together, or None if they won't.

    Each unit's position along the road is linear in time until its leg ends (a stopped
    unit stays put). Two units already at the same point are not a new meeting: they are
    either in contact already or moving apart.
    """
    gap = b.along(now) - a.along(now)
    closing = a.velocity() - b.velocity()
    if abs(gap) < _EPSILON or abs(closing) < _EPSILON:
        return None
    when = now + gap / closing
    if when < now - _EPSILON or when > min(a.horizon(), b.horizon()) + _EPSILON:
        return None
    return max(when, now)
