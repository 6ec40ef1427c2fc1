"""The run as the rule modules see it: the state and services they act on.

The rule modules (combat, control, detection, engagement, fires, friction, front, metrics,
movement, views, invariants) take a :class:`Run` and never import
:class:`~engine.simulation.Simulation`, which imports them: the engine has no import
circle, not even one made only for type checking (a test walks the imports). ``Run`` is a
structural type: the Simulation is one, and so could be a smaller stand-in in a test.

It names, in one place, everything a rule may touch:

- state: the units, who holds each place (changed only through ``hand_over``, which keeps
  the tally), engagements, claims on places, fronts, sightings, tracks, stockpiles, closed
  roads, people displaced;
- services: the SimPy environment (the clock), the scenario and its world and territory,
  the random streams, the log, the metrics' rows and the tally they add up;
- the coordinator's callbacks, by which one rule hands a unit on to another (a walk that
  reaches the enemy starts contact; a broken unit withdraws; a strike destroys).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import simpy

from engine.log import EventLog
from engine.orders import Order
from engine.rng import Streams
from engine.series import Series
from engine.state import Engagement, Leg, Line, Sighting, UnitState
from engine.tally import Tally
from engine.territory import Territory
from engine.track import Track
from engine.world import World
from scenario.models import Scenario


class Run(Protocol):
    """What a rule module may read, change and call (see the module docstring)."""

    @property
    def env(self) -> simpy.Environment:
        """The SimPy environment: the run's clock and event queue."""
    @property
    def scenario(self) -> Scenario:
        """The scenario being run (with its variant applied)."""
    @property
    def world(self) -> World:
        """The road graph, projection, border and depths."""
    @property
    def territory(self) -> Territory:
        """Each place's cell of ground."""
    @property
    def streams(self) -> Streams:
        """The run's random draws, by name and key."""
    @property
    def log(self) -> EventLog:
        """The event log."""
    @property
    def metrics(self) -> Series:
        """The metrics' rows."""
    @property
    def tally(self) -> Tally:
        """What the metrics add up: each place's holder, each unit's losses."""
    @property
    def units(self) -> dict[str, UnitState]:
        """Every unit's state, by id, in scenario order."""
    @property
    def control(self) -> dict[str, str]:
        """Who holds each place now."""
    @property
    def start_holders(self) -> dict[str, str]:
        """Who held each place at the start."""
    @property
    def claims(self) -> dict[str, tuple[str, int]]:
        """Running claims on places: place -> (side, token)."""
    @property
    def counter(self) -> itertools.count[int]:
        """Source of run-unique claim tokens."""
    @property
    def engagements(self) -> dict[str, Engagement]:
        """Engagements going on now, by key."""
    @property
    def walking(self) -> dict[str, int]:
        """Units with a walk under way, with its order token."""
    @property
    def front_lines(self) -> dict[str, Line]:
        """Each off-map front in closed form."""
    @property
    def tracks(self) -> dict[str, Track]:
        """Each unit's history of poses."""
    @property
    def contacts(self) -> dict[str, dict[str, Sighting]]:
        """What each side saw of the other's units in contact."""
    @property
    def fates(self) -> dict[str, dict[str, tuple[str, float]]]:
        """What each side saw become of enemy units (status, hours)."""
    @property
    def pictures(self) -> Mapping[str, Mapping[str, Sighting]]:
        """What each side has seen of the other's units, worked out when read."""
    @property
    def stockpiles(self) -> dict[str, float]:
        """Share of each stockpile destroyed so far."""
    @property
    def struck(self) -> dict[str, float]:
        """Vehicles each unit has lost to long-range strikes."""
    @property
    def closed(self) -> set[frozenset[str]]:
        """Closed roads, as pairs of places."""
    @property
    def displaced(self) -> dict[str, int]:
        """People displaced on each side's territory, as last reported."""

    @property
    def now(self) -> float:
        """Hours since the scenario's start."""

    @property
    def turn(self) -> int:
        """Current turn, from 0."""

    @property
    def finished(self) -> bool:
        """True once the run has reached the scenario's end."""

    def time_at(self, hours: float) -> dt.datetime:
        """The date and time *hours* after the start."""

    def name(self, some_id: str | None) -> str:
        """The name of a place, area, side or unit."""

    def units_at(self, place: str) -> list[UnitState]:
        """Units standing at *place*, in scenario order."""

    def units_in(self, area: str) -> list[UnitState]:
        """Units in the off-map *area*, in scenario order."""

    def place_kind(self, place: str) -> str:
        """The kind of a place."""

    def road_closed(self, u: str, v: str) -> bool:
        """True if the road *u*-*v* is closed."""

    def close_road(self, u: str, v: str, why: str) -> None:
        """Close the road *u*-*v*."""

    def hand_over(self, place: str, side: str) -> None:
        """*place* passes to *side* (control, the tally and the metrics follow)."""

    def apply(self, orders: Iterable[Order], side: str) -> object:
        """Give *orders* for *side*."""

    def set_leg(self, unit: UnitState, leg: Leg | None, place: str | None = None) -> None:
        """Put *unit* on *leg*, or at *place*."""

    def stop_moving(self, unit: UnitState) -> None:
        """Stop *unit* where it is."""

    def reach(self, unit: UnitState, place: str) -> bool:
        """A walking unit reaches *place*; True if it meets the enemy there."""

    def arrived(self, unit: UnitState, destination: str) -> None:
        """A unit has reached the end of its route."""

    def blocked(self, unit: UnitState, step: Any, plan: Any) -> None:
        """A unit finds its next road closed."""

    def sighting(self, side: str, unit_id: str) -> Sighting | None:
        """*side*'s latest sighting of *unit_id*, or None."""

    def refuge(self, unit: UnitState) -> str | None:
        """Where *unit* would fall back to."""

    def withdraw(self, unit: UnitState, refuge: str, eng: Engagement) -> None:
        """*unit* has left *eng* and withdraws to *refuge*."""

    def surrender(self, unit: UnitState, text: str, witnesses: tuple[str, ...] = ()) -> None:
        """*unit* surrenders; *witnesses* (sides) see it."""

    def destroy(self, unit: UnitState, text: str, witnesses: tuple[str, ...] = ()) -> None:
        """*unit* is destroyed; *witnesses* (sides) see it."""

    def engagement_over(self, eng: Engagement, survivors: list[UnitState]) -> None:
        """*eng* has ended."""

    def log_round(self, eng: Engagement, result: Any, attackers: list[UnitState],
                  defenders: list[UnitState], lost: Any) -> None:
        """Log one round of *eng*."""
