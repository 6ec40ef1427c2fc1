"""Reading one YAML file safely, keeping the position of every node.

The bytes come from :func:`~scenario.inputs.read_input` (regular files only, a hard byte
limit). libyaml, through PyYAML's C parser, turns the text into a stream of events, and
:class:`_Builder` makes plain Python data from them in one pass, recording where each value
and each mapping key stands. Nothing is built before it is counted: the builder refuses a file
as soon as it holds more than :data:`MAX_NODES` nodes (an alias counts as a copy of what it
names, so an "alias bomb" is refused without being expanded) or nests deeper than
:data:`MAX_DEPTH` levels.

Plain scalars are typed by :mod:`scenario.scalars` (the YAML 1.2 core schema plus
timestamps). A tag other than the standard ones (``!!str``, ``!!int``, ``!!float``,
``!!bool``, ``!!null``, ``!!timestamp``, ``!!map``, ``!!seq``) is refused on any node.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events

from scenario.errors import Position, Problem, ScenarioError
from scenario.inputs import MAX_BYTES, read_input
from scenario.scalars import TAG, plain, value_of

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the same events, read in Python
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_NODES = 500_000
"""Most YAML nodes a file (with its includes) may hold, aliases counted as copies."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists a file may hold."""

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Document", "NodeBudget", "YamlPath",
           "read_document"]

YamlPath = tuple[str | int, ...]
"""Where a value sits in the data: mapping keys and list indexes from the top."""

_MAP_TAGS = {None, "!", TAG + "map"}
_SEQ_TAGS = {None, "!", TAG + "seq"}


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


@dataclass
class NodeBudget:
    """YAML nodes still allowed; one budget may be shared by a file and its includes."""

    left: int = MAX_NODES
    """Nodes that may still be read."""
    limit: int = MAX_NODES
    """The whole budget, for messages."""


def read_document(path: Path, display: str, budget: NodeBudget | None = None) -> Document:
    """Read the YAML file at *path*; positions name the file as *display*.

    *budget* counts nodes across several files (a scenario and its includes); by default
    the file has :data:`MAX_NODES` to itself.

    Raises:
        ScenarioError: the file cannot be read, is not UTF-8, not YAML, past a limit, or
            holds duplicate keys, merge keys or tags other than the standard ones.
    """
    return parse(read_text(path, display), display,
                 budget if budget is not None else NodeBudget())


def read_text(path: Path, display: str) -> str:
    """The text of the file at *path*, read safely (:func:`scenario.inputs.read_input`).

    Raises:
        ScenarioError: the file cannot be read, is past the size limit, or is not UTF-8.
    """
    raw = read_input(path, display)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError.single(display, f"not UTF-8 text (byte {exc.start})",
                                   "save the file as UTF-8") from None


def parse(text: str, display: str, budget: NodeBudget) -> Document:
    """Build a :class:`Document` from YAML *text*, spending *budget* as nodes are read."""
    parser = _Parser(text)
    try:
        return _Builder(display, budget).build(parser)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, display, text) from None
    except yaml.YAMLError as exc:
        raise ScenarioError.single(display, f"not valid YAML: {exc}") from None
    finally:
        parser.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, display: str, text: str) -> ScenarioError:
    """The error for libyaml's *exc*, with a hint when a tab stands where it stopped."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or exc.context or "syntax error"
    cut = _comment_cut(text, line)
    if cut is not None:
        return ScenarioError.single(display, "YAML syntax error: the '#' here starts a "
                                    "comment, so the rest of the line is not read",
                                    f'quote a value that starts with #: "{cut[2]}"', *cut[:2])
    tab = "\t" in what or "tab" in what or _tab_before(text, line, col)
    hint = "indent with spaces, not tabs" if tab else None
    return ScenarioError.single(display, f"YAML syntax error: {what}", hint, line, col)


_COMMENTED_VALUE = re.compile(r"[:\[,]\s+(#[^\s,\]}]*)")
"""A value that starts with ``#`` after ``key:``, ``[`` or ``,``: YAML reads a comment."""


def _comment_cut(text: str, line: int) -> tuple[int, int, str] | None:
    """Line, column and text of a ``#`` value that cut a flow collection short.

    ``{id: blue, colour: #3060c0}``: the ``#`` starts a comment, so the ``}`` is never
    read and libyaml stops on a later line. Looked for on the line where it stopped and
    the two before it, in a line that opens a ``{`` or ``[`` it does not close.
    """
    lines = text.split("\n")
    for number in range(line, max(line - 3, 0), -1):
        if number > len(lines):
            continue
        found = _COMMENTED_VALUE.search(lines[number - 1])
        if found is not None and _unclosed(lines[number - 1][:found.start(1)]):
            return number, found.start(1) + 1, found.group(1)
    return None


def _unclosed(text: str) -> bool:
    """True if *text* opens more ``{`` and ``[`` than it closes."""
    return text.count("{") + text.count("[") > text.count("}") + text.count("]")


