"""Reading YAML with positions, and merging includes beneath the including file."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario.errors import Position, ScenarioError
from scenario.includes import merge, read_tree
from scenario.yamlfile import Document, read_document


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.yaml", "top:\n  items:\n    - id: x\n      n: 3\n"),
                        "a.yaml")
    assert doc.data == {"top": {"items": [{"id": "x", "n": 3}]}}
    assert doc.values[("top", "items", 0, "n")] == Position("a.yaml", 4, 10)
    assert doc.keys[("top", "items", 0, "n")] == Position("a.yaml", 4, 7)
    assert doc.where(("top", "items", 0, "missing")) == Position("a.yaml", 3, 7)


def test_aliases_are_read_as_copies(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.yaml", "a: &s [1, 2]\nb: *s\n"), "a.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.data["a"] is not doc.data["b"]


def test_timestamps_and_dates_become_python_values(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.yaml", "t: 2024-08-06T05:00:00+03:00\nd: 2024-08-07\n"),
                        "a.yaml")
    assert doc.data["t"].utcoffset().total_seconds() == 3 * 3600
    assert doc.data["d"].isoformat() == "2024-08-07"


def test_merge_mappings_deep_and_lists_replace() -> None:
    base = Document({"rules": {"a": 1, "b": {"c": 2, "d": 3}}, "xs": [1, 2, 3]},
                    values={("xs", 2): Position("r", 9, 1), ("rules", "a"): Position("r", 2, 1)})
    over = Document({"rules": {"b": {"d": 4}}, "xs": [9]}, values={("xs", 0): Position("s", 1, 1)})
    merged = merge(base, over)
    assert merged.data == {"rules": {"a": 1, "b": {"c": 2, "d": 4}}, "xs": [9]}
    assert ("xs", 2) not in merged.values  # the replaced list's positions are gone
    assert merged.values[("rules", "a")] == Position("r", 2, 1)


def test_included_rules_sit_beneath_the_scenario(tmp_path: Path) -> None:
    write(tmp_path / "rules" / "base.yaml", "rules:\n  combat:\n    break_at: 0.5\n    x: 1\n")
    top = write(tmp_path / "s.yaml", "include: [rules/base.yaml]\nrules:\n  combat:\n    x: 2\n")
    doc = read_tree(top, "s.yaml")
    assert doc.data["rules"] == {"combat": {"break_at": 0.5, "x": 2}}
    assert doc.values[("rules", "combat", "break_at")].file == "rules/base.yaml"
    assert doc.values[("rules", "combat", "x")].file == "s.yaml"


def test_nested_include_may_not_climb_out_of_the_top_folder(tmp_path: Path) -> None:
    write(tmp_path / "outside.yaml", "rules: {}\n")
    write(tmp_path / "top" / "sub" / "r.yaml", "include: [../../outside.yaml]\n")
    top = write(tmp_path / "top" / "s.yaml", "include: [sub/r.yaml]\n")
    with pytest.raises(ScenarioError, match="outside the scenario's folder") as info:
        read_tree(top, "s.yaml")
    position = info.value.problems[0].position
    assert position is not None and position.file == "sub/r.yaml"
    assert (position.line, position.col) == (1, 11)
