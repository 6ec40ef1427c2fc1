"""``salient serve`` without a browser: its flags, its address checks, and which autosave a
served app goes on with."""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from engine.saves import read_game
from scenario.errors import SalientError
from scenario.loader import load
from tui.cli import main
from tui.serve import Settings, check_address, newest_autosave, resume, served_command
from tui.session import Session

MINI = Path("tests/data/mini/mini.yaml").resolve()
KURSK = Path("scenarios/kursk_2024.yaml").resolve()


def autosaved(home: Path, scenario: Path = MINI, turns: int = 2, **settings: object) -> Session:
    """A game of *turns* turns on *scenario*, autosaved into *home*'s games folder."""
    session = Session(load(scenario), source=scenario, autosave=home / "games",
                      **settings)  # type: ignore[arg-type]
    for _ in range(turns):
        session.next_turn()
    return session


def serve(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          *args: str) -> tuple[int, str]:
    """``salient serve ARGS`` in this process when it fails before serving: code, stderr."""
    monkeypatch.setenv("SALIENT_HOME", str(home))
    try:
        code = main(["serve", *args])
    except SystemExit as exc:  # argparse's own flag errors
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


@pytest.mark.parametrize(("args", "message"), [
    (["--port", "0"], "argument --port: 0 is not a port; ports are 1 to 65535"),
    (["--port", "65536"], "argument --port: 65536 is not a port; ports are 1 to 65535"),
    (["--port", "http"], "argument --port: 'http' is not a whole number"),
    (["no/such.yaml"], "no/such.yaml:1:1: no such file"),
    (["--side", "green", str(MINI)], "--side 'green' is not a side of"),
    (["--variant", "nope", str(MINI)], "unknown variant 'nope'"),
    (["--host", "no-such-host.invalid"], "--host 'no-such-host.invalid': not an address"),
])
def test_bad_flags_exit_2_with_one_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str], message: str) -> None:
    code, err = serve(tmp_path, monkeypatch, capsys, *args)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert err.count("salient") <= 2  # one message (argparse adds its usage line)


def test_a_port_in_use_is_refused_before_serving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        taken_port: int) -> None:
    code, err = serve(tmp_path, monkeypatch, capsys, str(MINI), "--port", str(taken_port))
    assert (code, err) == (2, f"salient: --port {taken_port}: already in use on 127.0.0.1 "
                           "(another `salient serve`?); give another port\n")


def test_only_loopback_addresses_count_as_this_machine_only() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert check_address("127.0.0.1", port) is True
    assert check_address("localhost", port) is True
    assert check_address("0.0.0.0", port) is False
    with pytest.raises(SalientError, match="not an address"):
        check_address("no-such-host.invalid", port)


def test_the_served_command_always_opens_the_app_with_the_same_settings() -> None:
    since = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    settings = Settings(scenario=MINI, variant="v", seed=3, mode="free", side="red",
                        teams=True, speed=0.5, since=since)
    command = served_command(settings)
    assert command.startswith(f"{sys.executable} -P -m tui.cli play {MINI} --served ")
    for part in ("--mode free", "--side red", "--speed 0.5", "--variant v", "--seed 3",
                 "--teams", f"--served-since {since.isoformat()}"):
        assert part in command


def _saved_earlier(path: Path) -> None:
    """Make the game at *path* look saved a minute earlier (saves are stamped to the second)."""
    game = read_game(path)
    assert game.saved is not None
    earlier = game.model_copy(update={"saved": game.saved - dt.timedelta(minutes=1)})
    path.write_text(earlier.model_dump_json(indent=1) + "\n")


def test_the_newest_autosave_of_the_same_game_settings_is_resumed(tmp_path: Path) -> None:
    games = tmp_path / "games"
    settings = Settings(scenario=MINI)
    assert newest_autosave(games, settings) is None
    older = autosaved(tmp_path, turns=1)
    autosaved(tmp_path, turns=1, mode="free")
    autosaved(tmp_path, turns=1, variant="no_tanks")
    newer = autosaved(tmp_path, turns=2)
    _saved_earlier(games / f"{older.game.id}.json")
    (games / "broken.json").write_text("{")
    assert newest_autosave(games, settings) == games / f"{newer.game.id}.json"
    assert newest_autosave(games, Settings(scenario=MINI, mode="free")) is not None
    assert newest_autosave(games, Settings(scenario=MINI, variant="no_tanks")) is not None
    assert newest_autosave(games, Settings(scenario=MINI, seed=newer.sim.seed + 1)) is None
    assert newest_autosave(games, Settings(scenario=KURSK)) is None
    later = newer.game.started + dt.timedelta(seconds=1)
    assert newest_autosave(games, Settings(scenario=MINI, since=later)) is None


def test_a_served_app_goes_on_where_the_last_page_left(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    played = autosaved(tmp_path, turns=3)
    session = resume(tmp_path / "games", Settings(scenario=MINI), view="red")
    assert session is not None
    assert (session.game.id, session.position, session.view) == (played.game.id, 3, "red")
    assert session.snapshot().time == played.snapshot().time
    assert f"going on with game {played.game.id} at turn 3" in capsys.readouterr().err


def test_a_save_that_cannot_be_played_again_is_passed_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI.parent, folder)
    main_file = folder / MINI.name
    autosaved(tmp_path, main_file, turns=1)
    main_file.write_text(main_file.read_text().replace("turn_hours: 6", "turn_hours: 3"))
    assert resume(tmp_path / "games", Settings(scenario=main_file), view=None) is None
    err = capsys.readouterr().err
    assert "the scenario has changed since the game was saved" in err
    assert "a new game starts" in err


def _packet(kind: bytes, payload: bytes) -> bytes:
    """A packet of textual's web driver protocol, as textual-serve writes to the app."""
    return kind + len(payload).to_bytes(4, "big") + payload


def _read_until(stream: IO[bytes], wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.2)
        if ready:
            chunk = os.read(stream.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
    return seen


def test_play_served_opens_the_app_on_pipes_and_quits_when_told(tmp_path: Path) -> None:
    """Pipes, not a terminal, as textual-serve runs it: the app draws (no headless table)
    and ends when the server says quit."""
    env = {**os.environ, "SALIENT_HOME": str(tmp_path),
           "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    app = subprocess.Popen([sys.executable, "-m", "tui.cli", "play", str(MINI), "--served"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env)
    assert app.stdin is not None and app.stdout is not None
    try:
        app.stdin.write(_packet(b"M", json.dumps({"type": "resize", "width": 120,
                                                  "height": 40}).encode()))
        app.stdin.flush()
        drawn = _read_until(app.stdout, load(MINI).metadata.title.encode(), timeout=30)
        assert load(MINI).metadata.title.encode() in drawn
        app.stdin.write(_packet(b"M", b'{"type": "quit"}'))
        app.stdin.flush()
        _, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    assert b"not a terminal" not in err
