"""``salient batch`` and ``salient export``: kills, Ctrl-C, resumes, refusals, exports."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from engine.batch import run_batch, scenario_cells
from engine.parallel import available_cpus
from engine.store import Store
from scenario.loader import load
from tests.cli.test_interrupt_cli import session_members
from tests.engine.test_batch import stored
from tui.cli import main

MINI = Path("tests/data/mini/mini.yaml")
JOBS = str(min(2, available_cpus()))
RUNS = 150
"""Seeds of each of the mini scenario's three cells in the killed batches."""


def start_batch(out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tui.cli", "batch", str(MINI), "--runs",
                             str(RUNS), "--jobs", JOBS, "--out", str(out), *extra],
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def committed(out: Path) -> int:
    """Runs stored so far (0 while the store is not there yet)."""
    if not out.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
        try:
            return int(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0


def wait_for_runs(proc: subprocess.Popen[str], out: Path, at_least: int = 1) -> int:
    deadline = time.monotonic() + 60
    while (count := committed(out)) < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no run was ever stored"
        time.sleep(0.01)
    return count


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "whole.sqlite"
    run_batch(scenario_cells(load(MINI)), RUNS, out)
    return out


def resume(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "batch", str(MINI), "--runs",
                           str(RUNS), "--jobs", JOBS, "--out", str(out), "--resume", *extra],
                          text=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=120)


def assert_whole(out: Path, uninterrupted: Path) -> None:
    db = sqlite3.connect(out)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT cell || ':' || seed) FROM runs"
                          ).fetchone() == (3 * RUNS, 3 * RUNS)
    finally:
        db.close()
    assert stored(out) == stored(uninterrupted)


def test_a_killed_batch_resumes_to_every_run_exactly_once(
        tmp_path: Path, uninterrupted: Path) -> None:
    out = tmp_path / "killed.sqlite"
    proc = start_batch(out)
    try:
        wait_for_runs(proc, out)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    left = committed(out)
    assert 1 <= left < 3 * RUNS, "the batch was not killed in the middle"
    done = resume(out)
    assert done.returncode == 0, done.stderr
    assert f"{left} already done" in done.stdout
    assert_whole(out, uninterrupted)


def test_ctrl_c_stops_cleanly_and_the_store_resumes(tmp_path: Path, uninterrupted: Path
                                                    ) -> None:
    out = tmp_path / "stopped.sqlite"
    proc = start_batch(out)
    try:
        wait_for_runs(proc, out)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert [state for _, state in session_members(proc.pid)] in ([], ["Z"]), \
        "a worker was left behind"
    assert "Traceback" not in err
    assert "--resume" in err and err.rstrip().endswith("salient: interrupted")
    assert committed(out) < 3 * RUNS
    done = resume(out)
    assert done.returncode == 0, done.stderr
    assert_whole(out, uninterrupted)


def test_a_resume_against_an_edited_scenario_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("mini.yaml", "rules.yaml"):
        shutil.copy(MINI.parent / name, tmp_path / name)
    scenario, out = tmp_path / "mini.yaml", tmp_path / "r.sqlite"
    assert main(["batch", str(scenario), "--runs", "2", "--out", str(out)]) == 0
    text = scenario.read_text()
    scenario.write_text(text.replace("at: crossing, strength: 0.6", "at: crossing, "
                                     "strength: 0.7"))
    capsys.readouterr()
    assert main(["batch", str(scenario), "--runs", "4", "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"salient: cannot resume {str(out)!r}: the batch has changed")
    assert "cell 'base': its scenario's content digest was" in err
    assert err.count("\n") == 1
    assert len(Store.open(out).runs()) == 6


@pytest.mark.parametrize(("args", "message"), [
    (["--runs", "0"], "0 is too few"),
    (["--jobs", "0"], "0 is too few"),
    (["--time-limit", "-1"], "'-1' is not a time limit"),
    (["--time-limit", "nan"], "'nan' is not a time limit"),
    (["--executor", "thread"], "invalid choice: 'thread'"),
    (["--address", "tcp://127.0.0.1:1"], "--address goes with --executor dask"),
    (["--executor", "dask", "--address", "127.0.0.1:8786"], "give the scheduler's address"),
    (["--variant", "nope"], "unknown variant 'nope'"),
    (["--variant", "no_tanks", "--variant", "no_tanks"], "a variant is named twice"),
])
def test_bad_flags_exit_2_with_one_message(args: list[str], message: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.sqlite"
    try:
        code = main(["batch", str(MINI), "--out", str(out), *args])
    except SystemExit as exc:  # argparse's own flag errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_bad_paths_exit_2_with_one_message(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(MINI), "--out", str(tmp_path)]) == 2
    assert "it is a folder" in capsys.readouterr().err
    assert main(["batch", str(MINI), "--out", str(tmp_path / "r.sqlite"), "--resume"]) == 2
    assert "cannot open the store" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "none.sqlite"), "--csv", str(tmp_path)]) == 2
    assert "cannot open the store" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["batch", str(MINI), "--runs", "1", "--out", str(tmp_path / "r.sqlite")]) == 0
    assert main(["export", str(tmp_path / "r.sqlite"), "--csv", str(tmp_path / "file")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def store_tables(out: Path) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
    store = Store.open(out)
    try:
        runs = store.runs()
        series = [tuple(row) for row in store.series()]
    finally:
        store.close()
    return runs, series


def test_export_writes_csv_and_parquet_that_read_back_equal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the batch runs on a local Dask cluster the command starts (no --address)
    import pyarrow.parquet as pq

    out = tmp_path / "r.sqlite"
    assert main(["batch", str(MINI), "--runs", "3", "--variant", "strong_red",
                 "--executor", "dask", "--jobs", JOBS, "--out", str(out)]) == 0
    runs, series = store_tables(out)
    assert main(["export", str(out), "--csv", str(tmp_path / "csv")]) == 0
    assert main(["export", str(out), "--parquet", str(tmp_path / "pq")]) == 0
    assert "runs.parquet and" in capsys.readouterr().out

    with open(tmp_path / "csv" / "series.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["run", "cell", "seed", "metric", "hours", "value"]
    assert [(int(r), c, int(s), m, float(h), float(v)) for r, c, s, m, h, v in rows[1:]
            ] == series
    table = pq.read_table(tmp_path / "pq" / "series.parquet").to_pylist()
    assert [tuple(row.values()) for row in table] == series

    with open(tmp_path / "csv" / "runs.csv", newline="") as f:
        csv_runs = list(csv.DictReader(f))
    parquet_runs = pq.read_table(tmp_path / "pq" / "runs.parquet").to_pylist()
    assert len(csv_runs) == len(parquet_runs) == len(runs) == 6
    for stored_run, from_csv, from_parquet in zip(runs, csv_runs, parquet_runs, strict=True):
        final = json.loads(str(stored_run["final"]))
        assert {k[len("final."):]: float(v) for k, v in from_csv.items()
                if k.startswith("final.")} == final
        assert {k[len("final."):]: v for k, v in from_parquet.items()
                if k.startswith("final.")} == final
        for key in ("cell", "seed", "status", "worker", "wall_s"):
            assert from_parquet[key] == stored_run[key]
            assert from_csv[key] == str(stored_run[key])
    # the base changes nothing; the variant's cell lists what the variant sets
    assert {r["parameters"] for r in parquet_runs} == {"{}",
                                                       '{"units[r_rifles].strength": 1.0}'}
