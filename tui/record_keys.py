"""What the main screen's keys on the game's record and the umpire's keys do.

The record (:mod:`engine.game`): ``b`` goes back a turn, ``G`` opens the lines of play,
``ctrl+s`` saves. The umpire: ``U`` opens the umpire's view (asking first in a two-team
game, where the opening is recorded), ``i`` injects an event and ``p`` hands a place to a
side. Each function takes the :class:`~tui.main_screen.MainScreen`, waits for the turns
asked for (``settle``), acts on its session and shows what came of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine import saves
from scenario.errors import SaveError
from tui.dialogs import ConfirmScreen
from tui.game_screen import GameScreen
from tui.render import readable
from tui.session import Session
from tui.umpire_screens import ControlScreen, InjectScreen

if TYPE_CHECKING:
    from tui.main_screen import MainScreen


def back(screen: MainScreen) -> None:
    """Go back one turn on the line played, and show the run there."""
    screen.playing = False
    screen.settle()
    session = screen.session
    if session.position == 0:
        screen.notify("This is the start of the game: there is no turn before it.",
                      severity="warning")
        return
    snapshot = session.rewind()
    screen.reload(snapshot, f"Back to turn {session.position} of line {session.line}; G "
                  "lists the lines and their turns.")


def open_game(screen: MainScreen) -> None:
    """Open the lines of play and bookmarks (:class:`~tui.game_screen.GameScreen`)."""
    screen.playing = False
    screen.settle()
    screen.app.push_screen(GameScreen(screen))


def save(screen: MainScreen) -> None:
    """Save the game now and say where, or why it was not saved."""
    screen.playing = False
    screen.settle()
    message, ok = save_game(screen.session)
    screen.notify(message, title="Save", severity="information" if ok else "error")


def save_game(session: Session) -> tuple[str, bool]:
    """Save *session*'s game; what to tell the class, and whether it was saved.

    The game goes to the file it was saved to or loaded from, else its autosave file,
    else its file in the games folder (:func:`engine.saves.games_folder`). A game started
    without a scenario file cannot be saved, and the message says why.
    """
    if session.game.scenario is None:
        return ("This game cannot be saved: it was started without a scenario file, so "
                "the save could not hold the scenario's text. Start it with "
                "`salient play FILE`.", False)
    try:
        target = None
        if session.path is None and session.autosave is None:
            target = saves.game_file(saves.games_folder(), session.game.id)
        path = session.save(target)
    except SaveError as exc:
        return f"Not saved: {exc}.", False
    return f"Saved to {path}.", True


def open_umpire_view(screen: MainScreen) -> None:
    """Show the umpire's view; in a two-team game only after a confirmation."""
    screen.playing = False
    screen.settle()
    if not screen.session.teams:
        screen.show_view(None)
        return

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.settle()
            screen.show(screen.session.umpire_view())

    screen.app.push_screen(ConfirmScreen(
        "Open the umpire's view?",
        "It shows both sides: every unit, every loss, the whole log. Make sure no team "
        "is looking. The opening is recorded in the game and kept in its save; v goes "
        "back to the side at play.", yes="Open the umpire's view"), callback=confirmed)


def ask_inject(screen: MainScreen) -> None:
    """Ask for an event and who sees it, then inject it as the umpire's."""
    screen.playing = False
    screen.settle()
    sides = tuple((s.id, s.name) for s in screen.session.scenario.sides)

    def chosen(answer: tuple[str, tuple[str, ...]] | None) -> None:
        if answer is not None:
            screen.settle()
            line = screen.session.line
            _done(screen, "Event injected into the log.", screen.session.inject(*answer), line)

    screen.app.push_screen(InjectScreen(sides), callback=chosen)


def ask_control(screen: MainScreen) -> None:
    """Ask for a place and a side, then hand the place to the side as the umpire."""
    screen.playing = False
    snapshot = screen.settle()
    session = screen.session
    name = session.name_of
    places = tuple(sorted(((p.id, f"{p.name} (held by {name(snapshot.control[p.id])})"
                            if p.id in snapshot.control else p.name)
                           for p in session.layout.places), key=lambda x: x[1]))
    sides = tuple((s.id, s.name) for s in session.scenario.sides)

    def chosen(answer: tuple[str, str] | None) -> None:
        if answer is not None:
            screen.settle()
            place, side, line = *answer, session.line
            _done(screen, f"{name(place)} handed to {name(side)}.",
                  session.set_control(place, side), line)

    screen.app.push_screen(ControlScreen(places, sides), callback=chosen)


def _done(screen: MainScreen, done: str, reason: str | None, line: str) -> None:
    """Say what the umpire's action did on *line*, or why it was refused; show the run."""
    screen.say_if_forked(line)
    if reason is None:
        screen.notify(done, title="Umpire")
    else:
        screen.notify(f"Refused: {readable(reason, screen.all_names)}.", title="Umpire",
                      severity="error")
    screen.show(screen.session.update())
