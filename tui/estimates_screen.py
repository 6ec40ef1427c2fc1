"""The estimates screen: what in the scenario is its authors' estimate, and why.

Every unit, place, off-map area, order and inject with an ``estimate`` mark is listed with
what is estimated (its timing, its route, its position ...) and the reason, so a class can
tell the record from the scenario's own choices. A side's view lists its own units and
orders and the enemy units it has seen; orders and injects appear once their time has come.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from engine.snapshot import Snapshot
from scenario.models import Estimate, InjectEntry, Scenario
from tui.footer import SteadyFooter
from tui.header import SteadyHeader
from tui.marks import MARK


@dataclass(frozen=True)
class Row:
    """One estimate mark as the screen lists it."""

    key: str
    when: str
    what: str
    name: str
    source: str
    mark: Estimate


def estimate_rows(scenario: Scenario, snapshot: Snapshot) -> list[Row]:
    """The marks the view of *snapshot* may see: places, areas, units, then the timeline."""
    rows = [Row(f"place:{p.id}", "", "place", p.name, p.source or "", p.estimate)
            for p in scenario.map.places if p.estimate]
    rows += [Row(f"area:{a.id}", "", "area", a.name, a.source or "", a.estimate)
             for a in scenario.map.off_map if a.estimate]
    shown = {u.id for u in snapshot.units}
    rows += [Row(f"unit:{u.id}", "", "unit", u.name, u.source, u.estimate)
             for u in scenario.units if u.estimate and u.id in shown]
    for i, entry in enumerate(scenario.timeline):
        if entry.estimate is None or entry.at > snapshot.time:
            continue
        inject = isinstance(entry, InjectEntry)
        if not inject and snapshot.side not in (None, entry.side):
            continue
        rows.append(Row(f"entry:{i}", entry.at.strftime("%d %b %H:%M"),
                        "inject" if inject else "order", entry.title, entry.source,
                        entry.estimate))
    return rows


class EstimatesScreen(Screen[None]):
    """Every estimate mark the view may see, with the reason for the row under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,e", "app.pop_screen", "Back to the map"),
    ]

    def __init__(self, scenario: Scenario, snapshot: Snapshot, view: str) -> None:
        super().__init__()
        self.rows = {row.key: row for row in estimate_rows(scenario, snapshot)}
        self.view = view

    def compose(self) -> ComposeResult:
        """A line on how to read the list, the list, and the reason of the chosen row."""
        yield SteadyHeader()
        yield Static(f"{MARK} What the scenario estimates where the record is silent, as the "
                     f"{self.view} view sees it. The record attests the rest; the source is "
                     "the document the entry rests on.", id="estimates-help")
        yield DataTable(id="estimates", cursor_type="row")
        yield Static("", id="estimate-why")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Fill the list; show the reason of the first row."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        for title, width in (("When", 12), ("What", 6), ("Name", 44), ("Estimated", 22),
                             ("Source", 8)):
            table.add_column(title, width=width)
        for row in self.rows.values():
            table.add_row(row.when, row.what, Text(row.name, overflow="ellipsis",
                                                   no_wrap=True),
                          ", ".join(row.mark.what), row.source, key=row.key)
        if self.rows:
            self._why(next(iter(self.rows)))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._why(event.row_key.value)

    def _why(self, key: str) -> None:
        row = self.rows[key]
        self.query_one("#estimate-why", Static).update(
            Text.assemble((f"{row.name}: ", "bold"), row.mark.why))
