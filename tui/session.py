"""A class session: one simulation, the view being shown, turn-by-turn play, and its record.

The app holds a :class:`Session` and asks it for :class:`~engine.snapshot.Snapshot`
values; it never reaches into the simulation. The session knows no Textual, so it can be
driven and tested on its own.

Every turn played, every order given and every umpire intervention is recorded in the
session's :class:`~engine.game.Game` (see :mod:`engine.game`), which is what is saved.
Because a game is its log, the session can go back: :meth:`Session.goto` and
:meth:`Session.rewind` rebuild the run at a past turn by replaying the line. Playing on
from a past turn follows the line's recorded actions; doing anything new there (an
order, an umpire intervention) starts a new line from that turn, so the old line is kept
as it was (:meth:`Session.branch` does the same under a chosen name).

Two teams (WEGO, ``teams=True``): each side in turn gives its orders for the turn and
submits them (:meth:`Session.submit`); orders wait until both have submitted, then are
applied at the same instant in the scenario's order of sides (so the order in which the
teams submitted changes nothing) and the turn is played. The view is always the side
whose turn it is at the screen; the umpire's view opens only through
:meth:`Session.umpire_view`, which is recorded in the game and kept in its save, and the
other side's view cannot be reached at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from engine import game as record
from engine import saves
from engine.claims import ClaimCheck, claim_checks
from engine.game import Bookmark, ControlChange, Game, GivenOrder, Inject, Line, UmpireLook
from engine.layout import MapLayout
from engine.log import LogEntry
from engine.orders import Order, check_places, check_unit
from engine.simulation import Mode, Simulation
from engine.snapshot import Snapshot
from scenario.errors import OrderError, SaveError
from scenario.loader import load
from scenario.models import Scenario

Action = GivenOrder | Inject | ControlChange


class Session:
    """Plays *scenario* turn by turn, shows it as the umpire or one side sees it, records it.

    Args:
        scenario: the scenario to play.
        seed, variant, mode: the run's settings (see :class:`~engine.simulation.Simulation`).
        view: whose view to open with (None: the umpire); in a two-team game, the side
            that gives its orders first each turn (the first side by default).
        teams: a two-team (WEGO) game (see the module).
        source: the scenario's file, whose text the record keeps; without it the game is
            recorded (rewind and branches work) but cannot be saved.
        autosave: a folder to save the game into after every turn played (one file per
            game, ``<game id>.json``); None for no autosave.
        game: a recorded game to continue (used by :meth:`load`).
    """

    def __init__(self, scenario: Scenario, *, seed: int | None = None,
                 variant: str | None = None, mode: Mode = "replay",
                 view: str | None = None, teams: bool = False, source: Path | None = None,
                 autosave: Path | None = None, game: Game | None = None) -> None:
        self.given = scenario
        """The scenario as given (before any variant): what a replay of the record starts
        from (:attr:`scenario` is the one run, with its variant)."""
        self.sim = Simulation(scenario, seed=seed, variant=variant, mode=mode)
        self.layout: MapLayout = self.sim.layout()
        """The map's fixed drawing."""
        self.teams = teams
        """True in a two-team (WEGO) game."""
        sides = tuple(s.id for s in self.sim.scenario.sides)
        self.views: tuple[str | None, ...] = sides if teams else (None, *sides)
        """Who the session can show the run as: the umpire (None), then each side; in a
        two-team game the sides only (the umpire's view is :meth:`umpire_view`)."""
        if view is not None and view not in sides:
            raise ValueError(f"unknown view {view!r}")
        self._first = view if view is not None or not teams else sides[0]
        """In a two-team game, the side that gives its orders first each turn."""
        self._view = self._first
        self._shown = 0
        """Log entries already handed out by :meth:`update`."""
        texts = record.read_texts(source) if source is not None and game is None else None
        self.game: Game = game or record.new_game(self.sim, texts, teams=teams)
        """The record of the game: everything needed to play it again."""
        self.line = self.game.current
        """Name of the line being played."""
        self.position = 0
        """Turn of the line the run stands at."""
        self._applied = 0
        """How many of the line's actions at :attr:`position` the run has had."""
        self.autosave = autosave
        """Folder the game is saved into after every turn (None: no autosave)."""
        self.path: Path | None = None
        """File the game was last saved to or loaded from."""
        self._dirty = False
        self._pending: dict[str, list[Order]] = {s: [] for s in sides}
        """In a two-team game, the orders each side has given this turn."""
        self._submitted: list[str] = []
        """In a two-team game, the sides that have submitted this turn, in order."""

    # -- what the app reads ------------------------------------------------------------

    @property
    def title(self) -> str:
        """The scenario's title."""
        return self.sim.scenario.metadata.title

    @property
    def turns(self) -> int:
        """Number of turns from the start to the end of the scenario."""
        return int(-(-self.sim.end_hours // self.sim.scenario.metadata.turn_hours))

    @property
    def view(self) -> str | None:
        """Whose knowledge is shown: None for the umpire, or a side id."""
        return self._view

    @view.setter
    def view(self, view: str | None) -> None:
        if view is not None and view not in self._sides:
            raise ValueError(f"unknown view {view!r}")
        if self.teams and view != self.at_play:
            raise OrderError("in a two-team game the view is the side at play; the umpire's "
                             "view opens only through the umpire action")
        self._view = view
        self._shown = 0

    @property
    def _sides(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sim.scenario.sides)

    def played(self, snapshot: Snapshot) -> int:
        """Turns played by the time of *snapshot* (the last one may be short)."""
        return int(-(-round(snapshot.hours, 6) // self.sim.scenario.metadata.turn_hours))

    def view_name(self, view: str | None = None) -> str:
        """``Umpire`` or the name of a side (the current view by default)."""
        view = self.view if view is None else view
        names = {s.id: s.name for s in self.sim.scenario.sides}
        return "Umpire" if view is None else names[view]

    def snapshot(self, since: int = 0) -> Snapshot:
        """What the current view knows now, with log entries numbered *since* and later."""
        return self.sim.snapshot(self.view, since)

    def update(self) -> Snapshot:
        """The snapshot now, with the log entries not handed out before."""
        snapshot = self.snapshot(since=self._shown)
        self._shown = len(self.sim.log.entries)
        return snapshot

    def look_ahead(self) -> None:
        """Work out now what the other sides see, so that showing their view later is quick.

        Reading a side's picture never changes the run (:mod:`engine.detection`); it keeps
        what it worked out, which a snapshot of that side later starts from.
        """
        since = len(self.sim.log.entries)
        for side in self._sides:
            if side != self.view:
                self.sim.snapshot(side, since)

    @property
    def log_length(self) -> int:
        """Number of entries in the run's log."""
        return len(self.sim.log.entries)

    def log_of(self, view: str | None, since: int) -> tuple[tuple[LogEntry, ...], int]:
        """The log entries from number *since* on that *view* may see, as it sees them.

        Also the number of entries in the run's log, where the next call may start. The
        same entries as a snapshot of *view* holds (:func:`engine.views.build_snapshot`),
        for any view, without building the rest of a snapshot.
        """
        log = self.sim.log
        return (tuple(e.seen_by(view) for e in log.since(since) if e.visible_to(view)),
                len(log.entries))

    def claims(self) -> tuple[ClaimCheck, ...]:
        """Claims made by now, each with the run's figure as the current view knows it."""
        return claim_checks(self.sim, self.view)

    def time_at(self, hours: float) -> dt.datetime:
        """Local date and time of *hours* since the start."""
        return self.sim.time_at(hours)

    def cycle_view(self) -> str | None:
        """Show the next view (umpire, then each side in turn) and return it.

        In a two-team game the view stays the side at play (from the umpire's view, it
        goes back to that side): the other side's view cannot be reached.
        """
        if self.teams:
            self._view = self.at_play
        else:
            self._view = self.views[(self.views.index(self.view) + 1) % len(self.views)]
        self._shown = 0
        return self.view

    # -- playing -----------------------------------------------------------------------

    def next_turn(self) -> Snapshot:
        """Play one turn; the snapshot holds the log entries not handed out before.

        From a past turn, the line's recorded actions of that turn are given again first.
        In a two-team game this submits the orders of the side at play
        (:meth:`submit`); the turn is played once both sides have.
        """
        if self.teams:
            if self.view is not None and not self.sim.finished:
                self.submit(self.view)
            return self.update()
        self._play_turn()
        return self.update()

    def give(self, order: Order) -> str | None:
        """Give *order* for the side whose view is shown; the reason if it is refused.

        In a two-team game the order waits until both sides have submitted; it is
        checked now for what can be checked (the unit, the places).
        """
        if self.view is None:
            return "the umpire gives no orders; switch to a side's view (v) to give them"
        if self.teams:
            return self._queue(order, self.view)
        return self._do(GivenOrder.of(order, self.view, self.position, self.sim.now))

    def inject(self, text: str, sides: tuple[str, ...] = ()) -> str | None:
        """As the umpire, inject the event *text*, seen by *sides* (all when empty).

        Returns the reason if it is refused. Recorded, and kept in the save.
        """
        return self._do(Inject(turn=self.position, hours=round(self.sim.now, 6),
                               text=text.strip(), sides=sides))

    def set_control(self, place: str, side: str) -> str | None:
        """As the umpire, hand *place* to *side* now; the reason if it is refused.

        Recorded, and kept in the save.
        """
        return self._do(ControlChange(turn=self.position, hours=round(self.sim.now, 6),
                                      place=place, side=side))

    def _do(self, action: Action) -> str | None:
        """Record *action* on the current line (branching if the line goes on) and do it."""
        line = self._current()
        if self._behind(line):
            line = self._fork(self.game.free_name(f"{line.name}@{self.position}"))
        self.game = self.game.with_line(line.model_copy(
            update={"actions": (*line.actions, action)}))
        self._applied += 1
        self._dirty = True
        return record.perform(self.sim, action)

    def _play_turn(self) -> None:
        """Play one turn on the current line: the line's remaining actions, then advance."""
        if self.sim.finished:
            return
        line = self._current()
        for action in line.at(self.position)[self._applied:]:
            record.perform(self.sim, action)
        self.sim.advance_turn()
        self.position += 1
        self._applied = 0
        if line.played < self.position:
            self.game = self.game.with_line(line.model_copy(update={"played": self.position}))
            self._dirty = True
        self._autosave()

    def _current(self) -> Line:
        return self.game.line(self.line)

    def _behind(self, line: Line) -> bool:
        """True if *line* goes on past where the run stands."""
        return line.played > self.position or len(line.at(self.position)) > self._applied

    def _fork(self, name: str) -> Line:
        """Start line *name* from where the run stands; the old line is kept as it was."""
        line = self._current().cut(name, self.position, self._applied)
        self.game = self.game.with_line(line)
        self.line = name
        self._dirty = True
        return line

    # -- two teams ------------------------------------------------------------------------

    @property
    def at_play(self) -> str:
        """In a two-team game, the side at the screen: the first not yet submitted."""
        sides = self._sides
        start = sides.index(self._first) if self._first in sides else 0
        order = sides[start:] + sides[:start]
        return next((s for s in order if s not in self._submitted), order[0])

    @property
    def submitted(self) -> tuple[str, ...]:
        """Sides that have submitted their orders this turn, in the order they did."""
        return tuple(self._submitted)

    def pending(self, side: str) -> tuple[Order, ...]:
        """Orders *side* has given this turn, not yet applied (two-team game)."""
        return tuple(self._pending[side])

    def _queue(self, order: Order, side: str) -> str | None:
        if side in self._submitted:
            return f"{self.view_name(side)} has already submitted its orders for this turn"
        try:
            check_unit(order, side, self.sim.units, functools.partial(self.sim.knows, side))
            check_places(order, set(self.sim.control) |
                         {a.id for a in self.sim.scenario.map.off_map})
        except OrderError as exc:
            return str(exc)
        self._pending[side].append(order)
        self._dirty = True
        return None

    def submit(self, side: str) -> bool:
        """*side* has given its orders for this turn; True if that played the turn.

        The view passes to the side still to give its orders; once both have submitted,
        every order is applied at the same instant, in the scenario's order of sides and
        each side's orders in the order given, and the turn is played. From a past turn,
        orders other than those the line recorded there start a new line.

        Raises:
            OrderError: not a two-team game, or *side* is not the side at play.
        """
        if not self.teams:
            raise OrderError("only a two-team game has orders to submit")
        if side != self.at_play or self.view is None:
            raise OrderError(f"it is {self.view_name(self.at_play)}'s turn at the screen, "
                             f"not {side!r}'s")
        self._submitted.append(side)
        if len(self._submitted) < len(self._sides):
            self._view, self._shown = self.at_play, 0
            return False
        given = [GivenOrder.of(order, each, self.position, self.sim.now)
                 for each in self._sides for order in self._pending[each]]
        line = self._current()
        if not self._behind(line) or list(line.at(self.position)[self._applied:]) != given:
            if self._behind(line):
                self._fork(self.game.free_name(f"{line.name}@{self.position}"))
            for action in given:
                self._do(action)
        self._play_turn()  # gives the line's recorded orders when it follows the line
        self._new_turn()
        return True

    def _new_turn(self) -> None:
        self._pending = {s: [] for s in self._sides}
        self._submitted = []
        self._view, self._shown = (self.at_play if self.teams else self._view), 0

    def umpire_view(self) -> Snapshot:
        """Open the umpire's view (everything, both sides); return its snapshot.

        In a two-team game this is recorded in the game (line, turn and time) and kept in
        its save; :meth:`cycle_view` goes back to the side at play.
        """
        if self.teams:
            self.game = self.game.with_look(UmpireLook(
                line=self.line, turn=self.position, hours=round(self.sim.now, 6),
                at=dt.datetime.now(dt.UTC).replace(microsecond=0)))
            self._dirty = True
        self._view, self._shown = None, 0
        return self.update()

    # -- going back, lines and bookmarks --------------------------------------------------

    def goto(self, turn: int) -> Snapshot:
        """Bring the run to *turn* of the current line by replaying it.

        Returns the snapshot there with the whole log (``log_from`` 0): whatever shows
        the run should redraw from it.

        Before the line's end the run stands at the start of *turn* (as a fresh run
        stopped there); at the line's end it also has the orders given there. Orders of
        a two-team turn not yet played are dropped.

        Raises:
            SaveError: the line has not reached *turn*.
        """
        self.sim = record.replay(self.given, self.game, self.line, turn)
        line = self._current()
        self.position = turn
        self._applied = len(line.at(turn)) if turn == line.played else 0
        self._new_turn()
        return self.update()

    def rewind(self, turns: int = 1) -> Snapshot:
        """Go back *turns* turns (not before the start) on the current line."""
        return self.goto(max(0, self.position - turns))

    def switch(self, line: str, turn: int | None = None) -> Snapshot:
        """Play on line *line*, at *turn* (its end by default).

        Raises:
            SaveError: there is no such line, or it has not reached *turn*.
        """
        chosen = self.game.line(line)
        self.line = chosen.name
        return self.goto(chosen.played if turn is None else turn)

    def branch(self, name: str) -> Line:
        """Start a line called *name* from the current turn of the current line.

        The old line is kept whole; play goes on on the new one.

        Raises:
            SaveError: a line of that name exists, or the name is empty.
        """
        name = name.strip()
        if not name:
            raise SaveError("a line needs a name")
        if any(x.name == name for x in self.game.lines):
            raise SaveError(f"the game already has a line called {name!r}")
        return self._fork(name)

    def lines(self) -> tuple[Line, ...]:
        """Every line of the game, in the order they were started."""
        return self.game.lines

    def bookmark(self, label: str) -> Bookmark:
        """Mark the current turn of the current line with *label*."""
        mark = Bookmark(turn=self.position, label=label.strip() or f"turn {self.position}")
        line = self._current()
        self.game = self.game.with_line(line.model_copy(
            update={"bookmarks": (*line.bookmarks, mark)}))
        self._dirty = True
        return mark

    # -- saving ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """True if something was played, given or marked since the game was last written."""
        return self._dirty

    def save(self, path: Path | None = None) -> Path:
        """Write the game to *path*; return the path written.

        By default the game goes to the file it was last saved to or loaded from, else
        to its file in the autosave folder.

        Raises:
            SaveError: there is nowhere to save, the game has no scenario text, or the
                file cannot be written (a save already there is left as it was).
        """
        target = path or self.path or (saves.game_file(self.autosave, self.game.id)
                                       if self.autosave is not None else None)
        if target is None:
            raise SaveError("no file to save the game to: give a path")
        self._write(target)
        self.path = target
        return target

    def _write(self, target: Path) -> None:
        snapshot = self.game.model_copy(update={"current": self.line, "turn": self.position})
        self.game = saves.write_game(target, snapshot)
        self._dirty = False

    def _autosave(self) -> None:
        if self.autosave is not None and self.game.scenario is not None:
            self._write(saves.game_file(self.autosave, self.game.id))

    @classmethod
    def load(cls, path: Path, *, scenario: Path | None = None, from_save: bool = False,
             autosave: Path | None = None, view: str | None = None,
             line: str | None = None) -> Session:
        """Open the game saved at *path* where it was left (or at the end of *line*).

        The scenario is read from *scenario* (by default the file the game was started
        from) and must be the text kept in the save; with *from_save* the kept text is
        used instead and the disk is not read.

        Raises:
            SaveError: the save cannot be read or played again (see :mod:`engine.saves`),
                or the scenario on disk has changed.
            ScenarioError: the scenario is no longer valid.
        """
        game = saves.read_game(path)
        assert game.scenario is not None
        if from_save:
            loaded = record.scenario_from_texts(game.scenario)
        else:
            main = scenario or Path(game.scenario.origin)
            saves.check_scenario(game, main, path)
            loaded = load(main)
        session = cls(loaded, seed=game.seed, variant=game.variant, mode=game.mode,
                      view=view, teams=game.teams, autosave=autosave, game=game)
        session.path = path
        chosen = game.line(line or game.current)
        session.line = chosen.name
        session.goto(game.turn if line is None else chosen.played)
        session._dirty = False
        session._shown = 0  # whatever opens the loaded game is handed its whole log
        return session

    # -- what the app reads of the run (names, settings, readiness) ---------------------

    @property
    def scenario(self) -> Scenario:
        """The scenario as run (with its variant applied)."""
        return self.sim.scenario

    @property
    def finished(self) -> bool:
        """True when the run has reached the scenario's end."""
        return self.sim.finished

    @property
    def mode(self) -> Mode:
        """``replay`` (the timeline's orders are given) or ``free``."""
        return self.sim.mode

    @property
    def seed(self) -> int:
        """The run's random seed."""
        return self.sim.seed

    @property
    def variant(self) -> str | None:
        """The variant run, or None for the scenario as written."""
        return self.sim.variant

    def name_of(self, some_id: str) -> str:
        """The name of a unit, place, off-map area or side; the id itself if it has none."""
        return self.sim.name(some_id)

    def area_positions(self) -> dict[str, tuple[float, float]]:
        """Map position in km of every off-map area that has one (a strike can aim there)."""
        return {a: xy for a, xy in self.sim.world.areas.items() if xy is not None}

    def weapon_state(self, unit_id: str) -> tuple[int, dt.datetime | None]:
        """Munitions left to an own unit of the view, and when its weapon can fire next.

        The time is None when the weapon is ready now. Raises KeyError for an unknown unit.
        """
        unit = self.sim.units[unit_id]
        ready = unit.ready_at if unit.ready_at > self.sim.now + 1e-9 else None
        return unit.ammunition, None if ready is None else self.sim.time_at(ready)


def played_lines(session: Session) -> list[str]:
    """One line of text per line of play: name, where it branched, turns played."""
    out = []
    for line in session.lines():
        origin = (f" from {line.parent} at turn {line.from_turn}"
                  if line.parent is not None else "")
        marks = "".join(f"; {b.label} at {b.turn}" for b in line.bookmarks)
        out.append(f"{line.name}{origin}: {line.played} turns{marks}")
    return out

