"""The ground of a scenario, built once and shared by every run of it.

A run never changes its world (the road graph, the projection, the border, each place's
depth) nor its territory cells, so :func:`ground` builds them once per scenario and hands
the same objects to every :class:`~engine.simulation.Simulation` of it: a batch of seeds
pays for the Voronoi cells once. :func:`variant` does the same for a scenario's variants.
The caches hold the last few scenarios by identity (scenarios are immutable).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from engine.territory import Territory, build_territory
from engine.world import World, build_world
from scenario.models import Scenario
from scenario.variants import apply as apply_variant

KEEP = 8
"""How many scenarios (and variants) the caches remember."""

_GROUND: OrderedDict[int, tuple[Scenario, World, Territory]] = OrderedDict()
_VARIANTS: OrderedDict[tuple[int, str], tuple[Scenario, Scenario]] = OrderedDict()


def ground(scenario: Scenario) -> tuple[World, Territory]:
    """The world and territory cells of *scenario*, built on first use."""
    found = _remembered(_GROUND, id(scenario), scenario)
    if found is None:
        world = build_world(scenario)
        found = _remember(_GROUND, id(scenario), (scenario, world, build_territory(
            world, scenario.rules.control.ground_radius_km)))
    return found[1], found[2]


def variant(scenario: Scenario, name: str) -> Scenario:
    """*scenario* with the variant *name* applied, applied once."""
    key = (id(scenario), name)
    found = _remembered(_VARIANTS, key, scenario)
    if found is None:
        found = _remember(_VARIANTS, key, (scenario, apply_variant(scenario, name)))
    result: Scenario = found[1]
    return result


def _remembered(cache: OrderedDict[Any, Any], key: Any, scenario: Scenario) -> Any:
    found = cache.get(key)
    if found is None or found[0] is not scenario:  # an id reused by a new object
        return None
    cache.move_to_end(key)
    return found


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> Any:
    cache[key] = value
    while len(cache) > KEEP:
        cache.popitem(last=False)
    return value
