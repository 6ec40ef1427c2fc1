"""The results store: made safely, one transaction a run, refusing to mix batches."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from engine import store as store_module
from engine.cellrun import RunResult
from engine.store import CellRecord, Store, StoreError, content_hash
from tests.cli.conftest import NULL_MINOR, make_device

CELLS = [CellRecord("base", {}, "a" * 16), CellRecord("early", {"variant": "early"}, "b" * 16)]


def done(cell: str, seed: int, value: float = 1.5) -> RunResult:
    return RunResult(cell, seed, "done", None, 0.01, "host:1", {"ground_km2.ua": value},
                     (("ground_km2.ua", 24.0, value), ("claim.c1", 30.0, value * 2)))


def failed(cell: str, seed: int) -> RunResult:
    return RunResult(cell, seed, "failed", "RuntimeError: no", 0.02, "host:2")


def test_a_new_store_is_wal_with_its_batch_and_cells(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    store = Store.create(path, CELLS, "the experiment")
    assert store.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store.db.execute("SELECT text, content_hash FROM batch").fetchone() == (
        "the experiment", content_hash(CELLS))
    assert store.cells() == CELLS
    store.close()
    assert [p.name for p in tmp_path.iterdir()] == ["r.sqlite"]  # no temporary left
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_each_run_is_committed_and_seen_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    store = Store.create(path, CELLS, "")
    store.add(done("base", 0))
    store.add(failed("early", 0))
    other = sqlite3.connect(path)  # what a reader (or a resume after a kill) sees
    assert other.execute("SELECT cell, seed, status FROM runs ORDER BY id").fetchall() == [
        ("base", 0, "done"), ("early", 0, "failed")]
    assert other.execute("SELECT COUNT(*) FROM series").fetchone() == (2,)
    other.close()
    assert store.done() == {("base", 0)}
    assert list(store.series()) == [(1, "base", 0, "claim.c1", 30.0, 3.0),
                                    (1, "base", 0, "ground_km2.ua", 24.0, 1.5)]
    store.close()


def test_a_failed_run_is_replaced_and_a_done_one_never_duplicated(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "r.sqlite", CELLS, "")
    store.add(failed("base", 3))
    store.add(done("base", 3))
    assert [(r["seed"], r["status"]) for r in store.runs()] == [(3, "done")]
    with pytest.raises(StoreError, match="run 'base' seed 3 is stored already"):
        store.add(done("base", 3, 2.0))
    assert [r["final"] for r in store.runs()] == ['{"ground_km2.ua": 1.5}']
    # a refused run's new metric was rolled back with it; a later run can still add it
    novel = (("pows.ua", 48.0, 7.0),)
    with pytest.raises(StoreError):
        store.add(RunResult("base", 3, "done", None, 0.1, "h:1", {}, novel))
    store.add(RunResult("base", 4, "done", None, 0.1, "h:1", {}, novel))
    assert [row[3:] for row in store.series() if row[2] == 4] == [("pows.ua", 48.0, 7.0)]
    store.close()


def test_resume_refuses_a_changed_cell_or_engine(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.sqlite"
    Store.create(path, CELLS, "").close()
    Store.resume(path, CELLS).close()
    edited = [CELLS[0], CellRecord("early", {}, "c" * 16)]
    with pytest.raises(StoreError, match=f"cell 'early': its scenario's content digest was "
                       f"{'b' * 16}, now {'c' * 16}"):
        Store.resume(path, edited)
    with pytest.raises(StoreError, match="cell 'late' is new; cell 'early' is gone"):
        Store.resume(path, [CELLS[0], CellRecord("late", {}, "b" * 16)])
    monkeypatch.setattr(store_module, "ENGINE_VERSION", "999")
    with pytest.raises(StoreError, match=r"made by engine version \d+; this is engine "
                       "version 999"):
        Store.resume(path, CELLS)


def test_a_new_store_refuses_what_is_not_nothing(tmp_path: Path) -> None:
    existing = tmp_path / "old.sqlite"
    existing.write_text("keep me")
    with pytest.raises(StoreError, match="exists already; give --resume"):
        Store.create(existing, CELLS, "")
    assert existing.read_text() == "keep me"
    with pytest.raises(StoreError, match="it is a folder"):
        Store.create(tmp_path, CELLS, "")
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    with pytest.raises(StoreError, match=r"\(a link to .*\): it is a folder"):
        Store.create(link, CELLS, "")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="it is a FIFO"):
        Store.create(fifo, CELLS, "")
    with pytest.raises(StoreError, match="folder .* does not exist"):
        Store.create(tmp_path / "no" / "r.sqlite", CELLS, "")


def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    null = make_device(tmp_path / "null", NULL_MINOR)
    with pytest.raises(StoreError, match="it is a device"):
        Store.create(null, CELLS, "")
    with pytest.raises(StoreError, match="it is a device"):
        Store.open(null)
    assert null.is_char_device()


def test_a_dangling_link_makes_the_store_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.sqlite"
    link.symlink_to(tmp_path / "target.sqlite")
    Store.create(link, CELLS, "").close()
    assert link.is_symlink() and (tmp_path / "target.sqlite").is_file()
    Store.resume(link, CELLS).close()


def test_opening_what_is_not_a_store_says_so(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database at all, just text " * 40)
    with pytest.raises(StoreError, match="is not a Salient results store"):
        Store.open(other)
    with pytest.raises(StoreError, match="cannot open the store .*missing"):
        Store.open(tmp_path / "missing.sqlite")
