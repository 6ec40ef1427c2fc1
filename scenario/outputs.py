"""The one way Salient writes an output file: never clobbering what is at the path.

What happens depends on what the path names:

* ``"-"`` (the string) is standard output; ``Path("-")`` is a file named ``-``.
* A symbolic link is written through to the file it names; a dangling link creates
  that file.
* A character device (a terminal, ``/dev/null``) or a FIFO is opened and written, never
  replaced. A FIFO with no process reading it is an error, not a hang.
* A regular file, or nothing, is replaced atomically: the text goes to a temporary file
  in the same folder, is synced to disk, then renamed over the path. An existing file
  keeps its mode (a new one gets ``0o666`` less the umask) and stays intact if the write
  fails; the temporary file is removed.
* Anything else (a folder, a block device, a socket), a missing folder or a refused
  permission is an :class:`OutputError` naming the path.

Usage::

    write_text(path, text)
    with open_text(path) as out:
        out.write(...)
"""

from __future__ import annotations

import abc
import contextlib
import errno
import fcntl
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from scenario.errors import SalientError

STDOUT = "-"
"""The path that means standard output (as a ``str``; a ``Path("-")`` is a file)."""

OutputPath = str | os.PathLike[str]
"""Where an output goes: a path, or :data:`STDOUT`."""

_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENXIO: "it is a FIFO that no process is reading",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EBADF: "it is closed",
}


class OutputError(SalientError):
    """An output cannot be written; the message names the path and the reason."""


