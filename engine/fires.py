"""Long-range fires: a strike's kill chain from sighting to damage assessment.

A strike order names a shooter with a weapon and a target: an enemy unit (which the side
must have seen within ``rules.fires.sighting_max_hours``; the strike goes where it was
seen), a place (a town, a bridge, a site with a stockpile) or an off-map area with a
position. :func:`plan` checks the order and says why it cannot be carried out (no weapon,
no ammunition, reloading, unknown or unseen target, out of range); :func:`strike` is the
SimPy process that flies it:

detected -> decided (the order) -> launched (``launch_minutes`` later) -> in flight
(distance over the munition's speed) -> each munition intercepted or through -> damage
-> assessed (``assess_minutes`` later), each stage logged with its time.

Air defence: every unit of the target's side with an air-defence capability whose
position lies within its range of the aim point takes one shot at each munition, with
the chance its type gives for that munition; each shot is logged with its odds and roll.
Damage by munition that gets through comes from ``rules.fires.effects``: vehicles
destroyed in a unit (a lognormal draw per munition around the table's mean), a share of a
stockpile, or a chance to cut a bridge, which closes its roads.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import simpy

from engine import fog, front
from engine.attrition import draw_loss
from engine.clock import Priority, Wake
from engine.detection import position
from engine.log import Report
from engine.orders import Order
from engine.state import UnitState
from scenario.errors import OrderError, did_you_mean
from scenario.models import MunitionEffect, Stockpile, Weapon

if TYPE_CHECKING:
    from engine.run import Run


@dataclass(frozen=True)
class Strike:
    """A checked strike, ready to fly."""

    key: str
    """Names the strike by what it is (shooter, target, moment): its random streams'
    key, so a strike added by a variant changes no other strike's draws."""
    shooter: str
    side: str
    target: str
    """Unit, place or off-map area id."""
    target_name: str
    kind: str
    """``unit``, ``place`` or ``area``."""
    aim: tuple[float, float]
    """Aim point in km."""
    km: float
    """Distance from the shooter to the aim point."""
    seen_at: float | None
    """When the target unit was seen (unit targets only)."""
    weapon: Weapon
    salvo: int
    """Munitions fired."""


def plan(sim: Run, unit: UnitState, order: Order) -> Strike:
    """Check a strike order and return the strike it gives.

    A strike that passes commits its salvo at once: the ammunition is spent and the weapon
    reloads from now, so a second order in the same instant is refused.

    Raises:
        OrderError: no weapon, no ammunition, reloading, unknown target, target not seen
            recently enough, or out of range.
    """
    weapon = _armed(sim, unit)
    target = order.target or ""
    kind, name, aim, seen_at = _target(sim, unit.side, target)
    origin = position(sim, unit)
    if origin is None:
        raise OrderError(f"{unit.name} has no position to fire from")
    km = math.dist(origin, aim)
    if km > weapon.range_km:
        raise OrderError(f"{name} is out of range: {km:.0f} km away, {unit.name} reaches "
                         f"{weapon.range_km:.0f} km")
    salvo = min(weapon.salvo, unit.ammunition)
    unit.ammunition -= salvo
    unit.ready_at = sim.now + weapon.reload_hours
    return Strike(f"{unit.id}>{target}@{sim.now:.6f}", unit.id, unit.side, target, name, kind,
                  aim, km,
                  seen_at, weapon, salvo)


def _armed(sim: Run, unit: UnitState) -> Weapon:
    weapon = unit.kind.weapon
    if weapon is None:
        raise OrderError(f"{unit.name} has no long-range weapon")
    if unit.ammunition <= 0:
        raise OrderError(f"{unit.name} has no ammunition left")
    if sim.now < unit.ready_at - 1e-9:
        raise OrderError(f"{unit.name} is reloading until "
                         f"{sim.time_at(unit.ready_at):%d %b %H:%M}")
    return weapon


