"""Calibration: run a scenario over many seeds and compare the results with its claims.

Each claim with a ``band`` names a figure on a date (ground held, depth, a place held,
vehicles destroyed in a strike, a share of a stockpile). :func:`calibrate` replays the
scenario once per seed, reads the simulated counterpart of each such claim at the end of
the claim's date, and reports the median and the 10-90 % range over the seeds; for a
``place_held`` claim it reports the share of runs in which the side holds the place. The
bands live in the scenario file; nothing here knows what they are.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from engine.metrics import measure
from engine.results import end_of_day
from engine.simulation import Simulation
from scenario.errors import SalientError
from scenario.models import Claim, Scenario

Reader = Callable[[Simulation, Claim], float]


def _metric(name: str) -> Reader:
    def read(sim: Simulation, claim: Claim) -> float:
        return float(measure(sim).get(f"{name}.{claim.about}", 0.0))
    return read


def _place_held(sim: Simulation, claim: Claim) -> float:
    return 1.0 if sim.control.get(claim.subject or "") == claim.about else 0.0


def _vehicles_struck(sim: Simulation, claim: Claim) -> float:
    return sim.struck.get(claim.subject or "", 0.0)


def _personnel_struck(sim: Simulation, claim: Claim) -> float:
    unit = sim.units[claim.subject or ""]
    share = _vehicles_struck(sim, claim) / unit.kind.vehicles if unit.kind.vehicles else 0.0
    return share * unit.kind.personnel


def _stockpile_share(sim: Simulation, claim: Claim) -> float:
    return sim.stockpiles.get(claim.subject or "", 0.0)


METRIC_OF_CLAIM = {"territory_km2": "ground_km2", "settlements_held": "places_taken",
                   "depth_km": "depth_km", "personnel_losses": "personnel_losses",
                   "vehicle_losses": "vehicle_losses", "pows": "pows"}
"""The run's metric for each claim metric that is one."""

READERS: dict[str, Reader] = {
    **{claimed: _metric(name) for claimed, name in METRIC_OF_CLAIM.items()},
    "place_held": _place_held, "convoy_vehicles_destroyed": _vehicles_struck,
    "convoy_personnel_losses": _personnel_struck,
    "stockpile_fraction_destroyed": _stockpile_share,
}
"""How to read the simulated counterpart of each claim metric that has one."""


@dataclass(frozen=True)
class Outcome:
    """One banded claim against its simulated distribution."""

    claim: Claim
    statistic: str
    """``median`` (of the values over seeds) or ``share`` (of runs where it holds)."""
    value: float
    """The median, or the share."""
    p10: float
    p90: float
    runs: int

    @property
    def inside(self) -> bool:
        """True if the value falls inside the claim's band."""
        assert self.claim.band is not None
        low, high = self.claim.band
        return low <= self.value <= high


def banded(scenario: Scenario) -> list[Claim]:
    """Claims with a band, in file order.

    Raises:
        SalientError: a banded claim has a metric with no simulated counterpart.
    """
    claims = [c for c in scenario.claims if c.band is not None]
    for claim in claims:
        if claim.metric not in READERS:
            raise SalientError(f"claim {claim.id!r}: the engine has no simulated figure for "
                               f"metric {claim.metric!r}; calibrate one of: "
                               f"{', '.join(sorted(READERS))}")
    return claims


def checkpoint(scenario: Scenario, claim: Claim) -> float:
    """Hours from the start to the end of the claim's date (midnight), capped at the end."""
    meta = scenario.metadata
    moment = min(end_of_day(claim.date, meta.start), meta.end)
    return max((moment - meta.start).total_seconds() / 3600.0, 0.0)


def run_seed(scenario: Scenario, seed: int, variant: str | None = None) -> dict[str, float]:
    """Replay one seed; the simulated value of each banded claim at its checkpoint."""
    sim = Simulation(scenario, seed=seed, variant=variant)
    values: dict[str, float] = {}
    for claim in sorted(banded(sim.scenario), key=lambda c: (checkpoint(scenario, c), c.id)):
        sim.advance(checkpoint(scenario, claim))
        values[claim.id] = READERS[claim.metric](sim, claim)
    return values


def run_seeds(scenario: Scenario, variant: str | None, seeds: range
              ) -> list[dict[str, float]]:
    """:func:`run_seed` for each of *seeds*, in order."""
    return [run_seed(scenario, seed, variant) for seed in seeds]


def calibrate(scenario: Scenario, seeds: range, variant: str | None = None,
              jobs: int = 1) -> list[Outcome]:
    """Replay *scenario* once per seed and summarise every banded claim.

    The seeds are handed out in small chunks as they are needed, never listed up front.
    With *jobs* above 1 they run in that many processes (see :mod:`engine.parallel`); the
    results are the same as in one process, since each seed's run depends on nothing else.

    Raises:
        SalientError: there are no seeds, *jobs* is more than the CPUs available, or a
            banded claim has no simulated counterpart.
    """
    claims = banded(scenario)
    if not seeds:
        raise SalientError("no seeds to run; give at least one")
    columns = {claim.id: array("d") for claim in claims}

    def collect(rows: list[dict[str, float]]) -> None:
        for row in rows:
            for claim_id, column in columns.items():
                column.append(row[claim_id])

    from engine.parallel import run_parallel  # multiprocessing: not before the app's first frame

    run_parallel(partial(run_seeds, scenario, variant), seeds, jobs, collect)
    return [_summarise(claim, columns[claim.id]) for claim in claims]


def _summarise(claim: Claim, values: array[float]) -> Outcome:
    data = np.sort(np.frombuffer(values, dtype=float))
    p10, median, p90 = (float(x) for x in np.percentile(data, [10, 50, 90]))
    if claim.metric == "place_held":
        return Outcome(claim, "share", float(data.mean()), p10, p90, len(values))
    return Outcome(claim, "median", median, p10, p90, len(values))
