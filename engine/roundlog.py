"""How a round of combat is told: the umpire's adjudication in full, each side its own.

The umpire reads both sides' forces, multipliers, expected losses, rolls and drawn
losses, in combat points and in the personnel and vehicles they stand for. A side reads
its own half of the adjudication in full (its force, multiplier, expected loss, roll and
losses) and of the enemy only what a damage assessment would report: the enemy's
personnel losses as a range (:mod:`engine.fog`). The units on both sides are named: they
are in contact, and contact is a sighting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine import fog
from engine.combat import RoundResult
from engine.log import Report
from engine.state import Engagement, UnitState

if TYPE_CHECKING:
    from engine.run import Run

Lost = tuple[tuple[float, float], tuple[float, float]]
"""Personnel and vehicles lost in a round: ``((attacker's), (defender's))``."""


def log_round(sim: Run, eng: Engagement, result: RoundResult,
              units: tuple[list[UnitState], list[UnitState]], lost: Lost) -> None:
    """Log one round of *eng*: the umpire's version, and each side's."""
    sides = (eng.attacker, eng.defender)
    ids = ([u.id for u in units[0]], [u.id for u in units[1]])
    halves = [_half(sim.name(side), result, lost, i) for i, side in enumerate(sides)]
    text = (f"Round {eng.rounds} at {eng.where}: {halves[0]} vs {halves[1]}; "
            f"rolls {result.rolls[0]:.2f} / {result.rolls[1]:.2f}")
    parts = (_parts(result, 0), _parts(result, 1))
    reports = {side: _told(sim, eng, result, lost, i, ids, parts[i], halves[i])
               for i, side in enumerate(sides)}
    sim.log.add(sim.now, "combat", text, sides, reports, engagement=eng.key,
                round=eng.rounds, forces=list(result.forces),
                multipliers=list(result.multipliers), expected=list(result.expected),
                rolls=list(result.rolls), losses=list(result.losses),
                personnel=[lost[0][0], lost[1][0]], vehicles=[lost[0][1], lost[1][1]],
                attackers=ids[0], defenders=ids[1],
                parts=list(parts), bonuses=dict(result.bonuses))


def _parts(result: RoundResult, i: int) -> list[dict[str, object]]:
    """Side *i*'s units as the round counted them, as plain data."""
    return [{"unit": p.unit, "posture": p.posture, "points": p.points,
             "multiplier": p.multiplier} for p in result.parts[i]]


def _half(name: str, result: RoundResult, lost: Lost, i: int) -> str:
    """One side's half of a round in words: force, odds, expected and drawn losses."""
    return (f"{name} {result.forces[i]:.2f} pts (x{result.multipliers[i]:.2f}), expected "
            f"loss {result.expected[i]:.2f}, lost {result.losses[i]:.2f} pts "
            f"({lost[i][0]:.0f} personnel, {_vehicles(lost[i][1])})")


def _vehicles(count: float) -> str:
    """``1 vehicle``, ``3 vehicles`` (rounded as shown)."""
    return f"{count:.0f} vehicle" + ("" if f"{count:.0f}" == "1" else "s")


def _told(sim: Run, eng: Engagement, result: RoundResult, lost: Lost, i: int,
          ids: tuple[list[str], list[str]], parts: list[dict[str, object]],
          half: str) -> Report:
    """The round as side *i* (0 attacker, 1 defender) learns it; *half* is its own half."""
    side = (eng.attacker, eng.defender)[i]
    enemy = 1 - i
    guess = fog.assessed(sim, lost[enemy][0], eng.key, eng.rounds, side)
    text = (f"Round {eng.rounds} at {eng.where}: {half}, "
            f"roll {result.rolls[i]:.2f}; enemy losses assessed at "
            f"{fog.span(guess, 'personnel')}")
    data = {"engagement": eng.key, "round": eng.rounds, "force": result.forces[i],
            "multiplier": result.multipliers[i], "expected": result.expected[i],
            "roll": result.rolls[i], "loss": result.losses[i], "personnel": lost[i][0],
            "vehicles": lost[i][1], "enemy_personnel_assessed": list(guess),
            "own_units": ids[i], "enemy_units": ids[enemy], "parts": parts,
            "bonuses": dict(result.bonuses) if i == 1 else {}}
    return Report(text, data)
