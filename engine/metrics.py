"""Metrics: the figures of a run, measured from its state (kept as rows by engine.series).

For each side:

- ``ground_km2``: area of the cells of places the side holds that another side held at
  the start (ground gained), in km2;
- ``held_km2``: area of all the cells it holds;
- ``places_held`` and ``places_taken`` (places held that it did not hold at the start);
- ``depth_km``: how far the deepest place taken lies from the border, in km;
- ``personnel_losses``, ``vehicle_losses`` and ``pows`` (its personnel taken prisoner);
- ``displaced``: people evacuated or displaced on its territory, as the timeline's
  evacuation injects last reported (a reported figure, not a simulated one).

and for each off-map front, ``front_km.<area>``: its distance from its objective.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.run import Run

METRICS = ("ground_km2", "held_km2", "places_held", "places_taken", "depth_km",
           "personnel_losses", "vehicle_losses", "pows", "displaced")
"""The metrics recorded for each side, in display order."""


def measure(sim: Run) -> dict[str, float]:
    """Every metric for every side, now, keyed ``name.side``."""
    sides = [s.id for s in sim.scenario.sides]
    values: dict[str, float] = {}
    for side in sides:
        values.update({f"{name}.{side}": 0.0 for name in METRICS})
    _ground(sim, values)
    _losses(sim, values)
    for side in sides:
        values[f"displaced.{side}"] = float(sim.displaced.get(side, 0))
    for area, line in sim.front_lines.items():
        values[f"front_km.{area}"] = round(line.at(sim.now), 6)
    return values


def _ground(sim: Run, values: dict[str, float]) -> None:
    """Ground, places and depth of each side, in one pass over the places."""
    km2, depths, start = sim.territory.km2, sim.world.depths, sim.start_holders
    sums = {side: [0.0, 0.0, 0.0, 0.0, 0.0] for side in sim.contacts}
    for place, holder in sim.control.items():
        acc = sums[holder]
        acc[0] += km2[place]
        acc[1] += 1.0
        if start[place] != holder:
            acc[2] += km2[place]
            acc[3] += 1.0
            acc[4] = max(acc[4], depths[place])
    for side, (held, places, ground, taken, depth) in sums.items():
        values[f"held_km2.{side}"], values[f"places_held.{side}"] = held, places
        values[f"ground_km2.{side}"], values[f"places_taken.{side}"] = ground, taken
        values[f"depth_km.{side}"] = depth


def _losses(sim: Run, values: dict[str, float]) -> None:
    """Losses of each side, in one pass over the units."""
    sums = {side: [0.0, 0.0, 0.0] for side in sim.contacts}
    for unit in sim.units.values():
        status = unit.status
        if status == "waiting":
            continue
        lost = unit.initial - (0.0 if status in ("destroyed", "surrendered") else unit.strength)
        acc = sums[unit.side]
        acc[0] += unit.kind.personnel * lost
        acc[1] += unit.kind.vehicles * lost
        acc[2] += unit.captured
    for side, (personnel, vehicles, pows) in sums.items():
        values[f"personnel_losses.{side}"] = round(personnel, 3)
        values[f"vehicle_losses.{side}"] = round(vehicles, 3)
        values[f"pows.{side}"] = pows
