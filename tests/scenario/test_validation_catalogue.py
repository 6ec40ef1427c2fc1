"""The catalogue of bad files: one per error class, each with its message, line and column.

Each file in ``tests/data/catalogue/`` is the valid made-up scenario (``tests/data/mini``)
with one thing broken. The test loads it and checks the first problem; then it runs
``salient validate`` on it as a user would and checks the exit code (2), the same
``file:line:col: message`` on stderr, and that no traceback leaks out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scenario import ScenarioError, load

CATALOGUE = Path("tests/data/catalogue")

CASES: list[tuple[str, int, int, str, str | None]] = [
    # file, line, column, message, hint
    ("yaml_syntax", 14, 8, "YAML syntax error: did not find expected ',' or ']'", None),
    ("missing_field", 6, 3, "missing field 'title'",
     "add 'title:': Title shown in the app and in reports."),
    ("unknown_field", 11, 3, "unknown field 'turn_hour'", "did you mean 'turn_hours'?"),
    ("wrong_type", 11, 15, "field 'turn_hours': a number is needed, not the text 'six'",
     "Length of a turn (hours): where people look and give orders."),
    ("unknown_literal", 24, 38, "field 'kind': 'vilage' is not one of the allowed words",
     "did you mean 'village'?"),
    ("out_of_range", 50, 87, "field 'strength': input should be less than or equal to 1, "
     "got 1.5", "Share of the type's full strength (fraction 0-1, above 0)."),
    ("unit_suffix", 36, 64, "field 'km': '4 mi' carries a unit; write the number alone",
     "Length along the road (km); computed from the coordinates when left out."),
    ("negative_km", 36, 64, "field 'km': input should be greater than or equal to 0.01, got "
     "-6.5", None),
    ("coordinates", 25, 52, "field 'lat': input should be less than or equal to 90, got 97.95",
     "Latitude (degrees, WGS84)."),
    ("naive_datetime", 9, 10, "field 'start': 2030-05-01T06:00:00 has no UTC offset",
     "write it with its offset, e.g. 2030-05-01T06:00:00+00:00 for UTC"),
    ("duplicate_id", 29, 12, "duplicate place, off-map area or unit id 'millton'",
     "already used at line 28; this one is named 'Dunmore', and 'dunmore' (at lines 38, 40) "
     "is unknown: write 'id: dunmore'"),
    ("duplicate_key", 12, 3, "duplicate key 'turn_hours' (first at line 11)", "keep one of them"),
    ("unknown_place", 49, 65, "unknown place 'ashbey'", "did you mean 'ashby'?"),
    ("unknown_unit_type", 49, 37, "unknown unit type 'tank'", "did you mean 'tanks'?"),
    ("unknown_side", 50, 26, "unknown side 'reds'", "did you mean 'red'?"),
    ("unknown_source", 48, 86, "unknown source 'T2'", "known sources: T1"),
    ("self_road", 35, 25, "road from 'brook' to itself", "a road joins two different places"),
    ("unreachable", 29, 12, "place 'dunmore' cannot be reached by road from 'ashby' and the "
     "rest of the map", "add a road joining it to the network"),
    ("date_outside", 72, 9, "entry at 2030-05-04T12:00:00+02:00 is outside the scenario",
     "the scenario runs from 2030-05-01T06:00:00+02:00 to 2030-05-02T18:00:00+02:00"),
    ("include_outside", 3, 11, "include '../mini/rules.yaml' lies outside the scenario's "
     "folder", None),
    ("alias_bomb", 6, 20, "the file expands to more than 500,000 YAML nodes (aliases counted "
     "as copies); refused without expanding", None),
    # numbers: finite, not true/false, not text, inside their documented range
    ("number_bool", 11, 15, "field 'turn_hours': a number is needed, not true",
     "Length of a turn (hours): where people look and give orders."),
    ("number_quoted", 11, 15, "field 'turn_hours': a number is needed, not the text '6'; "
     "write it without quotes", None),
    ("number_nan", 81, 37, "field 'value': input should be a finite number, got .nan",
     "The figure claimed, when it is one number (metric unit: km2, km, count, ...)."),
    ("number_inf", 36, 64, "field 'km': input should be a finite number, got .inf", None),
    ("number_posture", 49, 23, "field 'dug_in': input should be less than or equal to 10, "
     "got 1e+300", "Combat power by posture (multiplier)."),
    ("number_road_factor", 48, 24, "field 'local': input should be greater than or equal to "
     "1, got -1", None),
    ("number_round", 49, 20, "field 'round_minutes': input should be greater than or equal "
     "to 1, got 1e-09", "Length of one round of an engagement (minutes)."),
    ("number_detection", 49, 21, "field 'interval_hours': input should be greater than or "
     "equal to 0.0166667, got 1e-06", None),
    ("number_salvo", 50, 70, "field 'salvo': input should be less than or equal to 5,000, "
     "got 1000000000", "Munitions fired in one strike (count)."),
    ("number_speed", 50, 26, "field 'track': a speed is 0 (the unit cannot use this class "
     "of road) or at least 1 km/h, got 0.5", None),
    ("number_window", 10, 8, "field 'end': the scenario would run 732.5 days from start to "
     "end; at most 366 days can be run", None),
    ("number_year", 10, 8, "field 'end': the year 9999 is out of range; a scenario runs "
     "between the years 1000 and 9000", None),
]


def validate_cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "validate", str(path)],
                          capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(("name", "line", "col", "message", "hint"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_file_gives_one_positioned_message(name: str, line: int, col: int, message: str,
                                               hint: str | None) -> None:
    path = CATALOGUE / f"{name}.yaml"
    with pytest.raises(ScenarioError) as caught:
        load(path)
    first = caught.value.problems[0]
    assert first.position is not None
    assert (first.position.file, first.position.line, first.position.col) == (str(path), line, col)
    assert first.message.startswith(message)
    if hint is not None:
        assert first.hint == hint


@pytest.mark.parametrize(("name", "line", "col", "message"), [c[:4] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_validate_command_exits_2_without_traceback(name: str, line: int, col: int,
                                                     message: str) -> None:
    path = CATALOGUE / f"{name}.yaml"
    result = validate_cli(path)
    assert result.returncode == 2
    assert f"{path}:{line}:{col}: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_all_problems_of_a_file_are_reported_in_file_order() -> None:
    with pytest.raises(ScenarioError) as caught:
        load(CATALOGUE / "several.yaml")
    found = [(p.position.line if p.position else 0, p.message) for p in caught.value.problems]
    assert found == [(35, "road from 'brook' to itself"),
                     (49, "unknown unit type 'tank'"),
                     (50, "unknown side 'reds'")]
    result = validate_cli(CATALOGUE / "several.yaml")
    assert result.returncode == 2 and "3 problems" in result.stderr


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    result = validate_cli(big)
    assert result.returncode == 2
    assert f"{big}:1:1: file is 5,242,883 bytes; the limit is 5,242,880" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_and_a_good_file_together() -> None:
    result = subprocess.run([sys.executable, "-m", "tui.cli", "validate",
                             "tests/data/mini/mini.yaml", "tests/data/nope.yaml"],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 2
    assert "tests/data/mini/mini.yaml: valid" in result.stdout
    assert "tests/data/nope.yaml:1:1: no such file" in result.stderr


def test_the_kursk_scenario_and_the_made_up_one_are_valid() -> None:
    result = subprocess.run([sys.executable, "-m", "tui.cli", "validate",
                             "scenarios/kursk_2024.yaml", "tests/data/mini/mini.yaml"],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