def _target(sim: Run, side: str, target: str,
            ) -> tuple[str, str, tuple[float, float], float | None]:
    """``(kind, name, aim point, seen at)`` of a target id.

    Fog holds in the reasons: an enemy unit *side* has never seen is refused as an unknown
    target would be, and a near miss is hinted at among places, areas and the enemy units
    the side has seen.
    """
    unit = sim.units.get(target)
    if unit is not None and (unit.side == side or sim.sighting(side, target) is not None):
        return _unit_target(sim, side, unit)
    if target in sim.control:
        return "place", str(sim.world.graph.nodes[target]["name"]), sim.world.xy(target), None
    if target in sim.world.areas:
        where = sim.world.areas[target]
        area = next(a for a in sim.scenario.map.off_map if a.id == target)
        if where is None:
            raise OrderError(f"{area.name} has no coordinates in the scenario to aim at")
        return "area", area.name, where, None
    known = [*sim.pictures[side], *sim.control, *sim.world.areas]
    hint = did_you_mean(target, known)
    raise OrderError(f"unknown target {target!r}" + (f"; {hint}" if hint else ""))


def _unit_target(sim: Run, side: str, unit: UnitState,
                 ) -> tuple[str, str, tuple[float, float], float | None]:
    if unit.side == side:
        raise OrderError(f"{unit.name} is one of your own units")
    sighting = sim.sighting(side, unit.id)
    assert sighting is not None  # an unseen unit is an unknown target (see _target)
    limit = sim.scenario.rules.fires.sighting_max_hours
    if sighting.age(sim.now) > limit + 1e-9:
        raise OrderError(f"{unit.name} was last seen {sighting.age(sim.now):.1f} h ago; a "
                         f"strike needs a sighting no older than {limit:g} h")
    return "unit", unit.name, sighting.xy, sighting.hours


def strike(sim: Run, s: Strike) -> Generator[simpy.Event, Any, None]:
    """SimPy process: launch, fly, meet air defence, hit, assess."""
    rules = sim.scenario.rules.fires
    shooter = sim.units[s.shooter]
    salvo = s.salvo
    chain = {"decided": sim.now}
    if s.seen_at is not None:
        chain["detected"] = s.seen_at
    _log(sim, s, f"{shooter.name} is ordered to strike {s.target_name} ({s.km:.0f} km)",
         chain)
    yield Wake(sim.env, rules.launch_minutes / 60.0, Priority.COMBAT)
    flight = s.km / s.weapon.speed_kmh
    chain["launched"] = sim.now
    _log(sim, s, f"{shooter.name} launches {salvo} {_plural(s.weapon.munition, salvo)} at "
         f"{s.target_name}; flight {flight * 60:.0f} min", chain)
    yield Wake(sim.env, flight, Priority.COMBAT)
    chain["impact"] = sim.now
    through = _air_defence(sim, s, salvo)
    reach = f"{through} of {salvo} {_plural(s.weapon.munition, salvo)} reach {s.target_name}"
    _log(sim, s, reach, chain, target=Report(reach, {"through": through, "salvo": salvo}),
         through=through, salvo=salvo)
    damage = _damage(sim, s, through)
    yield Wake(sim.env, rules.assess_minutes / 60.0, Priority.COMBAT)
    chain["assessed"] = sim.now
    told = f"Damage at {s.target_name}: {damage.told}"
    _log(sim, s, f"Damage assessed at {s.target_name}: {damage.told}", chain,
         target=Report(told, {"damage": damage.told}),
         shooter=Report(f"Damage assessed at {s.target_name}: {damage.assessed}",
                        {"assessed": damage.assessed, "strike": s.key,
                         "chain": dict(chain)}),
         assessed=damage.told)
    for unit_id in damage.destroyed:
        sim.fates[s.side][unit_id] = ("destroyed", sim.now)


@dataclass(frozen=True)
class Damage:
    """What a strike did: as it was (the umpire's and the target's words) and as assessed.

    The shooter's side learns the damage only through its assessment: losses are ranges
    (:mod:`engine.fog`), and a unit hit is named only when it was the strike's target (a
    strike on a unit needs a sighting of it); a strike on a place or area reports what it
    destroyed there without telling whose it was.
    """

    told: str
    assessed: str
    destroyed: tuple[str, ...] = ()
    """Units the assessment finds destroyed (the shooter's side learns their fate)."""

    @staticmethod
    def join(parts: list[Damage], empty: str) -> Damage:
        """The parts of a strike's damage in one; *empty* when there are none."""
        told = "; ".join(p.told for p in parts if p.told)
        assessed = "; ".join(p.assessed for p in parts if p.assessed)
        destroyed = tuple(unit for p in parts for unit in p.destroyed)
        return Damage(told or empty, assessed or empty, destroyed)


