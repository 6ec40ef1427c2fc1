"""The hand-over screen of a two-team game: it hides one side's picture from the other.

Shown full screen (not over the map: nothing of the game shows through) whenever the side
at the screen changes: after one side submits its orders, before the other side's picture
is drawn, and at the start of a game. Only Enter closes it, once the named side is at
the screen; every other key does nothing, so a stray key cannot reveal a picture.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


def handover_text(side: str, turn: int, note: str = "") -> str:
    """What the hand-over screen says to pass the keyboard to *side* for *turn*."""
    text = (f"Pass the keyboard to {side}.\n\n"
            f"Press Enter when {side} is at the screen.\n\n"
            f"Turn {turn}: {side} gives its orders, then presses n to submit them.")
    return f"{text}\n\n{note}" if note else text


class HandoverScreen(Screen[None]):
    """Hides the game until *side*'s team is at the screen and presses Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "dismiss(None)", "I am at the screen", priority=True),
    ]

    def __init__(self, side: str, turn: int, note: str = "") -> None:
        super().__init__()
        self.side = side
        """Name of the side to pass the keyboard to."""
        self.message = handover_text(side, turn, note)

    def compose(self) -> ComposeResult:
        """The message, centred on an empty screen."""
        with Middle(), Center():
            yield Static(self.message, id="handover")
