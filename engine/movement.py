"""Movement: a unit follows its planned route road by road, as SimPy timeouts.

A :class:`Plan` is a list of :class:`Step` s (one road each, the first possibly begun
already). :func:`travel` walks it: each road is a timeout of its travel time; on arrival at
a place the simulation checks for contact. The walk stops when it is interrupted (contact on
the road, a new order, a closed road) and leaves the unit where it was then.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import simpy

from engine.state import Leg, UnitState

if TYPE_CHECKING:
    from engine.simulation import Simulation


@dataclass(frozen=True)
class Step:
    """One road of a plan: from *u* to *v*, taking *hours* in all, *done* of it covered."""

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


def travel(sim: Simulation, unit: UnitState, plan: Plan) -> Generator[simpy.Event, Any, None]:
    """SimPy process: walk *plan* road by road; stop quietly when interrupted."""
    for step in plan.steps:
        if sim.road_closed(step.u, step.v):
            sim.blocked(unit, step, plan)
            return
        now = sim.env.now
        leg = Leg(step.u, step.v, now - step.done * step.hours, now + (1 - step.done) * step.hours)
        unit.leg, unit.place = leg, None
        sim.on_road(unit)
        try:
            yield sim.env.timeout(leg.end - now)
        except simpy.Interrupt:
            unit.leg = leg.stop(sim.env.now)
            return
        unit.leg, unit.place = None, step.v
        if sim.reach(unit, step.v, final=step is plan.steps[-1]):
            return
    sim.arrived(unit, plan.destination)


def meeting_time(mover: Leg, other: Leg, now: float) -> float | None:
    """When a unit on *mover* meets one on *other* (the same road), or None if it won't.

    The roads are the same pair of places, in the same or the opposite direction. A
    stopped unit is met where it stands; two units moving the same way never meet here.
    """
    opposite = other.u == mover.v
    if other.stopped_at is not None:
        where = 1.0 - other.stopped_at if opposite else other.stopped_at
        if where < mover.fraction(now):
            return None
        return mover.start + where * (mover.end - mover.start)
    if not opposite:
        return None
    d1, d2 = mover.end - mover.start, other.end - other.start
    if d1 <= 0 or d2 <= 0:
        return None
    t = (1.0 + mover.start / d1 + other.start / d2) / (1.0 / d1 + 1.0 / d2)
    return t if now <= t <= min(mover.end, other.end) else None
