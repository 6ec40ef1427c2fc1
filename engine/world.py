"""The world: the scenario's map as a networkx graph, and routing on it by travel time.

Nodes are place ids with attributes ``xy`` (km from the map centre), ``lat``, ``lon``,
``kind``, ``name`` and ``country``. Edges are roads with ``km``, ``class`` and ``ref``.
A road's length is the scenario's ``km`` when given, otherwise the great-circle distance
times the rules' ``road_factor`` for its class.

Routing is A* (:mod:`engine.astar`) on a table of each road's travel hours built once per
speed profile (:meth:`World.hours`): a closed road, a road class the unit cannot use and a
place to avoid are skipped as the search meets them. Its estimate never overestimates (the
straight line at the unit's best speed, scaled by the map's shortest road-to-line ratio,
and the hours from a few landmarks, :meth:`World.landmarks`), so the route is the fastest
one.
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from shapely.geometry import LineString, Point, Polygon

from engine.astar import Estimate, HoursTable, Landmarks, hours_table, landmarks, search
from engine.geo import Projection, centred_on, haversine
from scenario.errors import SalientError
from scenario.models import ROAD_CLASSES, RoadSpeeds, Scenario

GUESS_GOALS = 1024
"""How many goals (with their speed profile) :meth:`World.estimates` remembers."""

DETOURS = 1024
"""How many routes that avoid places :attr:`World.detours` remembers."""
DETOUR_PLACES = 256
"""Routes that avoid places are remembered only on maps of at most this many places: on a
larger one, keying each on the (many) places avoided costs more than the searches saved."""

AREA_MARGIN_KM = 10.0
"""Margin around the places' bounding box when a map gives no ``area`` polygon."""

Edge = frozenset[str]
"""A road named by its two ends, in either order."""


class NoRouteError(SalientError):
    """There is no usable road route between two places."""


@dataclass(frozen=True)
class World:
    """The ground a simulation runs on: the road graph, the projection, border and area."""

    graph: nx.Graph
    """Places and roads, as described in the module docstring."""
    projection: Projection
    """Projection from (lat, lon) to km around the map centre."""
    border: LineString | None
    """The state border in km, if the scenario draws one."""
    area: Polygon
    """The mapped area in km; territory cells are clipped to it."""
    areas: Mapping[str, tuple[float, float] | None] = field(default_factory=dict)
    """Position in km of each off-map area that gives its coordinates (None if not)."""
    depths: Mapping[str, float] = field(default_factory=dict)
    """Each place's distance in km from the border line (0 with no border)."""
    classes: frozenset[str] = frozenset(ROAD_CLASSES)
    """The road classes the map has."""
    detour_floor: float = 1.0
    """The smallest ratio of a road's length to the straight line between its ends (at most
    1): what keeps the A* estimate from overestimating."""
    routes: dict[tuple[Any, ...], Route] = field(default_factory=dict, compare=False)
    """Routes found so far, by their question; the roads never change, so neither do
    they (a closed road is part of the question; routes that avoid places are kept in
    :attr:`detours`)."""
    detours: OrderedDict[tuple[Any, ...], Route] = field(default_factory=OrderedDict,
                                                         compare=False)
    """Routes that avoid places, by their question (the places avoided part of it), the
    most recently used last: at most :data:`DETOURS` are kept (on a map of at most
    :data:`DETOUR_PLACES` places). The places a side avoids
    (the enemy's) change as the run goes, but runs of one scenario ask the same questions
    again and again (a withdrawal to the same refuge through the same lines)."""
    tables: dict[RoadSpeeds, HoursTable] = field(default_factory=dict, compare=False)
    """Each speed profile's hours on every road, built on first use."""
    marks: dict[RoadSpeeds, Landmarks] = field(default_factory=dict, compare=False)
    """Each speed profile's landmark hours, built on first use."""
    points: Mapping[str, tuple[float, float]] = field(default_factory=dict, compare=False)
    """Each place's ``xy``, as the graph has it (for the A* estimate)."""
    guesses: OrderedDict[tuple[str, RoadSpeeds], dict[str, float]] = field(
        default_factory=OrderedDict, compare=False)
    """The A* estimates worked out so far, by goal and speed profile, the most recently
    used last (at most :data:`GUESS_GOALS` goals are kept)."""

    def xy(self, place: str) -> tuple[float, float]:
        """Position of *place* in km."""
        x, y = self.graph.nodes[place]["xy"]
        return (float(x), float(y))

    def hours(self, speeds: RoadSpeeds) -> HoursTable:
        """Hours on each road at *speeds*: ``table[place][neighbour]``, in the graph's order.

        A road whose class the unit cannot use (0 km/h) is left out.
        """
        table = self.tables.get(speeds)
        if table is None:
            table = self.tables[speeds] = hours_table(self.graph.adj, speeds)
        return table

    def estimates(self, goal: str, speeds: RoadSpeeds) -> dict[str, float]:
        """The A* estimates towards *goal* at *speeds* worked out so far (filled by searches).

        An estimate depends only on the place, the goal and the speeds (never on closed
        roads or avoided places), so every search towards one goal shares them; only the
        :data:`GUESS_GOALS` goals used last are kept.
        """
        key = (goal, speeds)
        found = self.guesses.get(key)
        if found is None:
            found = self.guesses[key] = {}
            if len(self.guesses) > GUESS_GOALS:
                self.guesses.popitem(last=False)
        else:
            self.guesses.move_to_end(key)
        return found

    def landmarks(self, speeds: RoadSpeeds) -> Landmarks:
        """The quickest hours at *speeds* from a few far-apart places to every place."""
        found = self.marks.get(speeds)
        if found is None:
            found = self.marks[speeds] = landmarks(self.hours(speeds), self.points)
        return found


