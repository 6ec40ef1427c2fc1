"""Parameters of an experiment: the settings that one field, or several linked fields, take.

A :class:`Parameter` is built from a ``sweeps:`` or ``design:`` entry against the base
scenario's data. It offers its *levels* (the settings a sweep or a factorial design steps
through) and :meth:`Parameter.sample`, the setting at a point ``u`` in [0, 1) of a Latin
hypercube. Four kinds:

- ``path`` + ``values``: the listed values; a sample picks ``values[floor(u * n)]``;
- ``path`` + ``range``: the grid ``from, from + step, ...`` up to ``to``; a sample is
  ``from + u * (to - from)``, rounded to the step when one is given, else whole-number
  fields to the nearest integer (halves up) and dates and times to the nearest minute;
- ``path`` + ``choose``: every pick of ``pick`` candidates, in the order written;
- ``linked`` + ``offsets`` or ``range``: one offset added to every field (hours for dates
  and times); a sampled offset is rounded to the step, else to whole hours/units when a
  field is a whole number, else to the minute when a field is a time.

Examples:
    >>> label(2.5), label(3), label(["a", "b"]), label([])
    ('2.5', '3', 'a+b', 'none')
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scenario.errors import Position, Problem, VariantError
from scenario.experiment_format import MAX_CELLS, ParameterSpec, RangeSpec
from scenario.variants import parse_path, value_at
from scenario.yamlfile import YamlPath

Where = Callable[[YamlPath], Position | None]
"""Where a part of the entry stands in the experiment file, by its path in the entry."""


@dataclass(frozen=True)
class Setting:
    """One setting of a parameter: a label for cell names and the values it writes."""

    label: str
    """Short text for the cell's name, e.g. ``18`` or ``-24h``."""
    values: Mapping[str, Any]
    """Path -> value as applied to the scenario."""


@dataclass(frozen=True)
class Parameter:
    """A parameter ready to give settings; see the module's text for the kinds."""

    name: str
    """Name used in cell names."""
    paths: tuple[str, ...]
    """The fields it writes."""
    levels: tuple[Setting, ...]
    """The settings a sweep or a factorial design steps through; empty for a range with
    no step (only a Latin hypercube can use it)."""
    sampler: Callable[[float], Setting]
    """The setting at ``u`` in [0, 1)."""
    where: Position | None
    """The entry's position in the experiment file."""

    def sample(self, u: float) -> Setting:
        """The setting at *u* in [0, 1) (one stratum of a Latin hypercube per level)."""
        return self.sampler(min(max(u, 0.0), math.nextafter(1.0, 0.0)))


def build(spec: ParameterSpec, data: Any, where: Where) -> Parameter | list[Problem]:
    """Make the parameter of entry *spec* against scenario *data*, or say what is wrong.

    *where* positions a path inside the entry (``()`` is the entry itself).
    """
    problems = _shape(spec, where)
    if problems:
        return problems
    if spec.linked is not None:
        return _linked(spec, spec.linked, data, where)
    assert spec.path is not None
    try:
        base = value_at(data, spec.path)
    except VariantError as exc:
        return [_path_problem(exc, where(("path",)))]
    name = spec.name or _last_key(spec.path)
    if spec.values is not None:
        return _discrete(name, spec.path, spec.values, where(()))
    if spec.choose is not None:
        return _choose(spec, spec.path, spec.choose, name, where)
    assert spec.range is not None
    return _ranged(name, spec.path, spec.range, base, where)


