"""Loading a scenario: read, merge includes, validate fields, check cross-references.

:func:`load` is the one way in. It either returns an immutable, validated
:class:`~scenario.models.Scenario` or raises a :class:`~scenario.errors.ScenarioError`
holding every problem found, each with its file, line and column.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scenario import checks
from scenario.errors import Position, Problem, ScenarioError
from scenario.includes import read_tree
from scenario.models import Scenario, Variant
from scenario.variants import Change, apply_each, data_path
from scenario.yamlfile import Document, YamlPath


def load(path: str | Path, files_read: set[Path] | None = None) -> Scenario:
    """Load and validate the scenario file at *path*.

    *files_read*, if given, gets the real path of the file and of each file it includes
    (so that a command can refuse to write over one of them).

    Raises:
        ScenarioError: with every problem found, positioned in the files.
    """
    redefined: list[Problem] = []
    doc = read_tree(Path(path), str(path), files_read, redefined)
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        from scenario import explain, partial  # only a scenario with problems needs them

        raise ScenarioError([*redefined, *explain.problems_from(exc, doc, Scenario),
                             *partial.problems(doc, exc)]) from None
    problems = [*redefined, *checks.check(scenario, doc)]
    if not problems:  # a variant of a broken scenario would only repeat its problems
        problems = _variant_problems(scenario, doc)
    if problems:
        raise ScenarioError(problems)
    return scenario


def validate(doc: Document) -> Scenario:
    """Validate the fields of *doc* as a scenario (no cross-reference checks)."""
    try:
        return Scenario.model_validate(doc.data)
    except ValidationError as exc:
        from scenario import explain  # only a scenario with problems needs it

        raise ScenarioError(explain.problems_from(exc, doc, Scenario)) from None


def digest(scenario: Scenario) -> str:
    """A short stable fingerprint of the scenario's content, for saved games and results."""
    text = json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _variant_problems(scenario: Scenario, doc: Document) -> list[Problem]:
    """Apply each variant; report a path that names nothing or a result that is invalid.

    A path that names nothing is reported at that path in the variant; a problem of the
    result, at the path of the change that caused it (or at the variant's id).
    """
    problems: list[Problem] = []
    for i, variant in enumerate(scenario.variants):
        where = doc.where(("variants", i, "id"))
        # a fresh dump to change: a third of the time of a deep copy of one
        data = scenario.model_dump(mode="json", by_alias=True)
        failed = apply_each(data, variant)
        for change, exc in failed:
            problems.append(Problem(_change_position(doc, i, change) or where,
                                    f"variant {variant.id!r}: {exc}"))
        # the changes that could be made are checked too: an author fixes all at once
        problems.extend(_check_variant(data, variant, _positions(doc, i, variant, data, where)))
    return problems


def _change_position(doc: Document, index: int, change: Change) -> Position | None:
    """Where a variant's change is written: its key in ``set``, its item in ``remove``."""
    kind, which = change
    return doc.where(("variants", index, kind, which), key=kind == "set")


def _positions(doc: Document, index: int, variant: Variant, data: dict[str, Any],
               where: Position | None) -> Document:
    """The changed *data*, each value a change set placed at that change in the file.

    A problem inside a value the variant set points at the change; any other, at *where*
    (the variant's id).
    """
    values: dict[YamlPath, Position] = {} if where is None else {(): where}
    for path in variant.set:
        found = data_path(data, path)
        position = _change_position(doc, index, ("set", path))
        if found is not None and position is not None:
            values[found] = position
    return Document(data=data, values=values)


def _check_variant(data: dict[str, Any], variant: Variant, bare: Document) -> list[Problem]:
    try:
        result = validate(bare)
    except ScenarioError as exc:
        found = exc.problems
    else:
        found = checks.check(result, bare)
    return [Problem(p.position, f"variant {variant.id!r} gives an invalid scenario: "
                    f"{p.message}", p.hint) for p in found]
