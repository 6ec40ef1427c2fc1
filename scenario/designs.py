"""Sweeps and designs: which cells an experiment's parameters make.

- A sweep varies one parameter at a time from the base: one cell per level, named
  ``name=label`` (``hold_hours=18``).
- A ``factorial`` design runs every combination of its parameters' levels: as many cells
  as the product of their counts, named ``name=label,name=label``.
- A ``latin_hypercube`` design draws ``samples`` points with
  :class:`scipy.stats.qmc.LatinHypercube` (seeded by ``seed:``): each parameter's range
  is cut into ``samples`` equal strata and each stratum holds exactly one point; the
  points are turned into settings (and rounded) by :meth:`Parameter.sample`. The cells
  are named ``lhs-001``, ``lhs-002``, ...
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scipy.stats import qmc  # type: ignore[import-untyped]

from scenario.errors import Position, Problem
from scenario.experiment_format import MAX_CELLS, DesignSpec, ParameterSpec
from scenario.models import Variant
from scenario.parameters import Parameter, Setting, build
from scenario.yamlfile import Document, YamlPath


@dataclass(frozen=True)
class Plan:
    """A cell before its scenario is made: its name, variant and parameter values."""

    name: str
    """The cell's name."""
    variant: Variant | None
    """The overlay applied first, if any."""
    values: Mapping[str, Any]
    """Path -> value, applied last."""
    where: Position | None
    """Where in the experiment file the cell comes from (None: the base, or the command
    line)."""
    shown: Mapping[str, object] | None = None
    """The cell's parameters, where they are not *values* (a variant's changes)."""

    @property
    def parameters(self) -> Mapping[str, object]:
        """Path -> value as the cell reports it."""
        return self.values if self.shown is None else self.shown


def sweep_plans(specs: Sequence[ParameterSpec], data: Any, doc: Document,
                ) -> list[Plan | Problem]:
    """One plan per level of each parameter in ``sweeps:``, or the problems found."""
    parameters, found = _parameters(specs, data, doc, ("sweeps",))
    out: list[Plan | Problem] = list(found)
    for i, parameter in parameters:
        if not parameter.levels:
            out.append(_needs_step(doc, ("sweeps", i), "a sweep"))
        listed = specs[i].values is not None
        out += [Plan(f"{parameter.name}={s.label}", None, s.values,
                     doc.where(("sweeps", i, "values", k)) if listed else parameter.where)
                for k, s in enumerate(parameter.levels)]
    return out


def design_plans(spec: DesignSpec, data: Any, doc: Document) -> list[Plan | Problem]:
    """The plans of ``design:``, or the problems found."""
    indexed, problems = _parameters(spec.parameters, data, doc, ("design", "parameters"))
    problems += _overlaps(indexed, doc)
    parameters = [p for _, p in indexed]
    if spec.kind == "factorial":
        if spec.samples is not None:
            problems.append(Problem(doc.where(("design", "samples"), key=True),
                                    "'samples:' is for a latin_hypercube design",
                                    "a factorial design runs every combination; remove it"))
        problems += [_needs_step(doc, ("design", "parameters", i), "a factorial design")
                     for i, p in indexed if not p.levels]
        count = math.prod(len(p.levels) for p in parameters)
        if count > MAX_CELLS:
            problems.append(Problem(doc.where(("design",)), f"the factorial design holds "
                                    f"{count} cells, more than {MAX_CELLS}",
                                    "use fewer values, or a latin_hypercube design"))
        if problems or len(indexed) < len(spec.parameters):
            return list(problems)
        return list(_factorial(parameters, doc.where(("design",), key=True)))
    if spec.samples is None:
        problems.append(Problem(doc.where(("design",), key=True), "a latin_hypercube "
                                "design needs 'samples:' (how many cells)",
                                "add e.g. samples: 20 and seed: 1"))
    if problems or len(indexed) < len(spec.parameters):
        return list(problems)
    assert spec.samples is not None
    return list(latin_hypercube(parameters, spec.samples, spec.seed,
                                doc.where(("design",), key=True)))


def latin_hypercube(parameters: Sequence[Parameter], samples: int, seed: int,
                    where: Position | None) -> list[Plan]:
    """*samples* plans, one stratum of each parameter per plan, the same for the same seed."""
    points = qmc.LatinHypercube(d=len(parameters), rng=seed).random(n=samples)
    width = max(3, len(str(samples)))
    return [Plan(f"lhs-{k + 1:0{width}d}", None,
                 _merge([p.sample(float(u)) for p, u in zip(parameters, row, strict=True)]),
                 where)
            for k, row in enumerate(points)]


def _factorial(parameters: Sequence[Parameter], where: Position | None) -> list[Plan]:
    plans = []
    for combination in itertools.product(*(p.levels for p in parameters)):
        name = ",".join(f"{p.name}={s.label}" for p, s in zip(parameters, combination,
                                                               strict=True))
        plans.append(Plan(name, None, _merge(combination), where))
    return plans


def _merge(settings: Sequence[Setting]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for setting in settings:
        merged.update(setting.values)
    return merged


def _parameters(specs: Sequence[ParameterSpec], data: Any, doc: Document, prefix: YamlPath,
                ) -> tuple[list[tuple[int, Parameter]], list[Problem]]:
    """Each entry's parameter with its index, and the problems; names must be unique."""
    parameters: list[tuple[int, Parameter]] = []
    problems: list[Problem] = []
    names: set[str] = set()
    for i, spec in enumerate(specs):
        def where(sub: YamlPath, i: int = i) -> Position | None:
            return doc.where((*prefix, i, *sub))
        found = build(spec, data, where)
        if isinstance(found, list):
            problems += found
            continue
        if found.name in names:
            problems.append(Problem(where(("name",)) if spec.name else where(()),
                                    f"two parameters are named {found.name!r}",
                                    "give this one another name: (names make cell names)"))
        names.add(found.name)
        parameters.append((i, found))
    return parameters, problems


def _overlaps(indexed: Sequence[tuple[int, Parameter]], doc: Document) -> list[Problem]:
    """A design's parameters must write different fields."""
    owner: dict[str, str] = {}
    problems = []
    for i, parameter in indexed:
        for path in parameter.paths:
            if path in owner:
                problems.append(Problem(doc.where(("design", "parameters", i)),
                                        f"{path!r} is already set by parameter "
                                        f"{owner[path]!r}", "vary each field in one "
                                        "parameter; link fields with linked:"))
            owner.setdefault(path, parameter.name)
    return problems


def _needs_step(doc: Document, entry: YamlPath, what: str) -> Problem:
    return Problem(doc.where((*entry, "range")), f"{what} steps through values: this "
                   "range needs 'step:'", "add e.g. step: 1, or list values:")
