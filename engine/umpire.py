"""The umpire's interventions: an event injected into a run, and a place handed over.

Each acts on a running :class:`~engine.simulation.Simulation` at the time it stands at
and leaves a log entry marked ``umpire=True``, so a debrief (and a side's log, where the
side may see it) tells the umpire's hand from the run's own adjudication. Both are part
of a saved game (:mod:`engine.game`) and are re-applied, in order, when it is replayed.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine import control, metrics
from engine.log import LogEntry
from engine.simulation import Simulation
from scenario.errors import OrderError

UMPIRE = "Umpire"
"""How the umpire signs what it injects."""


def inject(sim: Simulation, text: str, sides: Sequence[str] = ()) -> LogEntry:
    """Log the event *text* as the umpire's, seen by *sides* (every side when empty).

    The entry is of kind ``inject``, carries ``umpire=True`` and changes nothing else.

    Raises:
        OrderError: the text is empty, or a side is not one of the scenario's.
    """
    text = text.strip()
    if not text:
        raise OrderError("an injected event needs a text")
    known = [s.id for s in sim.scenario.sides]
    for side in sides:
        if side not in known:
            raise OrderError(f"unknown side {side!r}; the sides are {', '.join(known)}")
    chosen = tuple(s for s in known if s in sides)
    return sim.log.add(sim.now, "inject", f"{UMPIRE}: {text}", chosen, category="umpire",
                       umpire=True)


def change_control(sim: Simulation, place: str, side: str) -> LogEntry:
    """Hand *place* to *side* by the umpire's decision, now.

    The hand-over goes through the engine's own path (:meth:`Simulation.hand_over`), so
    the tally, the ground held and the metrics follow; any claim running on the place is
    cancelled, and the place's occupants are then re-examined as after any change
    (:func:`engine.control.occupancy`): units of another side standing there start a
    claim of their own under the usual rules.

    Raises:
        OrderError: the place is not a place on the map, the side is unknown, or the side
            already holds the place.
    """
    if place not in sim.control:
        raise OrderError(f"unknown place {place!r}: the umpire hands over places on the map")
    known = [s.id for s in sim.scenario.sides]
    if side not in known:
        raise OrderError(f"unknown side {side!r}; the sides are {', '.join(known)}")
    previous = sim.control[place]
    if previous == side:
        raise OrderError(f"{sim.name(place)} is already held by {sim.name(side)}")
    sim.claims.pop(place, None)
    sim.hand_over(place, side)
    entry = sim.log.add(sim.now, "control", f"{UMPIRE}: {sim.name(place)} passes from "
                        f"{sim.name(previous)} to {sim.name(side)}", (side, previous),
                        place=place, side=side, previous=previous, umpire=True)
    control.occupancy(sim, place)
    sim.metrics.sample(sim.now, metrics.measure(sim))
    return entry
