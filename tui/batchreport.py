"""``salient report results.sqlite``: a batch's distributions as Markdown with PNG charts.

Ties together the experiment's text, per cell the summary of every recorded metric
(:func:`engine.analysis.summaries`), each cell against the base as paired differences,
which parameter moves each outcome most (with a tornado chart), ground held over time as
a median line in a 10-90 % band per cell with the banded claims marked, and histograms of
the end figures. Charts first, the Markdown last, all through :mod:`scenario.outputs`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from engine import analysis
from engine.calibrate import METRIC_OF_CLAIM, checkpoint
from scenario.errors import SalientError
from scenario.models import Scenario
from scenario.outputs import write_bytes, write_text

HEADLINE = ("ground_km2", "depth_km", "places_taken", "personnel_losses", "vehicle_losses")
"""The end figures drawn as histograms, when the store has them."""


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
        raise SalientError(f"{store}: the batch has no finished run to report on")
    scenario = _scenario(results.text, store)
    charts = [*_ground_charts(results, scenario, out), *_histograms(results, out)]
    influences = analysis.sensitivity(results)
    if any(i.score >= NOTABLE for i in influences):
        charts.append(_tornado([i for i in influences if i.score >= NOTABLE], out))
    text = markdown(results, influences, [c.name for c in charts])
    target = out / "report.md"
    write_text(target, text)
    return BatchReport(target, tuple(charts))


def markdown(results: analysis.Results, influences: Sequence[analysis.Influence],
             charts: Sequence[str]) -> str:
    """The report's Markdown; *charts* are the PNG names beside it."""
    runs = sum(len(next(iter(v.values()), {})) for v in results.values.values())
    parts = ["# Batch report", "",
             f"{len(results.cells)} cells, {runs} finished runs, "
             f"{sum(results.failed.values())} failed; engine {results.engine}. Run *i* of "
             "every cell used seed *i* (common random numbers), so differences are paired.",
             "", "## The experiment", "", "```yaml", results.text.rstrip(), "```", ""]
    parts += [f"![{name}]({name})" for name in charts] + [""]
    parts += _summary_tables(results) + _difference_table(results) + _influence_table(
        influences)
    return "\n".join(parts) + "\n"


def _summary_tables(results: analysis.Results) -> list[str]:
    rows = ["## Distributions per cell", "",
            "Mean with its 95 % t interval, median with its 95 % bootstrap interval, and "
            "the 10th and 90th percentiles.", ""]
    by_metric: dict[str, list[analysis.Summary]] = {}
    for item in analysis.summaries(results):
        by_metric.setdefault(item.metric, []).append(item)
    constant = sorted(m for m, items in by_metric.items()
                      if all(s.p10 == s.p90 == items[0].median for s in items))
    if constant:
        rows += ["The same in every run of every cell: " + ", ".join(
            f"{m} {by_metric[m][0].median:,.2f}" for m in constant) + ".", ""]
    for metric, items in sorted(by_metric.items()):
        if metric in constant:
            continue
        rows += [f"### {metric}", "", "| Cell | Runs | Mean (95 % CI) | Median (95 % CI) | "
                 "P10 | P90 |", "|---|---:|---|---|---:|---:|"]
        rows += [f"| {s.cell} | {s.count} | {s.mean:,.2f} ({s.mean_ci[0]:,.2f} to "
                 f"{s.mean_ci[1]:,.2f}) | {s.median:,.2f} ({s.median_ci[0]:,.2f} to "
                 f"{s.median_ci[1]:,.2f}) | {s.p10:,.2f} | {s.p90:,.2f} |" for s in items]
        rows.append("")
    return rows


def _difference_table(results: analysis.Results) -> list[str]:
    found = analysis.differences(results)
    if not found:
        return []
    rows = ["## Differences from the base, paired by seed", "",
            "| Cell | Metric | Pairs | Mean difference (95 % CI) |", "|---|---|---:|---|"]
    rows += [f"| {d.cell} | {d.metric} | {d.pairs} | {d.mean:+,.2f} ({d.ci[0]:+,.2f} to "
             f"{d.ci[1]:+,.2f}) |" for d in found if d.mean != 0 or d.ci != (0.0, 0.0)]
    return [*rows, ""]


NOTABLE = 0.1
"""Influences weaker than this are left out of the report's ranking."""


