"""No home folder (HOME unset, a user with no password entry): saved games say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main


@pytest.fixture
def homeless(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SALIENT_HOME, XDG_DATA_HOME or HOME, and no home in the password database."""
    for name in ("SALIENT_HOME", "XDG_DATA_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home(cls: type[Path]) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))


NO_HOME = ("salient: there is no home folder to keep saved games in (HOME is not set); "
           "set SALIENT_HOME to a folder\n")


@pytest.mark.usefixtures("homeless")
@pytest.mark.parametrize("command", [["games"], ["play", "--load", "some-game"],
                                     ["report", "some-game"]])
def test_the_games_folder_without_a_home_is_one_message(
        capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    assert main(command) == 2
    assert capsys.readouterr().err == NO_HOME


@pytest.mark.usefixtures("homeless")
def test_a_save_named_by_its_path_needs_no_home(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "game.json"
    save.write_text(json.dumps({"format": 0}))
    assert main(["play", "--load", str(save)]) == 2
    assert "saved in format version 0" in capsys.readouterr().err
    assert main(["games", "--folder", str(tmp_path / "none")]) == 0
