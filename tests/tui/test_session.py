"""The session behind the app: turns, views and the log of each turn."""

from __future__ import annotations

import pytest

from tests.tui.conftest import kursk
from tui.session import Session


def test_a_turn_moves_the_clock_by_the_turn_length_and_brings_its_log() -> None:
    session = Session(kursk())
    first = session.next_turn()
    assert (first.turn, first.hours) == (1, 12.0)
    second = session.next_turn()
    assert second.hours == 24.0
    assert second.log and second.log[0].seq == first.log[-1].seq + 1
    assert all(12.0 <= e.hours <= 24.0 for e in second.log)


def test_the_views_cycle_umpire_then_each_side() -> None:
    session = Session(kursk())
    assert [session.cycle_view() for _ in range(3)] == ["ua", "ru", None]
    assert session.view_name("ru") == "Russia" and session.view_name() == "Umpire"


def test_the_last_turn_ends_the_run_and_further_turns_change_nothing() -> None:
    session = Session(kursk())
    for _ in range(session.turns):
        last = session.next_turn()
    assert last.finished and session.turns == 30
    again = session.next_turn()
    assert again.hours == last.hours and again.log == ()


def test_an_unknown_view_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown view 'nato'"):
        Session(kursk(), view="nato")
