"""Building Snapshots from a running simulation: the umpire's view and a side's view.

The umpire (``side=None``) sees every unit and every log entry. A side sees its own units,
the enemy units standing within sensor range of one of its units on the map (the fog of
war; this version sees them as they are now, detection rolls and stale sightings come
with the detection model), and the log entries it is involved in or that concern all
(injects).
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import TYPE_CHECKING

from engine.snapshot import Snapshot, UnitView
from engine.state import UnitState
from engine.world import position_along

if TYPE_CHECKING:
    from engine.simulation import Simulation


def build_snapshot(sim: Simulation, side: str | None, since: int) -> Snapshot:
    """The snapshot of *sim* for *side*, with log entries numbered *since* and later."""
    units = [u for u in sim.units.values() if side is None or _visible(sim, u, side)]
    log = tuple(e for e in sim.log.since(since)
                if side is None or not e.sides or side in e.sides)
    latest = sim.metrics.latest()
    return Snapshot(
        scenario=sim.scenario.metadata.id, side=side, hours=sim.now,
        time=sim.time_at(sim.now), turn=sim.turn,
        units=tuple(_view(sim, u, side) for u in units),
        control=MappingProxyType(dict(sim.control)),
        ground_km2=MappingProxyType({s.id: latest.get(f"ground_km2.{s.id}", 0.0)
                                     for s in sim.scenario.sides}),
        metrics=MappingProxyType({k: v for k, v in latest.items() if k != "hours"}),
        log=log, log_from=since, finished=sim.finished)


def position(sim: Simulation, unit: UnitState) -> tuple[float, float] | None:
    """Map position of *unit* in km, or None when it is not on the map."""
    if not unit.on_map:
        return None
    if unit.place is not None:
        x, y = sim.world.graph.nodes[unit.place]["xy"]
        return (float(x), float(y))
    if unit.leg is not None:
        return position_along(sim.world, unit.leg.u, unit.leg.v, unit.leg.fraction(sim.now))
    return None


def _visible(sim: Simulation, unit: UnitState, side: str) -> bool:
    if unit.side == side:
        return True
    where = position(sim, unit)
    if where is None:
        return False
    for own in sim.units.values():
        if own.side != side:
            continue
        mine = position(sim, own)
        if mine is not None and math.dist(mine, where) <= own.kind.sensor_km:
            return True
    return False


def _view(sim: Simulation, unit: UnitState, side: str | None) -> UnitView:
    leg = unit.leg
    own = side is None or unit.side == side
    return UnitView(
        id=unit.id, side=unit.side, name=unit.name, type=unit.type_id,
        category=unit.kind.category, echelon=unit.kind.echelon, status=unit.status,
        strength=round(unit.strength, 6), personnel=unit.personnel(),
        vehicles=unit.vehicles(), posture=unit.posture, place=unit.place,
        road=(leg.u, leg.v, round(leg.fraction(sim.now), 6)) if leg and unit.on_map else None,
        xy=position(sim, unit), area=unit.area if own else None,
        destination=unit.destination if own else None,
        seen_hours=None if own else sim.now)
