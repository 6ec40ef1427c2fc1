"""Hypothesis strategies and checks for property tests of whole runs.

A :class:`Script` is what players do: at each of a few moments, each side gives a list of
orders (sensible, nonsensical, repeated and contradictory ones mixed). :func:`play` runs a
scenario under a script, in whole steps or in small ones, with both sides' orders at one
instant given in either order, reading snapshots or not; :func:`record` turns the run
into plain data to compare. The checks (:func:`fog_leaks`, :func:`rounds_after_leaving`,
:func:`strength_rises`) state the run's invariants on what a run leaves behind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from engine.log import LogEntry
from engine.orders import Order
from engine.simulation import Mode, Simulation
from scenario import load
from scenario.models import Action, OrderEntry, Scenario
from tests.engine.tiny import BASE

KURSK = Path("scenarios/kursk_2024.yaml")
ACTIONS: tuple[Action, ...] = ("move", "attack", "hold", "dig_in", "withdraw", "strike")

Orders = tuple[tuple[str, tuple[Order, ...]], ...]
"""Each side's orders at one moment, as ``(side, orders)`` in the order they are given."""


@dataclass(frozen=True)
class Script:
    """What the players do: orders at moments (hours, ascending), then a run to *until*."""

    steps: tuple[tuple[float, Orders], ...]
    until: float


@cache
def kursk() -> Scenario:
    """The Kursk scenario, loaded once."""
    return load(KURSK)


# -- scenarios ------------------------------------------------------------------------

SPEEDS = {"motorway": 40, "highway": 40, "regional": 30, "local": 15, "track": 10}


def _type(name: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"name": name, "category": "infantry", "echelon": "company",
                            "speed_kmh": SPEEDS, "personnel": 100, "vehicles": 10,
                            "attack": 10.0, "defence": 10.0, "sensor_km": 8.0}
    return base | fields


TYPES: dict[str, dict[str, Any]] = {
    "inf": _type("Infantry"),
    "heavy": _type("Heavy", attack=40.0, defence=40.0, vehicles=30),
    "convoy": _type("Convoy", category="convoy", attack=0.0, defence=0.0, vehicles=40),
    "rockets": _type("Rockets", category="rocket_artillery", attack=0.0,
                     weapon={"munition": "rocket", "range_km": 60, "ammunition": 12,
                             "salvo": 6, "reload_hours": 2, "speed_kmh": 3000}),
    "spotter": _type("Spotter", category="drone_team", sensor_km=30.0,
                     detection_per_hour=1.0, attack=1.0, defence=1.0),
}
"""Unit types of the small scenarios: fighters, a helpless convoy, a shooter, a spotter."""

CLASSES = ("regional", "local", "track")


@st.composite
def small_scenarios(draw: st.DrawFn) -> Scenario:
    """A small random scenario: 3-6 places on a line (and maybe a chord), 1-3 units a side.

    West holds the first places, East the rest; units start anywhere (even with the enemy),
    some arrive later; rules vary in the break-off line, dispersion, friction, passage and
    control times.
    """
    data = copy.deepcopy(BASE)
    n = draw(st.integers(3, 6))
    split = draw(st.integers(1, n - 1))
    names = [f"p{i}" for i in range(n)]
    data["map"]["places"] = [
        {"id": p, "name": p.upper(), "kind": draw(st.sampled_from(["town", "village", "site"])),
         "lat": 50.0, "lon": 30.0 + 0.1 * i, "held_by": "w" if i < split else "e"}
        for i, p in enumerate(names)]
    roads = [{"from": a, "to": b, "class": draw(st.sampled_from(CLASSES)),
              "km": draw(st.sampled_from([3.0, 7.5, 12.0]))}
             for a, b in zip(names, names[1:], strict=False)]
    if n > 3 and draw(st.booleans()):
        roads.append({"from": names[0], "to": names[2], "class": "local", "km": 16.0})
    data["map"]["roads"] = roads
    data["map"]["border"] = {"points": [[49.5, 30.0 + 0.1 * split - 0.05],
                                       [50.5, 30.0 + 0.1 * split - 0.05]]}
    data["rules"]["unit_types"] = TYPES
    data["rules"]["combat"] = {
        "dispersion": draw(st.sampled_from([0.0, 0.3])),
        "round_minutes": draw(st.sampled_from([30, 60])), "attrition_per_hour": 0.08,
        "break_at": draw(st.sampled_from([0.0, 0.3, 0.5]))}
    data["rules"]["control"] = {"hold_hours": draw(st.sampled_from([1.0, 2.0])),
                                "passage_takes": draw(st.booleans())}
    rough = draw(st.booleans())
    data["rules"]["friction"] = {"order_delay_hours": 0.5 if rough else 0.0,
                                 "road_time_spread": 0.2 if rough else 0.0,
                                 "hold_spread": 0.2 if rough else 0.0}
    data["units"] = [draw(_unit(side, i, names)) for side in ("w", "e")
                     for i in range(1, draw(st.integers(1, 3)) + 1)]
    return Scenario.model_validate(data)


