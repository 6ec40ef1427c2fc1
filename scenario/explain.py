"""Turning pydantic's validation errors into problems an author can act on.

Each pydantic error has a ``loc`` (the path in the data) and a type. Here the path becomes
a file position, and the type a message that names the field and the bad value, with a
hint: the closest known field name for a misspelt one, the allowed words for a closed
vocabulary, the field's own documentation (which states its unit) for a wrong type.
"""

from __future__ import annotations

import datetime as dt
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
    """One problem per pydantic error, positioned in *doc*, fields looked up in *model*."""
    return [_explain(detail, doc, model) for detail in error.errors(include_url=False)]


def _explain(detail: ErrorDetails, doc: Document, model: type[BaseModel]) -> Problem:
    path = data_path(detail["loc"], doc.data)
    kind = detail["type"]
    name = _label(path)
    if kind == "missing":
        return Problem(doc.where(path[:-1]), f"missing field {path[-1]!r}",
                       _doc_hint(model, path, f"add '{path[-1]}:'"))
    if kind == "extra_forbidden":
        known = sorted(_field_names(model, path[:-1]))
        hint = did_you_mean(str(path[-1]), known) or _known_hint(known)
        return Problem(doc.where(path, key=True), f"unknown field {path[-1]!r}", hint)
    value = detail.get("input")
    if kind == "literal_error":
        expected = str(detail.get("ctx", {}).get("expected", ""))
        words = [w.strip(" '") for w in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), words) or f"write one of: {', '.join(words)}"
        return Problem(doc.where(path), f"{name}: {value!r} is not one of the allowed words",
                       hint)
    special = _number_message(kind, value, name)
    if special is not None:
        return Problem(doc.where(path), special, _doc_hint(model, path, None))
    message = f"{name}: {_bound_message(kind, detail) or _lower_first(detail['msg'])}"
    if not isinstance(value, dict | list):
        message += f", got {_show(value)}"
    return Problem(doc.where(path), message, _doc_hint(model, path, None))


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
    doc = " ".join(first.split())
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
