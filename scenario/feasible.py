"""Checks that a scenario can run as written: what validates field by field but would fail.

The engine refuses, while running, an order to a unit that has not arrived, an order that
sends a unit off the map or routes it through an off-map area, a unit whose area has no
chain of links onto the map, and a move along roads the unit's type cannot use. Here each
is found before the run, with the file position of the value to change. A place far from
all the others (latitude and longitude swapped, a digit wrong) is found too: it would
stretch the map and its territory over the gap.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator

import networkx as nx

from scenario.errors import Problem
from scenario.geodesy import haversine
from scenario.links import entries
from scenario.models import ROAD_CLASSES, OffMap, OrderEntry, Place, Scenario, Unit
from scenario.yamlfile import Document, YamlPath

MOVES = frozenset({"move", "attack", "withdraw"})
"""Actions that send units along roads to ``to``, through ``via``."""
FAR_KM = 250.0
"""A place this far (km) from the middle of the map, and far beyond the rest, is suspect."""
FAR_FACTOR = 8.0
"""... far beyond: more than this many times the median place's distance from the middle."""


def check(scenario: Scenario, doc: Document) -> list[Problem]:
    """Every problem that would stop *scenario* running as written, positioned in *doc*.

    Asked only of a scenario whose fields and references are all valid.
    """
    run = _Feasible(scenario, doc)
    for step in (run.arrivals, run.destinations, run.chains, run.routes, run.spread):
        step()
    return run.problems


