"""``salient batch EXPERIMENT`` then ``salient report RESULTS``: an analyst's whole loop."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from engine import analysis
from tui.cli import main

MINI = Path("tests/data/mini/mini.yaml").resolve()


def experiment(folder: Path) -> Path:
    """A small experiment on the mini scenario: its base, one variant, a sweep."""
    path = folder / "sweep.yaml"
    path.write_text(f"""\
base: {MINI}
runs: 8
variants: [strong_red]
sweeps:
  - path: rules.combat.attrition_per_hour
    values: [0.02, 0.1]
""", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "results.sqlite"
    code, said, err = run(capsys, "batch", str(experiment(tmp_path)), "--out", str(target))
    assert code == 0, err
    assert "32 of 32" in said  # 4 cells x 8 runs
    return target


def raw_finals(path: Path) -> dict[str, dict[int, dict[str, float]]]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT cell, seed, final FROM runs WHERE status = 'done'")
        found: dict[str, dict[int, dict[str, float]]] = {}
        for cell, seed, final in rows:
            found.setdefault(cell, {})[seed] = json.loads(final)
    return found


def test_the_report_links_its_charts_and_each_decodes(
        store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report"
    code, said, err = run(capsys, "report", str(store), "--out", str(out))
    assert code == 0, err
    text = (out / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert sorted(links) == sorted(p.name for p in out.glob("*.png")) and links
    for name in links:
        assert image.imread(out / name).std() > 0
    assert "rules.combat.attrition_per_hour" in text  # the experiment's text and ranking
    assert "## Differences from the base, paired by seed" in text


def test_the_statistics_match_numpy_on_the_stored_rows(store: Path) -> None:
    finals = raw_finals(store)
    results = analysis.read(store)
    found = {(s.cell, s.metric): s for s in analysis.summaries(results)}
    for cell, by_seed in finals.items():
        for metric in ("personnel_losses.blue", "ground_km2.red"):
            data = np.array([by_seed[s][metric] for s in sorted(by_seed)])
            summary = found[(cell, metric)]
            assert summary.mean == pytest.approx(data.mean())
            assert (summary.p10, summary.median, summary.p90) == pytest.approx(
                tuple(np.percentile(data, [10, 50, 90])))


def test_paired_differences_are_the_stored_rows_seed_by_seed(store: Path) -> None:
    finals = raw_finals(store)
    differences = {(d.cell, d.metric): d for d in analysis.differences(analysis.read(store))}
    metric = "personnel_losses.blue"
    for cell in finals:
        if cell == "base":
            continue
        delta = [finals[cell][s][metric] - finals["base"][s][metric] for s in sorted(finals[cell])]
        assert differences[(cell, metric)].mean == pytest.approx(np.mean(delta))


def test_a_file_that_is_neither_a_game_nor_a_store_is_one_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "fake.sqlite"
    fake.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    code, _, err = run(capsys, "report", str(fake), "--out", str(tmp_path / "o"))
    assert code == 2 and err.count("\n") == 1 and "fake.sqlite" in err


def test_variant_and_set_flags_do_not_go_with_an_experiment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "batch", str(experiment(tmp_path)), "--set",
                       "rules.control.hold_hours=3", "--out", str(tmp_path / "r.sqlite"))
    assert code == 2 and "--set go with a scenario file" in err
    assert not (tmp_path / "r.sqlite").exists()


@pytest.mark.parametrize("bad", sorted(Path("tests/data/experiments").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_a_bad_experiment_is_refused_at_its_line_and_column_before_any_run(
        bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.sqlite"
    code, _, err = run(capsys, "batch", str(bad), "--out", str(target))
    assert code == 2
    assert re.match(rf"{re.escape(str(bad))}:\d+:\d+: ", err), err
    assert "Traceback" not in err and not target.exists()
