"""``salient report results.sqlite``: a batch's distributions as Markdown with PNG charts.

Ties together the experiment's text, the runs that failed and why, per cell the summary of
every recorded metric (:func:`engine.analysis.summaries`), each cell against the base as
paired differences, how strongly each swept parameter goes with each outcome (with a
tornado chart), ground held over time as a median line in a 10-90 % band per cell with
the banded claims drawn at their dates, and histograms of the end figures. Every chart
names its quantities and their units. Charts first, the Markdown last, all through
:mod:`scenario.outputs`.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from engine import analysis
from engine.store import Band, Store
from scenario.errors import SalientError
from scenario.outputs import write_bytes, write_text
from tui.report import table_cell

HEADLINE = ("ground_km2", "depth_km", "places_taken", "personnel_losses", "vehicle_losses")
"""The end figures drawn as histograms, when the store has them."""
UNITS = {"ground_km2": "km²", "held_km2": "km²", "depth_km": "km", "front_km": "km",
         "places_held": "places", "places_taken": "places", "personnel_losses": "personnel",
         "vehicle_losses": "vehicles", "pows": "personnel", "displaced": "people"}
"""The unit of each metric the engine records (``engine/metrics.py``)."""
LEGEND_NAME = 40
"""Cell names longer than this are shortened in a chart's legend (the tables keep them)."""
NOTABLE = 0.1
"""Influences weaker than this are left out of the report's ranking."""


@dataclass(frozen=True)
class BatchReport:
    """What :func:`write_batch_report` wrote."""

    markdown: Path
    charts: tuple[Path, ...]


def write_batch_report(store: Path, out: Path) -> BatchReport:
    """Write the report of the batch in *store* into the folder *out*.

    Raises:
        SalientError: *store* is not a results store, or holds no finished run.
    """
    results = analysis.read(store)
    if not any(results.values[c] for c in results.cells):
        raise SalientError(f"{store}: the batch has no finished run to report on"
                           f"{_failures_in_brief(results)}")
    bands = results.bands or _bands_from_file(results.text, store)
    charts = [*_ground_charts(results, bands, out), *_histograms(results, out)]
    influences = analysis.sensitivity(results)
    if any(i.score >= NOTABLE for i in influences):
        charts.append(_tornado([i for i in influences if i.score >= NOTABLE], out))
    text = markdown(results, influences, [c.name for c in charts], bands)
    target = out / "report.md"
    write_text(target, text)
    return BatchReport(target, tuple(charts))


def unit(metric: str) -> str:
    """The unit of a recorded metric (``ground_km2.ua``: km²); empty for a claim's figure."""
    return UNITS.get(metric.partition(".")[0], "")


def _titled(metric: str) -> str:
    """``ground_km2.ua (km²)``."""
    found = unit(metric)
    return f"{metric} ({found})" if found else metric


def markdown(results: analysis.Results, influences: Sequence[analysis.Influence],
             charts: Sequence[str], bands: Sequence[Band] = ()) -> str:
    """The report's Markdown; *charts* are the PNG names beside it."""
    runs = sum(len(next(iter(v.values()), {})) for v in results.values.values())
    parts = ["# Batch report", "",
             f"{_count(len(results.cells), 'cell')}, {_count(runs, 'finished run')}, "
             f"{sum(results.failed.values())} failed; engine {results.engine}. Run *i* of "
             "every cell used seed *i* (common random numbers), so differences are paired.",
             "", "## The experiment", "", "```yaml", results.text.rstrip(), "```", ""]
    parts += _failure_table(results)
    parts += [f"![{name}]({name})" for name in charts] + [""]
    parts += _band_lines(bands, charts)
    parts += _summary_tables(results) + _difference_table(results)
    if analysis.factors(results):
        parts += _influence_table(influences)
    return "\n".join(parts) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _failures_in_brief(results: analysis.Results) -> str:
    """``; 10 failed: TimeLimitError: ...`` for a batch in which every run failed."""
    errors: dict[str, int] = {}
    for by_error in results.errors.values():
        for error, count in by_error.items():
            errors[error] = errors.get(error, 0) + count
    if not errors:
        return ""
    common = max(errors, key=lambda e: errors[e])
    return (f"; {sum(results.failed.values())} failed, most with: {common} (the runs "
            "table's error column has each one)")


