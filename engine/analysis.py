"""Reading a batch's results: distributions per cell, paired differences, sensitivity.

Reads a results store (:mod:`engine.store`; opened read-only) and computes what an
analyst reads from a batch:

- :func:`summaries`: per cell and metric, the count, mean, median, the 10th and 90th
  percentiles (numpy's default, linear, method), a 95 % confidence interval of the mean
  (Student's t) and of the median (a percentile bootstrap of 2,000 resamples from a fixed
  seed, so a report is the same every time);
- :func:`differences`: each cell against the base cell over the seeds both ran (common
  random numbers make them pairs): the mean paired difference with its t interval;
- :func:`sensitivity`: for each metric, which parameter moves it most, over the cells that
  set that parameter: the absolute Spearman rank correlation for a numeric parameter (a
  date counts as hours), the correlation ratio (eta) for one that chooses from a list.

The metrics are each run's final figures and the banded claims' recorded figures
(``claim.<id>``); the recorded series (metric, hours, value) are read for charts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats  # type: ignore[import-untyped]

from engine.store import Store
from scenario.errors import SalientError

BOOTSTRAP = 2000
"""Resamples for the bootstrap interval of a median."""
BOOTSTRAP_SEED = 20240806
"""The bootstrap's fixed seed: the same store always gives the same report."""
BASE = "base"
"""The cell every other cell is compared with."""


@dataclass(frozen=True)
class Results:
    """What a store holds, read into memory."""

    text: str
    """The experiment's text."""
    engine: str
    cells: tuple[str, ...]
    """Cell names in the batch's order."""
    parameters: Mapping[str, Mapping[str, object]]
    """Each cell's parameters."""
    values: Mapping[str, Mapping[str, Mapping[int, float]]]
    """cell -> metric -> seed -> value, for runs that finished."""
    failed: Mapping[str, int]
    """Failed runs per cell."""
    series: Mapping[str, Mapping[str, Mapping[float, list[float]]]]
    """cell -> metric -> hours -> values over the runs (the recorded series)."""


@dataclass(frozen=True)
class Summary:
    """One metric of one cell over its runs."""

    cell: str
    metric: str
    count: int
    mean: float
    median: float
    p10: float
    p90: float
    mean_ci: tuple[float, float]
    median_ci: tuple[float, float]


@dataclass(frozen=True)
class Difference:
    """A cell minus the base cell, run by run over the seeds both have."""

    cell: str
    metric: str
    pairs: int
    mean: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class Influence:
    """How strongly one parameter moves one metric (0: not at all, 1: entirely)."""

    metric: str
    parameter: str
    score: float
    measure: str
    """``spearman`` or ``eta``."""
    cells: int


def read(path: Path) -> Results:
    """Read the store at *path*, changing nothing in it.

    Raises:
        SalientError: not a store this engine reads (:meth:`engine.store.Store.open`).
    """
    store = Store.open(path)  # checked read-only first; any name, any journal mode
    try:
        return _read(store.db)
    except sqlite3.Error as exc:
        raise SalientError(f"{path}: not a results store ({exc})") from None
    finally:
        store.close()


def _read(db: sqlite3.Connection) -> Results:
    text, engine = db.execute("SELECT text, engine_version FROM batch").fetchone()
    cells = [(name, json.loads(p)) for name, p in
             db.execute("SELECT name, parameters FROM cells ORDER BY position")]
    values: dict[str, dict[str, dict[int, float]]] = {name: {} for name, _ in cells}
    failed = {name: 0 for name, _ in cells}
    run_cell: dict[int, tuple[str, int]] = {}
    for run, cell, seed, status, final in db.execute(
            "SELECT id, cell, seed, status, final FROM runs"):
        if status != "done":
            failed[cell] += 1
            continue
        run_cell[run] = (cell, seed)
        for metric, value in json.loads(final or "{}").items():
            values[cell].setdefault(metric, {})[seed] = float(value)
    series: dict[str, dict[str, dict[float, list[float]]]] = {name: {} for name, _ in cells}
    for run, metric, hours, value in db.execute(
            "SELECT s.run, m.name, s.hours, s.value FROM series s "
            "JOIN metrics m ON m.id = s.metric ORDER BY s.run, m.name, s.hours"):
        if run not in run_cell:
            continue
        cell, seed = run_cell[run]
        series[cell].setdefault(metric, {}).setdefault(hours, []).append(value)
        if metric.startswith("claim."):
            values[cell].setdefault(metric, {})[seed] = value
    return Results(text, engine, tuple(n for n, _ in cells), dict(cells), values, failed,
                   series)


def summaries(results: Results) -> list[Summary]:
    """Every metric of every cell, summarised (metrics with fewer than two runs skipped)."""
    found = []
    for cell in results.cells:
        for metric, by_seed in sorted(results.values[cell].items()):
            data = np.array([by_seed[s] for s in sorted(by_seed)], dtype=float)
            if data.size >= 2:
                found.append(summary(cell, metric, data))
    return found


