"""The scenario format as pydantic models: what a scenario IS.

A :class:`Scenario` is immutable and validated field by field here; cross-references (an
unknown place, a road from a place to itself, an unreachable place) are checked in
:mod:`scenario.checks`, where every problem gets a file position.

Each field carries its documentation as a docstring right below it; the same text ends up
in the JSON Schema that editors use for completion (``salient schema``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from scenario.documented import Documented

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=64)]
"""An identifier: a letter, then letters, digits, ``_`` or ``-`` (``sudzha``, ``S1``)."""


def _unit(unit: str) -> Any:
    """``Field`` metadata of a number in *unit*: finite, strict (no true/false, no text).

    The unit goes into the JSON Schema as ``"unit"``; the field's description says it too,
    in parentheses, and ``tests/scenario/test_bounds.py`` checks that both are there.
    """
    return Field(strict=True, allow_inf_nan=False, json_schema_extra={"unit": unit})


def _whole(unit: str) -> Any:
    """``Field`` metadata of a whole number in *unit*: strict (no true/false, no text, no 2.0).

    (An integer is always finite; ``allow_inf_nan`` on an integer would also hide its
    bounds from the JSON Schema.)
    """
    return Field(strict=True, json_schema_extra={"unit": unit})


# Every number of the format is one of these types. Each is finite and strict (``true``
# is not 1, ``"12"`` is not 12); a field sets its own range with ``Field(ge=..., le=...)``,
# and the types used inside lists and maps carry theirs. A YAML integer (``12``) is a
# valid value for a float type.
Hours = Annotated[float, _unit("hours")]
"""A duration in hours."""
Minutes = Annotated[float, _unit("minutes")]
"""A duration in minutes."""
Km = Annotated[float, _unit("km")]
"""A distance in kilometres."""
KmPerHour = Annotated[float, _unit("km/h")]
"""A speed in kilometres an hour."""
KmPerDay = Annotated[float, _unit("km/day")]
"""A rate of advance in kilometres a day."""
Count = Annotated[int, _whole("count")]
"""A whole number of things: people, vehicles, munitions."""
MeanCount = Annotated[float, _unit("count")]
"""An average number of things (vehicles destroyed by one munition, on average)."""
Battalions = Annotated[float, _unit("battalions")]
"""Battalion-equivalents (a company is a third of one)."""
Points = Annotated[float, _unit("points")]
"""Combat points, or the points of an objective in the debrief."""
PerHour = Annotated[float, _unit("per hour")]
"""A rate per hour."""
Ratio = Annotated[float, _unit("ratio")]
"""A pure number: a coefficient of variation, an exponent."""
Multiplier = Annotated[float, _unit("multiplier")]
"""A factor applied to a value (1 leaves it as it is)."""
Fraction = Annotated[float, _unit("fraction 0-1"), Field(ge=0.0, le=1.0)]
"""A share of a whole, from 0 to 1."""
Probability = Annotated[float, _unit("probability 0-1"), Field(ge=0.0, le=1.0)]
"""A chance, from 0 to 1."""
Lat = Annotated[float, _unit("degrees"), Field(ge=-90.0, le=90.0)]
"""Latitude in decimal degrees (WGS84), -90 to 90."""
Lon = Annotated[float, _unit("degrees"), Field(ge=-180.0, le=180.0)]
"""Longitude in decimal degrees (WGS84), -180 to 180."""
PostureMultiplier = Annotated[float, _unit("multiplier"), Field(ge=0.0, le=10.0)]
"""Combat power multiplier of a posture, 0 to 10."""
RoadFactor = Annotated[float, _unit("ratio"), Field(ge=1.0, le=5.0)]
"""Road length over straight-line distance, 1 to 5."""
Figure = Annotated[float, _unit("metric unit"), Field(ge=0.0, le=1e12)]
"""A claimed figure, in the unit of the claim's metric (km2, km, count, ...)."""
Seed = Annotated[int, _whole("no unit"), Field(ge=0, le=2**32 - 1)]
"""A random seed: a whole number from 0 to 4,294,967,295."""

MIN_SPEED_KMH = 1.0
"""The slowest speed a unit may have on a class of road it can use, in km/h."""


def _zero_or_moving(speed: float) -> float:
    """Refuse a speed between 0 and :data:`MIN_SPEED_KMH`: 0 means "cannot use"."""
    if 0 < speed < MIN_SPEED_KMH:
        raise ValueError(f"a speed is 0 (the unit cannot use this class of road) or at "
                         f"least {MIN_SPEED_KMH:g} km/h")
    return speed


Speed = Annotated[KmPerHour, Field(ge=0.0, le=200.0), AfterValidator(_zero_or_moving)]
"""A speed on a class of road in km/h: 0 (cannot use it) or 1 to 200."""

Point = tuple[Lat, Lon]
"""A point as ``[lat, lon]`` in decimal degrees (WGS84)."""

MAX_DAYS = 366
"""The longest scenario window, from start to end, in days."""
YEARS = (1000, 9000)
"""The first and last year a scenario's start and end may fall in."""

