"""The benchmarks: each a function returning a dict of figures (id -> figure).

A figure is a dict ``{"label", "value", "unit"}`` with, when it applies, ``"note"`` (why
there is no value, or what it is a bound of) and ``"lower_bound"`` (for a run that did
not finish: the time it had taken when it stopped, a lower bound of its time).

- :func:`kursk_load`: ``scenario.load`` of the Kursk file in this process;
- :func:`kursk_replay`: the Kursk replay over many seeds, interleaved with bare SimPy
  (100,000 plain timeouts, as ``../shared/checks/speed.py`` measures it), and the ratio;
- :func:`calibrate_speed`: ``engine.calibrate.calibrate`` with 1 and 2 jobs, and beside
  it the machine's own parallel ceiling (:func:`parallel_ceiling`: the same pure-Python
  loop in 1 and in 2 processes at once);
- :func:`grids`: generated road grids, each run in a subprocess with a wall-clock budget
  (:mod:`bench.gridrun`), and the growth exponent of run time in the number of places.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simpy

from bench.counting import EventCounter, engagements
from bench.machine import ROOT

KURSK = ROOT / "scenarios" / "kursk_2024.yaml"
Figure = dict[str, Any]
Progress = Callable[[str], None]


def fig(label: str, value: float | None, unit: str, note: str | None = None,
        **extra: Any) -> Figure:
    """One figure; *value* None means it could not be measured (say why in *note*)."""
    out: Figure = {"label": label, "value": value, "unit": unit}
    if note:
        out["note"] = note
    out.update(extra)
    return out


def _quiet(_: str) -> None:
    pass


# -- Kursk load --------------------------------------------------------------------------

def kursk_load(repeat: int = 20, progress: Progress = _quiet) -> dict[str, Figure]:
    """Median wall time of ``scenario.load`` (read, include, validate) of the Kursk file."""
    from scenario import load

    load(KURSK)  # warm: imports, first-use caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        load(KURSK)
        times.append(time.perf_counter() - start)
    return {"load.kursk_ms": fig(f"Kursk load + validate, median of {repeat}",
                                 statistics.median(times) * 1000, "ms")}


# -- Kursk replay against bare SimPy -----------------------------------------------------

def bare_simpy(n_events: int = 100_000, procs: int = 200) -> float:
    """Seconds for plain SimPy to process *n_events* timeouts (as the shared speed check)."""
    env = simpy.Environment()
    per = n_events // procs

    def p(env: simpy.Environment) -> Any:
        for _ in range(per):
            yield env.timeout(1)

    for _ in range(procs):
        env.process(p(env))
    start = time.perf_counter()
    env.run()
    return time.perf_counter() - start


def kursk_replay(seeds: int = 20, progress: Progress = _quiet) -> dict[str, Figure]:
    """The Kursk replay over *seeds* seeds, bare SimPy beside it, their ratio, the events.

    As ``../shared/checks/speed.py``: one warm-up replay, then for each seed a bare-SimPy
    measurement and a replay, interleaved, so drifts of the machine touch both; the ratio
    is of the two medians. The timed replays are ``Simulation(scenario, seed).run()``
    (building the simulation included, loading the file not). Events and log entries come
    from a second, untimed pass over the same seeds with the events counted.
    """
    from engine import Simulation
    from scenario import load

    scenario = load(KURSK)
    Simulation(scenario, seed=0).run()  # warm caches and imports
    runs, bares = [], []
    chosen = range(100, 100 + seeds)
    for i, seed in enumerate(chosen):
        bares.append(bare_simpy())
        start = time.perf_counter()
        Simulation(scenario, seed=seed).run()
        runs.append(time.perf_counter() - start)
        progress(f"  seed {seed} ({i + 1}/{seeds}): {runs[-1] * 1000:.0f} ms, "
                 f"bare {bares[-1] * 1000:.0f} ms")
    events: list[int | None] = []
    entries: list[int] = []
    fights: list[int] = []
    for seed in chosen:
        sim = Simulation(scenario, seed=seed)
        counter = EventCounter(sim)
        sim.run()
        events.append(counter.events(sim))
        entries.append(len(sim.log.entries))
        fights.append(engagements(sim))
    replay, bare = statistics.median(runs), statistics.median(bares)
    counted = [e for e in events if e is not None]
    return {
        "kursk.replay_ms": fig(f"Kursk replay, median wall time over {seeds} seeds",
                               replay * 1000, "ms", min=min(runs) * 1000, max=max(runs) * 1000),
        "kursk.events": fig("Kursk replay, events processed (median over the seeds)",
                            statistics.median(counted) if len(counted) == len(events) else None,
                            "events", None if len(counted) == len(events) else
                            "not counted: the engine no longer steps through env.step"),
        "kursk.log_entries": fig("Kursk replay, log entries (median over the seeds)",
                                 statistics.median(entries), "entries"),
        "kursk.engagements": fig("Kursk replay, engagements started (median over the seeds)",
                                 statistics.median(fights), "engagements"),
        "bare.simpy_100k_ms": fig(f"Bare SimPy, 100,000 timeouts, median of {seeds}",
                                  bare * 1000, "ms"),
        "kursk.ratio": fig("Kursk replay / bare SimPy 100k", replay / bare, "ratio"),
    }


# -- calibrate ---------------------------------------------------------------------------

def calibrate_speed(runs: int = 200, progress: Progress = _quiet) -> dict[str, Figure]:
    """Wall time of ``calibrate`` over *runs* seeds of the Kursk scenario, 1 and 2 jobs.

    Loading the file is not included; starting the worker processes (jobs 2) is. The CPU
    time of the harness and its workers beside the wall time tells a speed-up lost to other
    work on the machine (CPU time as with 1 job) from one lost to the work itself (more).
    Before, between and after the two, the machine's parallel ceiling is sampled
    (:func:`ceiling_sample`), so the speed-up is shown beside what this machine allows at
    the same time (:func:`parallel_ceiling`), and as a share of it.
    """
    from engine.calibrate import calibrate
    from scenario import load

    scenario = load(KURSK)
    cpus = _available_cpus()
    out: dict[str, Figure] = {}
    seconds: dict[int, float | None] = {}
    cpu: dict[int, float | None] = {1: None, 2: None}
    others: dict[int, float | None] = {1: None, 2: None}
    samples: list[tuple[float, float]] = []
    for jobs in (1, 2):
        note: str | None = None
        if cpus >= 2:
            samples.append(ceiling_sample())
        if jobs > cpus:
            seconds[jobs] = None
            note = f"not run: this process may use {cpus} CPU(s)"
        else:
            busy0, cpu0, start = machine_busy(), _cpu_seconds(), time.perf_counter()
            calibrate(scenario, range(runs), jobs=jobs)
            seconds[jobs] = time.perf_counter() - start
            cpu[jobs] = _cpu_seconds() - cpu0
            busy1 = machine_busy()
            if busy0 is not None and busy1 is not None:
                others[jobs] = max(0.0, busy1 - busy0 - cpu[jobs]) / seconds[jobs]
        progress(f"  {jobs} job(s): " + (note or f"{seconds[jobs]:.1f} s"))
        s = seconds[jobs]
        out[f"calibrate.jobs{jobs}_s"] = fig(f"calibrate {runs} runs, {jobs} job(s): wall time",
                                             s, "s", note)
        out[f"calibrate.jobs{jobs}_rps"] = fig(f"calibrate {runs} runs, {jobs} job(s): runs "
                                               "per second", runs / s if s else None, "runs/s",
                                               note)
        out[f"calibrate.jobs{jobs}_cpu_s"] = fig(
            f"calibrate {runs} runs, {jobs} job(s): CPU time of all its processes",
            cpu[jobs], "s", note)
        out[f"calibrate.jobs{jobs}_others_cpus"] = fig(
            f"calibrate {runs} runs, {jobs} job(s): CPUs kept busy by other work meanwhile "
            f"(of {cpus})", others[jobs], "CPUs",
            note or (None if others[jobs] is not None else "not measured: no /proc/stat"))
    if cpus >= 2:
        samples.append(ceiling_sample())
    one, two = seconds[1], seconds[2]
    speedup = one / two if one and two else None
    out["calibrate.speedup"] = fig("calibrate speed-up, 2 jobs over 1", speedup, "x")
    ceiling = parallel_ceiling(samples, progress) if cpus >= 2 else {}
    out.update(ceiling)
    bound = (ceiling.get("machine.ceiling") or {}).get("value")
    out["calibrate.share_of_ceiling"] = fig(
        "calibrate speed-up over the machine's ceiling (1.00: the pool loses nothing)",
        speedup / bound if speedup and bound else None, "ratio",
        None if speedup and bound else "not measured: needs both speed-ups")
    return out


LOOP_STEPS = 10_000_000
"""Additions in one run of :func:`cpu_loop` (about half a second of one core)."""


def cpu_loop(steps: int = LOOP_STEPS) -> int:
    """Pure-Python work with no memory traffic to speak of: add the integers below *steps*."""
    total = 0
    for i in range(steps):
        total += i
    return total


def loop_in(processes: int, steps: int = LOOP_STEPS) -> float:
    """Wall seconds for *processes* processes, started together, each to run :func:`cpu_loop`.

    Starting and joining the processes is counted, as for ``calibrate``'s workers (the
    same start method: the platform's default).
    """
    workers = [multiprocessing.Process(target=cpu_loop, args=(steps,), daemon=True)
               for _ in range(processes)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    failed = [w.exitcode for w in workers if w.exitcode != 0]
    if failed:
        raise RuntimeError(f"a loop process failed (exit codes {failed})")
    return elapsed


def ceiling_sample() -> tuple[float, float]:
    """One measurement: the loop in 1 process, then in 2 at once; both wall times."""
    return loop_in(1), loop_in(2)


def parallel_ceiling(samples: list[tuple[float, float]],
                     progress: Progress = _quiet) -> dict[str, Figure]:
    """The machine's parallel ceiling from the *samples* of :func:`ceiling_sample`.

    Two processes do twice the work of one; the ceiling is ``2 * t1 / t2`` for each sample
    (2.00 on two free cores; less when the two CPUs are not both free or not both fast),
    and the figure is its median. It bounds what any pool of 2 workers can gain here.
    """
    if not samples:
        return {}
    ones, twos = [a for a, _ in samples], [b for _, b in samples]
    ratios = [2 * a / b for a, b in samples]
    progress(f"  pure-Python loop: 1 process {statistics.median(ones):.2f} s, 2 at once "
             f"{statistics.median(twos):.2f} s: ceiling {statistics.median(ratios):.2f}x")
    n = len(samples)
    return {
        "machine.loop1_s": fig(f"pure-Python loop ({LOOP_STEPS:,} additions), 1 process: "
                               f"wall time, median of {n}", statistics.median(ones), "s"),
        "machine.loop2_s": fig(f"the same loop in 2 processes at once: wall time, median of "
                               f"{n}", statistics.median(twos), "s"),
        "machine.ceiling": fig("the machine's parallel ceiling: 2 processes' throughput over "
                               "1's on that loop (2 x 1-process time / 2-process time)",
                               statistics.median(ratios), "x",
                               min=min(ratios), max=max(ratios)),
    }


def machine_busy() -> float | None:
    """Seconds all CPUs together have spent busy since boot (``/proc/stat``), or None.

    Less this harness's own CPU time over a run, it is the work of everything else on the
    machine meanwhile: what a speed-up measured then was up against.
    """
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished children."""
    me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- generated road grids ----------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """A generated grid to run: ``scenario.generate.Grid(rows, cols, units_per_side, days)``."""

    rows: int
    cols: int
    units_per_side: int
    days: int = 10

    @property
    def places(self) -> int:
        return self.rows * self.cols

    def describe(self) -> str:
        return (f"grid {self.places:,} places ({self.rows} x {self.cols}), "
                f"{self.units_per_side:,} units a side")


