"""Giving orders from the app: the dialog, the engine's answer, and what is refused."""

from __future__ import annotations

from textual.widgets import Select

from engine.simulation import Mode
from tests.tui.conftest import kursk
from tui.app import SalientApp
from tui.order_screen import OrderScreen
from tui.session import Session
from tui.widgets import UnitTable

SIZE = (130, 42)


def app_for(view: str | None, mode: Mode = "free") -> SalientApp:
    return SalientApp(Session(kursk(), view=view, mode=mode))


async def choose(app: SalientApp, unit_id: str) -> None:
    table = app.query_one(UnitTable)
    table.move_cursor(row=table.get_row_index(unit_id))


async def test_an_order_given_in_the_dialog_moves_the_unit() -> None:
    app = app_for("ua")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await choose(app, "ua_80_aa_1")
        await pilot.press("o")
        assert isinstance(app.screen, OrderScreen)
        app.screen.query_one("#action", Select).value = "attack"
        app.screen.query_one("#to", Select).value = "sudzha"
        await pilot.click("#give")
        await pilot.pause()
        assert not isinstance(app.screen, OrderScreen)
        unit = app.snapshot.unit("ua_80_aa_1")
        assert (unit.destination, unit.posture) == ("sudzha", "attacking")
        assert any(e.kind == "order" and "attack to Sudzha" in e.text for e in app.snapshot.log)


async def test_a_refused_order_changes_nothing_and_says_why() -> None:
    app = app_for("ru")
    async with app.run_test(size=SIZE) as pilot:
        waiting = next(u for u in app.snapshot.units if u.status == "waiting" and u.side == "ru")
        await choose(app, waiting.id)
        await pilot.press("o")
        app.screen.query_one("#to", Select).value = "sudzha"
        await pilot.click("#give")
        await pilot.pause()
        assert app.snapshot.unit(waiting.id) == waiting
        [refused] = [e for e in app.snapshot.log if e.kind == "rejected"]
        assert "has not arrived yet" in refused.text


async def test_a_move_without_a_destination_keeps_the_dialog_open() -> None:
    app = app_for("ua")
    async with app.run_test(size=SIZE) as pilot:
        await choose(app, "ua_80_aa_1")
        await pilot.press("o")
        await pilot.click("#give")
        assert isinstance(app.screen, OrderScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, OrderScreen)
        assert not [e for e in app.session.sim.log.entries if e.kind in ("order", "rejected")]


async def test_the_umpire_and_the_enemy_s_units_take_no_orders() -> None:
    app = app_for(None, mode="replay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert not isinstance(app.screen, OrderScreen)
        await pilot.press("v", "v")  # Russia's view; put the cursor on a Ukrainian unit
        await pilot.press(*"nnnnnn")
        seen = next(u for u in app.snapshot.units if u.side == "ua")
        await choose(app, seen.id)
        await pilot.press("o")
        assert not isinstance(app.screen, OrderScreen)
