"""The app under the pilot: keys play turns, switch views and show what the view knows."""

from __future__ import annotations

import io

from rich.console import Console
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from tests.tui.conftest import kursk, settle
from tui.app import SalientApp
from tui.claims_screen import ClaimsScreen
from tui.commands import game_commands
from tui.help_screen import HelpScreen
from tui.main_screen import MainScreen, TurnPlayed
from tui.mapview import MapView
from tui.marks import MARK
from tui.order_screen import OrderScreen
from tui.session import Session
from tui.widgets import HIDDEN, EventLog, ObjectivesPanel, StatusPanel, UnitTable

SIZE = (130, 42)


def app_for(view: str | None = None, seconds_per_turn: float = 1.5) -> SalientApp:
    return SalientApp(Session(kursk(), view=view), seconds_per_turn=seconds_per_turn)


async def test_the_app_opens_on_the_start_as_the_umpire() -> None:
    app = app_for()
    async with app.run_test(size=SIZE):
        assert app.title == "Kursk, August 2024"
        assert app.sub_title == "Umpire view"
        assert app.snapshot.turn == 0
        assert app.screen.query_one(MapView).snapshot is app.snapshot
        assert app.screen.query_one(UnitTable).row_count == len(app.snapshot.units)


async def test_n_plays_one_turn_and_logs_it() -> None:
    app = app_for()
    messages: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("n", "n")
        await settle(app, pilot)
        assert sum(isinstance(m, TurnPlayed) for m in messages) == 2
        assert app.snapshot.turn == 2 and app.session.played(app.snapshot) == 2
        assert app.snapshot.log, "the second turn logged nothing"
        await settle(app, pilot)
        assert len(app.screen.query_one(EventLog).lines) > 0


async def test_v_switches_to_a_side_that_sees_only_what_it_detected() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"nnnnnn")
        await pilot.press("v", "v")
        assert app.sub_title == "Russia view"
        shown = app.snapshot
        table: DataTable[object] = app.screen.query_one(UnitTable)
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
        await pilot.pause()  # the first frame, on a busy machine
        await pilot.press("space")
        assert app.playing
        for _ in range(200):  # until two turns have played, however busy the machine
            await pilot.pause(0.05)
            if app.snapshot.turn >= 2:
                break
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
        bindings = app.screen.active_bindings
        assert not bindings["n"].enabled and not bindings["space"].enabled


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
        assert row[5] == "media" and str(row[6]) == "The Telegraph"
        assert row[2] == "500" and row[3] == f"{terr.simulated:,.0f}"
        losses = table.get_row("mod_pers_0808")
        assert losses[5] == "officials, Russia"
        assert losses[3] == "?"  # Russia cannot know true UA losses
        assert str(table.get_row("civ_0807_tass")[6]) == "unidentified"  # S1: no known outlet
        await pilot.press("escape")
        assert not isinstance(app.screen, ClaimsScreen)


async def test_the_map_keys_do_nothing_while_the_claims_are_open() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "c", "n", "v", "space")
        assert app.snapshot.turn == 1 and app.session.view is None and not app.playing
        await pilot.press("escape", "n")
        assert app.snapshot.turn == 2


# -- orientation: the class's script by keys, help, the palette, small terminals --------------


def table_of(app: SalientApp) -> UnitTable:
    return app.screen.query_one(UnitTable)


def text_of(widget: Static, width: int = 120) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def test_the_instructor_s_script_by_keys_orders_the_unit_chosen() -> None:
    """docs/instructor.md, part 3: v to Ukraine's view, arrows to a unit, o, an order."""
    app = SalientApp(Session(kursk(), mode="free"))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, UnitTable)
        await pilot.press("v")
        assert app.sub_title == "Ukraine view"
        await pilot.press("down", "down", "down")
        fourth = table_of(app).get_row_at(3)[0].plain.removeprefix(f"{MARK} ")
        await pilot.press("o")
        assert isinstance(app.screen, OrderScreen)
        assert str(app.screen.query_one("#order-title", Label).render()) == f"Order to {fourth}"
        await pilot.press("escape")
        assert table_of(app).cursor_row == 3


async def test_the_cursor_keeps_its_unit_across_turns_and_views() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down")
        chosen = table_of(app).selected
        await pilot.press("n", "n")
        await settle(app, pilot)
        assert table_of(app).selected == chosen and app.snapshot.turn == 2
        await pilot.press("v")  # Ukraine's view lists the Ukrainian unit too
        assert app.sub_title == "Ukraine view" and table_of(app).selected == chosen
        await pilot.press("down")
        ukraine = table_of(app).selected
        await pilot.press("v", "v")  # Russia, then the umpire: back on the umpire's unit
        assert app.sub_title == "Umpire view" and table_of(app).selected == chosen
        await pilot.press("v")
        assert table_of(app).selected == ukraine


