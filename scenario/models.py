"""The scenario format as pydantic models: what a scenario IS.

A :class:`Scenario` is immutable and validated field by field here; cross-references (an
unknown place, a road from a place to itself, an unreachable place) are checked in
:mod:`scenario.checks`, where every problem gets a file position.

Each field carries its documentation as a docstring right below it; the same text ends up
in the JSON Schema that editors use for completion (``salient schema``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=64)]
"""An identifier: a letter, then letters, digits, ``_`` or ``-`` (``sudzha``, ``S1``)."""

Lat = Annotated[float, Field(ge=-90.0, le=90.0)]
Lon = Annotated[float, Field(ge=-180.0, le=180.0)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Point = tuple[Lat, Lon]
"""A point as ``[lat, lon]`` in decimal degrees (WGS84)."""

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


class Model(BaseModel):
    """Base of every scenario model: immutable, strict about unknown fields, documented."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, populate_by_name=True,
    )


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
    """When the scenario ends, with its UTC offset; after ``start``."""
    turn_hours: float = Field(default=12.0, gt=0, le=168)
    """Length of a turn in hours: where people look and give orders."""
    seed: int = Field(default=0, ge=0)
    """The default random seed of a run."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Metadata:
        if self.end <= self.start:
            raise ValueError(f"end {self.end.isoformat()} must come after start "
                             f"{self.start.isoformat()}")
        return self


class Source(Model):
    """A document that facts and claims cite by its ``id``."""

    id: Id
    """Identifier cited by ``source:`` fields, e.g. ``S1`` or ``ISW``."""
    title: str = Field(min_length=1)
    """Title or headline of the document."""
    publisher: str = Field(min_length=1)
    """Who published it (outlet, agency, ministry)."""
    date: dt.date | None = None
    """Publication date, ``YYYY-MM-DD``, where known."""
    url: str | None = None
    """Where to read it, where it is public."""
    note: str = ""
    """Anything a reader should know about this source (language, reliability, mirror)."""


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
    quantity: int = Field(ge=0)
    """How many, as reported."""
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
    """Latitude in decimal degrees, -90 to 90."""
    lon: Lon
    """Longitude in decimal degrees, -180 to 180."""
    population: int | None = Field(default=None, ge=0)
    """Residents before the events, where known."""
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
    km: float | None = Field(default=None, gt=0, le=2000)
    """Length in km along the road; computed from the coordinates when left out."""
    source: Id | None = None
    """Source for the road's number or length."""


class Border(Model):
    """The state border as a line of points."""

    name: str = "state border"
    """Name of the line."""
    points: tuple[Point, ...] = Field(min_length=2)
    """The line as ``[lat, lon]`` points in order."""
    source: Id | None = None
    """Source of the line."""


class Link(Model):
    """A link from an off-map area to a place on the map."""

    to: Id
    """Place on the map (or another off-map area)."""
    hours: float = Field(gt=0, le=24 * 30)
    """Transit time in hours."""


class Front(Model):
    """An off-map front as a force pool: how fast it advances on its objective.

    The front advances ``advance_km_per_day * (committed / reference_battalions) **
    exponent`` km a day, where *committed* is the battalion-equivalents of the area's side
    still in the area, with a daily random spread of ``variability``.
    """

    objective: Id
    """Off-map area or place the front advances on, e.g. ``pokrovsk``."""
    distance_km: float = Field(gt=0, le=1000)
    """Distance of the front line from the objective at the start, in km."""
    advance_km_per_day: float = Field(ge=0, le=50)
    """Advance per day with ``reference_battalions`` committed."""
    reference_battalions: float = Field(gt=0, le=1000)
    """Battalion-equivalents at which the front advances at ``advance_km_per_day``."""
    exponent: float = Field(default=1.0, ge=0, le=5)
    """How strongly the rate follows the force committed (1: in proportion)."""
    variability: float = Field(default=0.3, ge=0, le=2)
    """Spread of the daily advance around its mean (coefficient of variation)."""
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
    """Latitude, for reference."""
    lon: Lon | None = None
    """Longitude, for reference."""
    links: tuple[Link, ...] = Field(min_length=1)
    """Where units go from here and how long it takes."""
    stockpile: Stockpile | None = None
    """A stock held here, where one matters (the glide bombs at an air base)."""
    front: Front | None = None
    """For a ``front``: its advance as a force pool."""
    source: Id | None = None
    """Source for the facts about the area."""
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
    """Polygon of the mapped area (``[lat, lon]`` points); territory cells are clipped to it.
    Left out, the engine takes the places' bounding box with a margin."""
    off_map: tuple[OffMap, ...] = ()
    """Areas beyond the map, linked by transit time."""


