"""Benchmark: the app under the pilot on Kursk at 120x40 (issue 10, part 9).

Figures, each from a key press to the last frame it causes (``App._display`` is wrapped
to note the time of every frame, which Textual renders in full even headless):

- ``tui.turn_p50_ms`` / ``tui.turn_p95_ms``: ``n``, a turn advanced and redrawn, over the
  whole run (target p95 < 50 ms); ``tui.turn_cpu_ms``: the process's CPU time per ``n``,
  which a busy machine inflates much less than the wall time;
- ``tui.view_ms``: ``v``, switching the view, late in the run (target < 100 ms), the median
  of 3 (the session's first ``v`` costs as much as the later ones);
- ``tui.claims_first_ms``: ``c``, the session's first opening of the claims screen, late in
  the run: the screen is built then, so it is the slowest opening;
- ``tui.claims_ms``: ``c``, the worst of 3 openings late in the run, the first included
  (target < 100 ms); the later ones show the screen kept from the first;
- ``tui.first_paint_ms``: from starting a new Python process to the app's first frame of
  the main screen (target < 1 s), the median of a few processes. The process starts the
  app as ``salient play`` does (:func:`tui.cli.cmd_play`): numpy's BLAS on one thread, the
  garbage collector held while it imports, loads and builds the session, and what was
  made frozen before it runs.

    .venv/bin/python -m bench.bench_tui [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.machine import ROOT

KURSK = ROOT / "scenarios" / "kursk_2024.yaml"
SIZE = (120, 40)
Figure = dict[str, Any]


def _fig(label: str, value: float, unit: str = "ms") -> Figure:
    return {"label": label, "value": value, "unit": unit}


def _quiet(_: str) -> None:
    pass


async def _keys(frames: list[float]) -> dict[str, list[float]]:
    """Milliseconds from each timed key to its last frame, by what the key does."""
    from scenario import load
    from tui.app import SalientApp
    from tui.session import Session

    app = SalientApp(Session(load(KURSK)))
    times: dict[str, list[float]] = {"turn": [], "view": [], "claims": [], "turn_cpu": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def timed(what: str, *keys: str) -> None:
            frames.clear()
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press(*keys)
            app.main.settle()
            await pilot.pause()
            if frames:
                times[what].append((frames[-1] - start) * 1000)
            times[f"{what}_cpu"] = [*times.get(f"{what}_cpu", []),
                                    (time.process_time() - cpu) * 1000]

        for _ in range(app.session.turns):
            await timed("turn", "n")
        for _ in range(3):
            await timed("view", "v")
        for _ in range(3):
            await timed("claims", "c")
            await pilot.press("escape")
            await pilot.pause()
    return times


def pilot_figures() -> dict[str, Figure]:
    """The turn, view and claims figures of one run through Kursk."""
    from textual.app import App

    frames: list[float] = []
    original = App._display

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    App._display = display  # type: ignore[method-assign]
    try:
        times = asyncio.run(_keys(frames))
    finally:
        App._display = original  # type: ignore[method-assign]
    turns = sorted(times["turn"])
    p95 = turns[min(len(turns) - 1, round(0.95 * (len(turns) - 1)))]
    return {
        "tui.turn_p50_ms": _fig(f"app: n to last frame, median of {len(turns)} turns "
                                "(Kursk, 120x40)", statistics.median(turns)),
        "tui.turn_p95_ms": _fig("app: n to last frame, 95th percentile", p95),
        "tui.turn_cpu_ms": _fig("app: CPU time of the process per n, median (engine thread, "
                                "redraw and the pilot's own work)",
                                statistics.median(times["turn_cpu"])),
        "tui.view_ms": _fig("app: v to last frame at the end of the run, median of 3",
                            statistics.median(times["view"])),
        "tui.claims_first_ms": _fig("app: c (claims) to last frame, the session's first "
                                    "opening, at the end of the run", times["claims"][0]),
        "tui.claims_ms": _fig("app: c (claims) to last frame at the end of the run, worst "
                              "of 3 openings (the first included)", max(times["claims"])),
    }


CHILD = """
import gc, time, sys
from tui.cli import app_starting

with app_starting():  # as `salient play` starts the app (tui.cli.cmd_play)
    from textual.app import App
    from scenario import load
    from tui.app import SalientApp
    from tui.main_screen import MainScreen
    from tui.session import Session

    original = App._display
    def display(self, screen, renderable):
        original(self, screen, renderable)
        if renderable is not None and isinstance(screen, MainScreen):
            print(repr(time.time()), flush=True)
            self.exit()
            App._display = original
    App._display = display
    app = SalientApp(Session(load(sys.argv[1])))
    gc.freeze()
app.run(headless=True, size=(120, 40))
"""


def first_paint_ms(runs: int = 5) -> float:
    """Median milliseconds from starting a Python process to the main screen's first frame.

    The packages' bytecode is written first, as ``make run`` does (and pip for any installed
    package): the figure is the app's start, not the compiler's.
    """
    compileall.compile_dir(ROOT / "scenario", quiet=1)
    compileall.compile_dir(ROOT / "engine", quiet=1)
    compileall.compile_dir(ROOT / "tui", quiet=1)
    out = []
    for _ in range(runs):
        start = time.time()
        done = subprocess.run([sys.executable, "-c", CHILD, str(KURSK)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, check=True)
        out.append((float(done.stdout.split()[0]) - start) * 1000)
    return statistics.median(out)


def tui(runs: int = 5, progress: Callable[[str], None] = _quiet) -> dict[str, Figure]:
    """Every figure of the app (see the module's docstring)."""
    figures = pilot_figures()
    progress("tui: first paint ...")
    figures["tui.first_paint_ms"] = _fig(f"app: process start to first frame, median of "
                                         f"{runs} processes", first_paint_ms(runs))
    return figures


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="processes for the first paint")
    args = parser.parse_args()
    for fid, figure in tui(args.runs).items():
        print(f"{figure['label']:<72} {figure['value']:8.1f} ms   ({fid})")


if __name__ == "__main__":
    main()
