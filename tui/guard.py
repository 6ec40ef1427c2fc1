"""The edges of a command's process: standard output failing, and Ctrl-C.

:func:`guarded` runs a command so that

* a broken pipe on standard output (``salient run | head``) ends quietly with exit code
  141, as a pipeline expects of a program killed by SIGPIPE;
* any other error writing standard output (a full disk, EIO) is one line on stderr and
  exit code 2;
* Ctrl-C (SIGINT, a ``KeyboardInterrupt``) is the line "salient: interrupted" and exit
  code 130.

None of these prints a traceback, and none leaves the interpreter an unflushed buffer to
complain about at exit.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from scenario.outputs import reason

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

EXIT_STDOUT_FAILED = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, what a shell shows for a program stopped by Ctrl-C."""
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, what a shell shows for a program whose reader went away."""


class StdoutError(Exception):
    """Writing standard output failed (raised instead of ``OSError`` under :func:`guarded`).

    Not an ``OSError``, so code that handles the errors of its own files lets it pass.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(reason(error))
        self.errno = error.errno


def guarded(command: Callable[[], int]) -> int:
    """Run *command* and return its exit code, or the code for how it was stopped."""
    with _standard_streams(), _guarded_stdout() as raw:
        try:
            try:
                return command()
            finally:
                sys.stdout.flush()
        except StdoutError as exc:
            return _stdout_failed(exc, raw)
        except KeyboardInterrupt:
            return _interrupted()


def _stdout_failed(exc: StdoutError, raw: _GuardedStdout | None) -> int:
    """Drop what is left for standard output; report anything but a broken pipe."""
    if raw is not None:
        raw.discard()
    if exc.errno == errno.EPIPE:
        return EXIT_BROKEN_PIPE
    _say(f"salient: cannot write to standard output: {exc}")
    return EXIT_STDOUT_FAILED


def _interrupted() -> int:
    """Report Ctrl-C, holding off a second one while doing so."""
    if threading.current_thread() is not threading.main_thread():
        _say("salient: interrupted")
        return EXIT_INTERRUPTED
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _say("salient: interrupted")
    finally:
        signal.signal(signal.SIGINT, previous)
    return EXIT_INTERRUPTED


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


class _GuardedStdout(io.FileIO):
    """Standard output's file descriptor, raising :class:`StdoutError` when a write fails."""

    def __init__(self, fd: int) -> None:
        super().__init__(fd, "w", closefd=False)
        self.discarding = False

    def write(self, data: ReadableBuffer, /) -> int:
        """Write *data*, or drop it once :meth:`discard` was called."""
        if self.discarding:
            return memoryview(data).nbytes
        try:
            return super().write(data)
        except OSError as exc:
            raise StdoutError(exc) from None

    def discard(self) -> None:
        """Drop every later write, and point the descriptor at the null device.

        So that neither this stream nor any other holder of the descriptor (the original
        ``sys.stdout``, flushed by the interpreter at exit) fails again.
        """
        self.discarding = True
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.fileno())
            os.close(null)


@contextlib.contextmanager
def _standard_streams() -> Iterator[None]:
    """Stand in for standard streams the process was started without (``>&-``).

    A closed descriptor 0, 1 or 2 is held by the null device, so that no file the command
    opens takes its number: 1 is opened for reading only, so that every write to standard
    output fails (EBADF, "it is closed") as it would have. ``sys.stdin`` and ``sys.stderr``
    missing (None) read and write the null device for the block.
    """
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        _hold(fd, flags)
    stdin, stderr = sys.stdin, sys.stderr
    with contextlib.ExitStack() as stack:
        if stdin is None:
            sys.stdin = stack.enter_context(open(os.devnull, encoding="utf-8"))  # noqa: SIM115
        if stderr is None:
            sys.stderr = stack.enter_context(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        try:
            yield
        finally:
            sys.stdin, sys.stderr = stdin, stderr


def _hold(fd: int, flags: int) -> None:
    """Open the null device as *fd* (with *flags*) if *fd* is closed."""
    try:
        os.fstat(fd)
    except OSError as exc:
        if exc.errno != errno.EBADF:
            return
        null = os.open(os.devnull, flags | os.O_CLOEXEC)
        if null != fd:
            os.dup2(null, fd, inheritable=False)
            os.close(null)


@contextlib.contextmanager
def _guarded_stdout() -> Iterator[_GuardedStdout | None]:
    """Put a guarded stream in place of ``sys.stdout`` for the block, if it is the real one.

    Yields its raw layer, or None if ``sys.stdout`` was replaced already (under a test's
    capture, say) and is left alone. Characters its encoding cannot show (ASCII only,
    under ``PYTHONIOENCODING=ascii``) are written as backslash escapes, not an error.
    """
    original = sys.stdout
    fd = 1 if original is None and sys.__stdout__ is None else _real_fd(original)
    if fd is None:
        yield None
        return
    raw = _GuardedStdout(fd)
    encoding = original.encoding if original is not None else "utf-8"
    errors = original.errors if original is not None else "strict"
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=encoding,
        errors="backslashreplace" if errors in (None, "strict") else errors,
        line_buffering=bool(original is not None and original.line_buffering))
    try:
        yield raw
    finally:
        raw.discarding = True  # anything still buffered was reported already
        sys.stdout = original  # None, as it was, if it was closed


def _real_fd(stream: TextIO | None) -> int | None:
    """The file descriptor of *stream* if it is the process's own standard output."""
    if stream is not sys.__stdout__:
        return None
    if stream is None:
        return None
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError):
        return None
    return fd
