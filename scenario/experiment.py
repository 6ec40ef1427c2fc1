"""Experiments: a base scenario and what varies in it, resolved into cells ready to run.

An experiment file (docs/experiments.md) names a base scenario, variants, sweeps and a
design; :func:`load_experiment` turns it into :class:`Cell` s, each a fully resolved and
validated scenario with the parameters that made it. Every cell runs with seeds
``0 .. runs - 1``, so run *i* of every cell shares its random numbers (common random
numbers). :func:`from_scenario` does the same for a scenario file alone (``salient batch
SCENARIO --variant ... --set path=value``).

A cell is made from the base scenario's data in this order: its variant (if any), the
experiment's ``set:`` (or ``--set``), then its own parameters; the result must pass the
scenario's whole validation, or the experiment is refused before any run, naming the cell.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scenario import checks, explain, loader
from scenario.designs import Plan, design_plans, sweep_plans
from scenario.errors import (
    Position,
    Problem,
    SalientError,
    ScenarioError,
    VariantError,
    did_you_mean,
)
from scenario.experiment_format import MAX_CELLS, ExperimentSpec, VariantEntry
from scenario.models import Scenario, Variant
from scenario.recording import Recording, resolve
from scenario.variants import apply_to_data, value_at
from scenario.yamlfile import Document, NodeBudget, YamlPath, parse, read_text

__all__ = ["REMOVED", "Cell", "Experiment", "Recording", "from_scenario", "load_experiment",
           "validate_experiment"]

REMOVED = "(removed)"
"""A variant cell's parameter value for a list item its variant removes."""
MAX_CELL_PROBLEMS = 20
"""Most invalid cells reported one by one; the rest are counted."""


@dataclass(frozen=True)
class Cell:
    """One combination to run: a name, the parameters that made it, its scenario."""

    name: str
    """Short and unique in the experiment: ``base``, ``convoys_early``,
    ``hold_hours=18``, ``lhs-007``."""
    parameters: Mapping[str, object]
    """Path -> value as applied (``{}`` for the base; a variant's own ``set``, with
    :data:`REMOVED` for what it removes). The experiment's ``set:`` is not repeated here."""
    scenario: Scenario
    """The scenario, fully resolved and validated: runs need no variant argument."""


@dataclass(frozen=True)
class Experiment:
    """An experiment resolved into cells, ready for a runner."""

    path: Path
    """The experiment file (for a scenario run alone, the scenario file)."""
    text: str
    """The experiment's text, stored with the results (for a scenario run alone, an
    equivalent experiment written out)."""
    base: Path
    """The base scenario file."""
    runs: int
    """Runs per cell; run i of every cell uses seed i."""
    cells: tuple[Cell, ...]
    """Every cell, the base first, then variants, sweeps and design points in file order."""
    recording: Recording = field(default_factory=lambda: Recording(None, None))
    """Which metrics to record, and when (None: the runner's defaults)."""


def load_experiment(path: Path | str) -> Experiment:
    """Read, resolve and validate the experiment file at *path*.

    Raises:
        ScenarioError: with every problem found, each at its ``file:line:col`` in the
            experiment file (or in the base scenario, if that is invalid), a cell that would
            not validate named with its error.
    """
    path = Path(path)
    display = str(path)
    text, doc = _read(path, display)
    spec = _spec(doc)
    base_path = Path(os.path.normpath(os.path.join(os.path.dirname(display), spec.base)))
    scenario = _base(base_path, doc)
    data, problems = _common_data(spec.set, scenario, doc)
    plans = _plans(spec, scenario, data, doc, problems)
    recording = resolve(spec.record, scenario, doc)
    problems += recording if isinstance(recording, list) else []
    if problems:
        raise ScenarioError(problems)
    assert isinstance(recording, Recording)
    return Experiment(path, text, base_path, spec.runs, _cells(plans, data), recording)


def is_experiment(path: Path | str) -> bool:
    """True if *path* reads as an experiment (a mapping with a ``base:`` key), not a scenario.

    Anything unreadable counts as a scenario, whose loader then says what is wrong.
    """
    try:
        _, doc = _read(Path(path), str(path))
    except SalientError:
        return False
    return isinstance(doc.data, dict) and "base" in doc.data


def validate_experiment(path: Path | str) -> list[str]:
    """Every problem of the experiment at *path*, one message each; empty if it is valid."""
    try:
        load_experiment(path)
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    except SalientError as exc:
        return [str(exc)]
    return []


