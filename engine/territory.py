"""Territory: each place owns a cell of ground, so a side's ground is computed, not typed.

Cells are the Voronoi cells of the places, clipped to the map's area: every point of the
area belongs to the nearest place. Ground held by a side is the total area of the cells of
the places it controls, in km2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from shapely.geometry import MultiPoint, Point, Polygon
from shapely.ops import voronoi_diagram

from engine.world import World


@dataclass(frozen=True)
class Territory:
    """The cell of every place and its area."""

    cells: Mapping[str, Polygon]
    """Cell polygon (km) by place id; empty for a place outside the map's area."""
    km2: Mapping[str, float]
    """Cell area in km2 by place id."""

    @property
    def total_km2(self) -> float:
        """Area of all cells together, which is the map's area."""
        return sum(self.km2.values())


def build_territory(world: World) -> Territory:
    """Voronoi cells of *world*'s places, clipped to its area."""
    places = sorted(world.graph.nodes)
    points = {p: world.xy(p) for p in places}
    diagram = voronoi_diagram(MultiPoint(list(points.values())), envelope=world.area.envelope)
    cells: dict[str, Polygon] = {p: Polygon() for p in places}
    for cell in diagram.geoms:
        owner = next(p for p in places if cell.covers(Point(points[p])))
        cells[owner] = cell.intersection(world.area)
    return Territory(MappingProxyType(cells),
                     MappingProxyType({p: float(c.area) for p, c in cells.items()}))


def held_area(territory: Territory, control: Mapping[str, str], side: str,
              only: frozenset[str] | None = None) -> float:
    """Area in km2 of the cells *side* controls; with *only*, of those places alone."""
    return sum(territory.km2[p] for p, holder in control.items()
               if holder == side and (only is None or p in only))
