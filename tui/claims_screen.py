"""The claims screen: what each side claimed so far, beside what the run shows.

Claims are shown as they were made, with who made them, what kind of party that is (and
for which side) and the source; the run's figure stands beside each (at the end of the
claim's date), never in its place. A side's view does not show the enemy's true losses.

The figures come right after who made the claim, so that the claimed figure and the
run's stand side by side at any width; the line under the table gives the chosen claim
whole (its text, both figures, its source), which a narrow column can only begin.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import DataTable, Static

from engine.claims import ClaimCheck
from scenario.models import Claim, Scenario
from tui.celltable import CellCacheTable
from tui.footer import SteadyFooter
from tui.header import SteadyHeader
from tui.marks import outlet, party_label

COLUMNS = (("Date", 6), ("Claimant", 16), ("Claimed", 9), ("Run", 9), ("Claim", 36),
           ("Party", 19), ("Source", 16))
"""Title and width of each column, in the order shown."""
FRACTIONS = ("stockpile_fraction_destroyed",)
"""Claim metrics that are shares, shown as percentages."""


class ClaimsScreen(Screen[None]):
    """Every claim made by now, oldest first, with the run's figure beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c", "app.pop_screen", "Back to the map"),
    ]

    def __init__(self, scenario: Scenario, checks: tuple[ClaimCheck, ...], view: str) -> None:
        super().__init__()
        self.scenario = scenario
        self.checks = checks
        self.view = view
        self._rows: dict[str, tuple[str | Text, ...]] = {}
        """The cells of each claim's row shown, by claim id, in the table's order."""
        self._help_for: str | None = None
        """The view the line above the table was written for."""
        self._look: tuple[str, bool | None] | None = None
        """The theme (and whether ANSI colours were on) when the screen was last shown."""

    def on_screen_resume(self, event: ScreenResume) -> None:
        """Shown again: keep the styles it has unless the theme changed since.

        Textual styles a pushed screen afresh on every push, in case the theme changed
        while it was away; for this table that costs a screen layout and two more frames
        (this handler runs before Textual's, which reads the event's flag).
        """
        look = (self.app.theme, self.app.ansi_color)
        if look == self._look:
            event.refresh_styles = False
        self._look = look

    def compose(self) -> ComposeResult:
        """A line on how to read the table, then the table."""
        yield SteadyHeader()
        yield Static(id="claims-help")
        yield CellCacheTable(id="claims")
        yield Static(id="claim-detail")
        yield SteadyFooter(keys_at_once=True)

    def on_mount(self) -> None:
        """Set up the columns and fill the table; note the look it was just styled with.

        Mounted when first pushed, just styled: the push's :class:`ScreenResume`, which
        comes after, need not style it again (a pass over every widget's styles).
        """
        self._look = (self.app.theme, self.app.ansi_color)
        table = self.query_one(CellCacheTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        self.show(self.checks, self.view)

    def show(self, checks: tuple[ClaimCheck, ...], view: str) -> None:
        """List *checks* as the *view* view knows them.

        The screen is kept between visits, and a visit changes only the rows that differ
        from the last.
        """
        if view != self._help_for:  # the line may change height: a layout follows
            self._help_for = view
            self.query_one("#claims-help", Static).update(
                f"Claims made so far, as the {view} view sees them. 'Run' is this run's figure "
                "at the end of the claim's date; '?' where the view cannot know it, '-' where "
                "the engine does not model it.")
        self.checks, self.view = checks, view
        sides = {s.id: (s.name, s.colour) for s in self.scenario.sides}
        names = {side: name for side, (name, _) in sides.items()}
        sources = {s.id: s for s in self.scenario.sources}
        rows: dict[str, tuple[str | Text, ...]] = {}
        for check in checks:
            claim = check.claim
            _, colour = sides.get(claim.side or "", ("", "#a0a0a0"))
            rows[claim.id] = (
                claim.date.strftime("%d %b"),
                Text(claim.claimant, style=colour, overflow="ellipsis", no_wrap=True),
                claimed(claim), simulated(check),
                Text(claim.text, overflow="ellipsis", no_wrap=True), party_label(claim, names),
                Text(outlet(sources[claim.source]), overflow="ellipsis", no_wrap=True))
        self._fill(rows)
        self._detail()

    @on(DataTable.RowHighlighted, "#claims")
    def _detail(self) -> None:
        """Give the claim under the cursor whole on the line under the table."""
        table = self.query_one(CellCacheTable)
        check = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            check = next((c for c in self.checks if c.claim.id == key), None)
        self.query_one("#claim-detail", Static).update(
            "" if check is None else detail(check, self.scenario))

    def _fill(self, rows: dict[str, tuple[str | Text, ...]]) -> None:
        """Put *rows* in the table, changing only what differs from the rows shown.

        Claims made since the last visit are added at the end and figures that changed are
        updated in place; the table is emptied and filled again only when claims shown
        are gone or out of order (the run went back in time).
        """
        table = self.query_one(CellCacheTable)
        shown = self._rows
        if list(rows)[:len(shown)] != list(shown):
            table.clear()
            shown = {}
        for key, cells in rows.items():
            old = shown.get(key)
            if old is None:
                table.add_row(*cells, key=key)
                continue
            for column, new, was in zip(table.columns, cells, old, strict=True):
                if new != was:
                    table.update_cell(key, column, new)
        self._rows = rows


def detail(check: ClaimCheck, scenario: Scenario) -> Text:
    """One claim whole: when, who, what they said, both figures, and the source."""
    claim = check.claim
    names = {s.id: s.name for s in scenario.sides}
    source = next(s for s in scenario.sources if s.id == claim.source)
    text = Text.assemble((f"{claim.date:%d %b}  {claim.claimant}", "bold"),
                         f" ({party_label(claim, names)}): {claim.text}\n")
    figure = claimed(claim)
    if figure:
        text.append(f"Claimed: {figure}. This run: {simulated(check)}. ")
    text.append(f"Source: {outlet(source)}, \u201c{source.title}\u201d", style="dim")
    text.append(f" ({source.date:%d %b %Y})" if source.date else "", style="dim")
    return text


def claimed(claim: Claim) -> str:
    """The claimed figure as written: a number, a range, or held / not held."""
    if claim.metric == "place_held":
        return "held" if (claim.value or 0) >= 0.5 else "not held"
    if claim.range is not None:
        low, high = claim.range
        return f"{_number(low, claim)}-{_number(high, claim)}"
    return "" if claim.value is None else _number(claim.value, claim, exact=True)


def simulated(check: ClaimCheck) -> str:
    """The run's figure for a claim, or why there is none."""
    if check.simulated is None:
        return "-" if check.knowable else "?"
    if check.claim.metric == "place_held":
        return "held" if check.simulated >= 0.5 else "not held"
    return _number(check.simulated, check.claim)


def _number(value: float, claim: Claim, *, exact: bool = False) -> str:
    """*value* as the claim's metric is written.

    A run's figure is rounded to whole units from 10 up; with *exact*, a claimed figure
    keeps its decimals (39.4 stays 39.4).
    """
    if claim.metric in FRACTIONS:
        return f"{value:.0%}"
    whole = float(value).is_integer() or (abs(value) >= 10 and not exact)
    return f"{value:,.0f}" if whole else f"{value:,.2f}".rstrip("0").rstrip(".")