def _failure_table(results: analysis.Results) -> list[str]:
    """The cells with failed runs, how many, and the error most of them ended with."""
    failing = [c for c in results.cells if results.failed.get(c)]
    if not failing:
        return []
    rows = ["## Failed runs", "",
            "Failed runs are left out of every figure below. A cell with no finished run "
            "has no row in the tables and no line in the charts.", "",
            "| Cell | Failed | Finished | Most common error |", "|---|---:|---:|---|"]
    for cell in failing:
        by_error = results.errors.get(cell, {})
        common = max(by_error, key=lambda e: by_error[e]) if by_error else ""
        finished = len(next(iter(results.values[cell].values()), {}))
        rows.append(f"| {table_cell(cell)} | {results.failed[cell]} | {finished} | "
                    f"{table_cell(common)} |")
    return [*rows, ""]


def _band_lines(bands: Sequence[Band], charts: Sequence[str]) -> list[str]:
    """The claims drawn on the charts, each with its date and band."""
    drawn = [b for b in bands if f"{b.metric}.png" in charts]
    if not drawn:
        return []
    rows = ["The black bars on the ground charts are the scenario's banded claims, each at "
            "the end of its date:", ""]
    rows += [f"- `{b.claim}` ({b.date}, {b.metric}): {b.low:,.0f} to {b.high:,.0f} "
             f"{unit(b.metric)}".rstrip() for b in drawn]
    return [*rows, ""]


def _number(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.2f}"


def _interval(low: float, high: float, sign: str = "") -> str:
    if math.isnan(low):
        return "no interval from one run"
    return f"{low:{sign},.2f} to {high:{sign},.2f}"


def _summary_tables(results: analysis.Results) -> list[str]:
    rows = ["## Distributions per cell", "",
            "Mean with its 95 % t interval, median with its 95 % bootstrap interval, and "
            "the 10th and 90th percentiles, over each cell's finished runs.", ""]
    by_metric: dict[str, list[analysis.Summary]] = {}
    for item in analysis.summaries(results):
        by_metric.setdefault(item.metric, []).append(item)
    if any(s.count == 1 for items in by_metric.values() for s in items):
        rows += ["A cell with one finished run has its value and no interval.", ""]
    constant = sorted(m for m, items in by_metric.items()
                      if all(s.constant and s.low == items[0].low for s in items))
    if constant:
        rows += ["The same in every run of every cell: " + ", ".join(
            f"{m} {by_metric[m][0].median:,.2f}{' ' + unit(m) if unit(m) else ''}"
            for m in constant) + ".", ""]
    for metric, items in sorted(by_metric.items()):
        if metric in constant:
            continue
        rows += [f"### {_titled(metric)}", "",
                 "| Cell | Runs | Mean (95 % CI) | Median (95 % CI) | P10 | P90 |",
                 "|---|---:|---|---|---:|---:|"]
        rows += [f"| {table_cell(s.cell)} | {s.count} | {s.mean:,.2f} "
                 f"({_interval(*s.mean_ci)}) | {s.median:,.2f} "
                 f"({_interval(*s.median_ci)}) | {_number(s.p10)} | {_number(s.p90)} |"
                 for s in items]
        rows.append("")
    return rows


