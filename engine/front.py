"""The wider front: off-map fronts as force pools that advance on an objective.

A front (an off-map area with ``front:``) advances on its objective at a rate set by the
force its side keeps there: ``advance_km_per_day * (committed / reference) ** exponent``,
where *committed* counts the battalion-equivalents of the side's units still in the area
(a unit sent elsewhere stops counting the moment it leaves). Each day's rate is drawn once
from the ``front`` stream (lognormal, mean 1, spread ``variability``), then applied hour
by hour, so a redeployment in mid-day slows the advance from that hour on.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from engine.attrition import draw_loss
from scenario.models import Front, OffMap

if TYPE_CHECKING:
    from engine.simulation import Simulation

BATTALIONS = {"team": 0.05, "platoon": 0.1, "company": 1 / 3, "battalion": 1.0,
              "regiment": 2.0, "brigade": 3.0, "group": 1.0}
"""Battalion-equivalents of a unit at full strength, by echelon."""


def committed(sim: Simulation, area: OffMap) -> float:
    """Battalion-equivalents of the area's side now in the area."""
    return sum(BATTALIONS[u.kind.echelon] * u.strength for u in sim.units.values()
               if u.side == area.held_by and u.status == "off_map" and u.area == area.id)


def rate_per_day(front: Front, battalions: float) -> float:
    """Mean advance in km per day with *battalions* committed."""
    return float(front.advance_km_per_day
                 * (battalions / front.reference_battalions) ** front.exponent)


def advance(sim: Simulation, area: OffMap) -> Generator[simpy.Event, Any, None]:
    """SimPy process: move the front of *area* towards its objective, hour by hour."""
    front = area.front
    assert front is not None
    hour = 0
    while True:
        if hour % 24 == 0:
            roll = float(sim.streams.get("front", area.id, hour // 24).random())
            factor = draw_loss(1.0, front.variability, min(max(roll, 1e-12), 1 - 1e-12),
                               cap=10.0)
        step = rate_per_day(front, committed(sim, area)) * factor / 24.0
        sim.fronts[area.id] = max(sim.fronts[area.id] - step, 0.0)
        hour += 1
        yield sim.env.timeout(1.0)
