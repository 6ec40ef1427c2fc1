"""The main screen: the map, the figures, the units, the objectives and the log.

:class:`MainScreen` owns the game's keys and holds the latest snapshot in a reactive;
each panel is bound to it and redraws what changed. Keys that cannot act now are shown
greyed: ``o`` in the umpire's view, ``n`` and ``space`` once the scenario has ended.

Turns are played off the UI thread, one at a time, in a Textual thread worker; each
finished turn's snapshot goes into a queue and a :class:`TurnPlayed` message tells the
screen to show it. Everything else that touches the session (a change of view, an order,
the claims) first waits for the turns asked for before it and shows them, so the run is
the same as if every key had been handled in order on one thread: same keys, same run.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Static, TabbedContent, TabPane

from engine.orders import Order
from engine.snapshot import Snapshot, UnitView
from tui.claims_screen import ClaimsScreen
from tui.estimates_screen import EstimatesScreen
from tui.mapview import MapView
from tui.marks import TimelineMarks
from tui.order_screen import OrderScreen, brief
from tui.render import readable
from tui.session import Session
from tui.widgets import (
    LEGEND,
    EventLog,
    ObjectivesPanel,
    StatusPanel,
    UnitTable,
    where,
)

MIN_SIZE = (60, 20)
"""The smallest terminal (columns, rows) the screen can be used in; below it, a notice."""

MODES = {"replay": "Replay of the record", "free": "Free play (no historical orders)"}
"""How each mode is named on screen."""


def log_id(view: str | None) -> str:
    """The id of the log of *view*."""
    return f"log-{view or 'umpire'}"


class TurnPlayed(Message, bubble=False):
    """A turn has been played off the UI thread; its snapshot waits in the screen's queue."""