RoadClass = Literal["motorway", "highway", "regional", "local", "track"]
ROAD_CLASSES: tuple[RoadClass, ...] = ("motorway", "highway", "regional", "local", "track")
PlaceKind = Literal["city", "town", "village", "site"]
PlaceTag = Literal[
    "district_centre", "regional_centre", "border_crossing", "air_base", "gas_station",
    "nuclear_plant", "bridge", "strongpoint", "junction", "rear_base",
]
OffMapKind = Literal["front", "air_base", "city", "depot", "region"]
UnitCategory = Literal[
    "infantry", "mechanised", "armour", "air_assault", "naval_infantry", "border_guard",
    "conscript", "territorial", "irregular", "special_forces", "convoy", "artillery",
    "rocket_artillery", "drone_team", "air_defence", "aviation", "missile_forces",
    "headquarters", "logistics",
]
Echelon = Literal["team", "platoon", "company", "battalion", "regiment", "brigade", "group"]
Munition = Literal["rocket", "missile", "drone", "glide_bomb", "bomb", "shell"]
AirTarget = Literal["rocket", "missile", "drone", "glide_bomb", "aircraft", "helicopter"]
Posture = Literal["moving", "attacking", "defending", "dug_in", "surprised", "withdrawing"]
Action = Literal["move", "attack", "hold", "dig_in", "withdraw", "strike"]
InjectCategory = Literal[
    "news", "statement", "emergency", "evacuation", "strike_report", "casualties", "diplomacy",
]
ClaimMetric = Literal[
    "territory_km2", "settlements_held", "depth_km", "front_width_km", "personnel_losses",
    "tank_losses", "vehicle_losses", "pows", "convoy_vehicles_destroyed",
    "convoy_personnel_losses", "stockpile_destroyed", "stockpile_fraction_destroyed",
    "aircraft_present", "drones_downed", "civilians_killed", "civilians_injured", "evacuated",
    "displaced", "troops_committed", "gas_flow_mcm", "place_held",
]
ObjectiveKind = Literal["take", "hold", "deny", "destroy", "reach", "inflict"]
Party = Literal[
    "officials", "state_media", "milbloggers", "media", "analysts", "foreign_officials",
    "companies", "unnamed",
]
"""Who made a claim, as a kind of party; with the claim's ``side`` it names the party.

- ``officials``: a side's state: head of state, government, ministries, the armed forces
  and their command, security services, regional and local authorities. Needs ``side``.
- ``state_media``: media a side's state owns or runs (news agencies, state television).
  Needs ``side``.
- ``milbloggers``: military bloggers and channels that write from one side (Telegram
  channels, war correspondents). Needs ``side``.
- ``media``: news outlets. With ``side`` for an outlet of one side's country that is not
  its state's; without it for outlets of other countries and for independent or exiled
  outlets.
- ``analysts``: think tanks, consultancies and open-source researchers. No ``side``.
- ``foreign_officials``: governments, armed forces and intelligence services of other
  states, and international bodies. No ``side``.
- ``companies``: businesses reporting on their own operations; with ``side`` where the
  company is a side's (state-owned or based there).
- ``unnamed``: a source the report does not name ("an insider", "sources"); with ``side``
  where the report says which side it is on.
"""
PARTIES: tuple[Party, ...] = (
    "officials", "state_media", "milbloggers", "media", "analysts", "foreign_officials",
    "companies", "unnamed",
)
SIDED_PARTIES: frozenset[Party] = frozenset({"officials", "state_media", "milbloggers"})
"""Parties that speak for a side: a claim by one of them names its ``side``."""
THIRD_PARTIES: frozenset[Party] = frozenset({"analysts", "foreign_officials"})
"""Parties that speak for neither side: a claim by one of them has no ``side``."""
SourceKind = Literal["report", "reference", "dataset", "estimate"]
TitleFrom = Literal["headline", "address", "description"]
EstimateAspect = Literal[
    "existence", "timing", "position", "route", "units", "action", "strength", "figure",
]
"""What of an entry, a unit or a place is the scenario's own estimate.

- ``existence``: the thing itself: no document reports this order, unit or place.
- ``timing``: when: an entry's ``at``, a unit's ``available``.
- ``position``: where: a place's or an area's coordinates, a unit's ``at``, an inject's
  ``places``.
- ``route``: where an order sends its units: ``to``, ``via``, ``target``.
- ``units``: which of the scenario's units carry out an order the record reports.
- ``action``: what an order has its units do (attack, hold, dig in ...).
- ``strength``: how strong a unit is: its ``strength`` or the size of its type.
- ``figure``: a number: a place's ``population``, an inject's ``people``, a stock.
"""
BandRule = Literal["span", "held"]


