"""The world graph, routing by travel time, territory cells and depth."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.geo import Projection, haversine
from engine.territory import build_territory, held_area
from engine.world import NoRouteError, build_world, depth_km, route
from scenario import load
from scenario.models import RoadSpeeds
from tests.engine.tiny import tiny

SPEEDS = RoadSpeeds(motorway=60, highway=60, regional=30, local=15, track=10)


def test_haversine_kursk_to_sudzha() -> None:
    # Kursk (51.7304 N, 36.1926 E) to Sudzha (51.1903 N, 35.2708 E): about 87 km apart
    assert haversine(51.7304, 36.1926, 51.1903, 35.2708) == pytest.approx(87.0, abs=1.5)


def test_projection_round_trips_and_keeps_distances() -> None:
    proj = Projection(51.4, 35.7)
    x, y = proj.xy(51.7304, 36.1926)
    assert proj.latlon(x, y) == pytest.approx((51.7304, 36.1926))
    kx, ky = proj.xy(51.1903, 35.2708)
    planar = ((x - kx) ** 2 + (y - ky) ** 2) ** 0.5
    assert planar == pytest.approx(haversine(51.7304, 36.1926, 51.1903, 35.2708), rel=0.005)


def test_road_length_is_given_or_great_circle_times_factor() -> None:
    scenario = tiny(**{"map.roads": [{"from": "a", "to": "b", "class": "regional"},
                                     {"from": "b", "to": "c", "class": "local", "km": 5.0},
                                     {"from": "c", "to": "d", "class": "regional"}]})
    world = build_world(scenario)
    straight = haversine(50.0, 30.0, 50.0, 30.2)
    assert world.graph.edges["a", "b"]["km"] == pytest.approx(straight * 1.2)
    assert world.graph.edges["b", "c"]["km"] == 5.0


def test_route_takes_the_fastest_roads_and_sums_hours() -> None:
    world = build_world(tiny())
    found = route(world, "a", "d", SPEEDS)
    assert found.places == ("a", "b", "c", "d")
    assert found.hours == pytest.approx(12 / 30 + 5 / 15 + 15 / 30)
    assert found.km == pytest.approx(32.0)


def test_closed_road_and_avoided_place_hide_edges() -> None:
    roads = [{"from": "a", "to": "b", "class": "regional", "km": 12.0},
             {"from": "b", "to": "c", "class": "local", "km": 5.0},
             {"from": "c", "to": "d", "class": "regional", "km": 15.0},
             {"from": "a", "to": "c", "class": "track", "km": 30.0}]
    world = build_world(tiny(**{"map.roads": roads}))
    assert route(world, "a", "d", SPEEDS).places == ("a", "b", "c", "d")
    detour = route(world, "a", "d", SPEEDS, closed={frozenset(("b", "c"))})
    assert detour.places == ("a", "c", "d")
    assert route(world, "a", "d", SPEEDS, avoid={"b"}).places == ("a", "c", "d")
    assert route(world, "a", "b", SPEEDS, avoid={"b"}).places == ("a", "b")  # an end is allowed
    with pytest.raises(NoRouteError, match="no road route from 'a' to 'd'"):
        route(world, "a", "d", SPEEDS, closed={frozenset(("b", "c")), frozenset(("a", "c"))})


def test_a_route_that_avoids_places_is_remembered_with_the_places_avoided() -> None:
    roads = [{"from": "a", "to": "b", "class": "regional", "km": 12.0},
             {"from": "b", "to": "c", "class": "local", "km": 5.0},
             {"from": "c", "to": "d", "class": "regional", "km": 15.0},
             {"from": "a", "to": "c", "class": "track", "km": 30.0}]
    world = build_world(tiny(**{"map.roads": roads}))
    enemy = {"b"}
    first = route(world, "a", "d", SPEEDS, avoid=enemy)
    assert route(world, "a", "d", SPEEDS, avoid={"b"}) is first  # asked again: remembered
    enemy.discard("b")  # the caller's set changes: a new question, a new route
    assert route(world, "a", "d", SPEEDS, avoid=enemy | {"x"}).places == ("a", "b", "c", "d")
    assert first.places == ("a", "c", "d") and len(world.detours) == 2
    fresh = build_world(tiny(**{"map.roads": roads}))
    assert route(fresh, "a", "d", SPEEDS, avoid={"b"}) == first


def test_a_class_at_zero_speed_is_not_used() -> None:
    world = build_world(tiny())
    no_local = SPEEDS.model_copy(update={"local": 0.0})
    with pytest.raises(NoRouteError):
        route(world, "a", "d", no_local)


def test_cells_sum_to_the_map_area() -> None:
    for scenario in (tiny(), load(Path("tests/data/mini/mini.yaml"))):
        world = build_world(scenario)
        territory = build_territory(world)
        assert territory.total_km2 == pytest.approx(world.area.area, rel=1e-9)
        assert all(area > 0 for area in territory.km2.values())


def test_held_area_counts_the_cells_of_a_side() -> None:
    territory = build_territory(build_world(tiny()))
    control = {"a": "w", "b": "w", "c": "e", "d": "e"}
    west = held_area(territory, control, "w")
    assert west == pytest.approx(territory.km2["a"] + territory.km2["b"])
    assert west + held_area(territory, control, "e") == pytest.approx(territory.total_km2)
    assert held_area(territory, control, "w", only=frozenset({"b"})) == territory.km2["b"]


def test_depth_is_distance_to_the_border() -> None:
    world = build_world(tiny())  # border along lon 30.3; c at lon 30.4, d at 30.6
    assert depth_km(world, "c") == pytest.approx(haversine(50.0, 30.3, 50.0, 30.4), rel=0.01)
    assert depth_km(world, "d") > depth_km(world, "c")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(50.0, 50.5), st.floats(30.0, 30.8)), min_size=2,
                max_size=12, unique_by=(lambda p: round(p[0], 3), lambda p: round(p[1], 3))))
def test_cells_partition_the_area_for_any_places(points: list[tuple[float, float]]) -> None:
    places = [{"id": f"p{i}", "name": f"P{i}", "kind": "village", "lat": lat, "lon": lon,
               "held_by": "w"} for i, (lat, lon) in enumerate(points)]
    roads = [{"from": f"p{i}", "to": f"p{i + 1}", "class": "local"}
             for i in range(len(points) - 1)]
    units = [{"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "p0", "source": "X"}]
    world = build_world(tiny(**{"map.places": places, "map.roads": roads, "units": units}))
    territory = build_territory(world)
    assert territory.total_km2 == pytest.approx(world.area.area, rel=1e-6)


def test_a_ground_radius_caps_each_places_ground_within_its_cell() -> None:
    world = build_world(tiny())
    whole, capped = build_territory(world), build_territory(world, radius_km=5.0)
    assert capped.cells == whole.cells  # the map's cells stay whole
    for place, km2 in capped.km2.items():
        assert km2 <= whole.km2[place] + 1e-9
        assert km2 <= math.pi * 5.0**2 + 1e-6
    assert capped.total_km2 < whole.total_km2
