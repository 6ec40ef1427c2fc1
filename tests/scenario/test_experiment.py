"""Experiments: the file format, the cells it resolves to, and its errors at file:line:col."""

from __future__ import annotations

import copy
import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.metrics import METRICS
from scenario import SalientError, ScenarioError, load
from scenario.experiment import (
    REMOVED,
    Experiment,
    from_scenario,
    load_experiment,
    validate_experiment,
)
from scenario.models import Variant
from scenario.recording import FRONT_METRIC, SIDE_METRICS, day_ends
from scenario.variants import apply_to_data, value_at

KURSK = Path("scenarios/kursk_2024.yaml")
MINI = Path("tests/data/mini/mini.yaml").resolve()
BAD = Path("tests/data/experiments")
EXAMPLE = Path("experiments/kursk_convoys.yaml")
CONVOY = ("units[ru_44ak_convoy].available", "timeline[convoy_e38].at",
          "timeline[convoy_on].at")


def _write(folder: Path, body: str, name: str = "exp.yaml") -> Path:
    path = folder / name
    path.write_text(f"base: {MINI}\nruns: 3\n{body}", encoding="utf-8")
    return path


def _dump(experiment: Experiment, name: str) -> dict[str, Any]:
    cell = next(c for c in experiment.cells if c.name == name)
    return cell.scenario.model_dump(mode="json", by_alias=True)


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# -- the example ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Experiment:
    return load_experiment(EXAMPLE)


def test_example_resolves_to_base_variants_and_the_linked_sweep(example: Experiment) -> None:
    assert [c.name for c in example.cells] == [
        "base", "no_himars", "convoys_early", "convoy_departure=-24h", "convoy_departure=-18h",
        "convoy_departure=-12h", "convoy_departure=-6h", "convoy_departure=+0h"]
    assert example.runs == 100
    assert example.base == Path("scenarios/kursk_2024.yaml")
    assert example.text == EXAMPLE.read_text(encoding="utf-8")
    assert example.cells[0].parameters == {}
    assert example.cells[1].scenario.rules.unit_types["himars_battery"].weapon is not None
    assert example.cells[1].scenario.rules.unit_types["himars_battery"].weapon.ammunition == 0


def test_linked_times_move_together(example: Experiment) -> None:
    base = _dump(example, "base")
    for offset in (-24, -18, -12, -6, 0):
        cell = next(c for c in example.cells if c.name == f"convoy_departure={offset:+d}h")
        data = cell.scenario.model_dump(mode="json", by_alias=True)
        for path in CONVOY:
            shift = _moment(value_at(data, path)) - _moment(value_at(base, path))
            assert shift == dt.timedelta(hours=offset)
            assert cell.parameters[path] == _moment(value_at(data, path))


def test_linked_offset_of_a_day_is_the_convoys_early_variant(example: Experiment) -> None:
    assert _dump(example, "convoy_departure=-24h") == _dump(example, "convoys_early")


def test_example_records_ground_and_depth_at_the_end_of_each_day(example: Experiment) -> None:
    scenario = example.cells[0].scenario
    assert example.recording.metrics == ("ground_km2", "depth_km")
    assert example.recording.times == day_ends(scenario)
    times = example.recording.times
    assert times[0] == 19.0
    assert all(b - a == 24.0 for a, b in zip(times[:-2], times[1:-1], strict=True))
    end = scenario.metadata.end - scenario.metadata.start
    assert times[-1] == end.total_seconds() / 3600


# -- designs --------------------------------------------------------------------------------


def test_factorial_count_is_the_product_and_cells_carry_their_values(tmp_path: Path) -> None:
    path = _write(tmp_path, """
design:
  kind: factorial
  parameters:
    - path: rules.control.hold_hours
      values: [1, 2.5, 4]
    - path: units[r_rifles].strength
      range: {from: 0.25, to: 1.0, step: 0.25}
    - name: followers
      path: timeline[1].units
      choose: [b_rifles, b_tanks]
""")
    experiment = load_experiment(path)
    design = experiment.cells[1:]
    assert len(design) == 3 * 4 * 3
    assert len({c.name for c in design}) == len(design)
    cell = next(c for c in design
                if c.name == "hold_hours=2.5,strength=0.75,followers=b_rifles+b_tanks")
    assert cell.parameters == {"rules.control.hold_hours": 2.5,
                               "units[r_rifles].strength": 0.75,
                               "timeline[1].units": ["b_rifles", "b_tanks"]}
    assert cell.scenario.rules.control.hold_hours == 2.5
    assert cell.scenario.timeline[1].units == ("b_rifles", "b_tanks")  # type: ignore[union-attr]
    strengths = sorted({float(c.parameters["units[r_rifles].strength"])  # type: ignore[arg-type]
                        for c in design})
    assert strengths == [0.25, 0.5, 0.75, 1.0]


