"""Metamorphic tests: two ways of making the same run must give the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from engine.simulation import Simulation
from scenario import load
from scenario.models import InjectEntry, Scenario

KURSK = Path("scenarios/kursk_2024.yaml")
SEED = 5


@cache
def kursk() -> Scenario:
    return load(KURSK)


def record(sim: Simulation) -> tuple[list[Any], list[dict[str, float]]]:
    """The run as data: every log entry and every metrics row."""
    log = [(e.hours, e.kind, e.text, e.sides, json.dumps(e.data, sort_keys=True, default=str))
           for e in sim.log.entries]
    return log, sim.metrics.rows


def whole() -> tuple[list[Any], list[dict[str, float]]]:
    sim = Simulation(kursk(), seed=SEED)
    sim.run()
    return record(sim)


def test_a_whole_run_equals_the_same_run_turn_by_turn_and_hour_by_hour() -> None:
    by_turn = Simulation(kursk(), seed=SEED)
    while not by_turn.finished:
        by_turn.advance_turn()
    by_hour = Simulation(kursk(), seed=SEED)
    hour = 0
    while not by_hour.finished:
        hour += 1
        by_hour.advance(float(hour))
    expected = whole()
    assert record(by_turn) == expected
    assert record(by_hour) == expected


def test_the_metrics_recorded_on_change_match_the_state_at_every_hour() -> None:
    from engine.metrics import measure

    # A front moves between its rows; its row is exact at each day boundary.
    sim = Simulation(kursk(), seed=SEED)
    hour = 0
    while not sim.finished:
        hour += 1
        sim.advance(float(hour))
        recorded, now = sim.metrics.at(float(hour)), measure(sim)
        for key, value in now.items():
            if not key.startswith("front_km.") or hour % 24 == 0:
                assert recorded[key] == value, (hour, key)


def test_snapshots_every_hour_change_nothing() -> None:
    sim = Simulation(kursk(), seed=SEED)
    sides = [None, *(s.id for s in kursk().sides)]
    hour = 0
    while not sim.finished:
        hour += 1
        sim.advance(float(hour))
        for side in sides:
            sim.snapshot(side)
    assert record(sim) == whole()


def test_removing_an_inject_that_only_logs_changes_nothing_else() -> None:
    scenario = kursk()
    [index] = [i for i, e in enumerate(scenario.timeline)
               if isinstance(e, InjectEntry) and e.category == "statement"][:1]
    removed = scenario.timeline[index]
    lighter = scenario.model_copy(update={
        "timeline": scenario.timeline[:index] + scenario.timeline[index + 1:]})
    sim = Simulation(lighter, seed=SEED)
    sim.run()
    log, metrics = record(sim)
    full_log, full_metrics = whole()
    assert metrics == full_metrics
    assert log == [e for e in full_log if not (e[1] == "inject" and removed.title in e[2])]


def run_digest(hash_seed: str) -> str:
    code = ("import hashlib, json; from engine import Simulation; from scenario import load; "
            f"s = Simulation(load('{KURSK}'), seed={SEED}); s.run(); "
            "print(hashlib.sha256(json.dumps([(e.hours, e.text, e.data) for e in "
            "s.log.entries] + s.metrics.rows, default=str).encode()).hexdigest())")
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=True)
    return done.stdout.strip()


def test_the_hash_seed_changes_nothing() -> None:
    assert run_digest("1") == run_digest("4242")


def test_an_added_early_engagement_leaves_a_later_unrelated_one_as_it_was() -> None:
    # West and East fight at B from hour 20. A variant adds an early fight far away, at X
    # on a road of its own: the fight at B must see exactly the same rolls, because its
    # draws are keyed by what it is (place, moment), not by how many fights came before.
    from engine.orders import Order
    from tests.engine.tiny import BASE, tiny

    far = [{"id": "x", "name": "X", "kind": "village", "lat": 51.0, "lon": 30.0,
            "held_by": "w"},
           {"id": "y", "name": "Y", "kind": "village", "lat": 51.0, "lon": 30.1,
            "held_by": "e"}]

    def run(extra: bool) -> list[tuple[float, Any]]:
        units = [
            {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "b", "source": "X"},
            {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "c", "source": "X"},
        ]
        changes: dict[str, Any] = {"rules.combat.dispersion": 0.3}
        if extra:
            units += [{"id": "w9", "side": "w", "type": "inf", "name": "W9", "at": "x",
                       "source": "X"},
                      {"id": "e9", "side": "e", "type": "inf", "name": "E9", "at": "y",
                       "source": "X"}]
            changes["map.places"] = [*BASE["map"]["places"], *far]
            changes["map.roads"] = [*BASE["map"]["roads"],
                                    {"from": "x", "to": "y", "class": "local", "km": 6.0}]
        sim = Simulation(tiny(units=units, **changes), mode="free")
        if extra:
            sim.apply([Order("e9", "attack", to="x")], side="e")
        sim.advance(20.0)
        sim.apply([Order("e1", "attack", to="b")], side="e")
        sim.advance(60.0)
        if extra:
            assert any(e.kind == "combat" and e.data["engagement"].startswith("x@")
                       for e in sim.log.entries)
        return [(e.hours, e.data["rolls"]) for e in sim.log.entries
                if e.kind == "combat" and e.data["engagement"].startswith("b@")]

    base = run(False)
    assert base and run(True) == base
