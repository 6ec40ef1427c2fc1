"""Long-range fires, air defence, detection and fog, on small exact scenarios."""

from __future__ import annotations

import math
from typing import Any

import pytest

from engine.fires import intercepted
from engine.orders import Order
from engine.simulation import Simulation
from tests.engine.tiny import BASE, tiny

SPEEDS = {"motorway": 40, "highway": 40, "regional": 30, "local": 15, "track": 10}


def unit_type(**fields: Any) -> dict[str, Any]:
    """A unit type for these tests, with *fields* changed."""
    base: dict[str, Any] = {"name": "T", "category": "infantry", "echelon": "company",
                            "speed_kmh": SPEEDS, "personnel": 100, "vehicles": 10,
                            "attack": 10.0, "defence": 10.0, "sensor_km": 0.0}
    return base | fields


ROCKETS = unit_type(name="Rockets", category="rocket_artillery", attack=0.0,
                    weapon={"munition": "rocket", "range_km": 40, "ammunition": 12,
                            "salvo": 6, "reload_hours": 2, "speed_kmh": 3000})
SPOTTER = unit_type(name="Spotter", category="drone_team", sensor_km=30.0,
                    detection_per_hour=1.0)
CONVOY = unit_type(name="Convoy", category="convoy", vehicles=40, personnel=300,
                   attack=1.0, defence=1.0)


def scenario(units: list[dict[str, Any]], **more: Any) -> Any:
    types = dict(BASE["rules"]["unit_types"]) | {"rockets": ROCKETS, "spotter": SPOTTER,
                                                 "convoy": CONVOY}
    return tiny(**{"rules.unit_types": types, "units": units} | more)


def u(uid: str, side: str, type_: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"id": uid, "side": side, "type": type_, "name": uid.upper(), "at": at,
            "source": "X"} | fields


def strike_log(sim: Simulation) -> list[str]:
    return [e.text for e in sim.log.entries if e.kind in ("strike", "damage", "intercept")]


def test_a_strike_on_a_detected_convoy_destroys_vehicles_with_its_kill_chain() -> None:
    # a - b - c - d on lon 30.0 .. 30.6 (about 14 km apart); rockets at a, spotter at b
    sim = Simulation(scenario([u("r", "w", "rockets", "a"), u("s", "w", "spotter", "b"),
                               u("c1", "e", "convoy", "c")]), mode="free")
    sim.advance(0.5)  # the spotter's first roll (chance 1) has seen the convoy
    assert "c1" in sim.pictures["w"]
    assert sim.apply([Order("r", "strike", target="c1")], side="w") == []
    sim.advance(3.0)
    texts = strike_log(sim)
    assert texts[0].startswith("R is ordered to strike C1 (")
    assert texts[1] == "R launches 6 rockets at C1; flight 1 min"
    assessed = [e for e in sim.log.entries if e.kind == "strike" and "assessed" in e.data]
    [entry] = assessed
    chain = entry.data["chain"]
    assert chain["detected"] <= chain["decided"] < chain["launched"] < chain["impact"] \
        < chain["assessed"]
    assert chain["launched"] - chain["decided"] == pytest.approx(0.25)
    lost = sim.struck["c1"]
    assert lost > 0
    assert sim.units["c1"].strength == pytest.approx(1.0 - lost / 40)
    assert sim.units["r"].ammunition == 6


@pytest.mark.parametrize(("units", "target", "reason"), [
    ([u("r", "w", "rockets", "a"), u("c1", "e", "convoy", "d")], "c1",  # unseen: as if none
     "unknown target 'c1'; did you mean 'c'?"),
    ([u("r", "w", "rockets", "a")], "d", "D is out of range: 43 km away, R reaches 40 km"),
    ([u("r", "w", "inf", "a")], "c", "R has no long-range weapon"),
    ([u("r", "w", "rockets", "a")], "cc", "unknown target 'cc'; did you mean 'c'?"),
    ([u("r", "w", "rockets", "a"), u("w2", "w", "inf", "b")], "w2",
     "W2 is one of your own units"),
])
def test_refused_strikes_say_why(units: list[dict[str, Any]], target: str,
                                 reason: str) -> None:
    sim = Simulation(scenario(units), mode="free")
    sim.advance(0.5)
    [refused] = sim.apply([Order("r", "strike", target=target)], side="w")
    assert refused.reason == reason
    assert not strike_log(sim)


def test_no_ammunition_and_reloading_are_refused() -> None:
    sim = Simulation(scenario([u("r", "w", "rockets", "a")]), mode="free")
    sim.advance(0.5)
    assert sim.apply([Order("r", "strike", target="b")], side="w") == []
    [refused] = sim.apply([Order("r", "strike", target="b")], side="w")
    assert refused.reason == "R is reloading until 01 Jan 02:30"
    sim.advance(2.6)
    assert sim.apply([Order("r", "strike", target="b")], side="w") == []
    sim.advance(5.0)
    [refused] = sim.apply([Order("r", "strike", target="b")], side="w")
    assert refused.reason == "R has no ammunition left"