def _influence_table(influences: Sequence[analysis.Influence]) -> list[str]:
    influences = [i for i in influences if i.score >= NOTABLE]
    if not influences:
        return ["## What moves each outcome", "",
                f"No parameter moves any recorded outcome with a score of {NOTABLE} or more.",
                ""]
    rows = ["## What moves each outcome", "",
            "Per metric, the parameters ranked by how strongly they move it: |Spearman's "
            "rho| for numbers and dates, the correlation ratio (eta) for choices; scores "
            f"below {NOTABLE} are left out. Paths that move together are one parameter.", "",
            "| Metric | Rank | Parameter | Score | Measure | Cells |",
            "|---|---:|---|---:|---|---:|"]
    rank, last = 0, ""
    for item in influences:
        rank = rank + 1 if item.metric == last else 1
        last = item.metric
        rows.append(f"| {item.metric} | {rank} | {item.parameter} | {item.score:.2f} | "
                    f"{item.measure} | {item.cells} |")
    return [*rows, ""]


def _scenario(text: str, store: Path) -> Scenario | None:
    """The base scenario named in the experiment's text, if it can be found and read."""
    from scenario.loader import load

    try:
        base = yaml.safe_load(text).get("base")
    except (yaml.YAMLError, AttributeError):
        return None
    for folder in (store.resolve().parent, Path.cwd()):
        candidate = folder / str(base)
        if base and candidate.is_file():
            try:
                return load(candidate)
            except SalientError:
                return None
    return None


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _save(figure: Any, target: Path) -> Path:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    _pyplot().close(figure)
    write_bytes(target, buffer.getvalue())
    return target


def _ground_charts(results: analysis.Results, scenario: Scenario | None,
                   out: Path) -> list[Path]:
    """Per side: ground over time, median line in a 10-90 % band per cell, claims marked."""
    metrics = sorted({m for cell in results.series.values() for m in cell
                      if m.startswith("ground_km2.")})
    charts = []
    for metric in metrics:
        figure, axes = _pyplot().subplots(figsize=(8, 4), dpi=100)
        for cell in results.cells:
            points = results.series[cell].get(metric, {})
            if not points:
                continue
            hours = sorted(points)
            low, mid, high = np.percentile([points[h] for h in hours], [10, 50, 90], axis=1)
            days = [h / 24 for h in hours]
            axes.plot(days, mid, label=cell)
            axes.fill_between(days, low, high, alpha=0.2)
        _mark_claims(axes, scenario, metric)
        axes.set_xlabel("days since the start")
        axes.set_title(f"{metric}: median and 10-90 % band per cell")
        axes.legend(loc="upper left", fontsize="small")
        charts.append(_save(figure, out / f"{metric}.png"))
    return charts


def _mark_claims(axes: Any, scenario: Scenario | None, metric: str) -> None:
    """The banded claims about *metric*, as their bands at their dates."""
    if scenario is None:
        return
    name, _, side = metric.partition(".")
    for claim in scenario.claims:
        if claim.band is None or METRIC_OF_CLAIM.get(claim.metric) != name or \
                claim.about != side:
            continue
        day = checkpoint(scenario, claim) / 24
        low, high = claim.band
        axes.errorbar([day], [(low + high) / 2], yerr=[[(high - low) / 2]], fmt="none",
                      ecolor="black", capsize=4)
        axes.annotate(claim.id, (day, high), fontsize="x-small")


def _histograms(results: analysis.Results, out: Path) -> list[Path]:
    """Histograms of the headline end figures that vary, one chart per metric."""
    charts = []
    metrics = sorted({m for cell in results.values.values() for m in cell
                      if m.partition(".")[0] in HEADLINE})
    for metric in metrics:
        data = {c: list(results.values[c].get(metric, {}).values()) for c in results.cells}
        every = [v for values in data.values() for v in values]
        if not every or min(every) == max(every):
            continue
        figure, axes = _pyplot().subplots(figsize=(8, 4), dpi=100)
        bins = np.histogram_bin_edges(every, bins="auto")
        for cell, values in data.items():
            if values:
                axes.hist(values, bins=bins, alpha=0.5, label=cell)
        axes.set_title(f"{metric} at the end")
        axes.legend(fontsize="small")
        charts.append(_save(figure, out / f"hist-{metric}.png"))
    return charts


def _tornado(influences: Sequence[analysis.Influence], out: Path) -> Path:
    """Each metric's strongest parameters as horizontal bars (the top ten pairs)."""
    top = sorted(influences, key=lambda i: -i.score)[:10]
    figure, axes = _pyplot().subplots(figsize=(8, 4), dpi=100)
    labels = [f"{i.parameter} → {i.metric}" for i in reversed(top)]
    axes.barh(labels, [i.score for i in reversed(top)])
    axes.set_xlim(0, 1)
    axes.set_title("What moves the outcomes (|Spearman rho| or eta)")
    figure.tight_layout()
    return _save(figure, out / "sensitivity.png")
