"""The debrief screen: charts with the claims, key moments, beliefs beside the truth."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.widgets import Static

from tests.tui.conftest import kursk
from tui.debrief_screen import DebriefData, DebriefScreen, for_session
from tui.session import Session


class Host(App[None]):
    """A bare app that opens the debrief of *data* at once."""

    def __init__(self, data: DebriefData) -> None:
        super().__init__()
        self.data = data

    def on_mount(self) -> None:
        self.push_screen(DebriefScreen(self.data, "Kursk"))


def played(turns: int, view: str | None = None) -> Session:
    session = Session(kursk(), seed=2)
    for _ in range(turns):
        session.next_turn()
    session.view = view
    return session


def text_of(app: App[None], selector: str) -> str:
    """What the Static at *selector* shows, as plain text."""
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


async def test_the_umpires_debrief_draws_curves_claims_and_beliefs() -> None:
    data = for_session(played(8))
    app = Host(data)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        chart = text_of(app, "#chart-ground_km2")
        assert any(0x2800 < ord(ch) <= 0x28FF for ch in chart)  # braille dots drawn
        assert chart.rstrip().endswith(f"day {data.days:.1f}")  # the x axis, in days
        key = text_of(app, "#claims-key")
        assert "Agentstvo" in key and "[source: UAWire]" in key  # the outlet, not "G"
        await pilot.press("right_square_bracket")  # already at the last turn: stays
        beliefs = text_of(app, "#belief-table")
        assert "Turn 8 of 8" in beliefs and "What Ukraine believed" in beliefs
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "Turn 6 of 8" in text_of(app, "#belief-table")
        assert "Sudzha passes" in text_of(app, "#moment-list") or data.moments


async def test_a_sides_debrief_holds_no_truth_about_the_enemy() -> None:
    data = for_session(played(8, view="ru"))
    assert data.at_turn is None
    assert {(c.metric, c.side) for c in data.curves} == {
        ("ground_km2", "ua"), ("ground_km2", "ru"), ("personnel_losses", "ru"),
        ("vehicle_losses", "ru")}
    app = Host(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "umpire's debrief" in text_of(app, "#belief-table")
        moments = text_of(app, "#moment-list")
        for unit in ("ua_sbu_drones", "SBU and SSO long-range drone group"):
            assert unit not in moments