def _lhs(folder: Path, samples: int, seed: int) -> Experiment:
    return load_experiment(_write(folder, f"""
design:
  kind: latin_hypercube
  samples: {samples}
  seed: {seed}
  parameters:
    - path: rules.control.hold_hours
      range: {{from: 0, to: 10}}
    - path: rules.unit_types.rifles.personnel
      range: {{from: 100, to: 150}}
    - path: units[r_reserve].available
      range: {{from: 2030-05-01T08:00:00+02:00, to: 2030-05-01T20:00:00+02:00}}
    - path: units[r_rifles].strength
      range: {{from: 0.2, to: 1.0, step: 0.2}}
    - name: shift
      linked: ["units[b_tanks].strength", "units[b_rifles].strength"]
      range: {{from: -0.5, to: 0}}
    - path: rules.combat.break_at
      values: [0.3, 0.4, 0.5, 0.6, 0.7]
""", name=f"lhs{seed}.yaml"))


def test_latin_hypercube_puts_one_sample_in_each_stratum(tmp_path: Path) -> None:
    samples = 10
    experiment = _lhs(tmp_path, samples, seed=3)
    design = experiment.cells[1:]
    assert [c.name for c in design] == [f"lhs-{k:03d}" for k in range(1, samples + 1)]
    hours = [float(c.parameters["rules.control.hold_hours"]) for c in design]  # type: ignore[arg-type]
    assert sorted(math.floor(h / 10 * samples) for h in hours) == list(range(samples))
    breaks = sorted(c.parameters["rules.combat.break_at"] for c in design)  # type: ignore[type-var]
    assert breaks == [0.3, 0.3, 0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 0.7, 0.7]


def test_latin_hypercube_rounds_as_documented(tmp_path: Path) -> None:
    design = _lhs(tmp_path, 10, seed=3).cells[1:]
    personnel = [c.parameters["rules.unit_types.rifles.personnel"] for c in design]
    assert all(isinstance(p, int) and 100 <= p <= 150 for p in personnel)
    whole = [int(p) for p in personnel]  # type: ignore[call-overload]
    for k, p in enumerate(sorted(whole)):  # each within half a unit of its own stratum
        assert 100 + 5 * k - 0.5 <= p <= 100 + 5 * (k + 1) + 0.5
    arrivals = [c.parameters["units[r_reserve].available"] for c in design]
    assert all(isinstance(a, dt.datetime) and a.second == 0 and a.microsecond == 0
               for a in arrivals)
    strengths = {c.parameters["units[r_rifles].strength"] for c in design}
    assert strengths <= {0.2, 0.4, 0.6, 0.8, 1.0}
    for cell in design:
        tanks = cell.parameters["units[b_tanks].strength"]
        rifles = cell.parameters["units[b_rifles].strength"]
        assert isinstance(tanks, float) and isinstance(rifles, float)
        assert tanks == rifles  # both start at 1.0: the same offset
        assert cell.scenario.units[1].strength == tanks


def test_latin_hypercube_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = [c.parameters for c in _lhs(tmp_path, 6, seed=1).cells]
    again = [c.parameters for c in _lhs(tmp_path, 6, seed=1).cells]
    other = [c.parameters for c in _lhs(tmp_path, 6, seed=2).cells]
    assert first == again
    assert first != other


def test_choose_picks_every_combination_in_the_order_written(tmp_path: Path) -> None:
    experiment = load_experiment(_write(tmp_path, """
sweeps:
  - name: attackers
    path: timeline[0].units
    choose: [b_tanks, b_rifles]
    pick: [1, 2]
"""))
    assert [c.name for c in experiment.cells] == [
        "base", "attackers=b_tanks", "attackers=b_rifles", "attackers=b_tanks+b_rifles"]


