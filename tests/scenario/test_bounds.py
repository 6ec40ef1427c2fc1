"""Every number of the format has a unit and both bounds, and the models enforce them.

The walk goes over the JSON Schema (``salient schema``), so a number field added later is
covered too: each number (a field, a list item, a map value) must name its unit in the
schema (``"unit"``) and in its field's description, written ``(unit ...)``, and must have a
lower and an upper bound, or say why a bound is open (``"open_bound": "why"``).

The helpers here (a walk of scenario data beside its schema, the values at and just past
each bound) serve ``test_extremes.py`` too.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scenario import load
from scenario.models import MAX_DAYS, Metadata, Scenario
from scenario.reference import SECTIONS, markdown, numbers_in
from scenario.schema import json_schema

UNITS = {"hours", "minutes", "km", "km/h", "km/day", "count", "battalions", "points",
         "per hour", "ratio", "multiplier", "fraction 0-1", "probability 0-1", "degrees",
         "metric unit", "no unit"}
"""The units a number of the format may have."""

KURSK = Path("scenarios/kursk_2024.yaml")


@functools.cache
def schema() -> dict[str, Any]:
    """The scenario's JSON Schema, made once."""
    return json_schema()


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(Model.field, property schema)`` for every field of every model in *schema*."""
    models = {schema.get("title", "Scenario"): schema, **schema.get("$defs", {})}
    for model, body in models.items():
        for name, prop in body.get("properties", {}).items():
            yield f"{model}.{name}", prop


def has_bound(node: dict[str, Any], side: str) -> bool:
    """True if *node* has a lower (``side="min"``) or upper (``"max"``) bound, or says why not."""
    keys = ("minimum", "exclusiveMinimum") if side == "min" else ("maximum", "exclusiveMaximum")
    return any(k in node for k in keys) or bool(node.get("open_bound"))


def number_problems(schema: dict[str, Any]) -> tuple[list[str], int]:
    """Every number without a unit or a bound in *schema*, and how many numbers there are."""
    problems, count = [], 0
    for where, prop in properties(schema):
        description = " ".join(prop.get("description", "").split())
        for node in numbers_in(prop):
            count += 1
            unit = node.get("unit")
            if unit not in UNITS:
                problems.append(f"{where}: unit {unit!r} is not one of the known units")
            elif f"({unit}" not in description:
                problems.append(f"{where}: the description does not say '({unit}'")
            for side in ("min", "max"):
                if not has_bound(node, side):
                    problems.append(f"{where}: no {side}imum and no open_bound reason")
    return problems, count


def test_every_number_field_has_a_unit_and_both_bounds() -> None:
    problems, count = number_problems(schema())
    assert not problems, "\n".join(problems)
    assert count >= 60  # the walk found the numbers: fields, list items and map values


def test_the_check_catches_a_number_without_unit_or_bounds() -> None:
    class Loose(BaseModel):
        model_config = ConfigDict(use_attribute_docstrings=True)

        hours: float = Field(ge=0)
        """How long (hours)."""
        table: dict[str, int] = {}
        """A table."""
        open: float = Field(default=0.0, ge=0, json_schema_extra={
            "unit": "km", "open_bound": "any distance is fine"})
        """Far (km)."""

    problems, count = number_problems(Loose.model_json_schema())
    assert count == 3
    assert problems == ["Loose.hours: unit None is not one of the known units",
                        "Loose.hours: no maximum and no open_bound reason",
                        "Loose.table: unit None is not one of the known units",
                        "Loose.table: no minimum and no open_bound reason",
                        "Loose.table: no maximum and no open_bound reason"]


def test_the_reference_shows_every_number_s_unit_and_range() -> None:
    text = markdown()
    sections = dict(zip([title for title, _ in SECTIONS],
                        text.split("\n### `")[1:], strict=True))
    rows = 0
    for title, model in SECTIONS:
        for name, info in model.model_fields.items():
            key = info.alias or name
            row = next(r for r in sections[title].splitlines() if r.startswith(f"| `{key}` |"))
            unit, limits = (cell.strip() for cell in row.split("|")[3:5])
            if _is_number_field(model, key):
                rows += 1
                assert unit and all(u in UNITS for u in unit.split("; ")), row
                assert "x" in limits and ("≤" in limits or "<" in limits), row
            else:
                assert unit == limits == "", row
    assert rows >= 60
    assert "| `turn_hours` | number | hours | 0.25 ≤ x ≤ 168 |" in text
    assert "| `strength` | number | fraction 0-1 | 0 < x ≤ 1 |" in text
    assert "| multiplier | 0 ≤ x ≤ 10 | (table) | Combat power by posture" in text


def _is_number_field(model: type[BaseModel], key: str) -> bool:
    whole = schema()
    body = whole if model is Scenario else whole["$defs"][model.__name__]
    return bool(numbers_in(body["properties"][key]))


# -- the window ----------------------------------------------------------------------------

START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def metadata(days: float) -> dict[str, Any]:
    end = START + dt.timedelta(days=days)
    return {"id": "w", "title": "W", "start": START.isoformat(), "end": end.isoformat()}


def test_the_window_is_at_most_max_days() -> None:
    assert "366 days" in (Metadata.model_fields["end"].description or "")
    assert MAX_DAYS == 366
    Metadata.model_validate(metadata(MAX_DAYS))
    with pytest.raises(ValidationError) as caught:
        Metadata.model_validate(metadata(MAX_DAYS + 0.5))
    error = caught.value.errors()[0]
    assert error["loc"] == ("end",)
    assert "366.5 days from start to end; at most 366 days" in error["msg"]


# -- scenario data beside its schema --------------------------------------------------------

@dataclass(frozen=True)
class Leaf:
    """A number in scenario data: where it is, its schema and the field it belongs to."""

    path: tuple[str | int, ...]
    node: dict[str, Any]
    field: str
    """``Model.field``, the same for every place, unit, ... (a list's items share it)."""

    @property
    def integer(self) -> bool:
        return self.node.get("type") == "integer"


def leaves(data: Any, schema: dict[str, Any]) -> list[Leaf]:
    """Every number in scenario *data*, with its schema node, in document order."""
    found: list[Leaf] = []
    _walk(data, schema, schema.get("$defs", {}), (), "Scenario", found)
    return found


def _walk(data: Any, node: dict[str, Any], defs: dict[str, Any], path: tuple[str | int, ...],
          field: str, found: list[Leaf]) -> None:
    node = _resolve(node, defs, data)
    if node.get("type") in ("number", "integer"):
        if isinstance(data, int | float) and not isinstance(data, bool):
            found.append(Leaf(path, node, field))
        return
    title = node.get("title", field)
    if isinstance(data, dict):
        props = node.get("properties")
        for key, value in data.items():
            if props is not None and key in props:
                _walk(value, props[key], defs, (*path, key), f"{title}.{key}", found)
            elif (member := _map_value(node, key)) is not None:
                _walk(value, member, defs, (*path, key), field, found)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            prefix = node.get("prefixItems", [])
            item = prefix[i] if i < len(prefix) else node.get("items", {})
            _walk(value, item, defs, (*path, i), field, found)


def _map_value(node: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The schema of the value at *key* of a map (``additionalProperties`` or a pattern)."""
    for pattern, member in node.get("patternProperties", {}).items():
        if re.search(pattern, key):
            return member  # type: ignore[no-any-return]
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def _resolve(node: dict[str, Any], defs: dict[str, Any], data: Any) -> dict[str, Any]:
    """Follow ``$ref``; in a union, the member that fits *data*."""
    while True:
        if "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        elif "discriminator" in node and isinstance(data, dict):
            mapping = node["discriminator"]["mapping"]
            node = {"$ref": mapping[data[node["discriminator"]["propertyName"]]]}
        elif "anyOf" in node or "oneOf" in node:
            node = next((m for m in node.get("anyOf", node.get("oneOf", []))
                         if _fits(m, data)), {})
        else:
            return node


def _fits(member: dict[str, Any], data: Any) -> bool:
    kind = member.get("type")
    if data is None:
        return kind == "null"
    if isinstance(data, bool):
        return kind == "boolean"
    if isinstance(data, int | float):
        return kind in ("number", "integer")
    if isinstance(data, list):
        return kind == "array"
    if isinstance(data, dict):
        return kind == "object" or "$ref" in member
    return kind == "string"


def bound(leaf: Leaf, side: str) -> float:
    """The value at the *side* (``"min"``, ``"max"``) bound of *leaf*, inside it."""
    inclusive, exclusive = (("minimum", "exclusiveMinimum") if side == "min"
                            else ("maximum", "exclusiveMaximum"))
    toward = math.inf if side == "min" else -math.inf
    if inclusive in leaf.node and (exclusive not in leaf.node or _tighter(leaf, side)):
        return leaf.node[inclusive]  # type: ignore[no-any-return]
    edge = leaf.node[exclusive]
    return edge + (1 if side == "min" else -1) if leaf.integer else math.nextafter(edge, toward)


def beyond(leaf: Leaf, side: str) -> float:
    """A value just past the *side* bound of *leaf*: one the models must refuse."""
    inclusive, exclusive = (("minimum", "exclusiveMinimum") if side == "min"
                            else ("maximum", "exclusiveMaximum"))
    away = -math.inf if side == "min" else math.inf
    if exclusive in leaf.node and (inclusive not in leaf.node or not _tighter(leaf, side)):
        return leaf.node[exclusive]  # type: ignore[no-any-return]
    edge = leaf.node[inclusive]
    return edge + (-1 if side == "min" else 1) if leaf.integer else math.nextafter(edge, away)


def _tighter(leaf: Leaf, side: str) -> bool:
    """True if the inclusive bound on *side* is the tighter of the two (both present)."""
    if side == "min":
        return bool(leaf.node["minimum"] > leaf.node["exclusiveMinimum"])
    return bool(leaf.node["maximum"] < leaf.node["exclusiveMaximum"])


def set_at(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Set the value at *path* in *data*."""
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def dumped(path: Path) -> dict[str, Any]:
    """The scenario at *path* as plain data, every default written out."""
    data: dict[str, Any] = load(path).model_dump(mode="json", by_alias=True)
    return data


def first_of_each_field(found: list[Leaf]) -> list[Leaf]:
    """One leaf per ``Model.field`` (the first in the document)."""
    return list({leaf.field: leaf for leaf in reversed(found)}.values())[::-1]


@pytest.fixture(scope="module")
def kursk() -> dict[str, Any]:
    return dumped(KURSK)


def test_the_kursk_data_has_every_number_field_of_the_format(kursk: dict[str, Any]) -> None:
    seen = {leaf.field for leaf in leaves(kursk, schema())}
    declared = {where for where, prop in properties(schema()) if numbers_in(prop)}
    assert declared == seen


@pytest.mark.parametrize("side", ["min", "max"])
def test_every_bound_in_the_schema_is_enforced_by_the_models(kursk: dict[str, Any],
                                                            side: str) -> None:
    found = leaves(kursk, schema())
    for leaf in first_of_each_field(found):
        inside, outside = copy.deepcopy(kursk), copy.deepcopy(kursk)
        for other in found:  # both ends of a [low, high] pair, both of a [lat, lon] point
            if other.path[:-1] == leaf.path[:-1] and isinstance(other.path[-1], int):
                set_at(inside, other.path, bound(other, side))
        set_at(inside, leaf.path, bound(leaf, side))
        Scenario.model_validate(inside)
        set_at(outside, leaf.path, beyond(leaf, side))
        with pytest.raises(ValidationError) as caught:
            Scenario.model_validate(outside)
        locs = [e["loc"] for e in caught.value.errors()]
        assert any(tuple(p for p in loc if p not in ("order", "inject")) == leaf.path
                   for loc in locs), (leaf, locs)


# -- strict numbers ---------------------------------------------------------------------

@pytest.mark.parametrize(("value", "accepted"), [
    (12, 12.0), (12.5, 12.5), (True, None), (False, None), ("12", None), (math.nan, None),
    (math.inf, None), (10**400, None)])
def test_a_float_field_takes_integers_but_not_booleans_text_or_nan(value: Any,
                                                                   accepted: float | None,
                                                                   ) -> None:
    data = metadata(1) | {"turn_hours": value}
    if accepted is None:
        with pytest.raises(ValidationError):
            Metadata.model_validate(data)
    else:
        hours = Metadata.model_validate(data).turn_hours
        assert hours == accepted and isinstance(hours, float)


@pytest.mark.parametrize("value", [7.0, 7.5, True, "7", math.nan])
def test_an_integer_field_takes_only_whole_numbers(value: Any) -> None:
    assert Metadata.model_validate(metadata(1) | {"seed": 7}).seed == 7
    with pytest.raises(ValidationError):
        Metadata.model_validate(metadata(1) | {"seed": value})
