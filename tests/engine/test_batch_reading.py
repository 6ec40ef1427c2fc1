"""What a batch report says must hold for the runs it read: constant means constant, one
run still shows, a sweep's ranking uses its own cells, failures are reported, charts name
their units and fit their labels."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np
import pytest

from engine import analysis, executors
from engine.cellrun import RunResult
from engine.store import CellRecord, Store
from tests.engine.test_analysis import results
from tui import batchreport


def report(found: analysis.Results) -> str:
    return batchreport.markdown(found, analysis.sensitivity(found), [])


def constant_line(text: str) -> str:
    return next((line for line in text.splitlines()
                 if line.startswith("The same in every run")), "")


def test_a_metric_listed_as_the_same_in_every_run_is_the_same_in_every_run() -> None:
    rare = {s: (40.0 if s == 7 else 0.0) for s in range(40)}  # P10 = P90 = 0, one run 40
    flat = {s: 3.0 for s in range(40)}
    text = report(results({"base": {"rare": rare, "flat": flat},
                           "x": {"rare": rare, "flat": flat}}))
    assert "flat" in constant_line(text)
    assert "rare" not in constant_line(text)
    assert "### rare" in text


def test_one_run_per_cell_still_shows_each_value_without_an_interval() -> None:
    found = results({"base": {"m": {0: 5.0}}, "x": {"m": {0: 7.5}}})
    [base, other] = analysis.summaries(found)
    assert (base.count, base.median, other.median) == (1, 5.0, 7.5)
    assert all(math.isnan(v) for v in (*base.mean_ci, *base.median_ci))
    [diff] = analysis.differences(found)
    assert diff.pairs == 1 and diff.mean == 2.5
    text = report(found)
    assert "| x | 1 | 7.50 (no interval from one run)" in text
    assert "+2.50" in text


def sweep_beside_linked(rng: np.random.Generator) -> analysis.Results:
    """A linked sweep of paths a, b, a sweep of a alone, and a variant setting a."""
    values: dict[str, dict[str, dict[int, float]]] = {"base": {"out": {}}}
    parameters: dict[str, dict[str, object]] = {"base": {}}
    for offset in (0.0, 1.0, 2.0):  # linked: the outcome follows the offset exactly
        name = f"linked={offset}"
        parameters[name] = {"a": 10 + offset, "b": 100 + offset}
        values[name] = {"out": {s: offset + rng.normal(scale=1e-3) for s in range(10)}}
    for level in (5.0, 20.0, 30.0, 40.0):  # a alone: no effect at all
        name = f"a={level}"
        parameters[name] = {"a": level}
        values[name] = {"out": {s: rng.normal() for s in range(10)}}
    values["base"]["out"] = {s: rng.normal() for s in range(10)}
    return results(values, parameters)


def test_a_linked_sweep_stays_one_parameter_over_its_own_cells() -> None:
    found = analysis.sensitivity(sweep_beside_linked(np.random.default_rng(3)))
    by_name = {i.parameter: i for i in found if i.metric == "out"}
    assert by_name["a + b"].cells == 3 and by_name["a + b"].score > 0.9
    alone = [i for name, i in by_name.items() if name != "a + b"]
    assert alone and all(i.cells == 4 for i in alone)  # never pooled with the linked cells


def test_a_batch_without_sweeps_has_no_ranking_section() -> None:
    found = results({"base": {"m": {0: 1.0, 1: 2.0}}, "v": {"m": {0: 3.0, 1: 5.0}}},
                    {"base": {}, "v": {"rules.x": 1}})
    headings = [line for line in report(found).splitlines() if line.startswith("## ")]
    assert not [h for h in headings if "outcome" in h], headings


def test_a_weak_ranking_does_not_say_the_parameters_have_no_effect() -> None:
    rng = np.random.default_rng(5)
    values = {f"p={p}": {"m": {s: 0.01 * p + rng.normal() for s in range(30)}}
              for p in range(3)}
    found = results({"base": {"m": {s: rng.normal() for s in range(30)}}, **values},
                    {"base": {}, **{f"p={p}": {"p": p} for p in range(3)}})
    text = report(found)
    assert "No parameter moves" not in text
    assert "paired differences" in text.split("## How strongly")[1]


def failing_store(tmp_path: Path) -> Path:
    """A real store: the base finished 3 runs, the cell 'doomed' failed every one."""
    path = tmp_path / "r.sqlite"
    store = Store.create(path, [CellRecord("base", {}, "d0"),
                                CellRecord("doomed", {"x": 1}, "d1")], "base: x.yaml\n")
    for seed in range(3):
        store.add(RunResult("base", seed, "done", None, 0.1, "h:1", {"m.a": float(seed)},
                            (("ground_km2.a", 24.0, float(seed)),)))
        store.add(RunResult("doomed", seed, "failed", "RunawayError: too many events\n  at x",
                            0.1, "h:1"))
    store.close()
    return path


def test_a_cell_whose_every_run_failed_is_named_with_its_error(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    text = batchreport.write_batch_report(failing_store(tmp_path),
                                          tmp_path / "out").markdown.read_text("utf-8")
    failures = text.split("## Failed runs")[1].split("##")[0]
    assert "| doomed | 3 | 0 | RunawayError: too many events |" in failures


def test_charts_name_their_quantities_and_units(tmp_path: Path) -> None:
    found = analysis.read(failing_store(tmp_path))
    figure = batchreport.ground_figure(found, (), "ground_km2.a")
    [axes] = figure.axes
    assert "km²" in axes.get_ylabel() and "days" in axes.get_xlabel()
    spread = results({"base": {"personnel_losses.a": {0: 1.0, 1: 4.0}}})
    [axes] = batchreport.histogram_figure(spread, "personnel_losses.a").axes
    assert "personnel" in axes.get_xlabel() and axes.get_ylabel() == "runs"


def test_the_tornado_keeps_every_label_inside_the_picture() -> None:
    long = " + ".join(f"timeline[a_rather_long_order_id_{i}].at" for i in range(3))
    influences = [analysis.Influence(f"claim.some_claim_{i}", long, 0.9 - i / 20, "spearman", 8)
                  for i in range(10)]
    figure = batchreport.tornado_figure(influences)
    renderer = figure.canvas.get_renderer()
    frame = figure.bbox
    for label in figure.axes[0].get_yticklabels():
        box = label.get_window_extent(renderer)
        assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1, label.get_text()
    batchreport._pyplot().close(figure)


@pytest.mark.parametrize("name", ["ünïcode-攻撃", "x" * 200])
def test_long_and_unicode_cell_names_are_kept_in_the_tables(name: str) -> None:
    text = report(results({"base": {"m": {0: 1.0, 1: 2.0}}, name: {"m": {0: 2.0, 1: 4.0}}}))
    assert f"| {name} | 2 |" in text


def test_a_local_dask_cluster_keeps_its_warnings_off_the_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C cancels the runs in flight; each worker would warn of it on stderr."""
    asked: dict[str, object] = {}

    class Distributed:
        @staticmethod
        def LocalCluster(**kwargs: object) -> object:  # noqa: N802 - dask's name
            asked.update(kwargs)
            return object()

    monkeypatch.setattr(executors, "_distributed", lambda: Distributed)
    executors.local_cluster(2)
    level = asked.get("silence_logs")
    assert isinstance(level, int) and level >= logging.ERROR
