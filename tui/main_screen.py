"""The main screen: the map, the figures, the units, the objectives and the log.

:class:`MainScreen` owns the game's keys and holds the latest snapshot in a reactive;
each panel is bound to it and redraws what changed. Keys that cannot act now are shown
greyed: ``o`` in the umpire's view, ``n`` and ``space`` once the scenario has ended.

Saves, going back and lines of play (``ctrl+s``, ``b``, ``G``) act on the session's record
and redraw every panel from the snapshot they return. In a two-team game ``n`` submits the
side's orders on the UI thread (the turn is played when both sides have), and a
:class:`~tui.handover_screen.HandoverScreen` hides the picture whenever the side at the
screen changes; the enemy's view cannot be reached and the umpire's only through ``U``.

Turns are played off the UI thread, one at a time, in a Textual thread worker; each
finished turn's snapshot goes into a queue and a :class:`TurnPlayed` message tells the
screen to show it. Everything else that touches the session (a change of view, an order,
the claims) first waits for the turns asked for before it and shows them, so the run is
the same as if every key had been handled in order on one thread: same keys, same run.
"""

from __future__ import annotations

import gc
import threading
from collections import deque
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    DataTable,
    Static,
    TabbedContent,
    TabPane,
)

from engine.orders import Order
from engine.snapshot import Snapshot, UnitView
from tui.footer import SteadyFooter
from tui.header import SteadyHeader
from tui.mapview import MapView
from tui.marks import TimelineMarks
from tui.render import readable
from tui.session import Session
from tui.widgets import (
    LEGEND,
    EventLog,
    ObjectivesPanel,
    StatusPanel,
    UnitLine,
    UnitTable,
    standing_order,
    where,
)

if TYPE_CHECKING:
    from tui.claims_screen import ClaimsScreen

# The screens the keys open, and tui.record_keys with its own, are imported when first
# opened, not before the first frame: the first paint waits for every module imported here.

MIN_SIZE = (60, 20)
"""The smallest terminal (columns, rows) the screen can be used in; below it, a notice."""

LOOK_AHEAD_AFTER = 0.05
"""Seconds after a turn is shown before the other views' pictures are worked out: past
the frame that draws the turn (Textual draws at most every 1/60 s once idle)."""

MODES = {"replay": "Replay (historical orders given)", "free": "Free play (no historical orders)"}
"""How each mode is named on screen."""


TEAMS_ONLY = frozenset({"submit", "back_to_side", "one_view", "umpire"})
"""Actions of a two-team game only (hidden in any other)."""
NOT_WITH_TEAMS = frozenset({"next_turn", "toggle_play", "cycle_view"})
"""Actions a two-team game does not have: its keys do something else there, or nothing."""


class TurnPlayed(Message, bubble=False):
    """A turn has been played off the UI thread; its snapshot waits in the screen's queue."""