def from_scenario(path: Path | str, variants: Sequence[str] = (), sets: Sequence[str] = (),
                  runs: int = 100) -> Experiment:
    """An experiment of a scenario file alone: its base and its variants.

    *variants* names the variants to run (default: every one); *sets* are ``path=value``
    changes (the value read as YAML) made in every cell.

    Raises:
        ScenarioError: the scenario is invalid.
        SalientError: a bad ``--set``, an unknown ``--variant`` or one named twice, runs
            below 1, or a cell that would not validate (named, with its error).
    """
    path = Path(path)
    if runs < 1:
        raise SalientError(f"--runs {runs}: at least one run per cell is needed")
    scenario = loader.load(path)
    data = scenario.model_dump(mode="json", by_alias=True)
    changes = _command_line_sets(data, sets)
    twice = sorted({v for v in variants if list(variants).count(v) > 1})
    if twice:
        raise SalientError(f"a variant is named twice: {', '.join(twice)}; name each once")
    chosen = list(variants) if variants else [v.id for v in scenario.variants]
    plans = [Plan("base", None, {}, None)]
    plans += [_named_plan(scenario, name, None) for name in chosen]
    try:
        cells = _cells(plans, data)
    except ScenarioError as exc:
        raise VariantError("\n".join(str(p) for p in exc.problems)) from None
    text = _equivalent_text(path, chosen, changes, runs)
    return Experiment(path, text, path, runs, cells, Recording(None, None))


# -- reading ------------------------------------------------------------------------------


def _read(path: Path, display: str) -> tuple[str, Document]:
    text = read_text(path, display)
    if not text.strip():
        raise ScenarioError.single(display, "the file is empty",
                                   "an experiment starts with 'base: path/to/scenario.yaml'")
    return text, parse(text, display, NodeBudget())


def _spec(doc: Document) -> ExperimentSpec:
    if not isinstance(doc.data, dict):
        raise ScenarioError([Problem(doc.where(()), "an experiment file is a mapping of "
                                     "keys (base:, runs:, variants:, sweeps:, ...)",
                                     "start with 'base: path/to/scenario.yaml'")])
    try:
        return ExperimentSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(explain.problems_from(exc, doc, ExperimentSpec)) from None


def _base(base_path: Path, doc: Document) -> Scenario:
    if not base_path.is_file():
        raise ScenarioError([Problem(doc.where(("base",)), f"no scenario file {base_path}",
                                     "the base path is relative to the experiment file")])
    return loader.load(base_path)


def _common_data(changes: Mapping[str, Any], scenario: Scenario, doc: Document,
                 ) -> tuple[dict[str, Any], list[Problem]]:
    """The base scenario's data with the experiment's ``set:`` applied."""
    data = scenario.model_dump(mode="json", by_alias=True)
    problems = _path_problems(data, changes, doc, ("set",), key=True)
    if not problems:
        apply_to_data(data, Variant(id="set", title="set", set=dict(changes)))
    return data, problems


def _check_path(data: Any, path: str, prefix: str = "") -> None:
    """Refuse a path that names nothing in *data*; *prefix* starts the message."""
    try:
        value_at(data, path)
    except VariantError as exc:
        raise VariantError(f"{prefix}{exc}") from None


def _command_line_sets(data: dict[str, Any], sets: Sequence[str]) -> dict[str, Any]:
    """Apply each ``--set path=value`` to *data*; return them as ``path: value``.

    Each is checked alone on the base: its path must name a value, the result must be valid.
    """
    changes: dict[str, Any] = {}
    for text in sets:
        name, value = _parse_set(text)
        _check_path(data, name, f"--set {text!r}: ")
        found = _resolve(Plan(text, None, {name: value}, None), data)
        if not isinstance(found, Scenario):
            hint = f"\n    hint: {found[1]}" if found[1] else ""
            raise VariantError(f"--set {text!r} makes the scenario invalid: {found[0]}{hint}")
        changes[name] = value
    apply_to_data(data, Variant(id="set", title="set", set=changes))
    return changes


def _parse_set(text: str) -> tuple[str, Any]:
    """``path=value`` with the value read as YAML."""
    name, equals, value = text.partition("=")
    name = name.strip()
    if not equals or not name:
        raise VariantError(f"--set {text!r}: write path=value, e.g. "
                           "--set rules.control.hold_hours=20")
    if not value.strip():
        raise VariantError(f"--set {text!r}: no value after '='")
    try:
        return name, parse(value, f"--set {text!r}", NodeBudget(left=1000, limit=1000)).data
    except ScenarioError as exc:
        raise VariantError(f"--set {text!r}: {exc.problems[0].message}") from None


# -- plans --------------------------------------------------------------------------------


def _plans(spec: ExperimentSpec, scenario: Scenario, data: Any, doc: Document,
           problems: list[Problem]) -> list[Plan]:
    """Every cell's plan in order: base, variants, sweeps, design; problems go to *problems*."""
    origin = doc.where(("set",), key=True) if spec.set else doc.where(("base",), key=True)
    plans: list[Plan] = [Plan("base", None, {}, origin)]
    for i, entry in enumerate(spec.variants):
        found = _variant_plan(entry, scenario, data, doc, i)
        problems += found if isinstance(found, list) else []
        plans += [found] if isinstance(found, Plan) else []
    for made in (sweep_plans(spec.sweeps, data, doc),
                 design_plans(spec.design, data, doc) if spec.design else []):
        plans += [p for p in made if isinstance(p, Plan)]
        problems += [p for p in made if isinstance(p, Problem)]
    problems += _name_problems(plans)
    return plans


