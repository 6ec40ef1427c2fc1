"""Reading one YAML file safely, keeping the position of every node.

The file is composed with ruamel.yaml's safe, pure-Python loader into a node tree, then
turned into plain Python data by :func:`read_document`, which records where each value and
each mapping key stands. Limits are checked before anything is expanded: a file larger than
:data:`MAX_BYTES` is refused unread, and a tree whose aliases would expand beyond
:data:`MAX_NODES` nodes (an "alias bomb") is refused after counting, never expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from scenario.errors import Position, Problem, ScenarioError

MAX_BYTES = 5 * 1024 * 1024
"""Largest scenario or rules file read, in bytes."""
MAX_NODES = 100_000
"""Most YAML nodes a file may hold once its aliases are counted as expanded."""

YamlPath = tuple[str | int, ...]
"""Where a value sits in the data: mapping keys and list indexes from the top."""

_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp")
}


@dataclass
class Document:
    """Plain data read from YAML, with the position of every value and key."""

    data: Any
    """The data: dicts, lists, str, int, float, bool, None, date and datetime."""
    values: dict[YamlPath, Position] = field(default_factory=dict)
    """Position of the value at each path."""
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    """Position of the mapping key at each path (where the value is a mapping entry)."""

    def where(self, path: YamlPath, *, key: bool = False) -> Position | None:
        """Position of *path*, or of its nearest ancestor that has one.

        With *key*, prefer the position of the mapping key over that of its value.
        """
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            found = (self.keys.get(prefix) if key else None) or self.values.get(prefix)
            if found is not None:
                return found
        return None


def read_document(path: Path, display: str) -> Document:
    """Read the YAML file at *path*; positions name the file as *display*.

    Raises:
        ScenarioError: the file is missing, too large, not UTF-8, not YAML, an alias bomb,
            or holds duplicate keys or tags other than the plain YAML ones.
    """
    text = _read_text(path, display)
    try:
        root = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, display) from None
    except YAMLError as exc:
        raise ScenarioError.single(display, f"not valid YAML: {exc}") from None
    if root is None:
        raise ScenarioError.single(display, "the file is empty",
                                   "a scenario starts with 'metadata:'")
    _refuse_alias_bomb(root, display)
    return _Builder(display).build(root)


def _read_text(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError.single(
                display, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                "split the rules into an included file, or remove what is not needed")
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError.single(display, "no such file") from None
    except IsADirectoryError:
        raise ScenarioError.single(display, "is a folder, not a YAML file") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError.single(display, f"not UTF-8 text (byte {exc.start})",
                                   "save the file as UTF-8") from None
    except OSError as exc:
        raise ScenarioError.single(display, f"cannot read: {exc.strerror}") from None


def _syntax_error(exc: MarkedYAMLError, display: str) -> ScenarioError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or exc.context or "syntax error"
    hint = None
    if "\t" in what or "tab" in what:
        hint = "indent with spaces, not tabs"
    return ScenarioError.single(display, f"YAML syntax error: {what}", hint, line, col)


def _refuse_alias_bomb(root: Node, display: str) -> None:
    """Count nodes as if aliases were expanded, without expanding; refuse past the limit."""
    sizes: dict[int, int] = {}
    for node in _post_order(root):
        children = _children(node)
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[id(node)] > MAX_NODES:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise ScenarioError.single(
                display,
                f"the file expands to more than {MAX_NODES:,} YAML nodes (aliases counted "
                "as copies); refused without expanding",
                "use fewer anchors and aliases (*name); write repeated values out", line, col)


def _post_order(root: Node) -> Iterator[Node]:
    """Each distinct node once, children before parents (iterative: no recursion limit)."""
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            yield node
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in seen)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


class _Builder:
    """Turns a composed node tree into plain data plus positions."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.doc = Document(data=None)
        self.problems: list[Problem] = []
        self.constructor = YAML(typ="safe", pure=True).constructor

    def build(self, root: Node) -> Document:
        self.doc.data = self.value(root, ())
        if self.problems:
            raise ScenarioError(self.problems)
        return self.doc

    def position(self, node: Node) -> Position:
        return Position(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, node: Node, path: YamlPath) -> Any:
        self.doc.values[path] = self.position(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key is None:
                continue
            if key in result:
                first = self.doc.keys[(*path, key)]
                self.problem(key_node, f"duplicate key {key!r} (first at line {first.line})",
                             "keep one of them")
                continue
            self.doc.keys[(*path, key)] = self.position(key_node)
            result[key] = self.value(value_node, (*path, key))
        return result

    def key(self, node: Node) -> str | None:
        if node.tag == "tag:yaml.org,2002:merge":
            self.problem(node, "YAML merge keys ('<<') are not supported",
                         "write the fields out, or move shared rules into an included file")
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, "a mapping key must be a plain word, not a list or mapping")
            return None
        return str(node.value)

    def scalar(self, node: Node) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, f"unsupported YAML tag {node.tag!r}",
                         "remove the tag; scenarios use plain YAML values only")
            return None
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, YAMLError) as exc:
            self.problem(node, f"cannot read {node.value!r}: {exc}",
                         "write dates as 2024-08-06 and times as 2024-08-06T05:00:00+03:00")
            return None

    def problem(self, node: Node, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.position(node), message, hint))
