"""The tally: the metrics' sums kept as the run goes, the same to the bit as a plain loop."""

from __future__ import annotations

import unittest.mock
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import invariants
from engine.invariants import InvariantError
from engine.metrics import METRICS, measure
from engine.orders import Order
from engine.simulation import Simulation
from engine.state import Status, UnitState
from engine.tally import Tally
from scenario import load
from scenario.generate import Grid, write_grid
from scenario.models import Scenario
from tests.engine.tiny import tiny

KURSK = Path("scenarios/kursk_2024.yaml")
MINI = Path("tests/data/mini/mini.yaml")


def looped(sim: Simulation) -> dict[str, float]:
    """Every metric as one plain loop over the places and one over the units adds it up."""
    sides = [s.id for s in sim.scenario.sides]
    values = {f"{name}.{side}": 0.0 for side in sides for name in METRICS}
    values.update(looped_ground(sides, sim.territory.km2, sim.world.depths, sim.start_holders,
                                sim.control))
    values.update(looped_losses(sides, sim.units.values()))
    for side in sides:
        values[f"displaced.{side}"] = float(sim.displaced.get(side, 0))
    for area, line in sim.front_lines.items():
        values[f"front_km.{area}"] = round(line.at(sim.now), 6)
    return values


def looped_ground(sides: list[str], km2: Mapping[str, float], depths: Mapping[str, float],
                  start: Mapping[str, str], control: Mapping[str, str]) -> dict[str, float]:
    sums = {side: [0.0, 0.0, 0.0, 0.0, 0.0] for side in sides}
    for place, holder in control.items():
        acc = sums[holder]
        acc[0] += km2[place]
        acc[1] += 1.0
        if start[place] != holder:
            acc[2] += km2[place]
            acc[3] += 1.0
            acc[4] = max(acc[4], depths[place])
    values = {}
    for side, (held, places, ground, taken, depth) in sums.items():
        values[f"held_km2.{side}"], values[f"places_held.{side}"] = held, places
        values[f"ground_km2.{side}"], values[f"places_taken.{side}"] = ground, taken
        values[f"depth_km.{side}"] = depth
    return values


def looped_losses(sides: list[str], units: Any) -> dict[str, float]:
    sums = {side: [0.0, 0.0, 0.0] for side in sides}
    for unit in units:
        if unit.status == "waiting":
            continue
        lost = unit.initial - (0.0 if unit.status in ("destroyed", "surrendered")
                               else unit.strength)
        acc = sums[unit.side]
        acc[0] += unit.kind.personnel * lost
        acc[1] += unit.kind.vehicles * lost
        acc[2] += unit.captured
    values = {}
    for side, (personnel, vehicles, pows) in sums.items():
        values[f"personnel_losses.{side}"] = round(personnel, 3)
        values[f"vehicle_losses.{side}"] = round(vehicles, 3)
        values[f"pows.{side}"] = pows
    return values


def same_bits(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    """Equal keys in equal order and equal values to the bit (``-0.0`` is not ``0.0``)."""
    return list(a) == list(b) and [repr(v) for v in a.values()] == [repr(v) for v in b.values()]


def grid(tmp_path: Path) -> Scenario:
    return load(write_grid(tmp_path, Grid(rows=6, cols=10, units_per_side=8, days=3)))


@pytest.mark.parametrize("which", ["tiny", "mini", "grid", "kursk"])
def test_the_metrics_are_a_plain_loops_to_the_bit_all_run_long(which: str,
                                                               tmp_path: Path) -> None:
    makers: dict[str, Callable[[], Scenario]] = {
        "tiny": tiny, "mini": lambda: load(MINI), "grid": lambda: grid(tmp_path),
        "kursk": lambda: load(KURSK)}
    scenario = makers[which]()
    sim = Simulation(scenario, seed=3, mode="free" if which == "tiny" else "replay")
    if which == "tiny":
        sim.apply([Order("w1", "attack", to="d")], side="w")
    while not sim.finished:
        sim.advance(sim.now + 1.0)
        assert same_bits(measure(sim), looped(sim))
    assert any(row != sim.metrics.rows[0] for row in sim.metrics.rows), "nothing was measured"


def tally_of(sides: list[str], km2: list[float], start: list[int],
             units: Mapping[str, UnitState] | None = None) -> tuple[Tally, dict[str, str]]:
    control = {f"p{i}": sides[s] for i, s in enumerate(start)}
    areas = {f"p{i}": a for i, a in enumerate(km2)}
    depths = {f"p{i}": float(i % 7) for i in range(len(km2))}
    return Tally(sides, areas, depths, control, units or {}), control


AREAS = st.floats(1e-6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(AREAS, st.integers(0, 2)), min_size=1, max_size=60),
       st.lists(st.tuples(st.integers(0, 59), st.integers(0, 2)), max_size=40))
