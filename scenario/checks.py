"""Cross-reference checks: what a scenario's fields say about each other.

The models check each field alone; here a valid-looking scenario is checked as a whole:
ids are unique, every reference names something that exists (with the closest known id as
a hint), roads join two different places, every place can be reached by road, and dates
fall inside the scenario's window. Each problem points at the offending value in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from scenario import feasible, sourcing
from scenario.errors import Problem, did_you_mean
from scenario.models import InjectEntry, OrderEntry, Scenario
from scenario.yamlfile import Document, YamlPath


def check(scenario: Scenario, doc: Document, shadow: frozenset[str] | None = None,
          ) -> list[Problem]:
    """Every cross-reference problem of *scenario*, positioned in *doc*.

    *shadow*, when given, holds the ids of items left out of *scenario* because their
    fields are invalid (reported already): a reference to one of them is not reported
    again, nor is what their absence alone would cause (the road network split, a source
    cited only by them).
    """
    checker = _Checker(scenario, doc, shadow or frozenset())
    steps = [checker.unique_ids, checker.sources, checker.sides, checker.units, checker.roads,
             checker.off_map, checker.timeline, checker.claims_and_objectives, checker.dates]
    if shadow is None:
        steps.append(checker.reachable)
    steps.append(checker.renamed)
    for step in steps:
        step()
    checker.problems += sourcing.check(scenario, doc, checker.shadow)
    if shadow is None and not checker.problems:  # asked only of a sound, whole scenario
        checker.problems += feasible.check(scenario, doc)
    return checker.problems


class _Checker:
    """Collects problems for one scenario; one method per kind of check."""

    def __init__(self, scenario: Scenario, doc: Document, shadow: frozenset[str]) -> None:
        self.s = scenario
        self.doc = doc
        self.shadow = shadow
        self.problems: list[Problem] = []
        self.places = {p.id for p in scenario.map.places}
        self.areas = {a.id for a in scenario.map.off_map}
        self.unit_ids = {u.id for u in scenario.units}
        self.side_ids = {s.id for s in scenario.sides}
        self.destinations = self.places | self.areas
        self.anything = self.destinations | self.unit_ids
        self.named = _fields_named(doc.data, {"source", "also", "held_by", "side", "about"})
        self.unknown: dict[str, list[Problem]] = {}
        """Problems of unknown references, by the unknown id."""
        self.copies: list[tuple[Problem, YamlPath]] = []
        """Problems of duplicate place, area or unit ids, with the duplicate's path."""

    def report(self, path: YamlPath, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.doc.where(path), message, hint))

    def ref(self, path: YamlPath, value: str | None, known: set[str], what: str) -> None:
        """Report *value* at *path* unless it is one of *known* (or None)."""
        if value is not None and value not in known and value not in self.shadow:
            hint = did_you_mean(value, known) or _listing(what, known)
            self.report(path, f"unknown {what} {value!r}", hint)
            self.unknown.setdefault(value, []).append(self.problems[-1])

    def unique_ids(self) -> None:
        groups: dict[str, list[tuple[YamlPath, str]]] = {
            "source": [(("sources", i, "id"), x.id) for i, x in enumerate(self.s.sources)],
            "side": [(("sides", i, "id"), x.id) for i, x in enumerate(self.s.sides)],
            "claim": [(("claims", i, "id"), x.id) for i, x in enumerate(self.s.claims)],
            "objective": [(("objectives", i, "id"), x.id)
                          for i, x in enumerate(self.s.objectives)],
            "variant": [(("variants", i, "id"), x.id) for i, x in enumerate(self.s.variants)],
            "timeline entry": [(("timeline", i, "id"), x.id)
                               for i, x in enumerate(self.s.timeline) if x.id is not None],
            "place, off-map area or unit": [
                *((("map", "places", i, "id"), x.id) for i, x in enumerate(self.s.map.places)),
                *((("map", "off_map", i, "id"), x.id)
                  for i, x in enumerate(self.s.map.off_map)),
                *((("units", i, "id"), x.id) for i, x in enumerate(self.s.units)),
            ],
        }
        for what, entries in groups.items():
            first: dict[str, YamlPath] = {}
            for path, ident in entries:
                if ident in first:
                    self.report(path, f"duplicate {what} id {ident!r}",
                                self.used_at(path, first[ident]))
                    if what.startswith("place"):
                        self.copies.append((self.problems[-1], path))
                else:
                    first[ident] = path

    def used_at(self, path: YamlPath, first: YamlPath) -> str | None:
        """``already used at line 28`` (with the file's name, if it is another file)."""
        here, there = self.doc.where(path), self.doc.where(first)
        if there is None:
            return None
        if here is not None and here.file == there.file:
            return f"already used at line {there.line}"
        return f"already used at {there.file}:{there.line}"

    def renamed(self) -> None:
        """A copied item whose id was not changed: its old id, unknown now, is one mistake.

        When a duplicate id's item is named like an id that is now unknown (``name:
        Dunmore`` and references to ``dunmore``), the id was overwritten: the unknown
        references are folded into the duplicate's problem.
        """
        for problem, path in self.copies:
            name = _get(self.doc.data, path[:-1]).get("name")
            slug = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")
            lost = self.unknown.get(slug, [])
            if not lost:
                continue
            lines = ", ".join(str(p.position.line) for p in lost if p.position)
            self.problems = [p for p in self.problems if p not in lost and p is not problem]
            self.problems.append(Problem(problem.position, problem.message,
                                         f"{problem.hint}; this one is named {name!r}, and "
                                         f"{slug!r} (at line{'s' if len(lost) > 1 else ''} "
                                         f"{lines}) is unknown: write 'id: {slug}'"))

    def sources(self) -> None:
        known = {s.id for s in self.s.sources}
        for path, value in self.named["source"]:
            if isinstance(value, str) and path[0] != "sources":
                self.ref(path, value, known, "source")
        cited: set[str] = set()
        for path, value in self.named["source"]:
            if isinstance(value, str) and path[0] != "sources":
                cited.add(value)
        for path, values in self.named["also"]:
            if isinstance(values, list) and path[0] != "variants":
                for j, value in enumerate(values):
                    if isinstance(value, str):
                        cited.add(value)
                        self.ref((*path, j), value, known, "source")
        for i, source in enumerate(self.s.sources):
            if source.id not in cited and source.id not in self.shadow:
                self.report(("sources", i, "id"), f"source {source.id!r} is cited nowhere",
                            "cite it with 'source:' or 'also:', or remove it")

    def sides(self) -> None:
        for path, value in [*self.named["held_by"], *self.named["side"], *self.named["about"]]:
            if isinstance(value, str) and path[0] != "variants":
                self.ref(path, value, self.side_ids, "side")

    def units(self) -> None:
        types = set(self.s.rules.unit_types)
        for i, unit in enumerate(self.s.units):
            self.ref(("units", i, "type"), unit.type, types, "unit type")
            self.ref(("units", i, "at"), unit.at, self.destinations, "place")

    def roads(self) -> None:
        first: dict[frozenset[str], int] = {}
        for i, road in enumerate(self.s.map.roads):
            ends = frozenset((road.from_, road.to))
            if ends in first and len(ends) == 2:
                self.doubled(i, first[ends])
            first.setdefault(ends, i)
            for end in ("from", "to"):
                value = road.from_ if end == "from" else road.to
                if value in self.areas:
                    self.report(("map", "roads", i, end),
                                f"road ends at off-map area {value!r}",
                                "roads join map places; link an off-map area with 'links:'")
                else:
                    self.ref(("map", "roads", i, end), value, self.places, "place")
            if road.from_ == road.to:
                self.report(("map", "roads", i, "to"),
                            f"road from {road.from_!r} to itself",
                            "a road joins two different places")

    def doubled(self, i: int, before: int) -> None:
        """Report road *i*, which joins the same two places as road *before*."""
        road, other = self.s.map.roads[i], self.s.map.roads[before]
        where = self.doc.where(("map", "roads", before))
        line = f" (line {where.line})" if where else ""
        self.report(("map", "roads", i), f"a second road between {road.from_!r} and "
                    f"{road.to!r}: the first{line} is a {other.class_} road, this one "
                    f"{road.class_}", "keep one road between two places; the map keeps only "
                    "the faster of the two")

    def off_map(self) -> None:
        for i, area in enumerate(self.s.map.off_map):
            for j, link in enumerate(area.links):
                self.ref(("map", "off_map", i, "links", j, "to"), link.to,
                         self.destinations, "place")
            if area.front is not None:
                self.ref(("map", "off_map", i, "front", "objective"), area.front.objective,
                         self.destinations, "place")

    def timeline(self) -> None:
        sides_of = {u.id: u.side for u in self.s.units}
        for i, entry in enumerate(self.s.timeline):
            if isinstance(entry, OrderEntry):
                self.order(i, entry, sides_of)
            elif isinstance(entry, InjectEntry):
                for j, place in enumerate(entry.places):
                    self.ref(("timeline", i, "places", j), place, self.anything, "place")

    def order(self, i: int, entry: OrderEntry, sides_of: dict[str, str]) -> None:
        for j, unit in enumerate(entry.units):
            self.ref(("timeline", i, "units", j), unit, self.unit_ids, "unit")
            if unit in sides_of and sides_of[unit] != entry.side:
                self.report(("timeline", i, "units", j),
                            f"unit {unit!r} belongs to side {sides_of[unit]!r}, "
                            f"not {entry.side!r}", "an order moves its own side's units")
        self.ref(("timeline", i, "to"), entry.to, self.destinations, "place")
        for j, place in enumerate(entry.via):
            self.ref(("timeline", i, "via", j), place, self.destinations, "place")
        self.ref(("timeline", i, "target"), entry.target, self.anything, "target")

    def claims_and_objectives(self) -> None:
        for i, claim in enumerate(self.s.claims):
            self.ref(("claims", i, "subject"), claim.subject, self.anything, "subject")
            if claim.value is None and claim.range is None:
                self.report(("claims", i), f"claim {claim.id!r} has no figure",
                            "give 'value: N' or 'range: [low, high]'")
        for i, objective in enumerate(self.s.objectives):
            for j, place in enumerate(objective.places):
                self.ref(("objectives", i, "places", j), place, self.anything, "place")

    def reachable(self) -> None:
        graph = nx.Graph()
        graph.add_nodes_from(p.id for p in self.s.map.places)
        graph.add_edges_from((r.from_, r.to) for r in self.s.map.roads
                             if r.from_ in self.places and r.to in self.places)
        components = sorted(nx.connected_components(graph), key=len, reverse=True)
        main = components[0]
        for i, place in enumerate(self.s.map.places):
            if place.id not in main:
                self.report(("map", "places", i, "id"),
                            f"place {place.id!r} cannot be reached by road from "
                            f"{min(main)!r} and the rest of the map",
                            "add a road joining it to the network")

    def dates(self) -> None:
        start, end = self.s.metadata.start, self.s.metadata.end
        window = f"the scenario runs from {start.isoformat()} to {end.isoformat()}"
        for i, unit in enumerate(self.s.units):
            if unit.available is not None and not start <= unit.available <= end:
                self.report(("units", i, "available"), f"unit {unit.id!r} arrives "
                            f"{unit.available.isoformat()}, outside the scenario", window)
        for i, entry in enumerate(self.s.timeline):
            if not start <= entry.at <= end:
                self.report(("timeline", i, "at"), f"entry at {entry.at.isoformat()} is "
                            "outside the scenario", window)
        for i, objective in enumerate(self.s.objectives):
            if objective.by is not None and not start <= objective.by <= end:
                self.report(("objectives", i, "by"), f"objective {objective.id!r} is due "
                            f"{objective.by.isoformat()}, outside the scenario", window)
        for i, claim in enumerate(self.s.claims):
            if not _day(start) <= claim.date <= _day(end):
                self.report(("claims", i, "date"), f"claim {claim.id!r} dated "
                            f"{claim.date.isoformat()} is outside the scenario", window)


def _get(data: Any, path: YamlPath) -> Any:
    """The mapping at *path* in *data* (an empty one if there is none)."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def _day(moment: dt.datetime) -> dt.date:
    return moment.date()


def _listing(what: str, known: Iterable[str]) -> str:
    names = sorted(known)
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"known {what}s: {shown}" if names else f"no {what} is defined"


def _fields_named(data: Any, names: set[str]) -> dict[str, list[tuple[YamlPath, Any]]]:
    """Every (path, value) in *data* whose key is one of *names*, by name.

    The walk is iterative, so no nesting depth can overflow the stack. The order is not the
    file's: a ScenarioError sorts its problems by position.
    """
    found: dict[str, list[tuple[YamlPath, Any]]] = {name: [] for name in names}
    stack: list[tuple[YamlPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            items: list[tuple[str | int, Any]] = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            continue
        for key, value in items:
            if key in names:
                assert isinstance(key, str)
                found[key].append(((*path, key), value))
            if isinstance(value, dict | list):  # only these hold more (and take the time)
                stack.append(((*path, key), value))
    return found
