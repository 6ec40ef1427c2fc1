"""scenario.outputs: what each kind of path gets, and that nothing is clobbered."""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scenario.errors import SalientError
from scenario.outputs import OutputError, open_binary, open_text, write_bytes, write_text


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_gets_the_umask_mode(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "new.json"
    write_text(target, "{}\n")
    assert target.read_text() == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "old.json"
    target.write_text("old")
    target.chmod(0o604)
    inode = target.stat().st_ino
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.stat().st_ino != inode  # replaced by rename, not rewritten in place


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.json"
    target.write_text("precious")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match=r"cannot write '.*keep\.json': no space left"):
        write_text(target, "half")
    assert target.read_text() == "precious"
    assert leftovers(tmp_path) == []


def test_an_error_inside_the_block_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("precious")
    with pytest.raises(RuntimeError), open_text(target) as out:
        out.write("half a report")
        raise RuntimeError("the report failed")
    assert target.read_text() == "precious"
    assert leftovers(tmp_path) == []


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    write_text(link, "made")
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text() == "made"


def test_a_dangling_symlink_into_a_missing_folder_names_both(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("gone/made.json")
    with pytest.raises(OutputError, match="a link to .*gone/made.json.*does not exist"):
        write_text(link, "x")
    assert link.is_symlink()


def test_a_fifo_is_written_not_replaced(fifo_reader: Callable[[str], Any]) -> None:
    reader = fifo_reader("pipe")
    write_text(reader.path, "through the pipe\n")
    assert reader.finish() == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(reader.path).st_mode)


def test_a_fifo_with_no_reader_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(OutputError, match="FIFO that no process is reading"):
        write_text(fifo, "nobody listens")
    assert time.monotonic() - started < 5
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_character_device_is_written_not_replaced(null_device: Path) -> None:
    write_text(null_device, "into the void\n")
    assert stat.S_ISCHR(os.lstat(null_device).st_mode)


def test_a_symlink_to_a_device_is_written_through(tmp_path: Path, null_device: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(null_device)
    write_bytes(link, b"{}")
    assert link.is_symlink()
    assert stat.S_ISCHR(os.lstat(null_device).st_mode)


def test_a_full_device_is_an_error_naming_the_path(full_device: Path) -> None:
    with pytest.raises(OutputError, match=r"cannot write '.*full': no space left on the device"):
        write_text(full_device, "x" * 100)
    assert stat.S_ISCHR(os.lstat(full_device).st_mode)


@pytest.mark.parametrize(("name", "message"), [
    ("", "it is a folder"),
    ("missing/out.json", "folder '.*missing' does not exist"),
    ("file.txt/out.json", "folder '.*file.txt' is not a folder"),
])
def test_paths_that_cannot_be_files_are_refused(tmp_path: Path, name: str,
                                                message: str) -> None:
    (tmp_path / "file.txt").write_text("a file")
    with pytest.raises(OutputError, match=message) as caught:
        write_text(tmp_path / name, "x")
    assert isinstance(caught.value, SalientError)
    assert (tmp_path / "file.txt").read_text() == "a file"
    assert leftovers(tmp_path) == []


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(OutputError, match="not a regular file, a FIFO or a character"):
            write_text(path, "x")


def test_dash_is_standard_output_but_a_path_named_dash_is_a_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_text("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
    monkeypatch.chdir(tmp_path)
    write_text(Path("-"), "to a file\n")
    assert (tmp_path / "-").read_text() == "to a file\n"


def test_open_binary_writes_in_pieces(tmp_path: Path) -> None:
    target = tmp_path / "pieces.bin"
    with open_binary(target) as out:
        for i in range(3):
            out.write(bytes([i]) * 4)
    assert target.read_bytes() == b"\0" * 4 + b"\1" * 4 + b"\2" * 4