class MainScreen(Screen[None]):
    """Plays the session turn by turn and shows it as the umpire or one side sees it."""

    AUTO_FOCUS = "#units"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_turn", "Next turn", tooltip="Play one turn"),
        Binding("n", "submit", "Submit orders",
                tooltip="Two-team game: this side's orders are done; the turn is played "
                "once both sides have submitted"),
        Binding("space", "toggle_play", "Play/pause",
                tooltip="Play turn after turn, or pause"),
        Binding("v", "cycle_view", "View",
                tooltip="Show the run as the umpire, then as each side sees it"),
        Binding("v", "back_to_side", "Back to the side",
                tooltip="Two-team game: leave the umpire's view for the side at play, "
                "behind the hand-over screen"),
        Binding("v", "one_view", "View", show=False),
        Binding("o", "order", "Order",
                tooltip="Give an order to the unit under the cursor (a side's view)"),
        Binding("m", "toggle_map", "Map",
                tooltip="Show the map on the whole screen, or the panels again"),
        Binding("c", "claims", "Claims",
                tooltip="The claims made so far, beside the run's figures"),
        Binding("d", "debrief", "Debrief",
                tooltip="Ground and losses over time with the claims, and the key moments"),
        Binding("b,backspace", "back", "Back a turn",
                tooltip="Go back one turn (the turns after it stay on the line)"),
        Binding("G", "game", "Game",
                tooltip="The lines of play and bookmarks: go to any past turn, bookmark "
                "the turn, branch from it"),
        Binding("U", "umpire", "Umpire view",
                tooltip="Open the umpire's view (two-team game): asks first; the opening "
                "is kept in the save"),
        Binding("i", "inject", "Inject event",
                tooltip="As the umpire, put an event in the log, seen by one side or all"),
        Binding("p", "control", "Place control",
                tooltip="As the umpire, hand a place to a side"),
        Binding("g", "objectives", "Objectives",
                tooltip="Each side's objectives, or the units again"),
        Binding("e", "estimates", "Estimates",
                tooltip="What the scenario estimates where the record is silent, and why"),
        Binding("l", "log", "Log", show=False,
                tooltip="Put the cursor in the log: up and down choose an entry, Enter "
                "explains it"),
        Binding("x", "cancel_order", "Cancel order", show=False,
                tooltip="The unit under the cursor holds where it is: its standing order "
                "ends (in a replay, the record's orders no longer move it)"),
        Binding("ctrl+s", "save", "Save", show=False,
                tooltip="Save the game now (it is also saved after every turn)"),
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
        self.set_reactive(MainScreen.snapshot, session.snapshot())  # the whole log, even
        session.update()  # of a game loaded or played on before the app opened; then the
        # session hands out only what comes after it
        self._claims: ClaimsScreen | None = None
        """The claims screen, kept once opened so that opening it again is quick."""
        self._keys_for: tuple[bool, bool] | None = None
        """Whether the keys were last set for the umpire, and for the end of the run."""
        self._at_screen: str | None = None
        """In a two-team game, the side whose picture was last shown (None: the umpire
        or nobody yet); a change to another side brings up the hand-over screen."""
        self._note = ""
        """What the next hand-over screen says happened (a submission, a turn played)."""
        self._described: UnitLine | None = None
        """The line on the unit under the cursor, as last shown."""

    def compose(self) -> ComposeResult:
        """Map left; figures and the units or objectives right; the view's log below."""
        session, scenario = self.session, self.session.scenario
        settings = " · ".join(
            [MODES.get(session.mode, session.mode),
             f"variant {session.variant}" if session.variant else "no variant",
             f"seed {session.seed}"])
        colours = {s.id: s.colour for s in scenario.sides}
        marks = TimelineMarks(scenario)
        yield SteadyHeader()
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
                        yield Static(id="unit-details")
                    with TabPane("Objectives (g)", id="objectives-tab"):
                        yield ObjectivesPanel(scenario.objectives, scenario.sides,
                                              self.names, id="objectives").data_bind(
                            MainScreen.snapshot)
        with Container(id="logs"):
            views = dict.fromkeys((*session.views, None))  # the umpire's too, with teams
            yield EventLog(tuple(views), session.view, marks, self.all_names, id="log")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Title the panels and set up the play timer, paused; freeze what is built.

        Once the screen is drawn, everything built so far (the scenario, the map's layers,
        the widgets: some 200,000 objects) is moved out of the garbage collector's sight
        (:func:`gc.freeze`), so a full collection, which otherwise stops a turn for 70 to
        100 ms every few turns, looks only at what was made since.
        """
        self.query_one(MapView).border_title = "Map"
        self.query_one("#logs").border_title = "Log"
        self._timer = self.set_interval(self.seconds_per_turn, self._tick, pause=True)
        self._feed_logs(self.snapshot, others=True)
        self._shown()
        self._describe()
        if self.session.teams:
            self._hand_over(self.snapshot)
        self.call_after_refresh(gc.freeze)

    def on_unmount(self) -> None:
        """Let the garbage collector look at what :meth:`on_mount` froze again."""
        gc.unfreeze()

    def on_resize(self, event: Resize) -> None:
        """Below the smallest usable size, show only the notice saying so."""
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        self.set_class(small, "-too-small")

    # -- what the keys may do now -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey the keys that cannot act now, hide those that never can here.

        Orders are greyed for the umpire, turns after the end. A two-team game has no
        continuous play; its ``n`` submits the side's orders (greyed in the umpire's view)
        and its ``v`` only goes back from the umpire's view to the side at play. The
        umpire's actions show only in the umpire's view in a two-team game (greyed in a
        side's view otherwise); ``U`` shows only in a two-team game (elsewhere ``v``
        reaches it).
        """
        umpire, teams = self.session.view is None, self.session.teams
        if action in TEAMS_ONLY and not teams or action in NOT_WITH_TEAMS and teams:
            return False
        if action in ("order", "cancel_order") and umpire:
            return None
        if action in ("next_turn", "submit", "toggle_play") and (self.snapshot.finished or
                                                                 (teams and umpire)):
            return None
        if action in ("inject", "control") and not umpire:
            return False if teams else None
        if action == "umpire":
            return None if umpire else True
        if action == "one_view":
            return not umpire
        if action == "back_to_side":
            return umpire
        return True

    # -- turns ------------------------------------------------------------------------

    def action_next_turn(self) -> None:
        """Ask for one more turn, played off the UI thread; it is shown when played.

        In a two-team game, submit the side's orders instead (:meth:`submit`).
        """
        if self.session.teams:
            self.submit()
            return
        if self.snapshot.finished:
            self.playing = False
            return
        with self._count:
            self._pending += 1
        self.run_worker(self._play_one, thread=True, group="turn", exit_on_error=True)

    def action_submit(self) -> None:
        """Two-team game: submit the side's orders (:meth:`submit`)."""
        self.submit()

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
        self.set_timer(LOOK_AHEAD_AFTER, self._look_ahead, name="look-ahead")

    def _look_ahead(self) -> None:
        """Once a turn is on screen, work out the other views' pictures off the UI thread.

        A side's picture of the enemy is worked out when first asked for, looking back over
        every detection since it was last asked (:mod:`engine.detection`): at the end of a
        run, up to 100 ms for the view ``v`` shows next. Working it out after each turn,
        in a worker once the turn has been drawn (:data:`LOOK_AHEAD_AFTER`), leaves ``v``
        only the last turn's share. The other views' pages of the log are fed then too
        (:meth:`_feed_logs`), out of the turn's frame. Nothing is done while another turn
        is waiting.
        """
        if self._pending == 0 and not self.session.teams:
            self._feed_logs(self.snapshot, others=True)
            self.run_worker(self._warm, thread=True, group="warm", exit_on_error=True)

    def _warm(self) -> None:
        """In a worker thread: the other sides' pictures now, unless a turn is waiting."""
        with self._lock:
            if self._pending == 0:
                self.session.look_ahead()

    def _show_played(self) -> None:
        """Show the turns played and not yet shown, in order."""
        while self._played:
            self.show(self._played.popleft())
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

    # -- two teams ----------------------------------------------------------------------

    def submit(self) -> None:
        """Two-team game: the side at the screen submits its orders for the turn.

        Done on the UI thread (the engine's turn takes milliseconds), so no second ``n``
        can submit for the next side before it has been handed the keyboard. The turn is
        played once both sides have submitted; then, or after the first side, the
        hand-over screen comes up before the next side's picture.
        """
        self.playing = False
        before = self.settle()
        if self.session.view is None:
            self.notify("The umpire submits no orders: v goes back to the side at play.",
                        severity="warning")
            return
        if before.finished:
            return
        side, line = self.session.view_name(), self.session.line
        snapshot = self.session.next_turn()
        self.say_if_forked(line)
        turn = self.session.played(snapshot)
        self._note = (f"{side} has submitted its orders; turn {turn} has been played."
                      if turn > self.session.played(before) else
                      f"{side} has submitted its orders for turn {turn + 1}.")
        self.show(snapshot)

    def _hand_over(self, snapshot: Snapshot) -> None:
        """Two-team game: hide the screen until the side of *snapshot* is at it.

        The messages still on screen (an order given, a refusal, what the umpire did) go
        with the side or the umpire that was told them.
        """
        side = snapshot.side
        if side is None:
            self._at_screen = None
            return
        if side == self._at_screen:
            return
        self._at_screen = side
        self.app.clear_notifications()  # what the last side was told is not for the next
        note, self._note = self._note, ""
        from tui.handover_screen import HandoverScreen  # imported when first opened

        self.app.push_screen(HandoverScreen(self.session.view_name(side),
                                            self.session.played(snapshot) + 1, note))

    # -- views ------------------------------------------------------------------------

    def action_cycle_view(self) -> None:
        """Show the run as the next view sees it; that view's log is kept, not rebuilt.

        In a two-team game the enemy's view cannot be reached: ``v`` only says so, or
        goes back from the umpire's view to the side at play.
        """
        self.settle()
        if self.session.teams and self.session.view is not None:
            self.notify("In a two-team game each side sees only its own view. The umpire's "
                        "view opens with U.", severity="warning")
            return
        self.session.cycle_view()
        self.show(self.session.update())

    def action_back_to_side(self) -> None:
        """Two-team game: from the umpire's view, back to the side at play."""
        self.action_cycle_view()

    def action_one_view(self) -> None:
        """Two-team game, a side's view: say why ``v`` shows no other view."""
        self.notify("In a two-team game each side sees only its own view. The umpire's "
                    "view opens with U.", severity="warning")

    def show_view(self, view: str | None) -> None:
        """Show the run as *view* sees it (None: the umpire); not in a two-team game."""
        self.settle()
        if self.session.teams:
            return
        while self.session.view != view:
            self.session.cycle_view()
        self.show(self.session.update())

    def show(self, snapshot: Snapshot) -> None:
        """Put *snapshot* on every panel in one repaint.

        In a two-team game a change of the side at the screen first brings up the
        hand-over screen, so the new side's picture is drawn behind it.
        """
        if self.session.teams:
            self._hand_over(snapshot)
        with self.app.batch_update():
            self.query_one(EventLog).show_page(snapshot.side)
            self.query_one(StatusPanel).line = self.session.line
            self.snapshot = snapshot
            self._feed_logs(snapshot)
            self._describe()
            self._shown()  # last: see its docstring

    def _feed_logs(self, snapshot: Snapshot, *, others: bool = False) -> None:
        """Give the shown view's page of the log the entries it may see and has not had yet.

        With *others*, every view's page: the others are kept written too (after each
        turn, :meth:`_look_ahead`; the log draws only the lines it shows), so ``v`` finds
        its page ready. In a two-team game only the shown view's page is ever fed: the
        others are not written before they are shown.
        """
        log, length = self.query_one(EventLog), self.session.log_length
        for page in log.pages.values():
            if page.view != snapshot.side and (self.session.teams or not others):
                continue
            if page.upto > length:  # the run went back in time: write the page again
                log.restart(page.view)
            entries, page.upto = self.session.log_of(page.view, page.upto)
            log.add(page.view, entries, snapshot)

    def reload(self, snapshot: Snapshot, message: str) -> None:
        """Show *snapshot*, which holds the view's whole log, after the run went elsewhere.

        Every view's log is emptied and written again from the run's log.
        """
        self.query_one(EventLog).clear()
        self.show(snapshot)
        self._feed_logs(snapshot, others=True)
        self.notify(message, title="Game")

    def _shown(self) -> None:
        """Name the view; grey or restore keys when the view or the end changes.

        The header and the footer are updated here, in the frame being prepared: Textual
        has them follow the title and the bindings a step later, which costs a frame of
        its own (their later update then finds nothing to change). A new sub-title repaints
        the whole screen, after the widgets changed before it: it comes last, or the
        widgets changed after it would wait for another frame.
        """
        state = (self.snapshot.side is None, self.snapshot.finished)
        if state != self._keys_for:
            self._keys_for = state
            self.query_one(SteadyFooter).grey_in_place(self)
            self.refresh_bindings()
        sub_title = f"{self.session.view_name()} view"
        if sub_title != self.app.sub_title:
            self.query_one(SteadyHeader).show_title(sub_title)
            self.app.sub_title = sub_title

    # -- orders -----------------------------------------------------------------------

    def action_order(self) -> None:
        """Open the order dialog for the unit under the cursor; play pauses meanwhile.

        Only a unit the screen shows can be ordered: with the objectives or the whole map
        in front of the list, or the focus elsewhere (the log), ``o`` brings the list back
        and puts the focus in it instead.
        """
        self.playing = False
        snapshot = self.settle()
        if self.session.view is None:
            self.notify("The umpire gives no orders: switch to a side's view with v.",
                        severity="warning")
            return
        panels = self.query_one("#panels", TabbedContent)
        if self.map_full or panels.active != "units-tab" or \
                not self.query_one(UnitTable).has_focus:
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
        from tui.order_screen import OrderScreen, brief  # imported when first opened

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
        line = self.session.line
        reason = self.session.give(order)
        self.say_if_forked(line)
        if reason is None:
            self.notify(f"Order given: {order.describe(self.session.name_of)}"
                        + ("; it goes out when both sides have submitted (n)"
                           if self.session.teams else "") + ".", title="Order")
        else:
            self.notify(f"Refused: {self.refusal(order, reason)}.", title="Order",
                        severity="error")
        self.show(self.session.update())

    def say_if_forked(self, line: str) -> None:
        """Say so when what was just done, at a past turn of *line*, started a new line.

        The old line went on past this turn and is kept as it was (:mod:`tui.session`);
        without a word the class played on another line than it thought.
        """
        session = self.session
        if session.line != line:
            self.notify(f"This starts a new line of play, {session.line}, from turn "
                        f"{session.position}; line {line}, played on past it, is kept "
                        "(G lists the lines).", title="Game")

    def refusal(self, order: Order, reason: str) -> str:
        """The engine's *reason* for refusing *order*, with names for any ids left in it.

        The engine words its refusals with names and times (a unit not yet arrived says
        where and when it is due); ids a reason may quote back (a typed unknown id) stay.
        """
        return readable(reason, self.all_names)

    def action_cancel_order(self) -> None:
        """The unit under the cursor holds: its standing order ends (an order to hold)."""
        self.playing = False
        self.settle()
        unit = self.selected_unit()
        view = self.session.view
        if view is None or unit is None or unit.side != view:
            self.notify("Choose one of your own units in the list first.", severity="warning")
            return
        if unit.status in ("destroyed", "surrendered"):
            self.notify(f"{unit.name} is {unit.status}.", severity="warning")
            return
        line = self.session.line
        reason = self.session.give(Order(unit.id, "hold"))
        self.say_if_forked(line)
        if reason is not None:
            self.notify(f"Refused: {readable(reason, self.all_names)}.", title="Order",
                        severity="error")
        else:
            self.notify(f"{unit.name} holds: its standing order is cancelled"
                        + (" once both sides have submitted" if self.session.teams else "")
                        + ("; the record's orders no longer move it"
                           if self.session.mode == "replay" else "") + ".",
                        title="Order")
        self.show(self.session.update())

    @on(DataTable.RowHighlighted, "#units")
    def _unit_highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """Say what the unit under the cursor is doing: its standing order, or its sighting."""
        unit, view = self.selected_unit(), self.session.view
        given = None
        if self.session.teams and view is not None and unit is not None:
            given = next((o.describe(self.session.name_of)
                          for o in reversed(self.session.pending(view)) if o.unit == unit.id),
                         None)
        text = standing_order(unit, self.snapshot.side, self.names, self.snapshot.hours, given)
        if text != self._described:  # the same line again (most turns) costs no repaint
            self._described = text
            self.query_one("#unit-details", Static).update(text, layout=False)  # one line

    # -- the record and the umpire (tui.record_keys) --------------------------------------

    def action_back(self) -> None:
        """Go back one turn on the line played; the turns after it stay on the line."""
        from tui import record_keys  # imported when first used

        record_keys.back(self)

    def action_game(self) -> None:
        """Open the lines of play and bookmarks."""
        from tui import record_keys  # imported when first used

        record_keys.open_game(self)

    def action_save(self) -> None:
        """Save the game: to its file, its autosave, or else into the games folder."""
        from tui import record_keys  # imported when first used

        record_keys.save(self)

    def action_umpire(self) -> None:
        """Open the umpire's view: straight away, or after a confirmation with two teams."""
        from tui import record_keys  # imported when first used

        record_keys.open_umpire_view(self)

    def action_inject(self) -> None:
        """As the umpire, ask for an event to inject into the log."""
        from tui import record_keys  # imported when first used

        record_keys.ask_inject(self)

    def action_control(self) -> None:
        """As the umpire, ask for a place and the side to hand it to."""
        from tui import record_keys  # imported when first used

        record_keys.ask_control(self)

    # -- other screens and panels -----------------------------------------------------

    def action_debrief(self) -> None:
        """Open the debrief of the game so far, for the view shown; play pauses meanwhile.

        In a two-team game a side sees its own debrief until the game has finished; then,
        or in the umpire's view, the umpire's full debrief.
        """
        self.playing = False
        snapshot = self.settle()
        umpire = self.session.teams and snapshot.finished
        from tui.debrief_screen import DebriefScreen, for_session  # imported when first opened

        self.app.push_screen(DebriefScreen(for_session(self.session, umpire=umpire),
                                           self.session.title))

    def action_log(self) -> None:
        """Put the focus on the view's log, whose cursor chooses an entry to explain."""
        self.map_full = False
        self.query_one(EventLog).focus()

    @on(EventLog.Chosen)
    def _explain(self, event: EventLog.Chosen) -> None:
        """Open the explanation of the chosen entry, as the log's view was shown it."""
        self.playing = False
        from engine.explain import explain  # imported when first used
        from tui.explain_screen import ExplainScreen

        self.app.push_screen(ExplainScreen(explain(event.entry, self.session.scenario)))

    def action_claims(self) -> None:
        """Open the claims made so far, beside the run's figures; play pauses meanwhile."""
        self.playing = False
        self.settle()
        checks, view = self.session.claims(), self.session.view_name()
        if self._claims is None:
            from tui.claims_screen import ClaimsScreen  # imported when first opened

            self._claims = ClaimsScreen(self.session.scenario, checks, view)
            self.app.install_screen(self._claims, "claims")
        else:
            self._claims.show(checks, view)
        self.app.push_screen("claims")

    def action_estimates(self) -> None:
        """Open what the scenario estimates, and why; play pauses meanwhile."""
        self.playing = False
        snapshot = self.settle()
        from tui.estimates_screen import EstimatesScreen  # imported when first opened

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
        """Hide or show the panels around the map; the keys go to the map while it is alone.

        The list hidden, nothing had the focus and the map's zoom and pan keys did nothing
        (the map never takes a screen's first focus); back to the panels, the map gives
        the keys back to the list.
        """
        self.set_class(full, "-map-full")
        view = self.query_one(MapView)
        if full:
            view.focus()
        elif view.has_focus or self.focused is None:
            self.query_one(UnitTable).focus()

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
