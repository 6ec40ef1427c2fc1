"""Small modal dialogs: ask for a line of text, confirm a step, or choose how to quit.

Each is a :class:`~textual.screen.ModalScreen` that dismisses with the answer (None for
cancel), so the screen that opened it acts in its callback; Escape always cancels.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.footer import SteadyFooter

QuitChoice = Literal["save", "quit"]
"""How to leave a game with unsaved play: save first, or quit without saving."""


class AskScreen(ModalScreen[str | None]):
    """Ask *question*; dismiss with the text typed (Enter) or None (Escape, Cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#answer"

    def __init__(self, question: str, *, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        """The answer offered when the dialog opens."""
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The question, a text field, and the buttons."""
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield SteadyFooter(keys_at_once=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one("#answer", Input).value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask to confirm *question*: dismiss True (Enter on the first button, or ``y``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]
    AUTO_FOCUS = "#yes"

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes",
                 no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        """The question, what it means, and the two buttons."""
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.labels[0], variant="warning", id="yes")
                yield Button(self.labels[1], id="no")
        yield SteadyFooter(keys_at_once=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with *yes*."""
        self.dismiss(yes)


class QuitScreen(ModalScreen[QuitChoice | None]):
    """The game has unsaved play: save and quit, quit without saving, or cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#save"

    def __init__(self, detail: str) -> None:
        super().__init__()
        self.detail = detail
        """What is unsaved, and where a save would go."""

    def compose(self) -> ComposeResult:
        """The question, what is at stake, and three buttons."""
        with Vertical(classes="dialog"):
            yield Label("Quit with unsaved play?", classes="dialog-title")
            yield Static(self.detail, classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save and quit", variant="primary", id="save")
                yield Button("Quit without saving", variant="error", id="quit")
                yield Button("Cancel", id="cancel")
        yield SteadyFooter(keys_at_once=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice: QuitChoice | None = ("save" if event.button.id == "save" else
                                     "quit" if event.button.id == "quit" else None)
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Stay in the game."""
        self.dismiss(None)
