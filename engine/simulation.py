"""One run of a scenario: a SimPy environment, the units' processes, and the clock.

:class:`Simulation` is the engine's front door::

    sim = Simulation(scenario, seed=7)
    sim.apply([Order("ua_22_mech_1", "move", to="sudzha")], side="ua")
    sim.advance(until=24.0)          # hours since the start, or a datetime
    view = sim.snapshot(side="ru")   # what Russia knows, as immutable values

Time is continuous, in hours since the scenario's start; a turn (``turn_hours``) is where
people look and give orders. Every process (a unit walking its route, an engagement, a
control timer, an arrival, the replayed timeline) is a SimPy process on one environment.
Events at one instant run in the priority classes of :mod:`engine.clock`, and
:meth:`Simulation.advance` to T runs every event at T before it returns, so what is read
at T includes them.

With ``debug=True`` (the test suite turns it on for every run) the invariants of
:mod:`engine.invariants` are checked after every event.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import simpy

from engine import (
    collector,
    control,
    fires,
    fog,
    friction,
    front,
    ground,
    invariants,
    metrics,
    roundlog,
)
from engine.budget import Budget, BudgetedEnvironment, scenario_size
from engine.clock import Priority, Soon, Wake, line_up, run_through
from engine.combat import RoundResult
from engine.detection import Pictures, sight
from engine.engagement import fight, join, leave
from engine.layout import MapLayout, build_layout
from engine.log import EventLog, LogEntry, Report
from engine.movement import Plan, Step, meeting_time, travel
from engine.orders import Order, check_places, check_unit
from engine.rng import Streams
from engine.series import Series
from engine.snapshot import Snapshot
from engine.state import Engagement, Leg, Line, Sighting, UnitState
from engine.tally import Tally
from engine.territory import Territory
from engine.track import Track
from engine.views import build_snapshot
from engine.world import NoRouteError, World, route
from scenario.errors import OrderError
from scenario.links import entries
from scenario.models import InjectEntry, OrderEntry, Posture, Scenario, Unit

MOVING_POSTURE: dict[str, Posture] = {"attack": "attacking", "withdraw": "withdrawing"}
"""Posture a unit takes while carrying out an order; any other move is ``moving``."""

Mode = Literal["replay", "free"]

K = TypeVar("K", str, tuple[frozenset[str], str])
"""The key of an index of units: a place or area id, or a road with a side."""


@dataclass(frozen=True)
class Rejected:
    """An order that was refused, and why."""

    order: Order
    reason: str


class Simulation:
    """One run of *scenario* from *seed*, optionally as a named *variant*.

    In ``replay`` mode the timeline's historical orders are given at their times; in
    ``free`` mode only the orders passed to :meth:`apply` move units. Injects are logged
    in both modes.
    """

    debug_default: bool = False
    """Whether new runs check their invariants after every event (the tests set it)."""

    def __init__(self, scenario: Scenario, seed: int | None = None,
                 variant: str | None = None, *, mode: Mode = "replay",
                 debug: bool | None = None) -> None:
        self.scenario = ground.variant(scenario, variant) if variant else scenario
        self.variant = variant
        self.seed = self.scenario.metadata.seed if seed is None else seed
        self.mode: Mode = mode
        self.debug = self.debug_default if debug is None else debug
        """Check the invariants after every event (slow; for tests)."""
        self.world: World
        self.territory: Territory
        with collector.held():  # the map's graph, cells and routes: no cyclic garbage
            self.world, self.territory = ground.ground(self.scenario)
        self.env = BudgetedEnvironment()
        self.streams = Streams(self.seed)
        self.log = EventLog()
        self.units = {u.id: self._unit_state(u) for u in self.scenario.units}
        self.control = {p.id: p.held_by for p in self.scenario.map.places}
        """Who holds each place now (changed only by :meth:`hand_over`)."""
        self.start_holders = dict(self.control)
        """Who held each place at the start."""
        sides = [s.id for s in self.scenario.sides]
        self.tally = Tally(sides, self.territory.km2, self.world.depths, self.control,
                           self.units)
        """What the metrics add up, kept up to date as places and units change."""
        self._foreign = {side: {p for p, holder in self.control.items() if holder != side}
                         for side in sides}
        """The places each side does not hold (what a withdrawal avoids)."""
        self._known = set(self.control) | {a.id for a in self.scenario.map.off_map}
        """The places and off-map areas an order may name."""
        self._closed_now: frozenset[frozenset[str]] = frozenset()
        """The closed roads as last frozen (see :meth:`_closed_roads`)."""
        self.closed: set[frozenset[str]] = set()
        self.engagements: dict[str, Engagement] = {}
        """Engagements going on now, by key."""
        self._fight_at: dict[str, Engagement] = {}
        """The engagement going on at each place that has one (at most one a place)."""
        self.metrics = Series()
        self.walking: dict[str, int] = {}
        """Units with a walk under way, with the order token it was started under."""
        self.claims: dict[str, tuple[str, int]] = {}
        """Running claims on places: place -> (side, token); see :mod:`engine.control`."""
        self.tracks = {unit_id: Track() for unit_id in self.units}
        """Each unit's history of places, roads, strength and posture."""
        self._order = {unit_id: i for i, unit_id in enumerate(self.units)}
        self._at_place: dict[str, set[str]] = {}
        self._on_road: dict[tuple[frozenset[str], str], set[str]] = {}
        """Who is on each road, by road and side (a leg looks for the enemy only)."""
        self._sides = tuple(s.id for s in self.scenario.sides)
        self._in_area: dict[str, set[str]] = {}
        self._indexed: dict[str, tuple[str | None, tuple[frozenset[str], str] | None,
                                       str | None]] = {}
        for unit in self.units.values():
            self.tracks[unit.id].note(unit, 0.0)
            unit.watcher = self._note
        self.contacts: dict[str, dict[str, Sighting]] = {s.id: {} for s in self.scenario.sides}
        """What each side saw of the other's units in contact: unit id -> latest sighting."""
        self.taken_over: dict[str, float] = {}
        """Units a person has ordered in replay mode, and since when (hours): the
        timeline's orders for them are no longer given."""
        self._arrival: dict[str, tuple[str, float]] = {}
        """Where and when (hours) each unit enters the run."""
        self.fates: dict[str, dict[str, tuple[str, float]]] = {s.id: {}
                                                                for s in self.scenario.sides}
        """What each side saw become of enemy units: ``destroyed`` or ``surrendered``, and
        when (in contact, or by a damage assessment)."""
        self.pictures = Pictures(self)
        """What each side has seen of the other's units (contact or detection), worked
        out when read: ``pictures[side][unit_id]``."""
        self.front_lines = {a.id: Line(a.front.distance_km)
                            for a in self.scenario.map.off_map if a.front is not None}
        """Each off-map front in closed form (see :mod:`engine.front`)."""
        self.displaced: dict[str, int] = {}
        """People evacuated or displaced on each side's territory, as last reported."""
        self.struck: dict[str, float] = {}
        """Vehicles each unit has lost to long-range strikes."""
        self.stockpiles: dict[str, float] = {}
        """Share of each stockpile destroyed or damaged so far, by place or area id."""
        self.counter = itertools.count()
        """Source of run-unique numbers for claim tokens."""
        named = (self.scenario.map.places, self.scenario.map.off_map, self.scenario.sides,
                 self.scenario.units)
        self._names: dict[str, str] = {x.id: x.name for group in named for x in group}
        self._start_processes()

    # -- the clock -------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Hours since the scenario's start."""
        return float(self.env.now)

    @property
    def fronts(self) -> dict[str, float]:
        """Distance in km of each off-map front from its objective, now."""
        return {area: line.at(self.now) for area, line in self.front_lines.items()}

    @property
    def end_hours(self) -> float:
        """Length of the scenario in hours."""
        meta = self.scenario.metadata
        return (meta.end - meta.start).total_seconds() / 3600.0

    @property
    def turn(self) -> int:
        """Current turn, from 0."""
        return int(self.now // self.scenario.metadata.turn_hours + 1e-9)

    def hours_at(self, moment: dt.datetime) -> float:
        """Hours from the scenario's start to *moment*."""
        return (moment - self.scenario.metadata.start).total_seconds() / 3600.0

    def time_at(self, hours: float) -> dt.datetime:
        """The date and time *hours* after the scenario's start."""
        return self.scenario.metadata.start + dt.timedelta(hours=hours)

    def advance(self, until: float | dt.datetime) -> tuple[LogEntry, ...]:
        """Run through *until* (hours or a datetime, capped at the end); return new entries.

        Every event due at *until* runs before this returns. The run carries a budget of
        events and computing time in proportion to the scenario's size and the simulated
        time covered (see :mod:`engine.budget`). Python's cyclic garbage collector is held
        meanwhile (:mod:`engine.collector`: a run makes no cyclic garbage).

        Raises:
            RunawayError: the run outspent its budget (it would loop or crawl); it stopped
                at the event that broke the budget.
        """
        first = len(self.log.entries)
        target = self.hours_at(until) if isinstance(until, dt.datetime) else float(until)
        target = min(target, self.end_hours)
        if target >= self.now:
            self.env.budget = Budget(scenario_size(self.scenario), self.now, self._moment)
            try:
                with collector.held():
                    run_through(self.env, target, self._after_event)
            finally:
                self.env.budget = None
            if self.metrics.stale:
                self.metrics.sample(self.now, metrics.measure(self))
        return self.log.since(first)

    def _note(self, unit: UnitState) -> None:
        """A unit's place, road, area, status, strength or posture changed: track it.

        Also keeps the index of who stands at each place, who is on each road and who is
        in each off-map area, and the tally of losses; a claim on a place the unit has
        left may lapse (:func:`engine.control.vacated`).
        """
        self.tracks[unit.id].note(unit, float(self.env.now))
        self.tally.note(unit)
        on_map, leg = unit.on_map, unit.leg
        now = (unit.place if on_map else None,
               (leg.road, unit.side) if on_map and leg is not None else None, unit.area)
        was = self._indexed.get(unit.id, (None, None, None))
        if now != was:
            _move(self._at_place, unit.id, was[0], now[0])
            _move(self._on_road, unit.id, was[1], now[1])
            _move(self._in_area, unit.id, was[2], now[2])
            self._indexed[unit.id] = now
            if was[0] is not None and was[0] != now[0] and was[0] in self.claims:
                control.vacated(self, was[0])

    def hand_over(self, place: str, side: str) -> None:
        """*place* passes to *side*: control, the tally and the metrics follow."""
        self.control[place] = side
        self.tally.hold(place, side)
        for other, foreign in self._foreign.items():
            if other == side:
                foreign.discard(place)
            else:
                foreign.add(place)
        self.metrics.touch()

    def _after_event(self) -> None:
        """After every event: invariants; a metrics row if something measured changed.

        The row is taken after the last event of an instant (the clock moves on next, or
        nothing is left to run): a row taken earlier in the instant would only be replaced
        by that one (:meth:`Series.sample`), since whatever changes a measured quantity
        says so (:meth:`Series.touch`) in the event that changes it.
        """
        env = self.env
        if self.metrics.stale and env.peek() > env.now:
            self.metrics.sample(self.now, metrics.measure(self))
        if self.debug:
            invariants.check(self)

    def _moment(self, hours: float) -> str:
        """*hours* since the start as a date and time, for messages."""
        return f"{self.time_at(hours):%Y-%m-%d %H:%M} (hour {hours:.2f} of the run)"

    def advance_turn(self) -> tuple[LogEntry, ...]:
        """Run to the start of the next turn."""
        return self.advance((self.turn + 1) * self.scenario.metadata.turn_hours)

    def run(self) -> tuple[LogEntry, ...]:
        """Run to the scenario's end."""
        return self.advance(self.end_hours)

    @property
    def finished(self) -> bool:
        """True once the run has reached the scenario's end."""
        return self.now >= self.end_hours - 1e-9

    # -- orders ----------------------------------------------------------------------

    def apply(self, orders: Iterable[Order], side: str) -> list[Rejected]:
        """Give a person's *orders* for *side*; return those refused (which changed nothing).

        In replay mode a unit that takes an order from a person leaves the historical
        timeline: from then on the timeline's orders for it are not given (the log says
        so), so the replay never overrides the person.
        """
        return self._apply(orders, side, historical=False)

    def _apply(self, orders: Iterable[Order], side: str, *, historical: bool
               ) -> list[Rejected]:
        rejected = []
        for order in orders:
            try:
                self.give(order, side)
            except OrderError as exc:
                rejected.append(Rejected(order, str(exc)))
                named = functools.partial(self.name_for, side)
                self.log.add(self.now, "rejected",
                             f"Order to {self._unit_name(order.unit, side)} refused: {exc}",
                             (side,), order=order.describe(named), reason=str(exc))
            else:
                if not historical:
                    self._take_over(self.units[order.unit])
        return rejected

    def _unit_name(self, unit_id: str, side: str) -> str:
        """A unit's name as *side* may read it; the id as written if it knows no such unit."""
        return self.name(unit_id) if self.knows(side, unit_id) else repr(unit_id)

    def knows(self, side: str, unit_id: str) -> bool:
        """Whether *side* knows of unit *unit_id*: its own, or an enemy unit it has seen.

        Seen: a sighting (contact or detection, however old), or the fate it saw.
        """
        unit = self.units.get(unit_id)
        if unit is None:
            return False
        return (unit.side == side or unit_id in self.fates[side]
                or self.sighting(side, unit_id) is not None)

    def name_for(self, side: str, some_id: str | None) -> str:
        """:meth:`name` as *side* may read it: a unit it does not know of, as written."""
        if some_id is not None and some_id in self.units and not self.knows(side, some_id):
            return some_id
        return self.name(some_id)

    def _take_over(self, unit: UnitState) -> None:
        """A person's order takes *unit* out of the historical orders (replay mode)."""
        if self.mode != "replay" or unit.id in self.taken_over:
            return
        self.taken_over[unit.id] = self.now
        self.log.add(self.now, "order", f"{unit.name} now follows the players' orders only: "
                     "the historical orders for it are no longer given", (unit.side,),
                     unit=unit.id)

    def give(self, order: Order, side: str) -> None:
        """Give one order for *side*.

        Raises:
            OrderError: with the reason; nothing has changed.
        """
        waiting = self.units.get(order.unit)
        if waiting is not None and waiting.side == side and waiting.status == "waiting":
            at, when = self._arrival[waiting.id]
            raise OrderError(f"{waiting.name} has not arrived yet: it is due at "
                             f"{self.name(at)} on {self.time_at(when):%d %b %H:%M}")
        unit = check_unit(order, side, self.units, functools.partial(self.knows, side))
        check_places(order, self._known)
        if unit.status == "transit":
            raise OrderError(f"{unit.name} is in transit until "
                             f"{self.time_at(unit.transit.end if unit.transit else 0):%d %b %H:%M}")
        self._check_areas(unit, order)
        if order.action == "strike":
            self.env.process(fires.strike(self, fires.plan(self, unit, order)))
        elif order.action in ("hold", "dig_in"):
            self._halt(unit, order)
        else:
            self._start_move(unit, order)
        named = functools.partial(self.name_for, side)
        self.log.add(self.now, "order", f"{unit.name}: {order.describe(named)}", (side,),
                     unit=unit.id, order=order.describe())

    def _check_areas(self, unit: UnitState, order: Order) -> None:
        """Refuse a move that would take *unit* into an off-map area.

        Units enter the map from off-map areas by their links; nothing takes a unit off
        the map, nor from one area to another. So an order's waypoints are places on the
        map, and its destination is one too, or (a unit off the map staying put) its own
        area.

        Raises:
            OrderError: a waypoint is an off-map area, or the destination is an area other
                than the one the unit is in.
        """
        if order.action not in ("move", "attack", "withdraw"):
            return
        for place in order.via:
            if place not in self.control:
                raise OrderError(f"{self.name(place)} is off the map: a route passes only "
                                 "through places on the map")
        if order.to is not None and order.to not in self.control and order.to != unit.area:
            where = (f"is in {self.name(unit.area)}" if unit.area is not None
                     else "is on the map")
            raise OrderError(f"{unit.name} {where} and cannot be sent to "
                             f"{self.name(order.to)}: units leave an off-map area only "
                             "for a place on the map, and never leave the map")

    def _halt(self, unit: UnitState, order: Order) -> None:
        self.stop_moving(unit)
        unit.destination = None
        unit.posture = "defending"
        if order.action == "dig_in":
            self.env.process(control.dig_in(self, unit, unit.token))

    def _start_move(self, unit: UnitState, order: Order) -> None:
        """Send *unit* on its way; it leaves any fight it is in."""
        avoid = order.action == "withdraw"
        if unit.status == "off_map":
            self._leave_area(unit, order)
            return
        plan = self.plan(unit, order.to or "", order.via, avoid_enemy=avoid)
        self._leave_fight(unit)
        unit.posture = MOVING_POSTURE.get(order.action, "moving")
        unit.destination = plan.destination
        self._walk(unit, plan, delayed=order.action != "withdraw")

    def _walk(self, unit: UnitState, plan: Plan, *, delayed: bool = False) -> None:
        """Start a walk along *plan* under a new order token (any older walk goes stale).

        A *delayed* walk sets out after the order delay that friction draws.
        """
        self.stop_moving(unit)
        self.walking[unit.id] = unit.token
        delay = friction.order_delay(self, unit) if delayed else 0.0
        self.env.process(travel(self, unit, plan, unit.token, delay))

    def stop_moving(self, unit: UnitState) -> None:
        """Stop *unit* where it is: its walk and timers go stale; a leg is frozen."""
        unit.token += 1
        self.walking.pop(unit.id, None)
        if unit.leg is not None and unit.leg.stopped_at is None:
            self.set_leg(unit, unit.leg.stop(self.now))

    def _leave_fight(self, unit: UnitState) -> None:
        """*unit* is ordered away from the fight it is in, if any."""
        eng = self.engagements.get(unit.engagement or "")
        if eng is None:
            return
        leave(eng, unit)
        self.log.add(self.now, "withdraw", f"{unit.name} leaves the fight at {eng.where}",
                     (unit.side,), unit=unit.id, engagement=eng.key)

    # -- routes ----------------------------------------------------------------------

    def plan(self, unit: UnitState, to: str, via: tuple[str, ...] = (), *,
             avoid_enemy: bool = False) -> Plan:
        """The quickest plan from where *unit* is to *to*, through *via*.

        Raises:
            OrderError: no route (roads cut, closed to this unit, or through enemy places).
        """
        if unit.leg is not None:  # on a road: go on to its end or back to its start
            leg, now = unit.leg, self.now
            done = leg.fraction(now)
            hours = leg.end - leg.start
            options = [(Step(leg.u, leg.v, hours, done), leg.v),
                       (Step(leg.v, leg.u, hours, 1.0 - done), leg.u)]
            plans = [self._plan_from(first, node, to, via, unit, avoid_enemy)
                     for first, node in options]
            found = [p for p in plans if p is not None]
            if not found:
                raise OrderError(f"no route for {unit.id!r} to {to!r}")
            return min(found, key=lambda p: p.hours)
        assert unit.place is not None
        result = self._plan_from(None, unit.place, to, via, unit, avoid_enemy, strict=True)
        assert result is not None
        return result

    def _plan_from(self, first: Step | None, start: str, to: str, via: tuple[str, ...],
                   unit: UnitState, avoid_enemy: bool, strict: bool = False) -> Plan | None:
        steps = [first] if first is not None else []
        stops = [start, *via, to]
        avoid = self._foreign[unit.side] if avoid_enemy else frozenset()
        try:
            for a, b in itertools.pairwise(stops):
                if a == b:
                    continue
                found = route(self.world, a, b, unit.kind.speed_kmh, avoid=avoid,
                              closed=self._closed_roads())
                steps.extend(itertools.starmap(Step, found.legs))
        except NoRouteError as exc:
            if strict:
                raise OrderError(str(exc)) from None
            return None
        return Plan(tuple(steps), to)

    def _closed_roads(self) -> frozenset[frozenset[str]]:
        """The closed roads as one frozen set, made anew only when a road has closed."""
        if len(self._closed_now) != len(self.closed):  # roads close, never reopen
            self._closed_now = frozenset(self.closed)
        return self._closed_now

    def close_road(self, u: str, v: str, why: str) -> None:
        """Close the road *u*-*v* (a cut bridge): units reroute when they reach it.

        Raises:
            OrderError: there is no road between *u* and *v*.
        """
        if not self.world.graph.has_edge(u, v):
            raise OrderError(f"there is no road between {u!r} and {v!r}")
        self.closed.add(frozenset((u, v)))
        self.log.add(self.now, "closed", f"The road {self.name(u)}-{self.name(v)} is closed: "
                     f"{why}", (), road=[u, v])

    def road_closed(self, u: str, v: str) -> bool:
        """True if the road between *u* and *v* is closed (a cut bridge)."""
        return bool(self.closed) and frozenset((u, v)) in self.closed

    def blocked(self, unit: UnitState, step: Step, plan: Plan) -> None:
        """A unit finds its next road closed: it reroutes, or stops where it is."""
        try:
            new = self.plan(unit, plan.destination)
        except OrderError:
            self.walking.pop(unit.id, None)
            unit.destination = None
            self.log.add(self.now, "stop", f"{unit.name} stops at {self.name(unit.place)}: the "
                         f"road to {self.name(step.v)} is closed and no other route leads to "
                         f"{self.name(plan.destination)}", (unit.side,), unit=unit.id)
            return
        self.log.add(self.now, "reroute", f"{unit.name} reroutes at {self.name(unit.place)}: "
                     f"the road to {self.name(step.v)} is closed", (unit.side,), unit=unit.id)
        self._walk(unit, new)

    # -- places and contact ----------------------------------------------------------

    def name(self, some_id: str | None) -> str:
        """The name of a place, off-map area, side or unit; the id itself if none has one."""
        return "-" if some_id is None else self._names.get(some_id, some_id)

    def units_at(self, place: str) -> list[UnitState]:
        """Units standing at *place*, in scenario order."""
        return self._in_order(self._at_place.get(place))

    def units_in(self, area: str) -> list[UnitState]:
        """Units in the off-map *area*, in scenario order."""
        return self._in_order(self._in_area.get(area))

    def _in_order(self, ids: set[str] | None) -> list[UnitState]:
        """The units *ids* names, in scenario order."""
        if not ids:
            return []
        if len(ids) == 1:
            return [self.units[i] for i in ids]
        return [self.units[i] for i in sorted(ids, key=self._order.__getitem__)]

    def _enemy_at(self, place: str, side: str) -> bool:
        """True if a unit of another side than *side* stands at *place*."""
        units = self.units
        return any(units[i].side != side for i in self._at_place.get(place, ()))

    def place_kind(self, place: str) -> str:
        """The kind of a place: city, town, village or site."""
        return str(self.world.graph.nodes[place]["kind"])

    def reach(self, unit: UnitState, place: str) -> bool:
        """A walking unit reaches *place*; True if it meets the enemy there and stops."""
        if self._enemy_at(place, unit.side):
            self.walking.pop(unit.id, None)
            self.contact_at(place, unit)
            return True
        control.passed(self, unit, place)
        return False

    def arrived(self, unit: UnitState, destination: str) -> None:
        """A unit has reached the end of its route."""
        self.walking.pop(unit.id, None)
        unit.destination = None
        if unit.posture in ("moving", "attacking", "withdrawing"):
            unit.posture = "defending"
        self.log.add(self.now, "move", f"{unit.name} reaches {self.name(destination)}",
                     (unit.side,), unit=unit.id, place=destination)
        control.occupancy(self, destination)

    def set_leg(self, unit: UnitState, leg: Leg | None, place: str | None = None) -> None:
        """Put *unit* on *leg* (or at *place*); meetings on its road are worked out anew.

        Each meeting is a wake-up at its time (lined up, :func:`~engine.clock.line_up`),
        all of them set up by one event at once, in the order (and so with the same place
        in the queue) that a process for each meeting would give them.
        """
        unit.locate(leg, None if leg is not None else place)
        if leg is None:
            return
        road = leg.road
        foes = [ids for side in self._sides
                if side != unit.side and (ids := self._on_road.get((road, side)))]
        if not foes:
            return
        meetings = []
        for other in self._in_order(foes[0] if len(foes) == 1 else set().union(*foes)):
            if other.leg is None:
                continue
            when = meeting_time(leg, other.leg, self.now)
            if when is not None:
                meetings.append((unit, other, leg, other.leg, when))
        if meetings:
            Soon(self.env, functools.partial(self._set_meetings, meetings))

    def _set_meetings(self, meetings: list[tuple[UnitState, UnitState, Leg, Leg, float]],
                      ) -> None:
        """Set each meeting ``(unit, other, leg, other_leg, when)`` for its time.

        The meetings are lined up (:func:`~engine.clock.line_up`): a meeting one of whose
        legs has changed by the time the one before it ran is moot and never becomes an
        event (a leg, once replaced, never comes back).
        """
        line_up(self.env, [
            (when - self.now, Priority.MOVEMENT,
             functools.partial(_both_stand, unit, other, leg, other_leg),
             functools.partial(self._meet, unit, other, leg, other_leg))
            for unit, other, leg, other_leg, when in meetings])

    def _meet(self, unit: UnitState, other: UnitState, leg: Leg, other_leg: Leg) -> None:
        """Two enemy units meet on a road, if both legs still stand."""
        if unit.leg is not leg or other.leg is not other_leg:
            return
        if not (unit.on_map and other.on_map):
            return
        where = (f"the road {self.name(leg.u)}-{self.name(leg.v)} "
                 f"({leg.fraction(self.now):.0%} of the way)")
        self.contact_on_road(where, leg.road, unit, other)

    def contact_on_road(self, where: str, road: frozenset[str], unit: UnitState,
                        other: UnitState) -> None:
        """*unit* comes on *other* on a road: one joins the other's fight, or they start one.

        A broken unit caught on the road surrenders instead (it cannot fight, and turning
        back into the next enemy would only start the same contact again).
        """
        if self._caught(unit, where) | self._caught(other, where):
            return
        for comer, met in ((unit, other), (other, unit)):
            eng = self.engagements.get(met.engagement or "")
            if eng is not None and comer.engagement is None:
                self._join(eng, comer)
                return
        if unit.engagement is None and other.engagement is None:
            self.start_engagement(where, None, road, unit, [other])

    def contact_at(self, place: str, unit: UnitState) -> None:
        """*unit* comes on the enemy at *place*: it joins the fight there, or starts one."""
        if self._caught(unit, self.name(place)):
            return
        eng = self._fight_at.get(place)
        if eng is not None:
            self._join(eng, unit)
            return
        others = [u for u in self.units_at(place) if u is not unit and u.engagement is None]
        self.start_engagement(self.name(place), place, None, unit, others)

    def _caught(self, unit: UnitState, where: str) -> bool:
        """A broken unit (or one with no combat power) that runs into the enemy surrenders."""
        rules = self.scenario.rules.combat
        if unit.engagement is not None or not unit.on_map:
            return False
        if unit.strength >= rules.break_at and unit.value(attacking=True) > 0:
            return False
        enemies = tuple(s.id for s in self.scenario.sides if s.id != unit.side)
        self.surrender(unit, f"{unit.name}, broken and caught at {where}, surrenders",
                       enemies)
        return True

    def _join(self, eng: Engagement, unit: UnitState) -> None:
        join(self, eng, unit)
        self.log.add(self.now, "contact", f"{unit.name} joins the fight at {eng.where}",
                     (eng.attacker, eng.defender), unit=unit.id, engagement=eng.key)
        for enemy in eng.everyone(self.units):
            if enemy.side != unit.side:
                sight(self, unit.side, enemy)
                sight(self, enemy.side, unit)

    def start_engagement(self, where: str, place: str | None, road: frozenset[str] | None,
                         unit: UnitState, others: list[UnitState]) -> Engagement:
        """Start a fight at *where* between *unit*'s side (coming on) and the enemy.

        *others* are the other units there (at a place, both sides' units standing there).
        """
        enemies = [u for u in others if u.side != unit.side]
        spot = place if place is not None else "-".join(sorted(road or ())) + f"/{unit.id}"
        eng = Engagement(key=f"{spot}@{self.now:.6f}", where=where, place=place, road=road,
                         attacker=unit.side, defender=enemies[0].side)
        self.engagements[eng.key] = eng
        if place is not None:
            self._fight_at[place] = eng
        for member in (unit, *others):
            join(self, eng, member)
        names = ", ".join(e.name for e in enemies)
        self.log.add(self.now, "contact", f"{unit.name} makes contact with {names} at {where}",
                     (eng.attacker, eng.defender), engagement=eng.key, attacker=unit.id,
                     defenders=[e.id for e in enemies])
        for enemy in enemies:
            sight(self, unit.side, enemy)
            sight(self, enemy.side, unit)
        self.env.process(fight(self, eng))
        return eng

    def log_round(self, eng: Engagement, result: RoundResult, attackers: list[UnitState],
                  defenders: list[UnitState], lost: roundlog.Lost) -> None:
        """Log one round: the umpire's adjudication, and each side's version of it."""
        roundlog.log_round(self, eng, result, (attackers, defenders), lost)

    def sighting(self, side: str, unit_id: str) -> Sighting | None:
        """*side*'s latest sighting of *unit_id* (contact or detection), or None."""
        return self.pictures.sighting(side, unit_id)

    def refuge(self, unit: UnitState) -> str | None:
        """The neighbouring place *unit* would fall back to, or None."""
        return control.refuge(self, unit)

    def withdraw(self, unit: UnitState, refuge: str, eng: Engagement) -> None:
        """*unit* has left *eng* and withdraws to *refuge*."""
        self.log.add(self.now, "withdraw", f"{unit.name} breaks off and withdraws to "
                     f"{self.name(refuge)}", (unit.side,), unit=unit.id, engagement=eng.key)
        self._start_move(unit, Order(unit.id, "withdraw", to=refuge))

    def surrender(self, unit: UnitState, text: str, witnesses: tuple[str, ...] = ()) -> None:
        """*unit* surrenders: its personnel now are taken prisoner.

        *witnesses* are the sides that see it (its captors): they learn who surrendered,
        and how many were taken only as an assessed range (:mod:`engine.fog`).
        """
        unit.captured = unit.personnel()
        taken = fog.span(fog.assessed(self, unit.captured, "prisoners", unit.id, self.now),
                         "personnel")
        self._remove(unit, "surrendered", f"{text} ({unit.captured} personnel)",
                     {side: f"{text} (about {taken} taken prisoner)" for side in witnesses})

    def destroy(self, unit: UnitState, text: str, witnesses: tuple[str, ...] = ()) -> None:
        """Remove *unit* as destroyed, with *text* in the log; *witnesses* see it happen."""
        self._remove(unit, "destroyed", text, {side: text for side in witnesses})

    def _remove(self, unit: UnitState, status: Literal["destroyed", "surrendered"],
                text: str, seen: dict[str, str]) -> None:
        """Take *unit* out of the run; the sides in *seen* learn it in their own words."""
        eng = self.engagements.get(unit.engagement or "")
        if eng is not None:
            leave(eng, unit)
        self.stop_moving(unit)
        place = unit.place
        unit.status, unit.leg, unit.place, unit.destination = status, None, None, None
        kind: Literal["destroyed", "surrender"] = ("destroyed" if status == "destroyed"
                                                   else "surrender")
        seen.pop(unit.side, None)
        self.log.add(self.now, kind, text, (unit.side, *seen),
                     {side: Report(words, {"unit": unit.id}) for side, words in seen.items()},
                     unit=unit.id)
        for side in seen:
            self.fates[side][unit.id] = (status, self.now)
        self.metrics.touch()
        if place is not None:
            control.occupancy(self, place)
        front.settle(self)

    def engagement_over(self, eng: Engagement, survivors: list[UnitState]) -> None:
        """An engagement ends: survivors that were on their way go on, the others stand."""
        self.engagements.pop(eng.key, None)
        if eng.place is not None:
            if self._fight_at.get(eng.place) is eng:
                del self._fight_at[eng.place]
            control.occupancy(self, eng.place)
        for unit in survivors:
            if not unit.on_map or unit.engagement is not None:
                continue
            if unit.destination:
                self._resume(unit)
            elif unit.posture in ("moving", "attacking", "withdrawing"):
                unit.posture = "defending"

    def _resume(self, unit: UnitState) -> None:
        try:
            plan = self.plan(unit, unit.destination or "")
        except OrderError:
            unit.destination = None
            if unit.posture in ("moving", "attacking", "withdrawing"):
                unit.posture = "defending"
            return
        self._walk(unit, plan, delayed=True)

    # -- processes -------------------------------------------------------------------

    def _unit_state(self, spec: Unit) -> UnitState:
        """The state of the unit *spec* describes, before it arrives."""
        return UnitState(id=spec.id, side=spec.side, type_id=spec.type,
                         kind=self.scenario.rules.unit_types[spec.type], name=spec.name,
                         strength=spec.strength, initial=spec.strength, status="waiting",
                         posture=spec.posture, ammunition=self._ammunition(spec.type))

    def _ammunition(self, type_id: str) -> int:
        weapon = self.scenario.rules.unit_types[type_id].weapon
        return weapon.ammunition if weapon else 0

    def _start_processes(self) -> None:
        for spec in self.scenario.units:
            when = self.hours_at(spec.available) if spec.available else 0.0
            self._arrival[spec.id] = (spec.at, when)
            if when <= 0:
                self._place(self.units[spec.id], spec.at)
            else:
                self.env.process(self._arrive(self.units[spec.id], spec.at, when))
        self.env.process(self._timeline())
        if self.front_lines:
            self.env.process(front.days(self))

    def _arrive(self, unit: UnitState, at: str, when: float,
                ) -> Generator[simpy.Event, Any, None]:
        yield Wake(self.env, when, Priority.ARRIVAL)
        self._place(unit, at)

    def _place(self, unit: UnitState, at: str) -> None:
        """Put an arriving unit at its place or off-map area."""
        if at in self.control:
            unit.status, unit.place = "active", at
        else:
            unit.status, unit.area = "off_map", at
            front.settle(self)
        self.log.add(self.now, "arrival", f"{unit.name} arrives at {self.name(at)}", (unit.side,),
                     unit=unit.id, place=at)
        if unit.place is not None:
            if any(u.side != unit.side for u in self.units_at(at)):
                self.contact_at(at, unit)
            else:
                control.occupancy(self, at)

    def _leave_area(self, unit: UnitState, order: Order) -> None:
        """Send a unit from its off-map area onto the map by its best chain of links.

        The chain chosen (:func:`scenario.links.entries`) is the one onto a map place that
        gives the earliest arrival at the order's destination (transit plus road time).

        Raises:
            OrderError: the area has no link onto the map, or no link leads on by road.
        """
        area = next(a for a in self.scenario.map.off_map if a.id == unit.area)
        target = order.to or ""
        if target == area.id:
            return
        options = []
        for entry, transit in entries(self.scenario.map.off_map, area.id, unit.side,
                                      self.control).items():
            hours = transit + self._road_hours(unit, entry, target)
            if hours < float("inf"):
                options.append((hours, entry, transit))
        if not options:
            raise OrderError(f"no route for {unit.id!r} from {area.name} to {target!r}: "
                             "no link from the area leads there by road")
        _, entry, transit = min(options)
        self.env.process(control.transit(self, unit, area.id, entry, transit, order))

    def _road_hours(self, unit: UnitState, start: str, target: str) -> float:
        """Road hours from *start* to *target* for *unit*; infinity without a route."""
        if target == start or target not in self.control:
            return 0.0
        try:
            return route(self.world, start, target, unit.kind.speed_kmh,
                         closed=self._closed_roads()).hours
        except NoRouteError:
            return float("inf")

    def _timeline(self) -> Generator[simpy.Event, Any, None]:
        entries = sorted(enumerate(self.scenario.timeline),
                         key=lambda pair: (pair[1].at, pair[0]))
        yield Wake(self.env, 0.0, Priority.TIMELINE)
        for _, entry in entries:
            wait = self.hours_at(entry.at) - self.now
            if wait > 0:
                yield Wake(self.env, wait, Priority.TIMELINE)
            if isinstance(entry, InjectEntry):
                self._inject(entry)
            elif isinstance(entry, OrderEntry) and self.mode == "replay":
                self._replay_order(entry)

    def _inject(self, entry: InjectEntry) -> None:
        """Log an inject; an evacuation with a head count updates the people displaced."""
        by = f"{entry.by}: " if entry.by else ""
        self.log.add(self.now, "inject", f"{by}{entry.title}", (), category=entry.category,
                     source=entry.source, people=entry.people)
        if entry.category == "evacuation" and entry.people and entry.side:
            self.displaced[entry.side] = max(self.displaced.get(entry.side, 0), entry.people)
            self.metrics.touch()

    def _replay_order(self, entry: OrderEntry) -> None:
        """Give a historical order to its units, except those a person has taken over."""
        orders = []
        for unit_id in entry.units:
            order = Order(unit_id, entry.action, entry.to, entry.via, entry.target)
            if unit_id in self.taken_over:
                unit = self.units[unit_id]
                self.log.add(self.now, "order", f"{unit.name}: the historical order "
                             f"({order.describe(functools.partial(self.name_for, unit.side))})"
                             " is not given; the unit follows "
                             "the players' orders", (unit.side,), unit=unit_id,
                             order=order.describe(), skipped=True)
            else:
                orders.append(order)
        self._apply(orders, entry.side, historical=True)

    # -- views -----------------------------------------------------------------------

    def layout(self) -> MapLayout:
        """The fixed drawing of the map: places, roads and border in km."""
        return build_layout(self.scenario, self.world)

    def snapshot(self, side: str | None = None, since: int = 0) -> Snapshot:
        """What *side* knows now (``None``: the umpire, who sees everything).

        Raises:
            OrderError: *side* is not one of the scenario's sides.
        """
        if side is not None and side not in {s.id for s in self.scenario.sides}:
            raise OrderError(f"unknown side {side!r}")
        return build_snapshot(self, side, since)


def _both_stand(unit: UnitState, other: UnitState, leg: Leg, other_leg: Leg) -> bool:
    """True while *unit* is still on *leg* and *other* on *other_leg*."""
    return unit.leg is leg and other.leg is other_leg


def _move(index: dict[K, set[str]], unit_id: str, was: K | None, now: K | None) -> None:
    """Move *unit_id* in *index* from the entry *was* to the entry *now* (None: no entry)."""
    if was == now:
        return
    if was is not None:
        index[was].discard(unit_id)
    if now is not None:
        index.setdefault(now, set()).add(unit_id)
