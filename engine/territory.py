"""Territory: each place owns a cell of ground, so a side's ground is computed, not typed.

Cells are the Voronoi cells of the places, clipped to the map's area: every point of the
area belongs to the nearest place. Ground held by a side is the total ground of the places
it controls, in km2: each place's cell, or with a radius (``rules.control.ground_radius_km``)
the part of its cell within that distance of the place, so a place at the edge of the map
does not bring every field and forest out to the edge with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import LineString, MultiPoint, Point, Polygon
from shapely.ops import split, voronoi_diagram

from engine.world import World


@dataclass(frozen=True)
class Territory:
    """The cell of every place and its area."""

    cells: Mapping[str, Polygon]
    """Cell polygon (km) by place id; empty for a place outside the map's area."""
    km2: Mapping[str, float]
    """Ground in km2 by place id: its cell's area, or the part within the radius."""

    @property
    def total_km2(self) -> float:
        """Ground of all places together: the map's area when no radius is set."""
        return sum(self.km2.values())


def build_territory(world: World, radius_km: float | None = None) -> Territory:
    """Cells of *world*'s places: Voronoi cells within each state's part of the area.

    With a border line, the area is first cut along it, so a place's ground never lies
    across the border; a part of the area with no place in it joins the nearest cell.
    With *radius_km*, a place's ground is the part of its cell within that distance.
    """
    cells: dict[str, Polygon] = {p: Polygon() for p in sorted(world.graph.nodes)}
    names = list(cells)
    points = shapely.points([world.xy(p) for p in names])
    orphans: list[Polygon] = []
    for part in _parts(world):
        inside = [names[i] for i in np.flatnonzero(shapely.covers(part, points))]
        if not inside:
            orphans.append(part)
            continue
        for place, cell in _voronoi(world, inside, part).items():
            cells[place] = cell
    for part in orphans:
        nearest = min(cells, key=lambda p: (part.distance(Point(world.xy(p))), p))
        cells[nearest] = cells[nearest].union(part)
    return Territory(MappingProxyType(cells), MappingProxyType(_ground(world, cells, radius_km)))


def _ground(world: World, cells: dict[str, Polygon], radius_km: float | None
            ) -> dict[str, float]:
    """The ground each place brings its holder, in km2 (see the module); vectorised."""
    names = list(cells)
    shapes = np.array([cells[p] for p in names], dtype=object)
    if radius_km is not None:
        discs = shapely.buffer(shapely.points([world.xy(p) for p in names]), radius_km,
                               quad_segs=64)
        shapes = shapely.intersection(shapes, discs)
    return {p: float(a) for p, a in zip(names, shapely.area(shapes), strict=True)}


def _parts(world: World) -> list[Polygon]:
    """The area cut along the border (extended past the area's edge), largest first."""
    if world.border is None:
        return [world.area]
    line = _extended(world.border, world.area)
    pieces = split(world.area, line).geoms
    return sorted((g for g in pieces if isinstance(g, Polygon)), key=lambda g: -g.area)


def _extended(line: LineString, area: Polygon) -> LineString:
    """*line* with both end segments prolonged far beyond *area*."""
    coords = list(line.coords)
    reach = 10 * (area.length + 1.0)

    def beyond(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float]:
        dx, dy = b[0] - a[0], b[1] - a[1]
        norm = max((dx * dx + dy * dy) ** 0.5, 1e-12)
        return (b[0] + dx / norm * reach, b[1] + dy / norm * reach)

    return LineString([beyond(coords[1], coords[0]), *coords, beyond(coords[-2], coords[-1])])


def _voronoi(world: World, places: list[str], part: Polygon) -> dict[str, Polygon]:
    """Voronoi cells of *places* clipped to *part*."""
    if len(places) == 1:
        return {places[0]: part}
    points = shapely.points([world.xy(p) for p in places])
    diagram = voronoi_diagram(MultiPoint(list(points)), envelope=part.envelope)
    cells = list(diagram.geoms)
    cell_index, point_index = STRtree(points).query(cells, predicate="covers")
    return {places[p]: cells[c].intersection(part)
            for c, p in zip(cell_index.tolist(), point_index.tolist(), strict=True)}


def held_area(territory: Territory, control: Mapping[str, str], side: str,
              only: frozenset[str] | None = None) -> float:
    """Area in km2 of the cells *side* controls; with *only*, of those places alone."""
    return sum(territory.km2[p] for p, holder in control.items()
               if holder == side and (only is None or p in only))