def test_a_stale_sighting_is_refused_and_shows_in_the_fog() -> None:
    # the spotter sees the convoy at c, then the convoy drives east out of sight
    spotter = unit_type(name="Spotter", category="drone_team", sensor_km=16.0,
                        detection_per_hour=1.0)
    types = dict(BASE["rules"]["unit_types"]) | {"rockets": ROCKETS, "spotter": spotter,
                                                 "convoy": CONVOY}
    sim = Simulation(tiny(**{"rules.unit_types": types, "units": [
        u("r", "w", "rockets", "a"), u("s", "w", "spotter", "b"), u("c1", "e", "convoy", "c"),
        u("hidden", "e", "inf", "d")]}), mode="free")
    sim.advance(0.5)
    sim.apply([Order("c1", "move", to="d")], side="e")
    sim.advance(4.0)
    east = sim.snapshot("w")
    seen = east.unit("c1")
    assert seen.place == "c" and seen.seen_hours == 0.0  # where it was, and when
    assert sim.units["c1"].place == "d"
    assert "hidden" not in {v.id for v in east.units}  # never detected: not there at all
    [refused] = sim.apply([Order("r", "strike", target="c1")], side="w")
    assert refused.reason == ("C1 was last seen 4.0 h ago; a strike needs a sighting no "
                              "older than 2 h")


def test_russian_snapshot_holds_no_undetected_ukrainian_unit() -> None:
    # with no sensors at all, neither side sees anything of the other, ever
    sim = Simulation(scenario([u("w1", "w", "inf", "a"), u("e1", "e", "inf", "d")]),
                     mode="free")
    sim.advance(24.0)
    assert {v.id for v in sim.snapshot("e").units} == {"e1"}
    assert {v.id for v in sim.snapshot("w").units} == {"w1"}
    assert {v.id for v in sim.snapshot().units} == {"w1", "e1"}


def test_a_struck_bridge_closes_its_roads_and_a_moving_unit_stops() -> None:
    bombs = unit_type(name="Bombers", category="aviation", attack=0.0,
                      weapon={"munition": "bomb", "range_km": 100, "ammunition": 4,
                              "salvo": 4, "reload_hours": 4, "speed_kmh": 800})
    types = dict(BASE["rules"]["unit_types"]) | {"bombers": bombs}
    places = [*BASE["map"]["places"][:2],
              {"id": "c", "name": "C bridge", "kind": "site", "lat": 50.0, "lon": 30.4,
               "held_by": "e", "tags": ["bridge"]}, BASE["map"]["places"][3]]
    effects = {"bomb": {"bridge_cut": 1.0}}
    sim = Simulation(tiny(**{"rules.unit_types": types, "map.places": places,
                             "rules.fires": {"effects": effects}, "units": [
                                 u("b", "w", "bombers", "a"), u("e1", "e", "inf", "d")]}),
                     mode="free")
    sim.apply([Order("e1", "move", to="a")], side="e")
    assert sim.apply([Order("b", "strike", target="c")], side="w") == []
    sim.advance(2.0)
    closed = [e.text for e in sim.log.entries if e.kind == "closed"]
    assert closed == ["The road C bridge-B is closed: C bridge is cut",
                      "The road C bridge-D is closed: C bridge is cut"]
    stops = [e.text for e in sim.log.entries if e.kind == "stop"]
    assert stops == ["E1 stops at C bridge: the road to B is closed and no other route leads to A"]


def _binomial_two_sided_p(k: int, n: int, p: float) -> float:
    """Exact two-sided binomial test p-value (sum of outcomes no likelier than k)."""
    def pmf(i: int) -> float:
        return math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                        + i * math.log(p) + (n - i) * math.log1p(-p))
    observed = pmf(k)
    return min(1.0, sum(pmf(i) for i in range(n + 1) if pmf(i) <= observed * (1 + 1e-7)))


@pytest.mark.parametrize("chance", [0.3, 0.6])
def test_interceptions_agree_with_the_rules_chance(chance: float) -> None:
    salvo = 2000
    drones = unit_type(name="Drones", category="drone_team", attack=0.0,
                       weapon={"munition": "drone", "range_km": 200, "ammunition": salvo,
                               "salvo": salvo, "reload_hours": 1, "speed_kmh": 150})
    sam = unit_type(name="SAM", category="air_defence", attack=0.0,
                    air_defence={"range_km": 20, "intercept": {"drone": chance}})
    types = dict(BASE["rules"]["unit_types"]) | {"drones": drones, "sam": sam}
    sim = Simulation(tiny(**{"rules.unit_types": types, "units": [
        u("dr", "w", "drones", "a"), u("ad", "e", "sam", "d")]}), mode="free")
    sim.apply([Order("dr", "strike", target="d")], side="w")
    sim.advance(3.0)
    shots = [e for e in sim.log.entries if e.kind == "intercept"]
    assert len(shots) == salvo
    hits = sum(e.data["intercepted"] for e in shots)
    assert all(e.data["chance"] == chance for e in shots)
    assert _binomial_two_sided_p(hits, salvo, chance) > 0.001
    assert intercepted(chance, chance - 1e-9) and not intercepted(chance, chance)


def test_an_intercept_names_the_munition_in_words() -> None:
    """``misses glide bomb 2``, not the rules' identifier ``glide_bomb``."""
    bombs = unit_type(name="Bombers", category="aviation", attack=0.0,
                      weapon={"munition": "glide_bomb", "range_km": 200, "ammunition": 4,
                              "salvo": 2, "reload_hours": 1, "speed_kmh": 500})
    sam = unit_type(name="SAM", category="air_defence", attack=0.0,
                    air_defence={"range_km": 20, "intercept": {"glide_bomb": 0.5}})
    types = dict(BASE["rules"]["unit_types"]) | {"bombers": bombs, "sam": sam}
    sim = Simulation(tiny(**{"rules.unit_types": types, "units": [
        u("bo", "w", "bombers", "a"), u("ad", "e", "sam", "d")]}), mode="free")
    sim.apply([Order("bo", "strike", target="d")], side="w")
    sim.advance(3.0)
    shots = [e.text for e in sim.log.entries if e.kind == "intercept"]
    assert len(shots) == 2
    assert all(" glide bomb " in text and "_" not in text for text in shots), shots
