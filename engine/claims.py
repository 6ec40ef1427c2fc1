"""Claims beside the simulation: what each side said, and what the run shows for it.

For every claim made by the current moment of a run, :func:`claim_checks` gives the
simulated counterpart where the engine has one: a metric (ground, depth, losses) as it
stood at the end of the claim's date, who held a place then, or the damage of a strike so
far. Claims stay as they were made; the run is set beside them, never over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.calibrate import METRIC_OF_CLAIM, READERS, checkpoint
from engine.views import HIDDEN_FROM_ENEMY
from scenario.models import Claim

if TYPE_CHECKING:
    from engine.simulation import Simulation

@dataclass(frozen=True)
class ClaimCheck:
    """One claim and the run's figure for it."""

    claim: Claim
    simulated: float | None
    """The run's figure; None where the engine has none or the view may not know it."""
    hours: float
    """When the figure was read, in hours since the start."""
    knowable: bool = True
    """False when the view may not know the run's figure (the enemy's true losses)."""


def claim_checks(sim: Simulation, side: str | None = None) -> tuple[ClaimCheck, ...]:
    """Claims dated up to now, oldest first, each with the run's figure as *side* knows it."""
    today = sim.time_at(sim.now).date()
    return tuple(_check(sim, claim, side) for claim in
                 sorted(sim.scenario.claims, key=lambda c: (c.date, c.id))
                 if claim.date <= today)


def _check(sim: Simulation, claim: Claim, side: str | None) -> ClaimCheck:
    hours = min(sim.now, checkpoint(sim.scenario, claim))
    if not _knowable(claim, side):
        return ClaimCheck(claim, None, hours, knowable=False)
    metric = METRIC_OF_CLAIM.get(claim.metric)
    if metric is not None:
        value = sim.metrics.at(hours).get(f"{metric}.{claim.about}")
        return ClaimCheck(claim, None if value is None else float(value), hours)
    if claim.metric == "place_held":
        held = control_at(sim, hours).get(claim.subject or "") == claim.about
        return ClaimCheck(claim, 1.0 if held else 0.0, hours)
    reader = READERS.get(claim.metric)
    if reader is None:
        return ClaimCheck(claim, None, hours)
    return ClaimCheck(claim, reader(sim, claim), sim.now)


LOSS_CLAIMS = frozenset({"convoy_vehicles_destroyed", "convoy_personnel_losses",
                         "stockpile_fraction_destroyed"})
"""Claim metrics read from a strike's true damage: losses of the side the claim is about."""


def _knowable(claim: Claim, side: str | None) -> bool:
    """A side does not learn the enemy's true losses by reading claims about them."""
    hidden = (METRIC_OF_CLAIM.get(claim.metric) in HIDDEN_FROM_ENEMY
              or claim.metric in LOSS_CLAIMS)
    return side is None or not hidden or claim.about == side


def control_at(sim: Simulation, hours: float) -> dict[str, str]:
    """Who held each place at *hours*, replayed from the start and the log."""
    control = {p.id: p.held_by for p in sim.scenario.map.places}
    for entry in sim.log.entries:
        if entry.hours > hours + 1e-9:
            break
        if entry.kind == "control":
            control[entry.data["place"]] = entry.data["side"]
    return control
