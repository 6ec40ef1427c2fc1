"""Output paths that name an input, cannot be written, or are empty: refused before any run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.cli import main

MINI = Path("tests/data/mini")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the mini scenario (and its rules file) in tmp_path."""
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini" / "mini.yaml"


def salient(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``salient ARGS`` in this process: exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["mini.yaml", "rules.yaml"])
def test_run_json_over_the_scenario_or_an_include_is_refused_and_it_is_kept(
        mini: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    target = mini.parent / name
    before = target.read_bytes()
    code, out, err = salient(capsys, "run", str(mini), "--until", "6h", "--json", str(target))
    assert code == 2
    assert err == (f"salient: --json {str(target)!r} is a file the scenario is read from; "
                   "give another file name\n")
    assert out == ""  # refused before the run
    assert target.read_bytes() == before


def test_run_json_through_a_link_or_a_hard_link_to_the_scenario_is_refused(
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = mini.read_bytes()
    link = mini.parent / "link.json"
    link.symlink_to(mini)
    hard = mini.parent / "hard.json"
    os.link(mini, hard)
    for target in (link, hard):
        code, _, err = salient(capsys, "run", str(mini), "--until", "6h", "--json", str(target))
        assert code == 2 and "is a file the scenario is read from" in err
    assert mini.read_bytes() == before


def test_run_json_into_a_missing_folder_is_refused_before_the_run(
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = mini.parent / "missing" / "run.json"
    code, out, err = salient(capsys, "run", str(mini), "--json", str(target))
    assert code == 2
    assert out == ""
    assert err == (f"salient: cannot write {str(target)!r}: folder "
                   f"{str(target.parent)!r} does not exist\n")


def test_run_json_into_a_folder_is_refused_before_the_run(
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = salient(capsys, "run", str(mini), "--json", str(mini.parent))
    assert (code, out) == (2, "")
    assert "it is a folder; give a file name" in err


@pytest.mark.parametrize("command", [["run", str(MINI.resolve() / "mini.yaml"), "--until",
                                      "6h", "--json"], ["schema", "--out"]])
def test_an_empty_output_name_is_refused_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = salient(capsys, *command, "")
    assert code == 2
    assert err.endswith("an empty file name; give a file name, or - for standard output\n")
    assert list(tmp_path.iterdir()) == []
