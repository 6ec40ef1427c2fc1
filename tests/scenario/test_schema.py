"""``salient schema``: the JSON Schema validates real scenario files and rejects broken ones."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scenario.includes import read_tree

FILES = [Path("scenarios/kursk_2024.yaml"), Path("tests/data/mini/mini.yaml")]


def schema_from_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "schema", *args],
                          capture_output=True, text=True, check=True, timeout=60)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text: dict[str, Any] = json.loads(schema_from_cli().stdout)
    return text


def as_json(value: Any) -> Any:
    """Scenario data as JSON would carry it: dates and times as ISO text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def merged(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = as_json(read_tree(path, str(path)).data)
    return data


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_schema_validates_the_scenario(schema: dict[str, Any], path: Path) -> None:
    jsonschema.validate(merged(path), schema)


@pytest.mark.parametrize(("where", "value", "complaint"), [
    (("map", "places", 0, "lat"), "north", "is not of type 'number'"),
    (("map", "places", 0, "kind"), "hamlet", "is not one of"),
    (("units", 0, "strength"), 2.0, "is greater than the maximum of 1.0"),
    (("sides", 0, "colour"), "blue", "does not match"),
])
def test_schema_rejects_a_broken_copy(schema: dict[str, Any], where: tuple[Any, ...],
                                      value: Any, complaint: str) -> None:
    data = copy.deepcopy(merged(FILES[0]))
    node = data
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    with pytest.raises(jsonschema.ValidationError, match=complaint):
        jsonschema.validate(data, schema)


def test_schema_rejects_an_unknown_field(schema: dict[str, Any]) -> None:
    data = merged(FILES[1])
    data["units"][0]["sied"] = "blue"
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate(data, schema)


def test_out_writes_what_stdout_prints(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    schema_from_cli("--out", str(out))
    assert out.read_text(encoding="utf-8") == schema_from_cli().stdout


def test_the_committed_schema_is_current() -> None:
    committed = Path("docs/salient.schema.json").read_text(encoding="utf-8")
    hint = "run: salient schema --out docs/salient.schema.json"
    assert committed == schema_from_cli().stdout, hint


def test_the_format_reference_in_the_docs_is_current() -> None:
    from scenario.reference import BEGIN, END, markdown

    text = Path("docs/scenario-format.md").read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] + "\n" == markdown(), "regenerate with salient schema --markdown"
