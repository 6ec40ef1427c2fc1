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

The ground and the losses are sums over every place and every unit; the run's
:class:`~engine.tally.Tally` keeps them, so measuring costs the same on any size of map.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.run import Run

METRICS = ("ground_km2", "held_km2", "places_held", "places_taken", "depth_km",
           "personnel_losses", "vehicle_losses", "pows", "displaced")
"""The metrics recorded for each side, in display order."""


def measure(sim: Run) -> dict[str, float]:
    """Every metric for every side, now, keyed ``name.side``.

    The ground and the losses come from the run's :class:`~engine.tally.Tally`, which
    adds them up again only when what they add up has changed.
    """
    sides = sim.tally.sides
    keys, displaced = _keys(sides)
    values = dict.fromkeys(keys, 0.0)
    values.update(sim.tally.ground())
    values.update(sim.tally.losses())
    for side, key in zip(sides, displaced, strict=True):
        values[key] = float(sim.displaced.get(side, 0))
    now = sim.now
    for area, line in sim.front_lines.items():
        values[f"front_km.{area}"] = round(line.at(now), 6)
    return values


@functools.lru_cache(maxsize=64)
def _keys(sides: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of a row's metrics, ``name.side``, in order; and each side's ``displaced``."""
    return (tuple(f"{name}.{side}" for side in sides for name in METRICS),
            tuple(f"displaced.{side}" for side in sides))
