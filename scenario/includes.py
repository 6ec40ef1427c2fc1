"""Includes: rules files merged beneath the scenario that names them.

``include: [rules/default.yaml]`` at the top of a file reads each named file (relative to
the including file, symlinks followed, and never outside the top scenario file's folder
tree) and deep-merges
it *beneath* the including file: mappings merge key by key and the including file wins;
its lists and scalars replace the included ones. Included files may include others.

The merge order is depth first: a file's includes, in the order written, then the file
itself. A file reached by two paths (a diamond) is read once and merged once, at its first
place in that order. A scenario and its includes share one budget: at most
:data:`MAX_FILES` files, :data:`MAX_TOTAL_BYTES` bytes, :data:`MAX_CHAIN` files in a chain
of includes, and :data:`~scenario.yamlfile.MAX_NODES` YAML nodes in all. A cycle or a chain
that is too long is reported with the whole chain.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenario.errors import Position, Problem, ScenarioError
from scenario.inputs import MAX_BYTES
from scenario.yamlfile import Document, NodeBudget, YamlPath, read_document

MAX_FILES = 64
"""Most files one scenario may read, itself and its includes counted."""
MAX_TOTAL_BYTES = 2 * MAX_BYTES
"""Most bytes one scenario and its includes may hold together."""
MAX_CHAIN = 8
"""Most files in one chain of includes (a file that includes a file that includes ...)."""


def read_tree(path: Path, display: str | None = None,
              files_read: set[Path] | None = None,
              redefined: list[Problem] | None = None) -> Document:
    """Read the scenario at *path* with its includes merged beneath it.

    *files_read*, if given, gets the real path (links followed) of every file read.
    *redefined*, if given, gets a problem for each list that redefines an id of the list it
    replaces in an included file (see :func:`redefinitions`).

    Raises:
        ScenarioError: a file cannot be read, or an include is bad (not a list of paths,
            outside the folder, missing, not a file, part of a cycle or of a chain that is
            too long, or past the budget).
    """
    display = display if display is not None else str(path)
    reader = _TreeReader(_resolve_top(path, display))
    try:
        return reader.read(path, display, chain=())
    finally:
        if files_read is not None:
            files_read.update(reader.merged)
        if redefined is not None:
            redefined.extend(reader.redefined)


@dataclass
class _TreeReader:
    """Reads one scenario's files, each once, within one budget."""

    root: Path
    """The top file's folder; no include may lie outside it."""
    nodes: NodeBudget = field(default_factory=NodeBudget)
    merged: set[Path] = field(default_factory=set)
    """Files already read and merged (a diamond's second path skips them)."""
    files: int = 0
    total_bytes: int = 0
    redefined: list[Problem] = field(default_factory=list)
    """Lists that redefine an id of an included list they replace."""

    def read(self, path: Path, display: str, chain: tuple[tuple[Path, str], ...]) -> Document:
        """Read *path* and, beneath it, its includes; *chain* is how we got here."""
        self.spend(path, display)
        doc = read_document(path, display, self.nodes)
        if not isinstance(doc.data, dict):
            raise ScenarioError.single(display, "the file must be a mapping of sections "
                                       "(metadata:, map:, ...)", line=_line(doc, ()))
        real = path.resolve()
        here = (*chain, (real, os.path.relpath(real, self.root)))
        merged = Document(data={})
        for index, name in enumerate(_include_names(doc)):
            where = doc.where(("include", index))
            target = _resolve(real.parent, name, self.root, where)
            child_display = os.path.normpath(os.path.join(os.path.dirname(display), name))
            _check_chain(here, target, os.path.relpath(target, self.root), where)
            if target in self.merged:
                continue
            merged = self.merge(merged, self.read(target, child_display, here))
        self.merged.add(real)
        return self.merge(merged, doc)

    def merge(self, base: Document, over: Document) -> Document:
        """:func:`merge`, noting the lists of *over* that redefine an id of *base*'s."""
        self.redefined += redefinitions(base, over)
        return merge(base, over)

    def spend(self, path: Path, display: str) -> None:
        """Count one more file and its bytes against the budget."""
        self.files += 1
        if self.files > MAX_FILES:
            raise ScenarioError.single(display, f"more than {MAX_FILES} files are included "
                                       "in all", "include fewer, larger rules files")
        try:
            self.total_bytes += path.stat().st_size
        except OSError:
            return  # read_document reports why the file cannot be read
        if self.total_bytes > MAX_TOTAL_BYTES:
            raise ScenarioError.single(display, f"the scenario and its includes hold more "
                                       f"than {MAX_TOTAL_BYTES:,} bytes in all",
                                       "remove what is not needed")


def _check_chain(chain: tuple[tuple[Path, str], ...], target: Path, shown: str,
                 where: Position | None) -> None:
    """Refuse an include that closes a cycle or makes the chain too long.

    *chain* holds each file on the way with its name relative to the top file's folder.
    """
    names = " -> ".join([name for _, name in chain] + [shown])
    if any(target == seen for seen, _ in chain):
        raise ScenarioError([Problem(where, f"include cycle: {names}",
                                     "a file may not include itself, directly or not")])
    if len(chain) >= MAX_CHAIN:
        raise ScenarioError([Problem(where, f"includes nest more than {MAX_CHAIN} files "
                                     f"deep: {names}", "include the files from one place")])


