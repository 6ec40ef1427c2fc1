"""Saves, going back, lines of play, two teams and the umpire, driven by keys as a class would.

Each test runs the real app on the Kursk scenario under the pilot and presses keys; saves go
to real files in ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from tests.tui.conftest import kursk, mini, settle
from tui.app import SalientApp
from tui.debrief_screen import DebriefScreen
from tui.dialogs import AskScreen, ConfirmScreen, QuitScreen
from tui.explain_screen import ExplainScreen
from tui.game_screen import GameScreen
from tui.handover_screen import HandoverScreen
from tui.main_screen import MainScreen
from tui.session import Session
from tui.umpire_screens import ControlScreen, InjectScreen
from tui.widgets import EventLog, UnitTable

KURSK = Path("scenarios/kursk_2024.yaml")
SIZE = (120, 40)


def notes(app: SalientApp) -> list[str]:
    """The notifications shown so far, oldest first."""
    return [str(n.message) for n in app._notifications]


def log_texts(app: SalientApp, view: str | None) -> list[str]:
    return [e.text for e in app.screen.query_one(EventLog).pages[view].entries]


# -- saves and quitting --------------------------------------------------------------------


async def test_ctrl_s_saves_the_game_and_the_save_loads_at_the_same_turn(
        tmp_path: Path) -> None:
    app = SalientApp(Session(kursk(), source=KURSK, autosave=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = tmp_path / f"{app.session.game.id}.json"
        assert saved.is_file() and f"Saved to {saved}." in notes(app)
        assert not app.session.dirty
        shown = app.session.snapshot()  # with the whole log
    loaded = Session.load(saved)
    assert loaded.position == 2 and loaded.snapshot() == shown


async def test_ctrl_s_says_why_a_game_without_a_scenario_file_cannot_be_saved() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        [message] = notes(app)
        assert "cannot be saved" in message and "without a scenario file" in message


async def test_ctrl_s_without_a_home_folder_says_so_and_the_game_goes_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SALIENT_HOME", "XDG_DATA_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home(cls: type[Path]) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    app = SalientApp(Session(kursk(), source=KURSK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        [message] = notes(app)
        assert message.startswith("Not saved:") and "SALIENT_HOME" in message
        assert app.session.dirty and isinstance(app.screen, MainScreen)


async def test_q_quits_at_once_with_nothing_unsaved() -> None:
    app = SalientApp(Session(kursk(), source=KURSK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_q_asks_first_with_unsaved_play_and_can_save_and_quit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALIENT_HOME", str(tmp_path))  # the games folder of ctrl+s and q
    app = SalientApp(Session(kursk(), source=KURSK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(app, pilot)
        assert app.session.dirty
        await pilot.press("q")
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")  # cancel: still playing
        assert isinstance(app.screen, MainScreen) and not app._exit
        await pilot.press("q", "enter")  # "Save and quit" has the focus
        await pilot.pause()
        assert app._exit
    saved = tmp_path / "games" / f"{app.session.game.id}.json"
    assert Session.load(saved).position == 1


async def test_q_can_quit_without_saving() -> None:
    app = SalientApp(Session(kursk(), source=KURSK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("q", "tab", "enter")  # "Quit without saving"
        await pilot.pause()
        assert app._exit and app.session.dirty


# -- back a turn, the game screen: jump, bookmark, branch ------------------------------------


async def test_b_goes_back_a_turn_and_every_log_is_written_again() -> None:
    app = SalientApp(Session(kursk(), seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "v")  # Ukraine's log is written too
        await settle(app, pilot)
        await pilot.press("v", "v", "b")  # back at the umpire's view, then back a turn
        await settle(app, pilot)
        assert app.session.position == 2 and app.snapshot.turn == 2
        fresh = Session(kursk(), seed=3)
        fresh.next_turn()
        fresh.next_turn()
        assert log_texts(app, None) == [e.text for e in fresh.snapshot().log]
        fresh.view = "ua"
        assert log_texts(app, "ua") == [e.text for e in fresh.snapshot().log]  # hidden, too
        await pilot.press("v")
        await settle(app, pilot)
        assert log_texts(app, "ua") == [e.text for e in fresh.snapshot().log]


async def test_b_at_the_start_says_there_is_no_turn_before() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert "start of the game" in notes(app)[0] and app.session.position == 0


def rows(app: SalientApp) -> list[str]:
    table: DataTable[Any] = app.screen.query_one("#game-lines", DataTable)
    return [str(row.value) for row in table.rows]


async def test_the_game_screen_bookmarks_branches_and_goes_to_any_turn() -> None:
    app = SalientApp(Session(kursk(), mode="free"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        await settle(app, pilot)
        await pilot.press("G")
        assert isinstance(app.screen, GameScreen)
        await pilot.press("m")
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"Sudzha falls", "enter")
        await pilot.pause()
        assert rows(app) == ["line:main", "mark:main:0"]
        await pilot.press("n", "ctrl+u", *"no crossing", "enter")  # branch from turn 3
        await pilot.pause()
        assert app.session.line == "no crossing"
        assert rows(app) == ["line:main", "mark:main:0", "line:no crossing",
                             "mark:no crossing:0"]
        await pilot.press("escape", "n", "n")  # play the new line on to turn 5
        await settle(app, pilot)
        await pilot.press("G", "up", "up", "enter")  # main, which turn? 1
        assert isinstance(app.screen, AskScreen)
        await pilot.press("ctrl+u", "1", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert (app.session.line, app.session.position, app.snapshot.turn) == ("main", 1, 1)
        lines = {line.name: line.played for line in app.session.lines()}
        assert lines == {"main": 3, "no crossing": 5}
        fresh = Session(kursk(), mode="free")
        fresh.next_turn()
        assert log_texts(app, None) == [e.text for e in fresh.snapshot().log]
        await pilot.press("G", "down", "enter")  # the bookmark: turn 3 of main
        await settle(app, pilot)
        assert (app.session.line, app.session.position) == ("main", 3)


# -- two teams -----------------------------------------------------------------------------


def handover(app: SalientApp) -> str:
    screen = app.screen
    assert isinstance(screen, HandoverScreen), f"{type(screen).__name__}, not the hand-over"
    return screen.message


async def test_two_teams_hand_over_between_the_sides_and_play_when_both_submit() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert handover(app).startswith("Pass the keyboard to Ukraine.")
        assert "Press Enter when Ukraine is at the screen" in handover(app)
        await pilot.press("n", "v", "o")  # nothing but Enter leaves the hand-over screen
        assert isinstance(app.screen, HandoverScreen) and app.session.submitted == ()
        await pilot.press("enter")
        assert app.sub_title == "Ukraine view"
        await pilot.press("v")  # the enemy's view cannot be reached
        assert app.session.view == "ua" and "only its own view" in notes(app)[-1]
        await pilot.press("n")
        await pilot.pause()
        assert handover(app).startswith("Pass the keyboard to Russia.")
        assert "Ukraine has submitted its orders" in handover(app)
        assert app.session.position == 0
        await pilot.press("enter")
        assert app.sub_title == "Russia view" and app.snapshot.side == "ru"
        await pilot.press("n")
        await pilot.pause()
        assert app.session.position == 1
        assert "turn 1 has been played" in handover(app)
        await pilot.press("enter")
        assert app.snapshot.side == "ua" and app.snapshot.turn == 1
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert not any(title.startswith("View:") for title in commands)
        assert "Umpire view" in commands and "Inject event" not in commands


async def test_u_opens_the_umpire_view_only_after_confirming_and_records_it() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "U")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert app.session.view == "ua" and app.session.game.looks == ()
        await pilot.press("U", "enter")
        await pilot.pause()
        assert app.session.view is None and app.sub_title == "Umpire view"
        [look] = app.session.game.looks
        assert (look.line, look.turn) == ("main", 0)
        assert not app.screen.active_bindings["n"].enabled  # the umpire submits nothing
        await pilot.press("v")  # back to the side at play, behind a hand-over screen
        await pilot.pause()
        assert handover(app).startswith("Pass the keyboard to Ukraine.")


# -- the umpire's actions ----------------------------------------------------------------------


async def test_an_umpire_inject_and_control_change_are_saved_and_replayed(
        tmp_path: Path) -> None:
    app = SalientApp(Session(kursk(), source=KURSK, autosave=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("i")
        assert isinstance(app.screen, InjectScreen)
        await pilot.press(*"Heavy rain on the border roads", "enter")
        await pilot.pause()
        assert log_texts(app, None)[-1] == "Umpire: Heavy rain on the border roads"
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, ControlScreen)
        held = app.snapshot.control
        index = next(i for i, (pid, _) in enumerate(form.places) if held.get(pid) == "ua")
        await pilot.press("enter", *["down"] * (index + 1), "enter",  # a place Ukraine
                          "tab", "enter", "down", "down", "enter",  # holds, to Russia
                          "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), notes(app)
        [change] = [a for a in app.session.game.line("main").actions if a.kind == "control"]
        assert change.side == "ru" and "handed to Russia" in notes(app)[-1]
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = [(e.hours, e.kind, e.text) for e in app.session.snapshot().log]
        umpire = [e for e in app.session.sim.log.entries if e.data.get("umpire")]
    assert len(umpire) == 2
    loaded = Session.load(tmp_path / f"{app.session.game.id}.json")
    again = [(e.hours, e.kind, e.text) for e in loaded.snapshot().log]
    assert again == shown
    assert (12.0, "inject", "Umpire: Heavy rain on the border roads") in again


async def test_the_umpire_actions_are_greyed_in_a_sides_view() -> None:
    app = SalientApp(Session(kursk(), view="ua"))
    async with app.run_test(size=SIZE) as pilot:
        bindings = app.screen.active_bindings
        assert not bindings["i"].enabled and not bindings["p"].enabled
        await pilot.press("i")
        assert isinstance(app.screen, MainScreen)


# -- standing orders -----------------------------------------------------------------------------


async def test_x_cancels_a_units_standing_order_and_the_replay_lets_go_of_it() -> None:
    app = SalientApp(Session(kursk(), view="ua"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(app, pilot)
        table = app.screen.query_one(UnitTable)
        moving = next(u for u in app.snapshot.units
                      if u.side == "ua" and u.destination is not None)
        await pilot.press(*["down"] * table.get_row_index(moving.id))
        details = app.screen.query_one("#unit-details", Static).content
        assert f"{moving.name}: standing order: to {app.session.name_of(moving.destination)}"\
            in str(details)
        await pilot.press("x")
        await pilot.pause()
        assert f"{moving.name} holds" in notes(app)[-1]
        assert "the record's orders no longer move it" in notes(app)[-1]
        assert any("historical orders for it are no longer given" in text
                   for text in log_texts(app, "ua"))
        await pilot.press("n")
        await settle(app, pilot)
        assert app.snapshot.unit(moving.id).destination is None


# -- the debrief and explanations ------------------------------------------------------------------


async def test_d_opens_the_debrief_of_the_side_at_the_screen_in_a_two_team_game() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "enter", "n", "enter", "d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen) and screen.data.reader == "ua"
        assert screen.data.at_turn is None and screen.sub_title == "Debrief, Ukraine"
        await pilot.press("d", "U", "enter", "d")  # the umpire's, through the umpire action
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen) and screen.data.reader is None


async def test_enter_on_a_log_line_explains_that_entry_as_the_view_saw_it() -> None:
    app = SalientApp(Session(kursk(), view="ru", seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        await settle(app, pilot)
        await pilot.press("l")
        log = app.screen.query_one(EventLog)
        assert log.view == "ru" and app.focused is log and log.cursor == len(log.entries) - 1
        combat = max(i for i, e in enumerate(log.entries) if e.kind == "combat")
        await pilot.press(*["up"] * (len(log.entries) - 1 - combat), "enter")
        assert isinstance(app.screen, ExplainScreen)
        entry = log.entries[combat]
        assert app.screen.explanation.text == entry.text
        assert f"(entry {entry.seq})" in app.screen.explanation.title
        truth = app.session.sim.log.entries[entry.seq]
        assert entry == truth.seen_by("ru")  # Russia's version, not the umpire's
        await pilot.press("escape")
        assert app.focused is log and log.cursor == combat


async def test_once_a_two_team_game_has_ended_d_shows_the_umpires_debrief() -> None:
    session = Session(mini(), teams=True)
    while not session.finished:
        session.next_turn()
    app = SalientApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen) and app.screen.data.reader is None


async def test_a_loaded_game_opens_with_its_whole_log(tmp_path: Path) -> None:
    session = Session(kursk(), source=KURSK)
    for _ in range(3):
        session.next_turn()
    saved = session.save(tmp_path / "game.json")
    app = SalientApp(Session.load(saved))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert log_texts(app, None) == [e.text for e in session.snapshot().log]
        assert app.snapshot.turn == 3


async def test_a_two_team_order_waits_for_both_sides_and_the_unit_line_says_so() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        unit = app.main.selected_unit()
        assert unit is not None and unit.side == "ua"
        await pilot.press("x")
        await pilot.pause()
        assert "once both sides have submitted" in notes(app)[-1]
        details = str(app.screen.query_one("#unit-details", Static).content)
        assert f"{unit.name}: new order: hold" in details
        assert [o.unit for o in app.session.pending("ua")] == [unit.id]
        await pilot.press("n", "enter", "n", "enter")
        await pilot.pause()
        assert app.session.position == 1
        given = [a for a in app.session.game.line("main").actions if a.kind == "order"]
        assert [(a.side, a.unit, a.action, a.turn) for a in given] == [
            ("ua", unit.id, "hold", 0)]
