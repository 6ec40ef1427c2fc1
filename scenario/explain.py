"""Turning pydantic's validation errors into problems an author can act on.

Each pydantic error has a ``loc`` (the path in the data) and a type. Here the path becomes
a file position, and the type a message that names the field and the bad value, with a
hint: the closest known field name for a misspelt one, the allowed words for a closed
vocabulary, the field's own documentation (which states its unit) for a wrong type.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scenario.errors import Problem, did_you_mean
from scenario.reference import number_text
from scenario.yamlfile import Document, YamlPath


def problems_from(error: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """One problem per mistake, positioned in *doc*, fields looked up in *model*.

    A misspelt field is one mistake, though pydantic reports two errors (the field it does
    not know, and the required one it misses): the missing one is left out when the
    unknown one's hint names it.
    """
    details = error.errors(include_url=False)
    typos = _typo_targets(details, doc, model)
    return [_explain(detail, doc, model) for detail in details
            if not (detail["type"] == "missing"
                    and data_path(detail["loc"], doc.data) in typos)]


def _typo_targets(details: list[ErrorDetails], doc: Document,
                  model: type[BaseModel]) -> set[YamlPath]:
    """Paths of missing fields that an unknown field beside them is a misspelling of."""
    missing = {data_path(d["loc"], doc.data) for d in details if d["type"] == "missing"}
    found: set[YamlPath] = set()
    for detail in details:
        if detail["type"] != "extra_forbidden":
            continue
        path = data_path(detail["loc"], doc.data)
        close = _closest(str(path[-1]), sorted(_field_names(model, path[:-1])))
        if close is not None and (*path[:-1], close) in missing:
            found.add((*path[:-1], close))
    return found


def _explain(detail: ErrorDetails, doc: Document, model: type[BaseModel]) -> Problem:
    path = data_path(detail["loc"], doc.data)
    kind = detail["type"]
    if kind == "missing":
        return Problem(doc.where(path[:-1]), f"missing field {path[-1]!r}",
                       _doc_hint(model, path, f"add '{path[-1]}:'"))
    if kind == "extra_forbidden":
        return _unknown_field(path, doc, model)
    if kind.startswith("union_tag"):
        return _union_tag(detail, path, doc, _union_tags(model, path))
    value = detail.get("input")
    name = _label(path)
    if kind == "literal_error":
        expected = str(detail.get("ctx", {}).get("expected", ""))
        words = [w.strip(" '") for w in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), words) or f"write one of: {', '.join(words)}"
        return Problem(doc.where(path), f"{name}: {value!r} is not one of the allowed words",
                       hint)
    special = (_number_message(kind, value, name) or _list_message(kind, value, name)
               or _pattern_message(kind, detail, value, name))
    if special is not None:
        return Problem(doc.where(path), special[0] if isinstance(special, tuple) else special,
                       special[1] if isinstance(special, tuple)
                       else _doc_hint(model, path, None))
    timed = _time_message(kind, value, name, doc)
    if timed is not None:
        return Problem(doc.where(path), *timed)
    said = _bound_message(kind, detail) or _lower_first(detail["msg"])
    if path and isinstance(path[-1], int) and kind == "value_error":
        return Problem(doc.where(path), said)  # an item as a whole: its own words suffice
    message = f"{name}: {said}"
    if not isinstance(value, dict | list) and _show(value) not in said:
        message += f", got {_show(value)}"
    return Problem(doc.where(path), message, _doc_hint(model, path, None))


def _closest(word: str, choices: list[str]) -> str | None:
    """The known field closest to *word*, as :func:`did_you_mean` would name it."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_field(path: YamlPath, doc: Document, model: type[BaseModel]) -> Problem:
    """A field the model does not know: the closest known name, or every known name."""
    known = sorted(_field_names(model, path[:-1]))
    hint = did_you_mean(str(path[-1]), known) or _known_hint(known)
    return Problem(doc.where(path, key=True), f"unknown field {path[-1]!r}", hint)


def _union_tag(detail: ErrorDetails, path: YamlPath, doc: Document,
               tags: list[str]) -> Problem:
    """A timeline entry whose ``kind`` is missing or not one of the *tags*."""
    ctx = detail.get("ctx", {})
    key = str(ctx.get("discriminator", "'kind'")).strip("'")
    choices = " or ".join(f"'{key}: {t}'" for t in tags)
    if detail["type"] == "union_tag_not_found":
        return Problem(doc.where(path), f"missing field {key!r}", f"add {choices}")
    tag = str(ctx.get("tag", ""))
    hint = did_you_mean(tag, tags) or f"write {choices}"
    return Problem(doc.where((*path, key)), f"field {key!r}: {tag!r} is not one of the "
                   "allowed words", hint)


def _union_tags(model: type[BaseModel], path: YamlPath) -> list[str]:
    """The ``kind`` words of the union of models at *path* (a timeline entry)."""
    current: Any = model
    for step in path:
        current = _step(current, step)
    while typing.get_origin(current) is typing.Annotated:
        current = typing.get_args(current)[0]
    tags: list[str] = []
    for member in typing.get_args(current):
        field = getattr(member, "model_fields", {}).get("kind")
        if field is not None:
            tags += [str(a) for a in typing.get_args(field.annotation)]
    return tags


