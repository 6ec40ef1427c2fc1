"""The instructor's script, key by key: what the guide and the help promise, the app does.

Each test drives the real app on Kursk under the pilot at a classroom's sizes (a projector
at 120 x 40, a laptop terminal at 80 x 24).
"""

from __future__ import annotations

import pytest
from textual.geometry import Region

from tests.tui.conftest import kursk, settle
from tests.tui.test_game_screens import notes
from tui.app import SalientApp
from tui.eventlog import EventLog, LogPage
from tui.help_screen import HelpScreen
from tui.main_screen import MainScreen
from tui.mapview import MapView
from tui.session import Session
from tui.widgets import StatusPanel, UnitTable

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


@SIZES
async def test_the_map_on_the_whole_screen_takes_the_zoom_and_pan_keys(
        size: tuple[int, int]) -> None:
    """``m`` for the back row: the map's keys work at once; ``m`` again, the list's keys."""
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "m")
        await settle(app, pilot)
        view = app.screen.query_one(MapView)
        await pilot.press("plus", "plus", "left")
        assert view.zoom == 2 and view.centre is not None, "the map's keys did nothing"
        await pilot.press("m", "down")
        await pilot.pause()
        assert isinstance(app.focused, UnitTable) and app.focused.cursor_row == 1


async def test_help_lists_every_key_that_acts_on_the_screen_with_its_own_words() -> None:
    """Every key of the main screen is in help (``q`` and backspace were left out), and
    quit is described as the app's quit is: it asks first."""
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        wanted = {app.get_key_display(a.binding) for a in app.screen.active_bindings.values()
                  if a.binding.description and (a.binding.show or a.binding.tooltip)}
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {key: does for keys, does, _ in app.screen.keys for key in keys.split(", ")}
        assert wanted - listed.keys() == set()
        assert {"q", "b", "?", "f1"} <= {k.lower() for k in listed}
        quit_row = next(row for row in app.screen.keys if row[1] == "Quit")
        assert "asks first" in quit_row[2]


@SIZES
async def test_the_line_under_the_list_shows_where_each_unit_is_or_is_going(
        size: tuple[int, int]) -> None:
    """The one line on the unit under the cursor is cut at the panel's edge: where the unit
    is, or where its standing order takes it, comes before it is cut (it came last, and
    the line wrapped out of sight: '...: no move under way; defending at')."""
    app = SalientApp(Session(kursk(), view="ua"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "n")
        await settle(app, pilot)
        table, line = app.screen.query_one(UnitTable), app.screen.query_one("#unit-details")
        names = app.screen.names
        for unit in app.snapshot.units:
            if unit.status != "active":
                continue
            table.move_cursor(row=table.get_row_index(unit.id), animate=False)
            await pilot.pause()
            drawn = line.render_lines(Region(0, 0, line.size.width, 1))[0].text.strip()
            fact = names[unit.destination] if unit.destination else app.screen.where(unit)
            assert fact in drawn, f"{unit.name}: {fact!r} is not in {drawn!r}"


def wrapped_afresh(log: EventLog) -> list[int]:
    """The line ends of the shown page's entries, wrapped afresh at the log's width now."""
    width = log._width()
    assert width is not None
    page, fresh = log.page, LogPage(log.page.view)
    for entry, text in zip(page.entries, page._texts, strict=True):
        fresh.append(entry, text, width, log.app.console)
    return fresh.ends


async def test_the_log_follows_a_resized_terminal_and_keeps_its_newest_line_in_sight() -> None:
    """Narrowed mid-game, the log's lines were cut at its right edge (wrapped at the old
    width, behind a sideways scroll bar) and its newest lines were out of sight; widened,
    they stayed wrapped short. Every view's page follows the width it is shown at."""
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "n")
        await settle(app, pilot)
        log = app.screen.query_one(EventLog)
        for size, key in (((80, 24), ""), ((80, 24), "v"), ((120, 40), ""), ((120, 40), "v"),
                          ((80, 24), "v")):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            if key:
                await pilot.press(key)
                await pilot.pause()
            shown = f"{size}, {log.view} view"
            assert log.page.ends == wrapped_afresh(log), f"{shown}: wrapped at another width"
            assert log.virtual_size.width <= log.scrollable_content_region.width, shown
            assert log.is_vertical_scroll_end, f"{shown}: the newest line is out of sight"


async def test_an_order_or_an_umpire_action_at_a_past_turn_says_it_starts_a_new_line() -> None:
    """Going back and doing something new there starts a new line of play; the class is
    told which, or it plays on another line than it thinks (the line was switched
    silently)."""
    app = SalientApp(Session(kursk(), view="ua"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "n", "b", "b", "x")
        await settle(app, pilot)
        assert app.session.line == "main@1"
        assert "new line of play, main@1, from turn 1" in notes(app)[-2]
        assert app.screen.query_one(StatusPanel).line == "main@1"  # named in the status
        await pilot.press("x")  # the same line again: nothing more to say
        await pilot.pause()
        assert not any("new line" in note for note in notes(app)[-1:])
        await pilot.press("v", "v", "b", "i")  # the umpire, a turn further back
        await pilot.press(*"Fog", "enter")
        await settle(app, pilot)
        assert app.session.line == "main@1@0"
        assert any("new line of play, main@1@0" in note for note in notes(app)[-2:])


async def test_help_and_the_quit_question_pause_play() -> None:
    """Like every other screen a key opens, help and 'Quit with unsaved play?' pause the
    turns played one after another (they went on behind them, and were autosaved)."""
    app = SalientApp(Session(kursk()), seconds_per_turn=0.15)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("question_mark", "q"):
            await pilot.press("space")
            await pilot.pause(0.2)
            await pilot.press(key)
            await settle(app, pilot)
            assert not isinstance(app.screen, MainScreen) and not app.playing, key
            at = app.session.position
            assert 0 < at < app.session.turns
            await pilot.pause(0.4)
            app.main.settle()
            assert app.session.position == at, f"{key}: turns were played behind it"
            await pilot.press("escape")
