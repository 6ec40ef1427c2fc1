"""Benchmark: load the Kursk scenario, build its world and run the replay headless.

Prints the time to load and validate, to build the graph and territory cells, and to run
the whole 6-20 August replay, over a few seeds, with peak memory of one run.

    .venv/bin/python bench/bench_run.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from engine.simulation import Simulation
from engine.territory import build_territory
from engine.world import build_world
from scenario import load

KURSK = Path(__file__).resolve().parent.parent / "scenarios" / "kursk_2024.yaml"


def timed(fn: object, repeat: int) -> list[float]:
    """Wall-clock seconds of *repeat* calls of *fn*."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    scenario = load(KURSK)
    load_s = timed(lambda: load(KURSK), 5)
    world = build_world(scenario)
    world_s = timed(lambda: build_world(scenario), 20)
    cells_s = timed(lambda: build_territory(world), 20)
    seeds = iter(range(args.runs))
    run_s = timed(lambda: Simulation(scenario, seed=next(seeds)).run(), args.runs)
    tracemalloc.start()
    sim = Simulation(scenario, seed=0)
    sim.run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"scenario: {len(scenario.map.places)} places, {len(scenario.map.roads)} roads, "
          f"{len(scenario.units)} units, {len(scenario.timeline)} timeline entries")
    print(f"load + validate     median {statistics.median(load_s) * 1000:8.1f} ms")
    print(f"build world graph   median {statistics.median(world_s) * 1000:8.1f} ms")
    print(f"territory cells     median {statistics.median(cells_s) * 1000:8.1f} ms")
    print(f"replay 6-20 Aug     median {statistics.median(run_s) * 1000:8.1f} ms over "
          f"{args.runs} seeds ({1 / statistics.median(run_s):.1f} runs/s on one core)")
    print(f"log entries per run {len(sim.log.entries):8d}")
    print(f"peak memory of a run {peak / 1e6:7.1f} MB (tracemalloc)")


if __name__ == "__main__":
    main()
