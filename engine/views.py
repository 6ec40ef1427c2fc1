"""Building Snapshots from a running simulation: the umpire's view and a side's view.

This is the fog-of-war contract, like Atlatl's ``observation(state, player)``. The umpire
(``side=None``) sees every unit and every log entry. A side sees its own units as they are,
the enemy units it has detected as its latest sighting shows them (where they were, how
strong as seen from outside, and when: ``seen_hours``) for ``rules.detection.forget_hours``
after that sighting, an enemy unit it saw destroyed or surrender marked so, and the log entries it
learns of in its own version (:meth:`engine.log.LogEntry.seen_by`). An enemy unit it
never detected is not in its snapshot at all, and the enemy's true losses (personnel,
vehicles, prisoners) are left out of a side's metrics (ground and places held are public).
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import TYPE_CHECKING

from engine.metrics import measure
from engine.snapshot import Snapshot, UnitView
from engine.state import Sighting, UnitState
from engine.world import position_along

if TYPE_CHECKING:
    from engine.run import Run

ASSESSED_STEP = 0.25
"""How finely a side sees an enemy unit's strength: to the nearest quarter of its full
strength. A sighting tells roughly how strong a unit looks (about three-quarters), not its
losses to the man, which only the umpire knows."""


def build_snapshot(sim: Run, side: str | None, since: int) -> Snapshot:
    """The snapshot of *sim* for *side*, with log entries numbered *since* and later."""
    if side is None:
        views = tuple(_view(sim, u) for u in sim.units.values())
    else:
        own = [_view(sim, u) for u in sim.units.values() if u.side == side]
        views = tuple(own + _enemy(sim, side))
    log = tuple(e.seen_by(side) for e in sim.log.since(since) if e.visible_to(side))
    latest = measure(sim)
    return Snapshot(
        scenario=sim.scenario.metadata.id, side=side, hours=sim.now,
        time=sim.time_at(sim.now), turn=sim.turn, units=views,
        control=MappingProxyType(dict(sim.control)),
        closed_roads=tuple(sorted(_ends(edge) for edge in sim.closed)),
        ground_km2=MappingProxyType({s.id: latest.get(f"ground_km2.{s.id}", 0.0)
                                     for s in sim.scenario.sides}),
        metrics=MappingProxyType({k: v for k, v in latest.items() if _shown(k, side)}),
        log=log, log_from=since, finished=sim.finished)


HIDDEN_FROM_ENEMY = ("personnel_losses", "vehicle_losses", "pows")
"""Metrics a side knows of itself only: its enemy's true losses are behind the fog."""


def _shown(key: str, side: str | None) -> bool:
    """Whether metric *key* (``name.side``) belongs in *side*'s snapshot."""
    if key == "hours":
        return False
    name, _, owner = key.partition(".")
    return side is None or owner == side or name not in HIDDEN_FROM_ENEMY


def _ends(edge: frozenset[str]) -> tuple[str, str]:
    u, v = sorted(edge)
    return (u, v)


def position(sim: Run, unit: UnitState) -> tuple[float, float] | None:
    """Map position of *unit* in km, or None when it is not on the map."""
    if not unit.on_map:
        return None
    if unit.place is not None:
        x, y = sim.world.graph.nodes[unit.place]["xy"]
        return (float(x), float(y))
    if unit.leg is not None:
        return position_along(sim.world, unit.leg.u, unit.leg.v, unit.leg.fraction(sim.now))
    return None


def _view(sim: Run, unit: UnitState) -> UnitView:
    """A unit as it is now (its own side's and the umpire's view)."""
    leg = unit.leg
    return UnitView(
        id=unit.id, side=unit.side, name=unit.name, type=unit.type_id,
        category=unit.kind.category, echelon=unit.kind.echelon, status=unit.status,
        strength=round(unit.strength, 6), personnel=unit.personnel(),
        vehicles=unit.vehicles(), posture=unit.posture, place=unit.place,
        road=(leg.u, leg.v, round(leg.fraction(sim.now), 6)) if leg and unit.on_map else None,
        xy=position(sim, unit), area=unit.area, destination=unit.destination)


def _enemy(sim: Run, side: str) -> list[UnitView]:
    """The enemy units *side* knows of now, by id: recent sightings and seen fates."""
    forget = sim.scenario.rules.detection.forget_hours
    fates = sim.fates[side]
    views = []
    for sighting in sim.pictures[side].values():
        status, when = fates.get(sighting.unit, ("active", sighting.hours))
        if sim.now - max(when, sighting.hours) <= forget + 1e-9:
            views.append(_seen(sim, sim.units[sighting.unit], sighting, status))
    return sorted(views, key=lambda v: v.id)


def _seen(sim: Run, unit: UnitState, sighting: Sighting, status: str) -> UnitView:
    """An enemy unit as the last sighting showed it: where and how strong it was then.

    *status* is ``active`` unless the side saw it destroyed or surrender.
    """
    kind = unit.kind
    strength = assessed(sighting.strength)
    return UnitView(
        id=unit.id, side=unit.side, name=unit.name, type=unit.type_id,
        category=kind.category, echelon=kind.echelon, status=status,
        strength=strength, personnel=round(kind.personnel * strength),
        vehicles=round(kind.vehicles * strength), posture=sighting.posture,
        place=sighting.place, road=sighting.road, xy=sighting.xy, area=None,
        destination=None, seen_hours=sighting.hours)


def assessed(strength: float) -> float:
    """*strength* as another side sees it: to the nearest :data:`ASSESSED_STEP`.

    A unit with any strength left looks at least one step strong; only none looks none.
    """
    if strength <= 0:
        return 0.0
    steps = math.floor(strength / ASSESSED_STEP + 0.5)
    return max(1, steps) * ASSESSED_STEP