def _list_message(kind: str, value: Any, name: str) -> tuple[str, str] | None:
    """A single value where a list belongs: ``units: b_tanks`` for ``units: [b_tanks]``."""
    if kind not in ("tuple_type", "list_type") or isinstance(value, list | dict):
        return None
    shown = "null" if value is None else _show(value)
    written = _flow(value) if value is not None else ""
    return (f"{name}: a list is needed, not {shown}",
            f"write [{written}]" + (" (a list of one)" if written else " (an empty list)"))


def _flow(value: Any) -> str:
    """*value* as a YAML flow item: text as it stands, dates in ISO form."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


ID_PATTERN = "^[A-Za-z][A-Za-z0-9_\\-]*$"
"""The pattern of an identifier (:data:`scenario.models.Id`), as pydantic reports it."""


def _pattern_message(kind: str, detail: ErrorDetails, value: Any,
                     name: str) -> tuple[str, str] | None:
    """Text that does not match its field's pattern: an identifier, a colour, a country."""
    if kind != "string_pattern_mismatch":
        return None
    pattern = str(detail.get("ctx", {}).get("pattern", ""))
    if pattern == ID_PATTERN:
        fixed = re.sub(r"[^A-Za-z0-9_\-]+", "_", str(value)).lstrip("0123456789_-")
        suggestion = f", e.g. {fixed}" if fixed else ""
        return (f"{name}: {_show(value)} is not an identifier",
                f"an identifier starts with a letter, then letters, digits, _ or -"
                f"{suggestion}")
    if pattern.startswith("^#"):
        return (f"{name}: {_show(value)} is not a colour",
                'write it as "#rrggbb", in quotes (a bare # starts a comment): "#3060c0"')
    if pattern == "^[A-Z]{2}$":
        return (f"{name}: {_show(value)} is not a country code",
                "write the ISO 3166 code in two capitals: RU, UA")
    return None


def _time_message(kind: str, value: Any, name: str, doc: Document) -> tuple[str, str] | None:
    """A time without its UTC offset, text that is no time, a date with a time of day."""
    example = _example_time(doc)
    if kind == "timezone_aware":
        return _no_offset(value, name, _start(doc))
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "datetime_type"):
        return (f"{name}: {_show(value)} is not a date and time",
                f"write a date and time with its UTC offset: {example.isoformat()}")
    if kind == "date_from_datetime_inexact" and isinstance(value, dt.datetime):
        return (f"{name}: a date is needed, not the time {_show(value)}",
                f"write the date alone: {value.date().isoformat()}")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return (f"{name}: {_show(value)} is not a date",
                f"write a date as YYYY-MM-DD: {example.date().isoformat()}")
    return None


def _no_offset(value: Any, name: str, start: dt.datetime | None) -> tuple[str, str]:
    """A time written without its UTC offset, and the same time written with one."""
    shown = value.isoformat() if isinstance(value, dt.datetime) else _show(value)
    moment = _as_time(value) or dt.datetime(2024, 8, 6, 3, 0)
    if start is not None:
        written = moment.replace(tzinfo=start.tzinfo).isoformat()
        return (f"{name}: {shown} has no UTC offset",
                f"write it with its offset, as the scenario's start does: {written}")
    written = moment.replace(tzinfo=dt.UTC).isoformat()
    return (f"{name}: {shown} has no UTC offset",
            f"write it with its offset, e.g. {written} for UTC")


def _as_time(value: Any) -> dt.datetime | None:
    """*value* read as a time of day on a date (``2024-08-09 12:00`` too), or None."""
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _start(doc: Document) -> dt.datetime | None:
    """The scenario's start, where it is written with its offset."""
    metadata = doc.data.get("metadata") if isinstance(doc.data, dict) else None
    start = metadata.get("start") if isinstance(metadata, dict) else None
    if isinstance(start, dt.datetime) and start.tzinfo is not None:
        return start
    return None


def _example_time(doc: Document) -> dt.datetime:
    """The scenario's start as an example of a time, or a fixed one with its offset."""
    return _start(doc) or dt.datetime(2024, 8, 6, 3, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))


_NUMBER_ERRORS = frozenset({"float_type", "int_type", "float_parsing", "int_parsing",
                            "int_from_float"})
"""Pydantic error types of a value that is not a number of the right kind."""


def _number_message(kind: str, value: Any, name: str) -> str | None:
    """A message for a value where a number belongs (true/false, a number with a unit, text)."""
    if kind not in _NUMBER_ERRORS:
        return None
    if isinstance(value, bool):
        return f"{name}: a number is needed, not {str(value).lower()}"
    if value is None or isinstance(value, dict | list):
        what = "null" if value is None else "a list" if isinstance(value, list) else "a mapping"
        return f"{name}: a number is needed, not {what}"
    if _has_unit(value):
        return f"{name}: {value!r} carries a unit; write the number alone"
    if isinstance(value, str):
        quotes = "; write it without quotes" if _is_number(value) else ""
        return f"{name}: a number is needed, not the text {_show(value)}{quotes}"
    if kind == "float_type" and isinstance(value, int):
        return f"{name}: {_show(value)} is too large a number"
    if kind == "int_type" and isinstance(value, float):
        return f"{name}: a whole number is needed, got {_show(value)}"
    return None


