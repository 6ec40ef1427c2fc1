"""The Salient app: the situation turn by turn, for a class on one screen.

The app shows a :class:`~tui.session.Session`: a map, the headline figures, the units the
current view knows of and the log. Keys:

| key   | action                                            |
|-------|---------------------------------------------------|
| n     | play the next turn                                |
| space | play turn after turn, or pause                    |
| v     | switch the view: umpire, then each side (fog of war) |
| o     | give an order to the unit under the cursor (a side's view) |
| c     | the claims made so far, beside the run's figures  |
| e     | what the scenario estimates, and why              |
| q     | quit                                              |
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Header

from engine.orders import Order
from engine.snapshot import Snapshot, UnitView
from tui.claims_screen import ClaimsScreen
from tui.estimates_screen import EstimatesScreen
from tui.mapview import MapView
from tui.marks import TimelineMarks
from tui.order_screen import OrderScreen
from tui.session import Session
from tui.widgets import EventLog, StatusPanel, UnitTable

MAP_ACTIONS = frozenset({"next_turn", "toggle_play", "cycle_view", "claims", "estimates",
                         "order"})
"""Actions of the main screen."""


class SalientApp(App[None]):
    """Replays a scenario turn by turn, as the umpire or as one side sees it."""

    CSS_PATH = "salient.tcss"
    TITLE = "Salient"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_turn", "Next turn"),
        Binding("space", "toggle_play", "Play/pause"),
        Binding("v", "cycle_view", "Switch view"),
        Binding("o", "order", "Order"),
        Binding("c", "claims", "Claims"),
        Binding("e", "estimates", "Estimates"),
        Binding("q", "quit", "Quit"),
    ]

    playing: reactive[bool] = reactive(False, init=False)
    """True while turns play one after another."""

    def __init__(self, session: Session, *, seconds_per_turn: float = 1.5) -> None:
        super().__init__()
        self.session = session
        self.seconds_per_turn = seconds_per_turn
        """Pause between turns while playing, in seconds."""
        self._timer: Timer | None = None
        self._latest: Snapshot = session.update()
        scenario = session.sim.scenario
        self._places = {p.id: p.name for p in session.layout.places}
        self._names = {**self._places, **{a.id: a.name for a in scenario.map.off_map}}
        self._sides = {s.id: (s.name, s.colour) for s in scenario.sides}
        self._marks = TimelineMarks(scenario)
        self._estimated = frozenset(u.id for u in scenario.units if u.estimate)

    def compose(self) -> ComposeResult:
        """Map on the left; figures and units on the right; the log below."""
        yield Header()
        with Horizontal(id="top"):
            yield MapView(self.session.layout, id="map")
            with Vertical(id="side"):
                yield StatusPanel(id="status")
                yield UnitTable(id="units")
        yield EventLog(id="log", wrap=True, markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Show the opening situation; set up the play timer, paused."""
        self.title = self.session.title
        self.query_one(MapView).border_title = "Map"
        self.query_one(UnitTable).border_title = "Units"
        self.query_one(EventLog).border_title = "Log"
        self._timer = self.set_interval(self.seconds_per_turn, self._tick, pause=True)
        self._show(self._latest, fresh=True)

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot on screen."""
        return self._latest

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The map's keys work on the map only, not while another screen is open."""
        if action in MAP_ACTIONS:
            return self.screen is self.screen_stack[0]
        return True

    def action_next_turn(self) -> None:
        """Play one turn and show it."""
        if self.session.sim.finished:
            self.notify("The scenario has ended.", title="End")
            self.playing = False
            return
        self._show(self.session.next_turn(), fresh=False)

    def action_toggle_play(self) -> None:
        """Start or stop playing turn after turn."""
        self.playing = not self.playing and not self.session.sim.finished

    def action_cycle_view(self) -> None:
        """Show the run as the next view sees it; the log is rebuilt for that view."""
        self.session.cycle_view()
        self._show(self.session.update(), fresh=True)

    def action_order(self) -> None:
        """Open the order dialog for the unit under the cursor; play pauses meanwhile."""
        self.playing = False
        if self.session.view is None:
            self.notify("The umpire gives no orders: switch to a side's view with v.",
                        severity="warning")
            return
        unit = self._selected_unit()
        if unit is None or unit.side != self.session.view:
            self.notify("Choose one of your own units in the list first.", severity="warning")
            return
        self.push_screen(OrderScreen(unit, self._latest, self._places),
                         callback=self._give)

    def _selected_unit(self) -> UnitView | None:
        table = self.query_one(UnitTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((u for u in self._latest.units if u.id == key), None)

    def _give(self, order: Order | None) -> None:
        if order is None:
            return
        reason = self.session.give(order)
        if reason is None:
            self.notify(f"Order given: {order.describe(self.session.sim.name)}.", title="Order")
        else:
            self.notify(f"Refused: {reason}.", title="Order", severity="error")
        self._show(self.session.update(), fresh=False)

    def action_claims(self) -> None:
        """Open the claims made so far, beside the run's figures; play pauses meanwhile."""
        self.playing = False
        self.push_screen(ClaimsScreen(self.session.sim.scenario, self.session.claims(),
                                      self.session.view_name()))

    def action_estimates(self) -> None:
        """Open what the scenario estimates, and why; play pauses meanwhile."""
        self.playing = False
        self.push_screen(EstimatesScreen(self.session.sim.scenario, self._latest,
                                         self.session.view_name()))

    def watch_playing(self, playing: bool) -> None:
        """Resume or pause the timer, and say so in the status panel."""
        if self._timer is not None:
            (self._timer.resume if playing else self._timer.pause)()
        self._show_status(self._latest)

    def _tick(self) -> None:
        self.action_next_turn()

    def _show(self, snapshot: Snapshot, *, fresh: bool) -> None:
        """Put *snapshot* on every widget; *fresh* rewrites the log from the start."""
        self._latest = snapshot
        self.sub_title = f"{self.session.view_name()} view"
        self.query_one(MapView).snapshot = snapshot
        self._show_status(snapshot)
        colours = {side: colour for side, (_, colour) in self._sides.items()}
        self.query_one(UnitTable).show(snapshot, self._names, colours, self._estimated)
        log = self.query_one(EventLog)
        if fresh:
            log.clear()
        log.add(snapshot.log, snapshot, self._marks)

    def _show_status(self, snapshot: Snapshot) -> None:
        self.query_one(StatusPanel).show(snapshot, view=self.session.view_name(),
                                         played=self.session.played(snapshot),
                                         turns=self.session.turns, playing=self.playing,
                                         sides=self._sides)
