"""The widgets of the main screen, each showing a :class:`~engine.snapshot.Snapshot`.

None keeps game state of its own: the screen holds the latest snapshot in a reactive and
each widget is bound to it (``data_bind``) and redraws what changed in ``watch_snapshot``.
Fixed lookups (names, colours) come through their constructors. The log
(:class:`~tui.eventlog.EventLog`, in its own module) is fed by the screen instead.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Self

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.widgets import Static

from engine.game import MAIN_LINE
from engine.snapshot import Snapshot, UnitView
from scenario.models import Objective, Side
from tui.celltable import CellCacheTable
from tui.eventlog import EventLog as EventLog
from tui.mapdraw import PLACE_GLYPHS
from tui.marks import MARK
from tui.scrolling import refresh_in_place

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
    line: reactive[str] = reactive(MAIN_LINE, init=False)
    """The line of play shown (named beside the settings when it is not ``main``)."""

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

    def watch_line(self) -> None:
        """Redraw the settings with the line of play."""
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
        line = "" if self.line == MAIN_LINE else f"line {self.line} · "
        settings = Text(line + self.settings, style="dim", no_wrap=True, overflow="ellipsis")
        self.update(Group(FullLine(clock), FullLine(settings), self._figures(snapshot)),
                    layout=False)

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


class FullLine:
    """A one-line text padded to the full width, as a row of a ``Table.grid`` draws it.

    The status panel stacks its lines in a :class:`rich.console.Group` of these instead of
    a grid, which measured every part (the figures' table twice) on every turn.
    """

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The text cut (with its overflow) or padded to the width given."""
        text = self.text.copy()
        text.truncate(options.max_width, overflow=self.text.overflow, pad=True)
        yield text


class ObjectivesPanel(Static):
    """What each side sets out to do: the shown side's objectives, or both for the umpire."""

    snapshot: reactive[Snapshot | None] = reactive(None, init=False, repaint=False)
    """The snapshot shown (only its side matters here: a turn repaints nothing, which
    also spares the screen rebuilding its map of widgets for a hidden one each turn)."""

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
        # hidden behind the units (most of the time), it is laid out when its tab is shown
        self.update(objectives_text(self.objectives, self.sides, self.names, snapshot.side),
                    layout=self.is_on_screen)


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

    COLUMNS = (("unit", "Unit", 22), ("str", "Str", 5), ("where", "Where", 15),
               ("state", "State", 12))
    """Column keys, titles and widths in cells (62 with padding: no sideways scrolling in
    the 64-cell panel beside the map, its scrollbar included)."""
    HELP = ("The units the view knows of: its own as they are, the enemy's as last seen. "
            "Arrow keys choose one; `o` gives it an order (in a side's view).")

    snapshot: reactive[Snapshot | None] = reactive(None, init=False, repaint=False)
    """The snapshot listed (the rows that change repaint themselves)."""

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

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """Refresh as any widget does, but lay out no screen when rows come or go.

        The list's size is its panel's; while its scroll bar shows, other rows (another
        view's units) change nothing outside it (:func:`tui.scrolling.refresh_in_place`).
        """
        layout = refresh_in_place(self, layout, recompose)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

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
        self.size_now()
        self._cells = rows
        if keep in rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def _row(self, unit: UnitView, now: float) -> tuple[str | Text, ...]:
        name = f"{MARK} {unit.name}" if unit.id in self.estimated else unit.name
        return (Text(name, style=self.colours.get(unit.side, ""), overflow="ellipsis",
                     no_wrap=True),
                _strength(unit), where(unit, self.names), _state(unit, now))


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


def _strength(unit: UnitView) -> str:
    """``80%``; for an enemy unit, the side's rough assessment: ``~75%``."""
    return f"~{unit.strength:.0%}" if unit.seen_hours is not None else f"{unit.strength:.0%}"


def _state(unit: UnitView, now: float) -> str:
    """Posture or status; for an enemy unit, how long ago it was seen."""
    if unit.seen_hours is not None:
        age = now - unit.seen_hours
        return "seen now" if age < 1 else f"seen {age:.0f} h ago"
    if unit.status == "active":
        return unit.posture.replace("_", " ")
    return unit.status.replace("_", " ")


class UnitLine:
    """One line on a unit: its name, then what it is doing, cut to the line's width.

    The name gives way first (down to :data:`NAME_AT_LEAST` cells, with an ellipsis), so
    where the unit is or is going stays in sight; what is still too long ends in an
    ellipsis. (A :class:`~rich.text.Text` given to a ``Static`` wraps at its last words
    instead, and the place went out of sight under the one-line panel.)
    """

    def __init__(self, name: Text, about: Text) -> None:
        self.name = name
        self.about = about

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnitLine) and (self.name, self.about) == \
            (other.name, other.about)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.name.plain + self.about.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The line at the width given: the name cut first, then the rest."""
        width = options.max_width
        name = self.name.copy()
        room = max(width - self.about.cell_len, NAME_AT_LEAST)
        if name.cell_len > room:
            name.truncate(room - 2, overflow="ellipsis")
            name.append(": ", style="bold")
        line = Text.assemble(name, self.about, no_wrap=True)
        line.truncate(width, overflow="ellipsis")
        yield line


NAME_AT_LEAST = 16
"""Cells the unit's name keeps (with its colon) when the line on it is cut."""


def standing_order(unit: UnitView | None, view: str | None, names: Mapping[str, str],
                   now: float, given: str | None = None) -> UnitLine:
    """One line on *unit* as *view* knows it: its standing order, posture and status.

    An own unit (or any, for the umpire) says where it is going (its destination), its
    posture and status, and that ``x`` cancels the order; one with no order, its posture
    and where it stands; an enemy unit says only where and when it was last seen (the
    view knows no more of it). *given* is an order given to it this turn and not yet gone
    out (a two-team game), said first. Where the unit is or goes comes early: the line is
    cut at the panel's edge.
    """
    if unit is None:
        return UnitLine(Text(), Text("No unit chosen.", style="dim"))
    name = Text(f"{unit.name}: ", style="bold")
    text = Text()
    if given is not None:
        text.append(f"new order: {given} (out when both submit); ")
    if unit.seen_hours is not None:
        age = now - unit.seen_hours
        text.append(f"enemy, last seen at {where(unit, names) or 'an unknown place'}, "
                    + ("now" if age < 1 else f"{age:.0f} h ago"), style="dim")
        return UnitLine(name, text)
    if unit.status in GONE or unit.status == "waiting":
        text.append("not arrived yet" if unit.status == "waiting" else unit.status)
        return UnitLine(name, text)
    posture = unit.posture.replace("_", " ")
    if unit.destination is not None:
        status = "" if unit.status == "active" else f", {unit.status.replace('_', ' ')}"
        text.append(f"standing order: to {names.get(unit.destination, unit.destination)}, "
                    f"{posture}{status}")
        text.append("; x cancels it (hold)" if view is not None else "", style="dim")
    else:
        text.append(f"{posture} at {where(unit, names) or unit.status}; no move under way")
    return UnitLine(name, text)
