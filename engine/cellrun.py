"""One run of a batch: a cell's scenario from one seed, recorded as plain values.

:func:`run_cell` is what a worker (a local process or a Dask worker) executes. It takes
the scenario's content (never a path), replays it from *seed*, reads the values a
:class:`Plan` asks for and returns a :class:`RunResult` that pickles and compares exactly:
a run that raises or overruns its time limit is a result too, with status ``failed`` and
its error, so one bad run never stops a batch.

The run advances one turn at a time and checks its wall time between turns, so a time
limit stops it at the first turn boundary past the limit; inside a turn the engine's own
budget (:mod:`engine.budget`) stops a runaway. Advancing by turns changes nothing in the
run: every executor takes the same path, and the engine runs every event at T before
``advance(T)`` returns.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
import traceback
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from engine.calibrate import METRIC_OF_CLAIM, READERS, banded, checkpoint
from engine.metrics import METRICS, measure
from engine.results import end_of_day
from engine.simulation import Simulation
from scenario.errors import SalientError
from scenario.models import Scenario

CLAIM_PREFIX = "claim."
"""Recorded values of banded claims are named ``claim.<claim id>``."""
FRONT_METRIC = "front_km"
"""The metric of each off-map front, keyed ``front_km.<area>``."""
TRACEBACK_LINES = 12
"""The last lines of a failed run's traceback kept with its error."""
KEEP_SCENARIOS = 16
"""How many cells' scenarios a worker keeps built."""


class TimeLimitError(SalientError):
    """A run went on longer than the batch's per-run time limit."""


@dataclass(frozen=True)
class Plan:
    """What to read from one run of a cell, resolved against its scenario."""

    times: tuple[float, ...]
    """Hours from the start at which the metrics are read from the run's series."""
    metrics: tuple[str, ...] | None
    """Metric names (``ground_km2``) or keys (``ground_km2.ua``) kept; None: all."""
    claims: tuple[tuple[str, float], ...]
    """Banded claims read at their checkpoints: (claim id, hours)."""


@dataclass(frozen=True)
class RunResult:
    """What one run left: its values, or its error."""

    cell: str
    seed: int
    status: str
    """``done`` or ``failed``."""
    error: str | None
    wall_s: float
    worker: str
    """``host:pid`` of the process that ran it."""
    final: Mapping[str, float] = field(default_factory=dict)
    """Every metric at the run's end (empty if it failed)."""
    series: tuple[tuple[str, float, float], ...] = ()
    """Recorded values: (metric key, hours, value), in time order."""


def default_times(scenario: Scenario) -> tuple[float, ...]:
    """Hours of the end of each calendar day of *scenario*, and of its end."""
    meta = scenario.metadata
    end = (meta.end - meta.start).total_seconds() / 3600.0
    hours = (end_of_day(meta.start.date(), meta.start) - meta.start).total_seconds() / 3600.0
    out: list[float] = []
    while hours < end - 1e-9:
        out.append(round(hours, 6))
        hours += 24.0
    out.append(round(end, 6))
    return tuple(out)


def make_plan(scenario: Scenario, metrics: Sequence[str] | None = None,
              times: Sequence[float | dt.datetime] | None = None) -> Plan:
    """The plan of a cell: *metrics* at *times* (None: the defaults; see the module).

    The default recording reads every metric at the end of each day, and at each banded
    claim's date, and each banded claim's own figure (``claim.<id>``) at its date. With
    *metrics* given, only those metrics are read, at *times* (or the day ends), and a
    claim's figure only if it is named (``claim.<id>``).

    Raises:
        SalientError: an unknown metric or claim, or a time outside the scenario.
    """
    meta = scenario.metadata
    end = (meta.end - meta.start).total_seconds() / 3600.0
    hours = default_times(scenario) if times is None else tuple(
        _hours(t, meta.start, end) for t in times)
    claims = _claims(scenario, metrics)
    wanted = None if metrics is None else tuple(m for m in metrics
                                                if not m.startswith(CLAIM_PREFIX))
    for name in wanted or ():
        if name.split(".", 1)[0] not in (*METRICS, FRONT_METRIC):
            raise SalientError(f"unknown metric {name!r}; record one of: "
                               f"{', '.join((*METRICS, FRONT_METRIC))} (or name.side)")
    if metrics is None:
        extra = {checkpoint(scenario, c) for c in banded(scenario)
                 if c.metric in METRIC_OF_CLAIM}
        hours = tuple(sorted(set(hours) | {round(h, 6) for h in extra}))
    return Plan(tuple(sorted(set(hours))), wanted, claims)