class Model(Documented):
    """Base of every scenario model: immutable, strict about unknown fields, documented."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Metadata(Model):
    """What the scenario is and the window of time it covers."""

    id: Id
    """Short identifier of the scenario, e.g. ``kursk_2024``."""
    title: str = Field(min_length=1)
    """Title shown in the app and in reports."""
    description: str = ""
    """A few sober sentences on what the scenario covers."""
    start: AwareDatetime
    """When the scenario starts, with its UTC offset: ``2024-08-06T03:00:00+03:00``."""
    end: AwareDatetime
    """When the scenario ends, with its UTC offset; after ``start`` and at most 366 days
    later (both in the years 1000 to 9000)."""
    turn_hours: Hours = Field(default=12.0, ge=0.25, le=168.0)
    """Length of a turn (hours): where people look and give orders."""
    seed: Seed = 0
    """The default random seed of a run (no unit)."""

    @field_validator("start", "end")
    @classmethod
    def _sane_year(cls, moment: dt.datetime) -> dt.datetime:
        """Keep dates where every date computed from them (a day later, a month later) fits."""
        if not YEARS[0] <= moment.year <= YEARS[1]:
            raise ValueError(f"the year {moment.year} is out of range; a scenario runs between "
                             f"the years {YEARS[0]} and {YEARS[1]}")
        return moment

    @field_validator("end")
    @classmethod
    def _window(cls, end: dt.datetime, info: ValidationInfo) -> dt.datetime:
        """``end`` comes after ``start``, at most :data:`MAX_DAYS` days later."""
        start = info.data.get("start")
        if not isinstance(start, dt.datetime):
            return end  # start is itself invalid and reported
        if end <= start:
            raise ValueError(f"end {end.isoformat()} must come after start {start.isoformat()}")
        days = (end - start) / dt.timedelta(days=1)
        if days > MAX_DAYS:
            raise ValueError(f"the scenario would run {days:,.1f} days from start to end; "
                             f"at most {MAX_DAYS} days can be run")
        return end


WEB_ADDRESS = r"^https?://\S+$"
"""A web address: ``http://`` or ``https://``, then no spaces."""


def _web_address(text: str) -> str:
    """Refuse anything but a web address: a file path or a ``file:`` address is not one."""
    if not re.fullmatch(WEB_ADDRESS, text):
        raise ValueError("a url is a web address that starts with https:// (or http://) "
                         "and has no spaces; a file path cannot be one")
    return text


WebAddress = Annotated[str, AfterValidator(_web_address)]
"""A web address a reader can open."""


class Source(Model):
    """A document that facts and claims cite by its ``id``: who published it, when, where.

    A reader must be able to find it: the outlet, the headline and the date, and a web
    address only where the research notes or the document itself give one, never one made
    up. A text whose outlet is not known is marked ``identified: false``.
    """

    id: Id
    """Identifier cited by ``source:`` and ``also:`` fields, e.g. ``S1`` or ``ISW``."""
    kind: SourceKind = "report"
    """``report`` (an article, a statement, an analysis), ``reference`` (an encyclopaedia
    article or its mirror), ``dataset`` (data such as GeoNames) or ``estimate`` (the
    scenario authors' own estimates: what cites it carries an ``estimate`` mark)."""
    title: str = Field(min_length=1)
    """The headline as published; see ``title_from`` where it is not known."""
    title_from: TitleFrom = "headline"
    """Where ``title`` comes from: ``headline`` (as published), ``address`` (the words of
    the web address, the headline itself not being known) or ``description`` (our own
    description of the document, its headline not being known)."""
    publisher: str = Field(min_length=1)
    """The outlet that published it (newspaper, agency, site, ministry); for a text read
    on another site, that site, with the original named in ``note``."""
    date: dt.date | None = None
    """Publication date, ``YYYY-MM-DD``, where known."""
    url: WebAddress | None = Field(default=None, max_length=2000,
                                   json_schema_extra={"pattern": WEB_ADDRESS})
    """Web address where it can be read (``https://...``), only where the research notes
    or the document give one; never a file path."""
    url_verified: bool = True
    """False when the address could not be checked against the research notes (or looks
    cut short there): it is shown as unverified."""
    partial_url: str = ""
    """An address the research notes give only cut short (``…`` marks the cut), as they
    give it: not a link, but enough to search for the page."""
    identified: bool = True
    """False for a text whose outlet or headline is not known: ``title`` (a description)
    and ``note`` say what is known of it, and it has no ``url``."""
    note: str = ""
    """Anything a reader should know about this source (language, reliability, mirror, what
    it is cited for)."""


class Estimate(Model):
    """What in an entry, a unit or a place is the scenario's own estimate, and why.

    The record attests the rest; the mark is shown in the app and the debrief, so a class
    can tell the two apart.
    """

    what: tuple[EstimateAspect, ...] = Field(min_length=1)
    """What is estimated: ``existence``, ``timing``, ``position``, ``route``, ``units``,
    ``action``, ``strength`` or ``figure``."""
    why: str = Field(min_length=1)
    """Why, in a sentence: what the record says and what the scenario adds to it."""


class Side(Model):
    """One of the two sides."""

    id: Id
    """Short identifier, e.g. ``ua`` or ``ru``."""
    name: str = Field(min_length=1)
    """Name shown to players, e.g. ``Ukraine``."""
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    """Colour on the map, as ``#rrggbb``."""


class Stockpile(Model):
    """A stock held at a site (munitions at an air base, fuel at a depot): a strike target."""

    item: str = Field(min_length=1)
    """What is stored, e.g. ``glide bombs``."""
    quantity: Count = Field(ge=0, le=10**9)
    """How many, as reported (count)."""
    source: Id
    """Source of the figure."""


