"""The instructor's script, key by key: what the guide and the help promise, the app does.

Each test drives the real app on Kursk under the pilot at a classroom's sizes (a projector
at 120 x 40, a laptop terminal at 80 x 24).
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import kursk, settle
from tui.app import SalientApp
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
