"""The event log: every adjudication and every change, with its inputs and its roll.

A :class:`LogEntry` is what a debrief shows: when, what kind of thing happened, a sentence
that says it, and the figures behind it (forces, odds, rolls, losses) in ``data``. Entries
are appended in simulation order and numbered, so two runs can be compared entry by entry.

Fog is decided here, once, when an entry is written (:mod:`engine.fog` composes the
reports): ``sides`` are the sides that learn of the entry at all, and ``reports`` holds,
for a side that learns only part of it, that side's own version (:class:`Report`): its
sentence and its figures, with the enemy named only as that side knew it and the enemy's
losses only as an assessment with its uncertainty. A side in ``sides`` without a report
learns the entry as it is (its own adjudication). The umpire reads every entry in full;
:meth:`LogEntry.seen_by` gives a side's version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

LogKind = Literal[
    "arrival", "order", "rejected", "move", "contact", "combat", "withdraw", "surrender",
    "destroyed", "control", "inject", "reroute", "stop", "closed", "strike", "intercept",
    "damage",
]


@dataclass(frozen=True)
class Report:
    """What one side learns of an entry: its own sentence and figures."""

    text: str
    """The sentence as that side may read it."""
    data: Mapping[str, Any] = field(default_factory=dict)
    """The figures that side may know (its own in full, the enemy's as assessed)."""


@dataclass(frozen=True)
class LogEntry:
    """One thing that happened in a run."""

    seq: int
    """Position in the log, from 0."""
    hours: float
    """Simulation time in hours since the scenario's start."""
    kind: LogKind
    """What sort of entry this is."""
    text: str
    """A sober sentence saying what happened and why (the umpire's version)."""
    sides: tuple[str, ...] = ()
    """Sides that learn of the entry; empty for a public entry (an inject) all learn."""
    data: dict[str, Any] = field(default_factory=dict)
    """The figures behind the entry: forces, odds, rolls, losses (the umpire's version)."""
    reports: dict[str, Report] = field(default_factory=dict)
    """For a side in ``sides`` that learns only part of the entry, its version."""

    def visible_to(self, side: str | None) -> bool:
        """Whether *side* (None: the umpire) learns of this entry at all."""
        return side is None or not self.sides or side in self.sides

    def seen_by(self, side: str | None) -> LogEntry:
        """This entry as *side* knows it (the umpire, None, reads it whole).

        Raises:
            ValueError: if *side* does not learn of the entry (see :meth:`visible_to`).
        """
        if side is None:
            return self
        if not self.visible_to(side):
            raise ValueError(f"side {side!r} does not learn of log entry {self.seq}")
        report = self.reports.get(side)
        if report is None:
            return replace(self, reports={}) if self.reports else self
        return replace(self, text=report.text, data=dict(report.data), reports={})


class EventLog:
    """An append-only list of :class:`LogEntry`, numbered in order."""

    def __init__(self) -> None:
        self.entries: list[LogEntry] = []
        """Every entry so far, oldest first."""
        self._hours = (-1.0, -1.0)
        """The last time stamped, as given and as rounded (many entries share one)."""

    def add(self, hours: float, kind: LogKind, text: str, sides: tuple[str, ...] = (),
            reports: Mapping[str, Report] | None = None, **data: Any) -> LogEntry:
        """Append an entry at *hours* and return it.

        *reports* gives, for sides in *sides* that learn only part of it, their version.

        Raises:
            ValueError: a report for a side that is not in *sides*.
        """
        reports = dict(reports) if reports else {}
        if reports and not reports.keys() <= set(sides):
            stray = sorted(set(reports) - set(sides))
            raise ValueError(f"reports for {stray} who do not learn of the entry {text!r}")
        given, rounded = self._hours
        if hours != given:
            rounded = round(hours, 6)
            self._hours = (hours, rounded)
        entry = LogEntry(len(self.entries), rounded, kind, text, sides, data, reports)
        self.entries.append(entry)
        return entry

    def since(self, seq: int) -> tuple[LogEntry, ...]:
        """Entries numbered *seq* and later."""
        return tuple(self.entries[seq:])
