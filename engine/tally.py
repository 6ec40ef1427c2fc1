"""The tally: what the metrics add up, kept as the run goes.

:mod:`engine.metrics` adds up, for each side, the cells of the places it holds and the
losses of its units. A large map has many places and a run records a row whenever
something measured changes, so adding them up afresh for every row would cost more than
the run itself. The tally keeps the inputs in arrays instead, told of every change (a
place changing hands, a unit's strength or status), and works each sum out again only
when one of its inputs has changed; a side's ground only from the first place that has
changed hands since it was last read.

A sum is added up in the order a plain loop over the places (or units) would add it: numpy's
``cumsum`` adds one term after the other, and a term that does not count adds an exact
zero. So the figures are the loop's to the last bit, whatever the size of the map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from engine.state import UnitState

WAITING, PRESENT, REMOVED = 0, 1, 2
"""A unit's standing in the losses: not arrived yet (not counted), counted at its strength,
or destroyed or captured (all of it lost)."""

Floats = npt.NDArray[np.float64]


def standing(unit: UnitState) -> int:
    """*unit*'s standing in the losses: :data:`WAITING`, :data:`PRESENT` or :data:`REMOVED`."""
    if unit.status == "waiting":
        return WAITING
    return REMOVED if unit.status in ("destroyed", "surrendered") else PRESENT


def in_order(rows: Floats) -> list[float]:
    """The sum of each row of *rows*, its terms added one after the other from 0.0.

    That is how a plain loop adds them: ``cumsum`` adds in order, where ``sum`` would add
    in pairs and come to other last bits. (``+ 0.0``: a loop from 0.0 never ends at -0.0.)
    """
    if not rows.shape[1]:
        return [0.0] * rows.shape[0]
    return [float(x) + 0.0 for x in np.cumsum(rows, axis=1)[:, -1]]


class Tally:
    """Each place's holder and each unit's losses, as arrays, with the sums they make."""

    def __init__(self, sides: Sequence[str], km2: Mapping[str, float],
                 depths: Mapping[str, float], control: Mapping[str, str],
                 units: Mapping[str, UnitState]) -> None:
        self.sides = tuple(sides)
        """The sides, in the scenario's order."""
        self._code = {side: i for i, side in enumerate(self.sides)}
        self._places = {place: i for i, place in enumerate(control)}
        self._km2: Floats = np.array([km2[p] for p in control], dtype=np.float64)
        self._depth: Floats = np.array([depths[p] for p in control], dtype=np.float64)
        self._start = np.array([self._code[h] for h in control.values()], dtype=np.int64)
        self._holder = self._start.copy()
        self._foreign = [self._start != code for code in range(len(self.sides))]
        """For each side, the places it did not hold at the start."""
        self._sums = [_Sums(self._km2, self._holder == code, self._foreign[code])
                      for code in range(len(self.sides))]
        """For each side, its held and taken ground, kept as places change hands."""
        self._units = {unit_id: i for i, unit_id in enumerate(units)}
        every = list(units.values())
        side = np.array([self._code[u.side] for u in every], dtype=np.int64)
        self._mine = [side == code for code in range(len(self.sides))]
        """For each side, its units."""
        self._full: Floats = np.array([[u.kind.personnel for u in every],
                                       [u.kind.vehicles for u in every]], dtype=np.float64)
        """Personnel and vehicles of each unit at full strength, as two rows."""
        self._initial: Floats = np.array([u.initial for u in every], dtype=np.float64)
        self._strength: Floats = np.array([u.strength for u in every], dtype=np.float64)
        self._standing = np.array([standing(u) for u in every], dtype=np.int64)
        self._captured = np.array([u.captured for u in every], dtype=np.int64)
        self._seen = [(u.strength, standing(u), u.captured) for u in every]
        self._ground: dict[str, float] | None = None
        self._losses: dict[str, float] | None = None

    def hold(self, place: str, side: str) -> None:
        """*place* is now held by *side*."""
        index, code = self._places[place], self._code[side]
        was = int(self._holder[index])
        if was == code:
            return
        self._holder[index] = code
        self._sums[was].set(index, False)
        self._sums[code].set(index, True)
        self._ground = None

    def note(self, unit: UnitState) -> None:
        """*unit* may have changed: take its strength, standing and prisoners."""
        index = self._units[unit.id]
        now = (unit.strength, standing(unit), unit.captured)
        if now == self._seen[index]:
            return
        self._seen[index] = now
        self._strength[index], self._standing[index], self._captured[index] = now
        self._losses = None

    def holder(self, place: str) -> str:
        """The side the tally has holding *place*."""
        return self.sides[int(self._holder[self._places[place]])]

    def seen(self, unit_id: str) -> tuple[float, int, int]:
        """The strength, standing and prisoners the tally has for *unit_id*."""
        return self._seen[self._units[unit_id]]

    def ground(self) -> dict[str, float]:
        """Each side's ground, places and depth, as :mod:`engine.metrics` names them."""
        if self._ground is None:
            self._ground = {}
            for code, side in enumerate(self.sides):
                self._ground.update(self._side_ground(code, side))
        return self._ground

    def _side_ground(self, code: int, side: str) -> dict[str, float]:
        sums = self._sums[code]
        held_km2, ground_km2 = sums.totals()
        return {f"held_km2.{side}": held_km2,
                f"places_held.{side}": float(sums.held_count),
                f"ground_km2.{side}": ground_km2,
                f"places_taken.{side}": float(sums.taken_count),
                f"depth_km.{side}": float(np.max(self._depth, where=sums.taken,
                                                 initial=0.0))}

    def losses(self) -> dict[str, float]:
        """Each side's ``personnel_losses``, ``vehicle_losses`` and ``pows``."""
        if self._losses is None:
            counted = self._standing != WAITING
            lost = self._full * (self._initial - np.where(self._standing == REMOVED, 0.0,
                                                          self._strength))
            self._losses = {}
            for code, side in enumerate(self.sides):
                mine = counted & self._mine[code]
                personnel, vehicles = in_order(np.where(mine, lost, 0.0))
                self._losses.update({
                    f"personnel_losses.{side}": round(personnel, 3),
                    f"vehicle_losses.{side}": round(vehicles, 3),
                    f"pows.{side}": float(np.sum(self._captured, where=mine)),
                })
        return self._losses