def summary(cell: str, metric: str, data: np.ndarray) -> Summary:
    """The summary of *data*, the values of *metric* over *cell*'s runs."""
    p10, median, p90 = np.percentile(data, [10, 50, 90])
    return Summary(cell, metric, int(data.size), float(data.mean()), float(median),
                   float(p10), float(p90), mean_interval(data), median_interval(data))


def mean_interval(data: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The Student's t interval of the mean of *data*."""
    mean = float(data.mean())
    if data.size < 2 or float(data.std(ddof=1)) == 0.0:
        return (mean, mean)
    half = float(stats.t.ppf(0.5 + level / 2, data.size - 1)) * float(
        data.std(ddof=1)) / math.sqrt(data.size)
    return (mean - half, mean + half)


def median_interval(data: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """A percentile bootstrap interval of the median of *data* (fixed seed)."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    picks = rng.integers(0, data.size, size=(BOOTSTRAP, data.size))
    medians = np.median(data[picks], axis=1)
    low, high = np.percentile(medians, [50 - level * 50, 50 + level * 50])
    return (float(low), float(high))


def differences(results: Results, base: str = BASE) -> list[Difference]:
    """Each other cell minus *base*, paired by seed, for every metric both recorded."""
    if base not in results.values:
        return []
    found = []
    for cell in results.cells:
        if cell == base:
            continue
        for metric, by_seed in sorted(results.values[cell].items()):
            ref = results.values[base].get(metric, {})
            seeds = sorted(set(by_seed) & set(ref))
            if len(seeds) < 2:
                continue
            delta = np.array([by_seed[s] - ref[s] for s in seeds], dtype=float)
            found.append(Difference(cell, metric, len(seeds), float(delta.mean()),
                                    mean_interval(delta)))
    return found


def sensitivity(results: Results) -> list[Influence]:
    """For every metric and parameter, how strongly it moves the metric; strongest first.

    Parameters that move together in every cell (the paths of one linked parameter) are
    one parameter, named by their paths joined with `` + ``.
    """
    metrics = sorted({m for cell in results.values.values() for m in cell})
    found = []
    for names in _linked_groups(results):
        for metric in metrics:
            influence = _influence(results, metric, names[0])
            if influence is not None:
                found.append(dataclasses.replace(influence, parameter=" + ".join(names)))
    return sorted(found, key=lambda i: (i.metric, -i.score, i.parameter))


def _linked_groups(results: Results) -> list[list[str]]:
    """The parameters, those set in the same cells with the same ordering grouped."""
    names = sorted({p for params in results.parameters.values() for p in params})
    groups: dict[tuple[object, ...], list[str]] = {}
    for name in names:
        levels = [(c, results.parameters[c].get(name)) for c in results.cells
                  if name in results.parameters[c]]
        order = {v: i for i, v in enumerate(sorted({_key(v) for _, v in levels}))}
        signature = tuple((c, order[_key(v)]) for c, v in levels)
        groups.setdefault(signature, []).append(name)
    return list(groups.values())


def _influence(results: Results, metric: str, name: str) -> Influence | None:
    """Spearman's |rho| (numbers, dates) or eta (choices) of *name* on *metric*."""
    levels, outcomes, cells = [], [], 0
    for cell in results.cells:
        if name not in results.parameters[cell]:
            continue
        cells += 1
        for value in results.values[cell].get(metric, {}).values():
            levels.append(results.parameters[cell][name])
            outcomes.append(value)
    if cells < 2 or len(set(map(_key, levels))) < 2 or np.ptp(outcomes) == 0:
        return None
    numbers = [_number(v) for v in levels]
    if all(n is not None for n in numbers):
        rho = stats.spearmanr(numbers, outcomes).statistic
        return Influence(metric, name, abs(float(rho)), "spearman", cells)
    return Influence(metric, name, _eta([_key(v) for v in levels], outcomes), "eta", cells)


def _number(value: object) -> float | None:
    """A parameter's value as a number: numbers as they are, dates in hours, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).timestamp() / 3600.0
        except ValueError:
            return None
    return None


def _key(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _eta(groups: Sequence[str], outcomes: Sequence[float]) -> float:
    """The correlation ratio: the share of the outcome's spread between the groups."""
    data = np.array(outcomes, dtype=float)
    total = float(((data - data.mean()) ** 2).sum())
    between = 0.0
    for group in set(groups):
        member = np.array([o for g, o in zip(groups, outcomes, strict=True) if g == group])
        between += member.size * float((member.mean() - data.mean()) ** 2)
    return math.sqrt(between / total) if total > 0 else 0.0
