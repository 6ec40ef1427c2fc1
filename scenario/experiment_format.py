"""The experiment file's fields, as pydantic models (docs/experiments.md is the guide).

These models check each field alone: its type, its bounds, unknown keys (with the closest
known one as a hint, through :mod:`scenario.explain`). What the fields say together (one
of ``values:``, ``range:`` or ``choose:``; a path that names something in the scenario) is
checked by :mod:`scenario.parameters` and :mod:`scenario.experiment`, which know the base
scenario.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from scenario.models import Id, Model, Variant

MAX_CELLS = 10_000
"""Most cells one experiment may hold (base, variants, sweep values and design points)."""
MAX_CHOICES = 12
"""Most candidates a ``choose:`` parameter may pick from."""


def _number_or_time(value: Any) -> Any:
    """A number (not true/false) or a date and time with its UTC offset."""
    if isinstance(value, bool) or not isinstance(value, int | float | dt.datetime):
        raise ValueError("write a number, or a date and time such as "
                         "2024-08-07T23:00:00+03:00")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("write a finite number")
    if isinstance(value, dt.datetime) and value.utcoffset() is None:
        raise ValueError("a date and time needs its UTC offset, e.g. +03:00")
    return value


NumberOrTime = Annotated[Any, AfterValidator(_number_or_time)]
"""A number, or an aware date and time."""


def _pair(value: Any) -> Any:
    """``pick: 2`` is ``pick: [2, 2]``."""
    return [value, value] if isinstance(value, int) and not isinstance(value, bool) else value


class RangeSpec(Model):
    """Evenly spaced values from ``from`` to ``to``, both included when on the grid."""

    from_: NumberOrTime = Field(alias="from")
    """First value: a number, or a date and time (for an offset range, a number of hours)."""
    to: NumberOrTime
    """Last value (at least ``from``)."""
    step: float | None = Field(default=None, gt=0.0, le=1e9, allow_inf_nan=False)
    """Spacing (hours for dates and times). A sweep or a factorial design needs it; a Latin
    hypercube rounds its samples to it."""


class ParameterSpec(Model):
    """One parameter: a field (or linked fields) and the values it takes."""

    name: Id | None = None
    """Short name used in cell names, e.g. ``hold_hours`` (default: the path's last key;
    ``offset`` for linked fields)."""
    path: str | None = None
    """The field, e.g. ``rules.control.hold_hours`` or ``units[ua_himars].strength``."""
    linked: tuple[str, ...] | None = Field(default=None, min_length=2)
    """Several fields shifted together by one offset (numbers, or times by hours)."""
    values: tuple[Any, ...] | None = Field(default=None, min_length=1)
    """The values the field takes, as written in a scenario."""
    range: RangeSpec | None = None
    """The values as a range: ``{from: 1, to: 24, step: 1}``."""
    offsets: tuple[float, ...] | None = Field(default=None, min_length=1)
    """For ``linked``: the offsets applied to every field (hours for times)."""
    choose: tuple[Any, ...] | None = Field(default=None, min_length=1,
                                           max_length=MAX_CHOICES)
    """Candidates the field's list is picked from, e.g. the battalions an order moves."""
    pick: Annotated[tuple[int, int], BeforeValidator(_pair)] | None = None
    """How many candidates are picked: a number, or ``[fewest, most]`` (default: from one
    to all of them)."""


class DesignSpec(Model):
    """Several parameters varied at once."""

    kind: Literal["factorial", "latin_hypercube"]
    """``factorial`` (every combination) or ``latin_hypercube`` (``samples`` points)."""
    parameters: tuple[ParameterSpec, ...] = Field(min_length=1)
    """The parameters, as in ``sweeps:``."""
    samples: int | None = Field(default=None, ge=1, le=MAX_CELLS)
    """For a Latin hypercube: how many points (cells)."""
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    """For a Latin hypercube: the seed of the sampler, so the cells are the same each time."""


class RecordSpec(Model):
    """What the runs record, and when (default: the runner's, see docs/experiments.md)."""

    metrics: tuple[str, ...] | None = Field(default=None, min_length=1)
    """Metric names (``ground_km2``, ``depth_km.ua``, ``front_km.pokrovsk_axis``, ...)."""
    times: Any = None
    """``end of each day``, or a list of hours since the start, dates and times, and
    ``end of each day``."""


class VariantEntry(Model):
    """A variant: the name of one of the scenario's own, or an overlay written here."""

    use: Id | None = None
    """The scenario's variant of this id (what a bare name in the list means)."""
    id: Id | None = None
    """For a new overlay: its id, used as the cell's name."""
    title: str | None = Field(default=None, min_length=1)
    """For a new overlay: one line on what changes."""
    description: str = ""
    """For a new overlay: why an analyst would run it."""
    set: dict[str, Any] = Field(default_factory=dict)
    """For a new overlay: changes as ``path: value``, as in a scenario's variants."""
    remove: tuple[str, ...] = ()
    """For a new overlay: paths of list items to remove."""

    @model_validator(mode="before")
    @classmethod
    def _named(cls, value: Any) -> Any:
        """A bare name is the scenario's own variant."""
        return {"use": value} if isinstance(value, str) else value

    def overlay(self) -> Variant | None:
        """The overlay written here, or None for a named or incomplete one."""
        if self.use is not None or self.id is None or self.title is None:
            return None
        return Variant(id=self.id, title=self.title, description=self.description,
                       set=self.set, remove=self.remove)


class ExperimentSpec(Model):
    """An experiment file: a base scenario and what is varied in it."""

    base: str = Field(min_length=1)
    """The base scenario file, relative to the experiment file."""
    title: str = ""
    """One line on the question the experiment asks."""
    description: str = ""
    """More on the question, for the report."""
    runs: int = Field(default=100, ge=1, le=1_000_000)
    """Runs per cell; run i of every cell uses seed i (common random numbers)."""
    set: dict[str, Any] = Field(default_factory=dict)
    """Changes made in every cell, as ``path: value``."""
    variants: tuple[VariantEntry, ...] = ()
    """The scenario's variants by name, or new overlays; each is one cell."""
    sweeps: tuple[ParameterSpec, ...] = ()
    """Parameters varied one at a time; each value is one cell."""
    design: DesignSpec | None = None
    """Several parameters varied together."""
    record: RecordSpec = Field(default_factory=RecordSpec)
    """Which metrics to record, and when."""
