"""Time semantics: what is read at T includes every event at T.

The reference solution here is written from the square law itself, in closed form between
the moments reinforcements land, independently of :mod:`engine.attrition`.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from engine.simulation import Simulation
from scenario import load

SQUARE = Path("tests/data/square_law/square_law.yaml")


def closed_form(a0: float, b0: float, k: float, hours: float) -> tuple[float, float]:
    """Blue and Red after *hours* of dA/dt = -k B, dB/dt = -k A, from (a0, b0)."""
    ch, sh = math.cosh(k * hours), math.sinh(k * hours)
    return a0 * ch - b0 * sh, b0 * ch - a0 * sh


def reference(days: int, k: float = 0.01) -> list[tuple[float, float]]:
    """Blue and Red points at the end of each day; Red gains 10 points after days 1 and 2."""
    blue, red = 20.0, 10.0
    out = []
    for day in range(1, days + 1):
        blue, red = closed_form(blue, red, k, 24.0)
        if day in (1, 2):
            red += 10.0
        out.append((blue, red))
    return out


def points(sim: Simulation, side: str) -> float:
    return sum(u.value(attacking=False) for u in sim.units.values()
               if u.side == side and u.on_map)


def test_the_square_law_with_reinforcements_at_each_day_boundary() -> None:
    sim = Simulation(load(SQUARE), seed=3)
    for day, (blue, red) in enumerate(reference(3), start=1):
        sim.advance(24.0 * day)
        assert points(sim, "blue") == pytest.approx(blue, rel=1e-3)
        assert points(sim, "red") == pytest.approx(red, rel=1e-3)


def test_a_unit_due_at_t_is_there_when_the_run_is_read_at_t() -> None:
    sim = Simulation(load(SQUARE), seed=3)
    sim.advance(24.0)
    assert sim.units["r2"].place == "hill"


def test_a_metrics_row_once_read_never_changes() -> None:
    sim = Simulation(load(SQUARE), seed=3)
    sim.advance(24.0)
    first = dict(sim.metrics.at(24.0))
    sim.advance(30.0)
    assert dict(sim.metrics.at(24.0)) == first
