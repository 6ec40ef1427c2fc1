"""The run's budget: a scenario that would loop stops with one clear error, fast.

Validation refuses a combat round under a minute or a detection interval under a minute,
but a scenario built in code (``model_copy``) skips validation; the budget in
:mod:`engine.budget` stops such a run after a few thousand events instead of letting it
loop for hours.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from engine import Simulation
from engine.budget import (
    CHECK_EVERY,
    EVENTS_PER_ELEMENT_DAY,
    GRACE_SECONDS,
    Budget,
    RunawayError,
    scenario_size,
)
from scenario import load
from scenario.errors import SalientError
from scenario.models import Scenario

MINI = Path("tests/data/mini/mini.yaml")


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


def with_rules(scenario: Scenario, section: str, **update: Any) -> Scenario:
    """*scenario* with ``rules.<section>`` changed, past validation."""
    rules = scenario.rules
    changed = getattr(rules, section).model_copy(update=update)
    return scenario.model_copy(update={"rules": rules.model_copy(update={section: changed})})


def test_a_detection_interval_too_short_to_look_back_over_stops_fast(mini: Scenario) -> None:
    # Detection is worked out when a side's picture is read: the run itself never polls,
    # and a look back over too many ticks stops with one message instead of crawling.
    sim = Simulation(with_rules(mini, "detection", interval_hours=1e-9), seed=1)
    sim.advance(48.0)
    began = time.process_time()
    with pytest.raises(RunawayError, match="detection ticks") as caught:
        sim.snapshot("blue")
    assert time.process_time() - began < 2.0
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("section", "field", "value"), [
    ("combat", "round_minutes", 1e-9),
], ids=["combat_round"])
def test_a_run_that_would_loop_stops_with_one_message_fast(
        mini: Scenario, section: str, field: str, value: float) -> None:
    sim = Simulation(with_rules(mini, section, **{field: value}), seed=1)
    began = time.process_time()  # CPU time: what the run spends, whatever else the machine does
    with pytest.raises(RunawayError) as caught:
        sim.advance(48.0)
    assert time.process_time() - began < 2.0
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("the run was stopped at 2030-05-01 ")
    assert f"{scenario_size(mini)} elements" in message
    assert "far too short" in message
    assert sim.now < 1.0  # it stopped near where the loop began, not at hour 48
    assert sim.env.budget is None  # the run can still be looked at
    assert sim.snapshot().units


def test_runaway_is_a_salient_error_the_command_line_reports() -> None:
    assert issubclass(RunawayError, SalientError)


def test_the_events_allowed_grow_with_the_simulated_time_covered() -> None:
    budget = Budget(size=24, start=10.0)
    grace = EVENTS_PER_ELEMENT_DAY  # 24 elements, one hour each: 1440 events at hour 10
    for _ in range(grace):
        budget.spend(10.0)
    with pytest.raises(RunawayError, match=f"{grace + 1:,} events in 0 simulated hours"):
        budget.spend(10.0)
    later = Budget(size=24, start=10.0)
    for _ in range(2 * grace):
        later.spend(11.0)  # an hour on, twice the events are allowed
    with pytest.raises(RunawayError):
        later.spend(11.0)


def test_the_wall_clock_is_checked_every_few_events() -> None:
    budget = Budget(size=1, start=0.0, opened=time.monotonic() - GRACE_SECONDS - 1.0)
    for _ in range(CHECK_EVERY - 1):
        budget.spend(24.0)  # a simulated day: events to spare, but not the time
    with pytest.raises(RunawayError, match=r"s of computing for 24 simulated hours"):
        budget.spend(24.0)


def test_real_scenarios_run_far_inside_their_budget(mini: Scenario,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Budget] = []

    def recorded(*args: Any, **kwargs: Any) -> Budget:
        opened.append(Budget(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr("engine.simulation.Budget", recorded)
    for scenario in (mini, load("scenarios/kursk_2024.yaml")):
        opened.clear()
        sim = Simulation(scenario, seed=3)
        sim.run()
        assert sim.finished and len(opened) == 1
        allowed = EVENTS_PER_ELEMENT_DAY * scenario_size(scenario) * (sim.end_hours + 1) / 24
        assert 0 < opened[0].events < allowed / 100