class RoadSpeeds(Model):
    """Speed in km/h on each road class; 0 means the unit cannot use that class."""

    motorway: float = Field(ge=0, le=200)
    """km/h on motorways."""
    highway: float = Field(ge=0, le=200)
    """km/h on highways."""
    regional: float = Field(ge=0, le=200)
    """km/h on regional roads."""
    local: float = Field(ge=0, le=200)
    """km/h on local roads."""
    track: float = Field(ge=0, le=200)
    """km/h on tracks and dirt roads."""


class Weapon(Model):
    """A long-range weapon of a unit type."""

    munition: Munition
    """What it fires: ``rocket``, ``missile``, ``drone``, ``glide_bomb``, ``bomb``, ``shell``."""
    range_km: float = Field(gt=0, le=5000)
    """Maximum range in km."""
    ammunition: int = Field(ge=0)
    """Munitions carried at the start."""
    salvo: int = Field(default=1, ge=1)
    """Munitions fired in one strike."""
    reload_hours: float = Field(default=1.0, ge=0)
    """Hours between two strikes."""
    speed_kmh: float = Field(default=1000.0, gt=0)
    """Flight speed of the munition in km/h."""


class AirDefence(Model):
    """An air-defence capability of a unit type."""

    range_km: float = Field(gt=0, le=500)
    """Radius of the defended area in km."""
    intercept: dict[AirTarget, Probability]
    """Chance to intercept one incoming munition or aircraft, by kind."""


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
    personnel: int = Field(ge=0)
    """Personnel at full strength."""
    vehicles: int = Field(ge=0)
    """Vehicles at full strength."""
    attack: float = Field(ge=0)
    """Combat value when attacking, at full strength."""
    defence: float = Field(ge=0)
    """Combat value when defending, at full strength."""
    sensor_km: float = Field(default=5.0, ge=0, le=1000)
    """Range in km at which the unit can detect enemy units."""
    detection_per_hour: Probability = 0.5
    """Chance per hour to detect an enemy unit within sensor range."""
    signature: float = Field(default=1.0, gt=0, le=10)
    """How easy the unit is to detect, relative to 1.0 (a convoy on a road is larger)."""
    weapon: Weapon | None = None
    """Long-range weapon, for strike units."""
    air_defence: AirDefence | None = None
    """Air-defence capability, for air-defence units."""


class CombatRules(Model):
    """How engagements are adjudicated."""

    model: Literal["lanchester_square", "lanchester_linear"] = "lanchester_square"
    """Attrition law used in each round."""
    round_minutes: float = Field(default=60.0, gt=0, le=24 * 60)
    """Length of one round of an engagement, in minutes."""
    attrition_per_hour: float = Field(default=0.05, gt=0, le=1)
    """Losses per hour inflicted by one point of combat power on a force of equal power."""
    posture: dict[Posture, float] = Field(default_factory=lambda: {  # type: ignore[arg-type]
        "moving": 0.8, "attacking": 1.0, "defending": 1.5, "dug_in": 2.0,
        "surprised": 0.5, "withdrawing": 0.6,
    })
    """Multiplier of combat power by posture."""
    town_bonus: float = Field(default=1.3, ge=1.0, le=5.0)
    """Multiplier for a defender in a town or city."""
    strongpoint_bonus: float = Field(default=1.0, ge=1.0, le=5.0)
    """Multiplier for a defender at a place tagged ``strongpoint`` (a fortified prison, a
    prepared position), on top of the town bonus."""
    break_at: Probability = 0.5
    """Fraction of starting strength at which a unit breaks off and withdraws."""
    surrender_at: Probability = 0.15
    """Fraction of starting strength at which a cut-off unit surrenders."""
    dispersion: float = Field(default=0.25, ge=0, le=2)
    """Spread of the random draw around the expected losses (coefficient of variation)."""
    destroyed_below: Probability = 0.05
    """Fraction of full strength below which a unit is destroyed as a fighting unit."""
    dig_in_hours: float = Field(default=6.0, ge=0, le=240)
    """Hours a holding unit needs to dig in (posture ``dug_in``)."""


class ControlRules(Model):
    """How places change hands."""

    hold_hours: float = Field(default=2.0, ge=0, le=240)
    """Hours a side must hold a place uncontested before it takes control."""
    passage_takes: bool = True
    """If true, a unit passing through an enemy place with no enemy unit in it takes the
    place after ``hold_hours`` unless an enemy unit arrives first (a tabletop stand-in for
    the small detachments an advance leaves behind)."""


