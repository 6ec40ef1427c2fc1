"""Extreme numbers: a clean refusal or a clean run, never a crash, a NaN or a hang.

A mutation fuzz puts extreme values (NaN, infinities, 1e300, 1e-300, -1, 0, booleans, huge
integers, and each field's bounds and the values just past them) into the number fields
of the rules (``scenarios/rules/default.yaml``, merged into the Kursk scenario) and of
the scenarios (``scenarios/kursk_2024.yaml``, ``tests/data/mini/``). Whatever validates
is run in the engine (48 simulated hours of Kursk, the whole made-up scenario), and the
run must end cleanly or with a :class:`~scenario.errors.SalientError`, with finite
figures, within its time.

Settings: Hypothesis with a fixed seed (:data:`SEED`), :data:`EXAMPLES` examples, a
deadline of :data:`DEADLINE_MS` per example and :data:`OVERALL_SECONDS` for the whole
fuzz; no example database, so every run tries the same examples.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from engine import Simulation
from engine.attrition import linear_law, square_law
from engine.orders import Order
from engine.results import daily_rows, record
from scenario import checks
from scenario.errors import SalientError, ScenarioError
from scenario.includes import read_tree
from scenario.loader import validate
from scenario.models import Scenario
from scenario.yamlfile import Document
from tests.engine.tiny import BASE, tiny
from tests.scenario.test_bounds import Leaf, beyond, bound, dumped, leaves, schema, set_at

SEED = 20261129
"""The fuzz's fixed random seed."""
EXAMPLES = 300
"""Scenarios the fuzz tries."""
DEADLINE_MS = 15_000
"""Time one example may take: validation and the run."""
OVERALL_SECONDS = 90.0
"""Time the whole fuzz may take (it takes about ten seconds)."""

SOURCES = {"kursk": (Path("scenarios/kursk_2024.yaml"), 48.0),
           "mini": (Path("tests/data/mini/mini.yaml"), math.inf)}
"""Scenario files, and how many simulated hours of each to run (inf: the whole run)."""

EXTREMES = [math.nan, math.inf, -math.inf, 1e300, -1e300, 1e-300, -1e-300, -1, -1.0, 0, 0.0,
            True, False, 2**63, -(2**63), 10**400, 1, 0.5, 1e9]
"""Values put into number fields: most must be refused, the rest must run."""


@functools.cache
def source(name: str) -> tuple[Document, tuple[Leaf, ...]]:
    """The scenario *name* as read (includes merged, with positions) and its numbers.

    The numbers come from the scenario with every default written out, so fields left to
    their defaults (``rules.fires``, ``rules.detection``) are mutated too.
    """
    path, _ = SOURCES[name]
    return read_tree(path), tuple(leaves(dumped(path), schema()))