class Place(Model):
    """A settlement or a site on the map: a node of the road graph."""

    id: Id
    """Identifier, lower case by convention: ``sudzha``."""
    name: str = Field(min_length=1)
    """Name shown on the map."""
    kind: PlaceKind
    """``city``, ``town``, ``village`` or ``site`` (a facility, a crossing, a bridge)."""
    lat: Lat
    """Latitude (degrees, WGS84)."""
    lon: Lon
    """Longitude (degrees, WGS84)."""
    population: Count | None = Field(default=None, ge=0, le=10**9)
    """Residents before the events, where known (count)."""
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    """ISO 3166 country code of the state the place lies in: ``RU``, ``UA``."""
    held_by: Id
    """Side holding the place at the start."""
    tags: tuple[PlaceTag, ...] = ()
    """Roles of the place: ``district_centre``, ``border_crossing``, ``bridge``, ..."""
    approximate: bool = False
    """True when the coordinates are an estimate, not a surveyed position."""
    stockpile: Stockpile | None = None
    """A stock held here, where one matters."""
    source: Id | None = None
    """Source of the coordinates or the facts about the place."""
    also: tuple[Id, ...] = ()
    """Further sources, for what ``source`` does not cover (a population, a role)."""
    estimate: Estimate | None = None
    """What about the place is the scenario's own estimate, and why; a place marked
    ``approximate`` says so here with ``position``."""
    note: str = ""
    """A line for the instructor."""


class Road(Model):
    """A road between two places: an edge of the road graph, usable both ways."""

    from_: Id = Field(alias="from")
    """Place at one end."""
    to: Id
    """Place at the other end."""
    class_: RoadClass = Field(alias="class")
    """Road class, which sets speeds: ``motorway``, ``highway``, ``regional``, ``local``,
    ``track``."""
    ref: str | None = None
    """Road number, e.g. ``E38`` or ``38K-030``."""
    km: Km | None = Field(default=None, ge=0.01, le=2000.0)
    """Length along the road (km); computed from the coordinates when left out."""
    source: Id | None = None
    """Source for the road's number or length."""


class Border(Model):
    """The state border as a line of points."""

    name: str = "state border"
    """Name of the line."""
    points: tuple[Point, ...] = Field(min_length=2)
    """The line as ``[lat, lon]`` points in order (degrees)."""
    source: Id | None = None
    """Source of the line."""


class Link(Model):
    """A link, one way, from an off-map area to a place on the map or to another area.

    A unit leaves its area for the map along the quickest chain of links, which may pass
    through other areas its side holds, never the enemy's (a grouping on the Kharkiv axis
    reaches Kursk through Belgorod); the chain is one transit of its total hours.
    """

    to: Id
    """Place on the map (or another off-map area)."""
    hours: Hours = Field(gt=0.0, le=720.0)
    """Transit time (hours)."""


class Front(Model):
    """An off-map front as a force pool: how fast it advances on its objective.

    The front advances ``advance_km_per_day * (committed / reference_battalions) **
    exponent`` km a day, where *committed* is the battalion-equivalents of the area's side
    still in the area, with a daily random spread of ``variability``.
    """

    objective: Id
    """Off-map area or place the front advances on, e.g. ``pokrovsk``."""
    distance_km: Km = Field(gt=0.0, le=1000.0)
    """Distance of the front line from the objective at the start (km)."""
    advance_km_per_day: KmPerDay = Field(ge=0.0, le=50.0)
    """Advance per day with ``reference_battalions`` committed (km/day)."""
    reference_battalions: Battalions = Field(ge=0.1, le=1000.0)
    """Battalion-equivalents at which the front advances at ``advance_km_per_day``
    (battalions)."""
    exponent: Ratio = Field(default=1.0, ge=0.0, le=5.0)
    """How strongly the rate follows the force committed (ratio; 1: in proportion)."""
    variability: Ratio = Field(default=0.3, ge=0.0, le=2.0)
    """Spread of the daily advance around its mean (ratio: coefficient of variation)."""
    source: Id
    """Source for the distance and the rate."""


class OffMap(Model):
    """An area beyond the map (a front, an air base, a city), linked by transit time."""

    id: Id
    """Identifier, e.g. ``pokrovsk_axis``."""
    name: str = Field(min_length=1)
    """Name shown to players."""
    kind: OffMapKind
    """``front``, ``air_base``, ``city``, ``depot`` or ``region``."""
    held_by: Id
    """Side the area belongs to."""
    lat: Lat | None = None
    """Latitude (degrees), for reference and as an aim point."""
    lon: Lon | None = None
    """Longitude (degrees), for reference and as an aim point."""
    links: tuple[Link, ...] = Field(min_length=1)
    """Where units go from here and how long it takes."""
    stockpile: Stockpile | None = None
    """A stock held here, where one matters (the glide bombs at an air base)."""
    front: Front | None = None
    """For a ``front``: its advance as a force pool."""
    source: Id | None = None
    """Source for the facts about the area."""
    also: tuple[Id, ...] = ()
    """Further sources, for what ``source`` does not cover."""
    estimate: Estimate | None = None
    """What about the area is the scenario's own estimate (its position, a stock), and
    why."""
    note: str = ""
    """A line for the instructor."""


class MapData(Model):
    """The ground: places, roads, the border and what lies beyond."""

    places: tuple[Place, ...] = Field(min_length=2)
    """Settlements and sites."""
    roads: tuple[Road, ...] = Field(min_length=1)
    """Roads between places."""
    border: Border | None = None
    """The state border, from which depth is measured."""
    area: tuple[Point, ...] | None = Field(default=None, min_length=3)
    """Polygon of the mapped area (degrees: ``[lat, lon]`` points); territory cells are
    clipped to it. Left out, the engine takes the places' bounding box with a margin."""
    off_map: tuple[OffMap, ...] = ()
    """Areas beyond the map, linked by transit time."""


