"""The wider front: off-map fronts as force pools that advance on an objective.

A front (an off-map area with ``front:``) advances on its objective at a rate set by the
force its side keeps there: ``advance_km_per_day * (committed / reference) ** exponent``,
where *committed* counts the battalion-equivalents of the side's units in the area (a unit
sent elsewhere stops counting the moment it leaves). Each day's rate is multiplied by a
factor drawn once from the ``front`` stream (lognormal, mean 1, spread ``variability``).

Between the moments its inputs change, a front moves at a constant rate, so it is kept in
closed form: :class:`Line` holds the distance at the last change and the rate since.
:func:`settle` brings every front up to now and takes the rate from the force there now;
the simulation calls it after anything that changes a front's force and at each day
boundary (one event a day, not one an hour).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from engine.attrition import draw_loss
from engine.clock import Priority, Wake
from scenario.models import Front, OffMap

if TYPE_CHECKING:
    from engine.run import Run

BATTALIONS = {"team": 0.05, "platoon": 0.1, "company": 1 / 3, "battalion": 1.0,
              "regiment": 2.0, "brigade": 3.0, "group": 1.0}
"""Battalion-equivalents of a unit at full strength, by echelon."""


def committed(sim: Run, area: OffMap) -> float:
    """Battalion-equivalents of the area's side now in the area."""
    return sum(BATTALIONS[u.kind.echelon] * u.strength for u in sim.units_in(area.id)
               if u.side == area.held_by and u.status == "off_map")


def rate_per_day(front: Front, battalions: float) -> float:
    """Mean advance in km per day with *battalions* committed."""
    return float(front.advance_km_per_day
                 * (battalions / front.reference_battalions) ** front.exponent)


def settle(sim: Run) -> None:
    """Bring every front up to now, and take each rate from the force there now."""
    for area in sim.scenario.map.off_map:
        line = sim.front_lines.get(area.id)
        if line is None or area.front is None:
            continue
        line.km, line.since = line.at(sim.now), sim.now
        line.km_per_hour = rate_per_day(area.front, committed(sim, area)) * line.factor / 24.0
        sim.metrics.touch()


def days(sim: Run) -> Generator[simpy.Event, Any, None]:
    """SimPy process: at each day boundary, draw each front's factor for the day."""
    day = 0
    while True:
        for area in sim.scenario.map.off_map:
            line = sim.front_lines.get(area.id)
            if line is not None and area.front is not None:
                roll = sim.streams.random("front", area.id, day)
                line.factor = draw_loss(1.0, area.front.variability,
                                        min(max(roll, 1e-12), 1 - 1e-12), cap=10.0)
        settle(sim)
        day += 1
        yield Wake(sim.env, 24.0, Priority.CONTROL)
