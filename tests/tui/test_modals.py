"""Dialogs over the main screen: the keys on the bottom row are the dialog's own.

A modal dialog (help, an order, the umpire's forms, a question, quitting, an explanation)
takes every key: the main screen's keys do nothing while it is open. So the bottom row
must not offer them; it shows the keys that act on the dialog, each doing what it says.
Each test opens every dialog a class meets, in the real app under the pilot, and reads
the bottom row of the screen as drawn.
"""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import ModalScreen

from tests.tui.conftest import kursk, settle
from tests.tui.test_fog_screens import screenshot_text
from tui.app import SalientApp
from tui.dialogs import AskScreen, ConfirmScreen, QuitScreen
from tui.explain_screen import ExplainScreen
from tui.help_screen import HelpScreen
from tui.main_screen import MainScreen
from tui.order_screen import OrderScreen
from tui.session import Session
from tui.umpire_screens import ControlScreen, InjectScreen

MAIN_KEYS = {b.description for b in MainScreen.BINDINGS
             if isinstance(b, Binding) and b.show} | {"Help", "Quit"}
"""What the main screen's footer says of its keys (and the app's help and quit)."""


def bottom_row(app: SalientApp) -> str:
    """The last row of the screen as drawn."""
    return screenshot_text(app).splitlines()[-1]


async def check_dialog(app: SalientApp, pilot: Pilot[None], kind: type[ModalScreen[object]],
                       *keys: str) -> None:
    """Open a dialog with *keys*; its bottom row offers its keys only; escape closes it."""
    await pilot.press(*keys)
    await settle(app, pilot)
    assert isinstance(app.screen, kind), f"{keys} opened {app.screen!r}, not a {kind}"
    row = bottom_row(app)
    offered = {d for d in MAIN_KEYS if f" {d}" in f" {row}"}
    assert not offered, f"{kind.__name__}: the bottom row offers {offered}: {row!r}"
    own = [b for b in kind.BINDINGS if isinstance(b, Binding) and b.show]
    assert own and all(b.description in row for b in own), \
        f"{kind.__name__}: its keys are not on the bottom row: {row!r}"
    assert "esc" in row
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_a_dialog_shows_its_own_keys_not_the_main_screens(
        size: tuple[int, int]) -> None:
    async def check_ask(app: SalientApp, pilot: Pilot[None], kind: type[ModalScreen[object]],
                        *keys: str) -> None:
        """The bookmark's question opens over the game screen, and goes back to it."""
        await pilot.press(*keys)
        await settle(app, pilot)
        assert isinstance(app.screen, kind)
        row = bottom_row(app)
        assert "Cancel" in row and "Bookmark" not in row and "Branch" not in row, row
        await pilot.press("escape")
        await pilot.pause()

    app = SalientApp(Session(kursk()))
    async with app.run_test(size=size) as pilot:
        await check_dialog(app, pilot, HelpScreen, "question_mark")
        if size == (120, 40):  # on a laptop, the dialogs a team meets
            await check_dialog(app, pilot, InjectScreen, "i")
            await check_dialog(app, pilot, ControlScreen, "p")
            await pilot.press("G")
            await check_ask(app, pilot, AskScreen, "m")
            await pilot.press("escape")
        await check_dialog(app, pilot, ExplainScreen, "l", "enter")
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one("#units").focus()
        await check_dialog(app, pilot, OrderScreen, "o")
        await check_dialog(app, pilot, QuitScreen, "n", "q")


async def test_the_umpire_s_confirmation_shows_its_own_keys() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await check_dialog(app, pilot, ConfirmScreen, "U")
