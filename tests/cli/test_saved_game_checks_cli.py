"""Saved games edited by hand or broken: one message naming the file, never a traceback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.game import texts_digest
from engine.orders import Order
from scenario.loader import load
from tui.cli import main
from tui.session import Session

MINI = Path("tests/data/mini/mini.yaml")
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def save(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON of a two-turn game of the mini scenario."""
    folder = tmp_path_factory.mktemp("games")
    session = Session(load(MINI), source=MINI, autosave=folder)
    session.view = "blue"
    session.give(Order("b_rifles", "attack", to="ford"))
    session.next_turn()
    session.next_turn()
    data: dict[str, Any] = json.loads((folder / f"{session.game.id}.json").read_text())
    return data


def digest(files: dict[str, str]) -> str:
    """The digest a save keeps of its scenario files, for a save edited by hand."""
    return texts_digest(files)


def edited(save: dict[str, Any], folder: Path, edit: Edit) -> Path:
    """The save changed by *edit* (its digest made to match), written into *folder*."""
    data = json.loads(json.dumps(save))
    edit(data)
    data["scenario"]["digest"] = digest(data["scenario"]["files"])
    path = folder / "edited.json"
    path.write_text(json.dumps(data))
    return path


def salient(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``salient ARGS`` in this process: the exit code and stderr."""
    code = main(list(args))
    return code, capsys.readouterr().err


def add_file(name: str) -> Edit:
    return lambda d: d["scenario"]["files"].__setitem__(name, "x: 1\n")


CASES: list[tuple[str, Edit, str]] = [
    ("negative seed", lambda d: d.update(seed=-5),
     "not a valid saved game: at seed: the seed is -5; seeds are 0 or more"),
    ("a file named '.'", add_file("."),
     "not a valid saved game: the scenario file name '.' is not a file's path relative "
     "to the scenario's folder"),
    ("a NUL in a name", add_file("a\0b.yaml"),
     "not a valid saved game: the scenario file name 'a\\x00b.yaml' is not a file's path "
     "relative to the scenario's folder"),
    ("a name outside", add_file("../x.yaml"),
     "not a valid saved game: the scenario file name '../x.yaml' is not a file's path "
     "relative to the scenario's folder"),
    ("an absolute name", add_file("/etc/x.yaml"),
     "not a valid saved game: the scenario file name '/etc/x.yaml' is not a file's path "
     "relative to the scenario's folder"),
    ("main not kept", lambda d: d["scenario"].update(main="ghost.yaml"),
     "not a valid saved game: its main scenario file 'ghost.yaml' is not among the files "
     "it keeps"),
    ("no line", lambda d: d.update(lines=[]),
     "not a valid saved game: it holds no line of play"),
    ("a line twice", lambda d: d["lines"].append(d["lines"][0]),
     "not a valid saved game: two lines are named 'main'"),
    ("current unknown", lambda d: d.update(current="ghost"),
     "not a valid saved game: the current line 'ghost' is not one of its lines: main"),
    ("turn past the line", lambda d: d.update(turn=9),
     "not a valid saved game: it stands at turn 9 of line 'main', which was played to "
     "turn 2"),
    ("parent unknown", lambda d: d["lines"][0].update(parent="ghost", from_turn=0),
     "not a valid saved game: line 'main' branches from 'ghost', which is not one of its "
     "lines"),
]


@pytest.mark.parametrize(("edit", "message"), [(e, m) for _, e, m in CASES],
                         ids=[name for name, _, _ in CASES])
@pytest.mark.parametrize("command", [["play", "--load"], ["report"]])
def test_a_save_edited_into_nonsense_is_one_message_naming_it(
        save: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        edit: Edit, message: str, command: list[str]) -> None:
    path = edited(save, tmp_path, edit)
    out = tmp_path / "report"
    code, err = salient(capsys, *command, str(path), "--scenario-from-save"
                        if command[0] == "play" else "--out", *([] if command[0] == "play"
                                                               else [str(out)]))
    assert code == 2
    assert err == f"salient: {path}: {message}\n"
    assert not out.exists()


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_games_lists_a_broken_link_in_the_folder_as_unreadable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str) -> None:
    folder = tmp_path / "games"
    folder.mkdir()
    link = folder / "broken.json"
    link.symlink_to(link.name if kind == "loop" else "missing.json")
    code = main(["games", "--folder", str(folder)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("  broken  unreadable: cannot be read as a saved "
                                          "game: ")


def test_an_empty_game_name_is_refused_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SALIENT_HOME", str(tmp_path))
    for command in (["play", "--load", ""], ["report", ""]):
        code, err = salient(capsys, *command)
        assert code == 2
        assert err == ("salient: an empty game name; give a saved game's file, or a game id "
                       "from `salient games`\n")
    assert os.listdir(tmp_path) == []
