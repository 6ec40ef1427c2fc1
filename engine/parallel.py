"""Many seeds in worker processes, stopped cleanly by Ctrl-C, an error or a dead worker.

:func:`run_parallel` cuts a range of seeds into small chunks (smaller towards the end)
and hands them, one at a time, to at most *jobs* worker processes, so no list of seeds or
pile of tasks is built up front. The workers ignore SIGINT: whether Ctrl-C reaches the
whole process group or the parent alone, only the parent acts on it, and on that (or on
any other exception) it terminates every worker and waits for them before the exception
goes on. A worker that dies is an error, not a hang.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Protocol, TypeVar, cast

from scenario.errors import SalientError

R = TypeVar("R")

MAX_CHUNK = 16
"""The most seeds handed to a worker at a time."""

_STOP_SECONDS = 2.0
"""How long a terminated worker gets to exit before it is killed."""


def available_cpus() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunk_size(runs: int, jobs: int) -> int:
    """Seeds per chunk: small enough to keep *jobs* workers busy to the end of *runs*."""
    return max(1, min(MAX_CHUNK, runs // (jobs * 4)))


def chunks(seeds: range, jobs: int) -> Iterator[range]:
    """*seeds* in consecutive ranges, made as they are needed.

    Each is :func:`chunk_size` of the seeds still left, so the chunks shrink towards the
    end (down to one seed) and the workers finish close together: with fixed chunks of 16
    Kursk seeds, one worker could stand idle for a whole chunk (about 0.35 s) at the end.
    """
    start = 0
    while start < len(seeds):
        size = chunk_size(len(seeds) - start, jobs)
        yield seeds[start:start + size]
        start += size


def run_parallel(work: Callable[[range], R], seeds: range, jobs: int,
                 collect: Callable[[R], None]) -> None:
    """Call ``collect(work(chunk))`` for chunks of *seeds*, computed in *jobs* processes.

    Chunks are collected in the order they finish. With *jobs* 1 everything runs in this
    process. *work* must be picklable where processes are spawned rather than forked.

    Raises:
        SalientError: *jobs* is not 1 to :func:`available_cpus`; *work* raised one; or a
            worker process died.
        RuntimeError: *work* raised another exception (its traceback is in the message).
    """
    cpus = available_cpus()
    if not 1 <= jobs <= cpus:
        raise SalientError(f"{jobs} jobs asked for; this machine lets Salient use 1 to "
                           f"{cpus}")
    pending = chunks(seeds, jobs)
    if jobs == 1:
        for chunk in pending:
            collect(work(chunk))
        return
    wanted = min(jobs, -(-len(seeds) // chunk_size(len(seeds), jobs)))  # no idle workers
    workers: list[_Worker[R]] = []
    try:
        with sigint_held():
            for _ in range(wanted):
                workers.append(_Worker.start(work))
        _dispatch(workers, pending, collect)
    finally:
        with sigint_held():
            stop_workers(workers)


@contextlib.contextmanager
def sigint_held() -> Iterator[None]:
    """Hold SIGINT back in this thread until the block ends (then it is delivered).

    A process started inside the block starts with SIGINT held too.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass
class _Worker(Generic[R]):
    """One worker process and the parent's end of its pipe."""

    process: BaseProcess
    conn: Connection

    @classmethod
    def start(cls, work: Callable[[range], R]) -> _Worker[R]:
        """Start a process that runs *work* on each chunk it is sent."""
        parent, child = multiprocessing.Pipe()
        process = multiprocessing.Process(target=_serve, args=(child, work), daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def give(self, chunk: range) -> None:
        """Send *chunk* to the worker.

        Raises:
            SalientError: the worker has died.
        """
        try:
            self.conn.send(chunk)
        except OSError:
            raise self.died() from None

    def result(self) -> R:
        """The worker's answer for the chunk it was given.

        Raises:
            SalientError: the worker has died, or *work* raised a SalientError.
            RuntimeError: *work* raised another exception.
        """
        try:
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            raise self.died() from None
        if status == "salient":
            raise SalientError(payload)
        if status == "bug":
            raise RuntimeError(f"a worker process failed:\n{payload}")
        return cast(R, payload)

    def died(self) -> SalientError:
        """The error for a worker that stopped before it had finished."""
        self.process.join(0.5)
        return SalientError(f"a worker process (pid {self.process.pid}) stopped with exit "
                            f"code {self.process.exitcode} before finishing its seeds")


def _serve(conn: Connection, work: Callable[[range], Any]) -> None:
    """A worker's life: ignore SIGINT, then answer each chunk until the parent goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    with contextlib.suppress(EOFError, OSError):  # the parent has gone
        while True:
            conn.send(_attempt(work, conn.recv()))


def _attempt(work: Callable[[range], Any], chunk: range) -> tuple[str, Any]:
    """``("ok", result)``, or the error *work* raised, as text that always pickles."""
    try:
        return "ok", work(chunk)
    except SalientError as exc:
        return "salient", str(exc)
    except Exception:
        return "bug", traceback.format_exc()


def _dispatch(workers: list[_Worker[R]], pending: Iterator[range],
              collect: Callable[[R], None]) -> None:
    """Keep every worker busy with the next chunk until all are collected."""
    busy: dict[Connection, _Worker[R]] = {}

    def hand_out(worker: _Worker[R]) -> None:
        chunk = next(pending, None)
        if chunk is not None:
            worker.give(chunk)
            busy[worker.conn] = worker

    for worker in workers:
        hand_out(worker)
    while busy:
        ready = wait([*busy, *(w.process.sentinel for w in busy.values())])
        for conn in [c for c in busy if c in ready]:
            worker = busy.pop(conn)
            collect(worker.result())
            hand_out(worker)
        for worker in busy.values():
            if worker.process.sentinel in ready:
                raise worker.died()


class Stoppable(Protocol):
    """A worker process and the parent's end of its pipe."""

    @property
    def process(self) -> BaseProcess:
        """The worker's process."""

    @property
    def conn(self) -> Connection:
        """The parent's end of the worker's pipe."""


def stop_workers(workers: Iterable[Stoppable]) -> None:
    """Terminate every worker (killing any that lingers) and wait for each."""
    workers = list(workers)
    for worker in workers:
        if worker.process.is_alive():
            worker.process.terminate()
    for worker in workers:
        worker.process.join(_STOP_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
