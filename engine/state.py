"""The mutable state of a run: units, engagements, fronts and sightings.

Engine-internal; the outside sees Snapshots.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from scenario.models import Posture, UnitType

Status = Literal["waiting", "off_map", "transit", "active", "destroyed", "surrendered"]

TRACKED = frozenset({"place", "leg", "area", "status", "strength", "posture"})
"""The fields of a unit whose changes its track records (see :mod:`engine.track`)."""


class Leg(NamedTuple):
    """A unit on a road from place *u* to place *v*, leaving at *start* and due at *end* (h).

    A leg frozen by contact keeps ``stopped_at``: the fraction of the road covered then.
    (A named tuple: immutable, and quick to make, as a walk makes one for every road.)
    """

    u: str
    v: str
    start: float
    end: float
    stopped_at: float | None = None

    def fraction(self, now: float) -> float:
        """Share of the road covered at *now*, from 0 at *u* to 1 at *v*."""
        if self.stopped_at is not None:
            return self.stopped_at
        if self.end <= self.start:
            return 1.0
        return min(max((now - self.start) / (self.end - self.start), 0.0), 1.0)

    def stop(self, now: float) -> Leg:
        """The same leg, stopped where the unit is at *now*."""
        return Leg(self.u, self.v, self.start, self.end, self.fraction(now))

    @property
    def road(self) -> frozenset[str]:
        """The road, as its two places."""
        return frozenset((self.u, self.v))

    def along(self, now: float) -> float:
        """Where the unit is at *now*, as a fraction of the road from its first place.

        The first place is the first in name order, so two legs on one road, in either
        direction, are measured alike.
        """
        share = self.fraction(now)
        return share if self.u < self.v else 1.0 - share

    def velocity(self) -> float:
        """Change of :meth:`along` per hour while moving (0 when stopped)."""
        if self.stopped_at is not None or self.end <= self.start:
            return 0.0
        speed = 1.0 / (self.end - self.start)
        return speed if self.u < self.v else -speed

    def horizon(self) -> float:
        """Until when the leg describes the unit: its end if moving, for ever if stopped."""
        return float("inf") if self.stopped_at is not None else self.end


@dataclass(frozen=True)
class Transit:
    """A unit moving between an off-map area and the map, not shown on it."""

    origin: str
    destination: str
    start: float
    end: float


@dataclass
class UnitState:
    """Where a unit is, how strong it is, and what it is doing."""

    id: str
    side: str
    type_id: str
    kind: UnitType
    name: str
    strength: float
    """Fraction of the type's full strength now."""
    initial: float
    """Fraction of full strength when the unit arrived."""
    status: Status
    place: str | None = None
    """Map place the unit stands at, if it stands at one."""
    area: str | None = None
    """Off-map area the unit is in, if it is off the map."""
    leg: Leg | None = None
    """Road the unit is on, if it is on one."""
    transit: Transit | None = None
    """Transit to or from an off-map area, if in one."""
    posture: Posture = "defending"
    destination: str | None = None
    """Where its current order takes it."""
    captured: int = 0
    """Personnel taken prisoner (when the unit surrendered)."""
    history: list[str] = field(default_factory=list)
    ammunition: int = 0
    """Long-range munitions left."""
    ready_at: float = 0.0
    """Hours at which its weapon can fire again."""
    engagement: str | None = None
    """The engagement it is fighting in, if any (at most one)."""
    token: int = 0
    """Counts the orders it has been given: a timer or a walk started under an older token
    is stale and does nothing when it wakes."""
    watcher: Callable[[UnitState], None] | None = field(default=None, repr=False,
                                                        compare=False)
    """Told after any :data:`TRACKED` field changes (the run keeps the unit's track)."""

    def locate(self, leg: Leg | None, place: str | None) -> None:
        """Put the unit on *leg* or at *place*: both fields at once, one notice."""
        self.__dict__["leg"], self.__dict__["place"] = leg, place
        self._notify()

    def _notify(self) -> None:
        """Tell the watcher, if any, that a tracked field has changed."""
        watcher = self.__dict__.get("watcher")
        if watcher is not None:
            watcher(self)

    @property
    def alive(self) -> bool:
        """True while the unit can move and fight."""
        return self.status in ("active", "off_map", "transit")

    @property
    def on_map(self) -> bool:
        """True while the unit stands at a place or moves on a road."""
        return self.status == "active"

    def personnel(self) -> int:
        """Personnel now, from the type's full strength and the unit's strength."""
        return round(self.kind.personnel * self.strength)

    def vehicles(self) -> int:
        """Vehicles now."""
        return round(self.kind.vehicles * self.strength)

    def value(self, attacking: bool) -> float:
        """Combat points now: the type's attack or defence value times strength."""
        return (self.kind.attack if attacking else self.kind.defence) * self.strength


