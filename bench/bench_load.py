"""Benchmark: reading and validating scenario files, from the Kursk file to hostile ones.

Prints the median wall time (in this process, one core) of:
- load + validate of the Kursk scenario (the issue's target: under 150 ms);
- load + validate of a generated 100 x 100 road grid (10,000 places, about 20,000 roads,
  2,000 units; target: under 3 s);
- refusing a 5 MB flow list of 2.4 million items (target: under 2 s);
- reading a file at the byte limit (a long comment: target under 3 s).

    .venv/bin/python bench/bench_load.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scenario import ScenarioError, load
from scenario.generate import Grid, write_grid
from scenario.inputs import MAX_BYTES
from scenario.yamlfile import read_document

KURSK = Path(__file__).resolve().parent.parent / "scenarios" / "kursk_2024.yaml"


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of *repeat* calls of *fn* (a refusal counts as done)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(ScenarioError):
            fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def hostile_files(folder: Path) -> tuple[Path, Path]:
    """A 2.4-million-item flow list and a file of exactly the byte limit."""
    flow = folder / "flow.yaml"
    flow.write_text("[" + ",".join(["1"] * 2_400_000) + "]\n", encoding="utf-8")
    at_limit = folder / "limit.yaml"
    head = b"metadata: {}\n# "
    at_limit.write_bytes(head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n")
    return flow, at_limit


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        grid = write_grid(folder / "grid", Grid(rows=100, cols=100, units_per_side=1000))
        flow, at_limit = hostile_files(folder)
        rows = [
            ("Kursk load + validate", median_seconds(lambda: load(KURSK), args.repeat * 4)),
            ("10,000-place grid load + validate", median_seconds(lambda: load(grid), 3)),
            ("2.4M-item flow list refused", median_seconds(
                lambda: read_document(flow, "flow.yaml"), args.repeat)),
            (f"{MAX_BYTES:,}-byte file read", median_seconds(
                lambda: read_document(at_limit, "limit.yaml"), args.repeat)),
        ]
    for name, seconds in rows:
        print(f"{name:38s} median {seconds * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
