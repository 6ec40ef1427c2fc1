"""The batch runner: the same stored runs on every executor, failures kept, resumes."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import cellrun
from engine.batch import BASE, Cell, run_batch, scenario_cells
from engine.budget import RunawayError
from engine.executors import DaskExecutor, LocalExecutor, local_cluster
from engine.metrics import METRICS, measure
from engine.parallel import available_cpus
from engine.simulation import Simulation
from engine.store import Store
from scenario.errors import SalientError, VariantError
from scenario.loader import load
from scenario.models import Scenario

MINI = Path("tests/data/mini/mini.yaml")
SEEDS = 20
two_cpus = pytest.mark.skipif(available_cpus() < 2, reason="needs two CPUs")


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


@pytest.fixture(scope="module")
def cells(mini: Scenario) -> list[Cell]:
    return scenario_cells(mini, ["strong_red"])


def stored(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The runs (cell, seed, status, error, final) and the series of a store, in order."""
    db = sqlite3.connect(path)
    try:
        runs = db.execute("SELECT cell, seed, status, error, final FROM runs "
                          "ORDER BY cell, seed").fetchall()
        series = db.execute(
            "SELECT r.cell, r.seed, m.name, s.hours, s.value FROM series s JOIN runs r ON "
            "r.id = s.run JOIN metrics m ON m.id = s.metric ORDER BY 1, 2, 3, 4").fetchall()
    finally:
        db.close()
    return runs, series