async def test_a_turn_updates_the_units_in_place_and_each_view_keeps_its_log() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        rebuilt: list[int] = []
        table = table_of(app)
        original = table._rebuild
        table._rebuild = lambda rows, keep: (rebuilt.append(1), original(rows, keep))[1]
        changed = 0
        for _ in range(4):
            before = [row.value for row in table.rows]
            await pilot.press("n")
            await settle(app, pilot)
            changed += [row.value for row in table.rows] != before
        assert len(rebuilt) == changed < 4, "turns that changed no row's place rebuilt the list"
        log = app.screen.query_one(EventLog)
        umpire = log.page
        written = umpire.count
        assert umpire.view is None and written == len(app.session.sim.log.entries)
        await pilot.press("v", "v", "v")
        await settle(app, pilot)
        assert log.page is umpire
        assert umpire.count == written, "switching views wrote the umpire's log again"
        ukraine = log.pages["ua"]
        assert ukraine.count == len(app.session.sim.snapshot("ua").log) < written


async def test_help_lists_the_live_keys_and_closes() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {key: does for keys, does, _ in app.screen.keys for key in keys.split(", ")}
        assert keys["n"] == "Next turn" and keys["o"] == "Order" and keys["?"] == "Help"
        for key, does in (("d", "Debrief"), ("G", "Game"), ("b", "Back a turn"),
                          ("x", "Cancel order"), ("l", "Log"), ("i", "Inject event"),
                          ("p", "Place control")):
            assert keys[key] == does, key
        assert "Umpire view" not in keys.values()  # U is for a two-team game
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_runs_game_commands_and_finds_a_unit() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for title in ("Next turn", "Play/pause", "View", "Claims",
                      "Estimates", "Objectives", "Map", "Help", "View: Russia", "Debrief",
                      "Game", "Save", "Back a turn", "Inject event", "Place control"):
            assert title in titles
        assert titles["Next turn"].endswith("(key n)")
        assert "Order" not in titles  # not in the umpire's view
        await pilot.press("ctrl+p", *"Next turn")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.snapshot.turn == 1
        await pilot.press("ctrl+p", *"Sumy air defence")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert table_of(app).selected == "ua_sumy_ad"
        await pilot.press("v")
        assert "Order" in {c.title for c in game_commands(app.main)}


async def test_the_keys_that_cannot_act_are_greyed() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        bindings = app.screen.active_bindings
        assert not bindings["o"].enabled and bindings["n"].enabled
        await pilot.press("v")
        assert app.screen.active_bindings["o"].enabled


async def test_the_status_shows_the_run_s_settings_objectives_and_opening_figures() -> None:
    app = SalientApp(Session(kursk(), seed=7, variant="no_himars", view="ru"))
    async with app.run_test(size=SIZE) as pilot:
        status = text_of(app.screen.query_one(StatusPanel), 64)
        assert "Replay (historical orders given)" in status and "variant no_himars" in status
        assert "seed 7" in status and "?" not in status
        ukraine = next(line for line in status.splitlines() if line.startswith("Ukraine"))
        assert ukraine.split()[-2:] == [HIDDEN, HIDDEN]  # Russia cannot know them
        russia = next(line for line in status.splitlines() if line.startswith("Russia"))
        assert russia.split()[1:] == ["0", "42", "0.0", "0", "0"]
        await pilot.press("g")
        objectives = text_of(app.screen.query_one(ObjectivesPanel))
        assert "Push the attackers back" in objectives and "Take the district" not in objectives
        await pilot.press("v")  # the umpire sees both sides' objectives
        objectives = text_of(app.screen.query_one(ObjectivesPanel))
        assert "Push the attackers back" in objectives and "Take the district" in objectives


async def test_at_80x24_the_units_show_and_o_orders_the_unit_shown() -> None:
    app = app_for(view="ua")
    async with app.run_test(size=(80, 24)) as pilot:
        table = table_of(app)
        visible = table.scrollable_content_region.height - 1  # under the header
        assert visible >= 3
        await pilot.press(*["down"] * (visible + 1))  # past the first screenful
        row = table.cursor_row
        assert table.scroll_y < row <= table.scroll_y + visible
        name = table.get_row_at(row)[0].plain.removeprefix(f"{MARK} ")
        await pilot.press("o")
        assert isinstance(app.screen, OrderScreen) and app.screen.unit.name == name


async def test_at_100x30_the_units_show_rows() -> None:
    app = app_for()
    async with app.run_test(size=(100, 30)):
        assert table_of(app).scrollable_content_region.height - 1 >= 8


async def test_below_the_smallest_size_only_a_notice_shows() -> None:
    app = app_for()
    async with app.run_test(size=(50, 15)) as pilot:
        assert app.screen.query_one("#too-small").display
        assert "too small" in text_of(app.screen.query_one("#too-small", Static))
        assert table_of(app).region.height == 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert table_of(app).region.height > 0


async def test_m_shows_the_map_on_the_whole_screen_when_narrow() -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one(MapView).region.width == 0
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one(MapView).region.width == 80
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one(MapView).region.width == 0


async def test_o_brings_the_list_back_rather_than_order_a_unit_out_of_sight() -> None:
    app = app_for(view="ua")
    async with app.run_test(size=(80, 24)) as pilot:
        for hide in ("g", "m"):
            await pilot.press(hide, "o")
            assert isinstance(app.screen, MainScreen), f"o ordered a hidden unit after {hide}"
            assert table_of(app).region.height > 0 and isinstance(app.focused, UnitTable)
        await pilot.press("o")
        assert isinstance(app.screen, OrderScreen)
