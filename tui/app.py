"""The Salient app: the situation turn by turn, for a class on one screen.

The app shows a :class:`~tui.session.Session` on its :class:`~tui.main_screen.MainScreen`
(map, figures, units, objectives and log), which owns the game's keys. Keys:

| key     | action                                                     |
|---------|------------------------------------------------------------|
| n       | play the next turn                                         |
| space   | play turn after turn, or pause                             |
| v       | switch the view: umpire, then each side (fog of war)       |
| o       | give an order to the unit under the cursor (a side's view) |
| c       | the claims made so far, beside the run's figures           |
| e       | what the scenario estimates, and why                       |
| g       | each side's objectives, or the units again                 |
| m       | the map on the whole screen, or the panels again           |
| d       | the debrief: ground and losses over time, key moments      |
| l       | the log's cursor: up/down choose an entry, Enter explains it |
| x       | cancel the standing order of the unit under the cursor     |
| b       | back a turn                                                |
| G       | the lines of play and bookmarks: go to a turn, branch      |
| ctrl+s  | save the game                                              |
| U       | (two teams) the umpire's view, after a confirmation        |
| i, p    | (umpire) inject an event, hand a place to a side           |
| ? or F1 | help: how to play and every key                            |
| ctrl+p  | the command palette: every command, and find a unit or place |
| q       | quit (asks first when there is unsaved play)               |
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.commands import FindProvider, game_commands
from tui.main_screen import MainScreen
from tui.session import Session

if TYPE_CHECKING:
    from engine.snapshot import Snapshot
    from tui.dialogs import QuitChoice

# The screens opened later (help, quit) are imported when first opened, not before the
# first frame: the first paint waits for every module imported here.


class SalientApp(App[None]):
    """Replays a scenario turn by turn, as the umpire or as one side sees it."""

    CSS_PATH = "salient.tcss"
    TITLE = "Salient"
    COMMANDS = App.COMMANDS | {FindProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="How to play, and every key"),
        Binding("q", "quit", "Quit", tooltip="Leave the app (asks first when there is "
                "unsaved play)"),
    ]

    def __init__(self, session: Session, *, seconds_per_turn: float = 1.5) -> None:
        super().__init__()
        self.session = session
        self.seconds_per_turn = seconds_per_turn
        """Pause between turns while playing, in seconds."""
        self.main = MainScreen(session, seconds_per_turn=seconds_per_turn)
        """The main screen, the app's default."""

    def get_default_screen(self) -> Screen[None]:
        """The main screen."""
        return self.main

    def on_mount(self) -> None:
        """Title the app with the scenario's title."""
        self.title = self.session.title

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot on screen, once the turns asked for have been played."""
        return self.main.settle()

    @property
    def playing(self) -> bool:
        """True while turns play one after another."""
        return self.main.playing

    async def action_quit(self) -> None:
        """Quit; with unsaved play, ask first: save and quit, quit, or stay.

        Play pauses while the question is open: the turns went on behind it otherwise.
        """
        self.main.playing = False
        self.main.settle()
        if not self.session.dirty:
            self.exit()
            return
        from tui.dialogs import QuitScreen  # imported when first asked (see the imports)

        if isinstance(self.screen, QuitScreen):
            return
        session = self.session
        detail = (f"Line {session.line}, turn {session.position}: orders, turns or marks "
                  "since the game was last saved would be lost.")
        self.push_screen(QuitScreen(detail), callback=self._quit_chosen)

    def _quit_chosen(self, choice: QuitChoice | None) -> None:
        if choice == "quit":
            self.exit()
        elif choice == "save":
            from tui.record_keys import save_game  # imported when first used

            message, ok = save_game(self.session)
            if ok:
                self.exit()
            else:
                self.notify(message, title="Save", severity="error")

    def action_help(self) -> None:
        """Open help over the current screen, listing the keys that work there.

        Play pauses meanwhile, as it does behind every other screen a key opens.
        """
        from tui.help_screen import HelpScreen, key_rows  # imported when first opened

        self.main.playing = False

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_rows(self.screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then every game command of the main screen with its key."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "How to play, and every key (key ?)", self.action_help)
        if isinstance(screen, MainScreen):
            yield from game_commands(screen)
