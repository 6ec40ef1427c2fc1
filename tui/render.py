"""Rich renderings for the command line, and engine texts made readable for the app.

Tables are printed to the terminal; :func:`readable` puts names in place of the ids in an
engine text such as a refused order's reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

from scenario.bands import THIRD, BandError, camps, derive
from tui.marks import TimelineMarks, party_label

if TYPE_CHECKING:  # the app draws with this module: only what its first frame needs loads
    from engine.calibrate import Outcome
    from engine.log import LogEntry
    from engine.results import DayRow
    from scenario.models import BandBasis, Claim, Scenario
    from scenario.summary import Summary


def print_summary(summary: Summary, file: str, console: Console | None = None) -> None:
    """Print *summary* of the scenario in *file* as a table."""
    console = console or Console()
    table = Table(title=f"{summary.title}\n[dim]{file}[/dim]", show_header=True)
    table.add_column("What")
    table.add_column("Count", justify="right")
    table.add_column("Detail")
    places = sum(summary.places_by_kind.values())
    table.add_row("Places", str(places), _pairs(summary.places_by_kind))
    table.add_row("Roads", str(sum(summary.roads_by_class.values())),
                  _pairs(summary.roads_by_class))
    table.add_row("Off-map areas", str(summary.off_map), "")
    for side, count in summary.units_by_side.items():
        table.add_row(f"Units ({side})", str(count),
                      f"{summary.personnel_by_side[side]:,} personnel at full arrival")
    span = " to ".join(summary.timeline_span) if summary.timeline_span else "empty"
    table.add_row("Timeline", str(summary.orders + summary.injects),
                  f"{summary.orders} orders, {summary.injects} injects; {span}")
    table.add_row("Claims", str(summary.claims), "")
    table.add_row("Objectives", str(summary.objectives), "")
    table.add_row("Variants", str(summary.variants), "")
    table.add_row("Sources", str(summary.sources), "")
    console.print(table)


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())


def print_run(scenario: Scenario, seed: int, variant: str | None, rows: Sequence[DayRow],
              events: Sequence[LogEntry], console: Console | None = None) -> None:
    """Print the day-by-day table of a run and its key events."""
    console = console or Console()
    sides = [s.id for s in scenario.sides]
    title = f"{scenario.metadata.title} - seed {seed}" + (f", variant {variant}" if variant
                                                         else "")
    table = Table(title=title, caption="km2: ground taken; lost: personnel / vehicles")
    table.add_column("End of")
    for side in sides:
        table.add_column(f"{side}\nkm2", justify="right")
        table.add_column(f"{side}\nplaces", justify="right")
        table.add_column(f"{side}\ndepth", justify="right")
        table.add_column(f"{side}\nlost", justify="right")
    for row in rows:
        label = "%d %b" if row.time.hour == 0 and row.time.minute == 0 else "%d %b %H:%M"
        day = row.time - dt.timedelta(minutes=1) if "H" not in label else row.time
        cells = [day.strftime(label)]
        for side in sides:
            v = row.values
            cells += [f"{v.get(f'ground_km2.{side}', 0.0):,.0f}",
                      f"{v.get(f'places_held.{side}', 0.0):.0f}",
                      f"{v.get(f'depth_km.{side}', 0.0):.1f}",
                      f"{v.get(f'personnel_losses.{side}', 0.0):,.0f}/"
                      f"{v.get(f'vehicle_losses.{side}', 0.0):,.0f}"]
        table.add_row(*cells)
    console.print(table)
    console.print(f"Key events ({len(events)}):")
    start = scenario.metadata.start
    for entry in events:
        when = start + dt.timedelta(hours=entry.hours)
        console.print(f"  {when:%d %b %H:%M}  {entry.text}", highlight=False, markup=False)


def print_log(entries: Sequence[LogEntry], time_at: Callable[[float], dt.datetime],
              console: Console | None = None, marks: TimelineMarks | None = None) -> None:
    """Print every log entry with its time.

    With *marks*, an order or inject of the timeline ends with its source and its estimate
    mark: ``[D ≈ timing]``.
    """
    console = console or Console()
    for entry in entries:
        tag = marks.tag(entry) if marks is not None else ""
        console.print(f"{time_at(entry.hours):%d %b %H:%M}  [{entry.kind}] {entry.text}"
                      + (f" {tag}" if tag else ""), highlight=False, markup=False)


def print_calibration(scenario: Scenario, outcomes: Sequence[Outcome], seeds: range,
                      console: Console | None = None) -> None:
    """Print each banded claim, the simulated median (or share) and range.

    Under the table, for each: who claimed it and its source, then the claims its band rests
    on, by its written rule, and the band that rule gives.
    """
    console = console or Console()
    table = Table(title=f"{scenario.metadata.title}: calibration over {len(seeds)} seeds "
                  f"({seeds.start}-{seeds.stop - 1})", box=box.SIMPLE_HEAD, pad_edge=False,
                  caption="Sim: median over the seeds (for a place held: share of runs)")
    for name in ("Claim", "Claimed", "Band", "Sim", "10-90 %", "In band"):
        table.add_column(name, justify="left" if name == "Claim" else "right", no_wrap=True)
    for out in outcomes:
        claim = out.claim
        assert claim.band is not None
        table.add_row(
            claim.id, _claimed(claim), f"{_num(claim.band[0])}-{_num(claim.band[1])}",
            f"{out.value:.0%}" if out.statistic == "share" else _num(out.value),
            f"{_num(out.p10)}-{_num(out.p90)}", "yes" if out.inside else "NO")
    console.print(table)
    sources = {s.id: s for s in scenario.sources}
    names = {s.id: s.name for s in scenario.sides}
    for out in outcomes:
        claim = out.claim
        src = sources[claim.source]
        console.print(f"  {claim.id}: {claim.date:%d %b} {claim.metric}, claimed by "
                      f"{claim.claimant} ({party_label(claim, names)}); source {src.id}: "
                      f"{src.title} ({src.publisher})", highlight=False, markup=False)
        if claim.basis is not None:
            console.print(f"    {basis_text(claim, scenario)}", highlight=False, markup=False)
    met = sum(o.inside for o in outcomes)
    console.print(f"{met} of {len(outcomes)} bands met.", highlight=False)


def basis_text(claim: Claim, scenario: Scenario) -> str:
    """The claims a band rests on, its rule and the band the rule gives."""
    assert claim.basis is not None
    basis = claim.basis
    claims = {c.id: c for c in scenario.claims}
    try:
        low, high = derive(basis, claim.metric, claims)
        gives = f"gives {_figure(low)}-{_figure(high)}"
    except BandError as exc:
        gives = f"gives no band: {exc}"
    whose = camps(claims[c] for c in basis.claims if c in claims)
    names = {s.id: s.name for s in scenario.sides}
    alone = ""
    if len(whose) == 1:
        [camp] = whose
        alone = (" (third parties' figures alone" if camp == THIRD
                 else f" ({names.get(camp, camp)}'s figures alone") + ": no other party gave one)"
    return (f"band rests on {', '.join(basis.claims)}{alone} by rule {rule_text(basis)}, "
            f"which {gives}")


def rule_text(basis: BandBasis) -> str:
    """A band's rule in words: ``span, 20 % below, 0 % above``."""
    return f"{basis.rule}, {basis.below:.0%} below, {basis.above:.0%} above"


def _claimed(claim: Claim) -> str:
    if claim.range is not None:
        return f"{_num(claim.range[0])}-{_num(claim.range[1])}"
    return _num(claim.value) if claim.value is not None else "-"


def _figure(x: float) -> str:
    """A figure of a derived band, to a tenth where it has one: ``16.5``, ``1,263``."""
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 1 else f"{x:.2f}"


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:.2f}"


QUOTED = re.compile(r"'([A-Za-z0-9_]+)'")
BARE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def readable(reason: str, names: Mapping[str, str]) -> str:
    """*reason* with every unit, place, area or side id replaced by its name.

    An id in quotes (``'ua_recon_drones'``) or a bare id with an underscore
    (``sudzha_checkpoint``) that *names* knows becomes the name; other words stay.
    """
    text = QUOTED.sub(lambda m: names.get(m.group(1), m.group(0)), reason)
    return BARE.sub(lambda m: names.get(m.group(0), m.group(0)), text)
