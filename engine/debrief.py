"""The debrief: what happened, when it mattered, and what each side believed.

Built from a run (and, for beliefs, from its snapshots), never from the widgets:

- :func:`curves`: ground held and losses over time, per side, as step functions (the
  metrics are recorded when they change, :mod:`engine.series`), only the curves the reader
  may know (a side sees its own losses, never the enemy's true ones);
- :func:`claims_on`: the claims made about each curve's metric, at their dates, with their
  full text, claimant and source;
- :func:`key_moments`: places changing hands, units destroyed or surrendering, strikes
  assessed, roads cut, as the reader was told them;
- :func:`beliefs`: for one moment, each enemy unit as the side believed it beside where and
  how strong it truly was, and the enemy units the side did not know of.

A reader is the umpire (``None``) or a side; a side's debrief holds only what its own
snapshots held, so it can be shown to a team during a game.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.calibrate import METRIC_OF_CLAIM, checkpoint
from engine.log import LogEntry
from engine.snapshot import Snapshot, UnitView
from engine.views import HIDDEN_FROM_ENEMY
from scenario.models import Claim

if TYPE_CHECKING:
    from engine.simulation import Simulation

CURVES = ("ground_km2", "personnel_losses", "vehicle_losses")
"""The metrics a debrief draws over time."""

MOMENT_KINDS = frozenset({"control", "destroyed", "surrender", "withdraw", "closed"})
"""Kinds of log entry that are key moments (with strikes' damage assessments): places changing
hands, units destroyed, surrendering or breaking off, roads closed."""


@dataclass(frozen=True)
class Curve:
    """One metric of one side over time, as a step function."""

    metric: str
    side: str
    points: tuple[tuple[float, float], ...]
    """``(hours, value)`` from the start, each value holding until the next point."""


@dataclass(frozen=True)
class ClaimMark:
    """A claim set on a curve at its date."""

    claim: Claim
    hours: float
    """The end of the claim's date, in hours since the start."""
    value: float | None
    """The claim's figure (the middle of its range), or None if it gives none."""


@dataclass(frozen=True)
class Moment:
    """A key moment, as the reader was told it."""

    hours: float
    time: dt.datetime
    kind: str
    text: str


@dataclass(frozen=True)
class Belief:
    """An enemy unit as a side believed it, beside the truth at the same moment."""

    unit: str
    name: str
    hours: float
    """The moment compared (hours since the start)."""
    believed: UnitView | None
    """The side's picture of it; None when the side did not know of it."""
    true: UnitView
    error_km: float | None
    """How far the believed position was from the true one, when both are on the map."""

    @property
    def stale_hours(self) -> float | None:
        """How old the side's sighting was (hours), when it had one."""
        if self.believed is None or self.believed.seen_hours is None:
            return None
        return self.hours - self.believed.seen_hours


def curves(sim: Simulation, reader: str | None) -> tuple[Curve, ...]:
    """The debrief's curves that *reader* may see, for each side."""
    found = []
    for metric in CURVES:
        for side in (s.id for s in sim.scenario.sides):
            if reader is not None and side != reader and metric in HIDDEN_FROM_ENEMY:
                continue
            found.append(Curve(metric, side, tuple(sim.metrics.series(metric, side))))
    return tuple(found)


def claims_on(sim: Simulation, curve: Curve) -> tuple[ClaimMark, ...]:
    """The claims about *curve*'s metric and side, made by now, at their dates."""
    marks = []
    for claim in sim.scenario.claims:
        if METRIC_OF_CLAIM.get(claim.metric) != curve.metric or claim.about != curve.side:
            continue
        hours = checkpoint(sim.scenario, claim)
        if hours <= sim.now + 24.0:
            marks.append(ClaimMark(claim, hours, _figure(claim)))
    return tuple(sorted(marks, key=lambda m: (m.hours, m.claim.id)))


def _figure(claim: Claim) -> float | None:
    """A claim's figure: its value, or the middle of its range."""
    if claim.value is not None:
        return float(claim.value)
    if claim.range is not None:
        return (float(claim.range[0]) + float(claim.range[1])) / 2.0
    return None


def key_moments(sim: Simulation, log: Sequence[LogEntry]) -> tuple[Moment, ...]:
    """The key moments among *log* (a reader's log, from its snapshot), oldest first."""
    return tuple(Moment(e.hours, sim.time_at(e.hours), e.kind, e.text) for e in log
                 if e.kind in MOMENT_KINDS or (e.kind == "strike" and "assessed" in e.data))


def beliefs(truth: Snapshot, picture: Snapshot) -> tuple[Belief, ...]:
    """Each enemy unit on the map, as *picture*'s side believed it, beside the truth.

    *truth* is the umpire's snapshot at the same moment as *picture*.

    Raises:
        ValueError: the snapshots are of different moments, or *picture* is the umpire's.
    """
    if picture.side is None or abs(truth.hours - picture.hours) > 1e-9:
        raise ValueError("beliefs compare a side's snapshot with the umpire's at one moment")
    known = {v.id: v for v in picture.units if v.side != picture.side}
    found = []
    for unit in truth.units:
        if unit.side == picture.side or (unit.xy is None and unit.id not in known):
            continue
        believed = known.get(unit.id)
        error = (math.dist(believed.xy, unit.xy)
                 if believed is not None and believed.xy and unit.xy else None)
        found.append(Belief(unit.id, unit.name, truth.hours, believed, unit, error))
    return tuple(found)
