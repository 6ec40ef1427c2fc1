"""``salient games`` and ``salient play --load``: saved games from the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.orders import Order
from scenario.loader import load
from tests.cli.conftest import ZERO_MINOR, make_device
from tui.cli import main
from tui.session import Session

KURSK = Path("scenarios/kursk_2024.yaml")


def salient(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True,
                          text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, "SALIENT_HOME": str(home)})


def in_process(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               *args: str) -> tuple[int, str, str]:
    """``salient ARGS`` run in this process (quicker than a new one): code, out, err."""
    monkeypatch.setenv("SALIENT_HOME", str(home))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def saved_game(home: Path, scenario: Path = KURSK, turns: int = 2) -> Session:
    """A game of *turns* turns autosaved into *home*'s games folder."""
    session = Session(load(scenario), source=scenario, autosave=home / "games")
    session.view = "ua"
    session.give(Order("ua_22_mech_1", "attack", to="sudzha"))
    for _ in range(turns):
        session.next_turn()
    return session


def test_games_lists_the_saved_games_newest_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = in_process(tmp_path, monkeypatch, capsys, "games")
    assert (code, out) == (0, f"no saved games in {tmp_path / 'games'}\n")
    first = saved_game(tmp_path, turns=1)
    (tmp_path / "games" / "crashed.json").write_text('{"format": 1, "engine"')
    os.utime(tmp_path / "games" / "crashed.json", (0, 0))
    second = saved_game(tmp_path, turns=3)
    os.utime(tmp_path / "games" / f"{first.game.id}.json", (1, 1))
    code, out, err = in_process(tmp_path, monkeypatch, capsys, "games")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"saved games in {tmp_path / 'games'}, newest first:"
    assert len(lines) == 4
    assert lines[1].split()[0] in (first.game.id, second.game.id)
    assert "Kursk, August 2024" in lines[1] and "lines: main" in lines[1]
    assert lines[3].split()[0] == "crashed" and "unreadable" in lines[3]


def test_play_load_by_id_goes_on_with_the_game(tmp_path: Path) -> None:
    session = saved_game(tmp_path)
    result = salient(tmp_path, "play", "--load", session.game.id)
    assert result.returncode == 0, result.stderr
    assert "Kursk, August 2024 - seed 2024" in result.stdout


def test_a_corrupt_save_is_one_message_and_exit_2(tmp_path: Path) -> None:
    session = saved_game(tmp_path)
    path = tmp_path / "games" / f"{session.game.id}.json"
    path.write_text(path.read_text()[:5000])
    result = salient(tmp_path, "play", "--load", str(path))  # a path this time
    assert result.returncode == 2
    assert result.stderr.startswith(f"salient: {path}: not a saved game: the JSON breaks off")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_save_for_an_edited_scenario_is_refused_unless_played_from_the_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree("scenarios", tmp_path / "scenarios")
    main = tmp_path / "scenarios" / "kursk_2024.yaml"
    session = saved_game(tmp_path, main)
    main.write_text(main.read_text().replace("turn_hours: 12", "turn_hours: 6"))
    refused = salient(tmp_path, "play", "--load", session.game.id)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"the scenario has changed since the game was saved: {main} differs" in refused.stderr
    assert "-  turn_hours: 12" in refused.stderr and "+  turn_hours: 6" in refused.stderr
    code, out, err = in_process(tmp_path, monkeypatch, capsys, "play", "--load",
                                session.game.id, "--scenario-from-save")
    assert code == 0 and "Kursk, August 2024 - seed 2024" in out, err


@pytest.mark.parametrize(("args", "message"), [
    (["--load", "nothing"], "salient: nothing: no such saved game"),
    (["--scenario-from-save"], "--scenario-from-save goes with --load GAME"),
    (["--load", "x.json", "--seed", "3"], "--seed cannot go with --load"),
])
def test_bad_load_flags_exit_2(args: list[str], message: str, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = in_process(tmp_path, monkeypatch, capsys, "play", *args)
    assert code == 2 and message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_a_save_that_is_not_a_file_is_refused_at_once(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "game.json"
    if kind == "device":
        make_device(target, ZERO_MINOR)  # endless zeros: a whole read would never end
    elif kind == "fifo":
        os.mkfifo(target)  # no writer: a blocking read would wait for ever
    else:
        target.mkdir()
    for args in (("play", "--load", str(target)), ("report", str(target), "--out",
                                                      str(tmp_path / "out"))):
        code, _, err = in_process(tmp_path, monkeypatch, capsys, *args)
        assert code == 2 and err.count("\n") == 1 and "cannot be read as a saved game" in err
