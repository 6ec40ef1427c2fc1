"""The widgets of the app, each showing a :class:`~engine.snapshot.Snapshot`.

None keeps game state of its own: the app hands them the latest snapshot and they redraw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable, RichLog, Static

from engine.log import LogEntry
from engine.snapshot import Snapshot, UnitView
from tui.mapdraw import PLACE_GLYPHS
from tui.marks import MARK, TimelineMarks

KIND_STYLES = {"combat": "bold", "strike": "bold #e0a040", "intercept": "#e0a040",
               "damage": "bold #e0a040", "control": "bold #60c060", "inject": "italic #80a0e0",
               "rejected": "red", "destroyed": "bold red", "surrender": "bold red"}
"""How each kind of log entry stands out; kinds not listed are plain."""


class StatusPanel(Static):
    """Clock, turn, whose view is shown, and the headline figures of each side."""

    def show(self, snapshot: Snapshot, *, view: str, played: int, turns: int, playing: bool,
             sides: dict[str, tuple[str, str]]) -> None:
        """Show *snapshot* after *played* of *turns*; *sides* maps side id to (name, colour)."""
        clock = Text.assemble((snapshot.time.strftime("%d %b %Y %H:%M"), "bold"),
                              f"  UTC{snapshot.time.strftime('%z')[:3]}\n",
                              f"Turns played {played} of {turns}  ·  ",
                              (f"{view} view", "bold"), "  ·  ",
                              ("ended" if snapshot.finished else
                               "playing" if playing else "paused", "italic"),
                              justify="left")
        table = Table(box=None, padding=(0, 1), expand=True)
        table.add_column("")
        for name, colour in sides.values():
            table.add_column(name, style=colour, justify="right")
        for label, key, fmt in (("Ground gained km²", "ground_km2", "{:,.0f}"),
                                ("Places held", "places_held", "{:.0f}"),
                                ("Depth km", "depth_km", "{:.1f}"),
                                ("Personnel lost", "personnel_losses", "{:,.0f}"),
                                ("Vehicles lost", "vehicle_losses", "{:,.0f}")):
            values = [snapshot.metrics.get(f"{key}.{side}") for side in sides]
            table.add_row(label, *("?" if v is None else fmt.format(v) for v in values))
        legend = Text("  ".join(f"{g} {k}" for k, g in PLACE_GLYPHS.items())
                      + f"  + border  × cut road  2 = two units  {MARK} estimate (e)",
                      style="dim")
        self.update(_stack(clock, table, legend))


def _stack(*parts: RenderableType) -> Table:
    grid = Table.grid(expand=True)
    for part in parts:
        grid.add_row(part)
    return grid


class UnitTable(DataTable[str | Text]):
    """Every unit the view knows of: own units as they are, enemy units as last seen."""

    COLUMNS = (("Unit", 24), ("Str", 4), ("Where", 15), ("State", 12))
    """Column titles and widths in cells."""

    def on_mount(self) -> None:
        """Set up the columns."""
        self.cursor_type = "row"
        for title, width in self.COLUMNS:
            self.add_column(title, width=width)

    def show(self, snapshot: Snapshot, names: dict[str, str], colours: dict[str, str],
             estimated: Collection[str] = ()) -> None:
        """List the units of *snapshot*, those still in the fight first.

        Args:
            snapshot: what the view knows.
            names: place and area ids to names.
            colours: side ids to colours; a unit's name is written in its side's colour.
            estimated: ids of units with an estimate mark, whose names carry the sign.
        """
        self.clear()
        for unit in sorted(snapshot.units, key=lambda u: u.status in GONE):
            name = f"{MARK} {unit.name}" if unit.id in estimated else unit.name
            self.add_row(Text(name, style=colours.get(unit.side, ""), overflow="ellipsis",
                              no_wrap=True),
                         f"{unit.strength:.0%}", _where(unit, names),
                         _state(unit, snapshot.hours), key=unit.id)


GONE = ("destroyed", "surrendered")
"""Statuses of units out of the fight for good."""


def _where(unit: UnitView, names: dict[str, str]) -> str:
    if unit.place is not None:
        return names.get(unit.place, unit.place)
    if unit.road is not None:
        u, v, fraction = unit.road
        return f"{names.get(u, u)} → {names.get(v, v)}"
    return names.get(unit.area or "", unit.area or "")


def _state(unit: UnitView, now: float) -> str:
    """Posture or status; for an enemy unit, how long ago it was seen."""
    if unit.seen_hours is not None:
        age = now - unit.seen_hours
        return "seen now" if age < 1 else f"seen {age:.0f} h ago"
    if unit.status == "active":
        return unit.posture.replace("_", " ")
    return unit.status.replace("_", " ")


class EventLog(RichLog):
    """The log entries the view may see, newest last, each with its local time."""

    def add(self, entries: tuple[LogEntry, ...], snapshot: Snapshot,
            marks: TimelineMarks | None = None) -> None:
        """Append *entries*, timed relative to *snapshot*'s clock.

        With *marks*, an order or inject of the scenario's timeline ends with its source and
        its estimate mark, dimmed: ``[D ≈ timing]``.
        """
        for entry in entries:
            when = snapshot.time - dt.timedelta(hours=snapshot.hours - entry.hours)
            line = Table.grid(padding=(0, 1))
            line.add_column(width=12, style="dim")
            line.add_column(width=9, style=KIND_STYLES.get(entry.kind, ""))
            line.add_column(ratio=1)
            tag = marks.tag(entry) if marks is not None else ""
            text = Text.assemble(entry.text, (f" {tag}" if tag else "", "dim"))
            line.add_row(when.strftime("%d %b %H:%M"), entry.kind, text)
            self.write(line, expand=True)
