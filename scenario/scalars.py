"""Plain YAML scalars read by the YAML 1.2 core schema, plus timestamps.

A plain (unquoted, untagged) scalar's type is decided by its text alone, as the YAML 1.2 core
schema says: ``true``/``false``, ``null``/``~``/empty, decimal, ``0o`` octal, ``0x`` hex and
``0b`` binary integers (``_`` may group digits), and floats with ``.inf`` and ``.nan``. Dates
and times (``2024-08-06``, ``2024-08-06T05:00:00+03:00``) are read as timestamps, as
ruamel.yaml's safe loader did. ``yes``, ``on`` and ``017`` stay text (they were booleans and
octal in YAML 1.1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

TAG = "tag:yaml.org,2002:"
"""The prefix of the standard YAML tags (``!!int`` is ``TAG + 'int'``)."""

_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                        r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?")
_IMPLICIT = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in (
    ("null", r"~|null|Null|NULL|"),
    ("bool", r"true|True|TRUE|false|False|FALSE"),
    ("int", r"[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
    ("timestamp", _TIMESTAMP.pattern),
)))
"""One pattern, one named group per type, tried in order: the first that matches wins."""
_SPECIAL_FLOATS = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}


def resolve(text: str) -> str:
    """The tag of the plain scalar *text*."""
    found = _IMPLICIT.fullmatch(text)
    return TAG + (found.lastgroup or "str") if found else TAG + "str"


_TEXT_ONLY = frozenset("abcdeghijklmopqrsuvwxyzABCDEGHIJKLMOPQRSUVWXYZ_'\"#%&*@`/(")
"""First characters no non-text plain scalar starts with (not n, t, f, N, T, F)."""


def plain(text: str) -> Any:
    """The Python value of the plain scalar *text* (the hot path of reading a file)."""
    if text and text[0] in _TEXT_ONLY:
        return text
    if text.isascii() and text.isdigit():
        return int(text)
    found = _IMPLICIT.fullmatch(text)
    return _CONSTRUCT[found.lastgroup or "str"](text) if found else text


def value_of(tag: str, text: str) -> Any:
    """The Python value of a scalar with *tag* and *text*.

    Raises:
        KeyError: *tag* is not one of the standard scalar tags.
        ValueError: *text* cannot be read as that tag says (e.g. ``!!int abc``).
    """
    if not tag.startswith(TAG):
        raise KeyError(tag)
    return _CONSTRUCT[tag.removeprefix(TAG)](text)


def _int(text: str) -> int:
    digits = text.replace("_", "")
    if digits.lstrip("+-").startswith(("0o", "0x", "0b")):
        return int(digits, 0)
    return int(digits, 10)


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    return float(_SPECIAL_FLOATS.get(digits, digits))


def _bool(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError("write true or false")
    return text.lower() == "true"


def _null(text: str) -> None:
    if text not in ("", "~", "null", "Null", "NULL"):
        raise ValueError("write null or ~")


_CONSTRUCTOR = SafeConstructor()


def _timestamp(text: str) -> Any:
    return _CONSTRUCTOR.construct_yaml_timestamp(ScalarNode(TAG + "timestamp", text))


_CONSTRUCT: dict[str, Callable[[str], Any]] = {
    "str": str, "int": _int, "float": _float, "bool": _bool, "null": _null,
    "timestamp": _timestamp,
}
