"""The Snapshot: the one contract between the engine and whatever shows or stores a run.

A :class:`Snapshot` is immutable and holds plain values only: the clock, the units as a
side sees them, control of places, ground held, the latest metrics and the new log
entries. Nothing in it refers back to SimPy or to the engine's mutable state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from engine.log import LogEntry
from engine.version import ENGINE_VERSION


@dataclass(frozen=True)
class UnitView:
    """A unit as one side (or the umpire) sees it."""

    id: str
    side: str
    name: str
    type: str
    category: str
    echelon: str
    status: str
    """``waiting``, ``off_map``, ``transit``, ``active``, ``destroyed`` or ``surrendered``."""
    strength: float
    """Fraction of full strength."""
    personnel: int
    vehicles: int
    posture: str
    place: str | None
    """Place it stands at, if any."""
    road: tuple[str, str, float] | None
    """``(from, to, fraction)`` when on a road."""
    xy: tuple[float, float] | None
    """Map position in km, when on the map."""
    area: str | None
    """Off-map area, when off the map."""
    destination: str | None
    seen_hours: float | None = None
    """For an enemy unit: when it was last seen (hours); None for one's own units."""


@dataclass(frozen=True)
class Snapshot:
    """What one side (or the umpire, ``side=None``) knows at one moment of a run."""

    scenario: str
    side: str | None
    hours: float
    """Hours since the scenario's start."""
    time: dt.datetime
    turn: int
    """Turn number, from 0."""
    units: tuple[UnitView, ...]
    control: Mapping[str, str]
    """Side holding each place."""
    closed_roads: tuple[tuple[str, str], ...]
    """Roads closed so far (cut bridges), each as its two places in sorted order."""
    ground_km2: Mapping[str, float]
    """Ground each side holds beyond what it held at the start, in km2."""
    metrics: Mapping[str, float]
    """Latest value of every metric, keyed ``name.side``."""
    log: tuple[LogEntry, ...]
    """Log entries this side may see, since the entry numbered ``log_from``."""
    log_from: int
    finished: bool
    """True when the run has reached the scenario's end."""
    engine: str = ENGINE_VERSION
    """The engine version that made the run (:mod:`engine.version`)."""

    def unit(self, unit_id: str) -> UnitView:
        """The view of unit *unit_id*; KeyError if this snapshot does not show it."""
        for view in self.units:
            if view.id == unit_id:
                return view
        raise KeyError(unit_id)