class RoadSpeeds(Model):
    """Speed in km/h on each road class; 0 means the unit cannot use that class.

    A speed is 0 or at least 1 km/h, at most 200 km/h.
    """

    motorway: Speed
    """Speed on motorways (km/h; 0: cannot use them, else at least 1)."""
    highway: Speed
    """Speed on highways (km/h; 0: cannot use them, else at least 1)."""
    regional: Speed
    """Speed on regional roads (km/h; 0: cannot use them, else at least 1)."""
    local: Speed
    """Speed on local roads (km/h; 0: cannot use them, else at least 1)."""
    track: Speed
    """Speed on tracks and dirt roads (km/h; 0: cannot use them, else at least 1)."""


class Weapon(Model):
    """A long-range weapon of a unit type."""

    munition: Munition
    """What it fires: ``rocket``, ``missile``, ``drone``, ``glide_bomb``, ``bomb``, ``shell``."""
    range_km: Km = Field(gt=0.0, le=5000.0)
    """Maximum range (km)."""
    ammunition: Count = Field(ge=0, le=100_000)
    """Munitions carried at the start (count)."""
    salvo: Count = Field(default=1, ge=1, le=5000)
    """Munitions fired in one strike (count)."""
    reload_hours: Hours = Field(default=1.0, ge=0.0, le=720.0)
    """Time between two strikes (hours)."""
    speed_kmh: KmPerHour = Field(default=1000.0, ge=10.0, le=30_000.0)
    """Flight speed of the munition (km/h)."""


class AirDefence(Model):
    """An air-defence capability of a unit type."""

    range_km: Km = Field(gt=0.0, le=500.0)
    """Radius of the defended area (km)."""
    intercept: dict[AirTarget, Probability]
    """Chance to intercept one incoming munition or aircraft, by kind (probability 0-1)."""


class UnitType(Model):
    """What a kind of unit can do; units refer to it by its key in ``rules.unit_types``."""

    name: str = Field(min_length=1)
    """Name shown to players, e.g. ``Mechanised battalion``."""
    category: UnitCategory
    """Branch of the unit, e.g. ``mechanised``, ``border_guard``, ``rocket_artillery``."""
    echelon: Echelon
    """Size: ``company``, ``battalion``, ``brigade``, ..."""
    speed_kmh: RoadSpeeds
    """Speed by road class in km/h."""
    personnel: Count = Field(ge=0, le=100_000)
    """Personnel at full strength (count)."""
    vehicles: Count = Field(ge=0, le=10_000)
    """Vehicles at full strength (count)."""
    attack: Points = Field(ge=0.0, le=10_000.0)
    """Combat value when attacking, at full strength (points)."""
    defence: Points = Field(ge=0.0, le=10_000.0)
    """Combat value when defending, at full strength (points)."""
    sensor_km: Km = Field(default=5.0, ge=0.0, le=1000.0)
    """Range at which the unit can detect enemy units (km; 0: none)."""
    detection_per_hour: Probability = 0.5
    """Chance per hour to detect an enemy unit within sensor range (probability 0-1)."""
    signature: Multiplier = Field(default=1.0, gt=0.0, le=10.0)
    """How easy the unit is to detect, relative to 1.0 (multiplier; a convoy on a road is
    larger)."""
    weapon: Weapon | None = None
    """Long-range weapon, for strike units."""
    air_defence: AirDefence | None = None
    """Air-defence capability, for air-defence units."""


class CombatRules(Model):
    """How engagements are adjudicated."""

    model: Literal["lanchester_square", "lanchester_linear"] = "lanchester_square"
    """Attrition law used in each round."""
    round_minutes: Minutes = Field(default=60.0, ge=1.0, le=1440.0)
    """Length of one round of an engagement (minutes)."""
    attrition_per_hour: PerHour = Field(default=0.05, gt=0.0, le=1.0)
    """Losses inflicted by one point of combat power on a force of equal power (per hour)."""
    posture: dict[Posture, PostureMultiplier] = Field(
        default_factory=lambda: {  # type: ignore[arg-type]
            "moving": 0.8, "attacking": 1.0, "defending": 1.5, "dug_in": 2.0,
            "surprised": 0.5, "withdrawing": 0.6,
        })
    """Combat power by posture (multiplier)."""
    town_bonus: Multiplier = Field(default=1.3, ge=1.0, le=5.0)
    """Bonus for a defender in a town or city (multiplier)."""
    strongpoint_bonus: Multiplier = Field(default=1.0, ge=1.0, le=5.0)
    """Bonus for a defender at a place tagged ``strongpoint`` (multiplier; a fortified
    prison, a prepared position), on top of the town bonus."""
    break_at: Fraction = 0.5
    """Share of starting strength at which a unit breaks off and withdraws (fraction 0-1)."""
    surrender_at: Fraction = 0.15
    """Share of starting strength at which a cut-off unit surrenders (fraction 0-1)."""
    dispersion: Ratio = Field(default=0.25, ge=0.0, le=2.0)
    """Spread of the random draw around the expected losses (ratio: coefficient of
    variation; 0: none)."""
    destroyed_below: Fraction = 0.05
    """Share of full strength below which a unit is destroyed as a fighting unit
    (fraction 0-1)."""
    dig_in_hours: Hours = Field(default=6.0, ge=0.0, le=240.0)
    """Time a holding unit needs to dig in (hours; posture ``dug_in``)."""


