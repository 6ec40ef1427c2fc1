"""Where a batch's runs are computed: in this process, in a local process pool, or on Dask.

Every executor takes the cells' work (:class:`CellWork`: the scenario's content, its
digest and what to record) and an iterator of ``(cell, seed)`` tasks, drawn only as
workers free up (a local worker holds one queued behind the run it makes), and hands
each finished :class:`~engine.cellrun.RunResult` to *collect* in the order runs finish.
A run never raises (:func:`engine.cellrun.run_cell` turns its error into a failed
result), so an executor's only errors are its own.

- :class:`LocalExecutor`: *jobs* worker processes, each given every cell's scenario once
  when it starts and keeping it built (its world and territory) for all its runs. The
  workers ignore SIGINT: on Ctrl-C the parent terminates them and the runs in flight are
  lost, nothing else. A worker that dies is replaced; its run is stored as failed, and the
  task it held queued goes to another worker.
- :class:`DaskExecutor`: ``dask.distributed``, on the scheduler at *address* or on a
  local cluster of *jobs* worker processes on 127.0.0.1 (no dashboard). Each cell's work
  is scattered to every worker once; a task carries it by reference, never a path, so a
  remote worker needs only the ``salient`` package at the same engine version.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from engine.cellrun import Plan, RunResult, run_cell
from engine.parallel import sigint_held, stop_workers
from scenario.errors import SalientError
from scenario.models import Scenario

Task = tuple[str, int]
"""A run to make: (cell name, seed)."""
Collect = Callable[[RunResult], None]

QUEUED_PER_WORKER = 2
"""Tasks sent ahead to each local worker: the one it runs and the next (see _Worker)."""
IN_FLIGHT_PER_WORKER = 4
"""Dask tasks kept submitted per worker (more are submitted as these finish)."""


@dataclass(frozen=True)
class CellWork:
    """What a worker needs to run one cell: its scenario's content, digest and plan."""

    name: str
    digest: str
    scenario: Scenario
    plan: Plan

    def run(self, seed: int, time_limit: float | None) -> RunResult:
        """Run this cell from *seed* (see :func:`engine.cellrun.run_cell`)."""
        return run_cell(self.name, self.digest, self.scenario, seed, self.plan, time_limit)


class Executor(Protocol):
    """Runs tasks and hands each result to a callback (see the module)."""

    def run(self, work: Mapping[str, CellWork], tasks: Iterator[Task],
            time_limit: float | None, collect: Collect) -> None:
        """Run every task of *tasks*, calling *collect* with each result as it finishes."""


class LocalExecutor:
    """*jobs* processes on this machine (with 1, the runs are made in this process)."""

    def __init__(self, jobs: int = 1) -> None:
        if jobs < 1:
            raise SalientError(f"{jobs} jobs asked for; give 1 or more")
        self.jobs = jobs

    def run(self, work: Mapping[str, CellWork], tasks: Iterator[Task],
            time_limit: float | None, collect: Collect) -> None:
        """Run *tasks* in this process (1 job) or in a pool (see the module)."""
        if self.jobs == 1:
            warmed: set[str] = set()
            try:
                for cell, seed in tasks:
                    collect(work[cell].run(seed, time_limit))
                    settle(cell, warmed)
            finally:
                gc.unfreeze()
            return
        pool: list[_Worker] = []
        try:
            with sigint_held():
                pool.extend(_Worker.start(work, time_limit) for _ in range(self.jobs))
            _dispatch(pool, work, tasks, time_limit, collect)
        finally:
            with sigint_held():
                stop_workers(pool)


