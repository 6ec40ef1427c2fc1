"""Detection: what each side has seen of the other's units, and when.

Every ``rules.detection.interval_hours`` each side rolls once for each enemy unit on the
map. An observer (a unit of the side on the map, or in an off-map area with a position)
within its type's ``sensor_km`` of the target detects it in one interval with chance
``1 - (1 - detection_per_hour) ** (interval * signature)``; several observers combine as
independent chances. A detection records a :class:`Sighting`: the target as it was then.
A side's picture keeps the latest sighting of each enemy unit, so an old one shows where
the unit was and how long ago. Units in contact see each other at once.

Rolls come from the ``detection`` stream keyed by side and tick, one roll per enemy unit in
scenario order, so a unit's roll does not depend on which other units are on the map.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from engine.clock import Priority, Wake
from engine.state import UnitState

if TYPE_CHECKING:
    from engine.simulation import Simulation


@dataclass(frozen=True)
class Sighting:
    """An enemy unit as a side last saw it."""

    unit: str
    hours: float
    """When it was seen (hours since the start)."""
    xy: tuple[float, float]
    """Where it was, in km."""
    place: str | None
    """The place it stood at, if any."""
    road: tuple[str, str, float] | None
    """``(from, to, fraction)`` if it was on a road."""
    strength: float
    """Its strength as seen."""
    posture: str

    def age(self, now: float) -> float:
        """Hours since the sighting."""
        return now - self.hours


def position(sim: Simulation, unit: UnitState) -> tuple[float, float] | None:
    """Where *unit* is in km: on the map, or at its off-map area's position if it has one."""
    from engine.views import position as map_position

    if unit.on_map:
        return map_position(sim, unit)
    if unit.status == "off_map" and unit.area is not None:
        return sim.world.areas.get(unit.area)
    return None


def sight(sim: Simulation, side: str, unit: UnitState) -> None:
    """Record that *side* sees *unit* now."""
    where = position(sim, unit)
    if where is None:
        return
    leg = unit.leg
    road = (leg.u, leg.v, round(leg.fraction(sim.now), 6)) if leg is not None else None
    sim.pictures[side][unit.id] = Sighting(unit.id, sim.now, where, unit.place, road,
                                           unit.strength, unit.posture)


def watch(sim: Simulation) -> Generator[simpy.Event, Any, None]:
    """SimPy process: roll detections for both sides every interval, forever."""
    interval = sim.scenario.rules.detection.interval_hours
    tick = 0
    delay = 0.0
    while True:
        yield Wake(sim.env, delay, Priority.MOVEMENT)
        for side in (s.id for s in sim.scenario.sides):
            _roll(sim, side, interval, tick)
        tick += 1
        delay = interval


def _roll(sim: Simulation, side: str, interval: float, tick: int) -> None:
    enemies = [u for u in sim.units.values() if u.side != side]
    rolls = sim.streams.get("detection", side, tick).random(len(enemies))
    observers = [(xy, u.kind) for u in sim.units.values() if u.side == side and u.alive
                 and u.kind.sensor_km > 0 and (xy := position(sim, u)) is not None]
    if not observers:
        return
    obs_xy = np.array([xy for xy, _ in observers])
    reach = np.array([k.sensor_km for _, k in observers])
    per_hour = np.array([k.detection_per_hour for _, k in observers])
    for enemy, roll in zip(enemies, rolls, strict=True):
        where = position(sim, enemy) if enemy.on_map else None
        if where is None:
            continue
        near = np.hypot(*(obs_xy - np.array(where)).T) <= reach
        miss = np.where(near, (1.0 - per_hour) ** (interval * enemy.kind.signature), 1.0)
        if roll < 1.0 - float(np.prod(miss)):
            sight(sim, side, enemy)
