"""Reading input files safely: regular files only, never more than a hard byte limit.

Every file Salient reads from a user (a scenario, an included rules file, and later a saved
game or an experiment file) comes in through :func:`read_input`. It opens the path without
blocking (a FIFO with no writer would otherwise hang the open for ever), refuses anything that
is not a regular file (a folder, a FIFO, a device such as ``/dev/zero``, a socket), and reads
at most *limit* bytes whatever ``st_size`` says. Bad names (a NUL byte, a name longer than the
system allows, a symlink loop) become clean errors too: every refusal is a
:class:`~scenario.errors.ScenarioError` naming the file, never an ``OSError``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from scenario.errors import ScenarioError

MAX_BYTES = 5 * 1024 * 1024
"""Largest scenario or rules file read, in bytes."""

_CHUNK = 1024 * 1024
_SPLIT = "split the rules into an included file, or remove what is not needed"

_NOT_REGULAR = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)

_OPEN_ERRORS = {
    errno.ENOENT: ("no such file", None),
    errno.ELOOP: ("a symlink loop: the name never leads to a file",
                  "point the symlink at a real file"),
    errno.ENAMETOOLONG: ("the name is longer than this system allows",
                         "use a shorter file name"),
    errno.EACCES: ("permission denied", "check the file's permissions"),
    errno.ENOTDIR: ("a part of the path is not a folder", None),
}


def read_input(path: Path, display: str, limit: int = MAX_BYTES) -> bytes:
    """Return the bytes of the regular file at *path*, at most *limit* of them.

    *display* is how the file is named in messages.

    Raises:
        ScenarioError: the path is not a regular file, cannot be opened or read, or holds
            more than *limit* bytes.
    """
    fd = _open(path, display)
    try:
        info = os.fstat(fd)
        _require_regular(info, display)
        if info.st_size > limit:
            raise ScenarioError.single(
                display, f"file is {info.st_size:,} bytes; the limit is {limit:,}", _SPLIT)
        return _read_limited(fd, display, limit)
    except OSError as exc:
        raise ScenarioError.single(display, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)


def _open(path: Path, display: str) -> int:
    """Open *path* for reading without blocking on a FIFO or becoming its terminal."""
    if "\0" in str(path):
        raise ScenarioError.single(display, "the file name holds a NUL byte",
                                   "remove the control character from the name")
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        return os.open(path, flags)
    except OSError as exc:
        message, hint = _OPEN_ERRORS.get(exc.errno or 0, (f"cannot open: {exc.strerror}", None))
        raise ScenarioError.single(display, message, hint) from None


def _require_regular(info: os.stat_result, display: str) -> None:
    for test, message in _NOT_REGULAR:
        if test(info.st_mode):
            raise ScenarioError.single(display, message, "name a YAML file")
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError.single(display, "is not a regular file", "name a YAML file")


def _read_limited(fd: int, display: str, limit: int) -> bytes:
    """Read up to *limit* bytes from *fd*; refuse the file if there is more."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise ScenarioError.single(display, f"file holds more than {limit:,} bytes, the limit",
                               _SPLIT)
