"""The quickest path on a table of road hours: A* with an estimate from landmarks.

:func:`search` is the search of networkx's ``astar_path`` (a queue of ``(cost + estimate,
count, place, cost, parent)``, each place's estimate worked out once, a place explored again
only if a cheaper way to it turns up, ties broken by the order places were queued), run on
a plain table of each road's hours (:func:`hours_table`) instead of a weight callback.

Its estimate of the hours from a place to the goal is the larger of two lower bounds:

- the straight line at the unit's best speed, scaled by the map's shortest ratio of road to
  straight line;
- the landmark bound (ALT): for a few far-apart places L, the quickest hours from L to every
  place are worked out once per speed profile; since going from L to the goal through the
  place is never quicker than the quickest way, ``|hours(L, place) - hours(L, goal)|`` is a
  lower bound of the hours between place and goal. On a long route the straight line is
  a weak bound when road classes differ in speed; the landmarks are close to the truth.

Both bounds hold whatever roads are closed or places avoided (closing a road only makes
routes longer), so the search still finds the quickest route, and it looks at few places
beyond the route itself.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import sub
from typing import Any

from scenario.models import RoadSpeeds

HoursTable = Mapping[str, Mapping[str, float]]
"""Travel hours of every usable road: ``table[place][neighbour]``."""

LANDMARKS = 4
"""How many landmarks the estimate measures from."""

MARGIN = 1e-9
"""Share of the longest landmark hours taken off the landmark bound, so that rounding in
the sums can never make it overestimate."""

NO_ROAD = 1e18
"""The hours from a landmark to a place no road leads to from it: a finite stand-in for
infinity, so that two places a landmark does not reach give a bound of 0 from it (no
news), and a place it reaches and one it does not, a bound past any route (none exists)."""


def hours_table(adjacency: Mapping[str, Mapping[str, Mapping[str, Any]]],
                speeds: RoadSpeeds) -> dict[str, dict[str, float]]:
    """Hours on every road usable at *speeds*, in *adjacency*'s order of neighbours.

    *adjacency* is a road graph's ``adj``: each road's ``km`` and ``class`` by its two
    places. A road whose class the unit cannot use (0 km/h) is left out.
    """
    table: dict[str, dict[str, float]] = {}
    for place, neighbours in adjacency.items():
        row = table[place] = {}
        for other, data in neighbours.items():
            speed: float = getattr(speeds, data["class"])
            if speed > 0:
                row[other] = data["km"] / speed
    return table


@dataclass(frozen=True)
class Landmarks:
    """The quickest hours from each landmark to every place, for one speed profile."""

    hours: Mapping[str, tuple[float, ...]]
    """By place: the hours from each landmark (:data:`NO_ROAD` where no road leads)."""
    margin: float
    """Hours taken off every bound (see :data:`MARGIN`)."""


def landmarks(table: HoursTable, points: Mapping[str, tuple[float, float]],
              count: int = LANDMARKS) -> Landmarks:
    """The :class:`Landmarks` of *table*: *count* places far apart, and hours from them."""
    chosen = far_apart(points, count)
    trees = [hours_from(table, place) for place in chosen]
    hours = {place: tuple(tree.get(place, NO_ROAD) for tree in trees) for place in table}
    longest = max((h for tree in trees for h in tree.values()), default=0.0)
    return Landmarks(hours, longest * MARGIN)


def far_apart(points: Mapping[str, tuple[float, float]], count: int) -> list[str]:
    """*count* places spread over the map, chosen one by one.

    The first is the farthest from the centre, each next the farthest in a straight line
    from those chosen; ties go to the first name.
    """
    names = sorted(points)  # max() keeps the first of equals
    if not names:
        return []
    centre = (sum(points[p][0] for p in names) / len(names),
              sum(points[p][1] for p in names) / len(names))
    chosen = [max(names, key=lambda p: math.dist(points[p], centre))]
    nearest = {p: math.dist(points[p], points[chosen[0]]) for p in names}
    while len(chosen) < min(count, len(names)):
        pick = max(names, key=nearest.__getitem__)
        chosen.append(pick)
        for p in names:
            nearest[p] = min(nearest[p], math.dist(points[p], points[pick]))
    return chosen


def hours_from(table: HoursTable, source: str) -> dict[str, float]:
    """The quickest hours from *source* to every place it reaches (Dijkstra)."""
    best = {source: 0.0}
    done: set[str] = set()
    queue = [(0.0, source)]
    while queue:
        hours, place = heapq.heappop(queue)
        if place in done:
            continue
        done.add(place)
        for other, road in table[place].items():
            total = hours + road
            if total < best.get(other, math.inf):
                best[other] = total
                heapq.heappush(queue, (total, other))
    return best


@dataclass(frozen=True)
class Estimate:
    """The A* estimate of the hours from any place to one goal (see the module docstring)."""

    points: Mapping[str, tuple[float, float]]
    """Every place's position in km."""
    goal: tuple[float, float]
    """The goal's position in km."""
    scale: float
    """Hours per km of straight line: never more than the quickest road allows."""
    landmarks: Landmarks
    """Hours from the landmarks, for the unit's speeds."""
    target: Sequence[float]
    """Hours from each landmark to the goal."""
    known: dict[str, float]
    """The estimates worked out so far, by place. The estimate depends on nothing but the
    place, the goal and the speeds, so searches towards one goal at one speed profile may
    share this (:meth:`engine.world.World.estimates`)."""


def search(table: HoursTable, src: str, dst: str, estimate: Estimate,
           hidden: Callable[[str, str], bool] | None) -> list[str] | None:
    """The places of the quickest path from *src* to *dst* in *table*, or None.

    *hidden* says which roads the search must not take (None: it may take any).
    """
    count = itertools.count(1)
    queue: list[tuple[float, int, str, float, str | None]] = [(0.0, 0, src, 0.0, None)]
    enqueued: dict[str, tuple[float, float]] = {}
    explored: dict[str, str | None] = {}
    points, goal, scale = estimate.points, estimate.goal, estimate.scale
    bounds, target, margin = estimate.landmarks.hours, estimate.target, estimate.landmarks.margin
    known = estimate.known
    pop, push, dist = heapq.heappop, heapq.heappush, math.dist
    while queue:
        _, _, node, cost, parent = pop(queue)
        if node == dst:
            return _path(explored, node, parent)
        if node in explored and (explored[node] is None or enqueued[node][0] < cost):
            continue
        explored[node] = parent
        for other, hours in table[node].items():
            if hidden is not None and hidden(node, other):
                continue
            total = cost + hours
            seen = enqueued.get(other)
            if seen is None:
                guess = known.get(other)
                if guess is None:
                    guess = known[other] = max(
                        dist(points[other], goal) * scale,
                        max(map(abs, map(sub, bounds[other], target))) - margin)
            elif seen[0] <= total:
                continue
            else:
                guess = seen[1]
            enqueued[other] = total, guess
            push(queue, (total + guess, next(count), other, total, node))
    return None


def _path(explored: Mapping[str, str | None], node: str, parent: str | None) -> list[str]:
    """The path to *node*, whose search parent is *parent*, back along *explored*."""
    path = [node]
    while parent is not None:
        path.append(parent)
        parent = explored[parent]
    path.reverse()
    return path
