"""A batch's statistics: they match numpy's on the same rows, and rank what matters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import analysis


def results(values: dict[str, dict[str, dict[int, float]]],
            parameters: dict[str, dict[str, object]] | None = None) -> analysis.Results:
    cells = tuple(values)
    return analysis.Results("base: x.yaml\n", "2", cells,
                            parameters or {c: {} for c in cells}, values,
                            {c: 0 for c in cells}, {c: {} for c in cells})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=60))
def test_a_summary_matches_numpy(data: list[float]) -> None:
    found = analysis.summary("base", "m", np.array(data))
    p10, p50, p90 = np.percentile(data, [10, 50, 90])
    assert found.count == len(data)
    assert found.mean == pytest.approx(np.mean(data), rel=1e-9, abs=1e-6)
    assert (found.median, found.p10, found.p90) == pytest.approx((p50, p10, p90))
    low, high = found.mean_ci
    assert low <= found.mean + 1e-6 and found.mean - 1e-6 <= high
    assert min(data) - 1e-9 <= found.median_ci[0] <= found.median_ci[1] <= max(data) + 1e-9


def test_the_t_interval_is_students() -> None:
    data = np.array([3.0, 5.0, 7.0, 9.0])
    low, high = analysis.mean_interval(data)
    half = 3.182446305284263 * np.std(data, ddof=1) / 2  # t(0.975, 3) * s / sqrt(4)
    assert (low, high) == pytest.approx((6.0 - half, 6.0 + half))


def test_the_bootstrap_is_the_same_every_time() -> None:
    data = np.random.default_rng(1).normal(size=50)
    assert analysis.median_interval(data) == analysis.median_interval(data)


def test_paired_differences_are_computed_from_the_rows_seed_by_seed() -> None:
    base = {s: float(s * 10) for s in range(20)}
    other = {s: float(s * 10 + (s % 3)) for s in range(0, 20, 2)}  # only even seeds
    found = analysis.differences(results({"base": {"m": base}, "x": {"m": other}}))
    [diff] = found
    expected = [other[s] - base[s] for s in sorted(other)]
    assert diff.pairs == 10 and diff.mean == pytest.approx(np.mean(expected))
    assert diff.ci == pytest.approx(analysis.mean_interval(np.array(expected)))


def test_the_parameter_that_alone_moves_the_outcome_ranks_first() -> None:
    rng = np.random.default_rng(7)
    values, parameters = {}, {}
    for i, (a, b, pick) in enumerate((a, b, p) for a in (1, 2, 3, 4) for b in (10, 20)
                                     for p in ("x", "y")):
        name = f"c{i}"
        parameters[name] = {"a": a, "b": b, "choose": [pick]}
        values[name] = {"out": {s: 5.0 * a + rng.normal(scale=0.1) for s in range(10)}}
    ranked = [i for i in analysis.sensitivity(results(values, parameters)) if i.metric == "out"]
    assert ranked[0].parameter == "a" and ranked[0].measure == "spearman"
    assert ranked[0].score > 0.9 > max(i.score for i in ranked[1:]) * 3
    assert {i.parameter: i.measure for i in ranked}["choose"] == "eta"


def test_dates_count_as_hours_in_the_ranking() -> None:
    values, parameters = {}, {}
    for day in range(5):
        name = f"d{day}"
        parameters[name] = {"when": f"2024-08-0{day + 5}T06:00:00+03:00"}
        values[name] = {"out": {s: float(day) + s * 1e-3 for s in range(4)}}
    [found] = analysis.sensitivity(results(values, parameters))
    assert found.measure == "spearman" and math.isclose(found.score, 1.0, abs_tol=0.05)


def test_paths_that_move_together_are_one_parameter() -> None:
    values, parameters = {}, {}
    for step in range(4):
        name = f"s{step}"
        parameters[name] = {"x.at": float(step), "y.at": float(step), "z": float(3 - step % 2)}
        values[name] = {"out": {s: float(step) + s * 1e-3 for s in range(4)}}
    found = {i.parameter for i in analysis.sensitivity(results(values, parameters))}
    assert found == {"x.at + y.at", "z"}
