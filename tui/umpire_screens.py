"""The umpire's forms: inject an event, hand a place to a side.

Each is a modal form that dismisses with what the umpire chose (None for cancel); the main
screen passes it to :meth:`~tui.session.Session.inject` or
:meth:`~tui.session.Session.set_control`, which log it as the umpire's action and keep it
in the save. The forms offer only well-formed choices: sides and places from lists.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tui.footer import SteadyFooter

EVERY_SIDE = "*"
"""The choice that makes an injected event seen by every side."""


class InjectScreen(ModalScreen[tuple[str, tuple[str, ...]] | None]):
    """Type an event and choose who sees it; dismiss with ``(text, sides)``.

    ``sides`` is empty when every side sees the event.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#inject-text"

    def __init__(self, sides: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.sides = sides
        """``(side id, name)`` of each side."""

    def compose(self) -> ComposeResult:
        """The event's text, who sees it, and the buttons."""
        with Vertical(classes="dialog"):
            yield Label("Inject an event (umpire)", classes="dialog-title")
            yield Static("The log shows it as 'Umpire: ...' at this time; it is kept in "
                         "the save.", classes="dialog-detail")
            yield Input(placeholder="What happens, e.g. Heavy rain: roads slow",
                        id="inject-text")
            yield Select([("Seen by every side", EVERY_SIDE),
                          *((f"Seen by {name} only", sid) for sid, name in self.sides)],
                         value=EVERY_SIDE, allow_blank=False, id="inject-sides")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Inject", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield SteadyFooter(keys_at_once=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one("#inject-text", Input).value.strip()
        if not text:
            self.notify("Type what happens first.", severity="warning")
            return
        chosen = self.query_one("#inject-sides", Select).value
        self.dismiss((text, () if chosen == EVERY_SIDE else (str(chosen),)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without injecting."""
        self.dismiss(None)


class ControlScreen(ModalScreen[tuple[str, str] | None]):
    """Choose a place and the side to hand it to; dismiss with ``(place, side)``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#control-place"

    def __init__(self, places: tuple[tuple[str, str], ...],
                 sides: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.places = places
        """``(place id, label)`` of each place, by name, with who holds it."""
        self.sides = sides
        """``(side id, name)`` of each side."""

    def compose(self) -> ComposeResult:
        """The place, the side, and the buttons."""
        with Vertical(classes="dialog"):
            yield Label("Change a place's control (umpire)", classes="dialog-title")
            yield Static("The engine hands the place over now: control, ground held and "
                         "figures follow. The log shows it; it is kept in the save.",
                         classes="dialog-detail")
            yield Select([(label, pid) for pid, label in self.places], prompt="Place",
                         id="control-place")
            yield Select([(f"to {name}", sid) for sid, name in self.sides],
                         prompt="Side", id="control-side")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Hand it over", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield SteadyFooter(keys_at_once=True)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        place = self.query_one("#control-place", Select).value
        side = self.query_one("#control-side", Select).value
        if place is Select.NULL or side is Select.NULL:
            self.notify("Choose a place and a side first.", severity="warning")
            return
        self.dismiss((str(place), str(side)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)
