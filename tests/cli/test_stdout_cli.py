"""Standard output going away or failing: exit 141 quietly, or exit 2 with one line."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

KURSK = "scenarios/kursk_2024.yaml"
SALIENT = [sys.executable, "-m", "tui.cli"]


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="sets a pipe's size (Linux)")
def test_a_reader_that_stops_after_one_line_ends_salient_with_141() -> None:
    # `salient run --log | head -1`, with a one-page pipe so that salient is sure to be
    # writing when the reader goes
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    proc = subprocess.Popen([*SALIENT, "run", KURSK, "--log"], stdout=write_end,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.readline()
    _, stderr = proc.communicate(timeout=60)
    assert b"Kursk, August 2024" in first
    assert proc.returncode == 141
    assert stderr == b""


def test_a_pipe_closed_before_any_output_ends_with_141_and_nothing_on_stderr() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run([*SALIENT, "schema"], stdout=write_end, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, check=False, timeout=60)
    os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr == b""


@pytest.mark.parametrize("args", [["schema"], ["run", KURSK, "--until", "6h"],
                                  ["validate", KURSK]])
def test_a_full_standard_output_is_one_line_and_exit_2(full_device: Path,
                                                      args: list[str]) -> None:
    with open(full_device, "wb") as full:
        proc = subprocess.run([*SALIENT, *args], stdout=full, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, check=False, timeout=60, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "salient: cannot write to standard output: no space left on the " \
        "device\n"
