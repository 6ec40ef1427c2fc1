"""Benchmark: ``engine.batch.run_batch`` on the Kursk replay, store included.

Runs per second with 1 and 2 local jobs and on a local Dask cluster of 2 workers (its
start included, and without it), then the store alone: the time to write one run (its
own transaction, with the default recording) and the bytes a run takes in the file.

    .venv/bin/python -m bench.bench_batch [--runs N]
    .venv/bin/python -m bench --only batch

``--ten-thousand`` times instead the issue's own figure, measured rather than
extrapolated: a batch of 10,000 Kursk runs of the base with 2 local jobs, store included
(about two minutes).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.figures import KURSK, Figure, Progress, _available_cpus, _cpu_seconds, _quiet, fig


def batch_speed(runs: int = 2000, progress: Progress = _quiet) -> dict[str, Figure]:
    """Runs per second of a *runs*-run Kursk batch (base cell) per executor; store costs."""
    from engine.batch import Cell, run_batch
    from engine.cellrun import RunResult
    from engine.executors import DaskExecutor, LocalExecutor
    from engine.store import CellRecord, Store
    from scenario.loader import digest, load

    scenario = load(KURSK)
    cells = [Cell("base", {}, scenario)]
    out: dict[str, Figure] = {}
    cpus = _available_cpus()
    with tempfile.TemporaryDirectory() as folder:
        seconds: dict[str, float | None] = {}
        cluster = _cluster() if cpus >= 2 else None
        address = cluster.scheduler_address if cluster is not None else None
        for name, make in (("jobs1", lambda: LocalExecutor(1)),
                           ("jobs2", lambda: LocalExecutor(2)),
                           ("dask2", lambda: DaskExecutor(None, 2)),
                           ("dask2_running", lambda: DaskExecutor(address, 2))):
            if name != "jobs1" and cpus < 2:
                seconds[name] = None
                progress(f"  {name}: not run ({cpus} CPU)")
                continue
            path = Path(folder) / f"{name}.sqlite"
            cpu0, start = _cpu_seconds(), time.perf_counter()
            run_batch(cells, runs, path, executor=make())
            seconds[name] = time.perf_counter() - start
            if name.startswith("jobs"):  # Dask's workers are not this process's children
                out[f"batch.{name}_cpu_s"] = fig(
                    f"batch of {runs} Kursk runs, {name}: CPU time of all its processes",
                    _cpu_seconds() - cpu0, "s")
            progress(f"  {name}: {seconds[name]:.1f} s")
            if name == "jobs1":
                out["batch.bytes_per_run"] = fig(
                    f"batch store bytes per Kursk run (default recording, {runs} runs)",
                    os.path.getsize(path) / runs, "bytes")
        for name, label in (("jobs1", "1 job"), ("jobs2", "2 jobs"),
                            ("dask2", "Dask, 2 local workers, cluster start included"),
                            ("dask2_running", "Dask, 2 local workers already running")):
            s = seconds[name]
            out[f"batch.{name}_rps"] = fig(f"batch of {runs} Kursk runs, {label}: runs per "
                                           "second, store included", runs / s if s else None,
                                           "runs/s")
        if cluster is not None:
            cluster.close()
        one, two = seconds["jobs1"], seconds["jobs2"]
        out["batch.speedup"] = fig("batch speed-up, 2 jobs over 1",
                                   one / two if one and two else None, "x")
        out["batch.10000_jobs2_s"] = fig("10,000 Kursk runs with 2 jobs (extrapolated)",
                                         two / runs * 10_000 if two else None, "s")
        results: list[RunResult] = []
        LocalExecutor(1).run(_work(cells[0], digest(scenario)), iter([("base", s)
                                                                      for s in range(200)]),
                             None, results.append)
        store = Store.create(Path(folder) / "store.sqlite",
                             [CellRecord("base", {}, digest(scenario))], "")
        start = time.perf_counter()
        for result in results:
            store.add(result)
        per_run = (time.perf_counter() - start) / len(results)
        store.close()
        out["batch.store_ms_per_run"] = fig("batch store: writing one Kursk run (own "
                                            "transaction)", per_run * 1000, "ms")
    return out


def ten_thousand(runs: int = 10_000, jobs: int = 2) -> Figure:
    """Seconds for a *runs*-run Kursk batch (base) with *jobs* local jobs, store included."""
    from engine.batch import Cell, run_batch
    from engine.executors import LocalExecutor
    from scenario.loader import load

    scenario = load(KURSK)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        summary = run_batch([Cell("base", {}, scenario)], runs, Path(folder) / "r.sqlite",
                            executor=LocalExecutor(jobs))
        seconds = time.perf_counter() - start
    if summary.done != runs:
        raise SystemExit(f"only {summary.done} of {runs} runs finished")
    return fig(f"{runs:,} Kursk runs with {jobs} jobs (measured), store included",
               seconds, "s")


def _cluster() -> Any:
    """A local Dask cluster of 2 worker processes on 127.0.0.1."""
    from engine.executors import local_cluster

    return local_cluster(2)


def _work(cell: Any, content: str) -> dict[str, Any]:
    from engine.cellrun import make_plan
    from engine.executors import CellWork

    return {cell.name: CellWork(cell.name, content, cell.scenario, make_plan(cell.scenario))}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--ten-thousand", action="store_true",
                        help="time a 10,000-run batch with 2 jobs instead")
    args = parser.parse_args()
    if args.ten_thousand:
        figure = ten_thousand()
        print(f"{figure['value']:.1f} {figure['unit']}  {figure['label']}")
        return
    for key, figure in batch_speed(args.runs, progress=print).items():
        print(f"{key:28} {figure['value'] if figure['value'] is not None else '-':>12.6} "
              f"{figure['unit']:7} {figure['label']}")


if __name__ == "__main__":
    main()
