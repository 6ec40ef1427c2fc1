"""The order dialog: what a side tells one of its units to do.

The dialog says where the unit is, when it can act and what its weapon reaches, and offers
only well-formed orders: an action, and a destination or a target from lists. A strike's
targets are the enemy units seen recently enough, the places and the off-map areas with a
position (an air base, a town behind the front) within the weapon's range, each with its
distance. Whether the engine accepts an order (a route exists, the unit has arrived) is for
the engine to say; the app shows its reason with names, never ids
(:func:`~tui.render.readable`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from engine.orders import Order
from engine.snapshot import Snapshot, UnitView
from scenario.models import Action
from tui.footer import SteadyFooter
from tui.session import Session
from tui.widgets import where

ACTIONS: tuple[tuple[str, Action], ...] = (
    ("Move to", "move"), ("Attack", "attack"), ("Withdraw to", "withdraw"),
    ("Hold", "hold"), ("Dig in", "dig_in"), ("Strike", "strike"))
"""The actions offered, with their labels."""

NEEDS_PLACE = frozenset({"move", "attack", "withdraw"})
NEEDS_TARGET = frozenset({"strike"})
TIME = "%d %b %H:%M"
"""How the dialog writes a moment."""

XY = tuple[float, float]


@dataclass(frozen=True)
class Brief:
    """What the dialog tells of a unit, and the destinations and targets it offers."""

    where: str
    """Where the unit is: a place, a road, an off-map area, or where it will arrive."""
    when: str
    """When it can act: now, or from when."""
    weapon: str | None
    """Its long-range weapon (range, munitions left, ready or reloading); None if none."""
    destinations: tuple[tuple[str, str], ...]
    """``(place id, label)`` of every place, by name."""
    targets: tuple[tuple[str, str], ...]
    """``(id, label)`` of every target in range: units seen, then off-map areas, then
    places, nearest first within each."""


def brief(session: Session, unit: UnitView, snapshot: Snapshot) -> Brief:
    """What the dialog for *unit* (one of the view's own units) shows, as of *snapshot*."""
    scenario = session.scenario
    spec = next(u for u in scenario.units if u.id == unit.id)
    names = {p.id: p.name for p in session.layout.places}
    areas = {a.id: a.name for a in scenario.map.off_map}
    if unit.status == "waiting":
        arrival = spec.available.strftime(TIME) if spec.available else "the start"
        place, when = f"not arrived yet: due at {session.name_of(spec.at)}", f"from {arrival}"
    elif unit.status in ("destroyed", "surrendered"):
        place, when = f"{unit.status}", "never: it takes no orders"
    else:
        place = where(unit, {**names, **areas}) or unit.status.replace("_", " ")
        if unit.area is not None:
            place = f"off the map: {place}"
        when = "now"
    weapon = scenario.rules.unit_types[unit.type].weapon
    positions = session.area_positions()
    origin = unit.xy or (positions.get(unit.area) if unit.area else None)
    by_name = tuple(sorted(names.items(), key=lambda item: item[1]))
    if weapon is None:
        return Brief(place, when, None, by_name, ())
    left, ready = session.weapon_state(unit.id)
    state = ("no munitions left" if left <= 0 else
             f"reloading until {ready:{TIME}}" if ready is not None else "ready")
    text = (f"{weapon.munition.replace('_', ' ')}s, range {weapon.range_km:,.0f} km, "
            f"{left} left, {weapon.salvo} a strike; {state}")
    targets = strike_targets(unit, origin, weapon.range_km, snapshot,
                             {p.id: (p.name, p.xy) for p in session.layout.places},
                             {a: (areas[a], xy) for a, xy in positions.items()},
                             scenario.rules.fires.sighting_max_hours)
    return Brief(place, when, text, by_name, targets)


def strike_targets(unit: UnitView, origin: XY | None, range_km: float, snapshot: Snapshot,
                   places: Mapping[str, tuple[str, XY]], areas: Mapping[str, tuple[str, XY]],
                   sighting_hours: float) -> tuple[tuple[str, str], ...]:
    """Targets of a strike by *unit* from *origin* within *range_km*, nearest first.

    Enemy units the view saw within *sighting_hours* come first, then off-map areas, then
    places. Without an origin (a unit not yet arrived) nothing is in range.
    """
    if origin is None:
        return ()

    def within(group: list[tuple[str, str, XY]], how: str) -> list[tuple[str, str]]:
        found = sorted((math.dist(origin, xy), tid, name) for tid, name, xy in group)
        return [(tid, f"{name} ({how}{km:,.0f} km)") for km, tid, name in found
                if km <= range_km]

    seen = [(u.id, u.name, u.xy) for u in snapshot.units
            if u.side != unit.side and u.xy is not None and u.seen_hours is not None
            and snapshot.hours - u.seen_hours <= sighting_hours + 1e-9]
    return tuple(within(seen, "seen, ")
                 + within([(a, name, xy) for a, (name, xy) in areas.items()], "off map, ")
                 + within([(p, name, xy) for p, (name, xy) in places.items()], ""))


class OrderScreen(ModalScreen[Order | None]):
    """Pick an action and its destination or target for *unit*; dismiss with the order."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#action"

    def __init__(self, unit: UnitView, about: Brief) -> None:
        super().__init__()
        self.unit = unit
        self.about = about

    def compose(self) -> ComposeResult:
        """The unit and what it can do, the action, the destination or target, the buttons."""
        about = self.about
        actions = [(label, action) for label, action in ACTIONS
                   if action != "strike" or about.weapon is not None]
        with VerticalScroll(id="order-dialog"):
            yield Label(f"Order to {self.unit.name}", id="order-title")
            yield Static(f"Where: {about.where}\nCan act: {about.when}"
                         + (f"\nWeapon: {about.weapon}" if about.weapon else ""),
                         id="order-facts")
            yield Select(actions, value="move", allow_blank=False, id="action")
            yield Select([(label, pid) for pid, label in about.destinations],
                         prompt="Destination", id="to")
            yield Select([(label, tid) for tid, label in about.targets],
                         prompt="Target (in range)", id="target")
            with Horizontal(id="order-buttons"):
                yield Button("Give the order", variant="primary", id="give")
                yield Button("Cancel", id="cancel")
        yield SteadyFooter(keys_at_once=True)

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
            self.notify("Choose a target first." if self.about.targets else
                        "Nothing is in range of this unit's weapon.", severity="warning")
            return
        self.dismiss(Order(self.unit.id, action, to=str(to) if action in NEEDS_PLACE else None,
                           target=str(target) if action in NEEDS_TARGET else None))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without an order."""
        self.dismiss(None)
