"""An author's mistakes that passed validation but broke the run, or the map: now refused.

Each case edits the mini scenario as an author might, runs the real ``salient validate``
and checks exit code 2 and the one problem it prints. Before, each of these files was
"valid": the engine refused the order while running, kept one of two roads silently, or
stretched the map over a place thousands of kilometres away.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.authoring import Edit, edited, one_problem, validate

AREA = ("  area: [[", "  off_map:\n{areas}\n  area: [[")
RESERVE_AT_FAR = ("at: eastburg, available", "at: far, available")


def with_areas(*lines: str) -> Edit:
    """An edit that adds off-map areas (one flow mapping a line) before ``area:``."""
    return AREA[0], AREA[1].format(areas="\n".join(f"    - {line}" for line in lines))


RIFLES_ORDER = "    units: [b_rifles]\n    action: move\n    to: ford\n"

CASES: list[tuple[str, list[Edit], list[Edit], str]] = [
    ("order_before_arrival",
     [("    side: blue\n    units: [b_rifles]", "    side: red\n    units: [r_reserve]")],
     [],
     "66:13: unit 'r_reserve' is ordered at 2030-05-01T06:00:00+02:00 but arrives only at "
     "2030-05-01T18:00:00+02:00\n    hint: give the order at or after its arrival, or make it "
     "'available' earlier"),
    ("order_to_an_area",
     [(RIFLES_ORDER, RIFLES_ORDER.replace("to: ford", "to: depot")),
      with_areas("{id: depot, name: Depot, kind: depot, held_by: blue, "
                 "links: [{to: westport, hours: 3}]}")],
     [],
     "70:9: the order sends 'b_rifles' to off-map area 'depot': units leave an area only for "
     "a place on the map, and never leave the map\n    hint: send them to a place on the map;"
     " 'depot' is linked to 'westport'"),
    ("route_through_an_area",
     [("    via: [brook]", "    via: [depot]"),
      with_areas("{id: depot, name: Depot, kind: depot, held_by: blue, "
                 "links: [{to: westport, hours: 3}]}")],
     [],
     "71:11: 'depot' is an off-map area: a route passes only through places on the map\n"
     "    hint: name a place on the map, or leave it out"),
    ("withdraw_without_destination",
     [(RIFLES_ORDER, "    units: [b_rifles]\n    action: withdraw\n")],
     [],
     "62:5: a 'withdraw' order needs 'to': add 'to:' with the place on the map to go to"),
    ("area_linked_only_to_the_enemy",
     [with_areas("{id: far, name: Far, kind: front, held_by: red, links: [{to: mid, hours: 5}]}",
                 "{id: mid, name: Mid, kind: region, held_by: blue, "
                 "links: [{to: eastburg, hours: 3}]}"),
      RESERVE_AT_FAR],
     [],
     "46:62: no chain of links leads from off-map area 'far' onto the map for 'red', whose "
     "unit 'r_reserve' starts there; 'mid' is the other side's, and a chain passes only "
     "through a side's own areas\n    hint: link it to a place on the map, or to an area of "
     "'red' that is linked to the map"),
    ("areas_linked_in_a_circle",
     [with_areas("{id: far, name: Far, kind: front, held_by: red, links: [{to: mid, hours: 5}]}",
                 "{id: mid, name: Mid, kind: region, held_by: red, links: [{to: far, hours: 3}]}"),
      RESERVE_AT_FAR, ("at: crossing, strength", "at: mid, strength")],
     [],
     "46:62: no chain of links leads from off-map areas 'far' and 'mid' onto the map for "
     "'red', whose units 'r_reserve' and 'r_rifles' start there\n    hint: link one of them "
     "to a place on the map, or to an area of 'red' that is linked to the map"),
    ("unit_with_no_road_it_can_use",
     [("  roads:\n", "  roads:\n    - {from: hut, to: brook, class: track}\n"),
      ("    - {id: ford,", "    - {id: hut, name: Hut, kind: site, lat: 47.93, lon: 10.18, "
       "held_by: blue}\n    - {id: ford,"),
      ("at: ashby, source: T1}", "at: hut, source: T1}")],
     [("track: 15}", "track: 0}")],
     "51:65: unit 'b_tanks' cannot leave 'hut': its type 'tanks' cannot use the roads there "
     "(track)\n    hint: place it where a road it can use leads, or give 'tanks' a speed on "
     "track"),
    ("destination_beyond_usable_roads",
     [("{from: crossing, to: dunmore, class: local}", "{from: crossing, to: dunmore, "
       "class: track}"), ("{from: dunmore, to: eastburg, class: local}",
                          "{from: dunmore, to: eastburg, class: track}"),
      ("    action: attack\n    to: crossing", "    action: attack\n    to: dunmore")],
     [("track: 15}", "track: 0}")],
     "60:9: unit 'b_tanks' cannot reach 'dunmore' from 'ashby' by roads its type 'tanks' can "
     "use (not track)\n    hint: add a road it can use, or send another unit"),
    ("lat_and_lon_swapped", [("lat: 48.05, lon: 10.12", "lat: 10.12, lon: 48.05")], [],
     "24:52: place 'ashby' lies 5,483 km from the middle of the map, where the other places "
     "lie within 250 km\n    hint: lat and lon look swapped: write lat: 48.05, lon: 10.12"),
    ("latitude_off_by_ten", [("lat: 48.05, lon: 10.12", "lat: 58.05, lon: 10.12")], [],
     "24:52: place 'ashby' lies 1,118 km from the middle of the map, where the other places "
     "lie within 250 km\n    hint: check lat and lon: the middle of the map is near lat 48.00,"
     " lon 10.29"),
    ("objective_due_after_the_end",
     [("places: [eastburg]}", "places: [eastburg], by: 2031-01-01T00:00:00+02:00}")], [],
     "87:89: objective 'red_hold' is due 2031-01-01T00:00:00+02:00, outside the scenario\n"
     "    hint: the scenario runs from 2030-05-01T06:00:00+02:00 to "
     "2030-05-02T18:00:00+02:00"),
    ("road_given_twice",
     [("    - {from: westport, to: brook, class: local}\n",
       "    - {from: westport, to: brook, class: local}\n"
       "    - {from: brook, to: westport, class: track}\n")], [],
     "34:7: a second road between 'brook' and 'westport': the first (line 33) is a local "
     "road, this one track\n    hint: keep one road between two places; the map keeps only "
     "the faster of the two"),
    ("band_high_to_low", [("band: [0, 120]", "band: [120, 0]")], [],
     "83:52: field 'band': [120, 0] runs from high to low; write it [low, high]: [0, 120]\n"
     "    hint: Calibration band `[low, high]` that a replay's median should fall in (metric "
     "unit); it needs a `basis`."),
    ("place_copied_without_a_new_id",
     [("{id: dunmore, name: Dunmore", "{id: ashby, name: Dunmore")], [],
     "29:12: duplicate place, off-map area or unit id 'ashby'\n    hint: already used at line "
     "24; this one is named 'Dunmore', and 'dunmore' (at lines 38, 40) is unknown: write "
     "'id: dunmore'"),
]


@pytest.mark.parametrize(("scenario", "rules", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_what_would_break_the_run_is_one_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], scenario: list[Edit],
        rules: list[Edit], expected: str) -> None:
    path = edited(tmp_path, scenario, rules)
    assert one_problem(path, capsys) == f"{path}:{expected}"


def test_run_refuses_the_file_with_the_same_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = edited(tmp_path, [("    side: blue\n    units: [b_rifles]",
                              "    side: red\n    units: [r_reserve]")])
    said = validate(path, capsys)
    assert validate(path, capsys, command="run") == said
    assert said[0] == 2 and len(said[1]) == 1
