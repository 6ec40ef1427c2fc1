"""The machine's parallel ceiling: a pure-Python loop timed in 1 and 2 real processes."""

from __future__ import annotations

import math

import pytest

from bench.figures import cpu_loop, loop_in, machine_busy, parallel_ceiling


def test_the_loop_adds_the_integers_below_its_steps() -> None:
    assert cpu_loop(1000) == sum(range(1000))


def test_the_loop_runs_in_real_processes_and_is_timed_whole() -> None:
    one, two = loop_in(1, 200_000), loop_in(2, 200_000)
    assert 0 < one < 30 and 0 < two < 30


def test_the_ceiling_is_twice_one_over_two_median_of_the_samples() -> None:
    figures = parallel_ceiling([(1.0, 1.0), (1.0, 2.0), (0.9, 1.2)])
    ceiling = figures["machine.ceiling"]
    assert ceiling["unit"] == "x" and math.isclose(ceiling["value"], 1.5)
    assert math.isclose(ceiling["min"], 1.0) and math.isclose(ceiling["max"], 2.0)
    assert figures["machine.loop1_s"]["value"] == pytest.approx(1.0)
    assert figures["machine.loop2_s"]["value"] == pytest.approx(1.2)
    assert parallel_ceiling([]) == {}


def test_the_machine_busy_clock_counts_our_own_work() -> None:
    before = machine_busy()
    if before is None:
        pytest.skip("no /proc/stat here")
    cpu_loop(3_000_000)
    after = machine_busy()
    assert after is not None and after > before
