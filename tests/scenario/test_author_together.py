"""Several mistakes at once: every one reported in one pass, each once, none as a follow-on.

Before, a file with a field mistake (a misspelt key, a latitude out of range) stopped
there: its unknown places and unit types came out only once the fields were fixed, a
second round for the author. Now the items with bad fields are left out and the rest is
checked; what refers to a left-out item is not reported again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.authoring import edited, validate


def test_independent_mistakes_in_two_files_come_out_together(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = edited(tmp_path, [
        ("turn_hours: 6", "turn_hour: 6"),
        ("lat: 48.05, lon: 10.12", "lat: 148.05, lon: 10.12"),
        ("at: westport, source", "at: westprot, source"),
        ("type: tanks", "type: tank"),
        ("    to: ford\n", "    to: fordd\n"),
    ], rules=[("round_minutes: 60", "round_minutes: 0")])
    code, problems = validate(path, capsys)
    rules = tmp_path / "rules.yaml"
    assert code == 2
    assert problems == [
        f"{path}:11:3: unknown field 'turn_hour'\n    hint: did you mean 'turn_hours'?",
        f"{path}:24:52: field 'lat': input should be less than or equal to 90, got 148.05\n"
        "    hint: Latitude (degrees, WGS84).",
        f"{path}:48:68: unknown place 'westprot'\n    hint: did you mean 'westport'?",
        f"{path}:49:37: unknown unit type 'tank'\n    hint: did you mean 'tanks'?",
        f"{path}:68:9: unknown place 'fordd'\n    hint: did you mean 'ford'?",
        f"{rules}:26:20: field 'round_minutes': input should be greater than or equal to 1, "
        "got 0\n    hint: Length of one round of an engagement (minutes).",
    ]


def test_a_bad_place_is_one_problem_not_one_per_road(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Ford, with its latitude out of range, is left out: its roads and the order to it are
    not reported as unknown, nor the map as split in two."""
    path = edited(tmp_path, [("lat: 48.00, lon: 10.25", "lat: 480.0, lon: 10.25")])
    code, problems = validate(path, capsys)
    assert (code, problems) == (2, [
        f"{path}:26:51: field 'lat': input should be less than or equal to 90, got 480.0\n"
        "    hint: Latitude (degrees, WGS84)."])


def test_a_bad_unit_does_not_leave_its_source_uncited(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The only unit citing T2 has a bad strength: T2 is not 'cited nowhere'."""
    path = edited(tmp_path, [
        ("  - {id: T1,", "  - {id: T2, title: Second, publisher: Salient test suite}\n"
         "  - {id: T1,"),
        ("strength: 0.6, source: T1", "strength: 6, source: T2")])
    code, problems = validate(path, capsys)
    assert (code, problems) == (2, [
        f"{path}:51:87: field 'strength': input should be less than or equal to 1, got 6\n"
        "    hint: Share of the type's full strength (fraction 0-1, above 0)."])


VARIANT = 'set: {"units[r_rifles].strength": 1.0}'


@pytest.mark.parametrize(("written", "expected"), [
    ('set: {"units[r_rifles].strenght": 1.0}',
     "95:11: variant 'strong_red' gives an invalid scenario: unknown field 'strenght'\n"
     "    hint: did you mean 'strength'?"),
    ('set: {"units[r_rifle].strength": 1.0}',
     "95:11: variant 'strong_red': path 'units[r_rifle].strength': no item with id "
     "'r_rifle'; did you mean 'r_rifles'?"),
    ('set: {"units[r_rifles].strength": 1.5}',
     "95:11: variant 'strong_red' gives an invalid scenario: field 'strength': input should "
     "be less than or equal to 1, got 1.5\n"
     "    hint: Share of the type's full strength (fraction 0-1, above 0)."),
], ids=["misspelt_field", "unknown_id", "out_of_range"])
def test_a_variant_mistake_points_at_its_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str,
        expected: str) -> None:
    """Not at the variant's id two lines up: at the path in ``set`` that is wrong."""
    path = edited(tmp_path, [(VARIANT, f'{written[:-1]}, "rules.combat.break_at": 0.4}}')])
    code, problems = validate(path, capsys)
    assert (code, problems) == (2, [f"{path}:{expected}"])


def test_every_bad_path_of_a_variant_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = edited(tmp_path, [(VARIANT, 'set:\n      "units[r_rifle].strength": 1.0\n'
                              '      "rules.combat.brek_at": 0.4')])
    code, problems = validate(path, capsys)
    assert code == 2
    assert [p.split(": ", 1)[0].rsplit(":", 2)[1:] for p in problems] == [["96", "7"],
                                                                           ["97", "7"]]


def test_an_include_that_writes_an_id_again_says_its_list_is_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The rules file lists two places; the scenario's places list replaced it silently,
    dropping the one it did not write again."""
    path = edited(tmp_path, rules=[("rules:\n", "map:\n  places:\n"
                                    "    - {id: hill, name: Hill, kind: village, lat: 48.05, "
                                    "lon: 10.2, held_by: blue}\n"
                                    "    - {id: ashby, name: Ashby, kind: village, lat: 48.05,"
                                    " lon: 10.12, held_by: blue}\nrules:\n")])
    code, problems = validate(path, capsys)
    assert (code, problems) == (2, [
        f"{path}:24:12: 'ashby' is already in the 'map.places' list of "
        f"{tmp_path / 'rules.yaml'}:5, which this 'map.places' list replaces whole, dropping "
        "its 1 other item\n    hint: an included list is replaced, not merged item by item: "
        "write every item in one of the two files"])


def test_a_colour_left_unquoted_is_a_comment_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = edited(tmp_path, [('colour: "#3060c0"', "colour: #3060c0")])
    code, problems = validate(path, capsys)
    assert (code, problems) == (2, [
        f"{path}:18:40: YAML syntax error: the '#' here starts a comment, so the rest of the "
        'line is not read\n    hint: quote a value that starts with #: "#3060c0"'])