def _variant_plan(entry: VariantEntry, scenario: Scenario, data: Any, doc: Document, i: int,
                  ) -> Plan | list[Problem]:
    where = doc.where(("variants", i))
    if entry.use is not None:
        extra = [k for k in ("id", "title", "set", "remove") if getattr(entry, k)]
        if extra:
            return [Problem(where, f"'use: {entry.use}' names one of the scenario's "
                            f"variants; '{extra[0]}:' belongs to a new overlay",
                            "write either the name of a variant, or id:, title:, set:")]
        try:
            return _named_plan(scenario, entry.use, where)
        except VariantError as exc:
            message, _, hint = str(exc).partition("; ")
            return [Problem(where, message, hint or None)]
    overlay = entry.overlay()
    if overlay is None:
        return [Problem(where, "a new variant needs 'id:' and 'title:'",
                        "or give the name of one of the scenario's variants")]
    problems = [*_path_problems(data, overlay.set, doc, ("variants", i, "set"), key=True),
                *_path_problems(data, overlay.remove, doc, ("variants", i, "remove"))]
    return problems or Plan(overlay.id, overlay, {}, where, _overlay_parameters(overlay))


def _path_problems(data: Any, paths: Iterable[str], doc: Document, at: YamlPath, *,
                   key: bool = False) -> list[Problem]:
    """A problem for each of *paths* that names nothing in *data*, at its place in *doc*.

    With *key*, the paths are the keys of the mapping at *at*; else the items of the list.
    """
    problems = []
    for index, path in enumerate(paths):
        try:
            value_at(data, path)
        except VariantError as exc:
            message, _, hint = str(exc).partition("; ")
            where = doc.where((*at, path), key=True) if key else doc.where((*at, index))
            problems.append(Problem(where, message, hint or None))
    return problems


def _named_plan(scenario: Scenario, name: str, where: Position | None) -> Plan:
    try:
        variant = scenario.variant(name)
    except KeyError:
        known = [v.id for v in scenario.variants]
        hint = did_you_mean(name, known) or f"known variants: {', '.join(known) or 'none'}"
        raise VariantError(f"unknown variant {name!r}; {hint}") from None
    return Plan(variant.id, variant, {}, where, _overlay_parameters(variant))


def _overlay_parameters(variant: Variant) -> dict[str, object]:
    return {**variant.set, **{path: REMOVED for path in variant.remove}}


def _name_problems(plans: Sequence[Plan]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for plan in plans:
        if plan.name in seen:
            problems.append(Problem(plan.where, f"two cells are named {plan.name!r}",
                                    "give the variant or the parameter another id or name:"))
        seen.add(plan.name)
    if len(plans) > MAX_CELLS:
        problems.append(Problem(None, f"the experiment holds {len(plans)} cells, more than "
                                f"{MAX_CELLS}", "use fewer values or samples"))
    return problems


# -- cells --------------------------------------------------------------------------------


def _cells(plans: Sequence[Plan], data: dict[str, Any]) -> tuple[Cell, ...]:
    """Each plan's cell; raise the invalid cells' problems (the first few one by one)."""
    cells: list[Cell] = []
    problems: list[Problem] = []
    bad = 0
    for plan in plans:
        found = _resolve(plan, data)
        if isinstance(found, Scenario):
            cells.append(Cell(plan.name, dict(plan.parameters), found))
            continue
        if not cells and plan is plans[0]:  # the base: every other cell would repeat it
            raise ScenarioError([Problem(plan.where, f"cell {plan.name!r} gives an invalid "
                                         f"scenario: {found[0]}", found[1])])
        bad += 1
        if bad <= MAX_CELL_PROBLEMS:
            message, hint = found
            problems.append(Problem(plan.where, f"cell {plan.name!r} gives an invalid "
                                    f"scenario: {message}", hint))
    if bad > MAX_CELL_PROBLEMS:
        problems.append(Problem(problems[-1].position, f"... and {bad - MAX_CELL_PROBLEMS} "
                                "more invalid cells", None))
    if problems:
        raise ScenarioError(problems)
    return tuple(cells)


def _resolve(plan: Plan, data: dict[str, Any]) -> Scenario | tuple[str, str | None]:
    """The plan's scenario, or its first problem as (message, hint)."""
    cell = copy.deepcopy(data)
    try:
        if plan.variant is not None:
            apply_to_data(cell, plan.variant)
        apply_to_data(cell, Variant(id="cell", title="cell", set=dict(plan.values)))
    except VariantError as exc:
        return str(exc), None
    doc = Document(data=cell)
    try:
        scenario = loader.validate(doc)
    except ScenarioError as exc:
        return exc.problems[0].message, exc.problems[0].hint
    found = checks.check(scenario, doc)
    if found:
        return found[0].message, found[0].hint
    return scenario


def _equivalent_text(path: Path, variants: Sequence[str], changes: Mapping[str, Any],
                     runs: int) -> str:
    """An experiment file that makes the same cells as a scenario run alone."""
    spec: dict[str, Any] = {"base": path.name, "runs": runs}
    if variants:
        spec["variants"] = list(variants)
    if changes:
        spec["set"] = dict(changes)
    head = f"# salient batch {path.name}: the scenario's base and its variants\n"
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
