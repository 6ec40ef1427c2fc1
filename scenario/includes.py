"""Includes: rules files merged beneath the scenario that names them.

``include: [rules/default.yaml]`` at the top of a file reads each named file (relative to
the including file, and never outside the top scenario file's folder tree) and deep-merges
it *beneath* the including file: mappings merge key by key and the including file wins;
its lists and scalars replace the included ones. Included files may include others.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scenario.errors import Problem, ScenarioError
from scenario.yamlfile import Document, YamlPath, read_document


def read_tree(path: Path, display: str | None = None) -> Document:
    """Read the scenario at *path* with its includes merged beneath it.

    Raises:
        ScenarioError: a file cannot be read, or an include is bad (not a list of paths,
            outside the folder, missing, or part of a cycle).
    """
    display = display if display is not None else str(path)
    root = path.resolve().parent
    return _read(path, display, root, chain=())


def _read(path: Path, display: str, root: Path, chain: tuple[Path, ...]) -> Document:
    doc = read_document(path, display)
    if not isinstance(doc.data, dict):
        raise ScenarioError.single(display, "the file must be a mapping of sections "
                                   "(metadata:, map:, ...)", line=_line(doc, ()))
    merged = Document(data={})
    for index, name in enumerate(_include_names(doc, display)):
        where = doc.where(("include", index))
        target = _resolve(path, name, root, where, display)
        if target in chain or target == path.resolve():
            raise ScenarioError([Problem(where, f"include {name!r} is a cycle: the file "
                                         "includes itself through it")])
        child_display = os.path.normpath(os.path.join(os.path.dirname(display), name))
        child = _read(target, child_display, root, (*chain, path.resolve()))
        merged = merge(merged, child)
    return merge(merged, doc)


def _include_names(doc: Document, display: str) -> list[str]:
    names = doc.data.get("include", [])
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ScenarioError([Problem(doc.where(("include",)),
                                     "'include' must be a list of file paths",
                                     "write include: [rules/default.yaml]")])
    return names


def _resolve(path: Path, name: str, root: Path, where: Any, display: str) -> Path:
    target = (path.parent / name).resolve()
    if not target.is_relative_to(root):
        raise ScenarioError([Problem(where, f"include {name!r} lies outside the scenario's "
                                     f"folder {str(root)!r}",
                                     "copy the rules file into the scenario's folder or "
                                     "below it")])
    if not target.is_file():
        raise ScenarioError([Problem(where, f"include {name!r}: no such file",
                                     "paths are relative to the including file")])
    return target


def _line(doc: Document, path: YamlPath) -> int:
    found = doc.where(path)
    return found.line if found else 1


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
