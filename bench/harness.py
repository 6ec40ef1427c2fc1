"""Run every benchmark, write bench/results.json atomically, print the table.

    python -m bench                 # the full run (several minutes)
    python -m bench --quick         # a smoke run: fewer seeds and runs, small grids only
    python -m bench --only replay   # some benchmarks only (load, replay, calibrate, grids)

The results file holds the machine (CPUs, model, Python, platform), the date, the git
commit, the load average before and after, the parameters and every figure with its
unit. A quick or partial run is marked as such; ``python -m bench.report`` puts only full
runs into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import bench_tui, figures
from bench.bench_batch import batch_speed
from bench.machine import (
    git,
    inputs,
    load_average,
    machine,
    now_iso,
    read_json,
    write_json,
)
from bench.report import BASELINE, RESULTS, render

NAMES = ("load", "replay", "calibrate", "grids", "tui", "batch")


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def plan(args: argparse.Namespace) -> dict[str, tuple[Callable[..., dict[str, Any]],
                                                       dict[str, Any]]]:
    """Each benchmark to run, with its parameters."""
    quick = args.quick
    shapes = figures.QUICK_GRIDS if quick else figures.GRIDS
    return {
        "load": (figures.kursk_load, {"repeat": 5 if quick else 20}),
        "replay": (figures.kursk_replay, {"seeds": args.seeds or (5 if quick else 20)}),
        "calibrate": (figures.calibrate_speed,
                      {"runs": args.calibrate_runs or (20 if quick else 200)}),
        "batch": (batch_speed, {"runs": 100 if quick else 2000}),
        "grids": (figures.grids, {"shapes": shapes, "timeout": args.grid_timeout,
                                  "memory_timeout": args.memory_timeout}),
        "tui": (bench_tui.tui, {"runs": 3 if quick else 5}),
    }


def _params(kwargs: dict[str, Any]) -> dict[str, Any]:
    out = dict(kwargs)
    if "shapes" in out:
        out["shapes"] = [vars(s) | {"places": s.places} for s in out["shapes"]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 5 seeds, 20 calibrate runs, grids of 100 and "
                             "1,000 places")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME",
                        help=f"run only these benchmarks ({', '.join(NAMES)})")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="where to write the results (default bench/results.json)")
    parser.add_argument("--seeds", type=int, help="Kursk replay seeds (default 20)")
    parser.add_argument("--calibrate-runs", type=int, help="calibrate runs (default 200)")
    parser.add_argument("--grid-timeout", type=float, default=600.0,
                        help="wall-clock budget in s of each grid's timed run, load "
                             "included (default 600)")
    parser.add_argument("--memory-timeout", type=float, default=600.0,
                        help="wall-clock budget in s of each grid's memory run (default 600)")
    args = parser.parse_args(argv)
    if args.quick:
        args.grid_timeout = min(args.grid_timeout, 120.0)
        args.memory_timeout = min(args.memory_timeout, 120.0)
    chosen = args.only or list(NAMES)
    custom = args.seeds is not None or args.calibrate_runs is not None
    kind = "quick" if args.quick else "partial" if args.only or custom else "full"
    started = time.perf_counter()
    results: dict[str, Any] = {
        "schema": 1, "kind": kind, "date": now_iso(), "command": ["python", "-m", "bench",
                                                                  *(argv or sys.argv[1:])],
        "machine": machine(), "git": git(), "inputs": inputs(),
        "load_average": {"start": load_average()},
        "params": {}, "durations_s": {}, "figures": {}, "errors": [],
    }
    progress(f"benchmarks: {', '.join(chosen)} ({kind} run); commit "
             f"{(results['git']['commit'] or '?')[:10]}")
    busy, cpus = results["load_average"]["start"], results["machine"]["cpus_available"]
    if busy and busy[0] > cpus / 2:
        progress(f"warning: the machine is busy (load average {busy[0]} on {cpus} CPUs); "
                 "the times will be high and noisy")
    for name, (bench, kwargs) in plan(args).items():
        if name not in chosen:
            continue
        progress(f"{name} ...")
        results["load_average"][name] = load_average()
        results["params"][name] = _params(kwargs)
        t0 = time.perf_counter()
        try:
            results["figures"].update(bench(**kwargs, progress=progress))
        except Exception as exc:
            traceback.print_exc()
            results["errors"].append({"benchmark": name,
                                      "error": f"{type(exc).__name__}: {exc}"[:500]})
        results["durations_s"][name] = time.perf_counter() - t0
        progress(f"{name}: {results['durations_s'][name]:.1f} s")
    results["load_average"]["end"] = load_average()
    results["wall_s"] = time.perf_counter() - started
    write_json(args.out, results)
    baseline = read_json(BASELINE)
    print(render(baseline, results) if args.out == RESULTS else render(None, results), end="")
    print(f"\nwritten {args.out} in {results['wall_s']:.0f} s")
    return 1 if results["errors"] else 0
