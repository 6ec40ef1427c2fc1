"""What a class meets at the keyboard: the footer's keys, the hand-over, the screens' text.

Each test drives the real app under the pilot, at the sizes a classroom uses (a projector
at 120 x 40, a laptop terminal at 80 x 24).
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from tests.tui.conftest import kursk, settle
from tests.tui.test_fog_screens import screenshot_text
from tests.tui.test_game_screens import notes
from tui.app import SalientApp
from tui.chart import LABEL_WIDTH, Series, plot
from tui.claims_screen import ClaimsScreen, claimed, simulated
from tui.debrief_screen import DebriefScreen
from tui.handover_screen import HandoverScreen
from tui.main_screen import MainScreen
from tui.session import Session

WIDE, NARROW = (120, 40), (80, 24)


def footer_keys(app: SalientApp) -> dict[str, tuple[str, bool]]:
    """The keys the footer of the screen shown offers: key -> (description, enabled)."""
    return {key.key_display: (key.description, not key._disabled)
            for key in app.screen.query(FooterKey) if key.display}


async def test_a_hand_over_takes_the_last_side_s_messages_with_it() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("enter", "o")
        await pilot.press("tab", "enter", "down", "enter", "tab", "enter")  # move to a place
        await pilot.pause()
        assert any("Order given" in note for note in notes(app)), \
            "the order was not acknowledged: the test shows nothing"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen)
        assert not notes(app), "Ukraine's messages stay up for Russia to read"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.view == "ru" and "Order given" not in screenshot_text(app)


async def test_in_a_two_team_game_the_footer_says_n_submits_and_offers_no_other_view() -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        keys = footer_keys(app)
        assert keys["n"] == ("Submit orders", True) and "v" not in keys
        assert "space" not in keys
        await pilot.press("v")  # the key still says why it shows nothing else
        assert "only its own view" in notes(app)[-1]
        await pilot.press("U", "enter")
        await settle(app, pilot)
        keys = footer_keys(app)
        assert keys["n"] == ("Submit orders", False)
        assert keys["v"] == ("Back to the side", True)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen)


async def test_outside_a_two_team_game_n_plays_a_turn_and_v_switches_view() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        keys = footer_keys(app)
        assert keys["n"] == ("Next turn", True) and keys["v"] == ("View", True)
        assert "U" not in keys


async def footer_is_whole(app: SalientApp, pilot: Pilot[None], where: str) -> None:
    """Every key the footer shows is drawn whole on the last line, help among them."""
    await pilot.pause()
    last = screenshot_text(app).splitlines()[-1]
    keys = footer_keys(app)
    assert "?" in keys, f"{where}: no help key in the footer: {last!r}"
    for key, (description, _) in keys.items():
        assert f"{key} {description}" in last, f"{where}: {key} {description!r} cut: {last!r}"


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_every_key_in_the_footer_shows_whole_on_every_screen(
        size: tuple[int, int]) -> None:
    app = SalientApp(Session(kursk(), teams=True))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await footer_is_whole(app, pilot, "a side's main screen")
        for key, where in (("c", "claims"), ("d", "debrief"), ("G", "game"),
                           ("e", "estimates")):
            await pilot.press(key)
            await footer_is_whole(app, pilot, where)
            await pilot.press("escape")
        await pilot.press("U", "enter")
        await footer_is_whole(app, pilot, "the umpire's main screen")
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=size) as pilot:
        await footer_is_whole(app, pilot, "the umpire's main screen")
        assert {"n", "space", "v", "o", "m", "c", "d"} <= footer_keys(app).keys()


def test_a_chart_line_stops_at_its_last_point() -> None:
    chart = plot([Series("Ukraine", [(0.0, 0.0), (2.0, 5.0), (5.0, 10.0)], "")], [], 48, 6,
                 (0.0, 10.0))
    rows = chart.plain.splitlines()[:-1]  # the x axis below
    dots = [[col for col, ch in enumerate(row[LABEL_WIDTH:]) if 0x2800 <= ord(ch) <= 0x28FF]
            for row in rows]
    assert max(max(cols, default=0) for cols in dots) == 20  # day 5 of 10, in 40 columns
    assert dots[0] and dots[-1]  # from 0 up to the top


async def test_the_debrief_draws_no_figure_after_the_turn_played() -> None:
    session = Session(kursk(), seed=2)
    for _ in range(8):  # day 4 of 14.8
        session.next_turn()
    app = SalientApp(session)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        share = session.sim.now / 24 / screen.data.days
        for static in screen.query(".chart").results(Static):
            rows = str(static.content).splitlines()[1:-1]  # the title, the x axis
            cols = len(rows[0]) - LABEL_WIDTH
            drawn = [col for row in rows for col, ch in enumerate(row[LABEL_WIDTH:])
                     if 0x2800 <= ord(ch) <= 0x28FF]
            assert drawn and max(drawn) <= round(share * (cols - 1)) + 1, \
                f"{static.id}: drawn to column {max(drawn)} of {cols} at {share:.0%}"


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_the_claims_show_both_figures_and_the_chosen_claim_whole(
        size: tuple[int, int]) -> None:
    session = Session(kursk(), seed=2)
    for _ in range(8):
        session.next_turn()
    app = SalientApp(session)
    async with app.run_test(size=size) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsScreen)
        header = next(line for line in screenshot_text(app).splitlines()
                      if line.lstrip().startswith("Date"))
        assert "Claimed" in header and "Run" in header.replace("Claimed", "")
        table = app.screen.query_one(DataTable)
        for _ in range(3):
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            check = next(c for c in app.screen.checks if c.claim.id == key)
            shown = " ".join(str(app.screen.query_one("#claim-detail", Static).content)
                             .split())
            assert " ".join(check.claim.text.split()) in shown
            assert f"Claimed: {claimed(check.claim)}. This run: {simulated(check)}." in shown
            await pilot.press("down")


def test_a_claimed_figure_is_shown_as_claimed() -> None:
    gas = next(c for c in kursk().claims if c.value is not None and not c.value.is_integer()
               and c.value >= 10)
    assert claimed(gas) == f"{gas.value:g}"
