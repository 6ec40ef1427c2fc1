"""``run --json`` and ``schema --out`` on links, FIFOs, devices and folders."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

KURSK = "scenarios/kursk_2024.yaml"


def salient(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True,
                          text=True, check=False, timeout=120, stdin=subprocess.DEVNULL)


def test_run_json_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = salient("run", KURSK, "--until", "6h", "--json", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text())["seed"] == 2024


def test_run_json_through_a_dangling_symlink_creates_the_file(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    result = salient("run", KURSK, "--until", "6h", "--json", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and json.loads((tmp_path / "made.json").read_text())["log"]


def test_run_json_into_a_fifo_writes_it_and_leaves_the_fifo(
        fifo_reader: Callable[[str], Any]) -> None:
    reader = fifo_reader("run.json")
    result = salient("run", KURSK, "--until", "24h", "--json", str(reader.path))
    data = reader.finish()
    assert result.returncode == 0, result.stderr
    assert json.loads(data)["metrics"]  # more than a pipe's buffer, read while written
    assert stat.S_ISFIFO(os.lstat(reader.path).st_mode)


def test_schema_out_to_a_fifo_with_no_reader_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "schema.json"
    os.mkfifo(fifo)
    result = salient("schema", "--out", str(fifo))
    assert result.returncode == 2
    assert result.stderr == f"salient: cannot write {str(fifo)!r}: it is a FIFO that no " \
        "process is reading\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_schema_out_to_a_null_device_leaves_the_device(null_device: Path) -> None:
    result = salient("schema", "--out", str(null_device))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null_device).st_mode)


def test_run_json_to_a_full_device_exits_2_with_one_message(full_device: Path) -> None:
    result = salient("run", KURSK, "--until", "6h", "--json", str(full_device))
    assert result.returncode == 2
    assert result.stderr == f"salient: cannot write {str(full_device)!r}: no space left on " \
        "the device\n"
    assert stat.S_ISCHR(os.lstat(full_device).st_mode)


def test_schema_out_through_a_symlink_to_a_full_device(tmp_path: Path,
                                                       full_device: Path) -> None:
    link = tmp_path / "schema.json"
    link.symlink_to(full_device)
    result = salient("schema", "--out", str(link))
    assert result.returncode == 2
    assert "no space left on the device" in result.stderr
    assert "Traceback" not in result.stderr
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(full_device).st_mode)


def test_a_folder_as_output_exits_2(tmp_path: Path) -> None:
    result = salient("schema", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"salient: cannot write {str(tmp_path)!r}: it is a folder; give " \
        "a file name\n"
    assert tmp_path.is_dir()


def test_json_dash_writes_the_run_to_standard_output() -> None:
    result = salient("run", KURSK, "--until", "6h", "--json", "-")
    assert result.returncode == 0, result.stderr
    assert '"seed": 2024' in result.stdout
    assert "wrote" not in result.stdout
