"""Hostile numbers on the command line: --jobs, --runs and --until are refused cleanly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.parallel import available_cpus

KURSK = "scenarios/kursk_2024.yaml"
WINDOW = "give hours above 0h and up to 355h, or a time after 2024-08-06T05:00+03:00 and " \
    "up to 2024-08-21T00:00+03:00"


def salient(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True,
                          text=True, check=False, timeout=60, stdin=subprocess.DEVNULL)


def refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("flag", ["--jobs", "--workers"])
def test_more_jobs_than_cpus_are_refused_naming_the_count(flag: str) -> None:
    cpus = available_cpus()
    result = salient("calibrate", KURSK, "--runs", "2", flag, str(cpus + 1))
    refused(result, f"{cpus + 1} is more than the {cpus} CPU")
    assert f"give 1 to {cpus}" in result.stderr


@pytest.mark.parametrize("flag", ["--jobs", "--workers"])
def test_jobs_below_one_are_refused(flag: str) -> None:
    refused(salient("calibrate", KURSK, flag, "0"), "0 is too few; jobs are 1 or more")


def test_workers_is_an_alias_of_jobs() -> None:
    result = salient("calibrate", KURSK, "--runs", "2", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "calibration over 2 seeds (0-1)" in result.stdout


@pytest.mark.parametrize(("runs", "message"), [
    ("-5", "-5 is too few; runs are 1 or more"),
    ("0", "0 is too few; runs are 1 or more"),
    ("1000001", "1000001 is too many; runs are at most 1,000,000"),
    ("1000000000", "1000000000 is too many; runs are at most 1,000,000"),
    ("many", "'many' is not a whole number"),
])
def test_runs_outside_their_range_are_refused(runs: str, message: str) -> None:
    result = salient("calibrate", KURSK, "--runs", runs)
    refused(result, message)
    assert "seed" not in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("until", ["nan", "inf", "-inf", "1e400h", "-1", "0h", "356h",
                                   "2024-08-21T00:01+03:00", "2024-08-06T05:00+03:00",
                                   "2024-08-01T00:00+03:00"])
def test_until_outside_the_scenario_window_is_refused(until: str) -> None:
    refused(salient("run", KURSK, f"--until={until}"),
            f"--until {until!r} is outside the scenario: {WINDOW}")


@pytest.mark.parametrize("until", ["355h", "2024-08-21T00:00+03:00"])
def test_until_the_very_end_is_accepted(until: str) -> None:
    result = salient("run", KURSK, "--until", until)
    assert result.returncode == 0, result.stderr
    assert "20 Aug" in result.stdout
