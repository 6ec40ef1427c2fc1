"""The benchmark harness's report: tables from a tiny fake results file, never typed."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from bench.figures import fig, growth
from bench.machine import write_json
from bench.report import END, START, TARGETS, main, render, splice, verdict


def run(date: str, **figures: Any) -> dict[str, Any]:
    return {"schema": 1, "kind": "full", "date": date, "wall_s": 90.0,
            "machine": {"cpus": 2, "cpus_available": 2, "cpu_model": "Fake CPU"},
            "git": {"commit": "0123456789abcdef", "branch": "main", "uncommitted": []},
            "load_average": {"start": [0.1, 0.1, 0.1]}, "figures": figures, "errors": []}


BEFORE = run(
    "2026-01-01T00:00:00+00:00",
    **{"kursk.ratio": fig("Kursk replay / bare SimPy 100k", 1.2, "ratio"),
       "load.kursk_ms": fig("Kursk load", 140.0, "ms"),
       "grid.10000.run_s": fig("grid 10,000: run", None, "s",
                               "did not finish in 600 s (stopped during run)",
                               lower_bound=580.0),
       "grid.growth": fig("growth", 1.9, "exponent", "a lower bound", bound="at_least")})
AFTER = run(
    "2026-02-01T00:00:00+00:00",
    **{"kursk.ratio": fig("Kursk replay / bare SimPy 100k", 0.15, "ratio"),
       "load.kursk_ms": fig("Kursk load", 70.0, "ms"),
       "grid.10000.run_s": fig("grid 10,000: run", 12.5, "s"),
       "grid.growth": fig("growth", 1.05, "exponent")})


def target(figure: str) -> Any:
    return next(t for t in TARGETS if t.figure == figure)


def test_verdicts() -> None:
    ratio = target("kursk.ratio")
    assert verdict(ratio, AFTER["figures"]["kursk.ratio"]) == "pass (aim 0.12: not yet)"
    assert verdict(ratio, fig("r", 0.1, "ratio")) == "pass"
    assert verdict(ratio, BEFORE["figures"]["kursk.ratio"]) == "miss"
    assert verdict(target("grid.10000.run_s"), BEFORE["figures"]["grid.10000.run_s"]) == "miss"
    assert verdict(target("grid.growth"), BEFORE["figures"]["grid.growth"]) == "miss"
    assert verdict(target("grid.growth"), fig("g", 1.1, "exponent", bound="at_least")) == "-"
    assert verdict(target("calibrate.speedup"), None) == "-"


def test_the_table_comes_from_both_files() -> None:
    text = render(BEFORE, AFTER)
    assert "| Kursk load | 140.0 ms | 70.0 ms | x0.50 |" in text
    assert "> 580.00 s [1] **miss** | 12.50 s **pass**" in text
    assert "| growth | >= n^1.90 [2] | n^1.05 | -0.85 |" in text
    assert "[1] before: did not finish in 600 s (stopped during run)" in text
    assert "2026-01-01T00:00:00+00:00, commit `0123456789`" in text


def test_a_baseline_alone_or_the_same_run_twice_has_one_column() -> None:
    for after in (None, BEFORE, BEFORE | {"date": "2025-12-31T00:00:00+00:00"}):
        text = render(BEFORE, after)
        assert "| target | before |" in text and "after / before" not in text
        assert "no run since the baseline" in text


def test_splice_replaces_only_between_the_markers() -> None:
    doc = f"# T\n\n{START}\nold\n{END}\n\ntail\n"
    assert splice(doc, "new\n") == f"# T\n\n{START}\nnew\n{END}\n\ntail\n"
    with pytest.raises(ValueError):
        splice("no markers", "x")


def test_main_writes_the_document_then_checks_it(tmp_path: Path) -> None:
    results, baseline, doc = tmp_path / "r.json", tmp_path / "b.json", tmp_path / "B.md"
    write_json(results, AFTER)
    write_json(baseline, BEFORE)
    doc.write_text(f"intro\n{START}\n{END}\n", encoding="utf-8")
    paths = ["--results", str(results), "--baseline", str(baseline), "--doc", str(doc)]
    assert main(["--check", *paths]) == 1
    assert main(paths) == 0
    assert main(["--check", *paths]) == 0
    assert "| Kursk load | 140.0 ms | 70.0 ms | x0.50 |" in doc.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["B.md", "b.json", "r.json"]


def test_a_quick_run_stays_out_of_the_document(tmp_path: Path) -> None:
    results, doc = tmp_path / "r.json", tmp_path / "B.md"
    results.write_text(json.dumps(AFTER | {"kind": "quick"}), encoding="utf-8")
    doc.write_text(f"{START}\n{END}\n", encoding="utf-8")
    args = ["--results", str(results), "--baseline", str(tmp_path / "none.json"),
            "--doc", str(doc)]
    assert main(args) == 2
    assert main(["--set-baseline", *args]) == 2
    assert doc.read_text(encoding="utf-8") == f"{START}\n{END}\n"


def test_growth_is_the_least_squares_slope() -> None:
    slope, note = growth([(100, 1.0, True), (1000, 10 ** 1.5, True), (10000, 1000.0, True)])
    assert note is None and slope is not None and math.isclose(slope, 1.5)
    slope, note = growth([(100, 1.0, True), (1000, 10.0, True), (10000, 200.0, False)])
    assert note == "at least" and slope is not None and slope > 1.0
    assert growth([(100, 5.0, False), (1000, 10.0, True), (10000, 20.0, True)])[0] is None
    assert growth([(100, 1.0, True)])[0] is None


def test_different_inputs_are_flagged() -> None:
    before = BEFORE | {"inputs": {"scenarios/kursk_2024.yaml": "aaa"}}
    after = AFTER | {"inputs": {"scenarios/kursk_2024.yaml": "bbb"}}
    assert "`scenarios/kursk_2024.yaml` differ between the two runs" in render(before, after)
    assert "differ between" not in render(before, AFTER | {"inputs": before["inputs"]})


def test_the_machine_ceiling_is_shown_beside_calibrate() -> None:
    after = AFTER | {"figures": AFTER["figures"] | {
        "calibrate.speedup": fig("calibrate speed-up, 2 jobs over 1", 1.1, "x"),
        "machine.ceiling": fig("ceiling", 1.25, "x")}}
    text = render(BEFORE, after)
    assert ("1.10x **miss** (the machine's ceiling, measured beside it: 1.25x)" in text)
    assert "| calibrate 200 runs: 2 jobs at least 1.8x faster than 1 | - **-** |" in text