@dataclass(frozen=True)
class Route:
    """A route found by :func:`route`: places in order and each road's travel time."""

    places: tuple[str, ...]
    """Places from start to end, both included."""
    legs: tuple[tuple[str, str, float], ...]
    """``(from, to, hours)`` for each road along the route."""
    km: float
    """Length in km."""
    hours: float
    """Travel time in hours."""


def build_world(scenario: Scenario) -> World:
    """Build the :class:`World` of *scenario*: graph, projection, border and area."""
    points = [(p.lat, p.lon) for p in scenario.map.places]
    projection = centred_on(points)
    graph = nx.Graph()
    for place in scenario.map.places:
        graph.add_node(place.id, xy=projection.xy(place.lat, place.lon), lat=place.lat,
                       lon=place.lon, kind=place.kind, name=place.name, country=place.country,
                       tags=frozenset(place.tags))
    places = {p.id: p for p in reversed(scenario.map.places)}  # the first of an id
    for road in sorted(scenario.map.roads, key=lambda r: ROAD_CLASSES.index(r.class_),
                       reverse=True):  # on a doubled road the faster class is added last, wins
        a, b = places[road.from_], places[road.to]
        km = road.km or haversine(a.lat, a.lon, b.lat, b.lon) * scenario.rules.road_factor.get(
            road.class_, 1.0)
        graph.add_edge(a.id, b.id, km=km, **{"class": road.class_, "ref": road.ref})
    areas = {a.id: (projection.xy(a.lat, a.lon) if a.lat is not None and a.lon is not None
                    else None) for a in scenario.map.off_map}
    border = _border(scenario, projection)
    return World(graph, projection, border, _area(scenario, projection), areas,
                 _depths(graph, border),
                 frozenset(d["class"] for _, _, d in graph.edges(data=True)),
                 _detour_floor(graph), points=dict(graph.nodes(data="xy")))


def _detour_floor(graph: nx.Graph) -> float:
    ratios = [data["km"] / line for u, v, data in graph.edges(data=True)
              if (line := math.dist(graph.nodes[u]["xy"], graph.nodes[v]["xy"])) > 0]
    return float(min([1.0, *ratios]))


def _depths(graph: nx.Graph, border: LineString | None) -> dict[str, float]:
    if border is None:
        return {p: 0.0 for p in graph.nodes}
    return {p: float(border.distance(Point(graph.nodes[p]["xy"]))) for p in graph.nodes}


def _border(scenario: Scenario, projection: Projection) -> LineString | None:
    if scenario.map.border is None:
        return None
    return LineString([projection.xy(lat, lon) for lat, lon in scenario.map.border.points])


