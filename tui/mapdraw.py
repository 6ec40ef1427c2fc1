"""Drawing the map in terminal cells: places, roads, the border and units, as Rich text.

Pure functions of a :class:`~engine.layout.MapLayout` (what never moves) and a
:class:`~engine.snapshot.Snapshot` (what a side knows now), so the drawing can be tested
without an app. North is up; a terminal cell is about twice as tall as it is wide, so one
row spans twice the kilometres of one column.

Layers, lowest first: border, roads, places, labels, units. A higher layer overwrites a
lower one; a label is only written where it covers nothing but roads and empty ground.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text

from engine.layout import XY, MapLayout, PlaceMark
from engine.snapshot import Snapshot, UnitView

PLACE_GLYPHS = {"city": "◉", "town": "●", "village": "•", "site": "◆"}
"""The glyph of each kind of place."""

ROAD_STYLES = {"motorway": "bold #e0c060", "highway": "#e0c060", "regional": "#a0a0a0",
               "local": "#707070", "track": "#505050"}
"""Colour of each road class: the faster the road, the brighter."""

BORDER, ROAD, PLACE, LABEL, UNIT = range(5)
"""Drawing layers, lowest first."""

LABEL_TAGS = ("district_centre", "border_crossing", "nuclear_plant", "air_base")
"""Villages and sites with one of these tags are labelled too."""


@dataclass
class Canvas:
    """A grid of cells, each a character, a style and the layer that wrote it."""

    width: int
    height: int
    cells: dict[tuple[int, int], tuple[str, str, int]] = field(default_factory=dict)

    def put(self, col: int, row: int, char: str, style: str, layer: int) -> None:
        """Write *char* at (*col*, *row*) unless a higher layer is already there."""
        if not (0 <= col < self.width and 0 <= row < self.height):
            return
        old = self.cells.get((col, row))
        if old is None or old[2] <= layer:
            self.cells[(col, row)] = (char, style, layer)

    def free(self, col: int, row: int, length: int) -> bool:
        """True if *length* cells from (*col*, *row*) lie inside and hold no place or label."""
        if col < 0 or col + length > self.width or not 0 <= row < self.height:
            return False
        return all(self.cells.get((c, row), ("", "", ROAD))[2] <= ROAD
                   for c in range(col, col + length))

    def text(self) -> Text:
        """The grid as Rich text, one line per row."""
        out = Text(no_wrap=True, overflow="crop")
        for row in range(self.height):
            for col in range(self.width):
                char, style, _ = self.cells.get((col, row), (" ", "", 0))
                out.append(char, Style.parse(style) if style else None)
            if row < self.height - 1:
                out.append("\n")
        return out


@dataclass(frozen=True)
class Frame:
    """The mapping from km to cells: *km_per_col* across, twice that down."""

    west: float
    north: float
    km_per_col: float

    def cell(self, xy: XY) -> tuple[int, int]:
        """The (column, row) holding the point *xy*."""
        x, y = xy
        return (round((x - self.west) / self.km_per_col),
                round((self.north - y) / (2 * self.km_per_col)))


def frame_for(layout: MapLayout, width: int, height: int) -> Frame:
    """The frame that fits every place into *width* x *height* cells, centred."""
    xs = [p.xy[0] for p in layout.places]
    ys = [p.xy[1] for p in layout.places]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    cols, rows = max(width - 3, 1), max(height - 3, 1)
    km = max(span_x / cols, span_y / (2 * rows), 1e-6)
    west = (min(xs) + max(xs)) / 2 - km * (width - 1) / 2
    north = (min(ys) + max(ys)) / 2 + 2 * km * (height - 1) / 2
    return Frame(west, north, km)


def draw(layout: MapLayout, snapshot: Snapshot, width: int, height: int) -> Text:
    """The map of *snapshot* in *width* x *height* cells."""
    canvas = Canvas(max(width, 1), max(height, 1))
    frame = frame_for(layout, canvas.width, canvas.height)
    colours = dict(layout.side_colours)
    _border(canvas, frame, layout)
    _roads(canvas, frame, layout, set(snapshot.closed_roads))
    _places(canvas, frame, layout, snapshot, colours)
    _units(canvas, frame, snapshot, colours)
    return canvas.text()


def _line(canvas: Canvas, frame: Frame, a: XY, b: XY, char: str, style: str,
          layer: int) -> None:
    (c1, r1), (c2, r2) = frame.cell(a), frame.cell(b)
    steps = max(abs(c2 - c1), abs(r2 - r1), 1) * 2
    for i in range(steps + 1):
        f = i / steps
        canvas.put(round(c1 + (c2 - c1) * f), round(r1 + (r2 - r1) * f), char, style, layer)


def _border(canvas: Canvas, frame: Frame, layout: MapLayout) -> None:
    for a, b in zip(layout.border, layout.border[1:], strict=False):
        _line(canvas, frame, a, b, "+", "#b05cb0", BORDER)


def _roads(canvas: Canvas, frame: Frame, layout: MapLayout,
           closed: set[tuple[str, str]]) -> None:
    xy = {place.id: place.xy for place in layout.places}
    for road in layout.roads:
        cut = tuple(sorted((road.u, road.v))) in closed
        char, style = ("×", "bold red") if cut else ("·", ROAD_STYLES[road.road_class])
        _line(canvas, frame, xy[road.u], xy[road.v], char, style, ROAD)


def _places(canvas: Canvas, frame: Frame, layout: MapLayout, snapshot: Snapshot,
            colours: dict[str, str]) -> None:
    for place in layout.places:
        col, row = frame.cell(place.xy)
        colour = colours.get(snapshot.control.get(place.id, ""), "white")
        canvas.put(col, row, PLACE_GLYPHS.get(place.kind, "•"), f"bold {colour}", PLACE)
    for place in sorted(layout.places, key=_label_rank):
        if _labelled(place):
            col, row = frame.cell(place.xy)
            _label(canvas, col, row, place.name)


LABEL_ORDER = {"city": 0, "town": 1, "site": 2, "village": 3}
"""Which places get their label first when labels would collide."""


def _label_rank(place: PlaceMark) -> tuple[int, str]:
    return (LABEL_ORDER.get(place.kind, len(LABEL_ORDER)), place.id)


def _labelled(place: PlaceMark) -> bool:
    return place.kind in ("city", "town") or any(t in LABEL_TAGS for t in place.tags)


def _label(canvas: Canvas, col: int, row: int, name: str) -> None:
    """Write *name* right of the place, else left of it, if the cells are free."""
    for start in (col + 2, col - 1 - len(name)):
        if canvas.free(start, row, len(name)):
            for i, char in enumerate(name):
                canvas.put(start + i, row, char, "#d0d0d0", LABEL)
            return


def _units(canvas: Canvas, frame: Frame, snapshot: Snapshot,
           colours: dict[str, str]) -> None:
    """A mark per side and cell: the number of units there, dim if all were seen long ago."""
    groups: dict[tuple[int, int, str], list[UnitView]] = {}
    for unit in snapshot.units:
        if unit.xy is None or unit.status in ("destroyed", "surrendered"):
            continue
        col, row = frame.cell(unit.xy)
        groups.setdefault((col, row, unit.side), []).append(unit)
    for (col, row, side), units in sorted(groups.items()):
        stale = all(u.seen_hours is not None and snapshot.hours - u.seen_hours > 1.0
                    for u in units)
        mark = str(len(units)) if len(units) < 10 else "+"
        style = f"{'dim ' if stale else ''}bold #ffffff on {colours.get(side, 'grey50')}"
        if canvas.cells.get((col, row), ("", "", 0))[2] == UNIT:
            col += 1  # another side's units stand here: draw these beside them
        canvas.put(col, row, mark, style, UNIT)