def _hours(moment: float | dt.datetime, start: dt.datetime, end: float) -> float:
    value = ((moment - start).total_seconds() / 3600.0 if isinstance(moment, dt.datetime)
             else float(moment))
    if not 0.0 <= value <= end + 1e-9:
        raise SalientError(f"recording time {moment} is outside the scenario (0 to "
                           f"{end:g} hours from its start)")
    return round(value, 6)


def _claims(scenario: Scenario, metrics: Sequence[str] | None) -> tuple[tuple[str, float], ...]:
    claims = {c.id: c for c in banded(scenario)}
    if metrics is None:
        chosen = list(claims)
    else:
        chosen = [m[len(CLAIM_PREFIX):] for m in metrics if m.startswith(CLAIM_PREFIX)]
        for claim_id in chosen:
            if claim_id not in claims:
                raise SalientError(f"unknown claim {claim_id!r} in the recorded metrics; "
                                   f"banded claims: {', '.join(claims) or 'none'}")
    return tuple(sorted(((c, checkpoint(scenario, claims[c])) for c in chosen),
                        key=lambda pair: (pair[1], pair[0])))


def worker_id() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


_BUILT: OrderedDict[str, Scenario] = OrderedDict()


def prepared(digest: str, scenario: Scenario) -> Scenario:
    """The scenario this worker already holds for *digest* (so its ground is built once)."""
    found = _BUILT.get(digest)
    if found is None:
        found = _BUILT[digest] = scenario
        while len(_BUILT) > KEEP_SCENARIOS:
            _BUILT.popitem(last=False)
    _BUILT.move_to_end(digest)
    return found


def run_cell(cell: str, digest: str, scenario: Scenario, seed: int, plan: Plan,
             time_limit: float | None = None) -> RunResult:
    """Replay *scenario* from *seed* and read what *plan* asks for; never raises.

    A run that raises (a :class:`~engine.budget.RunawayError`, a bug) or goes past
    *time_limit* seconds is returned as ``failed`` with its error and the last lines of
    its traceback.
    """
    started = time.perf_counter()
    try:
        final, series = _replay(prepared(digest, scenario), seed, plan, started, time_limit)
    except Exception as exc:  # a failed run is a result, never the end of the batch
        return RunResult(cell, seed, "failed", _describe(exc),
                         time.perf_counter() - started, worker_id())
    return RunResult(cell, seed, "done", None, time.perf_counter() - started, worker_id(),
                     final, series)


def _replay(scenario: Scenario, seed: int, plan: Plan, started: float,
            time_limit: float | None) -> tuple[dict[str, float],
                                               tuple[tuple[str, float, float], ...]]:
    sim = Simulation(scenario, seed=seed)
    claim_values: list[tuple[str, float, float]] = []
    claims = {c.id: c for c in sim.scenario.claims}
    pending = list(plan.claims)
    step = sim.scenario.metadata.turn_hours
    while not sim.finished:
        target = min((sim.turn + 1) * step, sim.end_hours)
        if pending and pending[0][1] <= target:
            target = pending[0][1]
        sim.advance(target)
        while pending and pending[0][1] <= sim.now + 1e-9:
            claim_id, hours = pending.pop(0)
            claim = claims[claim_id]
            claim_values.append((CLAIM_PREFIX + claim_id, hours,
                                 float(READERS[claim.metric](sim, claim))))
        _check_time(started, time_limit, sim)
    final = measure(sim)
    series = [(key, hours, float(value)) for hours in plan.times
              for key, value in sim.metrics.at(hours).items()
              if key != "hours" and _kept(key, plan.metrics)]
    return final, tuple(series + claim_values)


def _check_time(started: float, limit: float | None, sim: Simulation) -> None:
    used = time.perf_counter() - started
    if limit is not None and used > limit:
        raise TimeLimitError(f"the run went past its time limit of {limit:g} s "
                             f"({used:.2f} s used, stopped at hour {sim.now:g} of "
                             f"{sim.end_hours:g})")


def _kept(key: str, metrics: tuple[str, ...] | None) -> bool:
    return metrics is None or key in metrics or key.split(".", 1)[0] in metrics


def _describe(exc: BaseException) -> str:
    """The error's type and message, then the last lines of its traceback."""
    lines = traceback.format_exception(exc)
    tail = "".join(lines[1:-1]).rstrip().splitlines()[-TRACEBACK_LINES:]
    return f"{type(exc).__name__}: {exc}\n" + "\n".join(tail)
