"""Variants: a scenario with some fields changed, as a new validated scenario.

A path names one value in the scenario: dotted keys, with ``[id]`` picking a list item by
its ``id`` (or ``[3]`` by position): ``units[ua_himars].available``,
``rules.unit_types.himars_battery.weapon.ammunition``. A variant's ``set`` changes values at
paths, its ``remove`` drops list items. The original scenario is never changed.

Examples:
    >>> parse_path("units[ua_himars].strength")
    ('units', '[ua_himars]', 'strength')
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from scenario.errors import VariantError, did_you_mean
from scenario.models import Scenario, Variant

_SEGMENT = re.compile(r"^([A-Za-z_][\w\-]*)((?:\[[^\[\]]+\])*)$")
_SELECTOR = re.compile(r"\[([^\[\]]+)\]")


def parse_path(path: str) -> tuple[str, ...]:
    """Split *path* into keys and ``[selector]`` steps.

    Raises:
        VariantError: the path is not dotted keys with optional ``[id]`` selectors.
    """
    steps: list[str] = []
    for part in path.split("."):
        match = _SEGMENT.match(part)
        if not match:
            raise VariantError(f"bad path {path!r}: {part!r} is not a key or key[id]; "
                               "write e.g. units[ua_himars].strength")
        steps.append(match.group(1))
        steps.extend(f"[{sel}]" for sel in _SELECTOR.findall(match.group(2)))
    return tuple(steps)


def apply(scenario: Scenario, variant: Variant | str) -> Scenario:
    """Return a new scenario: *scenario* with *variant* (or the variant of that id) applied.

    Raises:
        VariantError: unknown variant, a path that names nothing, or a result that is
            not a valid scenario.
    """
    if isinstance(variant, str):
        variant = _find(scenario, variant)
    data = apply_to_data(scenario.model_dump(mode="json", by_alias=True), variant)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise VariantError(f"variant {variant.id!r} makes the scenario invalid at "
                           f"{where}: {first['msg']}") from None


def apply_to_data(data: dict[str, Any], variant: Variant) -> dict[str, Any]:
    """Apply *variant* to plain scenario *data*, changing it in place; return it."""
    for path, value in variant.set.items():
        parent, last = _walk(data, parse_path(path), path)
        _set(parent, last, value, path)
    for path in variant.remove:
        parent, last = _walk(data, parse_path(path), path)
        if not isinstance(parent, list) or not last.startswith("["):
            raise VariantError(f"cannot remove {path!r}: only list items (key[id]) can "
                               "be removed")
        parent.remove(_select(parent, last, path))
    return data


Change = tuple[str, int | str]
"""One change of a variant: ``("set", path)`` or ``("remove", index in remove)``."""


def apply_each(data: dict[str, Any], variant: Variant) -> list[tuple[Change, VariantError]]:
    """Apply *variant* to *data* change by change, in place; every change that fails.

    Unlike :func:`apply_to_data`, a path that names nothing does not stop the others.
    """
    failed: list[tuple[Change, VariantError]] = []
    for path, value in variant.set.items():
        try:
            parent, last = _walk(data, parse_path(path), path)
            _set(parent, last, value, path)
        except VariantError as exc:
            failed.append((("set", path), exc))
    for index, path in enumerate(variant.remove):
        try:
            apply_to_data(data, Variant(id=variant.id, title=variant.title, remove=(path,)))
        except VariantError as exc:
            failed.append((("remove", index), exc))
    return failed


def data_path(data: Any, path: str) -> tuple[str | int, ...] | None:
    """The keys and list indexes *path* names in *data*, or None if it names nothing."""
    steps: list[str | int] = []
    node = data
    try:
        for step in parse_path(path):
            if step.startswith("[") and isinstance(node, list):
                item = _select(node, step, path)
                steps.append(next(n for n, x in enumerate(node) if x is item))
                node = item
            else:
                node = _select(node, step, path)
                steps.append(step)
    except VariantError:
        return None
    return tuple(steps)


def value_at(data: Any, path: str) -> Any:
    """The value at *path* in plain scenario *data* (a dumped scenario).

    Raises:
        VariantError: the path is malformed or names nothing (with the closest name).
    """
    parent, last = _walk(data, parse_path(path), path)
    return _select(parent, last, path)


def _find(scenario: Scenario, variant_id: str) -> Variant:
    try:
        return scenario.variant(variant_id)
    except KeyError:
        known = [v.id for v in scenario.variants]
        hint = did_you_mean(variant_id, known) or f"known variants: {', '.join(known) or 'none'}"
        raise VariantError(f"unknown variant {variant_id!r}; {hint}") from None


def _walk(data: Any, steps: tuple[str, ...], path: str) -> tuple[Any, str]:
    node = data
    for step in steps[:-1]:
        node = _select(node, step, path)
    return node, steps[-1]


def _select(node: Any, step: str, path: str) -> Any:
    if step.startswith("["):
        if not isinstance(node, list):
            raise VariantError(f"path {path!r}: {step} selects from a list, but this is not one")
        key = step[1:-1]
        if key.isdigit() and int(key) < len(node):
            return node[int(key)]
        for item in node:
            if isinstance(item, dict) and item.get("id") == key:
                return item
        ids = [str(item.get("id")) for item in node if isinstance(item, dict)]
        hint = did_you_mean(key, ids)
        raise VariantError(f"path {path!r}: no item with id {key!r}" +
                           (f"; {hint}" if hint else ""))
    if not isinstance(node, dict) or step not in node:
        known = list(node) if isinstance(node, dict) else []
        hint = did_you_mean(step, known)
        raise VariantError(f"path {path!r}: no field {step!r}" + (f"; {hint}" if hint else ""))
    return node[step]


def _set(parent: Any, last: str, value: Any, path: str) -> None:
    if last.startswith("["):
        if not isinstance(parent, list):
            raise VariantError(f"path {path!r}: {last} selects from a list, but this is not one")
        item = _select(parent, last, path)
        parent[parent.index(item)] = value
    elif isinstance(parent, dict):
        parent[last] = value
    else:
        raise VariantError(f"path {path!r}: {last!r} is not a field of a mapping")