def write_text(path: OutputPath, text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* (see the module for what each kind of path does).

    Raises:
        OutputError: the path cannot be written; a file there is left as it was.
    """
    with open_text(path, encoding) as out:
        out.write(text)


def write_bytes(path: OutputPath, data: bytes) -> None:
    """Write *data* to *path* (see the module for what each kind of path does).

    Raises:
        OutputError: the path cannot be written; a file there is left as it was.
    """
    with open_binary(path) as out:
        out.write(data)


@contextlib.contextmanager
def open_text(path: OutputPath, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file to write *path* through; what was written counts only if the block ends.

    If the block raises, a regular file at *path* is left as it was. An ``OSError`` raised
    inside the block is reported as a failure to write *path*.

    Raises:
        OutputError: the path cannot be opened or written.
    """
    if _is_stdout(path):
        with _stdout_errors():
            yield sys.stdout
            sys.stdout.flush()
        return
    with open_binary(path) as binary:
        text = io.TextIOWrapper(binary, encoding=encoding)
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the binary file stays open for open_binary to finish


@contextlib.contextmanager
def open_binary(path: OutputPath) -> Iterator[BinaryIO]:
    """A binary file to write *path* through; what was written counts only if the block ends.

    Raises:
        OutputError: the path cannot be opened or written.
    """
    if _is_stdout(path):
        with _stdout_errors():
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        return
    target = _Target.of(_checked(path))
    sink = target.open()
    try:
        yield sink.file
        sink.commit()
    except OSError as exc:
        sink.abort()
        raise target.error(exc) from None
    except BaseException:
        sink.abort()
        raise


def check_output(path: OutputPath, inputs: Iterable[Path] = (), flag: str = "", *,
                 what: str = "a file the scenario is read from",
                 instead: str = "another file name") -> None:
    """Refuse, before any work is done, an output that cannot be written or is an input.

    *inputs* are the files the command reads (a scenario and its includes): *path* may
    name none of them, by any link or hard link. *flag* names the option in the message,
    which says that *path* "is *what*; give *instead*".

    Raises:
        OutputError: *path* is empty, in a missing folder, a folder or another kind of
            file that cannot be written, or one of *inputs*.
    """
    if _is_stdout(path):
        return
    target = _Target.of(_checked(path))
    refused = target.refusal()
    if refused is not None:
        raise target.error(refused)
    if target.mode is not None and any(_same_file(target.real, i) for i in inputs):
        raise OutputError(f"{flag + ' ' if flag else ''}{os.fspath(path)!r} is {what}; "
                          f"give {instead}")


def _same_file(a: Path, b: Path) -> bool:
    """True if *a* and *b* are one file (a link, a hard link or the same path)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _checked(path: OutputPath) -> Path:
    """*path* as a :class:`Path`, once it is known not to be empty (``Path("")`` is ".").

    Raises:
        OutputError: it is empty.
    """
    if not os.fspath(path):
        raise OutputError("an empty file name; give a file name, or - for standard output")
    return Path(path)


def _is_stdout(path: OutputPath) -> bool:
    return isinstance(path, str) and path == STDOUT


@contextlib.contextmanager
def _stdout_errors() -> Iterator[None]:
    """Turn an ``OSError`` on standard output into an :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {reason(exc)}") from None


def reason(exc: OSError) -> str:
    """Why *exc* happened, in a few lower-case words for a message."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc)).lower()


@dataclass(frozen=True)
class _Target:
    """The file a path names once its links are followed, and what is there now."""

    asked: Path
    real: Path
    mode: int | None
    """``st_mode`` of what is there, or None if nothing is."""
    owner: tuple[int, int] | None

    @classmethod
    def of(cls, asked: Path) -> _Target:
        """Follow *asked*'s links and look at what is there.

        Raises:
            OutputError: the path cannot be looked at, or its folder does not exist.
        """
        real = Path(os.path.realpath(asked))
        try:
            info = os.stat(real)
        except (FileNotFoundError, NotADirectoryError):
            target = cls(asked, real, None, None)
            target.check_folder()
            return target
        except OSError as exc:
            raise cls(asked, real, None, None).error(exc) from None
        return cls(asked, real, info.st_mode, (info.st_uid, info.st_gid))

    @property
    def linked(self) -> bool:
        """True if the path is a symbolic link (to be written through)."""
        return self.asked.is_symlink()

    def error(self, exc: OSError | str) -> OutputError:
        """An :class:`OutputError` naming the path (and the file a link leads to)."""
        why = exc if isinstance(exc, str) else reason(exc)
        through = f" (a link to {str(self.real)!r})" if self.linked else ""
        return OutputError(f"cannot write {str(self.asked)!r}{through}: {why}")

    def check_folder(self) -> None:
        """Raise an :class:`OutputError` unless the file's folder exists."""
        folder = self.real.parent if self.linked else self.asked.parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise self.error(f"folder {str(folder)!r} {what}")

    def open(self) -> _Sink:
        """Open the right kind of sink for what is at the path.

        Raises:
            OutputError: a folder or another kind of file is there, or it cannot be opened.
        """
        refused = self.refusal()
        if refused is not None:
            raise self.error(refused)
        try:
            if self.mode is None or stat.S_ISREG(self.mode):
                return _Replacement.create(self.real, self.mode, self.owner)
            return _Stream.create(self.real)
        except OSError as exc:
            raise self.error(exc) from None

    def refusal(self) -> str | None:
        """Why what is at the path cannot be written, or None if it can be tried."""
        kind = stat.S_IFMT(self.mode) if self.mode is not None else None
        if kind in (None, stat.S_IFREG, stat.S_IFCHR, stat.S_IFIFO):
            return None
        if kind == stat.S_IFDIR:
            return "it is a folder; give a file name"
        return "it is not a regular file, a FIFO or a character device"


class _Sink(abc.ABC):
    """An open output: write to :attr:`file`, then :meth:`commit` or :meth:`abort`."""

    file: BinaryIO

    @abc.abstractmethod
    def commit(self) -> None:
        """Make what was written final."""

    @abc.abstractmethod
    def abort(self) -> None:
        """Drop what was written, leaving the path as it was where that is possible."""


class _Stream(_Sink):
    """A character device or a FIFO, written in place."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file

    @classmethod
    def create(cls, path: Path) -> _Stream:
        """Open *path* for writing without blocking on a FIFO that has no reader.

        Raises:
            OSError: it cannot be opened (``ENXIO``: a FIFO with no reader).
        """
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return cls(os.fdopen(fd, "wb"))

    def commit(self) -> None:
        """Flush and close; a write error (a full device) raises ``OSError``."""
        self.file.close()

    def abort(self) -> None:
        """Close; what could not be written is dropped."""
        with contextlib.suppress(OSError):
            self.file.close()


class _Replacement(_Sink):
    """A regular file, written to a temporary file that is renamed over it at the end."""

    def __init__(self, path: Path, temporary: Path, file: BinaryIO) -> None:
        self.path = path
        self.temporary = temporary
        self.file = file

    @classmethod
    def create(cls, path: Path, mode: int | None, owner: tuple[int, int] | None
               ) -> _Replacement:
        """A temporary file beside *path* with the mode (and owner) the result should have.

        Raises:
            OSError: the folder cannot be written.
        """
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            if owner is not None and owner != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):
                    os.fchown(fd, *owner)  # before the mode: a change of owner clears set-id
            os.fchmod(fd, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        except OSError:
            os.close(fd)
            os.unlink(name)
            raise
        return cls(path, Path(name), os.fdopen(fd, "wb"))

    def commit(self) -> None:
        """Sync the temporary file and rename it over the path.

        Raises:
            OSError: writing, syncing or renaming failed (the caller aborts).
        """
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.temporary, self.path)
        _sync_folder(self.path.parent)

    def abort(self) -> None:
        """Remove the temporary file; the path keeps what it had."""
        with contextlib.suppress(OSError):
            self.file.close()
        self.temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Sync *folder*, so the rename survives a crash; a folder that cannot be is left."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