class ControlRules(Model):
    """How places change hands."""

    hold_hours: Hours = Field(default=2.0, ge=0.0, le=240.0)
    """Time a side must hold a place uncontested before it takes control (hours)."""
    passage_takes: bool = True
    """If true, a unit passing through an enemy place with no enemy unit in it takes the
    place after ``hold_hours`` unless an enemy unit arrives first (a tabletop stand-in for
    the small detachments an advance leaves behind)."""
    ground_radius_km: Km | None = Field(default=None, ge=0.1, le=1000.0)
    """How far from a place the ground its holder counts reaches (km, at least 0.1): a
    place's ground is its territory cell within this distance of it. Left out, the whole
    cell counts, out to the edge of the map's area, however far from any settlement."""


class FrictionRules(Model):
    """Friction: the delays and variations a staff officer plans around.

    Each is a lognormal factor or delay drawn per occasion from the run's seed, keyed by
    what it is for (the unit and the moment of the order, the road and the moment the unit
    set out on it, the place and the moment its claim began), so that seeds differ in more
    than the dice of combat. Set a spread to 0 for the deterministic limit.
    """

    order_delay_hours: Hours = Field(default=0.5, ge=0.0, le=48.0)
    """Mean delay between an order to move and the unit setting out (hours)."""
    order_delay_spread: Ratio = Field(default=1.0, ge=0.0, le=3.0)
    """Coefficient of variation of that delay (ratio; 0: always the mean)."""
    road_time_spread: Ratio = Field(default=0.2, ge=0.0, le=2.0)
    """Coefficient of variation of the time a road takes, around its length over the
    unit's speed (ratio; mean 1)."""
    hold_spread: Ratio = Field(default=0.3, ge=0.0, le=2.0)
    """Coefficient of variation of the time a side needs to take a place, around
    ``control.hold_hours`` (ratio; mean 1)."""


class MunitionEffect(Model):
    """What one munition that gets through does, by kind of target."""

    vehicles: MeanCount = Field(default=0.0, ge=0.0, le=100.0)
    """Vehicles destroyed, on average, by one munition hitting a unit (count; personnel in
    proportion)."""
    stockpile_fraction: Fraction = 0.0
    """Share of a stockpile one hitting munition destroys or damages (fraction 0-1)."""
    bridge_cut: Probability = 0.0
    """Chance that one hitting munition cuts a bridge (probability 0-1; its roads close)."""


def _default_effects() -> dict[Munition, MunitionEffect]:
    return {
        "rocket": MunitionEffect(vehicles=2.5, stockpile_fraction=0.05, bridge_cut=0.2),
        "missile": MunitionEffect(vehicles=2.0, stockpile_fraction=0.1, bridge_cut=0.3),
        "drone": MunitionEffect(vehicles=0.3, stockpile_fraction=0.08, bridge_cut=0.02),
        "glide_bomb": MunitionEffect(vehicles=1.0, stockpile_fraction=0.1, bridge_cut=0.3),
        "bomb": MunitionEffect(vehicles=1.0, stockpile_fraction=0.1, bridge_cut=0.5),
        "shell": MunitionEffect(vehicles=0.1, stockpile_fraction=0.01, bridge_cut=0.01),
    }


class FireRules(Model):
    """How long-range strikes are decided, flown and assessed."""

    sighting_max_hours: Hours = Field(default=2.0, gt=0.0, le=72.0)
    """A strike on a unit needs a sighting of it no older than this (hours)."""
    launch_minutes: Minutes = Field(default=15.0, ge=0.0, le=1440.0)
    """Time from the decision to the launch (minutes)."""
    assess_minutes: Minutes = Field(default=60.0, ge=0.0, le=10_080.0)
    """Time from the impact to the damage assessment (minutes)."""
    miss_km: Km = Field(default=1.5, ge=0.0, le=100.0)
    """A unit farther than this from the aim point at impact escapes the strike (km)."""
    dispersion: Ratio = Field(default=0.3, ge=0.0, le=2.0)
    """Spread of the damage of one munition around its mean (ratio: coefficient of
    variation; 0: none)."""
    effects: dict[Munition, MunitionEffect] = Field(default_factory=_default_effects)
    """Effect of one munition that gets through, by munition."""


class DetectionRules(Model):
    """How sides see each other's units."""

    interval_hours: Hours = Field(default=1.0, ge=1 / 60, le=24.0)
    """Time between two detection rolls (hours; at least one minute)."""
    forget_hours: Hours = Field(default=72.0, ge=1.0, le=8784.0)
    """How long a side's picture keeps an enemy unit after its last sighting (hours);
    older sightings drop from the side's map and list."""
    assessment_spread: Ratio = Field(default=0.35, ge=0.0, le=2.0)
    """How far a side's assessment of the enemy's losses may be from the truth (ratio:
    the sigma of a lognormal factor on the true figure; 0: exact). The assessed figure
    is then reported as a range (see the rules reference)."""


