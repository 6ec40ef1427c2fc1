"""What an experiment's runs record: metric names and the times they are read.

A metric is named as the engine names it (``engine.metrics``): a name alone means that
metric for every side (``ground_km2``), ``name.side`` one side's (``depth_km.ua``), and
``front_km.<area>`` the distance of one off-map front from its objective (``front_km``
alone: every front). Times are hours since the scenario's start; ``end of each day`` is
midnight at the end of each day in the time zone of the start, and the end of the scenario.
``None`` for either leaves the choice to the runner (see docs/experiments.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scenario.errors import Problem, did_you_mean
from scenario.experiment_format import RecordSpec
from scenario.models import Scenario
from scenario.yamlfile import Document, YamlPath

SIDE_METRICS = ("ground_km2", "held_km2", "places_held", "places_taken", "depth_km",
                "personnel_losses", "vehicle_losses", "pows", "displaced")
"""The metrics the engine measures for each side (``engine.metrics.METRICS``)."""
FRONT_METRIC = "front_km"
"""The metric the engine measures for each off-map front."""
END_OF_EACH_DAY = "end of each day"
"""The words that stand for midnight at the end of every day of the scenario."""


@dataclass(frozen=True)
class Recording:
    """Which metrics the runs record, and when."""

    metrics: tuple[str, ...] | None
    """Metric names (``ground_km2``, ``depth_km.ua``, ``front_km.pokrovsk_axis``); None:
    the runner's default."""
    times: tuple[float, ...] | None
    """Hours since the scenario's start, ascending; None: the runner's default."""


def resolve(spec: RecordSpec, scenario: Scenario, doc: Document) -> Recording | list[Problem]:
    """The recording *spec* asks for in *scenario*, or every problem with it in *doc*."""
    problems: list[Problem] = []
    metrics = None
    if spec.metrics is not None:
        for i, name in enumerate(spec.metrics):
            problems += _metric_problems(name, scenario, doc, ("record", "metrics", i))
        metrics = tuple(dict.fromkeys(spec.metrics))
    times = None
    if spec.times is not None:
        found = _times(spec.times, scenario, doc)
        if isinstance(found, list):
            problems += found
        else:
            times = found
    return problems or Recording(metrics, times)


def day_ends(scenario: Scenario) -> tuple[float, ...]:
    """Hours from the start to each midnight (start's time zone) inside it, and the end."""
    start, end = scenario.metadata.start, scenario.metadata.end
    moments = []
    day = start.date()
    while (moment := dt.datetime.combine(day + dt.timedelta(days=1), dt.time(),
                                         start.tzinfo)) < end:
        moments.append(moment)
        day += dt.timedelta(days=1)
    moments.append(end)
    return tuple(_hours(scenario, m) for m in moments)


def _metric_problems(name: str, scenario: Scenario, doc: Document, path: YamlPath,
                     ) -> list[Problem]:
    metric, _, qualifier = name.partition(".")
    known = (*SIDE_METRICS, FRONT_METRIC)
    where = doc.where(path)
    if metric not in known:
        return [Problem(where, f"unknown metric {metric!r}",
                        did_you_mean(metric, known) or f"known metrics: {', '.join(known)}")]
    if not qualifier:
        return []
    if metric == FRONT_METRIC:
        owners = [a.id for a in scenario.map.off_map if a.front is not None]
        what = "off-map front"
    else:
        owners = [s.id for s in scenario.sides]
        what = "side"
    if qualifier in owners:
        return []
    hint = did_you_mean(qualifier, owners) or f"the scenario's {what}s: {', '.join(owners)}"
    return [Problem(where, f"metric {name!r}: {qualifier!r} is not a {what} of the "
                    "scenario", hint)]


def _times(value: Any, scenario: Scenario, doc: Document) -> tuple[float, ...] | list[Problem]:
    items = value if isinstance(value, list) else [value]
    paths = [("record", "times", i) if isinstance(value, list) else ("record", "times")
             for i in range(len(items))]
    hours: set[float] = set()
    problems: list[Problem] = []
    for item, path in zip(items, paths, strict=True):
        found = _time(item, scenario)
        if isinstance(found, str):
            problems.append(Problem(doc.where(path), found, "write hours since the start "
                                    f"(24), a date and time, or '{END_OF_EACH_DAY}'"))
        else:
            hours.update(found)
    return problems or tuple(sorted(hours))


def _time(item: Any, scenario: Scenario) -> tuple[float, ...] | str:
    """The hours *item* stands for, or what is wrong with it."""
    duration = _hours(scenario, scenario.metadata.end)
    if item == END_OF_EACH_DAY:
        return day_ends(scenario)
    if isinstance(item, dt.datetime):
        if item.utcoffset() is None:
            return f"time {item.isoformat()} has no UTC offset"
        hours = _hours(scenario, item)
    elif isinstance(item, int | float) and not isinstance(item, bool):
        hours = float(item)
    else:
        return f"cannot read {item!r} as a time"
    if not 0.0 <= hours <= duration:
        shown = item.isoformat() if isinstance(item, dt.datetime) else item
        return (f"time {shown} is outside the scenario (0 to {duration:g} hours, "
                f"{scenario.metadata.start.isoformat()} to {scenario.metadata.end.isoformat()})")
    return (hours,)


def _hours(scenario: Scenario, moment: dt.datetime) -> float:
    return (moment - scenario.metadata.start).total_seconds() / 3600.0
