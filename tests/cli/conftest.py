"""Fixtures for the command-line tests: device nodes and FIFOs made in tmp_path.

Tests never touch the machine's own /dev/null or /dev/full (CI runs as root, where a bug
could replace them): they make their own nodes with the same device numbers.
"""

from __future__ import annotations

import os
import select
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

NULL_MINOR = 3
"""``/dev/null`` is character device 1, 3."""
FULL_MINOR = 7
"""``/dev/full`` is character device 1, 7: every write fails with ENOSPC."""
ZERO_MINOR = 5
"""``/dev/zero`` is character device 1, 5: reads never end."""


def make_device(path: Path, minor: int) -> Path:
    """A character device node 1:*minor* at *path*; skip the test where none can be made."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc.strerror}")
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:
        pytest.skip(f"device nodes cannot be opened here (a nodev mount?): {exc.strerror}")
    return path


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A node for the null device in tmp_path."""
    return make_device(tmp_path / "null", NULL_MINOR)


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A node for the full device in tmp_path."""
    return make_device(tmp_path / "full", FULL_MINOR)


class FifoReader:
    """A FIFO with a thread reading everything written to it, by any number of writers."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self._fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a reader, from now on
        self._chunks: list[bytes] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while True:
            select.select([self._fd], [], [], 0.05)
            try:
                data = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                continue
            if data:
                self._chunks.append(data)
            elif self._done.is_set():
                return
            else:
                time.sleep(0.01)  # no writer at the moment

    def finish(self) -> bytes:
        """Everything read, once the writers are done."""
        self._done.set()
        self._thread.join(10)
        os.close(self._fd)
        return b"".join(self._chunks)


@pytest.fixture
def fifo_reader(tmp_path: Path) -> Iterator[Callable[[str], FifoReader]]:
    """Make FIFOs in tmp_path, each with a reader; all are finished at the end."""
    readers: list[FifoReader] = []

    def make(name: str) -> FifoReader:
        readers.append(FifoReader(tmp_path / name))
        return readers[-1]

    yield make
    for reader in readers:
        if not reader._done.is_set():
            reader.finish()
