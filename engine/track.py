"""Tracks: where each unit was, and how strong, at every moment of the run so far.

A :class:`Track` is a unit's history as a list of :class:`Pose` s, one per change: a unit
notifies its track whenever its place, road, area, status, strength or posture changes
(see :attr:`engine.state.UnitState.watcher`), and the pose is stamped with the time of the
change (several changes at one instant keep the last). So the state of any unit at any
past time is known without polling, and detection (:mod:`engine.detection`) can be worked
out lazily, for the moments somebody asks about.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

from engine.state import Leg, UnitState
from engine.world import World, position_along


class Pose(NamedTuple):
    """A unit as it was from ``hours`` until its next pose.

    (A named tuple: immutable, compact, and quick to make, as a run makes one per change.)
    """

    hours: float
    place: str | None
    leg: Leg | None
    area: str | None
    on_map: bool
    """True while the unit stood at a place or moved on a road."""
    strength: float
    posture: str

    def xy(self, world: World, hours: float) -> tuple[float, float] | None:
        """Where the unit was at *hours* (within this pose): on the map or in its area."""
        if self.place is not None:
            return world.xy(self.place)
        if self.leg is not None:
            return position_along(world, self.leg.u, self.leg.v, self.leg.fraction(hours))
        if self.area is not None:
            return world.areas.get(self.area)
        return None


@dataclass
class Track:
    """One unit's poses, oldest first."""

    poses: list[Pose] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    """The poses' times, for bisection."""

    def note(self, unit: UnitState, hours: float) -> None:
        """Record *unit* as it is now, at *hours*."""
        pose = Pose(hours, unit.place, unit.leg, unit.area, unit.on_map, unit.strength,
                    unit.posture)
        if self.times and self.times[-1] == hours:
            self.poses[-1] = pose
        else:
            self.poses.append(pose)
            self.times.append(hours)

    def at(self, hours: float) -> Pose | None:
        """The pose in force at *hours* (the last one stamped at or before it)."""
        index = bisect.bisect_right(self.times, hours) - 1
        return self.poses[index] if index >= 0 else None