class MunitionEffect(Model):
    """What one munition that gets through does, by kind of target."""

    vehicles: float = Field(default=0.0, ge=0, le=100)
    """Vehicles destroyed, on average, by one munition hitting a unit (personnel in
    proportion)."""
    stockpile_fraction: Probability = 0.0
    """Share of a stockpile one hitting munition destroys or damages."""
    bridge_cut: Probability = 0.0
    """Chance that one hitting munition cuts a bridge (its roads close)."""


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

    sighting_max_hours: float = Field(default=2.0, gt=0, le=72)
    """A strike on a unit needs a sighting of it no older than this, in hours."""
    launch_minutes: float = Field(default=15.0, ge=0, le=24 * 60)
    """Minutes from the decision to the launch."""
    assess_minutes: float = Field(default=60.0, ge=0, le=7 * 24 * 60)
    """Minutes from the impact to the damage assessment."""
    miss_km: float = Field(default=1.5, ge=0, le=100)
    """A unit farther than this from the aim point at impact escapes the strike."""
    dispersion: float = Field(default=0.3, ge=0, le=2)
    """Spread of the damage of one munition around its mean (coefficient of variation)."""
    effects: dict[Munition, MunitionEffect] = Field(default_factory=_default_effects)
    """Effect of one munition that gets through, by munition."""


class DetectionRules(Model):
    """How sides see each other's units."""

    interval_hours: float = Field(default=1.0, gt=0, le=24)
    """Hours between two detection rolls."""


class Rules(Model):
    """The numbers that decide outcomes: unit types and adjudication tables."""

    road_factor: dict[RoadClass, float] = Field(default_factory=lambda: {  # type: ignore[arg-type]
        "motorway": 1.1, "highway": 1.15, "regional": 1.2, "local": 1.25, "track": 1.3,
    })
    """Road length over straight-line distance, by class, when a road gives no ``km``."""
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
    strength: float = Field(default=1.0, gt=0, le=1.0)
    """Fraction of the type's full strength, above 0 and at most 1."""
    at: Id
    """Place or off-map area where it starts or arrives."""
    available: AwareDatetime | None = None
    """When it appears there; left out, at the scenario's start."""
    posture: Posture = "defending"
    """Posture at arrival."""
    source: Id
    """Source for the unit's presence."""
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
    """Who said or did it, where it is a statement."""
    source: Id
    """Source of the entry."""


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
    """Destination place, for ``move``, ``attack`` and ``withdraw``."""
    via: tuple[Id, ...] = ()
    """Places to pass through on the way, in order."""
    target: Id | None = None
    """Target of a ``strike``: a unit, a place or an off-map area."""

    @model_validator(mode="after")
    def _needs(self) -> OrderEntry:
        if self.action in ("move", "attack") and self.to is None:
            raise ValueError(f"a {self.action!r} order needs 'to': the place to go to")
        if self.action == "strike" and self.target is None:
            raise ValueError("a 'strike' order needs 'target': a unit, place or off-map area")
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
    people: int | None = Field(default=None, ge=0)
    """People concerned (evacuated, displaced), where given."""


TimelineEntry = Annotated[OrderEntry | InjectEntry, Field(discriminator="kind")]


class Claim(Model):
    """What someone claimed, when, with its source. Claims are data, never outcomes."""

    id: Id
    """Identifier, e.g. ``mod_losses_0808``."""
    date: dt.date
    """Date of the claim, ``YYYY-MM-DD``."""
    claimant: str = Field(min_length=1)
    """Who made the claim: ``Russian MoD``, ``Syrskyi``, ``ISW``."""
    side: Id | None = None
    """Side the claimant speaks for; left out for third parties (analysts, media)."""
    about: Id | None = None
    """Side the figure is about (whose losses, whose ground)."""
    metric: ClaimMetric
    """What is measured: ``territory_km2``, ``personnel_losses``, ``place_held``, ..."""
    value: float | None = None
    """The figure claimed, when it is one number."""
    range: tuple[float, float] | None = None
    """The figure claimed as ``[low, high]``, when it is a range."""
    subject: Id | None = None
    """A place, unit or off-map area the claim is about, where it is about one."""
    text: str = Field(min_length=1)
    """The claim in our own words."""
    band: tuple[float, float] | None = None
    """Calibration band ``[low, high]`` that a replay's median should fall in."""
    source: Id
    """Source of the claim."""

    @model_validator(mode="after")
    def _one_figure(self) -> Claim:
        for name, pair in (("range", self.range), ("band", self.band)):
            if pair is not None and pair[0] > pair[1]:
                raise ValueError(f"{name} [{pair[0]}, {pair[1]}] must be written [low, high]")
        return self


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
    points: float = Field(default=1.0, ge=0)
    """Weight in the debrief's score."""
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
    """Documents cited by ``source:`` fields."""
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
