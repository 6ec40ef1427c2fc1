"""The widgets of the main screen, each showing a :class:`~engine.snapshot.Snapshot`.

None keeps game state of its own: the screen holds the latest snapshot in a reactive and
each widget is bound to it (``data_bind``) and redraws what changed in ``watch_snapshot``.
Fixed lookups (names, colours) come through their constructors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import ClassVar, Self

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import RichLog, Static

from engine.log import LogEntry
from engine.snapshot import Snapshot, UnitView
from scenario.models import Objective, Side
from tui.celltable import CellCacheTable
from tui.mapdraw import PLACE_GLYPHS
from tui.marks import MARK, TimelineMarks
from tui.render import readable

KIND_STYLES = {"combat": "bold", "strike": "bold #e0a040", "intercept": "#e0a040",
               "damage": "bold #e0a040", "control": "bold #60c060", "inject": "italic #80a0e0",
               "rejected": "red", "destroyed": "bold red", "surrender": "bold red"}
"""How each kind of log entry stands out; kinds not listed are plain."""

HIDDEN = "\u2014"
"""Shown for a figure the view cannot know (an enemy's true losses): an em dash."""

LEGEND = ("  ".join(f"{g} {k}" for k, g in PLACE_GLYPHS.items())
          + f"  + border  × cut road  2 = two units  {MARK} estimate (e)")
"""The map's signs in one line."""


class StatusPanel(Static):
    """Clock, turn, whose view, the run's settings, and each side's headline figures.

    Bound to the screen's ``snapshot`` and ``playing``; its height never changes, so it
    redraws without a reflow of the screen.
    """

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    """The snapshot shown."""
    playing: reactive[bool] = reactive(False, init=False)
    """True while turns play one after another."""

    FIGURES = (("Gained km²", "ground_km2", "{:,.0f}"), ("Places", "places_held", "{:.0f}"),
               ("Depth km", "depth_km", "{:.1f}"), ("Pers. lost", "personnel_losses",
                                                   "{:,.0f}"),
               ("Veh. lost", "vehicle_losses", "{:,.0f}"))
    """Column title, metric and format of each figure."""

    def __init__(self, sides: tuple[Side, ...], settings: str, *, turn_hours: float,
                 turns: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sides = sides
        self.settings = settings
        """The run's mode, variant and seed in one line."""
        self.turn_hours = turn_hours
        self.turns = turns

    def watch_snapshot(self) -> None:
        """Redraw for the new snapshot."""
        self._redraw()

    def watch_playing(self) -> None:
        """Redraw the play state."""
        self._redraw()

    def _redraw(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        played = int(-(-round(snapshot.hours, 6) // self.turn_hours))
        names = {s.id: s.name for s in self.sides}
        view = "Umpire" if snapshot.side is None else names.get(snapshot.side, snapshot.side)
        state = "ended" if snapshot.finished else "playing" if self.playing else "paused"
        clock = Text.assemble((snapshot.time.strftime("%d %b %Y %H:%M"), "bold"),
                              f" UTC{snapshot.time.strftime('%z')[:3]} · turn {played}/"
                              f"{self.turns} · ", (f"{view} view", "bold"), " · ",
                              (state, "italic"), no_wrap=True, overflow="ellipsis")
        settings = Text(self.settings, style="dim", no_wrap=True, overflow="ellipsis")
        self.update(_stack(clock, settings, self._figures(snapshot)), layout=False)

    def _figures(self, snapshot: Snapshot) -> Table:
        """One row a side; a figure the view cannot know is a dash, never a guess."""
        table = Table(box=None, padding=(0, 1), collapse_padding=True, pad_edge=False,
                      expand=True, show_edge=False, header_style="bold")
        table.add_column("", no_wrap=True)
        for title, _, _ in self.FIGURES:
            table.add_column(title, justify="right", no_wrap=True)
        for side in self.sides:
            cells = []
            for _, key, fmt in self.FIGURES:
                value = snapshot.metrics.get(f"{key}.{side.id}")
                cells.append(HIDDEN if value is None else fmt.format(value))
            table.add_row(Text(side.name, style=side.colour), *cells)
        return table


def _stack(*parts: RenderableType) -> Table:
    grid = Table.grid(expand=True)
    for part in parts:
        grid.add_row(part)
    return grid


class ObjectivesPanel(Static):
    """What each side sets out to do: the shown side's objectives, or both for the umpire."""

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    """The snapshot shown (only its side matters here)."""

    def __init__(self, objectives: tuple[Objective, ...], sides: tuple[Side, ...],
                 names: Mapping[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.objectives = objectives
        self.sides = sides
        self.names = names
        """Place and area ids to names."""
        self._side: str | None = "\0"

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        """Redraw when the view changes."""
        if snapshot is None or snapshot.side == self._side:
            return
        self._side = snapshot.side
        self.update(objectives_text(self.objectives, self.sides, self.names, snapshot.side))


def objectives_text(objectives: tuple[Objective, ...], sides: tuple[Side, ...],
                    names: Mapping[str, str], side: str | None) -> Text:
    """The objectives of *side* (every side's when None), each with its places and deadline."""
    text = Text()
    for s in sides:
        if side not in (None, s.id):
            continue
        text.append(f"{s.name}\n", style=f"bold {s.colour}")
        own = [o for o in objectives if o.side == s.id]
        if not own:
            text.append("  no objectives in the scenario\n", style="dim")
        for o in own:
            text.append(f"• {o.text}")
            detail = ", ".join(names.get(p, p) for p in o.places)
            if o.by is not None:
                detail += f"{'; ' if detail else ''}by {o.by:%d %b}"
            text.append(f" ({detail}; {o.points:g} pt)\n" if detail else "\n", style="dim")
    text.rstrip()
    return text


class UnitTable(CellCacheTable):
    """Every unit the view knows of: own units as they are, enemy units as last seen.

    Rows are keyed by unit id. A new snapshot updates only the cells that changed, and the
    table is rebuilt only when the units listed (or their order) change, so the cursor
    stays on its unit across turns and orders. Across a change of view it goes back to the
    unit last chosen in that view, or stays on its unit if the new view lists it.
    """

    COLUMNS = (("unit", "Unit", 23), ("str", "Str", 4), ("where", "Where", 15),
               ("state", "State", 12))
    """Column keys, titles and widths in cells (62 with padding: no sideways scrolling in
    the 64-cell panel beside the map, its scrollbar included)."""
    HELP = ("The units the view knows of: its own as they are, the enemy's as last seen. "
            "Arrow keys choose one; `o` gives it an order (in a side's view).")

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    """The snapshot listed."""

    def __init__(self, names: Mapping[str, str], colours: Mapping[str, str],
                 estimated: Collection[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.names = names
        """Place and area ids to names."""
        self.colours = colours
        """Side ids to colours; a unit's name is written in its side's colour."""
        self.estimated = frozenset(estimated)
        """Ids of units with an estimate mark, whose names carry the sign."""
        self._cells: dict[str, tuple[str | Text, ...]] = {}
        self._side: str | None = None
        self._chosen: dict[str | None, str] = {}
        """The unit last under the cursor in each view."""

    def on_mount(self) -> None:
        """Set up the keyed columns."""
        for key, title, width in self.COLUMNS:
            self.add_column(title, width=width, key=key)
        if self.snapshot is not None:
            self.show(self.snapshot)

    @property
    def selected(self) -> str | None:
        """Id of the unit under the cursor, or None for an empty list."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key is None else str(key)

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        """List the units of the new snapshot."""
        if snapshot is not None and self.is_mounted:
            self.show(snapshot)

    def show(self, snapshot: Snapshot) -> None:
        """List the units of *snapshot*, those still in the fight first."""
        switched = snapshot.side != self._side
        current = self.selected
        if switched and current is not None:
            self._chosen[self._side] = current
        self._side = snapshot.side
        rows = {u.id: self._row(u, snapshot.hours)
                for u in sorted(snapshot.units, key=lambda u: u.status in GONE)}
        keep = (self._chosen.get(snapshot.side) if switched else None) or current
        if rows.keys() != self._cells.keys():
            self._rebuild(rows, keep)
            return
        moved = list(rows) != list(self._cells)
        if moved:  # a unit out of the fight goes to the end: same rows, new order
            self.reorder(list(rows))
        for key, cells in rows.items():
            for (column, _, _), new, old in zip(self.COLUMNS, cells, self._cells[key],
                                                 strict=True):
                if new != old:
                    self.update_cell(key, column, new)
        self._cells = rows
        if (switched or moved) and keep in rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def _rebuild(self, rows: dict[str, tuple[str | Text, ...]], keep: str | None) -> None:
        self.clear()
        for key, cells in rows.items():
            self.add_row(*cells, key=key)
        self._cells = rows
        if keep in rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def _row(self, unit: UnitView, now: float) -> tuple[str | Text, ...]:
        name = f"{MARK} {unit.name}" if unit.id in self.estimated else unit.name
        return (Text(name, style=self.colours.get(unit.side, ""), overflow="ellipsis",
                     no_wrap=True),
                f"{unit.strength:.0%}", where(unit, self.names), _state(unit, now))


GONE = ("destroyed", "surrendered")
"""Statuses of units out of the fight for good."""


def where(unit: UnitView, names: Mapping[str, str]) -> str:
    """Where *unit* is (as its view knows): a place, a road, an off-map area, or not yet."""
    if unit.place is not None:
        return names.get(unit.place, unit.place)
    if unit.road is not None:
        u, v, _ = unit.road
        return f"{names.get(u, u)} → {names.get(v, v)}"
    if unit.area is not None:
        return names.get(unit.area, unit.area)
    return "not arrived" if unit.status == "waiting" else ""


def _state(unit: UnitView, now: float) -> str:
    """Posture or status; for an enemy unit, how long ago it was seen."""
    if unit.seen_hours is not None:
        age = now - unit.seen_hours
        return "seen now" if age < 1 else f"seen {age:.0f} h ago"
    if unit.status == "active":
        return unit.posture.replace("_", " ")
    return unit.status.replace("_", " ")


class EventLog(RichLog):
    """The log entries one view may see, newest last, each one line of text with its time.

    The screen keeps one log per view, each fed only the snapshots of its view, so showing
    another view costs nothing: its log is already written. The log keeps the entries it
    shows (:attr:`entries`, each as its view was shown it); with the focus, a cursor
    marks one entry (up and down move it) and Enter posts :class:`EventLog.Chosen` for it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Earlier entry", show=False),
        Binding("down", "cursor(1)", "Later entry", show=False),
        Binding("home", "cursor_to(0)", "First entry", show=False),
        Binding("end", "cursor_to(-1)", "Last entry", show=False),
        Binding("enter", "choose", "Explain",
                tooltip="The numbers behind the entry under the cursor, with their rules"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"event-log--cursor"}
    DEFAULT_CSS = """
    EventLog > .event-log--cursor { background: $accent 40%; text-style: bold; }
    """

    class Chosen(Message):
        """Enter was pressed on a log entry."""

        def __init__(self, log: EventLog, entry: LogEntry) -> None:
            super().__init__()
            self.log = log
            self.entry = entry
            """The entry as the log's view was shown it."""

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    """The latest snapshot; only those of this log's view are written."""
    HELP = ("What the view may know of the run, newest last: moves, combat rounds, strikes, "
            "orders and the timeline's events, with their sources in brackets. Up and down "
            "choose an entry; Enter explains it.")

    def __init__(self, view: str | None, marks: TimelineMarks | None = None,
                 names: Mapping[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, max_lines=None, min_width=40)
        self.view = view
        """The view whose entries this log shows: None for the umpire, or a side id."""
        self.marks = marks
        self.names = names or {}
        """Ids to names: a refused order's reason is shown with names, not ids."""
        self.count = 0
        """Entries of this view written so far."""
        self.entries: list[LogEntry] = []
        """The entries written, oldest first, as the view was shown them."""
        self._ends: list[int] = []
        """For each entry drawn, the number of lines drawn up to its end."""
        self.cursor: int | None = None
        """Index in :attr:`entries` of the entry under the cursor (None: none yet)."""

    @property
    def chosen(self) -> LogEntry | None:
        """The entry under the cursor, if any."""
        return None if self.cursor is None else self.entries[self.cursor]

    def write(self, content: RenderableType | object, width: int | None = None,
              expand: bool = False, shrink: bool = True, scroll_end: bool | None = None,
              animate: bool = False) -> Self:
        """Write as :class:`RichLog` does, noting where each entry's lines end."""
        drawn = self._size_known
        super().write(content, width, expand, shrink, scroll_end, animate)
        if drawn:
            self._ends.append(len(self.lines))
        return self

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """Refresh as any widget does, but lay out no screen for a line a scrolling log gains.

        A :class:`RichLog` grows its virtual size with every line, and Textual lays out
        the whole screen on any change of a virtual size (it may add a scroll bar). Once
        this log's vertical scroll bar shows, a longer log changes nothing outside it: its
        scroll bar is updated in place instead (a turn then costs no screen layout).
        """
        if layout and not recompose and self._scrolls_already():
            self._scroll_update(self.virtual_size)
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _scrolls_already(self) -> bool:
        """True if the vertical scroll bar shows and would still show at the new size."""
        height = self.scrollable_content_region.height
        return (self.show_vertical_scrollbar and height > 0
                and self.virtual_size.height > height
                and self.virtual_size.width <= self.scrollable_content_region.width + 1)

    def clear(self) -> Self:
        """Empty the log, its entries and its cursor."""
        super().clear()
        self.count, self.entries, self._ends, self.cursor = 0, [], [], None
        return self

    def _cursor_lines(self) -> tuple[int, int] | None:
        """The first line and the line past the end of the entry under the cursor."""
        if self.cursor is None or self.cursor >= len(self._ends):
            return None
        start = self._ends[self.cursor - 1] if self.cursor > 0 else 0
        return start, self._ends[self.cursor]

    def render_line(self, y: int) -> Strip:
        """A line of the log, marked when it belongs to the entry under the cursor."""
        strip = super().render_line(y)
        lines = self._cursor_lines()
        if self.has_focus and lines is not None and \
                lines[0] <= self.scroll_offset.y + y < lines[1]:
            strip = strip.apply_style(self.get_component_rich_style("event-log--cursor"))
        return strip

    def on_focus(self) -> None:
        """With the focus, the cursor starts on the newest entry."""
        if self.cursor is None and self.entries:
            self.cursor = len(self.entries) - 1
        self.refresh()

    def on_blur(self) -> None:
        """Without the focus, the cursor is not drawn."""
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor *step* entries (negative: earlier)."""
        if not self.entries:
            return
        current = len(self.entries) - 1 if self.cursor is None else self.cursor
        self.action_cursor_to(min(max(current + step, 0), len(self.entries) - 1))

    def action_cursor_to(self, index: int) -> None:
        """Put the cursor on entry *index* (negative: from the end) and bring it in sight."""
        if not self.entries:
            return
        self.cursor = index % len(self.entries)
        lines = self._cursor_lines()
        if lines is not None:
            self.scroll_to_region(Region(0, lines[0], 1, lines[1] - lines[0]),
                                  animate=False, immediate=True)
        self.refresh()

    def action_choose(self) -> None:
        """Post :class:`Chosen` for the entry under the cursor."""
        entry = self.chosen
        if entry is not None:
            self.post_message(self.Chosen(self, entry))

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        """Append the entries of *snapshot* not written yet, if it is of this log's view.

        A snapshot from entry 0 (after a change of view) holds every entry of the view:
        only those past :attr:`count` are new. One holding fewer than were written (a run
        gone back in time) rewrites the log.
        """
        if snapshot is None or snapshot.side != self.view:
            return
        entries = snapshot.log
        if snapshot.log_from == 0:
            if len(entries) < self.count:
                self.clear()
            entries = entries[self.count:]
        self.add(entries, snapshot)

    def add(self, entries: tuple[LogEntry, ...], snapshot: Snapshot) -> None:
        """Append *entries*, timed relative to *snapshot*'s clock.

        An order or inject of the scenario's timeline ends with its source and its estimate
        mark, dimmed: ``[D ≈ timing]``.
        """
        width = self._width()
        deferred = not self._size_known  # RichLog writes once the log has a size
        last = len(entries) - 1
        for i, entry in enumerate(entries):
            when = snapshot.time - dt.timedelta(hours=snapshot.hours - entry.hours)
            tag = self.marks.tag(entry) if self.marks is not None else ""
            self.write(Text.assemble((f"{when:%d %b %H:%M} ", "dim"),
                                     (f"{entry.kind:<9}", KIND_STYLES.get(entry.kind, "")),
                                     " ", readable(entry.text, self.names)
                                     if entry.kind == "rejected" else entry.text,
                                     (f" {tag}" if tag else "", "dim")),
                       width=width, scroll_end=None if deferred and i == last else False)
        self.count += len(entries)
        self.entries.extend(entries)
        if entries and self.auto_scroll and not deferred:
            self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        """Scroll to the newest line, in the same frame as the lines are drawn if possible.

        :meth:`RichLog.write` scrolls after the next refresh, which costs a second frame
        (and a second paint of the log); once the log's scroll bar shows, the size after
        the new lines is already known, so the log scrolls at once. Before that (a layout
        may add the scroll bar) it scrolls after the refresh, as RichLog does.
        """
        self.scroll_end(animate=False, immediate=self._scrolls_already(), x_axis=False)

    def _width(self) -> int | None:
        """The width to wrap entries at, known from the log's container even while hidden.

        Giving it spares measuring every entry; None (measure) until the container has a
        size.
        """
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.content_region.width:
            return None
        scrollbar = self.styles.scrollbar_size_vertical
        return max(self.min_width, parent.content_region.width - scrollbar)


def standing_order(unit: UnitView | None, view: str | None, names: Mapping[str, str],
                   now: float, given: str | None = None) -> Text:
    """One line on *unit* as *view* knows it: its standing order, posture and status.

    An own unit (or any, for the umpire) says where it is going (its destination), its
    posture and status, and that ``x`` cancels the order; an enemy unit says only where
    and when it was last seen (the view knows no more of it). *given* is an order given
    to it this turn and not yet gone out (a two-team game), said first.
    """
    if unit is None:
        return Text("No unit chosen.", style="dim")
    text = Text(f"{unit.name}: ", style="bold", no_wrap=True, overflow="ellipsis")
    if given is not None:
        text.append(f"ordered this turn: {given} (goes out when both sides submit); ")
    if unit.seen_hours is not None:
        age = now - unit.seen_hours
        text.append(f"enemy, last seen at {where(unit, names) or 'an unknown place'}, "
                    + ("now" if age < 1 else f"{age:.0f} h ago"), style="dim")
        return text
    if unit.status in GONE or unit.status == "waiting":
        text.append("not arrived yet" if unit.status == "waiting" else unit.status)
        return text
    posture = unit.posture.replace("_", " ")
    if unit.destination is not None:
        text.append(f"standing order: to {names.get(unit.destination, unit.destination)}, "
                    f"{posture}, {unit.status.replace('_', ' ')}")
        text.append("; x cancels it (hold)" if view is not None else "", style="dim")
    else:
        text.append(f"no move under way; {posture} at {where(unit, names) or unit.status}")
    return text
