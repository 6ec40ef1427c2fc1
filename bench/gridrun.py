"""One generated road-grid run in its own process, reporting each phase as a JSON line.

    python -m bench.gridrun SCENARIO.yaml --measure time|memory [--seed N]

``time``: load + validate the file (``load``), build the simulation (``build``:
``Simulation(...)``, which makes the road graph, the territory cells and the processes),
run it to the scenario's end (``run``). Each phase is timed with ``time.perf_counter``
(build and run also with ``time.process_time``, this process's CPU time, which other work
on the machine disturbs less) and printed as soon as it ends, so a parent that stops this
process at its wall-clock budget still knows how far it got.

``memory``: load untraced, then ``tracemalloc`` around building and running the same
seed, with the events counted (:mod:`bench.counting`); prints the peak traced memory,
the events processed, the engagements started and the log's length.

An exception ends the process with a line ``{"error": ..., "message": ..., "phase": ...,
"seconds": ...}`` (for instance the engine's ``RunawayError`` when a run outspends its
budget), and exit code 3.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.counting import EventCounter, engagements


def emit(**data: Any) -> None:
    """Print one JSON line, stamped with the wall-clock time (``at``), and flush it."""
    print(json.dumps({**data, "at": time.time()}), flush=True)


def measure_time(path: Path, seed: int) -> None:
    from engine import Simulation
    from scenario import load

    phase, start = "load", time.perf_counter()
    try:
        scenario = load(path)
        emit(phase="load", seconds=time.perf_counter() - start)
        gc.collect()
        phase, start, cpu = "build", time.perf_counter(), time.process_time()
        sim = Simulation(scenario, seed=seed)
        emit(phase="build", seconds=time.perf_counter() - start,
             cpu_seconds=time.process_time() - cpu)
        phase, start, cpu = "run", time.perf_counter(), time.process_time()
        sim.run()
        emit(phase="run", seconds=time.perf_counter() - start,
             cpu_seconds=time.process_time() - cpu, sim_hours=sim.now)
    except Exception as exc:
        emit(error=type(exc).__name__, message=str(exc), phase=phase,
             seconds=time.perf_counter() - start, sim_hours=_hours(locals().get("sim")))
        raise SystemExit(3) from None


def measure_memory(path: Path, seed: int) -> None:
    from engine import Simulation
    from scenario import load

    scenario = load(path)
    gc.collect()
    phase, start = "build", time.perf_counter()
    tracemalloc.start()
    try:
        sim = Simulation(scenario, seed=seed)
        counter = EventCounter(sim)
        phase = "run"
        sim.run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        emit(phase="memory", peak_bytes=peak, events=counter.events(sim),
             engagements=engagements(sim), log_entries=len(sim.log.entries),
             sim_hours=sim.now, seconds=time.perf_counter() - start)
    except Exception as exc:
        emit(error=type(exc).__name__, message=str(exc), phase=phase,
             seconds=time.perf_counter() - start, sim_hours=_hours(locals().get("sim")))
        raise SystemExit(3) from None


def _hours(sim: Any) -> float | None:
    try:
        return float(sim.now)
    except Exception:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--measure", choices=("time", "memory"), required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.measure == "time":
        measure_time(args.scenario, args.seed)
    else:
        measure_memory(args.scenario, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
