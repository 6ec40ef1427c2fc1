"""The map drawing, without the app: shading, the line of contact, roads, labels and units.

The Kursk map is drawn at the map sizes the app's three terminal sizes give (and a little
more), at several moments of the replay, as the umpire and as one side sees it; each
check compares the drawing with the run itself (territory cells, control, units).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
import shapely

from engine.snapshot import Snapshot
from tests.tui.conftest import kursk, mini
from tui.mapdraw import GONE, Cell, MapGrid, View, draw_map, fit, ground
from tui.session import Session

SIZES = ((50, 14), (80, 28), (110, 36))
"""Map sizes (columns, rows) as the app gives them at 80x24, 120x40 and 160x48, give or take."""

MOMENTS = ((None, 0), (None, 8), ("ru", 8), (None, 16))
"""(view, turns played) of the snapshots drawn."""


@cache
def played(view: str | None, turns: int) -> tuple[Session, Snapshot]:
    """A Kursk replay (seed 1) after *turns* turns, as *view* sees it; not to be changed."""
    session = Session(kursk(), seed=1, view=view)
    for _ in range(turns):
        session.next_turn()
    return session, session.snapshot()


def drawn(view: str | None, turns: int, size: tuple[int, int]) -> MapGrid:
    session, snapshot = played(view, turns)
    return draw_map(session.layout, snapshot, fit(session.layout, *size))


def truth(session: Session, snapshot: Snapshot, view: View) -> np.ndarray:
    """The side holding the centre of each half cell, from the run's own territory cells."""
    cols = view.west + view.km_per_col * np.arange(view.width)
    top = view.north - 2 * view.km_per_col * (np.arange(view.height) - 0.25)
    bottom = top - view.km_per_col
    rows = np.stack([top, bottom], axis=1).reshape(-1)
    xs, ys = np.meshgrid(cols, rows)
    sides = np.full(xs.shape, None, dtype=object)
    for place, cell in session.sim.territory.cells.items():
        if not cell.is_empty:
            sides[shapely.contains_xy(cell, xs, ys)] = snapshot.control[place]
    return sides


def _colours(cell: Cell) -> tuple[str, str]:
    """The style role each half of *cell* is painted with, as a screen shows it."""
    if cell.glyph == "▀":
        return cell.fg, cell.bg
    if cell.glyph == "▄":
        return cell.bg, cell.fg
    if cell.glyph == "█":
        return cell.fg, cell.fg
    return cell.bg, cell.bg


def on_line(sides: np.ndarray, y: int, x: int) -> bool:
    """True if half cell (*y*, *x*) is Ukraine's and touches Russia's ground: the line."""
    rows, cols = sides.shape
    return sides[y, x] == "ua" and any(
        0 <= y + dy < rows and 0 <= x + dx < cols and sides[y + dy, x + dx] == "ru"
        for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)))


every = pytest.mark.parametrize("size", SIZES)
moments = pytest.mark.parametrize(("view", "turns"), MOMENTS)


def test_the_drawing_fills_the_size_asked() -> None:
    session = Session(mini())
    grid = draw_map(session.layout, session.snapshot(), fit(session.layout, 50, 16))
    assert len(grid.rows) == 16 and {len(row) for row in grid.rows} == {50}
    assert {len(line) for line in grid.lines()} == {50}


@every
@moments
def test_each_shaded_cell_shows_the_side_holding_it(size: tuple[int, int], view: str | None,
                                                   turns: int) -> None:
    session, snapshot = played(view, turns)
    grid = drawn(view, turns, size)
    sides = truth(session, snapshot, grid.view)
    shaded = 0
    for col, row, cell in grid.cells():
        top, bottom = sides[2 * row, col], sides[2 * row + 1, col]
        if cell.kind in ("ground", "contact"):
            assert cell.shade == (top, bottom), (col, row, cell)
            painted = tuple("contact" if on_line(sides, 2 * row + h, col) else
                            "" if side is None else f"tint:{side}"
                            for h, side in enumerate(cell.shade))
            assert _colours(cell) == painted, (col, row, cell)
        else:  # drawn over: the shade of one of its halves
            side = cell.shade[0]
            assert side in (top, bottom) and cell.shade == (side, side), (col, row, cell)
            assert cell.bg == (f"side:{cell.bg[5:]}" if cell.kind == "unit" else
                               "" if side is None else f"tint:{side}"), (col, row, cell)
        shaded += cell.shade != (None, None)
    assert shaded > grid.view.width * grid.view.height // 2
    assert {s for _, _, c in grid.cells() for s in c.shade} >= {"ua", "ru"}