class Rules(Model):
    """The numbers that decide outcomes: unit types and adjudication tables."""

    road_factor: dict[RoadClass, RoadFactor] = Field(
        default_factory=lambda: {  # type: ignore[arg-type]
            "motorway": 1.1, "highway": 1.15, "regional": 1.2, "local": 1.25, "track": 1.3,
        })
    """Road length over straight-line distance, by class, when a road gives no ``km``
    (ratio)."""
    unit_types: dict[Id, UnitType] = Field(min_length=1)
    """Unit types by identifier."""
    combat: CombatRules = CombatRules()
    """Engagement rules."""
    control: ControlRules = ControlRules()
    """Control of places."""
    fires: FireRules = FireRules()
    """Long-range strikes and their effects."""
    detection: DetectionRules = DetectionRules()
    """Detection of enemy units."""
    friction: FrictionRules = FrictionRules()
    """Delays and variations in carrying out orders, moving and taking places."""


class Unit(Model):
    """A unit on the map or waiting to arrive."""

    id: Id
    """Identifier, e.g. ``ua_22_mech``."""
    side: Id
    """Side of the unit."""
    type: Id
    """Key of its type in ``rules.unit_types``."""
    name: str = Field(min_length=1)
    """Name shown to players."""
    strength: Fraction = Field(default=1.0, gt=0.0, le=1.0)
    """Share of the type's full strength (fraction 0-1, above 0)."""
    at: Id
    """Place or off-map area where it starts or arrives."""
    available: AwareDatetime | None = None
    """When it appears there; left out, at the scenario's start."""
    posture: Posture = "defending"
    """Posture at arrival."""
    source: Id
    """Source for the unit's presence."""
    also: tuple[Id, ...] = ()
    """Further sources, for what ``source`` does not cover."""
    estimate: Estimate | None = None
    """What about the unit is the scenario's own estimate (its timing, its position, its
    strength, the unit itself), and why."""
    note: str = ""
    """A line for the instructor."""


class EntryBase(Model):
    """Common fields of a timeline entry."""

    id: Id | None = None
    """Optional identifier, so a variant can pick the entry: ``timeline[convoy_e38].at``."""
    at: AwareDatetime
    """When it happened, with its UTC offset."""
    title: str = Field(min_length=1)
    """One line shown in the log."""
    text: str = ""
    """A few sober sentences, in our own words."""
    by: str | None = None
    """Who said or did it, where it is a statement; an inject reporting a claim names the
    claimant here."""
    source: Id
    """Source of the entry."""
    also: tuple[Id, ...] = ()
    """Further sources, for what ``source`` does not cover."""
    estimate: Estimate | None = None
    """What about the entry is the scenario's own estimate rather than the record's (its
    time, its route, which units, the order itself), and why."""


class OrderEntry(EntryBase):
    """A historical order, applied in replay mode at its time."""

    kind: Literal["order"]
    """Always ``order``."""
    side: Id
    """Side giving the order."""
    units: tuple[Id, ...] = Field(min_length=1)
    """Units receiving the order."""
    action: Action
    """``move``, ``attack``, ``hold``, ``dig_in``, ``withdraw`` or ``strike``."""
    to: Id | None = None
    """Destination place on the map, for ``move``, ``attack`` and ``withdraw`` (which need
    one)."""
    via: tuple[Id, ...] = ()
    """Places to pass through on the way, in order."""
    target: Id | None = None
    """Target of a ``strike``: a unit, a place or an off-map area."""

    @model_validator(mode="after")
    def _needs(self) -> OrderEntry:
        if self.action in ("move", "attack", "withdraw") and self.to is None:
            raise ValueError(f"a {self.action!r} order needs 'to': add 'to:' with the place "
                             "on the map to go to")
        if self.action == "strike" and self.target is None:
            raise ValueError("a 'strike' order needs 'target': add 'target:' with a unit, "
                             "place or off-map area")
        return self


class InjectEntry(EntryBase):
    """Something that happened or was said: news, an emergency, an evacuation."""

    kind: Literal["inject"]
    """Always ``inject``."""
    category: InjectCategory
    """``news``, ``statement``, ``emergency``, ``evacuation``, ``strike_report``, ..."""
    side: Id | None = None
    """Side the inject concerns, where one does."""
    places: tuple[Id, ...] = ()
    """Places or off-map areas concerned."""
    people: Count | None = Field(default=None, ge=0, le=10**10)
    """People concerned (count: evacuated, displaced), where given."""


TimelineEntry = Annotated[OrderEntry | InjectEntry, Field(discriminator="kind")]


class BandBasis(Model):
    """How a calibration band follows from claims: the claims it rests on and the rule.

    ``span`` takes each listed claim's figure (its ``value``, or its ``range`` as low and
    high) and runs from the lowest to the highest, then reaches ``below`` times the lowest
    further down and ``above`` times the highest further up (a share kept between 0
    and 1). ``held`` is for ``place_held`` claims that all say the same: the share of runs
    ``[1 - below, 1]`` when they say the place is held, ``[0, above]`` when not.
    """

    claims: tuple[Id, ...] = Field(min_length=1)
    """The claims the band rests on, all of the banded claim's metric, ``about`` and
    ``subject``."""
    rule: BandRule
    """``span`` (lowest to highest figure, widened) or ``held`` (a place held or not)."""
    below: Fraction = 0.0
    """How far the band reaches below: a share of the lowest figure (``span``) or of all
    runs (``held``) (fraction 0-1)."""
    above: Fraction = 0.0
    """How far the band reaches above: a share of the highest figure (``span``) or of
    all runs (``held``) (fraction 0-1)."""
    why: str = Field(min_length=1)
    """Why these claims and these margins, in a sentence or two."""
    alone: str = ""
    """Needed when every listed claim comes from one side, or every one from third
    parties: which other parties gave no figure, so the band cannot rest on theirs."""


