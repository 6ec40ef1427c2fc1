"""Giving orders from the app: the dialog, the engine's answer, and what is refused."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select, Static

from engine.simulation import Mode
from tests.tui.conftest import kursk, settle
from tui.app import SalientApp
from tui.order_screen import OrderScreen
from tui.render import readable
from tui.session import Session
from tui.widgets import EventLog, UnitTable

SIZE = (130, 42)


def app_for(view: str | None, mode: Mode = "free") -> SalientApp:
    return SalientApp(Session(kursk(), view=view, mode=mode))


async def choose(app: SalientApp, pilot: Pilot[None], unit_id: str) -> None:
    """Put the cursor on *unit_id* with the arrow keys, as a player would."""
    await settle(app, pilot)
    table = app.screen.query_one(UnitTable)
    await pilot.press("ctrl+home", *["down"] * table.get_row_index(unit_id))
    assert table.selected == unit_id


async def test_an_order_given_in_the_dialog_moves_the_unit() -> None:
    app = app_for("ua")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await choose(app, pilot, "ua_80_aa_1")
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
        await choose(app, pilot, waiting.id)
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
        await choose(app, pilot, "ua_80_aa_1")
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
        await choose(app, pilot, seen.id)
        await pilot.press("o")
        assert not isinstance(app.screen, OrderScreen)


async def test_a_strike_can_aim_at_an_off_map_air_base_in_range() -> None:
    app = app_for("ua")
    async with app.run_test(size=SIZE) as pilot:
        await choose(app, pilot, "ua_sbu_drones")
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, OrderScreen)
        facts = str(dialog.query_one("#order-facts", Static).content)
        assert "Where: Sumy" in facts and "Can act: now" in facts
        assert "range 1,100 km, 120 left" in facts and "ready" in facts
        targets = dict(dialog.about.targets)
        assert targets["lipetsk_2"].startswith("Lipetsk-2 air base (off map, ")
        assert "kostiantynivka" in targets and "sudzha" in targets
        await pilot.press("enter", *["down"] * 5, "enter")  # the action list: Strike
        assert dialog.query_one("#action", Select).value == "strike"
        labels = [label for _, label in dialog.about.targets]
        await pilot.press("tab", "enter", *["down"] * (labels.index(targets["lipetsk_2"]) + 1),
                          "enter")
        assert dialog.query_one("#target", Select).value == "lipetsk_2"
        await pilot.click("#give")
        await pilot.pause()
        assert not isinstance(app.screen, OrderScreen)
        assert any(e.kind == "order" and "strike on Lipetsk-2 air base" in e.text
                   for e in app.session.sim.log.entries)


async def test_the_dialog_says_when_a_unit_that_has_not_arrived_can_act() -> None:
    app = app_for("ua")
    async with app.run_test(size=SIZE) as pilot:
        await choose(app, pilot, "ua_recon_drones")
        await pilot.press("o")
        facts = str(app.screen.query_one("#order-facts", Static).content)
        assert "not arrived yet: due at" in facts and "Can act: from " in facts


async def test_a_refusal_names_the_unit_and_when_it_arrives() -> None:
    app = app_for("ua")
    async with app.run_test(size=SIZE) as pilot:
        await choose(app, pilot, "ua_recon_drones")
        await pilot.press("o")
        app.screen.query_one("#to", Select).value = "sudzha"
        await pilot.click("#give")
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "Order"]
        assert "ua_recon_drones" not in note.message
        assert "Reconnaissance drone" in note.message
        assert "due at Yunakivka on 08 Aug" in note.message
        log = app.screen.query_one(EventLog)
        assert log.view == "ua"
        shown = "\n".join(line.text for line in log.lines)
        assert "has not arrived yet" in shown and "ua_recon_drones" not in shown


def test_readable_turns_ids_into_names() -> None:
    names = {"ua_recon_drones": "Recon drones", "sudzha": "Sudzha", "ua": "Ukraine"}
    assert readable("unit 'ua_recon_drones' belongs to 'ua', not sudzha or ua_recon_drones",
                    names) == "unit Recon drones belongs to Ukraine, not sudzha or Recon drones"


async def test_the_dialog_fits_and_scrolls_at_40x12() -> None:
    app = app_for("ua")
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(app, pilot, "ua_sbu_drones")
        await pilot.press("o")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        box = app.screen.query_one("#order-dialog")
        assert box.region.right <= 40 and box.region.bottom <= 12
        assert box.max_scroll_y > 0  # the rest is reached by scrolling
        give = app.screen.query_one("#give")
        give.focus()
        await pilot.wait_for_scheduled_animations()
        assert box.scroll_y > 0 and give.region.bottom <= box.region.bottom
