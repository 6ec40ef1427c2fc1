"""``salient run`` from the command line: the daily table, --json, and bad flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KURSK = "scenarios/kursk_2024.yaml"


def salient(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True,
                          text=True, check=False, timeout=120)


def test_run_prints_the_daily_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    result = salient("run", KURSK, "--until", "2024-08-09T21:00+03:00", "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "Kursk, August 2024 - seed 2024" in result.stdout
    assert "06 Aug" in result.stdout and "08 Aug" in result.stdout
    data = json.loads(out.read_text())
    assert data["seed"] == 2024 and data["time"] == "2024-08-09T21:00:00+03:00"
    assert data["metrics"] and data["log"]


@pytest.mark.parametrize(("args", "message"), [
    (["--until", "tomorrow"], "--until 'tomorrow'"),
    (["--until", "2024-08-09T21:00"], "has no UTC offset"),
    (["--variant", "no_himar"], "unknown variant 'no_himar'; did you mean 'no_himars'?"),
    (["--seed", "-3"], "--seed"),
])
def test_bad_flags_exit_2_with_one_clear_message(args: list[str], message: str) -> None:
    result = salient("run", KURSK, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_json_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "run.json"
    result = salient("run", KURSK, "--until", "6h", "--json", str(target))
    assert result.returncode == 2
    assert str(target) in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
