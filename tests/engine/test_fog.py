"""Fog that holds: what a side's snapshot shows, it had a way to know by then.

The checks read the rendered text of every log entry a side is shown (and its figures),
not the provenance tags the engine puts on them: an enemy unit is named only once the
side has seen it (its snapshots, hour by hour, say when), and no exact figure of the
enemy's losses appears, in the log, the metrics or the claims.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pytest

from engine import Simulation
from engine.claims import claim_checks
from engine.fog import ladder
from engine.log import LogEntry
from engine.views import ASSESSED_STEP, assessed
from scenario import load
from scenario.models import Scenario

SEEDS = (1, 2, 3)
KURSK = Path("scenarios/kursk_2024.yaml")


@cache
def kursk() -> Scenario:
    return load(KURSK)


@cache
def played(seed: int) -> tuple[Simulation, dict[str, dict[str, float]]]:
    """The replay of *seed*, advanced hour by hour, and when each side first saw each
    enemy unit (the earliest sighting its hourly snapshots show)."""
    sim = Simulation(kursk(), seed=seed)
    sides = [s.id for s in sim.scenario.sides]
    first: dict[str, dict[str, float]] = {s: {} for s in sides}
    hour = 0
    while not sim.finished:
        hour += 1
        sim.advance(float(hour))
        for side in sides:
            for view in sim.snapshot(side).units:
                if view.side != side:
                    seen = view.seen_hours if view.seen_hours is not None else sim.now
                    first[side][view.id] = min(first[side].get(view.id, math.inf), seen)
    return sim, first


def enemy_loss_phrases(sim: Simulation, side: str) -> list[str]:
    """The exact words in which the umpire's log states the enemy's losses."""
    phrases = []
    for entry in sim.log.entries:
        data = entry.data
        if entry.kind == "combat":
            enemy = 1 if entry.sides[0] == side else 0
            phrases.append(f"{sim.name(entry.sides[enemy])} {data['forces'][enemy]:.2f} pts")
            phrases.append(f"lost {data['losses'][enemy]:.2f} pts "
                           f"({data['personnel'][enemy]:.0f} personnel")
        elif entry.kind == "damage" and sim.units[data["unit"]].side != side:
            phrases.append(f"{sim.units[data['unit']].name} loses {data['vehicles']:.0f} "
                           "vehicles and about "
                           f"{data['personnel']:.0f} personnel")
        elif entry.kind == "surrender" and sim.units[data["unit"]].side != side:
            phrases.append(f"({sim.units[data['unit']].captured} personnel)")
        elif entry.kind == "strike" and "assessed" in data and data["target"] in sim.units \
                and sim.units[data["target"]].side != side:
            phrases.append(str(data["assessed"]))
    return phrases


def shown(sim: Simulation, side: str) -> tuple[LogEntry, ...]:
    return sim.snapshot(side).log


@pytest.mark.parametrize("seed", SEEDS)
def test_no_entry_names_an_enemy_unit_before_the_side_saw_it(seed: int) -> None:
    sim, first = played(seed)
    interval = sim.scenario.rules.detection.interval_hours
    for side in first:
        enemies = {u.name: u.id for u in sim.units.values() if u.side != side}
        for entry in shown(sim, side):
            if entry.kind == "inject":  # public statements, read by both sides
                continue
            for name, unit in enemies.items():
                if name in entry.text:
                    assert first[side].get(unit, math.inf) <= entry.hours + interval, (
                        f"{side} reads {entry.text!r} at {entry.hours} h, naming {name}, "
                        f"first seen at {first[side].get(unit)}")


@pytest.mark.parametrize("seed", SEEDS)
def test_no_exact_enemy_loss_figure_appears(seed: int) -> None:
    sim, _ = played(seed)
    for side in (s.id for s in sim.scenario.sides):
        phrases = enemy_loss_phrases(sim, side)
        assert phrases, "the replay has enemy losses to hide"
        texts = [e.text for e in shown(sim, side)]
        for phrase in phrases:
            assert not any(phrase in text for text in texts), (side, phrase)
        snapshot = sim.snapshot(side)
        enemy = [s.id for s in sim.scenario.sides if s.id != side]
        for key in snapshot.metrics:
            name, _, owner = key.partition(".")
            assert not (owner in enemy and name in ("personnel_losses", "vehicle_losses",
                                                    "pows")), key


def test_claims_of_enemy_losses_show_no_simulated_figure() -> None:
    sim, _ = played(SEEDS[0])
    for side in (s.id for s in sim.scenario.sides):
        for check in claim_checks(sim, side):
            losses = check.claim.metric.endswith(("losses", "destroyed")) or \
                check.claim.metric == "pows"
            if losses and check.claim.about != side:
                assert check.simulated is None, check.claim.id


def test_a_strike_on_a_place_does_not_name_the_units_it_found_unseen() -> None:
    sim, first = played(SEEDS[0])
    assessed = [e for e in shown(sim, "ua") if e.kind == "strike"
                and e.text.startswith("Damage assessed at Lipetsk-2")]
    assert assessed, "the Lipetsk strike is assessed"
    victims = [u for u in sim.units.values() if u.side == "ru" and sim.struck.get(u.id)]
    unseen = [u for u in victims if first["ua"].get(u.id, math.inf) > assessed[0].hours]
    assert unseen, "the strike hit units Ukraine never saw"
    for unit in unseen:
        assert unit.name not in assessed[0].text
    assert "unidentified enemy unit" in assessed[0].text


def test_each_side_reads_its_own_half_of_a_round() -> None:
    sim, _ = played(SEEDS[0])
    rounds = [e for e in sim.log.entries if e.kind == "combat"]
    for entry in rounds[:5]:
        for i, side in enumerate(entry.sides):
            mine = entry.seen_by(side)
            assert mine.data["loss"] == entry.data["losses"][i]
            assert "losses" not in mine.data and "rolls" not in mine.data
            low, high = mine.data["enemy_personnel_assessed"]
            assert f"assessed at {low:,.0f}-{high:,.0f} personnel" in mine.text or high == 0


def test_sightings_expire_and_seen_fates_are_marked() -> None:
    sim, _ = played(SEEDS[0])
    forget = sim.scenario.rules.detection.forget_hours
    for side in (s.id for s in sim.scenario.sides):
        for view in sim.snapshot(side).units:
            if view.side != side:
                assert view.seen_hours is not None
                assert sim.now - view.seen_hours <= forget + 1e-9 or \
                    view.status in ("destroyed", "surrendered")
        for unit, (status, _) in sim.fates[side].items():
            assert sim.units[unit].status == status


def test_the_ladder_of_assessed_ranges() -> None:
    assert ladder(0.2) == (0.0, 0.0)
    assert ladder(1.0) == (1.0, 2.0)
    assert ladder(7.0) == (5.0, 10.0)
    assert ladder(49.9) == (20.0, 50.0)
    assert ladder(1234.0) == (1000.0, 2000.0)


def test_an_enemy_unit_s_strength_is_seen_to_the_nearest_quarter() -> None:
    """Never its exact losses: a sighted unit's strength is a step of the assessment."""
    sim = Simulation(kursk(), seed=2)
    enemies = 0
    for hour in range(6, 150, 6):
        sim.advance(float(hour))
        for side in (s.id for s in sim.scenario.sides):
            for view in sim.snapshot(side).units:
                if view.side == side:
                    continue
                enemies += 1
                steps = view.strength / ASSESSED_STEP
                assert steps == round(steps) and (view.status != "active" or steps >= 1)
                unit = sim.units[view.id].kind
                assert view.personnel == round(unit.personnel * view.strength)
    assert enemies > 0


@pytest.mark.parametrize(("strength", "seen"), [
    (1.0, 1.0), (0.98, 1.0), (0.874, 0.75), (0.876, 1.0), (0.5, 0.5), (0.3, 0.25),
    (0.05, 0.25), (0.0, 0.0)])
def test_the_assessment_rounds_to_the_nearest_step_and_never_to_nothing(
        strength: float, seen: float) -> None:
    assert assessed(strength) == seen


def test_a_place_changing_hands_says_why_and_the_loser_learns_no_unit_s_name() -> None:
    sim, _ = played(1)
    names = {u.id: u.name for u in sim.units.values()}
    changes = [e for e in sim.log.entries if e.kind == "control" and "units" in e.data]
    assert changes
    for entry in changes:
        taker, loser = entry.data["side"], entry.data["previous"]
        held = f"{sim.name(loser)} had no unit there for {entry.data['held']:.1f} h"
        assert held in entry.text and held in entry.seen_by(loser).text
        assert all(names[u] in entry.text for u in entry.data["units"])
        told = entry.seen_by(loser)
        assert "units" not in told.data
        assert not any(n in told.text for i, n in names.items() if sim.units[i].side == taker)