def put(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Set *value* at *path*, making the mappings on the way that the file leaves out."""
    for step in path[:-1]:
        if isinstance(data, dict) and step not in data:
            data[step] = {}
        data = data[step]
    data[path[-1]] = value


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, list[tuple[tuple[str | int, ...], Any]]]:
    """A scenario name and one to four ``(path, value)`` changes to its numbers."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    _, found = source(name)
    rules = [leaf for leaf in found if leaf.path[0] == "rules"]
    changes = []
    for _ in range(draw(st.integers(1, 4))):
        leaf = draw(st.sampled_from(rules if draw(st.booleans()) else found))
        how = draw(st.sampled_from(["extreme", "bound", "bound", "inside", "beyond"]))
        side = draw(st.sampled_from(["min", "max"]))
        if how == "extreme":
            value = draw(st.sampled_from(EXTREMES))
        elif how == "inside":
            value = draw(inside(leaf))
        else:
            value = (bound if how == "bound" else beyond)(leaf, side)
        changes.append((leaf.path, value))
    return name, changes


def inside(leaf: Leaf) -> st.SearchStrategy[float]:
    """Any value within *leaf*'s bounds."""
    low, high = bound(leaf, "min"), bound(leaf, "max")
    if leaf.integer:
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def refused_or_run(name: str, data: Any) -> str:
    """Validate *data* (scenario *name* changed) and run it if valid; return what happened.

    Fails the test on anything but a clean refusal, a clean run or a SalientError.
    """
    doc, _ = source(name)
    changed = Document(data=data, values=doc.values, keys=doc.keys)
    try:
        scenario = validate(changed)
    except ScenarioError as exc:
        assert exc.problems and all(p.message and p.position for p in exc.problems)
        return "refused"
    if checks.check(scenario, changed):
        return "refused"
    return run(scenario, SOURCES[name][1])


def run(scenario: Scenario, hours: float) -> str:
    """Run *scenario* for *hours* (capped at its end); check its figures are finite."""
    sim = Simulation(scenario, seed=1)
    try:
        sim.advance(hours)
    except SalientError:
        return "stopped"
    json.dumps(record(sim), allow_nan=False, default=str)  # no NaN or infinity anywhere
    assert all(math.isfinite(v) for row in daily_rows(sim) for v in row.values.values())
    return "ran"


@settings(max_examples=EXAMPLES, deadline=DEADLINE_MS, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@seed(SEED)
@given(mutation=mutations())
def fuzz(mutation: tuple[str, list[tuple[tuple[str | int, ...], Any]]]) -> None:
    """One example: change the numbers, validate, run what validates."""
    name, changes = mutation
    data = copy.deepcopy(source(name)[0].data)
    for path, value in changes:
        put(data, path, value)
    outcome = refused_or_run(name, data)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


OUTCOMES: dict[str, int] = {}
"""How the fuzz's examples ended, counted (checked after the fuzz)."""


def test_extreme_numbers_are_refused_or_run_cleanly() -> None:
    OUTCOMES.clear()
    began = time.monotonic()
    fuzz()
    assert time.monotonic() - began < OVERALL_SECONDS
    assert OUTCOMES.get("refused", 0) > 0 and OUTCOMES.get("ran", 0) > 0, OUTCOMES


@pytest.mark.parametrize("side", ["min", "max"])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_number_at_its_bound_at_once_runs(name: str, side: str) -> None:
    path, hours = SOURCES[name]
    data = dumped(path)
    found = leaves(data, schema())
    for leaf in found:
        set_at(data, leaf.path, bound(leaf, side))
    assert len(found) > 50
    began = time.monotonic()
    assert run(Scenario.model_validate(data), hours) == "ran"
    assert time.monotonic() - began < 10.0


FORCES = [0.0, 5e-324, 1e-300, 1e-9, 1.0, 1e7, 3e8]
"""Combat points from nothing to every unit at its largest."""
RATES = [0.0, 5e-324, 1e-300, 1e-9, 0.05, 1.0, 250.0]
"""Effectiveness per hour: up to attrition 1 x posture 10 x town 5 x strongpoint 5."""


@pytest.mark.parametrize("law", [square_law, linear_law])
def test_the_attrition_laws_stay_finite_at_every_extreme(law: Any) -> None:
    for a0, b0, alpha, beta, hours in itertools.product(FORCES, FORCES, RATES, RATES,
                                                        [1 / 60, 1.0, 24.0]):
        a, b = law(a0, b0, alpha, beta, hours)
        assert 0.0 <= a <= a0 and 0.0 <= b <= b0, (a0, b0, alpha, beta, hours, a, b)


def test_the_square_law_far_past_the_end_of_the_weaker_side() -> None:
    # cosh(1200) overflows; the scaled form gives the invariant's answer
    a, b = square_law(100.0, 10.0, 250.0, 10.0, 24.0)
    assert b == 0.0 and a == pytest.approx(math.sqrt(100.0**2 - (10.0 / 250.0) * 10.0**2))
    a, b = linear_law(5e-324, 1e7, 1e-300, 250.0, 1.0)
    assert (a, b) == (0.0, pytest.approx(1e7))


def test_a_refusal_at_the_latest_moment_the_bounds_allow_still_reads() -> None:
    gun = dict(BASE["rules"]["unit_types"]["inf"], weapon={
        "munition": "shell", "range_km": 100, "ammunition": 100_000, "salvo": 5000,
        "reload_hours": 720})
    scenario = tiny(**{"metadata.start": "9000-12-01T00:00:00+14:00",
                       "metadata.end": "9000-12-31T23:59:00-12:00",
                       "rules.unit_types": {"inf": BASE["rules"]["unit_types"]["inf"],
                                            "gun": gun},
                       "units": [*BASE["units"], {"id": "g", "side": "w", "type": "gun",
                                                  "name": "Guns", "at": "a", "source": "X"}]})
    sim = Simulation(scenario, seed=1, mode="free")
    sim.advance(sim.end_hours - 0.5)
    assert not sim.apply([Order("g", "strike", target="c")], side="w")
    refused = sim.apply([Order("g", "strike", target="c")], side="w")
    assert [r.reason for r in refused] == ["Guns is reloading until 01 Feb 01:29"]
    sim.run()
    json.dumps(record(sim), allow_nan=False, default=str)