class MainScreen(Screen[None]):
    """Plays the session turn by turn and shows it as the umpire or one side sees it."""

    AUTO_FOCUS = "#units"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_turn", "Next turn", tooltip="Play one turn"),
        Binding("space", "toggle_play", "Play/pause",
                tooltip="Play turn after turn, or pause"),
        Binding("v", "cycle_view", "Switch view",
                tooltip="Show the run as the umpire, then as each side sees it"),
        Binding("o", "order", "Order",
                tooltip="Give an order to the unit under the cursor (a side's view)"),
        Binding("c", "claims", "Claims",
                tooltip="The claims made so far, beside the run's figures"),
        Binding("e", "estimates", "Estimates",
                tooltip="What the scenario estimates where the record is silent, and why"),
        Binding("g", "objectives", "Objectives",
                tooltip="Each side's objectives, or the units again"),
        Binding("m", "toggle_map", "Map",
                tooltip="Show the map on the whole screen, or the panels again"),
    ]

    snapshot: reactive[Snapshot] = reactive(cast(Snapshot, None), always_update=True,
                                            repaint=False,
                                            init=False)
    """The snapshot on screen (set before the screen is composed)."""
    playing: reactive[bool] = reactive(False, init=False, repaint=False)
    """True while turns play one after another."""
    map_full: reactive[bool] = reactive(False, init=False, repaint=False)
    """True while the map fills the screen."""

    def __init__(self, session: Session, *, seconds_per_turn: float = 1.5) -> None:
        super().__init__()
        self.session = session
        self.seconds_per_turn = seconds_per_turn
        """Pause between turns while playing, in seconds."""
        self._timer: Timer | None = None
        scenario = session.scenario
        self.names = {**{p.id: p.name for p in session.layout.places},
                      **{a.id: a.name for a in scenario.map.off_map}}
        """Place and off-map area ids to names."""
        self.all_names = {**self.names, **{u.id: u.name for u in scenario.units},
                          **{s.id: s.name for s in scenario.sides}}
        """Every id a refusal may name, to its name."""
        self._lock = threading.Lock()
        """Held while a turn is played: the session is not thread-safe."""
        self._count = threading.Lock()
        """Guards :attr:`_pending`."""
        self._pending = 0
        """Turns asked for and not yet played."""
        self._played: deque[Snapshot] = deque()
        """Snapshots of turns played and not yet shown, oldest first."""
        self.set_reactive(MainScreen.snapshot, session.update())
        self._claims: ClaimsScreen | None = None
        """The claims screen, kept once opened so that opening it again is quick."""
        self._keys_for: tuple[bool, bool] | None = None
        """Whether the keys were last set for the umpire, and for the end of the run."""

    def compose(self) -> ComposeResult:
        """Map left; figures and the units or objectives right; the view's log below."""
        session, scenario = self.session, self.session.scenario
        settings = " · ".join(
            [MODES.get(session.mode, session.mode),
             f"variant {session.variant}" if session.variant else "the record as written",
             f"seed {session.seed}"])
        colours = {s.id: s.colour for s in scenario.sides}
        marks = TimelineMarks(scenario)
        yield Header()
        yield Static(f"The window is too small: Salient needs at least {MIN_SIZE[0]} x "
                     f"{MIN_SIZE[1]} cells. Enlarge the window or make the font smaller.",
                     id="too-small")
        with Horizontal(id="top"):
            yield MapView(session.layout, id="map").data_bind(MainScreen.snapshot)
            with Vertical(id="side"):
                yield StatusPanel(scenario.sides, settings, turn_hours=scenario.metadata
                                  .turn_hours, turns=session.turns, id="status").data_bind(
                    MainScreen.snapshot, MainScreen.playing)
                yield Static(LEGEND, id="legend")
                with TabbedContent(id="panels", initial="units-tab"):
                    with TabPane("Units", id="units-tab"):
                        yield UnitTable(self.names, colours,
                                        frozenset(u.id for u in scenario.units if u.estimate),
                                        id="units").data_bind(MainScreen.snapshot)
                    with TabPane("Objectives (g)", id="objectives-tab"):
                        yield ObjectivesPanel(scenario.objectives, scenario.sides,
                                              self.names, id="objectives").data_bind(
                            MainScreen.snapshot)
        with ContentSwitcher(id="logs", initial=log_id(session.view)):
            for view in session.views:
                yield EventLog(view, marks, self.all_names, id=log_id(view)).data_bind(
                    MainScreen.snapshot)
        yield Footer()

    def on_mount(self) -> None:
        """Title the panels and set up the play timer, paused."""
        self.query_one(MapView).border_title = "Map"
        self.query_one("#logs").border_title = "Log"
        self._timer = self.set_interval(self.seconds_per_turn, self._tick, pause=True)
        self._shown()

    def on_resize(self, event: Resize) -> None:
        """Below the smallest usable size, show only the notice saying so."""
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        self.set_class(small, "-too-small")

    # -- what the keys may do now -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey the keys that cannot act now: orders for the umpire, turns after the end."""
        if action == "order" and self.session.view is None:
            return None
        if action in ("next_turn", "toggle_play") and self.snapshot.finished:
            return None
        return True

    # -- turns ------------------------------------------------------------------------

    def action_next_turn(self) -> None:
        """Ask for one more turn, played off the UI thread; it is shown when played."""
        if self.snapshot.finished:
            self.playing = False
            return
        with self._count:
            self._pending += 1
        self.run_worker(self._play_one, thread=True, group="turn", exit_on_error=True)

    def _take(self) -> bool:
        """Take one turn asked for, if any is left to play."""
        with self._count:
            if self._pending == 0:
                return False
            self._pending -= 1
            return True

    def _play_one(self) -> None:
        """In a worker thread: play a turn asked for (if another thread has not)."""
        with self._lock:
            if self._take():
                self._played.append(self.session.next_turn())
        self.post_message(TurnPlayed())

    @on(TurnPlayed)
    def _turn_played(self) -> None:
        self._show_played()

    def _show_played(self) -> None:
        """Show the turns played and not yet shown, in order."""
        while self._played:
            self._show(self._played.popleft())
        if self.snapshot.finished:
            self.playing = False

    def settle(self) -> Snapshot:
        """Play the turns asked for and not yet played, show them, return the snapshot.

        Called on the UI thread before anything else touches the session: after it, no
        thread plays a turn until another is asked for, so the session is the UI's alone.
        """
        with self._lock:
            while self._take():
                self._played.append(self.session.next_turn())
        self._show_played()
        return self.snapshot

    def action_toggle_play(self) -> None:
        """Start or stop playing turn after turn."""
        self.playing = not self.playing and not self.snapshot.finished

    def watch_playing(self, playing: bool) -> None:
        """Resume or pause the timer."""
        if self._timer is not None:
            (self._timer.resume if playing else self._timer.pause)()

    def _tick(self) -> None:
        if self._pending == 0:
            self.action_next_turn()

    # -- views ------------------------------------------------------------------------

    def action_cycle_view(self) -> None:
        """Show the run as the next view sees it; that view's log is kept, not rebuilt."""
        self.settle()
        self.session.cycle_view()
        self._show(self.session.update())

    def show_view(self, view: str | None) -> None:
        """Show the run as *view* sees it (None: the umpire)."""
        self.settle()
        while self.session.view != view:
            self.session.cycle_view()
        self._show(self.session.update())

    def _show(self, snapshot: Snapshot) -> None:
        """Put *snapshot* on every panel in one repaint."""
        with self.app.batch_update():
            self.query_one("#logs", ContentSwitcher).current = log_id(snapshot.side)
            self.snapshot = snapshot
            self._shown()

    def _shown(self) -> None:
        """Name the view; grey or restore keys when the view or the end changes."""
        self.app.sub_title = f"{self.session.view_name()} view"
        state = (self.snapshot.side is None, self.snapshot.finished)
        if state != self._keys_for:
            self._keys_for = state
            self.refresh_bindings()

    # -- orders -----------------------------------------------------------------------

    def action_order(self) -> None:
        """Open the order dialog for the unit under the cursor; play pauses meanwhile.

        Only a unit the screen shows can be ordered: with the objectives or the whole map
        in front of the list, ``o`` brings the list back instead.
        """
        self.playing = False
        snapshot = self.settle()
        if self.session.view is None:
            self.notify("The umpire gives no orders: switch to a side's view with v.",
                        severity="warning")
            return
        panels = self.query_one("#panels", TabbedContent)
        if self.map_full or panels.active != "units-tab":
            self.map_full = False
            panels.active = "units-tab"
            self.query_one(UnitTable).focus()
            self.notify("Choose a unit in the list, then press o.")
            return
        unit = self.selected_unit()
        if unit is None or unit.side != self.session.view:
            self.notify("Choose one of your own units in the list first.", severity="warning")
            return
        if unit.status in ("destroyed", "surrendered"):
            self.notify(f"{unit.name} is {unit.status} and takes no orders.",
                        severity="warning")
            return
        self.app.push_screen(OrderScreen(unit, brief(self.session, unit, snapshot)),
                             callback=self._give)

    def selected_unit(self) -> UnitView | None:
        """The unit under the cursor of the units list, as the view knows it."""
        key = self.query_one(UnitTable).selected
        return next((u for u in self.snapshot.units if u.id == key), None)

    def _give(self, order: Order | None) -> None:
        if order is None:
            return
        self.settle()
        reason = self.session.give(order)
        if reason is None:
            self.notify(f"Order given: {order.describe(self.session.name_of)}.",
                        title="Order")
        else:
            self.notify(f"Refused: {self.refusal(order, reason)}.", title="Order",
                        severity="error")
        self._show(self.session.update())

    def refusal(self, order: Order, reason: str) -> str:
        """The engine's *reason* for refusing *order*, with names for any ids left in it.

        The engine words its refusals with names and times (a unit not yet arrived says
        where and when it is due); ids a reason may quote back (a typed unknown id) stay.
        """
        return readable(reason, self.all_names)

    # -- other screens and panels -----------------------------------------------------

    def action_claims(self) -> None:
        """Open the claims made so far, beside the run's figures; play pauses meanwhile."""
        self.playing = False
        self.settle()
        checks, view = self.session.claims(), self.session.view_name()
        if self._claims is None:
            self._claims = ClaimsScreen(self.session.scenario, checks, view)
            self.app.install_screen(self._claims, "claims")
        else:
            self._claims.show(checks, view)
        self.app.push_screen("claims")

    def action_estimates(self) -> None:
        """Open what the scenario estimates, and why; play pauses meanwhile."""
        self.playing = False
        snapshot = self.settle()
        self.app.push_screen(EstimatesScreen(self.session.scenario, snapshot,
                                             self.session.view_name()))

    def action_objectives(self) -> None:
        """Show the objectives in place of the units, or the units again."""
        panels = self.query_one("#panels", TabbedContent)
        showing = panels.active == "objectives-tab"
        panels.active = "units-tab" if showing else "objectives-tab"
        if showing:
            self.query_one(UnitTable).focus()

    def action_toggle_map(self) -> None:
        """Show the map on the whole screen, or the panels again."""
        self.map_full = not self.map_full

    def watch_map_full(self, full: bool) -> None:
        """Hide or show the panels around the map."""
        self.set_class(full, "-map-full")

    def where(self, unit: UnitView) -> str:
        """Where *unit* is, in words."""
        return where(unit, self.names)

    def select(self, key: str) -> None:
        """Select ``unit:<id>`` in the units list, or the first unit at ``place:<id>``.

        A place also gets a line saying who holds it and which units the view knows there.
        """
        kind, _, some_id = key.partition(":")
        self.map_full = False
        self.query_one("#panels", TabbedContent).active = "units-tab"
        table = self.query_one(UnitTable)
        table.focus()
        units = [u.id for u in self.snapshot.units
                 if (u.id == some_id if kind == "unit" else u.place == some_id)]
        if kind == "place":
            holder = self.session.name_of(self.snapshot.control.get(some_id, "-"))
            here = ", ".join(self.session.name_of(u) for u in units) or "no unit the view knows"
            self.notify(f"{self.session.name_of(some_id)}: held by {holder}; {here}.",
                        title="Place")
        if units:
            table.move_cursor(row=table.get_row_index(units[0]), animate=False)