class _Feasible:
    """Collects the problems of one scenario; one method per kind of check."""

    def __init__(self, scenario: Scenario, doc: Document) -> None:
        self.s = scenario
        self.doc = doc
        self.problems: list[Problem] = []
        self.places = {p.id for p in scenario.map.places}
        self.areas = {a.id: a for a in scenario.map.off_map}
        self.units = {u.id: u for u in scenario.units}
        self._entries: dict[tuple[str, str], dict[str, float]] = {}
        self.unplaced: set[str] = set()
        """Units whose start is reported already (an area with no way onto the map)."""

    def report(self, path: YamlPath, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.doc.where(path), message, hint))

    def orders(self) -> Iterator[tuple[int, OrderEntry]]:
        for i, entry in enumerate(self.s.timeline):
            if isinstance(entry, OrderEntry):
                yield i, entry

    def arrivals(self) -> None:
        """An order to a unit comes no earlier than the unit arrives."""
        for i, entry in self.orders():
            for j, unit_id in enumerate(entry.units):
                unit = self.units.get(unit_id)
                if unit is not None and unit.available is not None and entry.at < unit.available:
                    self.report(("timeline", i, "units", j), f"unit {unit_id!r} is ordered at "
                                f"{entry.at.isoformat()} but arrives only at "
                                f"{unit.available.isoformat()}",
                                "give the order at or after its arrival, or make it "
                                "'available' earlier")

    def destinations(self) -> None:
        """A move goes to a place on the map, through places on the map."""
        for i, entry in self.orders():
            if entry.action not in MOVES:
                continue
            for j, place in enumerate(entry.via):
                if place in self.areas:
                    self.report(("timeline", i, "via", j), f"{place!r} is an off-map area: a "
                                "route passes only through places on the map",
                                "name a place on the map, or leave it out")
            if entry.to in self.areas:
                self.area_destination(i, entry, entry.to)

    def area_destination(self, i: int, entry: OrderEntry, area: str) -> None:
        """An order may send units to an area only where they already are (to stay)."""
        leaving = [u for u in entry.units if u in self.units and self.units[u].at != area]
        if leaving:
            self.report(("timeline", i, "to"), f"the order sends {_ids(leaving)} to off-map "
                        f"area {area!r}: units leave an area only for a place on the map, "
                        "and never leave the map",
                        f"send them to a place on the map; {area!r} is linked to "
                        f"{_ids(link.to for link in self.areas[area].links)}")

    def chains(self) -> None:
        """Units in an off-map area have a chain of links onto the map for their side."""
        stuck: dict[str, list[Unit]] = {}
        for unit in self.s.units:
            if unit.at in self.areas and not self.entries(unit.at, unit.side):
                stuck.setdefault(unit.at, []).append(unit)
        known = self.places | set(self.areas)
        for group in _groups([a for a in self.s.map.off_map if a.id in stuck]):
            links = [link.to for area in group for link in area.links]
            if all(to in known for to in links):  # an unknown target is reported by itself
                self.report_stuck(group, [u for a in group for u in stuck[a.id]])

    def report_stuck(self, group: list[OffMap], units: list[Unit]) -> None:
        """Report the areas of *group*, from which *units* have no way onto the map."""
        first = group[0]
        index = next(i for i, a in enumerate(self.s.map.off_map) if a is first)
        side = units[0].side
        enemy = sorted({link.to for a in group for link in a.links
                        if link.to in self.areas and self.areas[link.to].held_by != side})
        why = (f"; {_ids(enemy)} {'is' if len(enemy) == 1 else 'are'} the other side's, and "
               "a chain passes only through a side's own areas" if enemy else "")
        what = "area" if len(group) == 1 else "areas"
        self.report(("map", "off_map", index, "links"), f"no chain of links leads from "
                    f"off-map {what} {_ids(a.id for a in group)} onto the map for "
                    f"{side!r}, whose unit{'' if len(units) == 1 else 's'} "
                    f"{_ids(u.id for u in units)} {'starts' if len(units) == 1 else 'start'}"
                    f" there{why}",
                    f"link {'it' if len(group) == 1 else 'one of them'} to a place on the "
                    f"map, or to an area of {side!r} that is linked to the map")
        self.unplaced |= {u.id for u in units}

    def routes(self) -> None:
        """A unit can reach where its orders send it by roads its type can use."""
        parts: dict[str, dict[str, int]] = {}
        alone: dict[str, set[str]] = {}
        isolated: set[str] = set()
        for k, unit in enumerate(self.s.units):
            if unit.type in self.s.rules.unit_types and unit.id not in self.unplaced:
                if unit.type not in parts:
                    graph = self.road_graph(unit.type)
                    parts[unit.type] = _components(graph)
                    alone[unit.type] = {node for node, degree in graph.degree if degree == 0}
                if self.cannot_leave(k, unit, alone[unit.type]):
                    isolated.add(unit.id)
        skip = isolated | self.unplaced
        for i, entry in self.orders():
            if entry.action in MOVES:
                for unit_id in entry.units:
                    ordered = self.units.get(unit_id)
                    if (ordered is not None and unit_id not in skip
                            and ordered.type in parts):
                        self.reach(i, entry, ordered, parts[ordered.type])

    def entries(self, area: str, side: str) -> dict[str, float]:
        """The map places units of *side* in *area* can enter (:func:`scenario.links.entries`).

        Worked out once for each area and side.
        """
        key = (area, side)
        if key not in self._entries:
            self._entries[key] = entries(self.s.map.off_map, area, side, self.places)
        return self._entries[key]

    def road_graph(self, type_id: str) -> nx.Graph:
        """The roads a unit of type *type_id* can use (speed above 0), between places."""
        speeds = self.s.rules.unit_types[type_id].speed_kmh
        graph = nx.Graph()
        graph.add_nodes_from(self.places)
        graph.add_edges_from((r.from_, r.to) for r in self.s.map.roads
                             if getattr(speeds, r.class_) > 0
                             and r.from_ in self.places and r.to in self.places)
        return graph

    def starts(self, unit: Unit) -> set[str]:
        """Where *unit* first stands on the map: its place, or its area's entries."""
        if unit.at in self.places:
            return {unit.at}
        return set(self.entries(unit.at, unit.side))

    def cannot_leave(self, k: int, unit: Unit, alone: set[str]) -> bool:
        """Report a unit of a moving type that stands where no road it can use leads.

        *alone* holds the places no road the unit's type can use leads to.
        """
        speeds = self.s.rules.unit_types[unit.type].speed_kmh
        if unit.at not in self.places or all(getattr(speeds, c) == 0 for c in ROAD_CLASSES):
            return False
        if unit.at not in alone:
            return False
        here = sorted({r.class_ for r in self.s.map.roads if unit.at in (r.from_, r.to)})
        self.report(("units", k, "at"), f"unit {unit.id!r} cannot leave {unit.at!r}: its "
                    f"type {unit.type!r} cannot use the roads there "
                    f"({', '.join(here) or 'none'})",
                    f"place it where a road it can use leads, or give {unit.type!r} a speed "
                    f"on {', '.join(here) or 'a road'}")
        return True

    def reach(self, i: int, entry: OrderEntry, unit: Unit, part: dict[str, int]) -> None:
        """Report the first place of the order *unit* cannot reach by roads it can use."""
        reachable = {part[start] for start in self.starts(unit)}
        for path, place in [(("timeline", i, "to"), entry.to),
                            *((("timeline", i, "via", j), p) for j, p in enumerate(entry.via))]:
            if place in self.places and part[place] not in reachable:
                shut = _shut_classes(self.s, unit.type)
                self.report(path, f"unit {unit.id!r} cannot reach {place!r} from "
                            f"{unit.at!r} by roads its type {unit.type!r} can use"
                            + (f" (not {', '.join(shut)})" if shut else ""),
                            "add a road it can use, or send another unit")
                return

    def spread(self) -> None:
        """A place far from the middle of the map, where the others are all near it."""
        places = self.s.map.places
        if len(places) < 3:
            return
        lat0 = statistics.median(p.lat for p in places)
        lon0 = statistics.median(p.lon for p in places)
        far = [haversine(p.lat, p.lon, lat0, lon0) for p in places]
        limit = max(FAR_KM, FAR_FACTOR * statistics.median(far))
        for i, (place, km) in enumerate(zip(places, far, strict=True)):
            if km > limit:
                self.report(("map", "places", i, "lat"), f"place {place.id!r} lies "
                            f"{km:,.0f} km from the middle of the map, where the other "
                            f"places lie within {limit:,.0f} km",
                            _far_hint(place, lat0, lon0, limit))


