"""Results stores that are not stores, or are damaged: refused unchanged, with one message."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.batch import run_batch, scenario_cells
from scenario.loader import load
from tui.cli import main

MINI = Path("tests/data/mini/mini.yaml")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small finished batch of the mini scenario (two runs of each cell)."""
    out = tmp_path_factory.mktemp("store") / "results.sqlite"
    run_batch(scenario_cells(load(MINI)), 2, out)
    return out


def salient(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``salient ARGS`` in this process: exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def commands(path: Path, folder: Path) -> list[list[str]]:
    """Every command that reads a store, on *path*, writing into *folder*."""
    return [["export", str(path), "--csv", str(folder)],
            ["export", str(path), "--parquet", str(folder)],
            ["report", str(path), "--out", str(folder)],
            ["batch", str(MINI), "--runs", "1", "--resume", "--out", str(path)]]


def other_database(path: Path) -> None:
    """Another program's SQLite database, in the default (rollback journal) mode."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    db.close()


@pytest.mark.parametrize(("make", "why"), [
    (lambda p: p.write_bytes(b""), "the file is empty"),
    (lambda p: p.write_text("metadata: {}\n"), "the file is not an SQLite database"),
    (other_database, "no such table: batch"),
], ids=["empty", "text", "other database"])
def test_what_is_not_a_store_is_refused_and_left_byte_for_byte(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        make: Callable[[Path], None], why: str) -> None:
    path = tmp_path / "data.sqlite"
    make(path)
    before = path.read_bytes()
    for command in commands(path, tmp_path / "out"):
        if command[0] == "report" and make is not other_database:
            continue  # not SQLite: report reads it as a saved game (tested elsewhere)
        code, out, err = salient(capsys, *command)
        assert (code, out) == (2, ""), command
        assert err == f"salient: {str(path)!r} is not a Salient results store ({why})\n"
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data.sqlite"]


def damage(store: Path, folder: Path, sql: str) -> Path:
    """A copy of *store* in *folder* changed by *sql*."""
    copy = folder / "damaged.sqlite"
    shutil.copy(store, copy)
    with sqlite3.connect(copy) as db:
        db.execute(sql)
    db.close()
    return copy


@pytest.mark.parametrize(("sql", "why"), [
    ("UPDATE runs SET final = 'notjson' WHERE id = 1",
     "run 1's final metrics are not a JSON mapping of numbers"),
    ("UPDATE runs SET final = '{\"ground_km2.blue\": \"many\"}' WHERE id = 1",
     "run 1's final metrics are not a JSON mapping of numbers"),
    ("UPDATE cells SET parameters = '[1' WHERE position = 0",
     "cell 'base''s parameters are not a JSON mapping"),
    ("UPDATE series SET value = 'lots' WHERE run = (SELECT min(run) FROM series)",
     "a recorded value or time is not a number"),
], ids=["final not JSON", "final not numbers", "parameters", "series"])
def test_a_damaged_store_is_one_message_and_no_folder_is_made(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        sql: str, why: str) -> None:
    path = damage(store, tmp_path, sql)
    out = tmp_path / "out"
    for command in commands(path, out)[:3]:
        code, stdout, err = salient(capsys, *command)
        assert (code, stdout) == (2, ""), command
        assert err == f"salient: {str(path)!r} is a damaged results store: {why}\n"
        assert not out.exists()


def test_a_truncated_store_leaves_no_report_folder(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.sqlite"
    path.write_bytes(store.read_bytes()[:8192])
    out = tmp_path / "out"
    code, _, err = salient(capsys, "report", str(path), "--out", str(out))
    assert code == 2 and "is not a Salient results store" in err
    assert not out.exists()


@pytest.mark.parametrize(("name", "fmt"), [("runs.csv", "--csv"), ("series.parquet", "--parquet")])
def test_export_over_the_store_itself_is_refused_and_the_store_kept(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        name: str, fmt: str) -> None:
    path = tmp_path / name
    shutil.copy(store, path)
    before = path.read_bytes()
    code, out, err = salient(capsys, "export", str(path), fmt, str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"salient: {str(path)!r} is the results store being exported; give "
                   "another folder\n")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", ["r#1.sqlite", "what?.sqlite", "100%.sqlite", "a b.sqlite"])
def test_a_store_whose_name_has_uri_characters_reports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], store: Path, name: str) -> None:
    """SQLite reads ``file:`` names as URIs: ``#``, ``?`` and ``%`` in a name must be escaped."""
    path = tmp_path / name
    shutil.copyfile(store, path)
    code, _, err = salient(capsys, "report", str(path), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out"])
