"""What a side may learn of the enemy: names as it knew them, losses as it assessed them.

The log decides fog once, when an entry is written (:mod:`engine.log`); this module
composes a side's version of what happened to the enemy:

- an enemy unit is named only where the side knows who it is (in contact, or the target
  it aimed a strike at); otherwise it is "an unidentified enemy unit";
- the enemy's losses are never given exactly. An assessment multiplies the true figure by
  a lognormal factor of sigma ``rules.detection.assessment_spread`` and reports the range
  it falls in: ``0``, ``1-2``, ``2-5``, ``5-10``, ``10-20``, ... (a 1-2-5 ladder); a share
  (of a stockpile) in tenths, ``40-50%``. The factor's draw is a keyed hash
  (:meth:`engine.rng.Streams.uniform`) of what is assessed, so composing a report draws
  nothing from the run's streams and never changes the run.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.run import Run

LADDER = (1.0, 2.0, 5.0)
"""The steps of an assessed range within each power of ten."""

UNIDENTIFIED = "an unidentified enemy unit"
"""How a side names an enemy unit it has not seen."""


def assessed(sim: Run, value: float, *key: object) -> tuple[float, float]:
    """The range a side's assessment of *value* (a count) falls in; *key* names it.

    The same key always gives the same assessment; two different things assessed get
    independent errors.
    """
    spread = sim.scenario.rules.detection.assessment_spread
    estimate = max(value, 0.0) * _factor(sim, spread, *key)
    return ladder(estimate)


def assessed_share(sim: Run, share: float, *key: object) -> tuple[float, float]:
    """The tenth a side's assessment of *share* (0-1) falls in, as ``(lo, hi)``."""
    spread = sim.scenario.rules.detection.assessment_spread
    estimate = min(max(share, 0.0) * _factor(sim, spread, *key), 1.0)
    low = min(math.floor(estimate * 10 + 1e-9), 9) / 10
    return (low, round(low + 0.1, 1))


def ladder(estimate: float) -> tuple[float, float]:
    """The step of the 1-2-5 ladder holding *estimate*: ``(0, 0)`` below a half."""
    if estimate < 0.5:
        return (0.0, 0.0)
    decade = 10.0 ** math.floor(math.log10(estimate))
    low = decade * LADDER[0]
    for step in (*LADDER[1:], 10.0):
        high = decade * step
        if estimate < high:
            return (low, high)
        low = high
    return (decade * LADDER[-1], decade * 10.0)  # pragma: no cover - estimate < decade * 10


def span(bounds: tuple[float, float], noun: str) -> str:
    """An assessed range in words: ``10-20 vehicles``, ``none seen``."""
    low, high = bounds
    if high <= 0:
        return f"no {noun} seen"
    return f"{low:,.0f}-{high:,.0f} {noun}"


def share_span(bounds: tuple[float, float]) -> str:
    """An assessed share in words: ``40-50%``."""
    return f"{bounds[0] * 100:.0f}-{bounds[1]:.0%}"


def _factor(sim: Run, spread: float, *key: object) -> float:
    """A lognormal factor of sigma *spread* and median 1, from a keyed draw."""
    if spread <= 0:
        return 1.0
    roll = min(max(sim.streams.uniform("assess", *map(str, key)), 1e-12), 1 - 1e-12)
    return math.exp(spread * _NORMAL.inv_cdf(roll))


_NORMAL = NormalDist()
"""The standard normal distribution (immutable; one for every draw)."""
