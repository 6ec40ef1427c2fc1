"""Attrition laws against their mathematics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.attrition import draw_loss, linear_law, square_law


def analytic_square(a0: float, b0: float, alpha: float, beta: float, t: float,
                    ) -> tuple[float, float]:
    g = math.sqrt(alpha * beta)
    return (a0 * math.cosh(g * t) - math.sqrt(beta / alpha) * b0 * math.sinh(g * t),
            b0 * math.cosh(g * t) - math.sqrt(alpha / beta) * a0 * math.sinh(g * t))


def test_square_law_in_rounds_follows_the_analytic_solution() -> None:
    a, b = 120.0, 100.0
    alpha, beta = 0.04, 0.05
    for hour in range(1, 13):  # twelve one-hour rounds, each from the last
        a, b = square_law(a, b, alpha, beta, 1.0)
        ea, eb = analytic_square(120.0, 100.0, alpha, beta, float(hour))
        assert a == pytest.approx(ea, rel=1e-9)
        assert b == pytest.approx(eb, rel=1e-9)


def test_square_law_stops_at_annihilation_with_the_invariant() -> None:
    a, b = square_law(50.0, 100.0, 0.1, 0.1, 100.0)
    assert a == 0.0
    assert b == pytest.approx(math.sqrt(100.0**2 - 50.0**2))


def test_linear_law_matches_small_step_integration() -> None:
    a, b, alpha, beta = 100.0, 80.0, 0.0005, 0.0008
    ia, ib, dt = a, b, 1e-3
    for _ in range(10_000):
        ia, ib = ia - beta * ia * ib * dt, ib - alpha * ia * ib * dt
    la, lb = linear_law(a, b, alpha, beta, 10.0)
    assert la == pytest.approx(ia, rel=1e-3)
    assert lb == pytest.approx(ib, rel=1e-3)


@given(a0=st.floats(0.1, 1e4), b0=st.floats(0.1, 1e4), alpha=st.floats(1e-4, 1.0),
       beta=st.floats(1e-4, 1.0), hours=st.floats(0.0, 100.0))
def test_forces_never_grow_nor_go_negative(a0: float, b0: float, alpha: float, beta: float,
                                           hours: float) -> None:
    for law in (square_law, linear_law):
        a, b = law(a0, b0, alpha, beta, hours)
        assert 0.0 <= a <= a0 * (1 + 1e-9)
        assert 0.0 <= b <= b0 * (1 + 1e-9)


def test_draw_loss_has_the_expected_mean_and_spread() -> None:
    rng = np.random.default_rng(1)
    draws = np.array([draw_loss(10.0, 0.25, u, cap=1e9) for u in rng.uniform(size=20_000)])
    assert draws.mean() == pytest.approx(10.0, rel=0.01)
    assert draws.std() / draws.mean() == pytest.approx(0.25, rel=0.05)


def test_draw_loss_is_capped_and_exact_without_dispersion() -> None:
    assert draw_loss(10.0, 0.0, 0.9, cap=100.0) == 10.0
    assert draw_loss(10.0, 0.5, 0.999, cap=12.0) == 12.0
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        draw_loss(1.0, 0.1, 1.0, cap=5.0)
