"""Off-map links: the quickest way from an off-map area onto the map.

Each off-map area lists links, one way, with their transit hours: to a place on the map,
or to another area. A unit leaves its area for the map along a chain of links, which may
pass through other areas its side holds (never through the enemy's): a grouping on the
Kharkiv axis reaches Kursk through Belgorod. The chain is travelled as one transit of its
total hours. A link to a place on the map ends a chain.

The engine moves units by it (:meth:`engine.simulation.Simulation`), and validation checks
by it that every area holding units has a way onto the map (:mod:`scenario.feasible`), so
the two cannot differ.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

import networkx as nx

from scenario.models import OffMap


def entries(off_map: Sequence[OffMap], start: str, side: str,
            on_map: Container[str]) -> dict[str, float]:
    """The map places a unit of *side* in area *start* can enter, with the quickest hours.

    Empty when no chain of links from *start* reaches the map.
    """
    graph = nx.DiGraph()
    graph.add_node(start)
    for area in off_map:
        if area.id == start or area.held_by == side:
            graph.add_weighted_edges_from((area.id, link.to, link.hours) for link in area.links)
    hours = nx.single_source_dijkstra_path_length(graph, start)
    return {place: float(h) for place, h in hours.items() if place in on_map}
