"""The map widget under the pilot: drawn through the Line API, zoom and pan, selection, theme."""

from __future__ import annotations

import pytest
from textual import events, on
from textual.app import App, ComposeResult
from textual.strip import Strip

from tests.tui.conftest import kursk, settle
from tui.app import SalientApp
from tui.mapdraw import MapGrid, fit
from tui.mapview import ZOOMS, MapView
from tui.session import Session
from tui.widgets import UnitTable


def played(turns: int = 8) -> Session:
    session = Session(kursk(), seed=1)
    for _ in range(turns):
        session.next_turn()
    return session


class MapApp(App[None]):
    """The map alone, filling the screen, noting what it posts."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.posted: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield MapView(self.session.layout, id="map")

    def on_mount(self) -> None:
        self.query_one(MapView).snapshot = self.session.snapshot()

    @on(MapView.UnitSelected)
    def unit(self, event: MapView.UnitSelected) -> None:
        self.posted.append(("unit", event.unit_id))

    @on(MapView.PlaceSelected)
    def place(self, event: MapView.PlaceSelected) -> None:
        self.posted.append(("place", event.place_id))


def text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


def shown(view: MapView) -> MapGrid:
    grid = view.grid
    assert grid is not None
    return grid


def find(grid: MapGrid, kind: str) -> tuple[int, int, tuple[str, ...]]:
    """The first cell of *kind*: column, row and what it refers to."""
    return next((c, r, cell.refs) for c, r, cell in grid.cells() if cell.kind == kind)


SIZES = ((50, 14), (80, 28), (110, 36))


@pytest.mark.parametrize("size", SIZES)
async def test_the_widget_shows_the_drawing_line_by_line(size: tuple[int, int]) -> None:
    app = MapApp(played())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        grid = shown(view)
        assert (grid.view.width, grid.view.height) == size
        lines = [view.render_line(y) for y in range(size[1])]
        assert [text(line) for line in lines] == grid.lines()
        assert {line.cell_length for line in lines} == {size[0]}
        assert grid.labels()["sudzha"] == "Sudzha"


@pytest.mark.parametrize("size", ((80, 24), (120, 40), (160, 48)))
async def test_in_the_app_key_places_are_named_and_the_units_list_keeps_the_keys(
        size: tuple[int, int]) -> None:
    app = SalientApp(Session(kursk(), seed=1))
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"nnnnnn")
        narrow = size[0] < 110
        if narrow:  # below 110 columns the map is shown on its own, with m
            await pilot.press("m")
        await settle(app, pilot)
        view = app.query_one(MapView)
        grid = shown(view)
        assert (grid.view.width, grid.view.height) == tuple(view.size)
        labels = grid.labels()
        assert labels.get("sudzha") == "Sudzha"
        key = [p for p in view.map_layout.places
               if p.key and grid.view.inside(*grid.view.cell(p.xy))]
        named = [p for p in key if labels.get(p.id) == p.name]
        assert len(named) == len(key)
        # the map never takes the first focus; shown alone (m), it takes the keys
        assert view.has_focus == narrow
        if narrow:
            await pilot.press("m")
        app.query_one(UnitTable).focus()
        await pilot.press("down")
        assert app.query_one(UnitTable).cursor_row == 1


async def test_zoom_and_pan_keys_change_the_view_and_0_fits_it_again() -> None:
    app = MapApp(played())
    async with app.run_test(size=(80, 28)) as pilot:
        view = app.query_one(MapView)
        view.focus()
        await pilot.pause()
        fitted = shown(view).view
        await pilot.press("plus")
        assert view.zoom == 1
        assert shown(view).view.km_per_col == pytest.approx(fitted.km_per_col / ZOOMS[1])
        await pilot.press("plus", "minus", "plus")
        assert view.zoom == 2
        assert view.centre is not None
        x, y = view.centre
        await pilot.press("left")
        assert view.centre[0] < x
        await pilot.press("k")
        assert view.centre[1] > y
        await pilot.press("l", "l", "j", "j")
        assert view.centre[0] > x and view.centre[1] < y
        assert shown(view).view != fitted
        await pilot.press("0")
        assert view.zoom == 0 and view.centre is None
        assert shown(view).view == fitted == fit(view.map_layout, 80, 28)


async def test_the_mouse_wheel_and_a_drag_pan_the_map() -> None:
    app = MapApp(played())
    async with app.run_test(size=(80, 28)) as pilot:
        view = app.query_one(MapView)
        await pilot.pause()
        await pilot._post_mouse_events([events.MouseScrollDown], view, (40, 14))
        assert view.centre is not None
        south = view.centre[1]
        await pilot._post_mouse_events([events.MouseScrollDown], view, (40, 14))
        assert view.centre[1] < south
        before = view.centre
        await pilot.mouse_down(view, offset=(40, 14))
        await pilot._post_mouse_events([events.MouseMove], view, (30, 14), button=1)
        await pilot.mouse_up(view, offset=(30, 14))
        assert view.centre[0] > before[0] and view.centre[1] == pytest.approx(before[1])


async def test_a_click_on_a_unit_or_a_place_posts_it() -> None:
    app = MapApp(played())
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        col, row, units = find(shown(view), "unit")
        await pilot.click(view, offset=(col, row))
        assert app.posted == [("unit", units[0])]
        col, row, places = find(shown(view), "label")
        await pilot.click(view, offset=(col, row))
        col, row, glyph = find(shown(view), "place")
        await pilot.click(view, offset=(col, row))
        assert app.posted[1:] == [("place", places[0]), ("place", glyph[0])]
        col, row, _ = find(shown(view), "ground")
        await pilot.click(view, offset=(col, row))
        assert len(app.posted) == 3


async def test_a_new_snapshot_redraws_over_the_same_ground_layer() -> None:
    session = played(0)
    app = MapApp(session)
    async with app.run_test(size=(80, 28)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        first, under = shown(view), view._ground
        view.snapshot = session.next_turn()
        await pilot.pause()
        assert shown(view) is not first and view._ground is under
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert view._ground is not under and shown(view).view.width == 70


def style_at(view: MapView, col: int, row: int) -> str:
    """The style of the cell (*col*, *row*) as drawn."""
    x = 0
    for segment in view.render_line(row):
        if x <= col < x + len(segment.text):
            return str(segment.style)
        x += len(segment.text)
    raise IndexError(col)


async def test_colours_follow_the_theme_and_the_sides() -> None:
    app = MapApp(played())
    async with app.run_test(size=(80, 28)) as pilot:
        app.theme = "textual-dark"
        await pilot.pause()
        view = app.query_one(MapView)
        contact = find(shown(view), "contact")
        label = find(shown(view), "label")
        unit = find(shown(view), "unit")
        dark = [style_at(view, c, r) for c, r, _ in (contact, label, unit)]
        app.theme = "textual-light"
        await pilot.pause()
        light = [style_at(view, c, r) for c, r, _ in (contact, label, unit)]
        assert dark[0] != light[0] and dark[1] != light[1]
        side = view.snapshot.unit(unit[2][0]).side if view.snapshot else ""
        colour = dict(view.map_layout.side_colours)[side]
        assert f"on {colour}" in light[2] and f"on {colour}" in dark[2]


async def test_without_colour_the_sides_marks_still_differ(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = MapApp(played())
    async with app.run_test(size=(80, 28)) as pilot:
        await pilot.pause()
        assert app.no_color
        view = app.query_one(MapView)
        grid = shown(view)
        screen = [text(view.render_line(y)) for y in range(28)]
        marks: dict[str, set[str]] = {}
        for c, r, cell in grid.cells():
            if cell.kind == "unit" and (c == 0 or grid.at(c - 1, r).refs != cell.refs):
                side = view.snapshot.unit(cell.refs[0]).side if view.snapshot else ""
                marks.setdefault(side, set()).add(screen[r][c])
        assert marks == {"ua": {"U"}, "ru": {"R"}}
        assert any("·" in line for line in screen)  # Russia's ground is dotted


def test_nothing_is_drawn_before_the_first_snapshot() -> None:
    assert MapView(played(0).layout).grid is None