def _difference_table(results: analysis.Results) -> list[str]:
    found = analysis.differences(results)
    if not found:
        return []
    rows = ["## Differences from the base, paired by seed", "",
            "Each cell's run minus the base's run of the same seed, averaged, with the 95 % "
            "t interval of that mean. A cell and metric not listed gave the base's value in "
            "every pair.", "",
            "| Cell | Metric | Pairs | Mean difference (95 % CI) |", "|---|---|---:|---|"]
    rows += [f"| {table_cell(d.cell)} | {_titled(d.metric)} | {d.pairs} | {d.mean:+,.2f} "
             f"({_interval(*d.ci, sign='+')}) |"
             for d in found if d.mean != 0 or d.ci != (0.0, 0.0)]
    return [*rows, ""]


def _influence_table(influences: Sequence[analysis.Influence]) -> list[str]:
    head = ["## How strongly each swept parameter goes with each outcome", "",
            "For each sweep and each design, over the runs of its own cells: |Spearman's "
            "rho| between a parameter's value (a date counts as hours) and the outcome, or "
            "the correlation ratio (eta) for a parameter that chooses from a list. The score "
            "runs from 0 (no monotone relation) to 1 (the outcome's order follows the "
            "parameter's): it measures how much of the run-to-run spread the parameter "
            "accounts for, not how large its effect is in the outcome's units. A weak or "
            "non-monotone effect, or one small beside the spread from seed to seed, scores "
            "low even when the paired differences show it clearly. Paths that move "
            "together are one parameter.", ""]
    influences = [i for i in influences if i.score >= NOTABLE]
    if not influences:
        return [*head, f"No parameter scores {NOTABLE} or more on any recorded outcome; "
                "see the paired differences for the effects themselves.", ""]
    rows = [*head, f"Scores below {NOTABLE} are left out.", "",
            "| Metric | Rank | Parameter | Score | Measure | Cells |",
            "|---|---:|---|---:|---|---:|"]
    rank, last = 0, ""
    for item in influences:
        rank = rank + 1 if item.metric == last else 1
        last = item.metric
        rows.append(f"| {item.metric} | {rank} | {table_cell(item.parameter)} | "
                    f"{item.score:.2f} | {item.measure} | {item.cells} |")
    return [*rows, ""]


def _bands_from_file(text: str, store: Path) -> tuple[Band, ...]:
    """For a store made before bands were kept: the base scenario's, if its file is found.

    The file is looked for beside the store and in the current folder, and used only if
    its content is still what the store's base cell ran (an edited file's bands are not
    drawn).
    """
    from engine.batch import claim_bands
    from scenario.loader import digest, load

    try:
        base = yaml.safe_load(text).get("base")
        with_digest = Store.open(store)
        try:
            cells = with_digest.cells()
        finally:
            with_digest.close()
    except (yaml.YAMLError, AttributeError, SalientError):
        return ()
    for folder in (store.resolve().parent, Path.cwd()):
        candidate = folder / str(base)
        if base and cells and candidate.is_file():
            try:
                scenario = load(candidate)
                return claim_bands(scenario) if digest(scenario) == cells[0].digest else ()
            except SalientError:
                return ()
    return ()


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _save(figure: Any, target: Path) -> Path:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    _pyplot().close(figure)
    write_bytes(target, buffer.getvalue())
    return target


def _short(name: str) -> str:
    """*name*, cut to :data:`LEGEND_NAME` characters with an ellipsis."""
    return name if len(name) <= LEGEND_NAME else name[:LEGEND_NAME - 1] + "…"


def _legend(axes: Any) -> None:
    """The legend below the plot, out of the data's way, in as many columns as fit."""
    handles, _ = axes.get_legend_handles_labels()
    if handles:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize="small",
                    ncol=2 if len(handles) > 4 else 1, frameon=False)


def _ground_charts(results: analysis.Results, bands: Sequence[Band],
                   out: Path) -> list[Path]:
    """Per side: ground over time, median line in a 10-90 % band per cell, claims marked."""
    metrics = sorted({m for cell in results.series.values() for m in cell
                      if m.startswith("ground_km2.")})
    return [_save(ground_figure(results, bands, metric), out / f"{metric}.png")
            for metric in metrics]


