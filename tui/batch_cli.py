"""``salient batch`` and ``salient export``: a batch with a progress bar, and its export.

The runner (:mod:`engine.batch`) reports each finished run through a callback; this
module draws it with rich on standard error: the bar, runs done of all, runs per second,
the time left and the runs failed so far.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from engine.batch import BatchSummary
from engine.batch import Progress as ProgressCallback
from scenario.errors import SalientError


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressCallback]:
    """A progress bar on standard error, and the callback that moves it.

    The bar shows from the first run on, so an error before any run is the only output.
    """
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TaskProgressColumn(), TextColumn("{task.fields[rate]} runs/s"),
                   TextColumn("{task.fields[failed]} failed"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=False)
    task = bar.add_task(description, total=None, rate="-", failed=0)
    first: list[tuple[int, float]] = []

    def update(done: int, total: int, failed: int, elapsed: float) -> None:
        if not first:  # runs skipped on resume count neither for the rate nor the time left
            with ctrl_c_held():
                first.append((done - 1, 0.0))
                bar.start()
            bar.reset(task, completed=done - 1, total=total)
        made, since = done - first[0][0], elapsed - first[0][1]
        rate = f"{made / since:.1f}" if since > 0 else "-"
        bar.update(task, completed=done, total=total, rate=rate, failed=failed)

    try:
        yield update
    finally:
        if first:
            with ctrl_c_held():
                bar.stop()


@contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C until the block has run, then raise it (``KeyboardInterrupt``).

    Rich's live display is not safe against an interrupt in the middle of starting or
    stopping (it is left half set up and then fails to stop); the bar goes through those
    steps inside this block. Off the main thread, where no signal arrives, it does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def summary_line(summary: BatchSummary) -> str:
    """One line saying what the batch did and where it is."""
    made = summary.done + summary.failed
    rate = made / summary.wall_s if summary.wall_s > 0 else 0.0
    skipped = f", {summary.skipped} already done" if summary.skipped else ""
    failed = f" ({summary.failed} failed: see the runs table's error column)" \
        if summary.failed else ""
    return (f"stored {made} runs{failed} in {summary.path}{skipped}; "
            f"{summary.skipped + made} of {summary.total} are there "
            f"({rate:.1f} runs/s over {summary.wall_s:.1f} s)")


def export_folder(out: Path, purpose: str = "export into") -> Path:
    """*out*, made if missing (its parent must exist): a folder to write files into.

    *purpose* ends the message when *out* is something else ("give a folder to ...").

    Raises:
        SalientError: it is not a folder, or cannot be made.
    """
    if out.exists() and not out.is_dir():
        raise SalientError(f"{str(out)!r} is not a folder; give a folder to {purpose}")
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise SalientError(f"{str(out)!r}: cannot make the folder "
                           f"({exc.strerror or exc})") from None
    return out


def said(paths: Sequence[Path]) -> str:
    """``wrote a and b``."""
    return "wrote " + " and ".join(str(p) for p in paths)


def interrupted(out: Path) -> None:
    """Say, on Ctrl-C, that the store holds what finished and how to go on."""
    print(f"salient: the store {out} keeps every run that finished; go on with the same "
          "command and --resume", file=sys.stderr)