GRIDS = (Shape(10, 10, 10), Shape(25, 40, 100), Shape(100, 100, 1000))
"""The grids of a full run: 100, 1,000 and 10,000 places."""
QUICK_GRIDS = (Shape(10, 10, 10), Shape(25, 40, 100))
"""The grids of a quick run."""


@dataclass
class Outcome:
    """What a grid subprocess reported."""

    phases: dict[str, dict[str, Any]]
    error: dict[str, Any] | None
    timed_out: bool
    killed_at: float
    stderr: str


def run_worker(path: Path, measure: str, timeout: float, seed: int = 0) -> Outcome:
    """Run :mod:`bench.gridrun` on *path*; stop it (its process group) after *timeout* s."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.gridrun", str(path), "--measure", measure,
         "--seed", str(seed)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's session, nothing else
        out, err = proc.communicate()
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    killed_at = time.time()
    phases: dict[str, dict[str, Any]] = {}
    error = None
    for line in out.splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "error" in data:
            error = data
        elif "phase" in data:
            phases[data["phase"]] = data
    if not timed_out and error is None and proc.returncode != 0:
        error = {"error": f"exit code {proc.returncode}", "message": err.strip()[-500:],
                 "phase": "?", "seconds": None}
    return Outcome(phases, error, timed_out, killed_at, err)


def _failure(outcome: Outcome, timeout: float, shape: Shape) -> str:
    """A short sentence for a run that did not finish."""
    if outcome.timed_out:
        done = [p for p in ("load", "build", "run") if p in outcome.phases]
        doing = {"": "load", "load": "build", "build": "run"}[done[-1] if done else ""]
        return f"did not finish in {timeout:.0f} s (stopped during {doing})"
    err = outcome.error or {}
    hours = err.get("sim_hours")
    at = f" at hour {hours:.1f} of {shape.days * 24}" if isinstance(hours, float) else ""
    took = err.get("seconds")
    after = f" after {took:.0f} s" if isinstance(took, float) else ""
    if err.get("error") == "RunawayError":
        return f"stopped by the engine's run budget (RunawayError){at}{after} of {err['phase']}"
    return f"failed in {err.get('phase')}: {err.get('error')}: {err.get('message', '')[:200]}"


REPEAT = 3
"""Timed runs of each grid (each in a fresh process); the figures are their medians."""


def timed_runs(path: Path, timeout: float, repeat: int) -> list[Outcome]:
    """Up to *repeat* timed runs of *path*; the first that does not finish ends the series."""
    outcomes = []
    for _ in range(repeat):
        outcomes.append(run_worker(path, "time", timeout))
        if "run" not in outcomes[-1].phases:
            break
    return outcomes


def _median_phase(outcomes: list[Outcome], phase: str, field: str = "seconds",
                  ) -> float | None:
    values = [o.phases[phase][field] for o in outcomes
              if phase in o.phases and field in o.phases[phase]]
    return statistics.median(values) if values else None


def _median_total(outcomes: list[Outcome], field: str) -> float | None:
    """Median over the runs of build + run (*field*: ``seconds`` or ``cpu_seconds``)."""
    totals = [o.phases["build"][field] + o.phases["run"][field] for o in outcomes
              if field in o.phases.get("build", {}) and field in o.phases.get("run", {})]
    return statistics.median(totals) if totals else None


def grid_one(shape: Shape, folder: Path, timeout: float, memory_timeout: float,
             progress: Progress = _quiet, repeat: int = REPEAT) -> dict[str, Figure]:
    """Load, run, count and measure one generated grid (the YAML written beforehand).

    The timed run is made *repeat* times, each in a fresh process; load, build and run
    are the medians (a run that does not finish ends the series and is reported as such).
    """
    from scenario.generate import Grid, write_grid

    path = write_grid(folder / f"g{shape.places}", Grid(shape.rows, shape.cols,
                                                       shape.units_per_side, shape.days))
    key, name = f"grid.{shape.places}", shape.describe()
    outcomes = timed_runs(path, timeout, repeat)
    timed = outcomes[-1]
    ph = timed.phases
    finished = "run" in ph
    note = None if finished else _failure(timed, timeout, shape)
    if finished:
        load_s = _median_phase(outcomes, "load")
        build_s = _median_phase(outcomes, "build")
        run_s = _median_total(outcomes, "seconds")
        cpu_s = _median_total(outcomes, "cpu_seconds")
    else:
        load_s = ph.get("load", {}).get("seconds")
        build_s = ph.get("build", {}).get("seconds")
        run_s = cpu_s = None
    lower = None
    if not finished and "load" in ph:
        lower = timed.killed_at - ph["load"]["at"] if timed.timed_out else (
            (build_s or 0.0) + ((timed.error or {}).get("seconds") or 0.0))
    progress(f"  {name}: load {_s(load_s)}, build {_s(build_s)}, run {_s(run_s)}"
             + (f" ({note})" if note else ""))
    runs = len(outcomes)
    out = {
        f"{key}.load_s": fig(f"{name}: load + validate", load_s, "s",
                             None if load_s is not None else note),
        f"{key}.run_s": fig(f"{name}: run (build + {shape.days} days), median of {runs}",
                            run_s, "s", note,
                            **({"lower_bound": lower} if lower is not None else {})),
        f"{key}.build_s": fig(f"{name}: of which build (graph, cells, processes)",
                              build_s, "s", None if build_s is not None else note),
        f"{key}.cpu_s": fig(f"{name}: CPU time of the run (build + {shape.days} days), "
                            f"median of {runs}", cpu_s, "s", note),
    }
    mem: dict[str, Any] = {}
    mem_note = "not measured: the timed run did not finish"
    if finished:
        measured = run_worker(path, "memory", memory_timeout)
        mem = measured.phases.get("memory", {})
        mem_note = "" if mem else "memory run: " + _failure(measured, memory_timeout, shape)
        progress(f"  {name}: peak {_mb(mem.get('peak_bytes'))}, events {mem.get('events')}, "
                 f"engagements {mem.get('engagements')}" + (f" ({mem_note})" if mem_note else ""))
    peak = mem.get("peak_bytes")
    events = mem.get("events")
    out[f"{key}.events"] = fig(f"{name}: events processed", events, "events",
                               None if events is not None else (mem_note or
                               "not counted: the engine no longer steps through env.step"))
    out[f"{key}.engagements"] = fig(f"{name}: engagements started", mem.get("engagements"),
                                    "engagements", mem_note or None)
    out[f"{key}.peak_mb"] = fig(f"{name}: peak memory of build + run (tracemalloc)",
                                peak / 1e6 if peak is not None else None, "MB", mem_note or None)
    return out


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f} s"


def _mb(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e6:.1f} MB"


def growth(points: list[tuple[int, float, bool]]) -> tuple[float | None, str | None]:
    """Least-squares slope of log(time) on log(places), and what it is.

    *points* are ``(places, seconds, finished)``; for a run that did not finish,
    *seconds* is a lower bound of its time. Raising the time of a point right of the mean
    log(places) can only raise the slope, so with such points only the slope is a lower
    bound (``"at least"``); a bound left of the mean makes no statement.
    """
    if len(points) < 2:
        return None, "fewer than two grids measured"
    xs = [math.log(p) for p, _, _ in points]
    ys = [math.log(t) for _, t, _ in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
             / sum((x - mx) ** 2 for x in xs))
    bounded = [x for x, (_, _, ok) in zip(xs, points, strict=True) if not ok]
    if not bounded:
        return slope, None
    if all(x >= mx - 1e-12 for x in bounded):
        return slope, "at least"
    return None, "a grid left of the middle did not finish"


def grids(shapes: tuple[Shape, ...] = GRIDS, timeout: float = 600.0,
          memory_timeout: float = 600.0, progress: Progress = _quiet,
          repeat: int = REPEAT) -> dict[str, Figure]:
    """Every grid of *shapes*, then the growth exponent of run time in places.

    Beside it, the same exponent of the runs' CPU time and of their events: CPU time is
    disturbed less by other work on the machine, and the events say how much of the growth
    is more work rather than dearer work.
    """
    out: dict[str, Figure] = {}
    points: list[tuple[int, float, bool]] = []
    cpu_points: list[tuple[int, float, bool]] = []
    event_points: list[tuple[int, float, bool]] = []
    with tempfile.TemporaryDirectory(prefix="salient-bench-") as tmp:
        for shape in shapes:
            figures = grid_one(shape, Path(tmp), timeout, memory_timeout, progress, repeat)
            out.update(figures)
            run = figures[f"grid.{shape.places}.run_s"]
            if run["value"] is not None:
                points.append((shape.places, run["value"], True))
            elif run.get("lower_bound"):
                points.append((shape.places, run["lower_bound"], False))
            for fid, into in (("cpu_s", cpu_points), ("events", event_points)):
                value = figures[f"grid.{shape.places}.{fid}"]["value"]
                if value:
                    into.append((shape.places, float(value), True))
    for fid, what, pts in (("growth_cpu", "CPU time", cpu_points),
                           ("growth_events", "events", event_points)):
        if len(pts) == len(shapes):
            value, _ = growth(pts)
            out[f"grid.{fid}"] = fig(f"growth of the grids' {what} in places: slope of log "
                                     f"{what} on log places", value, "exponent")
        else:
            out[f"grid.{fid}"] = fig(f"growth of the grids' {what} in places", None,
                                     "exponent", "not every grid was measured")
    slope, bound = growth(points)
    label = ("growth of run time in places: slope of log time on log places over "
             + ", ".join(f"{p:,}" for p, _, _ in points))
    extra = {"bound": "at_least"} if bound == "at least" else {}
    note = ("a lower bound: an unfinished run counts with the time it had taken"
            if bound == "at least" else bound)
    out["grid.growth"] = fig(label, slope, "exponent", note, **extra)
    return out
