"""Drawing the map in terminal cells, without Textual: a grid of glyphs and what each shows.

Pure functions of a :class:`~engine.layout.MapLayout` (what never moves), a
:class:`~engine.snapshot.Snapshot` (what a side knows now) and a :class:`View` (size, zoom
and centre), so the drawing can be tested without an app. :func:`draw_map` returns a
:class:`MapGrid`: for each character cell its glyph, what it shows (ground, the line of
contact, the border, a road, a place, a label, a unit mark), which side's shade lies
under it, and the style *roles* of its glyph and background. The widget
(:mod:`tui.mapview`) turns roles into colours from the theme and the sides' colours.

North is up. A terminal cell is about twice as tall as it is wide, so one row spans twice
the kilometres of one column; each cell is split into a top and a bottom half, so the
ground is shaded in square pixels (half-block characters ``▀`` ``▄``), and roads and the
border are drawn in braille (2 x 4 dots a cell), continuous at any angle.

Layers, lowest first: the ground (each half shaded by the side holding the territory cell
it lies in) with the line of contact (the first side's half cells next to the other side's
ground, in a bright half block), the border, roads, places, cut roads, unit marks, labels.
Labels are placed last and greedily, most important first, in the first free position among
several around their place: a label never covers a unit mark, a place or another label,
and never touches a unit mark or another label end to end; a label that finds no room is
left out. Key places (:attr:`engine.layout.PlaceMark.key`) come first and may also cover
a lesser place's glyph, so they are named whenever a free spot exists near them; then the
places an objective names, then tagged places (:data:`LABEL_TAGS`), then the rest, whose
villages are named only from :data:`VILLAGE_ZOOM` on.

A unit mark (a counter) is the side's letter on the side's colour, followed by the number
of units when there are several (``U``, ``U3``): the two sides differ by letter as well as
by colour, so a monochrome screen still tells them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from engine.layout import XY, MapLayout, PlaceMark
from engine.snapshot import Snapshot, UnitView

PLACE_GLYPHS = {"city": "◉", "town": "●", "village": "•", "site": "◆"}
"""The glyph of each kind of place."""

ROAD_RANK = ("track", "local", "regional", "highway", "motorway")
"""Road classes, least first: where two roads share a cell, the greater one colours it."""

LABEL_TAGS = ("district_centre", "border_crossing", "nuclear_plant", "air_base")
"""Villages and sites with one of these tags are labelled when there is room."""

VILLAGE_ZOOM = 2.0
"""Villages without a tag or an objective are labelled from this zoom on."""

Kind = Literal["ground", "contact", "border", "road", "place", "cut", "unit", "label"]
"""What a cell shows."""

GONE = ("destroyed", "surrendered")
"""Statuses of units no longer drawn."""

SideGrid = list[list[str | None]]
"""The side holding each half cell, by half row and column."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One character cell of the map.

    *fg* and *bg* are style roles: ``""`` (the widget's own), ``tint:SIDE`` (the pale shade
    of SIDE's ground), ``side:SIDE`` (SIDE's colour), ``contact``, ``border``, ``road:CLASS``,
    ``cut``, ``label``, ``key-label``, ``pattern``, ``unit`` or ``unit-stale``. *shade* is
    the side whose shade the top and the bottom half show (None where the ground is outside
    the map's area).
    *refs* are the place id of a place or label, the unit ids of a unit mark.
    """

    glyph: str
    kind: Kind
    fg: str = ""
    bg: str = ""
    shade: tuple[str | None, str | None] = (None, None)
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """Which kilometres the grid shows: column 0's centre at *west*, row 0's at *north*."""

    west: float
    north: float
    km_per_col: float
    """Kilometres across one column; a row spans twice as many."""
    width: int
    height: int

    def cell(self, xy: XY) -> tuple[int, int]:
        """The (column, row) holding the point *xy* (possibly outside the grid)."""
        x, y = xy
        return (round((x - self.west) / self.km_per_col),
                round((self.north - y) / (2 * self.km_per_col)))

    def inside(self, col: int, row: int) -> bool:
        """True if (*col*, *row*) is on the grid."""
        return 0 <= col < self.width and 0 <= row < self.height

    def half_centres(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Points (km) at the centre of every half cell, as x and y arrays.

        Both have the shape (2 * height, width): row 2r is the top half of row r, and
        2r + 1 its bottom half.
        """
        cols = self.west + self.km_per_col * np.arange(self.width, dtype=np.float64)
        rows = self.north - self.km_per_col * (np.arange(2 * self.height) - 0.5)
        xs, ys = np.meshgrid(cols, rows)
        return xs, ys


def fit(layout: MapLayout, width: int, height: int, zoom: float = 1.0,
        centre: XY | None = None) -> View:
    """The view of *width* x *height* cells at *zoom*, centred on *centre*.

    *zoom* 1 fits every place; *centre* is in km, the places' middle by default.
    """
    width, height = max(width, 1), max(height, 1)
    west, south, east, north = bounds(layout)
    km = max((east - west) / max(width - 3, 1), (north - south) / (2 * max(height - 3, 1)),
             1e-6) / max(zoom, 1e-6)
    cx, cy = centre if centre is not None else ((west + east) / 2, (south + north) / 2)
    return View(cx - km * (width - 1) / 2, cy + 2 * km * (height - 1) / 2, km, width, height)


def bounds(layout: MapLayout) -> tuple[float, float, float, float]:
    """West, south, east and north (km) of the places."""
    xs = [p.xy[0] for p in layout.places]
    ys = [p.xy[1] for p in layout.places]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Ground:
    """What depends on the view alone: the territory under each half cell, roads, border.

    Built once per view (size, zoom, centre) and reused for every snapshot drawn in it.
    """

    view: View
    owner: npt.NDArray[np.int32]
    """Index in the layout's places of the place owning each half cell (-1: none), shape
    (2 * height, width)."""
    lines: dict[tuple[int, int], tuple[int, str]]
    """Braille dots of roads and the border by cell: (dot bits, ``road:CLASS`` or
    ``border``)."""
    roads: dict[tuple[str, str], tuple[int, int]]
    """The middle cell of every road (by its sorted places) that lies on the grid."""


def ground(layout: MapLayout, view: View) -> Ground:
    """The view-only layer of *layout* in *view*."""
    xs, ys = view.half_centres()
    lines: dict[tuple[int, int], tuple[int, str]] = {}
    for a, b in zip(layout.border, layout.border[1:], strict=False):
        _braille(lines, view, a, b, "border", dash=3)
    xy = {place.id: place.xy for place in layout.places}
    middles: dict[tuple[str, str], tuple[int, int]] = {}
    for road in sorted(layout.roads, key=lambda r: ROAD_RANK.index(r.road_class)):
        _braille(lines, view, xy[road.u], xy[road.v], f"road:{road.road_class}",
                 dash=2 if road.road_class == "track" else 0)
        mid = view.cell(((xy[road.u][0] + xy[road.v][0]) / 2,
                         (xy[road.u][1] + xy[road.v][1]) / 2))
        if view.inside(*mid):
            u, v = sorted((road.u, road.v))
            middles[(u, v)] = mid
    return Ground(view, layout.owners(xs, ys), lines, middles)


BRAILLE_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
"""Bit of the braille dot in column x (0, 1) and row y (0 to 3) of a cell."""


def _braille(lines: dict[tuple[int, int], tuple[int, str]], view: View, a: XY, b: XY,
             role: str, dash: int) -> None:
    """OR the dots of the segment *a*-*b* into *lines*.

    When *dash* is not 0, every *dash*-th pair of dots is left out.
    """
    k = view.km_per_col
    ax, ay = (a[0] - view.west) / k * 2 + 1, ((view.north - a[1]) / (2 * k) + 0.5) * 4
    bx, by = (b[0] - view.west) / k * 2 + 1, ((view.north - b[1]) / (2 * k) + 0.5) * 4
    t0, t1 = _clip(ax, ay, bx, by, 2.0 * view.width, 4.0 * view.height)
    if t0 > t1:
        return
    steps = max(int(max(abs(bx - ax), abs(by - ay)) * (t1 - t0)) + 1, 1)
    for i in range(steps + 1):
        if dash and (i // 2) % dash == dash - 1:
            continue
        t = t0 + (t1 - t0) * i / steps
        sx, sy = int(ax + (bx - ax) * t), int(ay + (by - ay) * t)
        cell = (sx // 2, sy // 4)
        if not view.inside(*cell):
            continue
        bits, old = lines.get(cell, (0, role))
        lines[cell] = (bits | BRAILLE_BITS[sx % 2][sy % 4], _greater(old, role))


def _greater(a: str, b: str) -> str:
    """The role drawn where *a* and *b* meet: the greater road, a road over the border."""
    rank = {f"road:{c}": i + 1 for i, c in enumerate(ROAD_RANK)}
    return a if rank.get(a, 0) >= rank.get(b, 0) else b


def _clip(ax: float, ay: float, bx: float, by: float, w: float,
          h: float) -> tuple[float, float]:
    """The fractions of a segment inside [0, w) x [0, h) (Liang-Barsky).

    The segment runs from (*ax*, *ay*) to (*bx*, *by*); the first fraction is above the
    second when none of it is inside.
    """
    t0, t1 = 0.0, 1.0
    for p, q in ((-(bx - ax), ax), (bx - ax, w - 1e-9 - ax), (-(by - ay), ay),
                 (by - ay, h - 1e-9 - ay)):
        if p == 0:
            if q < 0:
                return 1.0, 0.0
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return t0, t1


@dataclass(frozen=True)
class MapGrid:
    """The drawn map: *rows* of cells, *height* rows of *width* cells."""

    view: View
    rows: tuple[tuple[Cell, ...], ...]
    letters: dict[str, str]
    """The letter of each side on its unit marks."""

    def at(self, col: int, row: int) -> Cell:
        """The cell at (*col*, *row*)."""
        return self.rows[row][col]

    def cells(self) -> list[tuple[int, int, Cell]]:
        """Every cell with its column and row."""
        return [(c, r, cell) for r, line in enumerate(self.rows) for c, cell in enumerate(line)]

    def lines(self) -> list[str]:
        """The glyphs alone, one string per row: the map on a screen with no styles."""
        return ["".join(cell.glyph for cell in line) for line in self.rows]

    def labels(self) -> dict[str, str]:
        """The label text of every labelled place, by place id."""
        found: dict[str, str] = {}
        for _, _, cell in self.cells():
            if cell.kind == "label":
                found[cell.refs[0]] = found.get(cell.refs[0], "") + cell.glyph
        return found


def side_letters(layout: MapLayout) -> dict[str, str]:
    """A distinct capital letter for each side: the first letter of its id not yet taken."""
    letters: dict[str, str] = {}
    for side, _ in layout.side_colours:
        pool = [c.upper() for c in side if c.isalpha()] + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        letters[side] = next(c for c in pool if c not in letters.values())
    return letters


def draw_map(layout: MapLayout, snapshot: Snapshot, view: View,
             under: Ground | None = None, *, patterned: bool = False) -> MapGrid:
    """The map of *snapshot* in *view*; *under* is :func:`ground` of *view*, if at hand.

    With *patterned* (for a screen without colour), the ground of every side but the first
    is also dotted (:data:`PATTERN`), so the sides' ground differs without its tint.
    """
    under = under if under is not None and under.view == view else ground(layout, view)
    sides, contact = _sides(layout, snapshot, under.owner)
    cells: dict[tuple[int, int], Cell] = {}
    _lines(cells, under, sides)
    _places(cells, layout, snapshot, view, sides)
    _cuts(cells, under, snapshot, sides)
    letters = side_letters(layout)
    _units(cells, snapshot, view, sides, letters)
    _labels(cells, layout, view, sides)
    dotted = layout.side_colours[0][0] if patterned else None
    rows = tuple(tuple(cells.get((c, r)) or _ground(sides, contact, c, r, dotted)
                       for c in range(view.width)) for r in range(view.height))
    return MapGrid(view, rows, letters)


def _sides(layout: MapLayout, snapshot: Snapshot, owner: npt.NDArray[np.int32]
           ) -> tuple[SideGrid, set[tuple[int, int]]]:
    """The side holding each half cell, and the line of contact.

    The line is the half cells of the first side's ground next to another side's, one
    half cell thick.
    """
    order = [side for side, _ in layout.side_colours]
    holders = [snapshot.control.get(p.id) for p in layout.places]
    index = np.array([order.index(h) if h in order else -1 for h in holders] + [-1],
                     dtype=np.int32)
    held = index[owner]  # owner -1 takes the trailing -1
    other = (held > 0)
    padded = np.pad(other, 1)
    beside = padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:]
    ys, xs = np.nonzero((held == 0) & beside)
    names = np.array([*order, None], dtype=object)
    sides: SideGrid = names[held].tolist()  # -1 takes the trailing None
    return sides, set(zip(ys.tolist(), xs.tolist(), strict=True))


def _under(sides: SideGrid, col: int, row: int) -> str | None:
    """The side whose shade a cell drawn over takes: its top half's, else its bottom's."""
    top = sides[2 * row][col]
    return top if top is not None else sides[2 * row + 1][col]


def _tint(side: str | None) -> str:
    return "" if side is None else f"tint:{side}"


def _ground(sides: SideGrid, contact: set[tuple[int, int]], col: int, row: int,
            undotted: str | None) -> Cell:
    """A cell with nothing drawn on it: its two halves shaded, or the line of contact.

    Unless *undotted* is None, a cell of the pattern's lattice held wholly by another side
    than *undotted* is dotted.
    """
    top = sides[2 * row][col]
    dot = undotted is not None and top not in (None, undotted) and (col + 2 * row) % 4 == 0
    return _plain(top, sides[2 * row + 1][col], (2 * row, col) in contact,
                  (2 * row + 1, col) in contact, dot)


PATTERN = "·"
"""The dot of a patterned side's ground."""


@lru_cache(maxsize=64)
def _plain(top: str | None, bottom: str | None, up: bool, down: bool, dot: bool) -> Cell:
    """The ground cell whose halves *top* and *bottom* hold.

    *up* and *down* put a half on the line of contact; *dot* dots a cell held wholly.
    """
    shade = (top, bottom)
    if up and down:
        return Cell("█", "contact", "contact", _tint(top), shade)
    if up:
        return Cell("▀", "contact", "contact", _tint(bottom), shade)
    if down:
        return Cell("▄", "contact", "contact", _tint(top), shade)
    if top == bottom:
        return Cell(PATTERN if dot else " ", "ground", "pattern" if dot else "", _tint(top),
                    shade)
    if bottom is None:
        return Cell("▀", "ground", _tint(top), "", shade)
    return Cell("▄", "ground", _tint(bottom), _tint(top), shade)


def _over(glyph: str, kind: Kind, fg: str, sides: SideGrid, col: int, row: int,
          refs: tuple[str, ...] = (), bg: str | None = None) -> Cell:
    """A cell drawn over the ground, on the shade of the side under it."""
    side = _under(sides, col, row)
    return Cell(glyph, kind, fg, _tint(side) if bg is None else bg, (side, side), refs)


def _lines(cells: dict[tuple[int, int], Cell], under: Ground, sides: SideGrid) -> None:
    for (col, row), (bits, role) in under.lines.items():
        kind: Kind = "border" if role == "border" else "road"
        cells[(col, row)] = _over(chr(0x2800 + bits), kind, role, sides, col, row)


LABEL_ORDER = {"city": 0, "town": 1, "site": 2, "village": 3}
"""Which places come first among places of the same importance."""


def _rank(place: PlaceMark) -> tuple[int, int, str]:
    """Importance of a place, most important first: key, objective, tagged, the rest."""
    tier = (0 if place.key else 1 if place.objective else
            2 if any(t in LABEL_TAGS for t in place.tags) else 3)
    return (tier, LABEL_ORDER.get(place.kind, len(LABEL_ORDER)), place.id)


def _places(cells: dict[tuple[int, int], Cell], layout: MapLayout, snapshot: Snapshot,
            view: View, sides: SideGrid) -> None:
    """Each place's glyph in its holder's colour; the more important where two meet."""
    for place in sorted(layout.places, key=_rank, reverse=True):
        col, row = view.cell(place.xy)
        if view.inside(col, row):
            holder = snapshot.control.get(place.id)
            cells[(col, row)] = _over(PLACE_GLYPHS.get(place.kind, "•"), "place",
                                      f"side:{holder}" if holder else "", sides, col, row,
                                      (place.id,))


def _cuts(cells: dict[tuple[int, int], Cell], under: Ground, snapshot: Snapshot,
          sides: SideGrid) -> None:
    """A cross at the middle of every closed road."""
    for road in snapshot.closed_roads:
        u, v = sorted(road)
        cell = under.roads.get((u, v))
        if cell is not None:
            cells[cell] = _over("×", "cut", "cut", sides, *cell, (u, v))


def _units(cells: dict[tuple[int, int], Cell], snapshot: Snapshot, view: View,
           sides: SideGrid, letters: dict[str, str]) -> None:
    """A counter per side and cell: the side's letter, then the number of units if several.

    A counter that would land on another is moved right, or else left.
    """
    groups: dict[tuple[int, int, str], list[UnitView]] = {}
    for unit in snapshot.units:
        if unit.xy is None or unit.status in GONE:
            continue
        col, row = view.cell(unit.xy)
        groups.setdefault((col, row, unit.side), []).append(unit)
    for (col, row, side), units in sorted(groups.items()):
        stale = all(u.seen_hours is not None and snapshot.hours - u.seen_hours > 1.0
                    for u in units)
        text = letters.get(side, "?") + ("" if len(units) == 1 else
                                         str(len(units)) if len(units) < 10 else "+")
        start = _counter_spot(cells, view, col, row, len(text))
        if start is None:
            continue
        ids = tuple(sorted(u.id for u in units))
        for i, char in enumerate(text):
            cells[(start + i, row)] = _over(char, "unit", "unit-stale" if stale else "unit",
                                            sides, start + i, row, ids, f"side:{side}")


def _counter_spot(cells: dict[tuple[int, int], Cell], view: View, col: int, row: int,
                  length: int) -> int | None:
    """The first start near *col* where *length* cells of *row* hold no unit mark."""
    for shift in (0, 1, -1, 2, -2, 3, -3):
        start = col + shift * length
        if all(view.inside(start + i, row) and
               (cells.get((start + i, row)) is None or cells[(start + i, row)].kind != "unit")
               for i in range(length)):
            return start
    return None


def _labels(cells: dict[tuple[int, int], Cell], layout: MapLayout, view: View,
            sides: SideGrid) -> None:
    """Labels, most important place first, each in the first free spot around its place."""
    villages = view.km_per_col <= fit(layout, view.width, view.height).km_per_col / VILLAGE_ZOOM
    keys = frozenset(p.id for p in layout.places if p.key)
    for place in sorted(layout.places, key=_rank):
        if _rank(place)[0] == 3 and not (villages or place.kind in ("city", "town")):
            continue
        col, row = view.cell(place.xy)
        if not view.inside(col, row):
            continue
        spot = _spot(cells, view, col, row, len(place.name), keys if place.key else None)
        if spot is None:
            continue
        start, line = spot
        role = "key-label" if place.key else "label"
        for i, char in enumerate(place.name):
            cells[(start + i, line)] = _over(char, "label", role, sides, start + i, line,
                                             (place.id,))


def _candidates(col: int, row: int, n: int, far: bool) -> list[tuple[int, int]]:
    """Where a label of *n* cells may start around a place at (*col*, *row*), best first.

    Beside it, then above and below; with *far*, up to three rows away.
    """
    near = [(col + 1, row), (col - n, row), (col - n // 2, row - 1), (col - n // 2, row + 1),
            (col + 1, row - 1), (col + 1, row + 1), (col - n, row - 1), (col - n, row + 1),
            (col + 2, row), (col - n - 1, row)]
    if not far:
        return near
    return near + [(col + dc, row + dr) for dr in (-1, 1, -2, 2, -3, 3, 0)
                   for dc in (0, -n // 2, 1 - n, -n - 1, 2, 3, -n - 2, 4, -n - 3)]


def _spot(cells: dict[tuple[int, int], Cell], view: View, col: int, row: int, n: int,
          keys: frozenset[str] | None) -> tuple[int, int] | None:
    """The first free start (column, row) for a label of *n* cells, or None.

    With *keys* (the key places' ids; given for a key place's label), the search goes
    further, then lets the label cover the glyph of a place that is not key.
    """
    passes = ((False, False),) if keys is None else ((False, False), (True, False),
                                                     (True, True))
    for far, over_places in passes:
        for start, line in _candidates(col, row, n, far):
            if _free(cells, view, start, line, n, keys if over_places else None):
                return start, line
    return None


def _free(cells: dict[tuple[int, int], Cell], view: View, start: int, row: int, n: int,
          keys: frozenset[str] | None) -> bool:
    """True if a label of *n* cells fits at (*start*, *row*).

    It must lie inside, over no unit mark, label or place (with *keys*, over no key place),
    with no unit mark or label touching either end.
    """
    if start < 0 or start + n > view.width or not 0 <= row < view.height:
        return False
    for c in range(start, start + n):
        cell = cells.get((c, row))
        if cell is None or cell.kind in ("ground", "contact", "border", "road", "cut"):
            continue
        if cell.kind != "place" or keys is None or cell.refs[0] in keys:
            return False
    for c in (start - 1, start + n):
        cell = cells.get((c, row))
        if cell is not None and cell.kind in ("unit", "label"):
            return False
    return True