def _far_hint(place: Place, lat0: float, lon0: float, limit: float) -> str:
    """Say to swap lat and lon where that brings the place among the others."""
    if abs(place.lon) <= 90 and haversine(place.lon, place.lat, lat0, lon0) <= limit:
        return (f"lat and lon look swapped: write lat: {place.lon:g}, lon: {place.lat:g}")
    return (f"check lat and lon: the middle of the map is near lat {lat0:.2f}, "
            f"lon {lon0:.2f}")


def _components(graph: nx.Graph) -> dict[str, int]:
    """Each node of *graph*, with the number of its connected component."""
    return {node: n for n, part in enumerate(nx.connected_components(graph)) for node in part}


def _shut_classes(scenario: Scenario, type_id: str) -> list[str]:
    speeds = scenario.rules.unit_types[type_id].speed_kmh
    return [c for c in ROAD_CLASSES if getattr(speeds, c) == 0]


def _groups(stuck: list[OffMap]) -> list[list[OffMap]]:
    """*stuck* areas in groups joined by links (one mistake each), in file order."""
    ids = {a.id: a for a in stuck}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((a.id, link.to) for a in stuck for link in a.links if link.to in ids)
    order = {a.id: n for n, a in enumerate(stuck)}
    groups = [sorted(c, key=order.__getitem__) for c in nx.connected_components(graph)]
    return [[ids[i] for i in g] for g in sorted(groups, key=lambda g: order[g[0]])]


def _ids(ids: Iterable[str]) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    shown = [repr(i) for i in dict.fromkeys(ids)]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
