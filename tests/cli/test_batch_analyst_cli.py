"""An analyst's loop from the command line: an experiment beside its scenarios, a store
elsewhere, a report from a third folder, and an export read back."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from engine import analysis
from engine.batch import claim_bands
from scenario.loader import load
from tui.cli import main

MINI = Path("tests/data/mini").resolve()
DOCS = Path("docs/batch.md").resolve()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> Path:
    """A batch of an experiment whose base is relative to it, as docs/experiments.md says."""
    shutil.copytree(MINI, tmp_path / "scenarios")
    (tmp_path / "experiments").mkdir()
    (tmp_path / "results").mkdir()
    experiment = tmp_path / "experiments" / "e.yaml"
    experiment.write_text("base: ../scenarios/mini.yaml\nruns: 3\nvariants: [strong_red]\n",
                          encoding="utf-8")
    out = tmp_path / "results" / "r.sqlite"
    code, _, err = run(capsys, "batch", str(experiment), "--out", str(out))
    assert code == 0, err
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return out


def test_every_banded_claim_of_the_base_is_drawn_wherever_the_report_is_made(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bands = claim_bands(load(MINI / "mini.yaml"))
    assert bands
    assert analysis.read(store).bands == bands
    code, _, err = run(capsys, "report", str(store), "--out", "report")
    assert code == 0, err
    text = Path("report/report.md").read_text(encoding="utf-8")
    for band in bands:
        assert (Path("report") / f"{band.metric}.png").exists(), band.metric
        assert f"`{band.claim}` ({band.date}" in text


def test_every_exported_column_is_documented_and_no_run_is_lost(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(store), "--csv", "csv")
    assert code == 0, err
    docs = DOCS.read_text(encoding="utf-8")
    section = docs.split("## Export")[1].split("\n## ")[0]
    documented = set(re.findall(r"`([a-z_.<>]+)`", section))
    with open("csv/runs.csv", encoding="utf-8") as file:
        runs = list(csv.DictReader(file))
    with open("csv/series.csv", encoding="utf-8") as file:
        series_columns = next(csv.reader(file))
    assert len(runs) == 6  # 2 cells x 3 seeds
    for column in [*runs[0], *series_columns]:
        name = "final.<metric>" if column.startswith("final.") else column
        assert name in documented, f"column {column!r} is not in docs/batch.md's Export"