def test_inline_variant_and_set_apply_to_every_cell(tmp_path: Path) -> None:
    experiment = load_experiment(_write(tmp_path, """
set: {rules.control.hold_hours: 5}
variants:
  - strong_red
  - no_tanks
  - id: weak_blue
    title: Blue rifles at half strength
    set: {"units[b_rifles].strength": 0.5}
"""))
    assert [c.name for c in experiment.cells] == ["base", "strong_red", "no_tanks", "weak_blue"]
    assert all(c.scenario.rules.control.hold_hours == 5 for c in experiment.cells)
    weak = experiment.cells[3]
    assert weak.parameters == {"units[b_rifles].strength": 0.5}
    assert weak.scenario.units[0].strength == 0.5
    no_tanks = experiment.cells[2]
    assert no_tanks.parameters == {"units[b_tanks]": REMOVED, "timeline[0]": REMOVED}
    assert "b_tanks" not in {u.id for u in no_tanks.scenario.units}


def test_a_good_experiment_validates_clean() -> None:
    assert validate_experiment(EXAMPLE) == []


# -- errors ---------------------------------------------------------------------------------

BAD_CASES: list[tuple[str, int, int, str, str | None]] = [
    ("bad_path", 5, 11, "path 'rules.control.hold_hour': no field 'hold_hour'",
     "did you mean 'hold_hours'?"),
    ("unknown_variant", 5, 5, "unknown variant 'strong_rd'", "did you mean 'strong_red'?"),
    ("bad_design", 4, 9, "field 'kind': 'latin_hypercub' is not one of the allowed words",
     "did you mean 'latin_hypercube'?"),
    ("factorial_without_step", 7, 14, "a factorial design steps through values: this range "
     "needs 'step:'", "add e.g. step: 1, or list values:"),
    ("invalid_cell", 5, 24, "cell 'strength=2' gives an invalid scenario: field 'strength': "
     "input should be less than or equal to 1, got 2.0",
     "Share of the type's full strength (fraction 0-1, above 0)."),
    ("bad_record", 4, 13, "unknown metric 'grund_km2'", "did you mean 'ground_km2'?"),
    ("unknown_key", 3, 1, "unknown field 'sweep'", "did you mean 'sweeps'?"),
    ("bad_linked", 6, 9, "path 'timeline[9].at': no item with id '9'", None),
]


@pytest.mark.parametrize(("name", "line", "col", "message", "hint"), BAD_CASES,
                         ids=[c[0] for c in BAD_CASES])
def test_bad_experiment_is_refused_at_file_line_col(name: str, line: int, col: int,
                                                    message: str, hint: str | None) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_experiment(path)
    first = caught.value.problems[0]
    assert first.position is not None
    assert (first.position.file, first.position.line, first.position.col) == \
        (str(path), line, col)
    assert first.message == message
    assert first.hint == hint
    assert validate_experiment(path)[0].startswith(f"{path}:{line}:{col}: {message}")


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    messages = validate_experiment(BAD / "bad_record.yaml")
    assert [m.split("\n")[0] for m in messages] == [
        f"{BAD}/bad_record.yaml:4:13: unknown metric 'grund_km2'",
        f"{BAD}/bad_record.yaml:4:24: metric 'depth_km.blu': 'blu' is not a side of the "
        "scenario",
        f"{BAD}/bad_record.yaml:5:14: time 2031-01-01T00:00:00+00:00 is outside the scenario "
        "(0 to 36 hours, 2030-05-01T06:00:00+02:00 to 2030-05-02T18:00:00+02:00)"]
    linked = validate_experiment(BAD / "bad_linked.yaml")
    assert linked[1].startswith(f"{BAD}/bad_linked.yaml:11:13: 'values:' does not go with "
                                "'linked:'")