class _Tracked:
    """A :data:`TRACKED` field of :class:`UnitState`: setting it tells the unit's watcher.

    Only setting goes through here: with no ``__get__``, a read finds the value in the
    unit's own ``__dict__`` as for any other field, and the other fields are set as
    plainly (a unit is made, and its untracked fields set, far more often than a watched
    change is noted).
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __set__(self, unit: UnitState, value: object) -> None:
        fields = unit.__dict__
        fields[self.name] = value
        watcher = fields.get("watcher")  # as UnitState._notify (none while it is made)
        if watcher is not None:
            watcher(unit)


for _name in TRACKED:  # after @dataclass, which took the defaults from the class body
    setattr(UnitState, _name, _Tracked(_name))
del _name


@dataclass
class Engagement:
    """A fight at one place, or one point of a road, between two sides."""

    key: str
    """What it is: the place or road and the moment it began (``sudzha@30.000000``);
    names the random draws of its rounds."""
    where: str
    """Where it is, in words (a place's name, or the road and how far along)."""
    place: str | None
    """Place id when the fight is at a place; None on a road."""
    road: frozenset[str] | None
    """The two places of the road, when the fight is on a road."""
    attacker: str
    """The side that came on."""
    defender: str
    """The side that held."""
    members: dict[str, list[str]] = field(default_factory=dict)
    """Units taking part now, by side, in the order they joined."""
    rounds: int = 0
    """Rounds fought so far."""

    def side_units(self, units: Mapping[str, UnitState], side: str) -> list[UnitState]:
        """The units of *side* in the fight now (*units*: the run's units by id)."""
        return [units[i] for i in self.members.get(side, [])]

    def everyone(self, units: Mapping[str, UnitState]) -> list[UnitState]:
        """Every unit in the fight now, attackers first."""
        return [*self.side_units(units, self.attacker), *self.side_units(units, self.defender)]

    def attacking(self, unit: UnitState) -> bool:
        """True if *unit* fights on the side that came on."""
        return unit.side == self.attacker

    def enemies(self, unit: UnitState) -> tuple[str, ...]:
        """The side fighting *unit* in this engagement, as a tuple (for witnesses)."""
        return (self.defender,) if unit.side == self.attacker else (self.attacker,)


@dataclass
class Line:
    """A front's distance from its objective, in closed form since the last change."""

    km: float
    """Distance from the objective at ``since`` (km)."""
    since: float = 0.0
    """When ``km`` was last brought up to date (hours)."""
    km_per_hour: float = 0.0
    """The rate of advance since then."""
    factor: float = 1.0
    """Today's factor on the mean rate."""

    def at(self, now: float) -> float:
        """Distance from the objective at *now* (never below zero)."""
        return max(self.km - self.km_per_hour * (now - self.since), 0.0)


@dataclass(frozen=True)
class Sighting:
    """An enemy unit as a side last saw it."""

    unit: str
    hours: float
    """When it was seen (hours since the start)."""
    xy: tuple[float, float]
    """Where it was, in km."""
    place: str | None
    """The place it stood at, if any."""
    road: tuple[str, str, float] | None
    """``(from, to, fraction)`` if it was on a road."""
    strength: float
    """Its strength as seen."""
    posture: str

    def age(self, now: float) -> float:
        """Hours since the sighting."""
        return now - self.hours