class _Sums:
    """One side's held and taken ground, added in place order, redone only from a change.

    Each sum is kept as its running total at every place (``cumsum``, which adds one term
    after the other): a place changing hands leaves the running totals before it as they
    were, so they are worked out again only from the first place changed since the last
    reading, starting from the total just before it. That is the same addition, term by
    term, as adding the whole row afresh, so the sums are a plain loop's to the last bit.
    """

    def __init__(self, km2: Floats, held: npt.NDArray[np.bool_],
                 foreign: npt.NDArray[np.bool_]) -> None:
        self._km2 = km2
        self._foreign = foreign
        self.held = held.copy()
        """The places this side holds."""
        self.taken = held & foreign
        """The places it holds that it did not hold at the start."""
        self.held_count = int(np.count_nonzero(self.held))
        self.taken_count = int(np.count_nonzero(self.taken))
        self._rows: Floats = np.where(np.stack((self.held, self.taken)), km2, 0.0)
        """The terms of the two sums: a place's area where it counts, else an exact 0."""
        self._running: Floats = np.cumsum(self._rows, axis=1)
        self._stale_from: int | None = None

    def set(self, index: int, held: bool) -> None:
        """The place at *index* is now held (*held*) or not held by this side."""
        if bool(self.held[index]) == held:
            return
        taken = held and bool(self._foreign[index])
        self.held_count += 1 if held else -1
        self.taken_count += (1 if taken else 0) - (1 if self.taken[index] else 0)
        self.held[index], self.taken[index] = held, taken
        area = self._km2[index]
        self._rows[0, index] = area if held else 0.0
        self._rows[1, index] = area if taken else 0.0
        if self._stale_from is None or index < self._stale_from:
            self._stale_from = index

    def totals(self) -> tuple[float, float]:
        """The held and the taken ground, each added in place order from 0.0."""
        if not self._rows.shape[1]:
            return 0.0, 0.0
        start = self._stale_from
        if start is not None:
            self._stale_from = None
            if start == 0:
                self._running = np.cumsum(self._rows, axis=1)
            else:
                self._running[:, start:] = np.cumsum(
                    np.concatenate((self._running[:, start - 1:start],
                                    self._rows[:, start:]), axis=1), axis=1)[:, 1:]
        return float(self._running[0, -1]) + 0.0, float(self._running[1, -1]) + 0.0