_BOUNDS = {"greater_than": ("gt", "greater than"),
           "greater_than_equal": ("ge", "greater than or equal to"),
           "less_than": ("lt", "less than"), "less_than_equal": ("le", "less than or equal to")}
"""Pydantic error types of a number out of range: the bound's key and its words."""


def _bound_message(kind: str, detail: ErrorDetails) -> str | None:
    """``input should be less than or equal to 10``, the bound written short (1/60: 0.0166667)."""
    if kind not in _BOUNDS:
        return None
    key, words = _BOUNDS[kind]
    bound = detail.get("ctx", {}).get(key)
    if not isinstance(bound, int | float):
        return None
    return f"input should be {words} {number_text(bound)}"


def _is_number(text: str) -> bool:
    """True for text that reads as a finite number: ``'12'``, ``'0.5'``."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def data_path(loc: tuple[int | str, ...], data: Any) -> YamlPath:
    """Map a pydantic ``loc`` onto the data: drop union tags and ``[key]`` markers."""
    path: list[str | int] = []
    node = data
    for step in loc:
        if step == "[key]":
            continue
        if isinstance(node, dict) and isinstance(step, str) and step not in node \
                and node.get("kind") == step:
            continue  # the tag of a discriminated union (timeline entry kind)
        node = _child(node, step)
        path.append(step)
    return tuple(path)


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def _label(path: YamlPath) -> str:
    words = [str(p) for p in path if not isinstance(p, int)]
    return f"field {words[-1]!r}" if words else "the file"


_NUMBER_WITH_UNIT = re.compile(r"\s*[-+]?\d[\d,_]*(\.\d+)?\s*[^\d\s.,][^\d]*")


def _has_unit(value: Any) -> bool:
    """True for text such as ``'6.5 mi'`` or ``'40km/h'``: a number with a unit after it."""
    return isinstance(value, str) and _NUMBER_WITH_UNIT.fullmatch(value) is not None


def _lower_first(text: str) -> str:
    text = text.removeprefix("Value error, ")
    return text[:1].lower() + text[1:]


def _show(value: Any) -> str:
    """The bad value as the author wrote it (dates as ISO text), shortened if long."""
    if isinstance(value, dt.date | dt.datetime):
        text = value.isoformat() + (" (no UTC offset)" if isinstance(value, dt.datetime)
                                    and value.tzinfo is None else "")
        return text
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _known_hint(known: list[str]) -> str | None:
    return f"known fields: {', '.join(known)}" if known else None


def _doc_hint(model: type[BaseModel], path: YamlPath, prefix: str | None) -> str | None:
    """The field's documentation (its first paragraph on one line), after *prefix*."""
    info = _field_info(model, path)
    first = (info.description or "").split("\n\n")[0] if info else ""
    doc = " ".join(first.split()).replace("``", "`")
    parts = [p for p in (prefix, doc) if p]
    return ": ".join(parts) if parts else None


def _field_names(model: type[BaseModel], path: YamlPath) -> set[str]:
    target = _type_at(model, path)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return {f.alias or n for n, f in target.model_fields.items()}
    return set()


def _field_info(model: type[BaseModel], path: YamlPath) -> Any:
    """The field at *path*; for an item of a list or a map, the field holding it."""
    while path:
        owner = None if isinstance(path[-1], int) else _type_at(model, path[:-1])
        if isinstance(owner, type) and issubclass(owner, BaseModel):
            for name, info in owner.model_fields.items():
                if path[-1] in (name, info.alias):
                    return info
            return None
        path = path[:-1]
    return None


def _type_at(model: type[BaseModel], path: YamlPath) -> Any:
    """The type found at *path* inside *model*, following fields, lists and mappings."""
    current: Any = model
    for step in path:
        current = _step(current, step)
        if current is None:
            return None
    return _plain(current, None)


def _step(current: Any, step: str | int) -> Any:
    current = _plain(current, step)
    if isinstance(current, type) and issubclass(current, BaseModel):
        for name, info in current.model_fields.items():
            if step in (name, info.alias):
                return info.annotation
        return None
    origin, args = typing.get_origin(current), typing.get_args(current)
    if origin in (tuple, list) and args:
        return args[0] if isinstance(step, int) else None
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _plain(tp: Any, step: str | int | None) -> Any:
    """Strip Annotated and Optional; in a union of models pick the one owning *step*."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        owning = [m for m in models if step in set(_names(m))]
        tp = (owning or models or members)[0]
        return _plain(tp, step)
    return tp


def _names(model: type[BaseModel]) -> Iterator[str]:
    for name, info in model.model_fields.items():
        yield info.alias or name
