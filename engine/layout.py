"""The map's fixed drawing: places, roads and the border in km, for whoever draws a map.

A :class:`MapLayout` is built once per run from the :class:`~engine.world.World`. It holds
plain values only, like a :class:`~engine.snapshot.Snapshot`: what changes during a run
(who holds a place, where units are, which roads are cut) is in the snapshot, what does
not is here. The app draws the two together and never touches the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.world import World
from scenario.models import Scenario

XY = tuple[float, float]
"""A point in km east and north of the map's centre."""


@dataclass(frozen=True)
class PlaceMark:
    """A place as a map draws it."""

    id: str
    name: str
    kind: str
    """``city``, ``town``, ``village`` or ``site``."""
    tags: tuple[str, ...]
    xy: XY


@dataclass(frozen=True)
class RoadMark:
    """A road as a map draws it, from one place to another."""

    u: str
    v: str
    road_class: str
    """``motorway``, ``highway``, ``regional``, ``local`` or ``track``."""
    ref: str | None


@dataclass(frozen=True)
class MapLayout:
    """Everything fixed about the map of a run."""

    places: tuple[PlaceMark, ...]
    roads: tuple[RoadMark, ...]
    border: tuple[XY, ...]
    """The state border as a line of points (empty when the scenario draws none)."""
    side_colours: tuple[tuple[str, str], ...]
    """``(side id, colour)`` of every side, in the scenario's order."""

    def place(self, place_id: str) -> PlaceMark:
        """The mark of *place_id*; KeyError if there is none."""
        for mark in self.places:
            if mark.id == place_id:
                return mark
        raise KeyError(place_id)


def build_layout(scenario: Scenario, world: World) -> MapLayout:
    """The :class:`MapLayout` of *scenario*'s map, positioned as in *world*."""
    places = tuple(PlaceMark(p.id, p.name, p.kind, tuple(p.tags), world.xy(p.id))
                   for p in scenario.map.places)
    roads = tuple(RoadMark(u, v, data["class"], data["ref"])
                  for u, v, data in world.graph.edges(data=True))
    border = tuple((float(x), float(y)) for x, y in world.border.coords) if world.border else ()
    colours = tuple((s.id, s.colour) for s in scenario.sides)
    return MapLayout(places, roads, border, colours)
