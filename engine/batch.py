"""Batches: every cell of an experiment run over the same seeds, into a results store.

A :class:`Cell` is one fully resolved scenario (a variant, a point of a sweep) with a
name and the parameters it changed. :func:`run_batch` runs ``runs`` seeds of every cell
with common random numbers (run *i* of every cell uses seed *i*, so differences between
cells are paired), on an executor (:mod:`engine.executors`: this process, a local pool
or Dask), and stores each finished run in its own transaction (:mod:`engine.store`).

Resuming (``resume=True``) opens the store, refuses it if the cells' scenarios or the
engine version differ from those it was made with, skips every run stored as done and
runs again those stored as failed (a time limit or a lost worker may not recur; a run
that fails for good fails again at little cost and keeps its error).

:func:`scenario_cells` makes the cells of a scenario file alone: the base and its own
variants.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from engine import ground
from engine.calibrate import METRIC_OF_CLAIM, banded, checkpoint
from engine.cellrun import CLAIM_PREFIX, RunResult, make_plan
from engine.executors import CellWork, DaskExecutor, Executor, LocalExecutor, Task
from engine.store import Band, CellRecord, Store
from scenario.errors import SalientError
from scenario.loader import digest
from scenario.models import Scenario

BASE = "base"
"""The name of the cell that changes nothing."""

Progress = Callable[[int, int, int, float], None]
"""Called after each run: (runs done, runs in all, runs failed, seconds elapsed)."""


@dataclass(frozen=True)
class Cell:
    """One cell of a batch: a fully resolved scenario and what it changed."""

    name: str
    """Unique in the batch: ``base``, ``convoys_early``, ..."""
    parameters: Mapping[str, object]
    """What the cell changed (``{}`` for the base)."""
    scenario: Scenario
    """Fully resolved (any variant already applied: runs take no variant)."""


class CellLike(Protocol):
    """What the runner reads of a cell: :class:`Cell`, or an experiment's own cell."""

    @property
    def name(self) -> str:
        """Unique in the batch."""

    @property
    def parameters(self) -> Mapping[str, object]:
        """What the cell changed (stored as JSON; values that are not JSON as text)."""

    @property
    def scenario(self) -> Scenario:
        """Fully resolved."""


@dataclass(frozen=True)
class BatchSummary:
    """What a call of :func:`run_batch` did."""

    path: Path
    total: int
    """Runs in the batch (cells times seeds)."""
    skipped: int
    """Runs already stored as done (on resume)."""
    done: int
    """Runs made and stored as done now."""
    failed: int
    """Runs made and stored as failed now."""
    wall_s: float


def scenario_cells(scenario: Scenario, variants: Sequence[str] = ()) -> list[Cell]:
    """The base of *scenario* and each of *variants* (none named: all its own variants).

    Raises:
        VariantError: a named variant is unknown or makes the scenario invalid.
        SalientError: a variant is named twice.
    """
    names = list(variants) or [v.id for v in scenario.variants]
    if len(set(names)) != len(names):
        raise SalientError(f"a variant is named twice: {', '.join(names)}")
    if BASE in names:
        raise SalientError(f"a variant named {BASE!r} would take the base's name")
    return [Cell(BASE, {}, scenario)] + [
        Cell(name, {"variant": name}, ground.variant(scenario, name)) for name in names]


def claim_bands(scenario: Scenario) -> tuple[Band, ...]:
    """The banded claims of *scenario*, each with the recorded metric a chart draws it on.

    A claim about a run metric (ground, depth, losses) is drawn on that metric of the side
    it is about (``ground_km2.ua``); any other (a place held, a convoy's vehicles) on its
    own recorded figure, ``claim.<id>``.
    """
    found = []
    for claim in banded(scenario):
        name = METRIC_OF_CLAIM.get(claim.metric)
        metric = f"{name}.{claim.about}" if name else CLAIM_PREFIX + claim.id
        low, high = claim.band or (0.0, 0.0)
        found.append(Band(claim.id, metric, checkpoint(scenario, claim), float(low),
                          float(high), claim.date.isoformat()))
    return tuple(found)


