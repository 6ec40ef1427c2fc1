"""``salient report GAME``: a played game's debrief as Markdown with PNG charts.

The report is the umpire's debrief, for after the game: the settings, the figures at the
end, ground held and losses over time as charts (matplotlib) with the claims set at their
dates, every claim beside the run with its claimant, party and source, the key moments,
and for each day what each side believed beside what was true (:mod:`engine.debrief`).
Every file is written through :mod:`scenario.outputs`, the Markdown last, so a report
whose charts failed is never left half-linked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from engine import debrief
from engine.game import Game, replay, turns
from engine.simulation import Simulation
from scenario.models import Scenario
from scenario.outputs import write_bytes, write_text
from tui.marks import outlets

TITLES = {"ground_km2": "Ground gained (km²)", "personnel_losses": "Personnel lost",
          "vehicle_losses": "Vehicles lost"}
"""Chart and table titles of the debrief's curves."""


@dataclass(frozen=True)
class Report:
    """What :func:`write_report` wrote."""

    markdown: Path
    charts: tuple[Path, ...]


def write_report(scenario: Scenario, game: Game, out: Path, line: str | None = None,
                 ) -> Report:
    """Write the debrief of *game* (its *line*, the current one by default) into *out*."""
    name = line or game.current
    sim = replay(scenario, game, name, game.line(name).played)
    charts = tuple(_chart(sim, metric, out) for metric in debrief.CURVES)
    text = markdown(scenario, sim, game, name, [c.name for c in charts])
    target = out / "report.md"
    write_text(target, text)
    return Report(target, charts)


def markdown(scenario: Scenario, sim: Simulation, game: Game, line: str,
             charts: list[str]) -> str:
    """The report's Markdown for *sim*, the run of *game*'s *line* of *scenario*.

    *charts* are the PNG files' names beside it.
    """
    meta = sim.scenario.metadata
    parts = [f"# Debrief: {meta.title}", "",
             f"Seed {game.seed}, variant {game.variant or 'none'}, mode {game.mode}, "
             f"line {line!r}, engine {game.engine}; played to "
             f"{sim.time_at(sim.now):%d %b %Y %H:%M} ({sim.turn} turns).", ""]
    parts += _figures(sim) + [""]
    for metric, chart in zip(debrief.CURVES, charts, strict=True):
        parts += [f"## {TITLES[metric]}", "", f"![{TITLES[metric]}]({chart})", ""]
    parts += _claims(sim) + [""] + _moments(sim) + [""] + _beliefs(scenario, sim, game, line)
    return "\n".join(parts) + "\n"


def _figures(sim: Simulation) -> list[str]:
    """The headline figures at the end, one column per side."""
    sides = sim.scenario.sides
    latest = sim.metrics.latest()
    rows = ["| Figure | " + " | ".join(s.name for s in sides) + " |",
            "|---|" + "---:|" * len(sides)]
    for metric, title in TITLES.items():
        values = [latest.get(f"{metric}.{s.id}", 0.0) for s in sides]
        rows.append(f"| {title} | " + " | ".join(f"{v:,.0f}" for v in values) + " |")
    return ["## Figures at the end", "", *rows]


def _claims(sim: Simulation) -> list[str]:
    """Every claim on a curve, at its date, beside the run's figure then."""
    rows = ["## Claims beside the run", "",
            "| Date | Claimant (party) | Claim | Run then | Source |", "|---|---|---|---:|---|"]
    named = outlets(sim.scenario)
    for curve in debrief.curves(sim, None):
        for mark in debrief.claims_on(sim, curve):
            claim = mark.claim
            run = sim.metrics.at(mark.hours).get(f"{curve.metric}.{curve.side}")
            rows.append(f"| {claim.date:%d %b} | {claim.claimant} ({claim.party}) | "
                        f"{table_cell(claim.text)} | {'—' if run is None else f'{run:,.0f}'} | "
                        f"{table_cell(named.get(claim.source, claim.source))} |")
    return rows


def _moments(sim: Simulation) -> list[str]:
    """The key moments, in order."""
    lines = ["## Key moments", ""]
    lines += [f"- {m.time:%d %b %H:%M}: {m.text}"
              for m in debrief.key_moments(sim, sim.log.entries)]
    return lines


def _beliefs(scenario: Scenario, sim: Simulation, game: Game, line: str) -> list[str]:
    """At the end of each day played: what each side knew of the enemy, and how well."""
    rows = ["## What each side believed", "",
            "At the last turn of each day: enemy units on the map, how many the side knew of, "
            "how far off its picture was, and its oldest sighting.", "",
            "| Day | Side | Enemy units | Known | Mean error km | Oldest sighting h |",
            "|---|---|---:|---:|---:|---:|"]
    per_day = max(int(round(24 / sim.scenario.metadata.turn_hours)), 1)
    for turn, moment in turns(scenario, game, line):
        if turn == 0 or turn % per_day:
            continue
        truth = moment.snapshot(None)
        for side in sim.scenario.sides:
            found = debrief.beliefs(truth, moment.snapshot(side.id))
            known = [b for b in found if b.believed is not None]
            errors = [b.error_km for b in known if b.error_km is not None]
            stale = [b.stale_hours for b in known if b.stale_hours is not None]
            rows.append(f"| {moment.time_at(moment.now):%d %b} | {side.name} | {len(found)} | "
                        f"{len(known)} | {_mean(errors)} | "
                        f"{max(stale) if stale else 0:.0f} |")
    return rows


def _mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.1f}" if values else "—"


def table_cell(text: str) -> str:
    """*text* fit for a Markdown table cell (``|`` escaped, one line)."""
    return text.replace("|", "\\|").replace("\n", " ")


def _chart(sim: Simulation, metric: str, out: Path) -> Path:
    """One PNG chart of *metric* for each side, with the claims about it as marks."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 4), dpi=100)
    colours = {s.id: s.colour for s in sim.scenario.sides}
    names = {s.id: s.name for s in sim.scenario.sides}
    for curve in debrief.curves(sim, None):
        if curve.metric != metric:
            continue
        xs = [h / 24 for h, _ in curve.points]
        axes.step(xs, [v for _, v in curve.points], where="post", label=names[curve.side],
                  color=_colour(colours[curve.side]))
        marks = [(m.hours / 24, m.value) for m in debrief.claims_on(sim, curve)
                 if m.value is not None]
        axes.scatter([x for x, _ in marks], [y for _, y in marks], marker="x",
                     color=_colour(colours[curve.side]), label=f"claims about {names[curve.side]}")
    axes.set_xlabel("days since the start")
    axes.set_title(TITLES[metric])
    axes.legend(loc="upper left", fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    target = out / f"{metric}.png"
    write_bytes(target, buffer.getvalue())
    return target


def _colour(colour: str) -> str:
    """A scenario colour matplotlib takes (a hex colour or a name)."""
    return colour if colour.startswith("#") else colour.replace("_", "")