def _area(scenario: Scenario, projection: Projection) -> Polygon:
    if scenario.map.area is not None:
        return Polygon([projection.xy(lat, lon) for lat, lon in scenario.map.area]).buffer(0)
    xs, ys = zip(*(projection.xy(p.lat, p.lon) for p in scenario.map.places), strict=True)
    m = AREA_MARGIN_KM
    return Polygon([(min(xs) - m, min(ys) - m), (max(xs) + m, min(ys) - m),
                    (max(xs) + m, max(ys) + m), (min(xs) - m, max(ys) + m)])


def route(world: World, src: str, dst: str, speeds: RoadSpeeds, *,
          avoid: Collection[str] = (), closed: Collection[Edge] = ()) -> Route:
    """The fastest route from *src* to *dst* for a unit with *speeds*.

    Args:
        world: the world to route in.
        src: starting place.
        dst: destination place.
        speeds: the unit's speed by road class; a class at 0 km/h is not used.
        avoid: places not to pass through (enemy-held ones); *src* and *dst* are allowed.
            It may be a set the caller keeps up to date: the route is remembered with the
            places avoided as they are now (:attr:`World.detours`; on a map of at most
            :data:`DETOUR_PLACES` places).
        closed: roads that cannot be used, as ``frozenset({u, v})``.

    Raises:
        NoRouteError: no road route exists under these conditions.
    """
    key = (src, dst, speeds, frozenset(closed))
    if avoid and len(world.points) > DETOUR_PLACES:
        return _astar(world, src, dst, speeds, avoid, closed)
    if avoid:
        return _detour(world, (*key, frozenset(avoid)), avoid, closed)
    found = world.routes.get(key)
    if found is None:
        found = world.routes[key] = _astar(world, src, dst, speeds, avoid, closed)
    return found


def _detour(world: World, key: tuple[Any, ...], avoid: Collection[str],
            closed: Collection[Edge]) -> Route:
    """The route *key* asks for, avoiding places: remembered, or found (and remembered)."""
    found = world.detours.get(key)
    if found is not None:
        world.detours.move_to_end(key)
        return found
    found = world.detours[key] = _astar(world, key[0], key[1], key[2], avoid, closed)
    if len(world.detours) > DETOURS:
        world.detours.popitem(last=False)
    return found


def _astar(world: World, src: str, dst: str, speeds: RoadSpeeds, avoid: Collection[str],
           closed: Collection[Edge]) -> Route:
    """The quickest route from *src* to *dst* by A* (see :mod:`engine.astar`)."""
    table = world.hours(speeds)
    fastest = max(getattr(speeds, c) for c in world.classes)
    marks = world.landmarks(speeds)
    estimate = Estimate(world.points, world.points[dst],
                        world.detour_floor / fastest if fastest > 0 else 0.0,
                        marks, marks.hours[dst], world.estimates(dst, speeds))
    path = search(table, src, dst, estimate, _hidden(avoid, closed, (src, dst)))
    if path is None:
        raise NoRouteError(f"no road route from {src!r} to {dst!r}")
    adjacency = world.graph.adj
    legs = tuple((u, v, float(table[u][v] or 0.0)) for u, v in itertools.pairwise(path))
    km = sum(adjacency[u][v]["km"] for u, v, _ in legs)
    return Route(tuple(path), legs, float(km), float(sum(h for _, _, h in legs)))


def _hidden(avoid: Collection[str], closed: Collection[Edge],
            keep: tuple[str, str]) -> Callable[[str, str], bool] | None:
    """Whether the search must not take the road *u*-*v* (None: it may take any road).

    An avoided place is never entered unless it is one of *keep* (the route's own ends); a
    search only ever stands on such a place or on one it could enter.
    """
    if not avoid and not closed:
        return None

    def hidden(u: str, v: str) -> bool:
        if closed and frozenset((u, v)) in closed:
            return True
        return bool(avoid) and v in avoid and v not in keep
    return hidden


def position_along(world: World, u: str, v: str, fraction: float) -> tuple[float, float]:
    """Point in km a *fraction* (0..1) of the way along the road from *u* to *v*."""
    (x1, y1), (x2, y2) = world.xy(u), world.xy(v)
    f = min(1.0, max(0.0, fraction))
    return (x1 + (x2 - x1) * f, y1 + (y2 - y1) * f)


def depth_km(world: World, place: str) -> float:
    """Straight-line distance in km from *place* to the border line (0 with no border)."""
    return world.depths[place]
