"""The instructor's script, key by key: what the guide and the help promise, the app does.

Each test drives the real app on Kursk under the pilot at a classroom's sizes (a projector
at 120 x 40, a laptop terminal at 80 x 24).
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import kursk, settle
from tui.app import SalientApp
from tui.help_screen import HelpScreen
from tui.mapview import MapView
from tui.session import Session
from tui.widgets import UnitTable

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