@every
@moments
def test_the_line_of_contact_lies_between_differently_held_ground(
        size: tuple[int, int], view: str | None, turns: int) -> None:
    session, snapshot = played(view, turns)
    grid = drawn(view, turns, size)
    sides = truth(session, snapshot, grid.view)
    rows, cols = sides.shape
    line = set()
    for col, row, cell in grid.cells():
        if cell.kind == "contact":
            halves = {"▀": (0,), "▄": (1,), "█": (0, 1)}[cell.glyph]
            for half in halves:
                y = 2 * row + half
                assert on_line(sides, y, col), (col, row, cell)
                line.add((y, col))
    assert line, "no line of contact drawn"
    for y in range(rows):  # and wherever the ground changes hands in the open, it is drawn
        for x in range(cols):
            cell = grid.at(x, y // 2)
            if on_line(sides, y, x) and cell.kind in ("ground", "contact"):
                assert (y, x) in line, (x, y)


@every
@moments
def test_labels_never_cover_or_touch_unit_marks_or_each_other(
        size: tuple[int, int], view: str | None, turns: int) -> None:
    session, snapshot = played(view, turns)
    grid = drawn(view, turns, size)
    names = {p.id: p.name for p in session.layout.places}
    runs: dict[str, list[tuple[int, int]]] = {}
    for col, row, cell in grid.cells():
        if cell.kind == "label":
            runs.setdefault(cell.refs[0], []).append((col, row))
    for place, cells in runs.items():
        (first, row), (last, _) = cells[0], cells[-1]
        assert {r for _, r in cells} == {row} and last - first + 1 == len(cells)
        assert "".join(grid.at(c, row).glyph for c, _ in cells) == names[place]
        for c in (first - 1, last + 1):
            if 0 <= c < grid.view.width:
                assert grid.at(c, row).kind not in ("unit", "label"), (place, c, row)
    marked = {u for _, _, cell in grid.cells() if cell.kind == "unit" for u in cell.refs}
    for unit in snapshot.units:
        if unit.xy is not None and unit.status not in GONE and grid.view.inside(
                *grid.view.cell(unit.xy)):
            assert unit.id in marked, f"{unit.id} has no mark"


@every
@moments
def test_key_places_are_always_labelled(size: tuple[int, int], view: str | None,
                                        turns: int) -> None:
    session, _ = played(view, turns)
    grid = drawn(view, turns, size)
    labels = grid.labels()
    key = [p for p in session.layout.places if p.key]
    assert "sudzha" in {p.id for p in key}
    for place in key:
        if grid.view.inside(*grid.view.cell(place.xy)):
            assert labels.get(place.id) == place.name, place.name
    assert labels.get("sudzha") == "Sudzha"


def test_key_places_are_the_towns_that_matter_and_the_cities() -> None:
    layout = played(None, 0)[0].layout
    assert {p.name for p in layout.places if p.key} == {
        "Sudzha", "Korenevo", "Glushkovo", "Rylsk", "Lgov", "Kurchatov", "Kursk", "Sumy"}
    assert {p.id for p in layout.places if p.objective} >= {"sudzha", "kursk_npp", "mirny"}


@every
def test_without_colour_the_two_sides_marks_are_different_characters(
        size: tuple[int, int]) -> None:
    grid = drawn(None, 8, size)
    session, snapshot = played(None, 8)
    plain = grid.lines()
    first: dict[str, set[str]] = {"ua": set(), "ru": set()}
    for col, row, cell in grid.cells():
        if cell.kind == "unit" and (col == 0 or grid.at(col - 1, row).refs != cell.refs):
            side = snapshot.unit(cell.refs[0]).side
            first[side].add(plain[row][col])
            rest = plain[row][col + 1:col + 2]
            if len(cell.refs) > 1:
                assert rest == (str(len(cell.refs)) if len(cell.refs) < 10 else "+")
    assert first == {"ua": {"U"}, "ru": {"R"}}


def test_without_colour_the_second_sides_ground_is_dotted() -> None:
    session, snapshot = played(None, 8)
    view = fit(session.layout, 80, 28)
    plain = draw_map(session.layout, snapshot, view)
    dotted = draw_map(session.layout, snapshot, view, patterned=True)
    held: dict[str | None, set[str]] = {}
    for (_, _, before), (_, _, after) in zip(plain.cells(), dotted.cells(), strict=True):
        if before != after:
            assert (before.glyph, after.glyph, after.fg) == (" ", "·", "pattern")
            assert after.shade == before.shade == ("ru", "ru")
        if after.kind == "ground" and after.shade[0] == after.shade[1]:
            held.setdefault(after.shade[0], set()).add(after.glyph)
    assert held["ru"] == {" ", "·"} and held["ua"] == {" "}


def test_roads_are_continuous_lines() -> None:
    session, _ = played(None, 0)
    grid = drawn(None, 0, (110, 36))
    xy = {p.id: p.xy for p in session.layout.places}
    view = grid.view
    for road in session.layout.roads:
        (ax, ay), (bx, by) = xy[road.u], xy[road.v]
        near = {view.cell((ax + (bx - ax) * f, ay + (by - ay) * f))
                for f in np.linspace(0, 1, 200)}
        start, end = view.cell(xy[road.u]), view.cell(xy[road.v])
        if not (view.inside(*start) and view.inside(*end)):
            continue
        # from one end, through drawn cells along the road (diagonal steps allowed)
        reached, todo = {start}, [start]
        while todo:
            col, row = todo.pop()
            for dc in (-1, 0, 1):
                for dr in (-1, 0, 1):
                    nxt = (col + dc, row + dr)
                    if (nxt not in reached and nxt in near and view.inside(*nxt)
                            and grid.at(*nxt).kind not in ("ground", "contact")):
                        reached.add(nxt)
                        todo.append(nxt)
        assert end in reached, road
    glyphs = {c.glyph for _, _, c in grid.cells() if c.kind == "road"}
    assert all(0x2800 < ord(g) <= 0x28FF for g in glyphs)
    assert {c.fg for _, _, c in grid.cells() if c.kind == "road"} >= {
        "road:highway", "road:regional", "road:local"}


def test_the_border_is_drawn() -> None:
    grid = drawn(None, 0, (80, 28))
    assert sum(c.kind == "border" for _, _, c in grid.cells()) > 20


def test_a_cut_road_is_drawn_with_a_cross() -> None:
    session = Session(mini(), mode="free")
    view = fit(session.layout, 60, 20)
    assert not [c for _, _, c in draw_map(session.layout, session.snapshot(), view).cells()
                if c.kind == "cut"]
    session.sim.close_road("ford", "crossing", "test")
    cuts = [c for _, _, c in draw_map(session.layout, session.snapshot(), view).cells()
            if c.kind == "cut"]
    assert [(c.glyph, c.refs) for c in cuts] == [("×", ("crossing", "ford"))]


def test_a_side_sees_no_undetected_enemy_on_its_map() -> None:
    seen = drawn("ru", 8, (80, 28))
    everything = drawn(None, 8, (80, 28))
    _, snapshot = played("ru", 8)
    known = {u.id for u in snapshot.units}

    def ua_units(grid: MapGrid) -> set[str]:
        return {u for _, _, c in grid.cells() if c.kind == "unit" for u in c.refs
                if u.startswith("ua_")}

    assert ua_units(seen), "Russia has seen no Ukrainian unit by 9 August"
    assert ua_units(seen) <= known
    assert ua_units(everything) - ua_units(seen), "the umpire sees units Russia has not"


def test_zooming_in_shows_less_ground_in_more_detail_and_names_villages() -> None:
    session, snapshot = played(None, 8)
    wide = draw_map(session.layout, snapshot, fit(session.layout, 80, 28))
    sudzha = session.layout.place("sudzha").xy
    close = draw_map(session.layout, snapshot, fit(session.layout, 80, 28, 3.0, sudzha))
    assert close.view.km_per_col == pytest.approx(wide.view.km_per_col / 3)
    assert close.view.cell(sudzha) == (40, 14)
    villages = {p.id for p in session.layout.places if p.kind == "village"}
    assert len(set(close.labels()) & villages) > len(set(wide.labels()) & villages)
    assert "kursk" not in close.labels()  # off the view


def test_the_ground_layer_depends_on_the_view_alone() -> None:
    session, snapshot = played(None, 8)
    view = fit(session.layout, 80, 28)
    under = ground(session.layout, view)
    assert draw_map(session.layout, snapshot, view, under) == draw_map(session.layout,
                                                                         snapshot, view)
    other = fit(session.layout, 80, 28, 2.0)
    assert draw_map(session.layout, snapshot, other, under).view == other


def test_the_layout_knows_which_place_owns_a_point() -> None:
    session, _ = played(None, 0)
    layout = session.layout
    xs = np.array([p.xy[0] for p in layout.places])
    ys = np.array([p.xy[1] for p in layout.places])
    assert layout.owners(xs, ys).tolist() == list(range(len(layout.places)))
    far = layout.owners(np.array([[1e4]]), np.array([[1e4]]))
    assert far.tolist() == [[-1]]
    cells = session.sim.territory.cells
    assert [c.place for c in layout.cells] == [p.id for p in layout.places
                                               if not cells[p.id].is_empty]
