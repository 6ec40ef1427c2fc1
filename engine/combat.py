"""Combat: one round of an engagement, with its forces, odds and roll.

Who is in a fight, and when it starts and ends, is :mod:`engine.engagement`'s. Each round:

1. each side's force is the sum of its units' combat points (attack value for the side
   that came on, defence value for the side that held), and its effectiveness is the
   attrition rate from the rules times the force-weighted posture multiplier (plus the
   town bonus for a defender in a town or city);
2. the attrition law (:mod:`engine.attrition`) gives the expected losses over the round;
3. one roll per side turns them into drawn losses (:func:`engine.attrition.draw_loss`);
4. every unit of a side loses the same share of its strength.

What a round's losses do to a unit (destroyed, broken) is decided in
:mod:`engine.engagement`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from engine.attrition import draw_loss, linear_law, square_law
from engine.state import UnitState
from scenario.models import Posture

if TYPE_CHECKING:
    from engine.run import Run


class Fight(Protocol):
    """What a round needs to know of its engagement."""

    key: str
    """Names the round's random stream, with the round number."""
    place: str | None
    """The place fought over (a defender there gets its bonuses), or None on a road."""
    rounds: int
    """Rounds fought before this one."""


@dataclass(frozen=True)
class Part:
    """One unit's share of its side's force in a round, and the posture it fought in."""

    unit: str
    posture: str
    points: float
    """Its attack or defence value times its strength (combat points)."""
    multiplier: float
    """The rules' multiplier for that posture (``rules.combat.posture``)."""


@dataclass(frozen=True)
class RoundResult:
    """The figures of one round, as logged."""

    forces: tuple[float, float]
    multipliers: tuple[float, float]
    expected: tuple[float, float]
    rolls: tuple[float, float]
    losses: tuple[float, float]
    parts: tuple[tuple[Part, ...], tuple[Part, ...]] = ((), ())
    """Each side's units, their points and postures (attacker first)."""
    bonuses: tuple[tuple[str, float], ...] = ()
    """The defender's place bonuses applied, by rule name (``town_bonus``, ...)."""


def resolve_round(sim: Run, eng: Fight, attackers: Sequence[UnitState],
                  defenders: Sequence[UnitState], hours: float) -> RoundResult:
    """Forces, odds and rolls of one round of *eng*; losses are drawn, not yet applied."""
    rules = sim.scenario.rules.combat
    a_force = sum(u.value(attacking=True) for u in attackers)
    d_force = sum(u.value(attacking=False) for u in defenders)
    a_mult = _multiplier(sim, attackers, attacking=True, place=None)
    d_mult = _multiplier(sim, defenders, attacking=False, place=eng.place)
    law = square_law if rules.model == "lanchester_square" else linear_law
    k = rules.attrition_per_hour
    a_left, d_left = law(a_force, d_force, k * a_mult, k * d_mult, hours)
    expected = (a_force - a_left, d_force - d_left)
    rolls = (sim.streams.uniform("combat", eng.key, eng.rounds, "attacker"),
             sim.streams.uniform("combat", eng.key, eng.rounds, "defender"))
    losses = (draw_loss(expected[0], rules.dispersion, rolls[0], cap=a_force),
              draw_loss(expected[1], rules.dispersion, rolls[1], cap=d_force))
    parts = (_parts(sim, attackers, attacking=True), _parts(sim, defenders, attacking=False))
    return RoundResult((a_force, d_force), (a_mult, d_mult), expected, rolls, losses, parts,
                       _bonuses(sim, eng.place))


def apply_losses(units: Sequence[UnitState], loss: float, force: float
                 ) -> tuple[float, float]:
    """Take *loss* combat points off a side of *force* points: each unit the same share.

    Returns the personnel and vehicles that share stands for (fractional, as expected
    values of the unit types' establishment).
    """
    if force <= 0:
        return (0.0, 0.0)
    keep = max(1.0 - loss / force, 0.0)
    personnel = vehicles = 0.0
    for unit in units:
        personnel += unit.kind.personnel * unit.strength * (1.0 - keep)
        vehicles += unit.kind.vehicles * unit.strength * (1.0 - keep)
        unit.strength *= keep
    return (personnel, vehicles)


def _multiplier(sim: Run, units: Sequence[UnitState], *, attacking: bool,
                place: str | None) -> float:
    """Force-weighted posture multiplier of a side, with a defender's place bonuses."""
    rules = sim.scenario.rules.combat
    weights = [u.value(attacking) for u in units]
    total = sum(weights)
    if total <= 0:
        return 1.0
    mults = [rules.posture.get(_posture(u, attacking), 1.0) for u in units]
    mean = sum(w * m for w, m in zip(weights, mults, strict=True)) / total
    if not attacking:
        for _, bonus in _bonuses(sim, place):
            mean *= bonus
    return mean


def _bonuses(sim: Run, place: str | None) -> tuple[tuple[str, float], ...]:
    """The place bonuses a defender at *place* gets, by rule name (none on a road)."""
    if place is None:
        return ()
    rules = sim.scenario.rules.combat
    found = []
    if sim.place_kind(place) in ("town", "city"):
        found.append(("town_bonus", rules.town_bonus))
    if "strongpoint" in sim.world.graph.nodes[place]["tags"]:
        found.append(("strongpoint_bonus", rules.strongpoint_bonus))
    return tuple(found)


def _parts(sim: Run, units: Sequence[UnitState], *, attacking: bool) -> tuple[Part, ...]:
    """Each unit's points and posture multiplier, as the round counted them."""
    rules = sim.scenario.rules.combat
    return tuple(Part(u.id, posture := _posture(u, attacking), u.value(attacking),
                      rules.posture.get(posture, 1.0)) for u in units)


def _posture(unit: UnitState, attacking: bool) -> Posture:
    if attacking:
        return "attacking" if unit.posture == "attacking" else "moving"
    return unit.posture
