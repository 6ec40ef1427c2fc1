"""Off-map areas reach the map by chains of links, through their own side's areas only."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine import Order, Simulation
from scenario import load
from scenario.links import entries
from scenario.models import Scenario

KURSK = Path("scenarios/kursk_2024.yaml")


@cache
def kursk() -> Scenario:
    return load(KURSK)


def reach(area: str, side: str) -> dict[str, float]:
    scenario = kursk()
    return entries(scenario.map.off_map, area, side, {p.id for p in scenario.map.places})


def test_a_direct_link_onto_the_map_is_one_entry() -> None:
    assert reach("belgorod", "ru") == {"kursk": 4.0}


def test_a_chain_through_an_own_area_adds_its_hours() -> None:
    """The Kharkiv axis has no link onto the map; through Belgorod (6 h) it has (4 h)."""
    assert reach("kharkiv_axis", "ru") == {"kursk": 10.0}


def test_a_chain_never_passes_through_the_enemy_s_area() -> None:
    """Pokrovsk (held by Ukraine) is linked from the Pokrovsk axis, but leads no Russian on."""
    assert reach("pokrovsk_axis", "ru") == {"kursk": 48.0}
    assert reach("kharkiv", "ua") == {}  # only through the Russian-held axis


def test_a_grouping_on_the_kharkiv_axis_reaches_kursk_through_belgorod() -> None:
    sim = Simulation(kursk(), seed=1, mode="free")
    assert sim.apply([Order("ru_kharkiv_1", "move", to="kursk")], side="ru") == []
    sim.advance(9.9)
    assert sim.units["ru_kharkiv_1"].status == "transit"
    sim.advance(10.1)
    unit = sim.units["ru_kharkiv_1"]
    assert unit.status == "active" and unit.place == "kursk"
    [entered] = [e for e in sim.log.entries if e.kind == "arrival"
                 and e.data.get("unit") == "ru_kharkiv_1" and e.hours > 0]
    assert entered.hours == 10.0 and "from Kharkiv axis" in entered.text
