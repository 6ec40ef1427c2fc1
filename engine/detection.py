"""Detection: what each side has seen of the other's units, worked out when it is asked.

The model: at every detection tick (``k * rules.detection.interval_hours``) each side has
one chance to detect each enemy unit on the map. An observer (a unit of the side on the
map, or in an off-map area with a position) within its type's ``sensor_km`` of the target
detects it with chance ``1 - (1 - detection_per_hour) ** (interval * signature)``; several
observers combine as independent chances. A detection is a :class:`Sighting`: the target
as it was then. Units in contact see each other at once.

Nothing polls. The roll for a side, a unit and a tick is a keyed draw
(:meth:`engine.rng.Streams.uniform`), the same whenever it is made, and every unit's
position and strength at any past moment is in its track (:mod:`engine.track`). So a
side's picture is worked out only when somebody needs it (a snapshot, a strike plan),
by looking back from now for the latest tick that detected each enemy unit; what was
worked out for past ticks is kept. Reading a picture never changes the run.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from engine.budget import RunawayError
from engine.state import Sighting, UnitState
from engine.track import Pose
from engine.world import position_along

if TYPE_CHECKING:
    from engine.run import Run

MAX_LOOK_BACK = 2_000_000
"""Most detection ticks one look at a picture may work through (a year of one-minute ticks
is 527,040)."""


def seen_as(sim: Run, unit: UnitState, pose: Pose, hours: float) -> Sighting | None:
    """*unit* as *pose* shows it at *hours*, or None if it had no position then."""
    where = pose.xy(sim.world, hours)
    if where is None:
        return None
    leg = pose.leg
    road = (leg.u, leg.v, round(leg.fraction(hours), 6)) if leg is not None else None
    return Sighting(unit.id, hours, where, pose.place, road, pose.strength, pose.posture)


def position(sim: Run, unit: UnitState) -> tuple[float, float] | None:
    """Where *unit* is now in km: on the map, or at its off-map area's position if any."""
    if unit.on_map and unit.place is not None:
        return sim.world.xy(unit.place)
    if unit.on_map and unit.leg is not None:
        leg = unit.leg
        return position_along(sim.world, leg.u, leg.v, leg.fraction(sim.now))
    if unit.status == "off_map" and unit.area is not None:
        return sim.world.areas.get(unit.area)
    return None


def sight(sim: Run, side: str, unit: UnitState) -> None:
    """Record that *side* sees *unit* now (contact)."""
    pose = sim.tracks[unit.id].at(sim.now)
    seen = seen_as(sim, unit, pose, sim.now) if pose is not None else None
    if seen is not None:
        sim.contacts[side][unit.id] = seen


class Pictures(Mapping[str, dict[str, Sighting]]):
    """Each side's picture of the enemy, worked out on demand: ``pictures[side]``."""

    def __init__(self, sim: Run) -> None:
        self.sim = sim
        self._scanned: dict[tuple[str, str], tuple[int, Sighting | None]] = {}
        """(side, unit) -> the last tick looked at, and the latest detection up to it."""

    def __getitem__(self, side: str) -> dict[str, Sighting]:
        if side not in self.sim.contacts:
            raise KeyError(side)
        found = {}
        for unit in self.sim.units.values():
            if unit.side != side:
                seen = self.sighting(side, unit.id)
                if seen is not None:
                    found[unit.id] = seen
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.sim.contacts)

    def __len__(self) -> int:
        return len(self.sim.contacts)

    def sighting(self, side: str, unit_id: str) -> Sighting | None:
        """*side*'s latest sighting of *unit_id* (contact or detection), or None."""
        contact = self.sim.contacts[side].get(unit_id)
        detected = self._detected(side, unit_id)
        if contact is None or (detected is not None and detected.hours > contact.hours):
            return detected
        return contact

    def _detected(self, side: str, unit_id: str) -> Sighting | None:
        """The latest tick's detection of *unit_id* by *side*, looking back from now.

        Ticks before now are settled and their outcome is kept; a tick at this very moment
        is worked out afresh, since an order given now may still change it.
        """
        sim = self.sim
        interval = sim.scenario.rules.detection.interval_hours
        target = sim.units[unit_id]
        now_tick = math.floor(sim.now / interval + 1e-9)
        settled = now_tick if now_tick * interval < sim.now - 1e-9 else now_tick - 1
        done, latest = self._scanned.get((side, unit_id), (-1, None))
        if settled - done > MAX_LOOK_BACK:
            raise RunawayError(
                f"{side}'s picture would look back over {settled - done:,} detection ticks "
                f"of {interval:g} h; at most {MAX_LOOK_BACK:,} are looked at at once (the "
                "detection interval is far too short for the scenario's length)")
        if settled > done:
            found = next((seen for tick in range(settled, done, -1)
                          if (seen := self._roll(side, target, tick, interval)) is not None),
                         None)
            latest = found or latest
            self._scanned[(side, unit_id)] = (settled, latest)
        if settled < now_tick:
            return self._roll(side, target, now_tick, interval) or latest
        return latest

    def _roll(self, side: str, target: UnitState, tick: int,
              interval: float) -> Sighting | None:
        """*side*'s roll to detect *target* at *tick*: the sighting, or None."""
        sim = self.sim
        hours = tick * interval
        pose = sim.tracks[target.id].at(hours)
        if pose is None or not pose.on_map:
            return None
        where = pose.xy(sim.world, hours)
        if where is None:
            return None
        miss = 1.0
        for observer, xy in _observers(sim, side, hours):
            if math.dist(xy, where) <= observer.kind.sensor_km:
                miss *= (1.0 - observer.kind.detection_per_hour) ** (
                    interval * target.kind.signature)
        if miss >= 1.0 or sim.streams.uniform("detection", side, target.id, tick) >= 1 - miss:
            return None
        return seen_as(sim, target, pose, hours)


def _observers(sim: Run, side: str,
               hours: float) -> Iterator[tuple[UnitState, tuple[float, float]]]:
    """*side*'s units with a sensor and a position at *hours*, with that position."""
    for unit in sim.units.values():
        if unit.side != side or unit.kind.sensor_km <= 0:
            continue
        pose = sim.tracks[unit.id].at(hours)
        xy = pose.xy(sim.world, hours) if pose is not None else None
        if xy is not None:
            yield unit, xy