def workers(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {w for (w,) in db.execute("SELECT worker FROM runs")}
    finally:
        db.close()


@pytest.fixture(scope="module")
def dask_address() -> Iterator[str]:
    pytest.importorskip("distributed")
    cluster = local_cluster(2)  # two worker processes on loopback
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def test_scenario_cells_are_the_base_and_its_variants(mini: Scenario) -> None:
    cells = scenario_cells(mini)
    assert [c.name for c in cells] == [BASE, *(v.id for v in mini.variants)]
    assert cells[0].scenario is mini and cells[0].parameters == {}
    assert cells[1].parameters == {"variant": cells[1].name}
    assert cells[1].scenario != mini  # the variant is applied: runs take none
    with pytest.raises(VariantError, match="unknown variant 'nope'"):
        scenario_cells(mini, ["nope"])


@two_cpus
def test_one_job_two_jobs_and_dask_store_the_same_runs(
        cells: list[Cell], tmp_path: Path, dask_address: str) -> None:
    one, two, dask = tmp_path / "one.sqlite", tmp_path / "two.sqlite", tmp_path / "dask.sqlite"
    run_batch(cells, SEEDS, one, executor=LocalExecutor(1))
    run_batch(cells, SEEDS, two, executor=LocalExecutor(2))
    run_batch(cells, SEEDS, dask, executor=DaskExecutor(dask_address))
    reference = stored(one)
    runs, series = reference
    assert len(runs) == 2 * SEEDS and {r[2] for r in runs} == {"done"}
    assert len({r[4] for r in runs}) > 2  # the seeds do make different runs
    assert {name for _, _, name, _, _ in series} >= {f"{m}.blue" for m in METRICS}
    assert stored(two) == reference
    assert stored(dask) == reference
    assert len(workers(two)) >= 2
    assert len(workers(dask)) >= 2


def test_common_random_numbers_pair_the_seeds(cells: list[Cell], tmp_path: Path) -> None:
    # run i of every cell uses seed i: the base of a two-cell batch is the base alone
    run_batch(cells, 4, tmp_path / "both.sqlite")
    run_batch(cells[:1], 4, tmp_path / "base.sqlite")
    both = [r for r in stored(tmp_path / "both.sqlite")[0] if r[0] == BASE]
    assert both == stored(tmp_path / "base.sqlite")[0]
    final = json.loads(both[2][4])
    sim = Simulation(cells[0].scenario, seed=2)
    sim.run()
    assert final == measure(sim)


def runaway(mini: Scenario) -> Scenario:
    """*mini* with a combat round of a billionth of a minute (past validation)."""
    rules = mini.rules
    combat = rules.combat.model_copy(update={"round_minutes": 1e-9})
    return mini.model_copy(update={"rules": rules.model_copy(update={"combat": combat})})


def test_a_run_that_raises_is_stored_failed_and_the_others_complete(
        mini: Scenario, tmp_path: Path) -> None:
    cells = [Cell(BASE, {}, mini), Cell("runaway", {"round_minutes": 1e-9}, runaway(mini))]
    out = tmp_path / "r.sqlite"
    summary = run_batch(cells, 2, out)
    assert (summary.done, summary.failed) == (2, 2)
    runs, _ = stored(out)
    failed = [r for r in runs if r[2] == "failed"]
    assert [r[0] for r in failed] == ["runaway"] * 2
    assert all(r[3].startswith(f"{RunawayError.__name__}: the run was stopped at")
               and "Traceback" not in r[3] and "advance" in r[3] for r in failed)
    assert all(r[4] is None for r in failed)
    assert all(r[2] == "done" for r in runs if r[0] == BASE)


def test_a_run_over_its_time_limit_is_stored_failed(
        mini: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Slow(Simulation):
        def advance(self, until: Any) -> Any:
            if self.seed == 1:
                time.sleep(0.3)
            return super().advance(until)

    monkeypatch.setattr(cellrun, "Simulation", Slow)  # runs in this process with 1 job
    out = tmp_path / "t.sqlite"
    summary = run_batch([Cell(BASE, {}, mini)], 3, out, time_limit=0.5)
    assert (summary.done, summary.failed) == (2, 1)
    runs, _ = stored(out)
    assert [r[2] for r in runs] == ["done", "failed", "done"]
    assert runs[1][3].startswith("TimeLimitError: the run went past its time limit of 0.5 s")


def test_resume_skips_done_runs_and_reruns_failed_ones(
        mini: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "s.sqlite"
    real = cellrun._replay

    def flaky(scenario: Scenario, seed: int, *args: Any) -> Any:
        if seed == 2:
            raise RuntimeError("a worker's bad day")
        return real(scenario, seed, *args)

    monkeypatch.setattr(cellrun, "_replay", flaky)
    cells = [Cell(BASE, {}, mini)]
    first = run_batch(cells, 4, out)
    assert (first.done, first.failed) == (3, 1)
    assert "RuntimeError: a worker's bad day" in stored(out)[0][2][3]
    monkeypatch.setattr(cellrun, "_replay", real)
    again = run_batch(cells, 6, out, resume=True)
    assert (again.skipped, again.done, again.failed) == (3, 3, 0)
    fresh = tmp_path / "fresh.sqlite"
    run_batch(cells, 6, fresh)
    assert stored(out) == stored(fresh)


def test_a_resume_against_an_edited_scenario_is_refused(
        mini: Scenario, cells: list[Cell], tmp_path: Path) -> None:
    out = tmp_path / "e.sqlite"
    run_batch(cells, 2, out)
    red = mini.units[2]
    edited = mini.model_copy(update={"units": (*mini.units[:2],
                                               red.model_copy(update={"strength": 0.7}),
                                               *mini.units[3:])})
    with pytest.raises(SalientError, match=r"cell 'base': its scenario's content digest "
                       r"was [0-9a-f]{16}, now [0-9a-f]{16}"):
        run_batch([Cell(BASE, {}, edited), cells[1]], 2, out, resume=True)
    assert len(Store.open(out).runs()) == 4  # left as it was


def test_bad_batches_are_refused_before_any_run(cells: list[Cell], tmp_path: Path) -> None:
    with pytest.raises(SalientError, match="repeated: base"):
        run_batch([cells[0], cells[0]], 2, tmp_path / "a.sqlite")
    with pytest.raises(SalientError, match="0 runs"):
        run_batch(cells, 0, tmp_path / "a.sqlite")
    with pytest.raises(SalientError, match="unknown metric 'speed'"):
        run_batch(cells, 1, tmp_path / "a.sqlite", metrics=["speed"])
    assert not (tmp_path / "a.sqlite").exists()


def test_chosen_metrics_and_times_are_what_is_recorded(cells: list[Cell], tmp_path: Path
                                                       ) -> None:
    out = tmp_path / "m.sqlite"
    run_batch(cells[:1], 2, out, metrics=["ground_km2.blue", "pows"], times=[6.0, 12.0])
    _, series = stored(out)
    assert {(name, hours) for _, _, name, hours, _ in series} == {
        (name, hours) for name in ("ground_km2.blue", "pows.blue", "pows.red")
        for hours in (6.0, 12.0)}


@two_cpus
@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the workers inherit the test's patch only when forked")
def test_a_worker_that_dies_is_replaced_and_its_run_stored_failed(
        mini: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, parent = cellrun._replay, os.getpid()

    def dies(scenario: Scenario, seed: int, *args: Any) -> Any:
        if seed == 1 and os.getpid() != parent:
            os._exit(3)  # as a worker killed by the system would
        return real(scenario, seed, *args)

    monkeypatch.setattr(cellrun, "_replay", dies)  # the forked workers inherit it
    out = tmp_path / "d.sqlite"
    summary = run_batch([Cell(BASE, {}, mini)], 6, out, executor=LocalExecutor(2))
    assert (summary.done, summary.failed) == (5, 1)
    runs, _ = stored(out)
    assert runs[1][2] == "failed" and "stopped with exit code 3 during this run" in runs[1][3]


def test_a_new_store_is_removed_when_no_run_could_be_made(cells: list[Cell], tmp_path: Path
                                                          ) -> None:
    class Unreachable:
        def run(self, *args: Any) -> None:
            raise SalientError("cannot reach the Dask scheduler at tcp://127.0.0.1:1")

    out = tmp_path / "u.sqlite"
    with pytest.raises(SalientError, match="cannot reach"):
        run_batch(cells, 2, out, executor=Unreachable())
    assert list(tmp_path.iterdir()) == []  # the same command can be given again
    run_batch(cells, 2, out)
    with pytest.raises(SalientError, match="cannot reach"):
        run_batch(cells, 3, out, resume=True, executor=Unreachable())
    assert len(Store.open(out).runs()) == 4  # a resumed store is kept