def _air_defence(sim: Run, s: Strike, salvo: int) -> int:
    """Munitions that get through the defender's air defence; each shot is logged."""
    defenders = [u for u in sim.units.values() if u.side != s.side and u.alive
                 and u.kind.air_defence is not None and (xy := position(sim, u)) is not None
                 and math.dist(xy, s.aim) <= u.kind.air_defence.range_km]
    through = 0
    for shot in range(salvo):
        if not any(_shoot(sim, s, ad, shot) for ad in defenders):
            through += 1
    return through


def _shoot(sim: Run, s: Strike, ad: UnitState, shot: int) -> bool:
    assert ad.kind.air_defence is not None
    chances = {str(k): v for k, v in ad.kind.air_defence.intercept.items()}
    chance = chances.get(s.weapon.munition, 0.0)
    roll = sim.streams.uniform("intercept", s.key, ad.id, shot)
    hit = intercepted(chance, roll)
    verb = "intercepts" if hit else "misses"
    munition = _plural(s.weapon.munition, 1)
    sim.log.add(sim.now, "intercept", f"{ad.name} {verb} {munition} {shot + 1} "
                f"(chance {chance:.2f}, roll {roll:.2f})", (ad.side,), strike=s.key,
                unit=ad.id, munition=s.weapon.munition, chance=chance, roll=roll,
                intercepted=hit)
    return hit


def intercepted(chance: float, roll: float) -> bool:
    """True if a shot with *chance* of success intercepts, given a uniform *roll*."""
    return roll < chance


NOTHING_THERE = ("no military target there; effects on people and buildings are not "
                 "modelled (see the claims)")


def _damage(sim: Run, s: Strike, through: int) -> Damage:
    """Apply the effect of *through* munitions; return what was done, in words."""
    if through == 0:
        return Damage.join([], "no munition got through")
    if s.kind == "unit":
        return _hit_units(sim, s, through, [sim.units[s.target]])
    if s.kind == "place" and "bridge" in _tags(sim, s.target):
        told = _hit_bridge(sim, s, through)
        return Damage(told, told)
    parts = []
    if _stockpile(sim, s.target) is not None:
        parts.append(_hit_stockpile(sim, s, through))
    units = [u for u in sim.units.values() if u.side != s.side and u.alive
             and (u.place == s.target or (u.status == "off_map" and u.area == s.target))]
    if units:
        parts.append(_hit_units(sim, s, through, units))
    return Damage.join(parts, NOTHING_THERE)


def _hit_units(sim: Run, s: Strike, through: int, units: list[UnitState]) -> Damage:
    rules = sim.scenario.rules.fires
    mean = _effect(sim, s).vehicles
    out = []
    for unit in units:
        xy = position(sim, unit)
        if xy is None or math.dist(xy, s.aim) > rules.miss_km:
            out.append(Damage(f"{unit.name} had moved on and escaped",
                              f"{unit.name} was not there" if s.kind == "unit" else ""))
            continue
        out.append(_wreck(sim, s, unit, [_draw(sim.streams.random("fires", s.key), mean,
                                               rules.dispersion) for _ in range(through)]))
    return Damage.join(out, "no unit seen at the aim point")


def _draw(roll: float, mean: float, cv: float) -> float:
    """A loss of mean *mean* and spread *cv* at the quantile *roll* (kept off 0 and 1)."""
    return draw_loss(mean, cv, min(max(roll, 1e-12), 1 - 1e-12), cap=math.inf)