def ground_figure(results: analysis.Results, bands: Sequence[Band], metric: str) -> Any:
    """The chart of *metric* over time: a median line in a 10-90 % band per cell."""
    figure, axes = _pyplot().subplots(figsize=(8, 4.5), dpi=100)
    for cell in results.cells:
        points = results.series[cell].get(metric, {})
        if not points:
            continue
        hours = sorted(points)
        low, mid, high = np.percentile([points[h] for h in hours], [10, 50, 90], axis=1)
        days = [h / 24 for h in hours]
        line = axes.plot(days, mid, label=_short(cell))[0]
        axes.fill_between(days, low, high, alpha=0.2, color=line.get_color())
    _mark_claims(axes, bands, metric)
    axes.set_xlabel("days since the scenario's start")
    axes.set_ylabel(f"ground held ({unit(metric)})")
    side = metric.partition(".")[2]
    axes.set_title(f"Ground held by {side}: median and 10-90 % of runs per cell")
    _legend(axes)
    return figure


def _mark_claims(axes: Any, bands: Sequence[Band], metric: str) -> None:
    """The banded claims about *metric*, as their bands at the end of their dates."""
    for band in bands:
        if band.metric != metric:
            continue
        day = band.hours / 24
        axes.errorbar([day], [(band.low + band.high) / 2],
                      yerr=[[(band.high - band.low) / 2]], fmt="none", ecolor="black",
                      capsize=4)
        axes.annotate(f"{band.claim} ({band.date})", (day, band.high), fontsize="x-small",
                      ha="right")


def _histograms(results: analysis.Results, out: Path) -> list[Path]:
    """Histograms of the headline end figures that vary, one chart per metric."""
    charts = []
    metrics = sorted({m for cell in results.values.values() for m in cell
                      if m.partition(".")[0] in HEADLINE})
    for metric in metrics:
        figure = histogram_figure(results, metric)
        if figure is not None:
            charts.append(_save(figure, out / f"hist-{metric}.png"))
    return charts


def histogram_figure(results: analysis.Results, metric: str) -> Any | None:
    """The histogram of *metric* at the runs' end per cell; None if it never varies."""
    data = {c: list(results.values[c].get(metric, {}).values()) for c in results.cells}
    every = [v for values in data.values() for v in values]
    if not every or min(every) == max(every):
        return None
    figure, axes = _pyplot().subplots(figsize=(8, 4.5), dpi=100)
    bins = np.histogram_bin_edges(every, bins="auto")
    for cell, values in data.items():
        if values:
            axes.hist(values, bins=bins, alpha=0.5, label=_short(cell))
    axes.set_title(f"{metric} at the end of the run, per cell")
    axes.set_xlabel(_titled(metric))
    axes.set_ylabel("runs")
    _legend(axes)
    return figure


def _tornado(influences: Sequence[analysis.Influence], out: Path) -> Path:
    """Each metric's strongest parameters as horizontal bars (the top ten pairs)."""
    return _save(tornado_figure(influences), out / "sensitivity.png")


def tornado_figure(influences: Sequence[analysis.Influence]) -> Any:
    """The ten strongest (parameter, outcome) scores as bars, labels wrapped to fit."""
    top = list(reversed(sorted(influences, key=lambda i: -i.score)[:10]))
    labels = ["\n".join(textwrap.wrap(f"{i.parameter} → {i.metric}", 45,
                                      break_long_words=True)) for i in top]
    lines = sum(label.count("\n") + 1 for label in labels)
    figure, axes = _pyplot().subplots(figsize=(10, max(3.0, 0.25 * lines + 1.5)), dpi=100)
    axes.barh(range(len(top)), [i.score for i in top])
    axes.set_yticks(range(len(top)), labels, fontsize="small")
    axes.set_xlim(0, 1)
    axes.set_xlabel("score: |Spearman's rho| (numbers, dates) or eta (choices), 0 to 1")
    axes.set_title("How strongly each swept parameter goes with each outcome")
    figure.tight_layout()
    return figure
