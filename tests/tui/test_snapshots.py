"""Snapshot tests of the app's screens (SVG in __snapshots__/, see pytest-textual-snapshot).

The main screen, help and the order dialog at three terminal sizes: 80x24 (the panels
stacked, the map hidden), 120x40 and 160x48; the two-team hand-over screen and the
debrief at 80x24 and 120x40. After a deliberate change to the look,
review and update them with
``.venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update -n 0``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import kursk
from tui.app import SalientApp
from tui.session import Session
from tui.widgets import UnitTable

SIZES = [(80, 24), (120, 40), (160, 48)]


def turns(count: int, *then: str) -> Any:
    """A ``run_before`` that plays *count* turns by keys, waits for them, then presses *then*."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, SalientApp)
        await pilot.press(*["n"] * count)
        app.main.settle()
        await pilot.pause()
        await pilot.press(*then)
        app.main.settle()
        await pilot.pause()

    return run_before


def order_to(unit_id: str) -> Any:
    """A ``run_before`` that goes to Ukraine's view, moves to *unit_id* by keys and presses o."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, SalientApp)
        await pilot.press("v")
        index = app.screen.query_one(UnitTable).get_row_index(unit_id)
        await pilot.press(*["down"] * index, "o")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestMainScreen:
    def test_the_opening_situation_as_the_umpire(self, snap_compare: Any,
                                                 size: tuple[int, int]) -> None:
        assert snap_compare(SalientApp(Session(kursk())), terminal_size=size,
                            run_before=turns(0))



class TestRussiasView:
    def test_9_august_as_russia_sees_it(self, snap_compare: Any) -> None:
        assert snap_compare(SalientApp(Session(kursk())), terminal_size=(120, 40),
                            run_before=turns(6, "v", "v"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestHelpScreen:
    def test_help_over_the_opening_situation(self, snap_compare: Any,
                                             size: tuple[int, int]) -> None:
        assert snap_compare(SalientApp(Session(kursk())), terminal_size=size,
                            run_before=turns(0, "question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestOrderScreen:
    def test_an_order_to_the_himars_battery(self, snap_compare: Any,
                                            size: tuple[int, int]) -> None:
        assert snap_compare(SalientApp(Session(kursk(), mode="free")), terminal_size=size,
                            run_before=order_to("ua_himars"))


class TestClaimsScreen:
    def test_claims_to_10_august_as_the_umpire(self, snap_compare: Any) -> None:
        assert snap_compare(SalientApp(Session(kursk())), terminal_size=(130, 42),
                            run_before=turns(8, "c"))


def keys(*pressed: str) -> Any:
    """A ``run_before`` that presses *pressed* and waits for what they asked for."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, SalientApp)
        await pilot.pause()  # a two-team game opens on its hand-over screen
        await pilot.press(*pressed)
        app.main.settle()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
class TestHandoverScreen:
    def test_pass_the_keyboard_to_russia(self, snap_compare: Any,
                                         size: tuple[int, int]) -> None:
        assert snap_compare(SalientApp(Session(kursk(), teams=True)), terminal_size=size,
                            run_before=keys("enter", "n"))


@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
class TestDebriefScreen:
    def test_the_umpires_debrief_on_10_august(self, snap_compare: Any,
                                              size: tuple[int, int]) -> None:
        assert snap_compare(SalientApp(Session(kursk())), terminal_size=size,
                            run_before=turns(8, "d"))