def test_ground_is_added_in_place_order_whatever_changes_hands(
        places: list[tuple[float, int]], changes: list[tuple[int, int]]) -> None:
    check_ground(places, changes)


def check_ground(places: list[tuple[float, int]], changes: list[tuple[int, int]]) -> None:
    sides = ["w", "e", "n"]
    km2, start = [a for a, _ in places], [s for _, s in places]
    tally, control = tally_of(sides, km2, start)
    holders = dict(control)
    depths = {f"p{i}": float(i % 7) for i in range(len(km2))}
    areas = {f"p{i}": a for i, a in enumerate(km2)}
    for index, side in changes:
        place = f"p{index % len(km2)}"
        holders[place] = sides[side]
        tally.hold(place, sides[side])
        assert same_bits(tally.ground(), looped_ground(sides, areas, depths, control, holders))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(AREAS, st.integers(0, 2)), min_size=1, max_size=60),
       st.lists(st.tuples(st.integers(0, 59), st.integers(0, 2)), max_size=40))
def test_ground_in_numpy_arrays_is_the_same_to_the_bit(
        places: list[tuple[float, int]], changes: list[tuple[int, int]]) -> None:
    with unittest.mock.patch("engine.tally.LONG_ROW", 8):  # long rows as on a large map
        check_ground(places, changes)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["waiting", "active", "destroyed", "surrendered"]),
                          st.floats(0.0, 1.0), st.integers(0, 900)), min_size=1, max_size=30))
def test_losses_are_added_in_unit_order(states: list[tuple[Status, float, int]]) -> None:
    kind = tiny().rules.unit_types["inf"]
    units = {f"u{i}": UnitState(id=f"u{i}", side="we"[i % 2], type_id="inf", kind=kind,
                                name=f"U{i}", strength=1.0, initial=0.9 + 0.01 * (i % 5),
                                status="waiting") for i in range(len(states))}
    tally, _ = tally_of(["w", "e"], [1.0], [0], units)
    for unit, (status, strength, captured) in zip(units.values(), states, strict=True):
        unit.status, unit.strength, unit.captured = status, strength, captured
        tally.note(unit)
        assert same_bits(tally.losses(), looped_losses(["w", "e"], units.values()))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40),
       st.lists(st.tuples(st.integers(0, 39),
                          st.sampled_from(["waiting", "active", "destroyed", "surrendered"]),
                          st.floats(0.0, 1.0), st.integers(0, 900)), max_size=60),
       st.integers(1, 4))
def test_losses_are_added_in_unit_order_whatever_changes_and_when_read(
        count: int, changes: list[tuple[int, Status, float, int]], every: int) -> None:
    kind = tiny().rules.unit_types["inf"]
    units = {f"u{i}": UnitState(id=f"u{i}", side="wwe"[i % 3], type_id="inf", kind=kind,
                                name=f"U{i}", strength=0.8 + 0.05 * (i % 4),
                                initial=0.9 + 0.01 * (i % 5),
                                status="active" if i % 2 else "waiting")
             for i in range(count)}
    tally, _ = tally_of(["w", "e"], [1.0], [0], units)
    for n, (index, status, strength, captured) in enumerate(changes, start=1):
        unit = units[f"u{index % count}"]
        unit.status, unit.strength, unit.captured = status, strength, captured
        tally.note(unit)
        if n % every == 0:
            assert same_bits(tally.losses(), looped_losses(["w", "e"], units.values()))
    assert same_bits(tally.losses(), looped_losses(["w", "e"], units.values()))


def test_the_invariants_catch_a_tally_that_was_not_told() -> None:
    sim = Simulation(tiny(), mode="free")
    sim.advance(1.0)
    sim.control["c"] = "w"  # not through hand_over
    with pytest.raises(InvariantError, match="c is held by w but tallied for e"):
        invariants.check(sim)
    sim.control["c"] = "e"
    sim.units["e1"].captured = 40  # not a tracked field: nobody told the tally
    with pytest.raises(InvariantError, match="unit e1 is tallied as"):
        invariants.check(sim)
