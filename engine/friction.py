"""Friction: the delays and variations of carrying out orders, moving and taking places.

Each draw is a lognormal factor with mean 1 and the coefficient of variation the rules give
(``rules.friction``), taken from a keyed draw (:meth:`engine.rng.Streams.uniform`) named
for what it decides, so a variant that adds an order or a road leaves every other draw as
it was:

- an order's delay, keyed by the unit, the moment and its order count;
- a road's travel time, keyed by the unit, the road and the moment it set out;
- the time to take a place, keyed by the place, the side and the moment its claim began.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from engine.attrition import draw_loss

if TYPE_CHECKING:
    from engine.run import Run
    from engine.state import UnitState


def factor(sim: Run, cv: float, *key: str | int) -> float:
    """A lognormal factor with mean 1 and coefficient of variation *cv*, drawn for *key*."""
    if cv <= 0:
        return 1.0
    return draw_loss(1.0, cv, sim.streams.uniform("friction", *key), cap=math.inf)


def order_delay(sim: Run, unit: UnitState) -> float:
    """Hours before *unit* sets out on the order it has just been given."""
    rules = sim.scenario.rules.friction
    return rules.order_delay_hours * factor(sim, rules.order_delay_spread, "order", unit.id,
                                            _moment(sim.now), unit.token)


def road_hours(sim: Run, unit: UnitState, u: str, v: str, hours: float) -> float:
    """The time *unit* takes over the road *u*-*v*, nominally *hours*, setting out now."""
    spread = sim.scenario.rules.friction.road_time_spread
    return hours * factor(sim, spread, "road", unit.id, u, v, _moment(sim.now))


def hold_hours(sim: Run, place: str, side: str) -> float:
    """The time *side* must hold *place* uncontested to take it, its claim starting now."""
    rules = sim.scenario.rules
    return rules.control.hold_hours * factor(sim, rules.friction.hold_spread, "hold", place,
                                             side, _moment(sim.now))


def _moment(hours: float) -> str:
    """A moment as a key: to the microsecond of an hour, so float noise cannot change it."""
    return f"{hours:.6f}"
