"""The game screen (``G``): the lines of play and their bookmarks, to go back and branch.

A game is its record (:mod:`engine.game`), so any past turn can be shown again. The screen
lists every line with where it branched and how far it was played, and each bookmark
under its line. Enter on a line asks which of its turns to go to (its end by default);
Enter on a bookmark goes to its turn; ``m`` bookmarks the turn shown, ``n`` starts a new
line from it (both lines are kept and listed). Going to a turn brings the main screen
back, showing the run there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from scenario.errors import SaveError
from tui.dialogs import AskScreen
from tui.footer import SteadyFooter
from tui.header import SteadyHeader

if TYPE_CHECKING:
    from tui.main_screen import MainScreen


class GameScreen(Screen[None]):
    """Every line of play and bookmark; go to a turn, bookmark it, or branch from it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,G", "app.pop_screen", "Back to the map"),
        Binding("enter", "go", "Go to", tooltip="Go to the turn of the bookmark, or a "
                "turn of the line, under the cursor"),
        Binding("m", "bookmark", "Bookmark this turn",
                tooltip="Mark the turn shown with a label"),
        Binding("n", "branch", "Branch here",
                tooltip="Start a new line of play from the turn shown; the old is kept"),
    ]

    def __init__(self, main: MainScreen) -> None:
        super().__init__()
        self.main = main
        """The main screen, which shows the run wherever this screen takes it."""

    def compose(self) -> ComposeResult:
        """Where the game stands, then the table of lines and bookmarks."""
        yield SteadyHeader()
        yield Static(id="game-where")
        yield DataTable(id="game-lines", cursor_type="row")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Set up the columns and list the lines."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        for title, width in (("Line", 18), ("Turns", 8), ("Branched from", 18),
                             ("Bookmark", 24)):
            table.add_column(title, width=width)
        self.refresh_lines()

    def refresh_lines(self) -> None:
        """List the lines and bookmarks as they are now; the cursor on the line played."""
        session = self.main.session
        where = (f"Line {session.line}, turn {session.position} of {session.turns} "
                 f"({self.main.snapshot.time:%d %b %H:%M}). "
                 + ("Unsaved play. " if session.dirty else "")
                 + "Enter goes to a turn; b on the map goes back one.")
        self.query_one("#game-where", Static).update(where)
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.clear()
        for line in session.lines():
            here = line.name == session.line
            origin = (f"{line.parent} at turn {line.from_turn}"
                      if line.parent is not None else "")
            name = Text(f"{'▶ ' if here else '  '}{line.name}", style="bold" if here else "")
            table.add_row(name, f"0-{line.played}", origin, "", key=f"line:{line.name}")
            for i, mark in enumerate(line.bookmarks):
                table.add_row("", f"turn {mark.turn}", "", f"★ {mark.label}",
                              key=f"mark:{line.name}:{i}")
        table.move_cursor(row=table.get_row_index(f"line:{session.line}"), animate=False)

    def _chosen(self) -> str | None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else str(key)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_go()

    def action_go(self) -> None:
        """Go to the bookmark under the cursor, or ask which turn of the line to go to."""
        key = self._chosen()
        if key is None:
            return
        kind, _, rest = key.partition(":")
        session = self.main.session
        if kind == "mark":
            name, _, index = rest.rpartition(":")
            mark = session.game.line(name).bookmarks[int(index)]
            self._go(name, mark.turn)
            return
        line = session.game.line(rest)
        self.app.push_screen(
            AskScreen(f"Go to which turn of line {line.name}? (0 to {line.played})",
                      value=str(line.played)),
            callback=lambda answer: self._go_typed(line.name, answer))

    def _go_typed(self, line: str, answer: str | None) -> None:
        if answer is None:
            return
        try:
            turn = int(answer.strip())
        except ValueError:
            self.notify(f"{answer!r} is not a turn number.", severity="error")
            return
        self._go(line, turn)

    def _go(self, line: str, turn: int) -> None:
        """Show *turn* of *line* on the main screen, and go back to it."""
        self.main.settle()
        try:
            snapshot = self.main.session.switch(line, turn)
        except SaveError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.pop_screen()
        self.main.reload(snapshot, f"Line {line}, turn {turn}.")

    def action_bookmark(self) -> None:
        """Ask for a label and bookmark the turn shown."""
        session = self.main.session
        self.app.push_screen(
            AskScreen(f"Label for turn {session.position} of line {session.line}:",
                      placeholder=f"turn {session.position}"),
            callback=self._bookmark)

    def _bookmark(self, label: str | None) -> None:
        if label is None:
            return
        self.main.settle()
        mark = self.main.session.bookmark(label)
        self.notify(f"Bookmarked turn {mark.turn}: {mark.label}.", title="Bookmark")
        self.refresh_lines()

    def action_branch(self) -> None:
        """Ask for a name and start a new line from the turn shown."""
        session = self.main.session
        self.app.push_screen(
            AskScreen(f"Name of the new line, from turn {session.position} of "
                      f"{session.line}:", value=session.game.free_name(
                          f"{session.line}-b")), callback=self._branch)

    def _branch(self, name: str | None) -> None:
        if name is None:
            return
        self.main.settle()
        try:
            line = self.main.session.branch(name)
        except SaveError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Playing on the new line {line.name}, from turn {line.from_turn}; "
                    f"{line.parent} is kept.", title="Branch")
        self.refresh_lines()
