"""The garbage collector is held while the engine runs, and left as it was found."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import Generator, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import simpy

from engine import collector
from engine.simulation import Simulation
from scenario import load
from scenario.models import Scenario

KURSK = Path("scenarios/kursk_2024.yaml")


@cache
def kursk() -> Scenario:
    return load(KURSK)


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts with the collector on, and leaves it on."""
    gc.enable()
    yield
    gc.enable()


def test_held_turns_the_collector_off_and_back_on() -> None:
    with collector.held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_held_leaves_an_off_collector_off() -> None:
    gc.disable()
    with collector.held():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_only_the_outermost_block_turns_it_back_on() -> None:
    with collector.held():
        with collector.held():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_exception_inside_still_turns_it_back_on() -> None:
    with pytest.raises(RuntimeError), collector.held():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_blocks_in_two_threads_overlapping_end_with_it_on() -> None:
    """The first thread's block ends while the second's is open: still off until both end."""
    entered, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other() -> None:
        with collector.held():
            entered.set()
            release.wait(5)
            seen.append(gc.isenabled())

    with collector.held():
        thread = threading.Thread(target=other)
        thread.start()
        entered.wait(5)
    assert not gc.isenabled()  # the other thread's block is still open
    release.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_run_holds_the_collector_while_its_events_run() -> None:
    sim = Simulation(kursk(), seed=1)
    during: list[bool] = []

    def probe(env: simpy.Environment) -> Generator[simpy.Event, Any, None]:
        yield env.timeout(3)
        during.append(gc.isenabled())

    sim.env.process(probe(sim.env))
    sim.advance(6)
    assert during == [False]
    assert gc.isenabled()


def test_a_run_that_raises_leaves_the_collector_on() -> None:
    sim = Simulation(kursk(), seed=1)

    def bad(env: simpy.Environment) -> Generator[simpy.Event, Any, None]:
        yield env.timeout(2)
        raise RuntimeError("a process failed")

    sim.env.process(bad(sim.env))
    with pytest.raises(RuntimeError, match="a process failed"):
        sim.advance(6)
    assert gc.isenabled()


def test_a_whole_run_makes_no_cyclic_garbage() -> None:
    """What the hold rests on: with the collector off, nothing a run drops is left unfreed.

    A cycle made on every event would pile up for the whole of a held run; this finds
    the first one anyone writes. The run measured is the second in its process: the first
    may leave one-time garbage of libraries set up on first use (networkx builds its
    dispatch wrappers on a function's first call: 24 objects). It runs in a fresh
    interpreter: in the test process, threads another test left running (a Dask client's
    event loop) make garbage of their own while the collector is off.
    """
    code = ("import gc; from engine.simulation import Simulation; from scenario import load; "
            f"scenario = load('{KURSK}'); Simulation(scenario, seed=2, debug=True).run(); "
            "sim = Simulation(scenario, seed=3, debug=True); gc.collect(); "
            "gc.disable(); sim.run(); print(gc.collect())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "0"
