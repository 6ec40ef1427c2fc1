"""The order dialog: what a side tells one of its units to do.

It offers only well-formed orders (an action, and a destination or a target from lists);
whether the engine accepts one (a route exists, the unit has arrived, the target is in
range and detected) is for the engine to say, and the app shows its reason.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from engine.orders import Order
from engine.snapshot import Snapshot, UnitView
from scenario.models import Action

ACTIONS: tuple[tuple[str, Action], ...] = (
    ("Move to", "move"), ("Attack", "attack"), ("Withdraw to", "withdraw"),
    ("Hold", "hold"), ("Dig in", "dig_in"), ("Strike", "strike"))
"""The actions offered, with their labels."""

NEEDS_PLACE = frozenset({"move", "attack", "withdraw"})
NEEDS_TARGET = frozenset({"strike"})


class OrderScreen(ModalScreen[Order | None]):
    """Pick an action and its destination or target for *unit*; dismiss with the order."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, unit: UnitView, snapshot: Snapshot, places: dict[str, str]) -> None:
        super().__init__()
        self.unit = unit
        self.places = places
        """Place ids to names."""
        self.targets = {u.id: f"{u.name} (seen)" for u in snapshot.units if u.side != unit.side}
        self.targets.update(places)

    def compose(self) -> ComposeResult:
        """The unit, the action, the destination or target, and the buttons."""
        by_name = sorted(self.places.items(), key=lambda item: item[1])
        with Vertical(id="order-dialog"):
            yield Label(f"Order to {self.unit.name}", id="order-title")
            yield Select([(label, action) for label, action in ACTIONS], value="move",
                         allow_blank=False, id="action")
            yield Select([(name, pid) for pid, name in by_name], prompt="Destination",
                         id="to")
            yield Select([(name, tid) for tid, name in self.targets.items()],
                         prompt="Target", id="target")
            with Horizontal(id="order-buttons"):
                yield Button("Give the order", variant="primary", id="give")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Show the fields the first action needs."""
        self._show_fields("move")

    @on(Select.Changed, "#action")
    def _action_changed(self, event: Select.Changed) -> None:
        self._show_fields(str(event.value))

    def _show_fields(self, action: str) -> None:
        self.query_one("#to").display = action in NEEDS_PLACE
        self.query_one("#target").display = action in NEEDS_TARGET

    @on(Button.Pressed, "#give")
    def _give(self) -> None:
        value = self.query_one("#action", Select).value
        action: Action = next(a for _, a in ACTIONS if a == value)
        to, target = self.query_one("#to", Select).value, self.query_one("#target", Select).value
        if action in NEEDS_PLACE and to is Select.NULL:
            self.notify("Choose a destination first.", severity="warning")
            return
        if action in NEEDS_TARGET and target is Select.NULL:
            self.notify("Choose a target first.", severity="warning")
            return
        self.dismiss(Order(self.unit.id, action, to=str(to) if action in NEEDS_PLACE else None,
                           target=str(target) if action in NEEDS_TARGET else None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without an order."""
        self.dismiss(None)
