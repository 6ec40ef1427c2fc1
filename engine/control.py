"""Control of places, and the small processes around a unit's place on the map.

A place changes hands when one side holds it uncontested for ``rules.control.hold_hours``:
its units stand there and no enemy unit does (or, with ``passage_takes``, one of its units
passed through and no enemy came back before the time ran out). Each claim is a SimPy
process with a token; anything that contests the place cancels the claim by replacing the
token, so a stale claim wakes up, sees it is no longer current, and does nothing.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from engine import friction, front
from engine.clock import Priority, Wake
from engine.log import Report
from engine.orders import Order
from engine.state import Transit, UnitState

if TYPE_CHECKING:
    from engine.run import Run


def occupancy(sim: Run, place: str) -> None:
    """Re-examine who stands at *place*: start, keep or cancel a claim on it."""
    sides = {u.side for u in sim.units_at(place)}
    if len(sides) != 1:
        if sides:
            sim.claims.pop(place, None)
        return
    side = sides.pop()
    if sim.control[place] == side:
        sim.claims.pop(place, None)
    else:
        claim(sim, place, side)


def vacated(sim: Run, place: str) -> None:
    """A unit has left *place*: a claim by standing lapses once none of its side is left.

    With ``passage_takes`` a claim needs no one standing (a unit passing through stakes
    one), so it runs on; without, a side takes a place only by holding it uncontested for
    the whole time, and a claim whose units have all left would hand the place to a side
    with no one there.
    """
    current = sim.claims.get(place)
    if current is None or sim.scenario.rules.control.passage_takes:
        return
    if not any(u.side == current[0] for u in sim.units_at(place)):
        del sim.claims[place]


def passed(sim: Run, unit: UnitState, place: str) -> None:
    """*unit* passes through *place* (no enemy there): it may stake a claim."""
    holder = sim.control[place]
    if holder == unit.side:
        sim.claims.pop(place, None)
    elif sim.scenario.rules.control.passage_takes:
        claim(sim, place, unit.side)


def claim(sim: Run, place: str, side: str) -> None:
    """Start *side*'s claim on *place*, unless one is already running."""
    current = sim.claims.get(place)
    if current is not None and current[0] == side:
        return
    token = next(sim.counter)
    sim.claims[place] = (side, token)
    sim.env.process(_settle(sim, place, side, token))


def _settle(sim: Run, place: str, side: str, token: int,
            ) -> Generator[simpy.Event, Any, None]:
    held = friction.hold_hours(sim, place, side)
    yield Wake(sim.env, held, Priority.CONTROL)
    if sim.claims.get(place) != (side, token):
        return
    del sim.claims[place]
    if any(u.side != side for u in sim.units_at(place)):
        return
    previous = sim.control[place]
    sim.hand_over(place, side)
    takers = [u for u in sim.units_at(place) if u.side == side]
    head = f"{sim.name(place)} passes from {sim.name(previous)} to {sim.name(side)}"
    none = f"{sim.name(previous)} had no unit there"
    data = {"place": place, "side": side, "previous": previous, "held": held}
    told = Report(f"{head}: {none} for {held:.1f} h", data)  # it learns no unit's name
    why = (f"held by {', '.join(u.name for u in takers)}; {none} for {held:.1f} h" if takers else
           f"{sim.name(side)}'s units passed through, and {none} for {held:.1f} h")
    sim.log.add(sim.now, "control", f"{head}: {why}", (side, previous), {previous: told},
                **data, units=[u.id for u in takers])


def refuge(sim: Run, unit: UnitState) -> str | None:
    """The nearest neighbouring place a broken unit can fall back to, or None.

    A refuge is held by the unit's side, has no enemy unit in it, and is reached by an
    open road the unit can use. Ties go to the first place in name order.
    """
    here = unit.place if unit.place is not None else (unit.leg.u if unit.leg else None)
    if here is None:
        return None
    graph = sim.world.graph
    options = []
    for nb in sorted(graph.neighbors(here)):
        if sim.control[nb] != unit.side or sim.road_closed(here, nb):
            continue
        if any(u.side != unit.side for u in sim.units_at(nb)):
            continue
        road_class = graph.edges[here, nb]["class"]
        if getattr(unit.kind.speed_kmh, road_class) > 0:
            options.append((graph.edges[here, nb]["km"], nb))
    return min(options)[1] if options else None


def dig_in(sim: Run, unit: UnitState, token: int) -> Generator[simpy.Event, Any, None]:
    """SimPy process: a holding unit digs in after ``dig_in_hours``.

    Nothing happens if it has had another order since (its *token* has changed).
    """
    yield Wake(sim.env, sim.scenario.rules.combat.dig_in_hours, Priority.CONTROL)
    if unit.token == token and unit.on_map and unit.place is not None \
            and unit.posture == "defending":
        unit.posture = "dug_in"
        sim.log.add(sim.now, "order", f"{unit.name} has dug in at {sim.name(unit.place)}",
                    (unit.side,), unit=unit.id)


def transit(sim: Run, unit: UnitState, area: str, entry: str, hours: float,
            order: Order) -> Generator[simpy.Event, Any, None]:
    """SimPy process: from an off-map area to its linked place, then on by road."""
    unit.status, unit.area = "transit", None
    unit.transit = Transit(area, entry, sim.now, sim.now + hours)
    front.settle(sim)
    yield Wake(sim.env, hours, Priority.ARRIVAL)
    unit.status, unit.transit, unit.place = "active", None, entry
    sim.log.add(sim.now, "arrival", f"{unit.name} enters the map at {sim.name(entry)} "
                f"from {sim.name(area)}",
                (unit.side,), unit=unit.id, place=entry)
    if sim.reach(unit, entry):
        return
    if order.to and order.to != entry:
        sim.apply([order], unit.side)
    else:
        occupancy(sim, entry)
