"""The session behind the app: turns, views and the log of each turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.orders import Order
from engine.snapshot import Snapshot
from scenario.errors import OrderError, SaveError
from scenario.loader import load
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


# -- the record: save, load, rewind, lines ------------------------------------------------

KURSK = Path("scenarios/kursk_2024.yaml")
VIEWS = (None, "ua", "ru")


def views(session: Session) -> tuple[Snapshot, ...]:
    return tuple(session.sim.snapshot(v) for v in VIEWS)


def give(session: Session, side: str, order: Order) -> str | None:
    session.view = side
    return session.give(order)


def played_game(tmp_path: Path) -> tuple[Session, list[tuple[Snapshot, ...]]]:
    """Kursk for five turns with orders and umpire interventions; snapshots at each turn."""
    session = Session(kursk(), source=KURSK, autosave=tmp_path)
    seen = [views(session)]
    session.next_turn()
    seen.append(views(session))
    assert give(session, "ua", Order("ua_22_mech_1", "attack", to="sudzha")) is None
    assert session.inject("A reporter reaches Sudzha", ("ua",)) is None
    session.next_turn()
    seen.append(views(session))
    assert session.set_control("goncharovka", "ua") is None
    assert give(session, "ru", Order("ru_cons_sudzha", "withdraw", to="goncharovka")) is None
    assert give(session, "ua", Order("ua_88_mech_1", "move", to="nowhere")) is not None
    for _ in range(3):
        session.next_turn()
        seen.append(views(session))
    return session, seen


def test_a_played_game_saved_and_loaded_replays_the_same_snapshots_at_every_turn(
        tmp_path: Path) -> None:
    session, seen = played_game(tmp_path)
    assert session.dirty is False  # the autosave wrote the last turn
    path = session.save(tmp_path / "class.json")
    assert not session.dirty
    loaded = Session.load(path)
    assert views(loaded) == seen[-1] and loaded.position == 5 and not loaded.dirty
    for k in range(len(seen)):
        loaded.goto(k)
        assert views(loaded) == seen[k], f"turn {k}"


def test_rewinding_equals_a_fresh_run_stopped_at_that_turn(tmp_path: Path) -> None:
    session, seen = played_game(tmp_path)
    snapshot = session.rewind(4)
    assert snapshot.log_from == 0 and snapshot.hours == 12.0 and snapshot.log
    assert session.position == 1 and views(session) == seen[1]
    fresh = Session(kursk())
    fresh.next_turn()
    assert views(session) == views(fresh)
    for k in range(2, 6):  # playing on from a past turn follows the line
        session.next_turn()
        assert views(session) == seen[k]
    assert [x.name for x in session.lines()] == ["main"]


def test_a_new_order_at_a_past_turn_starts_a_line_and_keeps_the_old_one(
        tmp_path: Path) -> None:
    session, seen = played_game(tmp_path)
    session.goto(2)
    assert give(session, "ua", Order("ua_88_mech_2", "move", to="sudzha")) is None
    assert session.line == "main@2"
    branch = session.game.line("main@2")
    assert (branch.parent, branch.from_turn, branch.played) == ("main", 2, 2)
    session.next_turn()
    assert session.game.line("main@2").played == 3
    assert session.game.line("main").played == 5
    path = session.save(tmp_path / "two.json")
    main = Session.load(path, line="main")
    assert views(main) == seen[5]
    other = Session.load(path)
    assert other.line == "main@2" and other.position == 3
    assert views(other) != seen[3]
    assert any("Sudzha" in e.text for e in other.sim.log.entries if e.kind == "order"
               and e.data.get("unit") == "ua_88_mech_2")


def test_a_named_branch_from_the_current_turn_and_bookmarks(tmp_path: Path) -> None:
    session, seen = played_game(tmp_path)
    session.goto(3)
    session.bookmark("before the counter-attack")
    line = session.branch("counter")
    assert (line.parent, line.from_turn, session.line) == ("main", 3, "counter")
    assert [x.name for x in session.lines()] == ["main", "counter"]
    with pytest.raises(SaveError, match="already has a line called 'counter'"):
        session.branch("counter")
    session.next_turn()
    assert views(session) == seen[4]  # nothing new given: the same play
    assert session.game.line("main").bookmarks[0].label == "before the counter-attack"
    switched = session.switch("main", 2)
    assert switched.hours == 24.0 and session.line == "main"


def test_dirty_until_saved_and_autosave_each_turn(tmp_path: Path) -> None:
    session = Session(kursk(), source=KURSK, autosave=tmp_path / "games")
    assert not session.dirty
    session.view = "ua"
    session.give(Order("ua_22_mech_1", "attack", to="sudzha"))
    assert session.dirty
    session.next_turn()
    autosaved = tmp_path / "games" / f"{session.game.id}.json"
    assert autosaved.exists() and not session.dirty
    assert Session.load(autosaved).position == 1
    session.bookmark("here")
    assert session.dirty


def test_a_game_without_its_scenario_file_is_recorded_but_not_saved(tmp_path: Path) -> None:
    session = Session(kursk())
    session.next_turn()
    session.rewind()
    assert session.position == 0
    with pytest.raises(SaveError, match="no scenario text to save"):
        session.save(tmp_path / "g.json")
    with pytest.raises(SaveError, match="no file to save the game to"):
        Session(kursk(), source=KURSK).save()


# -- two teams ------------------------------------------------------------------------------

def teams_turn(first: str) -> Session:
    """A two-team turn in which *first* gives its orders and submits first."""
    session = Session(kursk(), teams=True, view=first, mode="free")
    orders = {"ua": Order("ua_22_mech_1", "attack", to="sudzha"),
              "ru": Order("ru_cons_sudzha", "attack", to="goncharovka")}
    for side in (first, "ru" if first == "ua" else "ua"):
        assert session.view == side and session.at_play == side
        assert session.give(orders[side]) is None
        assert session.submit(side) is (side != first)
    return session


def test_a_teams_turn_resolves_only_after_both_submit() -> None:
    session = Session(kursk(), teams=True, mode="free")
    assert session.view == "ua" and session.views == ("ua", "ru")
    assert session.give(Order("ua_22_mech_1", "attack", to="sudzha")) is None
    assert session.snapshot().hours == 0.0 and session.pending("ua")
    assert session.submit("ua") is False
    assert session.view == "ru" and session.snapshot().hours == 0.0
    assert not any(e.kind == "order" for e in session.sim.log.entries)
    assert "a side orders only its own" in (session.give(Order("ua_22_mech_2", "hold")) or "")
    session.next_turn()  # the side at the screen submits
    assert session.snapshot().hours == 12.0 and session.view == "ua"
    assert session.submitted == () and session.pending("ua") == ()


def test_the_order_of_submission_does_not_change_the_turn() -> None:
    ua_first, ru_first = teams_turn("ua"), teams_turn("ru")
    for view in VIEWS:
        assert ua_first.sim.snapshot(view) == ru_first.sim.snapshot(view)
    assert [a.side for a in ua_first.game.line("main").actions] == ["ua", "ru"]


def test_in_a_teams_game_the_enemy_view_cannot_be_reached(tmp_path: Path) -> None:
    session = Session(kursk(), teams=True, source=KURSK, mode="free")
    assert [session.cycle_view() for _ in range(3)] == ["ua", "ua", "ua"]
    with pytest.raises(OrderError, match="the view is the side at play"):
        session.view = "ru"
    with pytest.raises(OrderError, match="turn at the screen"):
        session.submit("ru")
    assert session.give(Order("ru_cons_sudzha", "hold")) is not None
    umpire = session.umpire_view()
    assert umpire.side is None and session.view is None
    assert session.cycle_view() == "ua"
    assert [(look.line, look.turn) for look in session.game.looks] == [("main", 0)]
    loaded = Session.load(session.save(tmp_path / "teams.json"))
    assert loaded.teams and len(loaded.game.looks) == 1 and loaded.view == "ua"


def test_a_teams_turn_played_again_with_other_orders_starts_a_line() -> None:
    session = teams_turn("ua")
    after = session.sim.snapshot(None)
    session.rewind()
    session.submit("ua")
    session.submit("ru")  # no orders this time
    assert session.line == "main@0" and [x.played for x in session.lines()] == [1, 1]
    assert session.sim.snapshot(None) != after
    session.switch("main", 0)
    session.give(Order("ua_22_mech_1", "attack", to="sudzha"))
    session.submit("ua")
    session.give(Order("ru_cons_sudzha", "attack", to="goncharovka"))
    session.submit("ru")  # the same orders: the same line
    assert session.line == "main" and session.sim.snapshot(None) == after


def test_a_loaded_game_hands_its_whole_log_to_what_opens_it(tmp_path: Path) -> None:
    source = Path("scenarios/kursk_2024.yaml")
    session = Session(load(source), seed=3, source=source)
    for _ in range(3):
        session.next_turn()
    saved = session.save(tmp_path / "game.json")
    loaded = Session.load(saved)
    first = loaded.update()
    assert first.log_from == 0
    assert [e.seq for e in first.log] == [e.seq for e in session.snapshot().log]
    assert loaded.update().log == ()


def test_looking_ahead_and_the_logs_of_other_views_change_nothing_in_the_run() -> None:
    ahead, plain = Session(kursk()), Session(kursk())
    for _ in range(8):
        ahead.next_turn()
        ahead.look_ahead()
        ahead.log_of("ru", 0)
        plain.next_turn()
    for view in ("ua", "ru", None):
        assert ahead.sim.snapshot(view) == plain.sim.snapshot(view)
        assert ahead.log_of(view, 0)[0] == plain.sim.snapshot(view).log
    assert ahead.log_of("ua", ahead.log_length) == ((), ahead.log_length)


def test_a_teams_order_is_refused_as_the_engine_refuses_it_fog_included() -> None:
    """An enemy unit the side has not seen is an unknown one; once seen, not its own."""
    session = Session(kursk(), teams=True, mode="free")
    enemy = next(u for u in session.sim.units.values()
                 if u.side == "ru" and not session.sim.knows("ua", u.id))
    order = Order(enemy.id, "hold")
    unseen = session.give(order) or ""
    assert unseen.startswith(f"unknown unit {enemy.id!r}") and enemy.name not in unseen
    session.sim.fates["ua"][enemy.id] = ("destroyed", 0.0)  # Ukraine saw its fate
    assert session.give(order) == f"{enemy.name} is not one of your units: a side orders " \
                                  "only its own"
    [refused] = session.sim.apply([order], side="ua")
    assert refused.reason == session.give(order)