class Claim(Model):
    """What someone claimed, when, with its source. Claims are data, never outcomes.

    A claim that gives only an upper bound ("up to 700") is written as a ``range`` from 0,
    never as a ``value`` at the bound.
    """

    id: Id
    """Identifier, e.g. ``mod_losses_0808``."""
    date: dt.date
    """Date of the claim, ``YYYY-MM-DD``."""
    claimant: str = Field(min_length=1)
    """Who made the claim, as the source names them: ``Russian MoD``, ``Syrskyi``,
    ``ISW``."""
    party: Party
    """What kind of party the claimant is: officials, state_media, milbloggers, media,
    analysts, foreign_officials, companies or unnamed (with ``side``, this names the party:
    Russian officials, Ukrainian media)."""
    side: Id | None = None
    """Side the claimant speaks for or writes from; left out for third parties (analysts,
    other states, independent media)."""
    about: Id | None = None
    """Side the figure is about (whose losses, whose ground)."""
    metric: ClaimMetric
    """What is measured: ``territory_km2``, ``personnel_losses``, ``place_held``, ..."""
    value: Figure | None = None
    """The figure claimed, when it is one number (metric unit: km2, km, count, ...)."""
    range: tuple[Figure, Figure] | None = None
    """The figure claimed as ``[low, high]``, when it is a range or an upper bound (metric
    unit)."""
    subject: Id | None = None
    """A place, unit or off-map area the claim is about, where it is about one."""
    text: str = Field(min_length=1)
    """The claim in our own words."""
    band: tuple[Figure, Figure] | None = None
    """Calibration band ``[low, high]`` that a replay's median should fall in (metric
    unit); it needs a ``basis``."""
    basis: BandBasis | None = None
    """The claims the band rests on and the written rule that derives it from them."""
    source: Id
    """Source of the claim."""
    also: tuple[Id, ...] = ()
    """Further sources that report the same claim."""

    @field_validator("range", "band")
    @classmethod
    def _low_high(cls, pair: tuple[float, float] | None) -> tuple[float, float] | None:
        """A range or a band is written low first: ``[20, 60]``, not ``[60, 20]``."""
        if pair is not None and pair[0] > pair[1]:
            low, high = (f"{x:g}" for x in sorted(pair))
            raise ValueError(f"[{pair[0]:g}, {pair[1]:g}] runs from high to low; write it "
                             f"[low, high]: [{low}, {high}]")
        return pair


class Objective(Model):
    """What a side sets out to do."""

    id: Id
    """Identifier."""
    side: Id
    """Side pursuing the objective."""
    kind: ObjectiveKind
    """``take``, ``hold``, ``deny``, ``destroy``, ``reach`` or ``inflict``."""
    text: str = Field(min_length=1)
    """The objective in a sentence."""
    places: tuple[Id, ...] = ()
    """Places or off-map areas concerned."""
    by: AwareDatetime | None = None
    """Deadline, where there is one."""
    points: Points = Field(default=1.0, ge=0.0, le=1000.0)
    """Weight in the debrief's score (points)."""
    source: Id | None = None
    """Source for the objective, where it is documented."""


class Variant(Model):
    """A named overlay: the scenario with some fields changed."""

    id: Id
    """Identifier used on the command line: ``--variant no_himars``."""
    title: str = Field(min_length=1)
    """One line on what changes."""
    description: str = ""
    """Why an analyst would run it."""
    set: dict[str, Any] = Field(default_factory=dict)
    """Changes as ``path: value``. A path is dotted keys; ``[id]`` picks a list item by id:
    ``units[ua_himars].strength: 0.5``, ``rules.combat.break_at: 0.4``."""
    remove: tuple[str, ...] = ()
    """Paths of list items to remove: ``units[ua_himars]``."""


class Scenario(Model):
    """A whole scenario, as written in YAML after includes are merged."""

    include: tuple[str, ...] = ()
    """Rules files merged beneath this one, relative to this file and inside its folder."""
    metadata: Metadata
    """What the scenario is and the time it covers."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """Documents cited by ``source:`` and ``also:`` fields."""
    sides: tuple[Side, Side]
    """Exactly two sides."""
    map: MapData
    """Places, roads, border, off-map areas."""
    rules: Rules
    """Unit types and adjudication rules."""
    units: tuple[Unit, ...] = Field(min_length=1)
    """Forces of both sides."""
    timeline: tuple[TimelineEntry, ...] = ()
    """Dated orders and injects."""
    claims: tuple[Claim, ...] = ()
    """What each side (and third parties) claimed."""
    objectives: tuple[Objective, ...] = ()
    """What each side sets out to do."""
    variants: tuple[Variant, ...] = ()
    """Named overlays for what-if runs."""

    def place(self, place_id: str) -> Place:
        """Return the place with *place_id*; raise KeyError if there is none."""
        for place in self.map.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)

    def variant(self, variant_id: str) -> Variant:
        """Return the variant with *variant_id*; raise KeyError if there is none."""
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise KeyError(variant_id)
