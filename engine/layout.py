"""The map's fixed drawing: places, roads and the border in km, for whoever draws a map.

A :class:`MapLayout` is built once per run from the :class:`~engine.world.World`. It holds
plain values only, like a :class:`~engine.snapshot.Snapshot`: what changes during a run
(who holds a place, where units are, which roads are cut) is in the snapshot, what does
not is here. The app draws the two together and never touches the graph.

It also holds each place's territory cell (:mod:`engine.territory`) as plain rings, and
:meth:`MapLayout.owners` tells which place's cell holds each of many points, so a map can
shade the ground by who holds it without knowing shapely.

A place is *key* (:attr:`PlaceMark.key`) when a map must always name it: a city, or a
town that a side's objective names or that has at least :data:`KEY_POPULATION` residents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import MultiPolygon, Polygon

from engine.ground import ground
from engine.territory import Territory, build_territory
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
    key: bool = False
    """True when a map must always name the place (see the module's docstring)."""
    objective: bool = False
    """True when a side's objective names the place."""


@dataclass(frozen=True)
class RoadMark:
    """A road as a map draws it, from one place to another."""

    u: str
    v: str
    road_class: str
    """``motorway``, ``highway``, ``regional``, ``local`` or ``track``."""
    ref: str | None


Ring = tuple[XY, ...]
"""A closed line of points in km."""


@dataclass(frozen=True)
class CellMark:
    """A place's territory cell: one or more polygons, each an outer ring and its holes."""

    place: str
    rings: tuple[tuple[Ring, tuple[Ring, ...]], ...]


KEY_POPULATION = 5000
"""A town with at least this many residents is a key place."""


@dataclass(frozen=True)
class MapLayout:
    """Everything fixed about the map of a run."""

    places: tuple[PlaceMark, ...]
    roads: tuple[RoadMark, ...]
    border: tuple[XY, ...]
    """The state border as a line of points (empty when the scenario draws none)."""
    side_colours: tuple[tuple[str, str], ...]
    """``(side id, colour)`` of every side, in the scenario's order."""
    cells: tuple[CellMark, ...] = ()
    """The territory cell of every place that has one, in the order of :attr:`places`."""

    @cached_property
    def _polygons(self) -> list[tuple[int, Polygon | MultiPolygon]]:
        index = {mark.id: i for i, mark in enumerate(self.places)}
        out: list[tuple[int, Polygon | MultiPolygon]] = []
        for cell in self.cells:
            shape = MultiPolygon([Polygon(outer, holes) for outer, holes in cell.rings])
            shapely.prepare(shape)
            out.append((index[cell.place], shape))
        return out

    def owners(self, xs: npt.NDArray[np.float64],
               ys: npt.NDArray[np.float64]) -> npt.NDArray[np.int32]:
        """The place whose cell holds each point (*xs*, *ys*), in km.

        The result is the index in :attr:`places` of that place, -1 for a point outside
        every cell (beyond the mapped area).
        *xs* and *ys* have the same shape, which the result has too. A point on the edge of
        two cells goes to the later place in :attr:`places`.
        """
        out = np.full(xs.shape, -1, dtype=np.int32)
        for index, shape in self._polygons:
            west, south, east, north = shape.bounds
            near = (xs >= west) & (xs <= east) & (ys >= south) & (ys <= north)
            if near.any():
                hit = shapely.contains_xy(shape, xs[near], ys[near])
                chosen = out[near]
                chosen[hit] = index
                out[near] = chosen
        return out

    def place(self, place_id: str) -> PlaceMark:
        """The mark of *place_id*; KeyError if there is none."""
        for mark in self.places:
            if mark.id == place_id:
                return mark
        raise KeyError(place_id)


def build_layout(scenario: Scenario, world: World,
                 territory: Territory | None = None) -> MapLayout:
    """The :class:`MapLayout` of *scenario*'s map, positioned as in *world*.

    *territory* gives the cells; left out, they are those of *world* (shared with every run
    of *scenario* when *world* is the scenario's shared one, see :mod:`engine.ground`).
    """
    named = {p for objective in scenario.objectives for p in objective.places}
    places = tuple(PlaceMark(p.id, p.name, p.kind, tuple(p.tags), world.xy(p.id),
                             key=_key(p.kind, p.population, p.id in named),
                             objective=p.id in named)
                   for p in scenario.map.places)
    roads = tuple(RoadMark(u, v, data["class"], data["ref"])
                  for u, v, data in world.graph.edges(data=True))
    border = tuple((float(x), float(y)) for x, y in world.border.coords) if world.border else ()
    colours = tuple((s.id, s.colour) for s in scenario.sides)
    if territory is None:
        shared, cells = ground(scenario)
        territory = cells if shared is world else build_territory(world)
    marks = tuple(CellMark(p.id, _rings(territory.cells[p.id])) for p in places
                  if p.id in territory.cells and not territory.cells[p.id].is_empty)
    return MapLayout(places, roads, border, colours, marks)


def _key(kind: str, population: int | None, named: bool) -> bool:
    """A city; a town named by an objective or of :data:`KEY_POPULATION` residents."""
    return kind == "city" or (kind == "town" and (named or (population or 0) >= KEY_POPULATION))


def _rings(shape: Polygon | MultiPolygon) -> tuple[tuple[Ring, tuple[Ring, ...]], ...]:
    parts: Sequence[Polygon] = (list(shape.geoms) if isinstance(shape, MultiPolygon)
                                else [shape])
    return tuple((_ring(part.exterior.coords), tuple(_ring(h.coords) for h in part.interiors))
                 for part in parts if isinstance(part, Polygon) and not part.is_empty)


def _ring(coords: Sequence[Sequence[float]]) -> Ring:
    return tuple((float(x), float(y)) for x, y, *_ in coords)