def _tab_before(text: str, line: int, col: int) -> bool:
    """True if *text*'s 1-based *line* holds a tab up to and at column *col*.

    libyaml stops at a tab that starts a line with "found character that cannot start
    any token", which does not say it is a tab.
    """
    lines = text.split("\n", line)
    return len(lines) >= line and "\t" in lines[line - 1][:col]


@dataclass(slots=True)
class _Open:
    """A mapping or list being built, with what is needed to finish it."""

    data: dict[str, Any] | list[Any]
    path: YamlPath | None
    """Where it sits, or None for data that is read but dropped (a bad key's value)."""
    anchor: str | None
    nodes_before: int
    """The node count when it opened, to size it for its aliases."""
    expects_key: bool
    """In a mapping: the next node is a key (a list never expects one)."""
    is_key: bool = False
    """A list or mapping written as a mapping key: read, reported, dropped."""
    height: int = 0
    """Deepest nesting below it so far."""
    key: str | None = None
    """In a mapping: the key whose value comes next; None if that value is to be dropped."""


@dataclass(frozen=True, slots=True)
class _Anchored:
    value: Any
    nodes: int
    height: int


class _Builder:
    """Turns libyaml's event stream into plain data plus positions, counting as it goes.

    The stack holds the mappings and lists still open; a finished value goes into the one on
    top. A mapping alternates between expecting a key and expecting its value.
    """

    def __init__(self, display: str, budget: NodeBudget) -> None:
        self.display = display
        self.budget = budget
        self.doc = Document(data=None)
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.anchors: dict[str, _Anchored] = {}
        self.nodes = 0
        self.done = False

    def build(self, parser: _Parser) -> Document:
        """Read every event of *parser*; return the document or raise every problem."""
        handlers: dict[type[events.Event], Callable[[Any], None]] = {
            # a local, not an attribute: the builder holding its own bound methods would be a
            # reference cycle, keeping the document (every position) until a collection
            events.ScalarEvent: self.on_scalar,
            events.MappingStartEvent: self.on_mapping_start,
            events.SequenceStartEvent: self.on_sequence_start,
            events.MappingEndEvent: self.on_end,
            events.SequenceEndEvent: self.on_end,
            events.AliasEvent: self.on_alias,
            events.DocumentStartEvent: self.on_document_start,
        }
        while (event := parser.get_event()) is not None:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
        if not self.done:
            raise ScenarioError.single(self.display, "the file is empty",
                                       "a scenario starts with 'metadata:'")
        if self.problems:
            raise ScenarioError(self.problems)
        return self.doc

    # -- events ---------------------------------------------------------------------------

    def on_document_start(self, event: events.DocumentStartEvent) -> None:
        if self.done:
            raise self.fatal(event, "the file holds more than one YAML document ('---')",
                             "keep one document per file; use include: for rules files")

    def on_scalar(self, event: events.ScalarEvent) -> None:
        """A scalar: a mapping key, or a value (the hot path: most nodes are scalars)."""
        self.count(event, 1)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.expects_key:
            self.anchor(event.anchor, event.value, 1, 0)
            self.take_key(top, event)
            return
        plain_scalar = event.tag is None and event.implicit[0]
        value = self.plain(event) if plain_scalar else self.tagged(event)
        self.record(self.child_path(top), event)
        if event.anchor is not None:
            self.anchor(event.anchor, value, 1, 0)
        self.finish_value(top, value, 0)

    def on_mapping_start(self, event: events.MappingStartEvent) -> None:
        self.check_tag(event, _MAP_TAGS, "a mapping")
        self.open(event, {}, expects_key=True)

    def on_sequence_start(self, event: events.SequenceStartEvent) -> None:
        self.check_tag(event, _SEQ_TAGS, "a list")
        self.open(event, [], expects_key=False)

    def on_end(self, event: events.CollectionEndEvent) -> None:
        done = self.stack.pop()
        self.anchor(done.anchor, done.data, self.nodes - done.nodes_before, done.height)
        top = self.stack[-1] if self.stack else None
        if done.is_key:
            assert top is not None
            top.height = max(top.height, done.height + 1)
        else:
            self.finish_value(top, done.data, done.height)

    def on_alias(self, event: events.AliasEvent) -> None:
        name = event.anchor or ""
        found = self.anchors.get(name)
        if found is None:
            raise self.fatal(event, f"alias *{name} names no anchor (&{name}) defined before "
                             "it, or its own container", "define the anchor before the alias")
        self.count(event, found.nodes)
        if len(self.stack) + found.height > MAX_DEPTH:
            raise self.too_deep(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.expects_key:
            self.bad_key(top, event, "a mapping key must be a plain word, not an alias")
            return
        self.record(self.child_path(top), event)
        self.finish_value(top, copy.deepcopy(found.value), found.height)

    # -- building -------------------------------------------------------------------------

    def open(self, event: events.CollectionStartEvent, data: dict[str, Any] | list[Any],
             *, expects_key: bool) -> None:
        """Start a mapping or a list, at the depth limit at most."""
        self.count(event, 1)
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and top.expects_key
        if top is not None and is_key:
            self.bad_key(top, event, "a mapping key must be a plain word, not a list or mapping")
            path = None
        else:
            path = self.child_path(top)
            self.record(path, event)
        if len(self.stack) >= MAX_DEPTH:
            raise self.too_deep(event)
        self.stack.append(_Open(data, path, event.anchor, self.nodes - 1, expects_key, is_key))

    def child_path(self, top: _Open | None) -> YamlPath | None:
        """The path of the value about to go into *top* (None if it will be dropped)."""
        if top is None:
            return ()
        if top.path is None:
            return None
        if isinstance(top.data, list):
            return (*top.path, len(top.data))
        return None if top.key is None else (*top.path, top.key)

    def finish_value(self, top: _Open | None, value: Any, height: int) -> None:
        """Place a complete value in *top* (or make it the document)."""
        if top is None:
            self.doc.data, self.done = value, True
            return
        if height >= top.height:
            top.height = height + 1
        if isinstance(top.data, list):
            top.data.append(value)
            return
        if top.key is not None:
            top.data[top.key] = value
        top.key, top.expects_key = None, True

    def take_key(self, top: _Open, event: events.ScalarEvent) -> None:
        """Read a mapping key: a plain word, not a merge key, not a duplicate."""
        key = event.value
        if event.tag is None and event.implicit[0] and key == "<<":
            self.bad_key(top, event, "YAML merge keys ('<<') are not supported",
                         "write the fields out, or move shared rules into an included file")
            return
        if event.tag not in (None, "!", TAG + "str"):
            self.problem(event, f"unsupported YAML tag {event.tag!r} on a key",
                         "remove the tag; keys are plain words")
        top.expects_key = False
        if top.path is None:
            return
        path = (*top.path, key)
        first = self.doc.keys.get(path)
        if first is not None:
            self.bad_key(top, event, f"duplicate key {key!r} (first at line {first.line})",
                         "keep one of them")
            return
        self.doc.keys[path] = self.position(event)
        top.key = key

    def bad_key(self, top: _Open, event: events.Event, message: str,
                hint: str | None = None) -> None:
        """Report a key that cannot be used; its value is read and dropped."""
        self.problem(event, message, hint)
        top.expects_key, top.key = False, None

    def plain(self, event: events.ScalarEvent) -> Any:
        """The value of a plain scalar; a date that does not exist is a problem."""
        try:
            return plain(event.value)
        except (ValueError, OverflowError) as exc:
            self.problem(event, f"cannot read {event.value!r} as a date or time: {exc}",
                         "write dates as 2024-08-06 and times as 2024-08-06T05:00:00+03:00")
            return None

    def tagged(self, event: events.ScalarEvent) -> Any:
        """The value of a scalar with an explicit tag (``!!int '7'``), or None if refused."""
        tag = event.tag
        if tag is None or tag == "!":
            return event.value
        try:
            return value_of(tag, event.value)
        except KeyError:
            self.problem(event, f"unsupported YAML tag {tag!r}",
                         "remove the tag; scenarios use plain YAML values only")
        except (ValueError, OverflowError) as exc:
            self.problem(event, f"cannot read {event.value!r} as {tag.removeprefix(TAG)}: "
                         f"{exc}", "write dates as 2024-08-06 and times as "
                         "2024-08-06T05:00:00+03:00")
        return None

    def anchor(self, name: str | None, value: Any, nodes: int, height: int) -> None:
        if name is not None:
            self.anchors[name] = _Anchored(value, nodes, height)

    # -- limits and problems --------------------------------------------------------------

    def count(self, event: events.Event, nodes: int) -> None:
        """Spend *nodes* of the budget; refuse the file the moment it runs out."""
        self.nodes += nodes
        self.budget.left -= nodes
        if self.budget.left < 0:
            raise self.fatal(
                event, f"the file expands to more than {self.budget.limit:,} YAML nodes "
                "(aliases counted as copies); refused without expanding",
                "use fewer anchors and aliases (*name); write repeated values out, or split "
                "the file")

    def check_tag(self, event: events.CollectionStartEvent, allowed: set[str | None],
                  what: str) -> None:
        if event.tag not in allowed:
            self.problem(event, f"unsupported YAML tag {event.tag!r} on {what}",
                         "remove the tag; scenarios use plain YAML values only")

    def too_deep(self, event: events.Event) -> ScenarioError:
        return self.fatal(event, f"the file nests mappings and lists more than {MAX_DEPTH} "
                          "levels deep", "a scenario needs far fewer levels; flatten the data")

    def record(self, path: YamlPath | None, event: events.Event) -> None:
        if path is not None:
            self.doc.values[path] = self.position(event)

    def position(self, event: events.Event) -> Position:
        mark = event.start_mark
        assert mark is not None, "libyaml marks every event"
        return Position(self.display, mark.line + 1, mark.column + 1)

    def problem(self, event: events.Event, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.position(event), message, hint))

    def fatal(self, event: events.Event, message: str, hint: str | None = None) -> ScenarioError:
        where = self.position(event)
        return ScenarioError.single(self.display, message, hint, where.line, where.col)
