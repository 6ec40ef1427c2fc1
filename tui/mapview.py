"""The map widget: held ground, the line of contact, roads, places and units, with zoom and pan.

:class:`MapView` draws a :class:`~engine.snapshot.Snapshot` over the run's
:class:`~engine.layout.MapLayout` with :func:`tui.mapdraw.draw_map` and shows it through
Textual's Line API: the grid becomes one :class:`~textual.strip.Strip` per row, cached
for each (snapshot, size, zoom, centre), and the ground layer (territory raster, roads,
border) is cached per (size, zoom, centre), so a new turn costs one recolouring.

Colours: each side's ground, places and counters take the scenario's side colours (the
ground as a pale tint of it on the widget's background); everything else (the line of
contact, border, roads, labels, cut roads) is styled by the ``mapview--*`` component
classes in TCSS with theme variables, so it follows the theme. Without colour (``NO_COLOR``)
the second side's ground is also dotted, and the counters carry each side's letter.

Keys, while the map has focus: ``+``/``-`` zoom in and out, ``0`` fits the whole map
again, the arrows or ``h`` ``j`` ``k`` ``l`` pan. The mouse wheel pans up and down (with
shift, left and right; with ctrl, it zooms), dragging pans, and a click on a unit mark or a
place posts :class:`MapView.UnitSelected` or :class:`MapView.PlaceSelected`.

The map never takes a screen's first focus (the keyboard stays with the units list when a
screen opens); it takes focus when clicked or tabbed to.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.dom import NoScreen
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from engine.layout import XY, MapLayout
from engine.snapshot import Snapshot
from tui.mapdraw import Cell, Ground, MapGrid, View, bounds, draw_map, fit, ground

ZOOMS = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
"""Zoom levels: how many times closer than the view that fits every place."""

TINT = 0.35
"""How much of a side's colour its ground's shade takes (the rest is the background)."""

ROAD_PARTS = {"motorway": "road-major", "highway": "road-major", "regional": "road-minor",
              "local": "road-minor", "track": "road-track"}
"""The component class of each road class."""


class MapView(Widget, can_focus=True):
    """The map of the snapshot shown; see the module's docstring for what it draws."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "mapview--contact", "mapview--border", "mapview--road-major", "mapview--road-minor",
        "mapview--road-track", "mapview--cut", "mapview--label", "mapview--key-label",
        "mapview--pattern"}
    """Parts of the map styled in TCSS."""

    DEFAULT_CSS = """
    MapView > .mapview--contact { color: $warning; text-style: bold; }
    MapView > .mapview--border { color: $secondary-lighten-2; }
    MapView > .mapview--road-major { color: $text; }
    MapView > .mapview--road-minor { color: $text-muted; }
    MapView > .mapview--road-track { color: $text-disabled; }
    MapView > .mapview--cut { color: $error; text-style: bold; }
    MapView > .mapview--label { color: $text; }
    MapView > .mapview--key-label { color: $text; text-style: bold; }
    MapView > .mapview--pattern { color: $text-muted; }
    """

    HELP = """
## Map

Each side's ground is shaded in its colour; the bright line is the line of contact.
A counter is a side's letter (and the number of units there when several).

- `+` / `-` zoom in and out, `0` shows the whole map again
- arrows or `h` `j` `k` `l` pan; the mouse wheel pans too, and so does dragging
- click a counter or a place to select it
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "zoom(1)", "Zoom in", show=False),
        Binding("minus", "zoom(-1)", "Zoom out", show=False),
        Binding("0", "fit", "Fit map", show=False),
        Binding("up,k", "pan(0, -1)", "Pan up", show=False),
        Binding("down,j", "pan(0, 1)", "Pan down", show=False),
        Binding("left,h", "pan(-1, 0)", "Pan left", show=False),
        Binding("right,l", "pan(1, 0)", "Pan right", show=False),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, repaint=False)
    """The snapshot drawn; None before the first (a new one repaints only the rows that
    changed, see :meth:`watch_snapshot`)."""
    zoom: reactive[int] = reactive(0)
    """Index in :data:`ZOOMS` of the zoom shown."""
    centre: reactive[XY | None] = reactive(None)
    """The point (km) at the middle of the view; None for the middle of the places."""

    class UnitSelected(Message):
        """A unit mark was clicked: *unit_id* is its first unit, *units* all of its units."""

        def __init__(self, unit_id: str, units: tuple[str, ...]) -> None:
            super().__init__()
            self.unit_id = unit_id
            self.units = units

    class PlaceSelected(Message):
        """A place or its label was clicked."""

        def __init__(self, place_id: str) -> None:
            super().__init__()
            self.place_id = place_id

    def __init__(self, layout: MapLayout, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.map_layout = layout
        self._ground: Ground | None = None
        self._grid: MapGrid | None = None
        self._strips: list[Strip | None] = []
        """The strip of each row of :attr:`_grid`, None until the row is drawn."""
        self._styles: dict[tuple[str, str], Style] = {}
        self._drag: tuple[int, int, XY] | None = None
        self._dragged = False

    # -- what is shown ---------------------------------------------------------------

    @property
    def view(self) -> View:
        """The view at the widget's size, zoom and centre."""
        return fit(self.map_layout, self.size.width, self.size.height, ZOOMS[self.zoom],
                   self.centre)

    @property
    def grid(self) -> MapGrid | None:
        """The grid on screen (drawn now if needed); None before the first snapshot."""
        if self.snapshot is None:
            return None
        view = self.view
        if self._grid is None or self._grid.view != view:
            if self._ground is None or self._ground.view != view:
                self._ground = ground(self.map_layout, view)
            self._grid = draw_map(self.map_layout, self.snapshot, view, self._ground,
                                  patterned=self.app.no_color)
            self._strips = [None] * len(self._grid.rows)
        return self._grid

    def watch_snapshot(self) -> None:
        """Draw the new snapshot now and repaint only the rows that changed.

        A turn moves a few units and shifts a little ground, so most rows of the map stay
        as they were; before the map has been drawn at its size, it is drawn in full.
        """
        old = self._grid
        if old is None or not self.is_mounted or old.view != self.view:
            self._forget()
            return
        strips, self._grid = self._strips, None
        new = self.grid
        if new is None or len(new.rows) != len(old.rows) or len(strips) != len(old.rows):
            self._forget()
            return
        self._strips = [None if row != was else strip for row, was, strip
                        in zip(new.rows, old.rows, strips, strict=True)]
        width = self.size.width
        for y, strip in enumerate(self._strips):
            if strip is None:
                self.refresh(Region(0, y, width, 1))

    def watch_zoom(self) -> None:
        """Redraw at the new zoom."""
        self._forget()
        self._caption(self.has_focus)

    def on_focus(self) -> None:
        """Show the map's keys under it."""
        self._caption(True)

    def on_blur(self) -> None:
        """Hide the map's keys."""
        self._caption(False)

    def _caption(self, focused: bool) -> None:
        """Zoom and, with focus, the map's keys, on the bottom edge of the border."""
        parts = [f"×{ZOOMS[self.zoom]:g}"] if self.zoom else []
        if focused:
            parts.append("+ - 0 zoom · arrows pan")
        self.border_subtitle = " · ".join(parts)

    def watch_centre(self) -> None:
        """Redraw around the new centre."""
        self._forget()

    def _forget(self) -> None:
        self._grid = None
        self._strips = []
        self.refresh()

    def notify_style_update(self) -> None:
        """The theme or the styles changed: pick the colours again."""
        self._styles = {}
        self._strips = [None] * len(self._strips)
        super().notify_style_update()

    def allow_focus(self) -> bool:
        """Focusable, except as a screen's first focus when another widget could take it."""
        try:
            screen = self.screen
        except NoScreen:
            return False
        if screen.focused is not None:
            return True
        return not any(w is not self and w.can_focus for w in screen.query("*"))

    # -- the Line API ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Row *y* of the map."""
        grid = self.grid
        if grid is None:
            return Strip.blank(self.size.width, self.rich_style)
        if not 0 <= y < len(grid.rows):
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips[y]
        if strip is None:
            strip = self._strips[y] = self._strip(grid.rows[y])
        return strip

    def _strip(self, row: tuple[Cell, ...]) -> Strip:
        segments: list[Segment] = []
        run: list[str] = []
        key: tuple[str, str] | None = None
        for cell in row:
            style_key = (cell.fg, cell.bg)
            if style_key != key and run and key is not None:
                segments.append(Segment("".join(run), self._style(*key)))
                run = []
            key = style_key
            run.append(cell.glyph)
        if run and key is not None:
            segments.append(Segment("".join(run), self._style(*key)))
        return Strip(segments, len(row))

    def _style(self, fg: str, bg: str) -> Style:
        """The Rich style of a cell with roles *fg* and *bg* (see :class:`tui.mapdraw.Cell`)."""
        found = self._styles.get((fg, bg))
        if found is None:
            found = self._styles[(fg, bg)] = self.rich_style + self._bg(bg) + self._fg(fg, bg)
        return found

    def _colour(self, side: str) -> Color:
        return Color.parse(dict(self.map_layout.side_colours).get(side, "grey"))

    def _tint(self, side: str) -> Color:
        return self.background_colors[1].blend(self._colour(side), TINT)

    def _bg(self, role: str) -> Style:
        kind, _, side = role.partition(":")
        if kind == "tint":
            return Style(bgcolor=self._tint(side).rich_color)
        if kind == "side":
            return Style(bgcolor=self._colour(side).rich_color)
        return Style()

    def _fg(self, role: str, bg: str) -> Style:
        kind, _, rest = role.partition(":")
        if kind == "tint":
            return Style(color=self._tint(rest).rich_color)
        if kind == "side":
            return Style(color=self._colour(rest).rich_color, bold=True)
        if kind in ("unit", "unit-stale"):
            text = self._colour(bg.partition(":")[2]).get_contrast_text(1.0)
            return Style(color=text.rich_color, bold=True, dim=kind == "unit-stale")
        if kind == "road":
            return self.get_component_rich_style(f"mapview--{ROAD_PARTS[rest]}",
                                                 partial=True)
        if role:
            return self.get_component_rich_style(f"mapview--{role}", partial=True)
        return Style()

    # -- keys ------------------------------------------------------------------------

    def action_zoom(self, step: int) -> None:
        """Zoom in (*step* 1) or out (-1), keeping the centre."""
        if self.centre is None:
            self.centre = self._middle()
        self.zoom = min(max(self.zoom + step, 0), len(ZOOMS) - 1)

    def action_fit(self) -> None:
        """Show the whole map again."""
        self.zoom = 0
        self.centre = None

    def action_pan(self, cols: int, rows: int) -> None:
        """Move the view by an eighth of its width (*cols*) or height (*rows*)."""
        self._pan(cols * max(self.size.width // 8, 1), rows * max(self.size.height // 8, 1))

    def _middle(self) -> XY:
        west, south, east, north = bounds(self.map_layout)
        return ((west + east) / 2, (south + north) / 2)

    def _pan(self, cols: int, rows: int, start: XY | None = None) -> None:
        """Move the view *cols* columns east and *rows* rows south of *start*.

        The centre stays over the places.
        """
        x, y = start or self.centre or self._middle()
        km = self.view.km_per_col
        west, south, east, north = bounds(self.map_layout)
        self.centre = (min(max(x + cols * km, west), east),
                       min(max(y - 2 * rows * km, south), north))

    # -- mouse -----------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """Post the unit or place under the pointer, unless the mouse was dragging."""
        if self._dragged:
            self._dragged = False
            return
        offset = event.get_content_offset(self)
        grid = self.grid
        if offset is None or grid is None or not grid.view.inside(offset.x, offset.y):
            return
        cell = grid.at(offset.x, offset.y)
        if cell.kind == "unit":
            self.post_message(self.UnitSelected(cell.refs[0], cell.refs))
        elif cell.kind in ("place", "label"):
            self.post_message(self.PlaceSelected(cell.refs[0]))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Start a drag."""
        self._drag = (event.screen_x, event.screen_y, self.centre or self._middle())
        self._dragged = False
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Pan with the drag."""
        if self._drag is None or not event.button:
            return
        x, y, start = self._drag
        if (event.screen_x, event.screen_y) != (x, y):
            self._dragged = True
            self._pan(x - event.screen_x, y - event.screen_y, start)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End a drag."""
        self._drag = None
        self.release_mouse()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Pan up (with shift, left; with ctrl, zoom in)."""
        self._scroll(event, -1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Pan down (with shift, right; with ctrl, zoom out)."""
        self._scroll(event, 1)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        """Pan left."""
        event.stop()
        self._pan(-2, 0)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        """Pan right."""
        event.stop()
        self._pan(2, 0)

    def _scroll(self, event: events.MouseEvent, step: int) -> None:
        event.stop()
        if event.ctrl:
            self.action_zoom(-step)
        elif event.shift:
            self._pan(2 * step, 0)
        else:
            self._pan(0, step)
