"""The claims screen: what each side claimed so far, beside what the run shows.

Claims are shown as they were made, with who made them, what kind of party that is (and
for which side) and the source; the run's figure stands beside each (at the end of the
claim's date), never in its place. A side's view does not show the enemy's true losses.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import Static

from engine.claims import ClaimCheck
from scenario.models import Claim, Scenario, Source
from tui.celltable import CellCacheTable
from tui.footer import SteadyFooter
from tui.header import SteadyHeader
from tui.marks import party_label

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
        yield SteadyFooter(keys_at_once=True)

    def on_mount(self) -> None:
        """Set up the columns and fill the table; note the look it was just styled with.

        Mounted when first pushed, just styled: the push's :class:`ScreenResume`, which
        comes after, need not style it again (a pass over every widget's styles).
        """
        self._look = (self.app.theme, self.app.ansi_color)
        table = self.query_one(CellCacheTable)
        for title, width in (("Date", 6), ("Claimant", 16), ("Party", 19), ("Claim", 36),
                             ("Claimed", 11), ("Run", 9), ("Source", 16)):
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
                party_label(claim, names), Text(claim.text, overflow="ellipsis", no_wrap=True),
                claimed(claim), simulated(check), outlet(sources[claim.source]))
        self._fill(rows)

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


def outlet(source: Source) -> str:
    """Who published *source*, with a mark where it cannot be found or checked."""
    if not source.identified:
        return "unidentified"
    return source.publisher if source.url_verified else f"{source.publisher} (unverified)"


def claimed(claim: Claim) -> str:
    """The claimed figure as written: a number, a range, or held / not held."""
    if claim.metric == "place_held":
        return "held" if (claim.value or 0) >= 0.5 else "not held"
    if claim.range is not None:
        low, high = claim.range
        return f"{_number(low, claim)}-{_number(high, claim)}"
    return "" if claim.value is None else _number(claim.value, claim)


def simulated(check: ClaimCheck) -> str:
    """The run's figure for a claim, or why there is none."""
    if check.simulated is None:
        return "-" if check.knowable else "?"
    if check.claim.metric == "place_held":
        return "held" if check.simulated >= 0.5 else "not held"
    return _number(check.simulated, check.claim)


def _number(value: float, claim: Claim) -> str:
    if claim.metric in FRACTIONS:
        return f"{value:.0%}"
    whole = abs(value) >= 10 or float(value).is_integer()
    return f"{value:,.0f}" if whole else f"{value:,.1f}"
