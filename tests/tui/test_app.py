"""The app under the pilot: keys play turns, switch views and show what the view knows."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.tui.conftest import kursk
from tui.app import SalientApp
from tui.claims_screen import ClaimsScreen
from tui.mapview import MapView
from tui.session import Session
from tui.widgets import EventLog, UnitTable

SIZE = (130, 42)


def app_for(view: str | None = None, seconds_per_turn: float = 1.5) -> SalientApp:
    return SalientApp(Session(kursk(), view=view), seconds_per_turn=seconds_per_turn)


async def test_the_app_opens_on_the_start_as_the_umpire() -> None:
    app = app_for()
    async with app.run_test(size=SIZE):
        assert app.title == "Kursk, August 2024"
        assert app.sub_title == "Umpire view"
        assert app.snapshot.turn == 0
        assert app.query_one(MapView).snapshot is app.snapshot
        assert app.query_one(UnitTable).row_count == len(app.snapshot.units)


async def test_n_plays_one_turn_and_logs_it() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        assert app.snapshot.turn == 2 and app.session.played(app.snapshot) == 2
        assert app.snapshot.log, "the second turn logged nothing"
        assert len(app.query_one(EventLog).lines) > 0


async def test_v_switches_to_a_side_that_sees_only_what_it_detected() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nnnnnn")
        await pilot.press("v", "v")
        assert app.sub_title == "Russia view"
        shown = app.snapshot
        table: DataTable[object] = app.query_one(UnitTable)
        keys = {row.value for row in table.rows}
        detected = set(app.session.sim.pictures["ru"])
        ukrainian = {u.id for u in shown.units if u.side == "ua"}
        assert ukrainian == detected & ukrainian and keys == {u.id for u in shown.units}
        assert "personnel_losses.ua" not in shown.metrics
        await pilot.press("v")
        assert app.sub_title == "Umpire view"


async def test_space_plays_turn_after_turn_until_paused() -> None:
    app = app_for(seconds_per_turn=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert app.playing
        await pilot.pause(0.6)
        await pilot.press("space")
        played = app.snapshot.turn
        assert not app.playing and played >= 2
        await pilot.pause(0.3)
        assert app.snapshot.turn == played


async def test_play_stops_at_the_end_of_the_scenario() -> None:
    app = app_for(seconds_per_turn=0.05)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(app.session.turns):
            await pilot.press("n")
        assert app.snapshot.finished
        await pilot.press("space")
        assert not app.playing
        await pilot.press("n")
        assert app.snapshot.finished
        assert app.session.played(app.snapshot) == app.session.turns


async def test_c_shows_the_claims_made_so_far_beside_the_run() -> None:
    app = app_for(view="ru")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nnnnnnn", "c")
        assert isinstance(app.screen, ClaimsScreen)
        table: DataTable[object] = app.screen.query_one(DataTable)
        checks = app.session.claims()
        assert table.row_count == len(checks) > 0
        row = table.get_row("terr_0809")
        [terr] = [c for c in checks if c.claim.id == "terr_0809"]
        assert row[2] == "media" and row[6] == "The Telegraph"
        assert row[4] == "500" and row[5] == f"{terr.simulated:,.0f}"
        losses = table.get_row("mod_pers_0808")
        assert losses[2] == "officials, Russia"
        assert losses[5] == "?"  # Russia cannot know true UA losses
        assert table.get_row("civ_0807_tass")[6] == "unidentified"  # S1 has no known outlet
        await pilot.press("escape")
        assert not isinstance(app.screen, ClaimsScreen)


async def test_the_map_keys_do_nothing_while_the_claims_are_open() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "c", "n", "v", "space")
        assert app.snapshot.turn == 1 and app.session.view is None and not app.playing
        await pilot.press("escape", "n")
        assert app.snapshot.turn == 2
