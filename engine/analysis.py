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

from engine.store import Band, Store
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
    errors: Mapping[str, Mapping[str, int]] = dataclasses.field(default_factory=dict)
    """cell -> the first line of a failed run's error -> how many runs failed so."""
    bands: tuple[Band, ...] = ()
    """The base scenario's banded claims, as the store keeps them (older stores: none)."""


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
    """NaN to NaN for a single run: one value gives no interval."""
    median_ci: tuple[float, float]
    low: float = math.nan
    """The smallest value."""
    high: float = math.nan
    """The largest value."""

    @property
    def constant(self) -> bool:
        """True if every run gave the same value."""
        return self.low == self.high


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
    errors: dict[str, dict[str, int]] = {name: {} for name, _ in cells}
    run_cell: dict[int, tuple[str, int]] = {}
    for run, cell, seed, status, final, error in db.execute(
            "SELECT id, cell, seed, status, final, error FROM runs"):
        if status != "done":
            failed[cell] += 1
            first = (str(error or "").splitlines() or ["(no error kept)"])[0]
            errors[cell][first] = errors[cell].get(first, 0) + 1
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
                   series, errors, _bands(db))


def _bands(db: sqlite3.Connection) -> tuple[Band, ...]:
    """The banded claims the store keeps (a store made before they were kept: none)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bands'"
                  ).fetchone() is None:
        return ()
    return tuple(Band(str(claim), str(metric), float(hours), float(low), float(high),
                      str(date)) for claim, metric, hours, low, high, date in db.execute(
        "SELECT claim, metric, hours, low, high, date FROM bands ORDER BY hours, claim"))


def summaries(results: Results) -> list[Summary]:
    """Every metric of every cell, summarised (one run: its value, with no interval)."""
    found = []
    for cell in results.cells:
        for metric, by_seed in sorted(results.values[cell].items()):
            data = np.array([by_seed[s] for s in sorted(by_seed)], dtype=float)
            if data.size >= 1:
                found.append(summary(cell, metric, data))
    return found


def summary(cell: str, metric: str, data: np.ndarray) -> Summary:
    """The summary of *data*, the values of *metric* over *cell*'s runs."""
    p10, median, p90 = np.percentile(data, [10, 50, 90])
    return Summary(cell, metric, int(data.size), float(data.mean()), float(median),
                   float(p10), float(p90), mean_interval(data), median_interval(data),
                   float(data.min()), float(data.max()))


def mean_interval(data: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The Student's t interval of the mean of *data* (NaN to NaN for a single value)."""
    if data.size < 2:
        return (math.nan, math.nan)
    mean = float(data.mean())
    if float(data.std(ddof=1)) == 0.0:
        return (mean, mean)
    half = float(stats.t.ppf(0.5 + level / 2, data.size - 1)) * float(
        data.std(ddof=1)) / math.sqrt(data.size)
    return (mean - half, mean + half)


def median_interval(data: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """A percentile bootstrap interval of the median of *data* (fixed seed).

    NaN to NaN for a single value, which a bootstrap cannot spread.
    """
    if data.size < 2:
        return (math.nan, math.nan)
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
            if not seeds:
                continue
            delta = np.array([by_seed[s] - ref[s] for s in seeds], dtype=float)
            found.append(Difference(cell, metric, len(seeds), float(delta.mean()),
                                    mean_interval(delta)))
    return found


@dataclass(frozen=True)
class Factor:
    """One parameter varied over a set of cells: a sweep, or one parameter of a design.

    The cells are those that change exactly the same paths (a sweep's cells, a design's
    points, or variants that set the same fields), so no cell of another sweep or design
    is pooled with them.
    """

    paths: tuple[str, ...]
    """The paths moved together (one, or the paths of a linked parameter)."""
    cells: tuple[str, ...]
    alone: bool
    """True if nothing else varies over these cells (a sweep), False in a design."""

    @property
    def name(self) -> str:
        """The paths joined with `` + ``."""
        return " + ".join(self.paths)


def factors(results: Results) -> list[Factor]:
    """Every parameter that takes two levels or more over the cells that vary it.

    A sweep's parameter over the sweep's cells, a design's over the design's cells.
    """
    by_paths: dict[frozenset[str], list[str]] = {}
    for cell in results.cells:
        if results.parameters[cell]:
            by_paths.setdefault(frozenset(results.parameters[cell]), []).append(cell)
    found = []
    for paths, cells in by_paths.items():
        groups = [g for g in _linked_groups(results, cells, sorted(paths))
                  if len({_key(results.parameters[c][g[0]]) for c in cells}) > 1]
        found += [Factor(tuple(g), tuple(cells), len(groups) == 1) for g in groups]
    return found


def sensitivity(results: Results) -> list[Influence]:
    """For every metric and parameter, how strongly it moves the metric; strongest first.

    Each :class:`Factor` is scored over its own cells' runs. Paths that move together in
    every one of those cells (the paths of one linked parameter) are one parameter, named
    by their paths joined with `` + ``; a parameter varied in two places (a sweep and a
    design) is named with ``(varied alone)`` or ``(in a design)`` after it.
    """
    metrics = sorted({m for cell in results.values.values() for m in cell})
    made = factors(results)
    names = [f.name for f in made]
    found = []
    for factor in made:
        label = factor.name if names.count(factor.name) == 1 else (
            f"{factor.name} ({'varied alone' if factor.alone else 'in a design'})")
        for metric in metrics:
            influence = _influence(results, metric, factor)
            if influence is not None:
                found.append(dataclasses.replace(influence, parameter=label))
    return sorted(found, key=lambda i: (i.metric, -i.score, i.parameter))


def _linked_groups(results: Results, cells: Sequence[str], paths: Sequence[str]
                   ) -> list[list[str]]:
    """*paths* over *cells*, those whose values rank the cells in the same order grouped."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for path in paths:
        levels = [results.parameters[c][path] for c in cells]
        order = {k: i for i, k in enumerate(sorted({_rank_key(v) for v in levels}))}
        groups.setdefault(tuple(order[_rank_key(v)] for v in levels), []).append(path)
    return list(groups.values())


def _rank_key(value: object) -> tuple[float, str]:
    """A sort key for a parameter's value: numbers and dates by size, others by text."""
    number = _number(value)
    return (number, "") if number is not None else (math.inf, _key(value))


def _influence(results: Results, metric: str, factor: Factor) -> Influence | None:
    """Spearman's |rho| (numbers, dates) or eta (choices) of *factor* on *metric*."""
    levels, outcomes = [], []
    name = factor.paths[0]
    for cell in factor.cells:
        for value in results.values[cell].get(metric, {}).values():
            levels.append(results.parameters[cell][name])
            outcomes.append(value)
    if len(set(map(_key, levels))) < 2 or np.ptp(outcomes) == 0:
        return None
    cells = len(factor.cells)
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
