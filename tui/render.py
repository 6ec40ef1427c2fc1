"""Rich renderings for the command line (tables printed to the terminal)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

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
