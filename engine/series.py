"""A run's metrics as step functions of time: one row each time what they measure changes.

:mod:`engine.metrics` says what is measured; this module only keeps the rows. Whatever
changes a measured quantity calls :meth:`Series.touch` in the event that changes it, and
the simulation records a row after the last event at that instant (rows are kept by the
instant: one taken earlier in it would be replaced). Between two rows nothing measured
has changed, so :meth:`Series.at`
reads a step function (a front's distance moves in between; its row is exact at each day
boundary, at each change of its force, and whenever the run is read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class Series:
    """Rows of every metric: ``rows[i]`` is ``{"hours": h, "ground_km2.ua": ..., ...}``."""

    rows: list[dict[str, float]] = field(default_factory=list)
    stale: bool = True
    """Something measured has changed since the last row."""

    def touch(self) -> None:
        """Note that something measured has changed: a row is due."""
        self.stale = True

    def sample(self, hours: float, values: Mapping[str, float]) -> None:
        """Record *values* at *hours* (replacing a row already taken at that time)."""
        row = {"hours": round(hours, 6), **values}
        self.stale = False
        if self.rows and self.rows[-1]["hours"] == row["hours"]:
            self.rows[-1] = row
        else:
            self.rows.append(row)

    def latest(self) -> Mapping[str, float]:
        """The most recent row (empty before the first)."""
        return self.rows[-1] if self.rows else {}

    def at(self, hours: float) -> Mapping[str, float]:
        """The last row taken at or before *hours*."""
        found: Mapping[str, float] = {}
        for row in self.rows:
            if row["hours"] > hours + 1e-9:
                break
            found = row
        return found

    def series(self, name: str, side: str) -> list[tuple[float, float]]:
        """``[(hours, value), ...]`` of metric *name* for *side*."""
        key = f"{name}.{side}"
        return [(row["hours"], row[key]) for row in self.rows]
