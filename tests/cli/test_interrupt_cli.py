"""Ctrl-C during ``salient calibrate``: exit 130 at once, one line, no child left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.parallel import available_cpus

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads processes from /proc")

KURSK = "scenarios/kursk_2024.yaml"
JOBS = min(2, available_cpus())


def session_members(session: int) -> list[tuple[int, str]]:
    """(pid, state) of every process, zombies included, in *session*."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()  # state ppid pgrp session ...
        if int(fields[3]) == session:
            members.append((int(entry), fields[0]))
    return members


def cpu_seconds(pid: int) -> float:
    """User and system time *pid* has used so far."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_calibrating(jobs: int) -> subprocess.Popen[str]:
    """A long calibration in its own session, once it is running seeds.

    That is once its workers have started, or, in one process, once it has used more CPU
    time than loading the scenario takes.
    """
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "calibrate", KURSK,
                             "--runs", "2000", "--jobs", str(jobs)], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    wanted = 1 + (jobs if jobs > 1 else 0)
    while len(session_members(proc.pid)) < wanted or (jobs == 1 and cpu_seconds(proc.pid) < 1.5):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.05)
    time.sleep(0.5)  # the workers are inside their first runs
    return proc


def interrupt(proc: subprocess.Popen[str], whole_group: bool) -> float:
    """Send SIGINT; the seconds until the process has exited."""
    started = time.monotonic()
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return time.monotonic() - started


@pytest.mark.parametrize(("jobs", "whole_group"), [
    (JOBS, True), (JOBS, False), (1, False),
], ids=["jobs-to-the-process-group", "jobs-to-the-parent-alone", "one-process"])
def test_ctrl_c_stops_everything_within_two_seconds(jobs: int, whole_group: bool) -> None:
    proc = start_calibrating(jobs)
    seconds = interrupt(proc, whole_group)
    stdout, stderr = proc.communicate()
    assert proc.returncode == 130
    assert stderr == "salient: interrupted\n"
    assert stdout == ""
    assert seconds < 2.5
    assert session_members(proc.pid) == []