def _unit(side: str, i: int, places: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    uid = f"{side}{i}"
    return st.fixed_dictionaries(
        {"id": st.just(uid), "side": st.just(side), "name": st.just(f"Unit {uid.upper()}"),
         "source": st.just("X"), "type": st.sampled_from(sorted(TYPES)),
         "at": st.sampled_from(places),
         "strength": st.sampled_from([0.2, 0.45, 0.8, 1.0])},
        optional={"available": st.sampled_from(["2024-01-01T03:00:00+00:00",
                                                "2024-01-01T10:30:00+00:00"])})


def summary(scenario: Scenario) -> str:
    """A small scenario in one line: its roads, rules and units (for failure reports)."""
    m, r = scenario.map, scenario.rules
    places = " ".join(f"{p.id}:{p.held_by}" for p in m.places)
    roads = " ".join(f"{x.from_}-{x.to}:{x.km:g}" for x in m.roads)
    units = " ".join(f"{u.id}:{u.type}@{u.at}/{u.strength:g}"
                     + (f"+{u.available:%H:%M}" if u.available else "") for u in scenario.units)
    return (f"<{places} | {roads} | break {r.combat.break_at:g} disp "
            f"{r.combat.dispersion:g} round {r.combat.round_minutes:g}m hold "
            f"{r.control.hold_hours:g}h passage {r.control.passage_takes} delay "
            f"{r.friction.order_delay_hours:g} | {units}>")


class Case:
    """A scenario and a script for it (shown in one line when a test fails)."""

    def __init__(self, scenario: Scenario, script: Script) -> None:
        self.scenario = scenario
        self.script = script

    def __repr__(self) -> str:
        return f"Case({summary(self.scenario)}, {self.script!r})"


# -- scripts --------------------------------------------------------------------------

def words(scenario: Scenario) -> tuple[list[str], list[str]]:
    """The unit ids and the place and area ids an order may name, with nonsense added.

    The nonsense: an unknown id, and ids one letter short of real ones (near misses that
    draw a "did you mean" hint).
    """
    units = [u.id for u in scenario.units]
    places = [p.id for p in scenario.map.places] + [a.id for a in scenario.map.off_map]
    return (units + ["ghost"] + [u[:-1] for u in units[:3]],
            places + ["atlantis"] + [p[:-1] for p in places[:2]])


def orders(scenario: Scenario, side: str) -> st.SearchStrategy[Order]:
    """An order *side* might give: mostly a sensible one to one of its own units, else
    anything: to any unit (either side's, or none), any action, any place or target."""
    units, places = words(scenario)
    own = [u.id for u in scenario.units if u.side == side]
    enemy = [u.id for u in scenario.units if u.side != side]
    on_map = [p.id for p in scenario.map.places]
    sensible = st.builds(
        Order, unit=st.sampled_from(own), action=st.sampled_from(ACTIONS),
        to=st.sampled_from(on_map), target=st.sampled_from(enemy + on_map))
    anything = st.builds(
        Order, unit=st.sampled_from(units), action=st.sampled_from(ACTIONS),
        to=st.none() | st.sampled_from(places),
        via=st.lists(st.sampled_from(places), max_size=1).map(tuple),
        target=st.none() | st.sampled_from(units + places))
    return st.one_of(sensible, sensible, anything)


@st.composite
def scripts(draw: st.DrawFn, scenario: Scenario, horizon: float, *,
            max_steps: int = 6, grain: float = 0.25) -> Script:
    """Up to *max_steps* moments, multiples of *grain* before *horizon*, with both sides'
    orders at each (up to four each, on purpose often to the same unit)."""
    sides = [s.id for s in scenario.sides]
    ticks = int(horizon / grain)
    moments = sorted(set(draw(st.lists(st.integers(0, ticks - 1), max_size=max_steps))))
    steps = tuple((t * grain, tuple((side, draw(st.lists(orders(scenario, side), max_size=4)
                                                     .map(tuple))) for side in sides))
                  for t in moments)
    return Script(steps, horizon)


# -- running --------------------------------------------------------------------------

@dataclass
class Play:
    """How to play a script: step size, the order of the sides, reading on the way."""

    step: float | None = None
    """Advance at most this many hours at a time (None: straight to the next moment)."""
    reverse: bool = False
    """Give the sides' orders at each moment in reverse order (and each side's orders to
    different units in reverse, keeping each unit's own orders in order)."""
    read: bool = False
    """Read every side's snapshot and picture after every advance."""
    watch: Callable[[Simulation], None] | None = None
    """Called after every advance (the checks that look at the run as it goes)."""
    start: Callable[[Simulation], None] | None = None
    """Called on the new run before anything happens (to hook a check in)."""
    typed: dict[str, set[str]] = field(default_factory=dict)
    """Filled in: every id each side has typed into an order (or its timeline has)."""


def play(scenario: Scenario, script: Script, *, seed: int = 1, mode: Mode = "free",
         how: Play | None = None) -> Simulation:
    """Run *scenario* under *script*; every exception other than a refusal escapes."""
    how = how or Play()
    sim = Simulation(scenario, seed=seed, mode=mode)
    if mode == "replay":  # the timeline gives each side's historical orders in its name
        for entry in scenario.timeline:
            if isinstance(entry, OrderEntry):
                how.typed.setdefault(entry.side, set()).update(
                    x for x in (*entry.units, entry.to, entry.target, *entry.via) if x)
    if how.start is not None:
        how.start(sim)
    for at, given in script.steps:
        _advance(sim, at, how)
        for side, batch in (reversed(given) if how.reverse else given):
            how.typed.setdefault(side, set()).update(_typed(batch))
            sim.apply(_regroup(batch) if how.reverse else batch, side)
    _advance(sim, script.until, how)
    return sim


def _typed(batch: Sequence[Order]) -> Iterator[str]:
    for order in batch:
        yield from (x for x in (order.unit, order.to, order.target, *order.via) if x)


def _regroup(batch: Sequence[Order]) -> list[Order]:
    """*batch* with the units in reverse order of first mention, each unit's orders kept
    in their order."""
    first: dict[str, int] = {}
    for i, order in enumerate(batch):
        first.setdefault(order.unit, i)
    return sorted(batch, key=lambda o: -first[o.unit])


def _advance(sim: Simulation, until: float, how: Play) -> None:
    while sim.now < until - 1e-9:
        target = until if how.step is None else min(until, sim.now + how.step)
        sim.advance(target)
        if how.read:
            for side in (None, *(s.id for s in sim.scenario.sides)):
                sim.snapshot(side)
                if side is not None:
                    dict(sim.pictures[side])
        if how.watch is not None:
            how.watch(sim)
        if sim.finished:
            return


# -- what a run leaves ----------------------------------------------------------------

Record = tuple[list[tuple[Any, ...]], list[dict[str, float]]]


def _entry(e: LogEntry) -> tuple[Any, ...]:
    reports = {s: (r.text, dict(r.data)) for s, r in e.reports.items()}
    return (e.hours, e.kind, e.text, e.sides,
            json.dumps([e.data, reports], sort_keys=True, default=str))


def record(sim: Simulation) -> Record:
    """The run as data: every log entry (with each side's report) and every metrics row."""
    return [_entry(e) for e in sim.log.entries], sim.metrics.rows


def by_instant(rec: Record) -> tuple[list[list[tuple[Any, ...]]], list[dict[str, float]]]:
    """*rec* with each instant's entries as a sorted list: the run up to the order in which
    things at one instant are written down (which the order of giving orders may change).
    """
    log, rows = rec
    instants: dict[float, list[tuple[Any, ...]]] = {}
    for entry in log:
        instants.setdefault(entry[0], []).append(entry)
    return [sorted(entries, key=repr) for entries in instants.values()], rows


# -- checks ---------------------------------------------------------------------------

def strength_rises(sim: Simulation) -> list[str]:
    """Units whose strength ever rose along their track (nothing reinforces a unit)."""
    found = []
    for unit_id, track in sim.tracks.items():
        values = [pose.strength for pose in track.poses]
        if any(b > a + 1e-12 for a, b in zip(values, values[1:], strict=False)):
            found.append(unit_id)
    return found


def rounds_after_leaving(sim: Simulation) -> list[str]:
    """Combat rounds with a unit that had broken off that fight, or had been removed."""
    removed: dict[str, int] = {}
    broke: dict[tuple[str, str], int] = {}
    bad = []
    for e in sim.log.entries:
        if e.kind in ("destroyed", "surrender"):
            removed.setdefault(e.data["unit"], e.seq)
        elif e.kind == "withdraw" and "breaks off" in e.text:
            broke.setdefault((e.data["unit"], e.data["engagement"]), e.seq)
        elif e.kind == "combat":
            for unit in (*e.data["attackers"], *e.data["defenders"]):
                if unit in removed or (unit, e.data["engagement"]) in broke:
                    bad.append(f"{unit} in round {e.data['round']} of {e.data['engagement']}")
    return bad


class FogWatch:
    """Checks, after every advance, that no side is told of an enemy unit it has not seen.

    What a side has seen is the engine's own record, gathered as the run goes: its
    sightings (contact or detection) and the fates it saw. A side is told of a unit when
    the unit's name is in its version of a log entry or its snapshot, or the unit's id is
    (other than as the side typed it into an order).
    """

    def __init__(self, how: Play) -> None:
        self.how = how
        self.seen: dict[str, set[str]] = {}
        self.leaks: list[str] = []
        self._read = 0

    def __call__(self, sim: Simulation) -> None:
        """Check the entries written since the last call, and each side's snapshot."""
        for side in (s.id for s in sim.scenario.sides):
            seen = self.seen.setdefault(side, set())
            seen.update(sim.pictures[side], sim.fates[side], sim.contacts[side])
            hidden = [u for u in sim.units.values() if u.side != side and u.id not in seen]
            if not hidden:
                continue
            typed = self.how.typed.get(side, set())
            for entry in sim.log.since(self._read):
                if entry.visible_to(side):
                    self._look(side, hidden, typed, entry.seen_by(side), f"log {entry.seq}")
            snap = sim.snapshot(side)
            for view in snap.units:
                if view.side != side and view.id not in seen:
                    self.leaks.append(f"{side} snapshot shows unseen {view.id}")
        self._read = len(sim.log.entries)

    def _look(self, side: str, hidden: list[Any], typed: set[str], entry: LogEntry,
              where: str) -> None:
        text = json.dumps([entry.text, entry.data], default=str)
        for unit in hidden:
            if unit.name in text:
                self.leaks.append(f"{side} {where} names unseen {unit.id}: {entry.text}")
            elif unit.id not in typed and any(q in text for q in (f"'{unit.id}'",
                                                                   f'"{unit.id}"')):
                self.leaks.append(f"{side} {where} gives unseen {unit.id}: {entry.text}")


def guard_control(sim: Simulation, wrong: list[str]) -> None:
    """Note in *wrong* every hand-over of a place to a side with no unit there.

    A place passes to a side only where no enemy unit stands and one of the side's units
    stands (or, with ``passage_takes``, has passed).
    """
    hand_over = sim.hand_over
    passage = sim.scenario.rules.control.passage_takes

    def checked(place: str, side: str) -> None:
        here = {u.side for u in sim.units_at(place)}
        passed = any(pose.place == place or (pose.leg is not None and place in pose.leg.road)
                     for unit in sim.units.values() if unit.side == side
                     for pose in sim.tracks[unit.id].poses)
        if here - {side} or not (side in here or (passage and passed)):
            wrong.append(f"{place} to {side} at {sim.now:.3f} h with {sorted(here)} there")
        hand_over(place, side)

    sim.hand_over = checked  # type: ignore[method-assign]


def ledger_faults(sim: Simulation) -> list[str]:
    """What is wrong with the run's books: log times going back, losses or prisoners
    falling, places held not adding up to the map."""
    faults = []
    hours = [e.hours for e in sim.log.entries]
    if any(b < a for a, b in zip(hours, hours[1:], strict=False)):
        faults.append("log entries go back in time")
    sides = [s.id for s in sim.scenario.sides]
    rows = sim.metrics.rows
    for key in (f"{m}.{s}" for m in ("personnel_losses", "vehicle_losses", "pows")
                for s in sides):
        values = [row[key] for row in rows if key in row]
        if any(b < a - 1e-9 for a, b in zip(values, values[1:], strict=False)):
            faults.append(f"{key} falls")
    places = len(sim.scenario.map.places)
    for row in rows:
        if sum(row.get(f"places_held.{s}", 0.0) for s in sides) != places:
            faults.append(f"places held do not add up at {row.get('hours')}")
            break
    return faults


def views_agree(sim: Simulation) -> list[str]:
    """Where a side's snapshot shows one of its own units other than the umpire does."""
    umpire = {v.id: v for v in sim.snapshot(None).units}
    return [f"{side}: {view.id}" for side in (s.id for s in sim.scenario.sides)
            for view in sim.snapshot(side).units
            if view.side == side and view != umpire[view.id]]
