"""``salient play`` from the command line: bad flags, and a headless fallback off a terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest

KURSK = "scenarios/kursk_2024.yaml"


def salient(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True,
                          text=True, check=False, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("args", "message"), [
    (["--side", "nato"], "--side 'nato' is not a side of scenarios/kursk_2024.yaml; write "
     "umpire or one of: ua, ru"),
    (["--speed", "0"], "0 s is outside 0.05-60 seconds"),
    (["--speed", "fast"], "'fast' is not a number of seconds"),
    (["--variant", "no_himar"], "unknown variant 'no_himar'; did you mean 'no_himars'?"),
    (["tests/data/catalogue/self_road.yaml"], "road from 'brook' to itself"),
])
def test_bad_flags_exit_2_with_one_clear_message(args: list[str], message: str) -> None:
    result = salient("play", *(args if args[0].endswith(".yaml") else [KURSK, *args]))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_off_a_terminal_play_shows_the_run_headless() -> None:
    result = salient("play", KURSK, "--side", "ru")
    assert result.returncode == 0, result.stderr
    assert "not a terminal" in result.stderr
    assert "Kursk, August 2024 - seed 2024" in result.stdout


def test_off_a_terminal_a_teams_game_shows_the_run_headless() -> None:
    result = salient("play", KURSK, "--teams", "--side", "ru")
    assert result.returncode == 0, result.stderr
    assert "Kursk, August 2024 - seed 2024" in result.stdout
