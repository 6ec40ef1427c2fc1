"""What the app and the debrief show of a scenario's sourcing: estimate marks and parties.

A unit, a place or a timeline entry that is partly the scenario's own estimate carries an
``estimate`` mark (:class:`~scenario.models.Estimate`); here it becomes a short tag,
``≈ timing, route``, written beside the unit in the list and beside the order or the
inject in the log. :class:`TimelineMarks` finds the timeline entry behind a log entry:
an inject by its time and its sentence, a replayed order by its time, its unit and what
it orders.
"""

from __future__ import annotations

import datetime as dt

from engine.log import LogEntry
from engine.orders import Order
from scenario.models import (
    Claim,
    Estimate,
    InjectEntry,
    OrderEntry,
    Party,
    Scenario,
    Source,
    TimelineEntry,
)

MARK = "≈"
"""The sign of an estimate, in the unit list, the log and the legend."""

PARTY_WORDS: dict[Party, str] = {
    "officials": "officials", "state_media": "state media", "milbloggers": "milbloggers",
    "media": "media", "analysts": "analysts", "foreign_officials": "other states",
    "companies": "company", "unnamed": "unnamed",
}
"""How each kind of party is written on screen."""


def estimate_tag(mark: Estimate | None) -> str:
    """``≈ timing, route`` for an estimate mark; empty for none."""
    if mark is None:
        return ""
    return f"{MARK} " + ", ".join(mark.what)


def party_label(claim: Claim, side_names: dict[str, str]) -> str:
    """Who made *claim*, as a party: ``officials, Russia``, ``analysts``."""
    words = PARTY_WORDS[claim.party]
    if claim.side is None:
        return words
    return f"{words}, {side_names.get(claim.side, claim.side)}"


def outlets(scenario: Scenario) -> dict[str, str]:
    """Each source's id, with who published it (:func:`outlet`)."""
    return {source.id: outlet(source) for source in scenario.sources}


def outlet(source: Source) -> str:
    """Who published *source*, with a mark where it cannot be found or checked."""
    if not source.identified:
        return "unidentified"
    return source.publisher if source.url_verified else f"{source.publisher} (unverified)"


def inject_text(entry: InjectEntry) -> str:
    """The sentence an inject is logged with: ``by: title``, or the title alone."""
    return f"{entry.by}: {entry.title}" if entry.by else entry.title


class TimelineMarks:
    """The timeline entries of a scenario, found again from the log entries they made."""

    def __init__(self, scenario: Scenario) -> None:
        start = scenario.metadata.start
        self._outlets = outlets(scenario)
        self._entries: dict[tuple[float, str, str], TimelineEntry] = {}
        for entry in scenario.timeline:
            hours = _hours(entry.at, start)
            if isinstance(entry, InjectEntry):
                self._entries[(hours, "inject", inject_text(entry))] = entry
            else:
                for unit in entry.units:
                    self._entries[(hours, "order", _order_key(unit, entry))] = entry

    def entry(self, log: LogEntry) -> TimelineEntry | None:
        """The timeline entry that made *log*, or None (an adjudication, a player's order)."""
        if log.kind == "inject":
            return self._entries.get((round(log.hours, 6), "inject", log.text))
        if log.kind == "order":
            key = f"{log.data.get('unit')}: {log.data.get('order')}"
            return self._entries.get((round(log.hours, 6), "order", key))
        return None

    def tag(self, log: LogEntry) -> str:
        """``[Reuters ≈ timing]``: the outlet of *log*'s timeline entry, and its estimate mark.

        The outlet, not the source's id: an id means nothing to a reader of the log.
        """
        entry = self.entry(log)
        if entry is None:
            return ""
        mark = estimate_tag(entry.estimate)
        return f"[{self._outlets.get(entry.source, entry.source)}{' ' + mark if mark else ''}]"


def _hours(moment: dt.datetime, start: dt.datetime) -> float:
    return round((moment - start).total_seconds() / 3600.0, 6)


def _order_key(unit: str, entry: OrderEntry) -> str:
    """What the engine logs of a replayed order to *unit*: ``unit: attack to x via y``."""
    order = Order(unit, entry.action, entry.to, entry.via, entry.target)
    return f"{unit}: {order.describe()}"
