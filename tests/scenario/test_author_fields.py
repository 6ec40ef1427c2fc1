"""An author's mistakes in single fields: one message each, at the value, saying what to write.

Each case edits the mini scenario (``tests/data/mini``) as an author might get it wrong,
runs the real ``salient validate`` and checks exit code 2 and the one problem it prints,
with its line, column and hint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.authoring import edited, one_problem

CASES: list[tuple[str, str, str, str]] = [
    # id, old text, new text, the problem as printed after the file name
    ("misspelt_field", "at: westport, source", "att: westport, source",
     "48:64: unknown field 'att'\n    hint: did you mean 'at'?"),
    ("misspelt_required_in_block", "    action: attack", "    acton: attack",
     "59:5: unknown field 'acton'\n    hint: did you mean 'action'?"),
    ("misspelt_kind", "kind: inject", "kind: injct",
     "71:11: field 'kind': 'injct' is not one of the allowed words\n"
     "    hint: did you mean 'inject'?"),
    ("missing_kind", "  - kind: inject\n", "  -\n",
     "72:5: missing field 'kind'\n    hint: add 'kind: order' or 'kind: inject'"),
    ("one_unit_not_a_list", "units: [b_tanks]", "units: b_tanks",
     "58:12: field 'units': a list is needed, not 'b_tanks'\n"
     "    hint: write [b_tanks] (a list of one)"),
    ("time_as_words", "available: 2030-05-01T18:00:00+02:00", "available: tomorrow",
     "51:90: field 'available': 'tomorrow' is not a date and time\n"
     "    hint: write a date and time with its UTC offset: 2030-05-01T06:00:00+02:00"),
    ("claim_date_with_time", "date: 2030-05-01, claimant: Redland",
     "date: 2030-05-01T10:00:00+02:00, claimant: Redland",
     "80:29: field 'date': a date is needed, not the time 2030-05-01T10:00:00+02:00\n"
     "    hint: write the date alone: 2030-05-01"),
    ("time_without_offset", "at: 2030-05-01T12:00:00+02:00\n    title: Redland",
     "at: 2030-05-01T12:00:00\n    title: Redland",
     "72:9: field 'at': 2030-05-01T12:00:00 has no UTC offset\n"
     "    hint: write it with its offset, as the scenario's start does: "
     "2030-05-01T12:00:00+02:00"),
    ("time_without_seconds_or_offset", "at: 2030-05-01T12:00:00+02:00\n    title: Redland",
     "at: 2030-05-01 12:00\n    title: Redland",
     "72:9: field 'at': '2030-05-01 12:00' has no UTC offset\n"
     "    hint: write it with its offset, as the scenario's start does: "
     "2030-05-01T12:00:00+02:00"),
    ("id_with_a_digit_first", "{id: dunmore, name: Dunmore", "{id: 3dunmore, name: Dunmore",
     "29:12: field 'id': '3dunmore' is not an identifier\n"
     "    hint: an identifier starts with a letter, then letters, digits, _ or -, "
     "e.g. dunmore"),
    ("colour_as_a_word", 'colour: "#3060c0"', "colour: blue",
     "18:40: field 'colour': 'blue' is not a colour\n"
     '    hint: write it as "#rrggbb", in quotes (a bare # starts a comment): "#3060c0"'),
    ("end_before_start", "end: 2030-05-02T18:00:00+02:00", "end: 2030-04-02T18:00:00+02:00",
     "10:8: field 'end': end 2030-04-02T18:00:00+02:00 must come after start "
     "2030-05-01T06:00:00+02:00\n    hint: When the scenario ends, with its UTC offset; after "
     "`start` and at most 366 days later (both in the years 1000 to 9000)."),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_field_mistake_is_one_message_at_the_value(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str,
        expected: str) -> None:
    path = edited(tmp_path, [(old, new)])
    assert one_problem(path, capsys) == f"{path}:{expected}"