def label(value: Any) -> str:
    """Short text for *value* in a cell's name."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return format(value, ".10g")
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, list | tuple):
        return "+".join(label(v) for v in value) or "none"
    return str(value)


# -- shape --------------------------------------------------------------------------------


def _shape(spec: ParameterSpec, where: Where) -> list[Problem]:
    """Which keys go together: one target, one source of values."""
    def problem(key: str, message: str, hint: str) -> list[Problem]:
        return [Problem(where((key,)) if key else where(()), message, hint)]

    given = [k for k in ("values", "range", "offsets", "choose") if getattr(spec, k) is not None]
    if (spec.path is None) == (spec.linked is None):
        return problem("", "a parameter names one field with 'path:' or several with "
                       "'linked:'", "write path: rules.control.hold_hours, or linked: "
                       "[a path, another path] with offsets:")
    allowed: tuple[str, ...] = ("values", "range", "choose")
    hint = "a field takes 'values:', 'range:' or 'choose:'"
    if spec.linked is not None:
        allowed, hint = ("offsets", "range"), "linked fields take 'offsets:' or 'range:'"
    wrong = [k for k in given if k not in allowed]
    if wrong:
        return problem(wrong[0], f"'{wrong[0]}:' does not go with "
                       f"'{'linked' if spec.linked else 'path'}:'", hint)
    if len(given) != 1:
        key = given[1] if given else ""
        return problem(key, "give exactly one of " + ", ".join(f"'{k}:'" for k in allowed),
                       hint)
    if spec.pick is not None and spec.choose is None:
        return problem("pick", "'pick:' goes with 'choose:'", "remove it, or add choose:")
    return _range_shape(spec.range, where, spec.linked is not None)


def _range_shape(spec: RangeSpec | None, where: Where, offsets: bool) -> list[Problem]:
    if spec is None:
        return []
    low, high = spec.from_, spec.to
    if isinstance(low, dt.datetime) != isinstance(high, dt.datetime):
        return [Problem(where(("range", "to")), "'from:' and 'to:' must both be numbers or "
                        "both dates and times", None)]
    if offsets and isinstance(low, dt.datetime):
        return [Problem(where(("range", "from")), "a range of offsets is in numbers (hours "
                        "for times), not dates", "write e.g. {from: -24, to: 0, step: 6}")]
    if high < low:
        return [Problem(where(("range", "to")), "'to:' is before 'from:'",
                        "write the range from the lower value to the higher")]
    return []


# -- kinds --------------------------------------------------------------------------------


def _discrete(name: str, path: str, values: Sequence[Any], where: Position | None,
              ) -> Parameter:
    levels = tuple(Setting(label(v), {path: v}) for v in values)
    return Parameter(name, (path,), levels, _pick_from(levels), where)


def _choose(spec: ParameterSpec, path: str, candidates: Sequence[Any], name: str,
            where: Where) -> Parameter | list[Problem]:
    fewest, most = spec.pick or (1, len(candidates))
    if not 0 <= fewest <= most <= len(candidates):
        return [Problem(where(("pick",)), f"cannot pick {fewest} to {most} of "
                        f"{len(candidates)} candidates",
                        f"pick between 0 and {len(candidates)}, fewest first")]
    picks = [list(c) for n in range(fewest, most + 1)
             for c in itertools.combinations(candidates, n)]
    levels = tuple(Setting(label(p), {path: p}) for p in picks)
    return Parameter(name, (path,), levels, _pick_from(levels), where(()))


def _ranged(name: str, path: str, spec: RangeSpec, base: Any, where: Where,
            ) -> Parameter | list[Problem]:
    if isinstance(spec.from_, dt.datetime):
        def write_time(x: float) -> Setting:
            moment = spec.from_ + _hours(x)
            return Setting(label(moment), {path: moment})
        span = (spec.to - spec.from_).total_seconds() / 3600.0
        return _on_scale(name, (path,), span, spec.step, 1 / 60, write_time, where)
    whole = isinstance(base, int) and not isinstance(base, bool)

    def write_number(x: float) -> Setting:
        value = _number(spec.from_ + x, whole)
        return Setting(label(value), {path: value})
    return _on_scale(name, (path,), float(spec.to - spec.from_), spec.step,
                     1.0 if whole else None, write_number, where)


def _linked(spec: ParameterSpec, paths: Sequence[str], data: Any, where: Where,
            ) -> Parameter | list[Problem]:
    bases: dict[str, float | dt.datetime] = {}
    problems: list[Problem] = []
    for i, path in enumerate(paths):
        try:
            bases[path] = _shiftable(value_at(data, path), path)
        except VariantError as exc:
            problems.append(_path_problem(exc, where(("linked", i))))
    if problems:
        return problems
    timed = any(isinstance(b, dt.datetime) for b in bases.values())
    whole = any(isinstance(b, int) for b in bases.values())
    unit = "h" if timed else ""

    def write(offset: float) -> Setting:
        values = {p: _shift(b, offset) for p, b in bases.items()}
        return Setting(format(offset, "+.10g") + unit, values)

    name = spec.name or "offset"
    if spec.offsets is not None:
        levels = tuple(write(o) for o in spec.offsets)
        return Parameter(name, tuple(paths), levels, _pick_from(levels), where(()))
    assert spec.range is not None
    low = float(spec.range.from_)

    def write_from_low(x: float) -> Setting:
        return write(_clean(low + x))
    grain = 1.0 if whole else (1 / 60 if timed else None)
    return _on_scale(name, tuple(paths), float(spec.range.to) - low, spec.range.step, grain,
                     write_from_low, where)


def _on_scale(name: str, paths: tuple[str, ...], span: float, step: float | None,
              grain: float | None, write: Callable[[float], Setting], where: Where,
              ) -> Parameter | list[Problem]:
    """A parameter over ``[0, span]`` above ``from``: a grid, samples rounded to a grain.

    The grid has *step*; samples round to *step*, else to *grain* (None: not rounded).
    """
    levels: tuple[Setting, ...] = ()
    if step is not None:
        count = math.floor(span / step + 1e-9) + 1
        if count > MAX_CELLS:
            return [Problem(where(("range", "step")), f"the range holds {count} values, "
                            f"more than {MAX_CELLS}", "use a larger step")]
        levels = tuple(write(_clean(k * step)) for k in range(count))

    def sampler(u: float) -> Setting:
        return write(_round(u * span, step or grain, span))
    return Parameter(name, paths, levels, sampler, where(()))


# -- values -------------------------------------------------------------------------------


def _pick_from(levels: tuple[Setting, ...]) -> Callable[[float], Setting]:
    def sampler(u: float) -> Setting:
        return levels[min(int(u * len(levels)), len(levels) - 1)]
    return sampler


def _round(x: float, grain: float | None, span: float) -> float:
    """*x* rounded to a multiple of *grain* (halves up), kept within ``[0, span]``."""
    if grain is None:
        return x
    steps = min(math.floor(x / grain + 0.5), math.floor(span / grain + 1e-9))
    return _clean(steps * grain)


def _clean(x: float) -> float:
    """*x* without the noise of repeated binary fractions (``0.30000000000000004``)."""
    return float(format(x, ".12g"))


def _number(x: float, whole: bool) -> float | int:
    x = _clean(x)
    return int(x) if whole and x.is_integer() else x


def _shiftable(value: Any, path: str) -> float | dt.datetime:
    """A linked field's value: a number, or a time (dumped as ISO text)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.utcoffset() is not None:
            return moment
    raise VariantError(f"path {path!r} holds {value!r}; linked fields must hold numbers "
                       "or dates and times")


def _shift(base: float | dt.datetime, offset: float) -> Any:
    if isinstance(base, dt.datetime):
        return base + _hours(offset)
    return _number(base + offset, isinstance(base, int))


def _hours(hours: float) -> dt.timedelta:
    """*hours* as a time span in whole seconds (no float noise in the minutes)."""
    return dt.timedelta(seconds=round(hours * 3600))


def _last_key(path: str) -> str:
    return [s for s in parse_path(path) if not s.startswith("[")][-1]


def _path_problem(exc: VariantError, where: Position | None) -> Problem:
    message, _, hint = str(exc).partition("; ")
    return Problem(where, message, hint or None)