@pytest.mark.parametrize(("body", "message"), [
    ("design:\n  kind: latin_hypercube\n  parameters:\n"
     "    - {path: rules.control.hold_hours, values: [1, 2]}\n",
     "a latin_hypercube design needs 'samples:' (how many cells)"),
    ("sweeps:\n  - {path: rules.control.hold_hours, range: {from: 1, to: 4}}\n",
     "a sweep steps through values: this range needs 'step:'"),
    ("sweeps:\n  - {path: rules.control.hold_hours, values: [1], range: {from: 1, to: 4}}\n",
     "give exactly one of 'values:', 'range:', 'choose:'"),
    ("sweeps:\n  - {path: rules.control.hold_hours, values: [1, 1]}\n",
     "two cells are named 'hold_hours=1'"),
    ("sweeps:\n  - {path: rules.control.hold_hours, range: {from: 4, to: 1, step: 1}}\n",
     "'to:' is before 'from:'"),
    ("variants:\n  - {use: no_tanks, title: x}\n",
     "'use: no_tanks' names one of the scenario's variants; 'title:' belongs to a new overlay"),
    ("variants:\n  - {id: x}\n", "a new variant needs 'id:' and 'title:'"),
    ("set: {rules.combat.brek_at: 0.4}\n", "path 'rules.combat.brek_at': no field 'brek_at'"),
    ("design:\n  kind: factorial\n  parameters:\n"
     "    - {path: rules.control.hold_hours, values: [1, 2]}\n"
     "    - {name: again, path: rules.control.hold_hours, values: [3]}\n",
     "'rules.control.hold_hours' is already set by parameter 'hold_hours'"),
    ("record: {times: [noon]}\n", "cannot read 'noon' as a time"),
    ("sweeps:\n  - {path: 'units[r_rifles].strength', choose: [0.5], pick: 3}\n",
     "cannot pick 3 to 3 of 1 candidates"),
])
def test_more_mistakes_are_positioned(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ScenarioError) as caught:
        load_experiment(path)
    problem = caught.value.problems[0]
    assert problem.message == message
    assert problem.position is not None and problem.position.file == str(path)
    assert problem.position.line >= 3


def test_an_overlay_path_that_names_nothing_is_positioned_at_its_key(tmp_path: Path) -> None:
    path = _write(tmp_path, """variants:
  - id: weak
    title: Weak
    set:
      units[b_rifle].strength: 0.5
""")
    with pytest.raises(ScenarioError) as caught:
        load_experiment(path)
    [problem] = caught.value.problems
    assert str(problem) == (f"{path}:7:7: path 'units[b_rifle].strength': no item with id "
                            "'b_rifle'\n    hint: did you mean 'b_rifles'?")


def test_a_set_that_breaks_the_base_is_one_problem_at_set(tmp_path: Path) -> None:
    path = _write(tmp_path, "set: {rules.combat.break_at: 3}\nsweeps:\n"
                  "  - {path: rules.control.hold_hours, values: [1, 2, 3]}\n")
    with pytest.raises(ScenarioError) as caught:
        load_experiment(path)
    [problem] = caught.value.problems
    assert str(problem.position) == f"{path}:3:1"
    assert problem.message.startswith("cell 'base' gives an invalid scenario: field "
                                      "'break_at': input should be less than or equal to 1")