@dataclass
class _Worker:
    """One worker process, the parent's end of its pipe, and the tasks sent to it.

    A worker holds up to :data:`QUEUED_PER_WORKER` tasks, answered in the order sent: the
    first is the one it is running, the next waits in its pipe, so it starts the next run
    the moment it sends a result instead of waiting for the parent to store it.
    """

    process: BaseProcess
    conn: Connection
    tasks: deque[Task] = field(default_factory=deque)

    @classmethod
    def start(cls, work: Mapping[str, CellWork], time_limit: float | None) -> _Worker:
        """Start a process that runs each task it is sent."""
        parent, child = multiprocessing.Pipe()
        process = multiprocessing.Process(target=_serve, args=(child, dict(work), time_limit),
                                          daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def died(self) -> RunResult | None:
        """The failed result of the run this dead worker was making, if it was making one.

        The tasks queued behind it never started; they stay in :attr:`tasks`.
        """
        self.process.join(0.5)
        if not self.tasks:
            return None
        cell, seed = self.tasks.popleft()
        return RunResult(cell, seed, "failed",
                         f"the worker process (pid {self.process.pid}) stopped with exit "
                         f"code {self.process.exitcode} during this run", 0.0,
                         f"pid {self.process.pid}")


def _serve(conn: Connection, work: dict[str, CellWork], time_limit: float | None) -> None:
    """A worker's life: ignore SIGINT, then run each task until the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    warmed: set[str] = set()
    with contextlib.suppress(EOFError, OSError):  # the parent has gone
        while True:
            cell, seed = conn.recv()
            conn.send(work[cell].run(seed, time_limit))
            settle(cell, warmed)


def settle(cell: str, warmed: set[str]) -> None:
    """After a cell's first run, freeze what has been made so far out of the collector's sight.

    The scenario, its world and what the first run cached live as long as the process;
    a full collection walked them every few runs (about a tenth of a Kursk run's time).
    Frozen objects are still freed by reference counting; only cycles among them stay.
    """
    if cell not in warmed:
        warmed.add(cell)
        gc.freeze()


def _dispatch(pool: list[_Worker], work: Mapping[str, CellWork], tasks: Iterator[Task],
              time_limit: float | None, collect: Collect) -> None:
    """Keep every worker's queue full with the next tasks until all are collected."""
    unstarted: deque[Task] = deque()
    """Tasks a dead worker held queued, never started: handed out again first."""

    def top_up(worker: _Worker) -> None:
        while len(worker.tasks) < QUEUED_PER_WORKER:
            task = unstarted.popleft() if unstarted else next(tasks, None)
            if task is None:
                return
            worker.tasks.append(task)
            with contextlib.suppress(OSError):  # a dead worker: its sentinel says so
                worker.conn.send(task)

    def replace(i: int) -> None:
        unstarted.extend(_replace(pool, i, work, time_limit, collect))
        top_up(pool[i])

    for worker in pool:
        top_up(worker)
    while any(w.tasks for w in pool):
        busy = [w for w in pool if w.tasks]
        ready = set(wait([*(w.conn for w in busy), *(w.process.sentinel for w in busy)]))
        for i, worker in enumerate(pool):
            if not worker.tasks:
                continue
            if worker.conn in ready:
                try:
                    result: RunResult = worker.conn.recv()
                except (EOFError, OSError):
                    replace(i)
                else:
                    worker.tasks.popleft()
                    top_up(worker)  # before storing: the worker runs on meanwhile
                    collect(result)
            elif worker.process.sentinel in ready:
                replace(i)


def _replace(pool: list[_Worker], i: int, work: Mapping[str, CellWork],
             time_limit: float | None, collect: Collect) -> deque[Task]:
    """Store the run dead worker *i* was making as failed and start a worker in its place.

    Returns the tasks it held queued, which never started.
    """
    dead = pool[i]
    lost = dead.died()
    stop_workers([dead])
    if lost is not None:
        collect(lost)
    with sigint_held():
        pool[i] = _Worker.start(work, time_limit)
    return dead.tasks


_WARMED_ON_DASK: set[str] = set()
"""The cells (by digest) this Dask worker process has run once (see :func:`settle`)."""


def _run_on_worker(work: CellWork, seed: int, time_limit: float | None) -> RunResult:
    """A Dask task: one run of *work* from *seed*."""
    result = work.run(seed, time_limit)
    settle(work.digest, _WARMED_ON_DASK)
    return result


class DaskExecutor:
    """``dask.distributed`` on the scheduler at *address*, or on a local cluster."""

    def __init__(self, address: str | None = None, jobs: int = 1) -> None:
        if address is not None and not address.startswith(("tcp://", "tls://", "inproc://")):
            raise SalientError(f"--address {address!r}: give the scheduler's address, "
                               "e.g. tcp://10.0.0.5:8786")
        self.address = address
        self.jobs = jobs

    def run(self, work: Mapping[str, CellWork], tasks: Iterator[Task],
            time_limit: float | None, collect: Collect) -> None:
        """Run *tasks* on the cluster (see the module); Ctrl-C cancels what is pending."""
        with self._client() as client:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            shared = {name: client.scatter(cell, broadcast=True)
                      for name, cell in work.items()}
            _submit_all(client, shared, tasks, time_limit, collect,
                        workers * IN_FLIGHT_PER_WORKER)

    @contextlib.contextmanager
    def _client(self) -> Iterator[Any]:
        dist = _distributed()
        if self.address is not None:
            try:
                client = dist.Client(self.address, timeout=10)
            except (OSError, TimeoutError) as exc:
                raise SalientError(f"cannot reach the Dask scheduler at {self.address}: "
                                   f"{exc}") from None
            try:
                yield client
            finally:
                client.close()
            return
        cluster = local_cluster(self.jobs)
        try:
            with dist.Client(cluster) as client:
                yield client
        finally:
            with sigint_held():
                cluster.close()


def local_cluster(workers: int) -> Any:
    """A running Dask ``LocalCluster``: *workers* processes of one thread on 127.0.0.1.

    No dashboard; the scheduler's small HTTP server (health checks) listens on a free
    port of 127.0.0.1. Its processes ignore SIGINT: a terminal's Ctrl-C reaches only this
    process, which closes the cluster. Its logs below errors are silenced: cancelling the
    runs in flight on Ctrl-C is expected, and its warnings would bury the one line
    ``salient: interrupted``.
    """
    dist = _distributed()
    with _sigint_ignored():
        return dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                 host="127.0.0.1", dashboard_address=None,
                                 silence_logs=logging.ERROR,
                                 scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT in this process for the block (in the main thread; else nothing).

    Processes started in the block ignore it from their start, so a terminal's Ctrl-C
    reaches only the parent, which stops them.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _distributed() -> Any:
    """The ``distributed`` module (untyped, so handled as Any).

    Raises:
        SalientError: it is not installed.
    """
    try:
        return importlib.import_module("distributed")
    except ImportError:  # pragma: no cover - a dependency of the package
        raise SalientError("the dask executor needs dask[distributed] installed") from None


def _submit_all(client: Any, shared: Mapping[str, Any], tasks: Iterator[Task],
                time_limit: float | None, collect: Collect, window: int) -> None:
    """Keep *window* tasks submitted, collecting each as it completes."""
    as_completed = _distributed().as_completed

    def submit() -> Any | None:
        task = next(tasks, None)
        if task is None:
            return None
        cell, seed = task
        return client.submit(_run_on_worker, shared[cell], seed, time_limit, pure=False)

    first = [f for f in (submit() for _ in range(window)) if f is not None]
    if not first:
        return
    pending = as_completed(first)
    try:
        for future in pending:
            collect(future.result())
            future.release()
            following = submit()
            if following is not None:
                pending.add(following)
    finally:
        with contextlib.suppress(Exception):
            client.cancel(list(pending.futures))
