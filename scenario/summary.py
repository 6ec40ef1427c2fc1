"""A scenario in figures: what ``salient info`` shows, computed from the scenario."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scenario.models import ROAD_CLASSES, InjectEntry, OrderEntry, Scenario


@dataclass(frozen=True)
class Summary:
    """Counts that describe a scenario at a glance."""

    title: str
    places_by_kind: dict[str, int]
    roads_by_class: dict[str, int]
    units_by_side: dict[str, int]
    personnel_by_side: dict[str, int]
    off_map: int
    orders: int
    injects: int
    claims: int
    sources: int
    objectives: int
    variants: int
    timeline_span: tuple[str, str] | None


def summarise(scenario: Scenario) -> Summary:
    """Count places, roads, units, timeline entries and sources of *scenario*."""
    kinds = Counter(p.kind for p in scenario.map.places)
    classes = Counter(r.class_ for r in scenario.map.roads)
    units = Counter(u.side for u in scenario.units)
    personnel: Counter[str] = Counter()
    for unit in scenario.units:
        nominal = scenario.rules.unit_types[unit.type].personnel
        personnel[unit.side] += round(nominal * unit.strength)
    times = sorted(e.at for e in scenario.timeline)
    return Summary(
        title=scenario.metadata.title,
        places_by_kind=dict(sorted(kinds.items())),
        roads_by_class={c: classes[c] for c in ROAD_CLASSES if classes[c]},
        units_by_side={s.id: units[s.id] for s in scenario.sides},
        personnel_by_side={s.id: personnel[s.id] for s in scenario.sides},
        off_map=len(scenario.map.off_map),
        orders=sum(isinstance(e, OrderEntry) for e in scenario.timeline),
        injects=sum(isinstance(e, InjectEntry) for e in scenario.timeline),
        claims=len(scenario.claims),
        sources=len(scenario.sources),
        objectives=len(scenario.objectives),
        variants=len(scenario.variants),
        timeline_span=(times[0].isoformat(), times[-1].isoformat()) if times else None,
    )
