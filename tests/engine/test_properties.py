"""Property tests: random orders on random small scenarios and on Kursk keep every rule.

Hypothesis plays scripts of orders (:mod:`tests.engine.props`): at a few moments each side
gives up to four orders, to any unit (its own, the enemy's, none), of any kind, to any
place (or none), sensible or not, repeated and contradictory. Every run checks the
engine's invariants after every event (``tests/conftest.py``). The properties:

- nothing but a refusal comes of a bad order: no exception escapes (nor the budget's);
- a run is a function of scenario, seed and orders: the same however it is advanced,
  whether snapshots are read on the way, and in whichever order the two sides' orders
  at one instant are given;
- no side is told of an enemy unit it has not seen;
- strength never rises; a unit that broke off a fight or was removed fights no more
  rounds of it; a place passes only to a side whose unit is there.

The examples are fixed (derandomized) and few, for a quick and repeatable suite;
``SALIENT_DEEP=500`` searches that many random ones a test instead.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.simulation import Mode, Simulation
from scenario.models import Scenario
from tests.engine.props import (
    Case,
    FogWatch,
    Play,
    Script,
    by_instant,
    guard_control,
    kursk,
    ledger_faults,
    play,
    record,
    rounds_after_leaving,
    scripts,
    small_scenarios,
    strength_rises,
    views_agree,
)

DEEP = int(os.environ.get("SALIENT_DEEP", "0"))
"""Set ``SALIENT_DEEP=500`` to search that many random examples a test (not in CI)."""
SETTINGS = settings(max_examples=DEEP or 50, deadline=None, derandomize=not DEEP,
                    database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KURSK_SETTINGS = settings(SETTINGS, max_examples=DEEP or 20)
SMALL_HOURS = 36.0
MODES: list[Mode] = ["free", "replay"]


@st.composite
def small_cases(draw: st.DrawFn) -> Case:
    """A small scenario and a script of orders for it."""
    scenario = draw(small_scenarios())
    return Case(scenario, draw(scripts(scenario, SMALL_HOURS)))


@st.composite
def kursk_cases(draw: st.DrawFn) -> tuple[Mode, Script]:
    """A mode and a script of orders for Kursk (moments in its first four days)."""
    return draw(st.sampled_from(MODES)), draw(scripts(kursk(), 96.0, grain=1.0))


def check_rules(scenario: Scenario, script: Script, mode: Mode = "free") -> None:
    """Play *script*; assert the run's rules held (the invariants hold as it runs)."""
    wrong: list[str] = []
    how = Play(step=6.0, start=lambda sim: guard_control(sim, wrong))
    fog = FogWatch(how)

    def watch(sim: Simulation) -> None:
        fog(sim)
        wrong.extend(views_agree(sim))

    how.watch = watch
    sim = play(scenario, script, mode=mode, how=how)
    assert fog.leaks == []
    assert wrong == []
    assert ledger_faults(sim) == []
    assert strength_rises(sim) == []
    assert rounds_after_leaving(sim) == []


def check_determinism(scenario: Scenario, script: Script, mode: Mode = "free",
                      turn: float = 6.0) -> None:
    """Assert the run is the same however it is advanced and read."""
    whole = record(play(scenario, script, mode=mode))
    assert record(play(scenario, script, mode=mode, how=Play(step=turn))) == whole
    assert record(play(scenario, script, mode=mode, how=Play(step=1.0, read=True))) == whole


def check_fair(scenario: Scenario, script: Script, mode: Mode = "free") -> None:
    """Assert the order in which the sides' orders at one instant are given changes nothing
    but the order in which that instant's entries are written."""
    one = record(play(scenario, script, mode=mode))
    other = record(play(scenario, script, mode=mode, how=Play(reverse=True)))
    assert by_instant(other) == by_instant(one)


@SETTINGS
@given(small_cases())
def test_small_runs_keep_their_rules_whatever_the_orders(case: Case
                                                        ) -> None:
    check_rules(case.scenario, case.script)


@SETTINGS
@given(small_cases())
def test_small_runs_are_the_same_however_advanced_and_read(case: Case
                                                          ) -> None:
    check_determinism(case.scenario, case.script)


@SETTINGS
@given(small_cases())
def test_small_runs_do_not_depend_on_who_gives_orders_first(case: Case
                                                           ) -> None:
    check_fair(case.scenario, case.script)


@KURSK_SETTINGS
@given(kursk_cases())
def test_kursk_keeps_its_rules_whatever_the_orders(case: tuple[Mode, Script]) -> None:
    mode, script = case
    check_rules(kursk(), script, mode)


@KURSK_SETTINGS
@given(kursk_cases())
def test_kursk_is_the_same_however_advanced_and_read(case: tuple[Mode, Script]) -> None:
    mode, script = case
    check_determinism(kursk(), script, mode, turn=kursk().metadata.turn_hours)


@KURSK_SETTINGS
@given(kursk_cases())
def test_kursk_does_not_depend_on_who_gives_orders_first(case: tuple[Mode, Script]) -> None:
    mode, script = case
    check_fair(kursk(), script, mode)
