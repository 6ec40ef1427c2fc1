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
| ? or F1 | help: how to play and every key                            |
| ctrl+p  | the command palette: every command, and find a unit or place |
| q       | quit                                                       |
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from engine.snapshot import Snapshot
from tui.commands import FindProvider, game_commands
from tui.help_screen import HelpScreen, key_rows
from tui.main_screen import MainScreen
from tui.session import Session


class SalientApp(App[None]):
    """Replays a scenario turn by turn, as the umpire or as one side sees it."""

    CSS_PATH = "salient.tcss"
    TITLE = "Salient"
    COMMANDS = App.COMMANDS | {FindProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="How to play, and every key"),
        Binding("q", "quit", "Quit", tooltip="Leave the app"),
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

    def action_help(self) -> None:
        """Open help over the current screen, listing the keys that work there."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_rows(self.screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then every game command of the main screen with its key."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "How to play, and every key (key ?)", self.action_help)
        if isinstance(screen, MainScreen):
            yield from game_commands(screen)
