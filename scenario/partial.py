"""Cross-reference checks of a scenario whose fields are not all valid.

An author fixes every mistake of a file in one pass, so ``salient validate`` reports a
misspelt field and an unknown place together, though the place is checked only on a
scenario whose fields are valid. Here the items whose fields are invalid (a unit, a road,
a claim) are left out, as are unknown keys and invalid optional values; what is left is
validated again and checked as a whole. What refers to a left-out item is not reported
again (its id is in the *shadow*), nor is what its absence alone would cause.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from scenario import checks
from scenario.errors import Problem
from scenario.explain import data_path
from scenario.models import Scenario
from scenario.yamlfile import Document, YamlPath

ITEMS: frozenset[YamlPath] = frozenset({
    ("sources",), ("sides",), ("map", "places"), ("map", "roads"), ("map", "off_map"),
    ("units",), ("timeline",), ("claims",), ("objectives",), ("variants",),
})
"""Lists whose items can be left out one by one."""
KEYED: frozenset[YamlPath] = frozenset({("rules", "unit_types")})
"""Mappings whose entries can be left out one by one (an entry's key is its id)."""
ROUNDS = 3
"""Times to leave out more and validate again before giving up."""


def problems(doc: Document, error: ValidationError) -> list[Problem]:
    """The cross-reference problems of what in *doc* is valid; *error* says what is not.

    Empty when too much is invalid to check the rest (a required section, a side).
    """
    shadow: set[str] = set()
    for _ in range(ROUNDS):
        drops = _drops(error, doc.data)
        if drops is None:
            return []
        shadow |= _ids(doc.data, drops)
        doc = prune(doc, drops)
        try:
            scenario = Scenario.model_validate(doc.data)
        except ValidationError as exc:
            error = exc
            continue
        return checks.check(scenario, doc, frozenset(shadow))
    return []


def _drops(error: ValidationError, data: Any) -> set[YamlPath] | None:
    """What to leave out of *data* for each of *error*'s errors; None if it cannot be."""
    drops: set[YamlPath] = set()
    for detail in error.errors(include_url=False):
        path = data_path(detail["loc"], data)
        drop = path if detail["type"] == "extra_forbidden" else _drop_point(path)
        if drop is None or detail["type"] == "missing" and drop == path:
            return None  # a required field outside any item: nothing can stand in for it
        drops.add(drop)
    return {d for d in drops if not any(d[:n] in drops for n in range(1, len(d)))}


def _drop_point(path: YamlPath) -> YamlPath | None:
    """The item of a list (or entry of a mapping) holding *path*; else the field itself."""
    for n in range(1, len(path)):
        if path[:n] in ITEMS and isinstance(path[n], int) or path[:n] in KEYED:
            return path[:n + 1]
    first_index = next((n for n, step in enumerate(path) if isinstance(step, int)), len(path))
    return path[:first_index] or None


def _ids(data: Any, drops: Iterable[YamlPath]) -> set[str]:
    """Every text in the items left out, also as an id would spell it, and their keys.

    More than the ids (names, sources cited): a reference to any of them is left alone,
    which can only hide a problem in what is reported already.
    """
    found: set[str] = set()
    for path in drops:
        if isinstance(path[-1], str):
            found.add(path[-1])
        stack = [_at(data, path)]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                found |= {node, _slug(node)}
            elif isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return found


def _slug(text: str) -> str:
    """*text* as an id might spell it: ``Old Ford`` as ``old_ford``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _at(data: Any, path: YamlPath) -> Any:
    for step in path:
        data = data[step]
    return data


def prune(doc: Document, drops: set[YamlPath]) -> Document:
    """*doc* without the values at *drops*, its positions moved to the items' new indexes.

    No path in *drops* lies inside another.
    """
    data = copy.deepcopy(doc.data)
    for path in sorted(drops, key=_deepest_last_first, reverse=True):
        parent = _at(data, path[:-1])
        del parent[path[-1]]
    removed: dict[YamlPath, list[int]] = {}
    for path in drops:
        if isinstance(path[-1], int):
            removed.setdefault(path[:-1], []).append(path[-1])
    values = _moved(doc.values, drops, removed)
    keys = _moved(doc.keys, drops, removed)
    return Document(data=data, values=values, keys=keys)


def _deepest_last_first(path: YamlPath) -> tuple[int, int]:
    """Delete deeper paths first, and in one list the later items first."""
    return len(path), path[-1] if isinstance(path[-1], int) else 0


def _moved(positions: dict[YamlPath, Any], drops: set[YamlPath],
           removed: dict[YamlPath, list[int]]) -> dict[YamlPath, Any]:
    moved: dict[YamlPath, Any] = {}
    for path, where in positions.items():
        new = _new_path(path, drops, removed)
        if new is not None:
            moved[new] = where
    return moved


def _new_path(path: YamlPath, drops: set[YamlPath],
              removed: dict[YamlPath, list[int]]) -> YamlPath | None:
    """Where *path* stands once *drops* are gone; None if it was in one of them."""
    out: list[str | int] = []
    for n, step in enumerate(path):
        if path[:n + 1] in drops:
            return None
        if isinstance(step, int) and path[:n] in removed:
            step -= sum(1 for gone in removed[path[:n]] if gone < step)
        out.append(step)
    return tuple(out)