def test_an_empty_file_says_how_to_start(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("\n", encoding="utf-8")
    assert validate_experiment(path) == [
        f"{path}:1:1: the file is empty\n    hint: an experiment starts with "
        "'base: path/to/scenario.yaml'"]


def test_kursk_choose_battalions_and_a_front_rate(tmp_path: Path) -> None:
    path = tmp_path / "front.yaml"
    path.write_text(f"""base: {KURSK.resolve()}
sweeps:
  - name: units_moved
    path: timeline[dpr_move].units
    choose: [ru_dpr_1ak, ru_pokrovsk_1]
  - name: rate
    path: map.off_map[pokrovsk_axis].front.advance_km_per_day
    values: [0.3, 0.9]
""", encoding="utf-8")
    experiment = load_experiment(path)
    assert [c.name for c in experiment.cells] == [
        "base", "units_moved=ru_dpr_1ak", "units_moved=ru_pokrovsk_1",
        "units_moved=ru_dpr_1ak+ru_pokrovsk_1", "rate=0.3", "rate=0.9"]
    both = experiment.cells[3].scenario
    order = next(e for e in both.timeline if e.id == "dpr_move")
    assert order.units == ("ru_dpr_1ak", "ru_pokrovsk_1")  # type: ignore[union-attr]
    front = next(a for a in experiment.cells[5].scenario.map.off_map if a.id == "pokrovsk_axis")
    assert front.front is not None and front.front.advance_km_per_day == 0.9


def test_a_missing_base_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "exp.yaml"
    path.write_text("runs: 2\nbase: nowhere.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"exp.yaml:2:7: no scenario file .*nowhere.yaml"):
        load_experiment(path)


def test_record_names_match_the_engine() -> None:
    assert SIDE_METRICS == METRICS
    assert FRONT_METRIC == "front_km"


# -- a scenario alone -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kursk_alone() -> Experiment:
    return from_scenario(KURSK, sets=["rules.control.hold_hours=20"], runs=7)


def test_a_scenario_alone_runs_its_base_and_its_variants(kursk_alone: Experiment) -> None:
    base = load(KURSK)
    assert [c.name for c in kursk_alone.cells] == ["base", *(v.id for v in base.variants)]
    assert len(kursk_alone.cells) == 5 and kursk_alone.runs == 7
    assert all(c.scenario.rules.control.hold_hours == 20 for c in kursk_alone.cells)
    assert base.rules.control.hold_hours != 20
    assert kursk_alone.cells[1].parameters == {
        "rules.unit_types.himars_battery.weapon.ammunition": 0}


def test_a_scenario_alone_writes_an_equivalent_experiment(kursk_alone: Experiment,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "again.yaml"
    path.write_text(kursk_alone.text.replace("base: kursk_2024.yaml",
                                             f"base: {KURSK.resolve()}"), encoding="utf-8")
    again = load_experiment(path)
    assert again.runs == kursk_alone.runs
    assert [c.name for c in again.cells] == [c.name for c in kursk_alone.cells]
    assert [c.scenario for c in again.cells] == [c.scenario for c in kursk_alone.cells]


def test_named_variants_only() -> None:
    experiment = from_scenario(KURSK, variants=["convoys_early"])
    assert [c.name for c in experiment.cells] == ["base", "convoys_early"]
    moved = experiment.cells[1].scenario.units
    assert next(u for u in moved if u.id == "ru_44ak_convoy").available == \
        dt.datetime.fromisoformat("2024-08-07T23:00:00+03:00")
    assert experiment.cells[0].scenario.model_dump(mode="json") == \
        load(KURSK).model_dump(mode="json")


@pytest.mark.parametrize(("sets", "variants", "message"), [
    (["hold_hours"], [], r"--set 'hold_hours': write path=value"),
    (["rules.control.hold_hour=3"], [],
     r"--set 'rules.control.hold_hour=3': path .*no field 'hold_hour'; did you mean "
     r"'hold_hours'\?"),
    (["rules.control.hold_hours="], [], r"no value after '='"),
    (["rules.control.hold_hours=-1"], [], r"--set 'rules.control.hold_hours=-1' makes the "
     r"scenario invalid: field 'hold_hours': input should be greater than or equal to 0"),
    ([], ["no_himar"], r"unknown variant 'no_himar'; did you mean 'no_himars'\?"),
])
def test_bad_command_line_changes_are_named(sets: list[str], variants: list[str],
                                            message: str) -> None:
    with pytest.raises(SalientError, match=message):
        from_scenario(KURSK, variants=variants, sets=sets)


# -- property -------------------------------------------------------------------------------

FIELDS: list[tuple[str, float, float]] = [
    ("rules.control.hold_hours", 0.0, 240.0),
    ("rules.combat.break_at", 0.0, 1.0),
    ("units[r_rifles].strength", 0.01, 1.0),
    ("rules.fires.effects.rocket.vehicles", 0.0, 100.0),
]


def _differences(a: Any, b: Any, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in _differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [where]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), data=st.data())
def test_a_sweep_changes_only_the_swept_field(field: tuple[str, float, float],
                                               data: st.DataObject) -> None:
    path, low, high = field
    values = data.draw(st.lists(st.floats(low, high, allow_nan=False).map(lambda x: round(x, 4)),
                                min_size=1, max_size=3, unique=True))
    with tempfile.TemporaryDirectory() as folder:
        listed = ", ".join(repr(v) for v in values)
        experiment = load_experiment(_write(Path(folder), f"sweeps:\n  - path: {path}\n"
                                            f"    values: [{listed}]\n"))
    base = experiment.cells[0].scenario.model_dump(mode="json", by_alias=True)
    for cell, value in zip(experiment.cells[1:], values, strict=True):
        dump = cell.scenario.model_dump(mode="json", by_alias=True)
        assert value_at(dump, path) == value
        assert len(_differences(base, dump)) <= 1
        expected = apply_to_data(copy.deepcopy(base), Variant(id="v", title="v",
                                                              set={path: value}))
        assert dump == expected