def _wreck(sim: Run, s: Strike, unit: UnitState, draws: list[float]) -> Damage:
    """*unit* loses the vehicles of *draws*; the target's side learns its losses exactly."""
    named = unit.name if s.kind == "unit" else fog.UNIDENTIFIED  # see :class:`Damage`
    vehicles_before = unit.kind.vehicles * unit.strength
    destroyed = min(sum(draws), vehicles_before)
    share = destroyed / unit.kind.vehicles if unit.kind.vehicles else 0.0
    personnel = unit.kind.personnel * share
    unit.strength = max(unit.strength - share, 0.0)
    sim.metrics.touch()
    front.settle(sim)  # a unit struck in an off-map area weakens its front
    sim.struck[unit.id] = sim.struck.get(unit.id, 0.0) + destroyed
    text = f"{unit.name} loses {destroyed:.0f} vehicles and about {personnel:.0f} personnel"
    sim.log.add(sim.now, "damage", text, (unit.side,),
                {unit.side: Report(text, {"unit": unit.id, "vehicles": destroyed,
                                          "personnel": personnel})},
                strike=s.key, unit=unit.id, munition=s.weapon.munition, draws=draws,
                mean=_effect(sim, s).vehicles, vehicles=destroyed, personnel=personnel)
    wrecked = unit.strength < sim.scenario.rules.combat.destroyed_below  # as in combat
    if wrecked:
        sim.destroy(unit, f"{unit.name} is destroyed by the strike")
    guess = fog.span(fog.assessed(sim, destroyed, s.key, unit.id), "vehicles")
    seen = named != fog.UNIDENTIFIED and wrecked
    return Damage(f"{unit.name}: {destroyed:.0f} vehicles destroyed",
                  f"{named}: {guess} destroyed" + (", assessed destroyed" if seen else ""),
                  (unit.id,) if seen else ())


def _hit_bridge(sim: Run, s: Strike, through: int) -> str:
    chance = _effect(sim, s).bridge_cut
    rolls = [sim.streams.random("fires", s.key) for _ in range(through)]
    if not any(r < chance for r in rolls):
        return (f"the bridge stands (chance {chance:.2f} per hit, rolls "
                f"{', '.join(f'{r:.2f}' for r in rolls)})")
    for nb in sorted(sim.world.graph.neighbors(s.target)):
        if not sim.road_closed(s.target, nb):
            sim.close_road(s.target, nb, f"{s.target_name} is cut")
    return f"the bridge is cut (chance {chance:.2f} per hit)"


def _hit_stockpile(sim: Run, s: Strike, through: int) -> Damage:
    share = _effect(sim, s).stockpile_fraction
    left = 1.0 - sim.stockpiles.get(s.target, 0.0)
    left *= (1.0 - share) ** through
    sim.stockpiles[s.target] = 1.0 - left
    stock = _stockpile(sim, s.target)
    assert stock is not None
    done = sim.stockpiles[s.target]
    guess = fog.share_span(fog.assessed_share(sim, done, s.key, "stockpile"))
    return Damage(f"{done:.0%} of the {stock.item} destroyed or damaged so far "
                  f"({share:.0%} per hit)",
                  f"about {guess} of the {stock.item} destroyed or damaged so far")


def _effect(sim: Run, s: Strike) -> MunitionEffect:
    """The rules' effect of one munition of the strike's kind (none if the table has none)."""
    effects = {str(k): v for k, v in sim.scenario.rules.fires.effects.items()}
    return effects.get(s.weapon.munition, MunitionEffect())


def _stockpile(sim: Run, target: str) -> Stockpile | None:
    """The stockpile at a place or off-map area, if it has one."""
    for place in sim.scenario.map.places:
        if place.id == target:
            return place.stockpile
    for area in sim.scenario.map.off_map:
        if area.id == target:
            return area.stockpile
    return None


def _tags(sim: Run, place: str) -> tuple[str, ...]:
    return sim.scenario.place(place).tags


def _plural(munition: str, n: int) -> str:
    word = munition.replace("_", " ")
    return word if n == 1 else word + "s"


def _log(sim: Run, s: Strike, text: str, chain: dict[str, float], *,
         target: Report | None = None, shooter: Report | None = None, **data: Any) -> None:
    """Log a stage of the kill chain.

    The shooter's side reads every stage (as *shooter*, when given); the target's side
    reads only the stages given a *target* report: the impact and the damage, never who
    fired. Every other side learns nothing.
    """
    reports = {s.side: shooter} if shooter is not None else {}
    if target is not None:
        reports.update({x.id: target for x in sim.scenario.sides if x.id != s.side})
    sides = (s.side, *(x for x in reports if x != s.side))
    sim.log.add(sim.now, "strike", text, sides, reports, strike=s.key, shooter=s.shooter,
                target=s.target, chain=dict(chain), **data)
