"""Orders: what a side tells its units to do, and why an order can be refused.

An :class:`Order` is plain data. :func:`check` says whether a side may give it now; a
refused order raises :class:`~scenario.errors.OrderError` with a reason a player
understands, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenario.errors import OrderError, did_you_mean
from scenario.models import Action

if TYPE_CHECKING:
    from engine.state import UnitState


@dataclass(frozen=True)
class Order:
    """One order to one unit."""

    unit: str
    """Id of the unit receiving the order."""
    action: Action
    """``move``, ``attack``, ``hold``, ``dig_in``, ``withdraw`` or ``strike``."""
    to: str | None = None
    """Destination place (move, attack, withdraw)."""
    via: tuple[str, ...] = ()
    """Places to pass through, in order."""
    target: str | None = None
    """Target of a strike."""

    def describe(self, name: Callable[[str], str] = str) -> str:
        """The order in a few words: ``move to sudzha via goncharovka``.

        Args:
            name: turns an id into the word to show (a place's name, say); ids by default.
        """
        text = self.action.replace("_", " ")
        if self.to:
            text += f" to {name(self.to)}"
        if self.via:
            text += " via " + ", ".join(name(v) for v in self.via)
        if self.target:
            text += f" on {name(self.target)}"
        return text


def check_unit(order: Order, side: str, units: dict[str, UnitState],
               seen: Callable[[str], bool] = lambda _unit: False) -> UnitState:
    """The unit an order addresses, if *side* may give it an order now.

    Fog holds in the reasons: an enemy unit *side* has not *seen* is refused as an
    unknown one would be, and the hint for a near miss is one of the side's own units.

    Raises:
        OrderError: unknown unit (or an unseen enemy's), not the side's own, not yet
            arrived, destroyed or surrendered.
    """
    unit = units.get(order.unit)
    if unit is None or (unit.side != side and not seen(unit.id)):
        hint = did_you_mean(order.unit, (i for i, u in units.items() if u.side == side))
        raise OrderError(f"unknown unit {order.unit!r}: a side orders only its own units"
                         + (f"; {hint}" if hint else ""))
    if unit.side != side:
        raise OrderError(f"{unit.name} is not one of your units: a side orders only its own")
    if unit.status == "waiting":
        raise OrderError(f"{unit.name} has not arrived yet")
    if unit.status in ("destroyed", "surrendered"):
        raise OrderError(f"{unit.name} is {unit.status} and takes no orders")
    return unit


def check_places(order: Order, known: set[str]) -> None:
    """Check that the order names a destination where it needs one, and known places.

    Raises:
        OrderError: a missing destination, or an unknown place.
    """
    if order.action in ("move", "attack", "withdraw") and order.to is None:
        raise OrderError(f"a {order.action!r} order needs a destination ('to')")
    for place in (order.to, *order.via):
        if place is not None and place not in known:
            hint = did_you_mean(place, known)
            raise OrderError(f"unknown place {place!r}" + (f"; {hint}" if hint else ""))