def _include_names(doc: Document) -> list[str]:
    names = doc.data.get("include", [])
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ScenarioError([Problem(doc.where(("include",)),
                                     "'include' must be a list of file paths",
                                     "write include: [rules/default.yaml]")])
    return names


def _resolve_top(path: Path, display: str) -> Path:
    """The folder of the top file, following symlinks; a loop is a clean error."""
    try:
        return path.resolve().parent
    except (OSError, RuntimeError, ValueError):
        raise ScenarioError.single(display, "the path cannot be followed (a symlink loop or "
                                   "a bad name)", "name a YAML file") from None


def _resolve(folder: Path, name: str, root: Path, where: Position | None) -> Path:
    """The file an include in *folder* names, checked to be a file inside *root*."""
    if "\0" in name or not name.strip():
        raise ScenarioError([Problem(where, f"include {name!r} is not a file name",
                                     "write a path such as rules/default.yaml")])
    try:
        target = (folder / name).resolve()
    except (OSError, RuntimeError):
        raise ScenarioError([Problem(where, f"include {name!r} cannot be followed (a symlink "
                                     "loop or a name too long)", None)]) from None
    if not target.is_relative_to(root):
        raise ScenarioError([Problem(where, f"include {name!r} lies outside the scenario's "
                                     f"folder {str(root)!r}",
                                     "copy the rules file into the scenario's folder or "
                                     "below it")])
    _require_file(target, name, where)
    return target


def _require_file(target: Path, name: str, where: Position | None) -> None:
    try:
        info = target.stat()
    except FileNotFoundError:
        raise ScenarioError([Problem(where, f"include {name!r}: no such file",
                                     "paths are relative to the including file")]) from None
    except OSError as exc:
        reason = (exc.strerror or "cannot be read").lower()
        raise ScenarioError([Problem(where, f"include {name!r}: {reason}", None)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError([Problem(where, f"include {name!r} is not a regular file (a "
                                     "folder, a FIFO or a device)", "name a YAML file")])


def _line(doc: Document, path: YamlPath) -> int:
    found = doc.where(path)
    return found.line if found else 1


def redefinitions(base: Document, over: Document) -> list[Problem]:
    """A problem for each list of *over* that replaces a list of *base* and reuses its ids.

    An included list is replaced whole, not merged item by item: a place written again in
    the including file drops every other place of the included list with it. One problem
    per list, at the first id written again.
    """
    found: list[Problem] = []
    stack: list[tuple[YamlPath, Any, Any]] = [((), base.data, over.data)]
    while stack:
        path, below, above = stack.pop()
        if isinstance(below, dict) and isinstance(above, dict):
            stack.extend(((*path, k), below[k], v) for k, v in above.items() if k in below)
        elif isinstance(below, list) and isinstance(above, list):
            problem = _redefined_list(path, below, above, base, over)
            if problem is not None:
                found.append(problem)
    return found


def _redefined_list(path: YamlPath, below: list[Any], above: list[Any], base: Document,
                    over: Document) -> Problem | None:
    """The problem of list *above* at *path* reusing an id of the list *below* it replaces."""
    ids = {item["id"]: n for n, item in enumerate(below)
           if isinstance(item, dict) and isinstance(item.get("id"), str)}
    again = [(j, item["id"]) for j, item in enumerate(above)
             if isinstance(item, dict) and item.get("id") in ids]
    if not again:
        return None
    j, ident = again[0]
    there = base.where((*path, ids[ident], "id"))
    lost = len(below) - len(again)
    name = ".".join(str(step) for step in path)
    return Problem(over.where((*path, j, "id")),
                   f"{ident!r} is already in the '{name}' list of "
                   f"{there.file + ':' + str(there.line) if there else 'an included file'}, "
                   f"which this '{name}' list replaces whole" + (
                       f", dropping its {lost} other item{'s' if lost != 1 else ''}"
                       if lost else ""),
                   "an included list is replaced, not merged item by item: write every "
                   "item in one of the two files")


def merge(base: Document, over: Document) -> Document:
    """Deep-merge *over* onto *base*: mappings merge, everything else in *over* replaces."""
    keep = {p: pos for p, pos in base.values.items() if _survives(p, over.data)}
    keep_keys = {p: pos for p, pos in base.keys.items() if _survives(p, over.data)}
    return Document(data=_merge_data(base.data, over.data),
                    values=keep | over.values, keys=keep_keys | over.keys)


def _merge_data(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge_data(base[key], value) if key in base else value
        return merged
    return over


def _survives(path: YamlPath, over: Any) -> bool:
    """True if a value at *path* of the base is still there once *over* is merged on top."""
    node = over
    for step in path:
        if not isinstance(node, dict):
            return False
        if step not in node:
            return True
        node = node[step]
    return False
