"""The event log: every adjudication and every change, with its inputs and its roll.

A :class:`LogEntry` is what a debrief shows: when, what kind of thing happened, a sentence
that says it, and the figures behind it (forces, odds, rolls, losses) in ``data``. Entries
are appended in simulation order and numbered, so two runs can be compared entry by entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

LogKind = Literal[
    "arrival", "order", "rejected", "move", "contact", "combat", "withdraw", "surrender",
    "destroyed", "control", "inject", "reroute", "stop", "closed", "strike", "intercept",
    "damage",
]


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
    """A sober sentence saying what happened and why."""
    sides: tuple[str, ...] = ()
    """Sides involved; a side's own snapshot shows the entries it is involved in."""
    data: dict[str, Any] = field(default_factory=dict)
    """The figures behind the entry: forces, odds, rolls, losses."""


class EventLog:
    """An append-only list of :class:`LogEntry`, numbered in order."""

    def __init__(self) -> None:
        self.entries: list[LogEntry] = []
        """Every entry so far, oldest first."""

    def add(self, hours: float, kind: LogKind, text: str, sides: tuple[str, ...] = (),
            **data: Any) -> LogEntry:
        """Append an entry at *hours* and return it."""
        entry = LogEntry(len(self.entries), round(hours, 6), kind, text, sides, data)
        self.entries.append(entry)
        return entry

    def since(self, seq: int) -> tuple[LogEntry, ...]:
        """Entries numbered *seq* and later."""
        return tuple(self.entries[seq:])
