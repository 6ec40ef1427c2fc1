"""The debrief screen: ground and losses over time with the claims, key moments, beliefs.

Everything shown comes from :mod:`engine.debrief` for one reader: the umpire (``None``)
sees both sides' curves, every key moment and, for any turn, what each side believed
beside what was true; a side sees its own losses and the ground, the moments its log
told it, and no truth about the enemy (that comparison waits for the umpire's debrief).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from engine import debrief
from engine.game import replay
from engine.snapshot import Snapshot
from tui.chart import Mark, Series, plot
from tui.footer import SteadyFooter
from tui.header import SteadyHeader
from tui.marks import outlets
from tui.report import TITLES
from tui.session import Session

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class DebriefData:
    """What the debrief shows, computed for one reader before the screen opens."""

    reader: str | None
    """None for the umpire, else a side id."""
    curves: tuple[debrief.Curve, ...]
    marks: dict[tuple[str, str], tuple[debrief.ClaimMark, ...]]
    """Claims on each (metric, side) curve."""
    moments: tuple[debrief.Moment, ...]
    sides: dict[str, tuple[str, str]]
    """Side id -> (name, colour)."""
    names: dict[str, str]
    """Place id -> name."""
    days: float
    """The scenario's length in days (the charts' x range)."""
    turns: int
    """Turns played; beliefs can be shown for turns 0 to this."""
    at_turn: Callable[[int], tuple[Snapshot, dict[str, Snapshot]]] | None
    """The umpire's and each side's snapshot at a turn (the umpire's debrief only)."""
    outlets: dict[str, str] = field(default_factory=dict)
    """Source id -> who published it (:func:`~tui.marks.outlet`); the key of the
    claims names the outlet, not the scenario's id for it."""


class DebriefScreen(Screen[None]):
    """Charts with claims, key moments and beliefs beside the truth, for one reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,d", "app.pop_screen", "Back"),
        Binding("left_square_bracket", "turn(-1)", "Earlier turn", key_display="["),
        Binding("right_square_bracket", "turn(1)", "Later turn", key_display="]"),
    ]

    def __init__(self, data: DebriefData, title: str) -> None:
        super().__init__()
        self.data = data
        self.heading = title
        self.turn = data.turns

    def compose(self) -> ComposeResult:
        """Three tabs: curves, key moments, beliefs."""
        yield SteadyHeader()
        with TabbedContent(id="debrief-tabs"):
            with TabPane("Ground and losses", id="curves"), VerticalScroll():
                for metric in debrief.CURVES:
                    yield Static(id=f"chart-{metric}", classes="chart")
                yield Static(id="claims-key")
            with TabPane("Key moments", id="moments"), VerticalScroll():
                yield Static(self._moments(), id="moment-list")
            with TabPane("Beliefs", id="beliefs"), VerticalScroll():
                yield Static(id="belief-table")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Draw the charts at the screen's width, and the beliefs at the last turn."""
        self.title = self.heading
        self.sub_title = "Debrief, " + ("umpire" if self.data.reader is None
                                        else self.data.sides[self.data.reader][0])
        self._draw_charts()
        self._show_beliefs()

    def on_resize(self) -> None:
        """Charts follow the screen's width."""
        self._draw_charts()

    def action_turn(self, step: int) -> None:
        """Show the beliefs of an earlier or later turn."""
        self.turn = min(max(self.turn + step, 0), self.data.turns)
        self._show_beliefs()

    def _draw_charts(self) -> None:
        width = max(self.size.width - 4, 30)
        key = Text()
        letter = 0
        for metric in debrief.CURVES:
            lines, marks = [], []
            for curve in (c for c in self.data.curves if c.metric == metric):
                name, colour = self.data.sides[curve.side]
                lines.append(Series(name, [(h / 24, v) for h, v in curve.points], colour))
                for mark in self.data.marks.get((metric, curve.side), ()):
                    if mark.value is None or letter >= len(LETTERS):
                        continue
                    marks.append(Mark(mark.hours / 24, mark.value, LETTERS[letter],
                                      f"bold {colour}"))
                    key.append(f"{LETTERS[letter]}  {mark.claim.date:%d %b}  "
                               f"{mark.claim.claimant} ({mark.claim.party}): ", style="bold")
                    source = self.data.outlets.get(mark.claim.source, mark.claim.source)
                    key.append(f"{mark.claim.text}  [source: {source}]\n")
                    letter += 1
            chart = plot(lines, marks, width, 12, (0.0, self.data.days))
            title = Text(TITLES[metric] + "  ", style="bold")
            for line in lines:
                title.append(f"■ {line.label}  ", style=line.style)
            self.query_one(f"#chart-{metric}", Static).update(Text("\n").join([title, chart]))
        self.query_one("#claims-key", Static).update(
            Text("Claims, by letter on the charts\n", style="bold") + key)

    def _moments(self) -> Table:
        table = Table(box=None, expand=True, show_header=True)
        table.add_column("When", no_wrap=True)
        table.add_column("What happened", ratio=1)
        for moment in self.data.moments:
            table.add_row(f"{moment.time:%d %b %H:%M}", moment.text)
        if not self.data.moments:
            table.add_row("", "Nothing yet.")
        return table

    def _show_beliefs(self) -> None:
        target = self.query_one("#belief-table", Static)
        if self.data.at_turn is None:
            target.update("What each side believed beside what was true is shown in the "
                          "umpire's debrief, after the game.")
            return
        truth, pictures = self.data.at_turn(self.turn)
        tables: list[Table | Text] = [Text(f"Turn {self.turn} of {self.data.turns} "
                                           "([ earlier, ] later)", style="bold")]
        for side, picture in pictures.items():
            tables.append(_belief_table(self.data.sides[side][0],
                                        debrief.beliefs(truth, picture), self.data.names))
        grid = Table.grid(expand=True)
        for part in tables:
            grid.add_row(part)
        target.update(grid)


def _belief_table(side: str, found: tuple[debrief.Belief, ...],
                  names: dict[str, str]) -> Table:
    """One side's beliefs about each enemy unit, beside the truth."""
    table = Table(title=f"What {side} believed", expand=True, title_justify="left")
    for column in ("Enemy unit", "Believed", "True", "Off by"):
        table.add_column(column)
    for belief in sorted(found, key=lambda b: b.name):
        true = belief.true
        truth = (f"{_where(true.place, names)}, {true.strength:.0%}" if true.xy
                 else true.status)
        if belief.believed is None:
            table.add_row(belief.name, Text("not known", style="italic"), truth, "")
            continue
        seen = belief.believed
        age = belief.stale_hours or 0.0
        table.add_row(belief.name, f"{_where(seen.place, names)}, {seen.strength:.0%}, "
                      f"seen {age:.0f} h before", truth,
                      "" if belief.error_km is None else f"{belief.error_km:.1f} km")
    return table


def _where(place: str | None, names: dict[str, str]) -> str:
    return names.get(place, place) if place else "on a road"


def for_session(session: Session, *, umpire: bool = False) -> DebriefData:
    """The debrief of *session*'s game so far, for the view it shows now.

    With *umpire*, the umpire's full debrief whatever the view (a two-team game that has
    finished: nothing is left to hide).
    """
    sim = session.sim
    reader = None if umpire else session.view
    curves = debrief.curves(sim, reader)
    marks = {(c.metric, c.side): debrief.claims_on(sim, c) for c in curves}
    log = sim.snapshot(reader).log
    sides = {s.id: (s.name, s.colour) for s in sim.scenario.sides}
    names = {p.id: p.name for p in sim.scenario.map.places}
    played = session.game.line(session.line).played
    named = outlets(sim.scenario)
    return DebriefData(reader, curves, marks, debrief.key_moments(sim, log), sides, names,
                       sim.end_hours / 24, min(session.position, played),
                       None if reader is not None else _replayer(session), named)


def _replayer(session: Session) -> Callable[[int], tuple[Snapshot, dict[str, Snapshot]]]:
    """Snapshots at any turn of the session's line, by replaying its record."""
    scenario, game, line = session.given, session.game, session.line

    def at(turn: int) -> tuple[Snapshot, dict[str, Snapshot]]:
        sim = replay(scenario, game, line, turn)
        return sim.snapshot(None), {s.id: sim.snapshot(s.id) for s in sim.scenario.sides}
    return at
