"""What a finished (or paused) run amounts to: the daily table, key events, a JSON record."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from engine.log import LogEntry
from engine.metrics import METRICS, measure
from engine.version import ENGINE_VERSION

if TYPE_CHECKING:
    from engine.simulation import Simulation

KEY_KINDS = frozenset({"control", "destroyed", "surrender", "withdraw", "stop", "rejected",
                       "closed", "reroute"})
"""Log kinds that make the list of key events."""


@dataclasses.dataclass(frozen=True)
class DayRow:
    """The metrics at the end of one calendar day of the run (or at the time reached)."""

    time: dt.datetime
    hours: float
    values: dict[str, float]


def end_of_day(day: dt.date, start: dt.datetime) -> dt.datetime:
    """Midnight at the end of *day*, in the time zone (UTC offset) of the scenario's *start*."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), start.tzinfo)


def daily_rows(sim: Simulation) -> list[DayRow]:
    """One row per calendar day, then one at the time reached.

    Days end at midnight in the scenario's own time zone (its start's UTC offset).
    """
    start = sim.scenario.metadata.start
    first = end_of_day(start.date(), start)
    rows = []
    day = (first - start).total_seconds() / 3600.0
    while day < sim.now - 1e-9:
        rows.append(DayRow(sim.time_at(day), day, dict(sim.metrics.at(day))))
        day += 24.0
    rows.append(DayRow(sim.time_at(sim.now), sim.now, measure(sim)))
    return rows


def key_events(sim: Simulation) -> list[LogEntry]:
    """Log entries that change the picture: control, units lost, refused orders."""
    return [e for e in sim.log.entries
            if e.kind in KEY_KINDS or (e.kind == "strike" and "assessed" in e.data)]


def record(sim: Simulation) -> dict[str, Any]:
    """The whole run as JSON-ready data: identity, metric series, log and final state."""
    from scenario.loader import digest

    return {
        "engine": ENGINE_VERSION,
        "scenario": sim.scenario.metadata.id,
        "digest": digest(sim.scenario),
        "seed": sim.seed,
        "variant": sim.variant,
        "mode": sim.mode,
        "hours": sim.now,
        "time": sim.time_at(sim.now).isoformat(),
        "metric_names": list(METRICS),
        "metrics": sim.metrics.rows,
        "control": dict(sorted(sim.control.items())),
        "units": [_unit_record(sim, u) for u in sim.snapshot().units],
        "log": [dataclasses.asdict(e) for e in sim.log.entries],
    }


def _unit_record(sim: Simulation, view: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(view).items() if k != "seen_hours"}
