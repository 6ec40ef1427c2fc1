"""What keeps a turn, a change of view and the claims quick, checked by structure, not time.

Timings are left to ``bench.bench_tui``; these tests pin what the speed rests on: a turn
and ``v`` lay out no screen, a turn repaints the map's changed rows only and empties no
table, a second visit to the claims refills nothing, the first builds its footer and styles once,
and the footer greys its keys in place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey

from tests.tui.conftest import kursk, settle
from tui.app import SalientApp
from tui.celltable import CellCacheTable
from tui.eventlog import EventLog
from tui.mapview import MapView
from tui.session import Session

SIZE = (120, 40)


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch, *methods: tuple[type, str]) -> Iterator[Counter[str]]:
    """Count the calls of each ``(class, method name)`` while the block runs."""
    calls: Counter[str] = Counter()
    with monkeypatch.context() as patch:
        for cls, name in methods:
            original = getattr(cls, name)

            def wrapper(self: Any, *args: Any, _original: Any = original,
                        _name: str = f"{cls.__name__}.{name}", **kwargs: Any) -> Any:
                calls[_name] += 1
                return _original(self, *args, **kwargs)

            patch.setattr(cls, name, wrapper)
        yield calls


async def test_turns_and_views_lay_out_no_screen_and_empty_no_table(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "n")  # the log scrolls from here on
        await settle(app, pilot)
        with counting(monkeypatch, (Screen, "_refresh_layout"), (DataTable, "clear"),
                      (Footer, "recompose")) as calls:
            for _ in range(4):  # the umpire's view lists every unit, turn after turn
                await pilot.press("n")
                await settle(app, pilot)
            assert calls["DataTable.clear"] == 0, "a turn refilled the units list"
            for key in "vnvnvn":
                await pilot.press(key)
                await settle(app, pilot)
        assert calls["Screen._refresh_layout"] == 0
        assert calls["Footer.recompose"] == 0


async def test_a_turn_draws_only_the_rows_of_the_map_that_changed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        await settle(app, pilot)
        view = app.screen.query_one(MapView)
        before = view.grid
        with counting(monkeypatch, (MapView, "_strip")) as calls:
            await pilot.press("n")
            await settle(app, pilot)
        after = view.grid
        assert before is not None and after is not None
        changed = sum(old != new for old, new in zip(before.rows, after.rows, strict=True))
        assert calls["MapView._strip"] == changed < len(after.rows)


async def test_the_claims_screen_is_kept_and_refills_nothing_when_nothing_changed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"n" * 8, "c")
        await settle(app, pilot)
        claims = app.screen
        rows = claims.query_one(CellCacheTable).row_count
        await pilot.press("escape")
        await pilot.pause()
        with counting(monkeypatch, (DataTable, "clear"), (DataTable, "add_row"),
                      (CellCacheTable, "update_cell")) as calls:
            await pilot.press("c")
            await settle(app, pilot)
        assert app.screen is claims and claims.query_one(CellCacheTable).row_count == rows > 0
        assert not calls


async def test_the_first_claims_screen_is_styled_and_footed_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its footer composes its keys with itself, and its first push styles it again."""
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"n" * 8)
        await settle(app, pilot)
        with counting(monkeypatch, (Footer, "recompose"), (Screen, "update_node_styles"),
                      (DataTable, "_update_dimensions")) as calls:
            await pilot.press("c")
            await settle(app, pilot)
        keys = [key.description for key in app.screen.query_one(Footer).query(FooterKey)]
        assert "Back to the map" in keys
        assert not calls


async def test_the_footer_greys_keys_in_place_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"n" * (app.session.turns - 1))
        await settle(app, pilot)
        with counting(monkeypatch, (Footer, "recompose")) as calls:
            await pilot.press("n")
            await settle(app, pilot)
        assert app.snapshot.finished and not calls
        keys = {key.action: key for key in app.screen.query("FooterKey")}
        assert keys["next_turn"].has_class("-disabled")
        assert not keys["cycle_view"].has_class("-disabled")


async def test_every_views_page_of_the_log_is_written_as_the_run_goes() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        await settle(app, pilot)
        await pilot.pause(0.1)  # the other pages are fed after the turn's frame
        log = app.screen.query_one(EventLog)
        for view, page in log.pages.items():
            assert [e.text for e in page.entries] == \
                [e.text for e in app.session.sim.snapshot(view).log]


async def test_the_claims_screen_is_styled_again_after_a_change_of_theme() -> None:
    app = SalientApp(Session(kursk()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "c")
        await settle(app, pilot)
        dark = app.screen.query_one(CellCacheTable).rich_style
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.press("c")
        await settle(app, pilot)
        assert app.screen.query_one(CellCacheTable).rich_style != dark