def make_executor(kind: str, jobs: int = 1, address: str | None = None) -> Executor:
    """The executor *kind* names: ``local`` (*jobs* processes) or ``dask``.

    Raises:
        SalientError: an unknown kind, or an address given for the local executor.
    """
    if kind == "local":
        if address is not None:
            raise SalientError("--address goes with --executor dask")
        return LocalExecutor(jobs)
    if kind == "dask":
        return DaskExecutor(address, jobs)
    raise SalientError(f"unknown executor {kind!r}; give local or dask")


def run_batch(cells: Sequence[CellLike], runs: int, out: Path, *,
              metrics: Sequence[str] | None = None,
              times: Sequence[float | dt.datetime] | None = None, text: str = "",
              resume: bool = False, executor: Executor | None = None,
              time_limit: float | None = None,
              progress: Progress | None = None) -> BatchSummary:
    """Run seeds ``0 .. runs-1`` of every cell into the store at *out*.

    *metrics* and *times* say what to record (None: the default recording of
    :func:`engine.cellrun.make_plan`); *text* is the experiment's text, kept in the
    store. A run that raises or passes *time_limit* seconds is stored as failed and
    the batch goes on. Ctrl-C (``KeyboardInterrupt``) stops it with every finished run
    stored. A new store in which no run was stored when the executor failed (a cluster
    out of reach) or was interrupted is removed, so the same command can be given again.

    Raises:
        SalientError: no cells, names that repeat, *runs* below 1, a bad time limit or
            recording; a store that cannot be made, or resumed (see :mod:`engine.store`).
    """
    _check(cells, runs, time_limit)
    started = time.perf_counter()
    work = {c.name: CellWork(c.name, digest(c.scenario), c.scenario,
                             make_plan(c.scenario, metrics, times)) for c in cells}
    records = [CellRecord(c.name, c.parameters, work[c.name].digest) for c in cells]
    store = (Store.resume(out, records) if resume
             else Store.create(out, records, text, claim_bands(cells[0].scenario)))
    finished = store.done()
    total = len(cells) * runs
    counts = _Counts(len(finished), total, started, progress)
    try:
        (executor or LocalExecutor()).run(work, _tasks(cells, runs, finished), time_limit,
                                          lambda result: counts.add(store, result))
    except BaseException:
        if not resume and counts.done + counts.failed == 0:
            store.discard()  # nothing ran (no cluster, Ctrl-C at once): leave no store
        else:
            store.close()
        raise
    store.close()
    return BatchSummary(out, total, len(finished), counts.done, counts.failed,
                        time.perf_counter() - started)


def _check(cells: Sequence[CellLike], runs: int, time_limit: float | None) -> None:
    if not cells:
        raise SalientError("a batch needs at least one cell")
    names = [c.name for c in cells]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise SalientError(f"cell names must be unique; repeated: {', '.join(repeated)}")
    if runs < 1:
        raise SalientError(f"{runs} runs asked for; give 1 or more")
    if time_limit is not None and not time_limit > 0:
        raise SalientError(f"a time limit of {time_limit:g} s; give more than 0 seconds")


def _tasks(cells: Sequence[CellLike], runs: int, finished: set[tuple[str, int]]
           ) -> Iterator[Task]:
    """Seed by seed, every cell not yet done: run *i* of every cell comes together."""
    for seed in range(runs):
        for cell in cells:
            if (cell.name, seed) not in finished:
                yield cell.name, seed


@dataclass
class _Counts:
    """The runs done and failed so far, reported to the progress callback."""

    skipped: int
    total: int
    started: float
    progress: Progress | None
    done: int = 0
    failed: int = 0

    def add(self, store: Store, result: RunResult) -> None:
        store.add(result)
        if result.status == "done":
            self.done += 1
        else:
            self.failed += 1
        if self.progress is not None:
            self.progress(self.skipped + self.done + self.failed, self.total, self.failed,
                          time.perf_counter() - self.started)
