"""Routing by A* with a landmark estimate: the quickest route, whatever the roads."""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.astar import NO_ROAD, far_apart, hours_from, hours_table, landmarks
from engine.world import GUESS_GOALS, NoRouteError, build_world, route
from scenario.models import RoadSpeeds
from tests.engine.tiny import tiny

SPEEDS = RoadSpeeds(motorway=60, highway=60, regional=30, local=15, track=0)
CLASSES = ("highway", "regional", "local", "track")


def random_map(seed: int, size: int) -> dict[str, Any]:
    """A random road map: places scattered on a patch, roads to near neighbours and beyond.

    Some roads are tracks (unusable at :data:`SPEEDS`), so the map may fall apart.
    """
    rng = random.Random(seed)
    places = [{"id": f"p{i}", "name": f"P{i}", "kind": "village", "held_by": "w",
               "lat": 50.0 + rng.uniform(0, 0.3), "lon": 30.0 + rng.uniform(0, 0.5)}
              for i in range(size)]
    roads: list[dict[str, str]] = []
    for i in range(1, size):
        roads.append({"from": f"p{rng.randrange(i)}", "to": f"p{i}",
                      "class": rng.choice(CLASSES)})
    for _ in range(size):
        a, b = rng.sample(range(size), 2)
        roads.append({"from": f"p{a}", "to": f"p{b}", "class": rng.choice(CLASSES)})
    return {"map.places": places, "map.roads": roads,
            "units": [{"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "p0",
                       "source": "X"}]}


def quickest(graph: nx.Graph, closed: set[frozenset[str]], avoid: set[str], src: str,
             dst: str) -> float:
    """The quickest hours by networkx's Dijkstra, as the engine's rules define them."""
    def weight(u: str, v: str, data: dict[str, object]) -> float | None:
        if frozenset((u, v)) in closed or ({u, v} - {src, dst}) & avoid:
            return None
        speed: float = getattr(SPEEDS, str(data["class"]))
        return float(data["km"]) / speed if speed > 0 else None  # type: ignore[arg-type]
    try:
        return float(nx.shortest_path_length(graph, src, dst, weight=weight))
    except nx.NetworkXNoPath:
        return math.inf


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 30))
def test_routes_are_the_quickest_whatever_is_closed_or_avoided(seed: int, size: int) -> None:
    world = build_world(tiny(**random_map(seed, size)))
    rng = random.Random(seed)
    edges = [frozenset(e) for e in world.graph.edges]
    for _ in range(6):
        src, dst = rng.sample(sorted(world.graph.nodes), 2)
        closed = {e for e in edges if rng.random() < 0.15}
        avoid = {p for p in world.graph.nodes if rng.random() < 0.15}
        best = quickest(world.graph, closed, avoid, src, dst)
        if math.isinf(best):
            with pytest.raises(NoRouteError):
                route(world, src, dst, SPEEDS, avoid=avoid, closed=closed)
            continue
        found = route(world, src, dst, SPEEDS, avoid=avoid, closed=closed)
        assert found.hours == pytest.approx(best, rel=1e-12)
        assert (found.places[0], found.places[-1]) == (src, dst)
        assert not set(found.places[1:-1]) & avoid
        assert not {frozenset(pair) for pair in itertools.pairwise(found.places)} & closed


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 25))
def test_the_landmark_bound_never_overestimates(seed: int, size: int) -> None:
    world = build_world(tiny(**random_map(seed, size)))
    table = world.hours(SPEEDS)
    marks = world.landmarks(SPEEDS)
    for place in table:
        truth = hours_from(table, place)
        for other in table:
            bound = max(abs(a - b) for a, b in zip(marks.hours[place], marks.hours[other],
                                                  strict=True)) - marks.margin
            assert bound <= truth.get(other, math.inf)


def test_hours_from_is_dijkstra() -> None:
    world = build_world(tiny())
    table = world.hours(SPEEDS)
    assert hours_from(table, "a") == pytest.approx(
        {"a": 0.0, "b": 12 / 30, "c": 12 / 30 + 5 / 15, "d": 12 / 30 + 5 / 15 + 15 / 30})


def test_the_hours_table_leaves_out_classes_a_unit_cannot_use() -> None:
    world = build_world(tiny())
    no_local = SPEEDS.model_copy(update={"local": 0.0})
    table = hours_table(world.graph.adj, no_local)
    assert "c" not in table["b"] and "b" not in table["c"]
    assert table["a"]["b"] == pytest.approx(12 / 30)


def test_landmarks_are_spread_and_chosen_the_same_way_every_time() -> None:
    points = {"w": (-10.0, 0.0), "e": (10.0, 0.0), "n": (0.0, 9.0), "m": (0.0, 0.0),
              "s": (0.0, -9.0)}
    assert far_apart(points, 3) == ["e", "w", "n"]  # ties go to the first name
    assert far_apart(points, 9) == ["e", "w", "n", "s", "m"]
    assert far_apart({}, 4) == []


def test_a_map_in_pieces_has_bounds_of_no_road() -> None:
    roads = [{"from": "a", "to": "b", "class": "regional", "km": 12.0},
             {"from": "c", "to": "d", "class": "regional", "km": 15.0}]
    world = build_world(tiny(**{"map.roads": roads}))
    marks = landmarks(world.hours(SPEEDS), world.points)
    assert NO_ROAD in marks.hours["a"] and NO_ROAD in marks.hours["d"]
    assert route(world, "a", "b", SPEEDS).places == ("a", "b")
    with pytest.raises(NoRouteError):
        route(world, "a", "d", SPEEDS)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 30))
def test_estimates_shared_between_searches_never_change_a_route(seed: int, size: int) -> None:
    """Searches towards one goal share their estimates; each route is a fresh world's."""
    shared = build_world(tiny(**random_map(seed, size)))
    rng = random.Random(seed)
    places = sorted(shared.graph.nodes)
    goal = places[-1]
    edges = [frozenset(e) for e in shared.graph.edges]
    for _ in range(8):
        src = rng.choice(places[:-1])
        closed = {e for e in edges if rng.random() < 0.1}
        avoid = {p for p in places if rng.random() < 0.1}
        fresh = build_world(tiny(**random_map(seed, size)))
        answers = []
        for world in (shared, fresh):
            try:
                answers.append(route(world, src, goal, SPEEDS, avoid=avoid, closed=closed))
            except NoRouteError:
                answers.append(None)
        assert answers[0] == answers[1]
    assert shared.guesses and all(key[0] == goal for key in shared.guesses)


def test_the_estimates_kept_are_bounded_by_goal() -> None:
    world = build_world(tiny())
    for i in range(GUESS_GOALS + 5):
        world.estimates(f"goal{i}", SPEEDS)
    assert len(world.guesses) == GUESS_GOALS
    assert ("goal0", SPEEDS) not in world.guesses
    assert world.estimates(f"goal{GUESS_GOALS + 4}", SPEEDS) is world.estimates(
        f"goal{GUESS_GOALS + 4}", SPEEDS)
