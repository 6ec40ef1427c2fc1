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

The losses are kept in plain Python lists, one set for each side: a run measures them
after every round of combat, and for a few dozen units numpy's overhead on each call
would cost more than the additions. They too are added again only from the first unit
changed since the last reading, one term after the other, so a side with a thousand
units does not add up all of them for every round.
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


class Tally:
    """Each place's holder (as arrays) and each unit's losses, with the sums they make."""

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
        self._units: dict[str, tuple[int, int]] = {}
        """Each unit's side (as its code) and its position among that side's units."""
        every = list(units.values())
        counts = [0] * len(self.sides)
        for unit in every:
            code = self._code[unit.side]
            self._units[unit.id] = (code, counts[code])
            counts[code] += 1
        self._losses_of = [_Losses([u for u in every if u.side == side]) for side in self.sides]
        """For each side, its units' losses."""
        self._seen = {u.id: (u.strength, standing(u), u.captured) for u in every}
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
        now = (unit.strength, standing(unit), unit.captured)
        if now == self._seen[unit.id]:
            return
        self._seen[unit.id] = now
        code, index = self._units[unit.id]
        self._losses_of[code].set(index, *now)
        self._losses = None

    def holder(self, place: str) -> str:
        """The side the tally has holding *place*."""
        return self.sides[int(self._holder[self._places[place]])]

    def seen(self, unit_id: str) -> tuple[float, int, int]:
        """The strength, standing and prisoners the tally has for *unit_id*."""
        return self._seen[unit_id]

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
            self._losses = {}
            for side, lost in zip(self.sides, self._losses_of, strict=True):
                personnel, vehicles = lost.totals()
                self._losses.update({
                    f"personnel_losses.{side}": round(personnel, 3),
                    f"vehicle_losses.{side}": round(vehicles, 3),
                    f"pows.{side}": float(lost.pows),
                })
        return self._losses


class _Losses:
    """One side's personnel and vehicles lost, added in unit order, redone from a change.

    A unit's loss is its full personnel (vehicles) times the strength it has lost since it
    arrived, all of it once destroyed or captured, and an exact 0.0 while it has not
    arrived. Each sum is kept as its running total at every unit, as :class:`_Sums` keeps
    the ground: a change leaves the running totals before it as they were.
    """

    def __init__(self, units: Sequence[UnitState]) -> None:
        self._full = [(float(u.kind.personnel), float(u.kind.vehicles)) for u in units]
        self._initial = [u.initial for u in units]
        self._terms = [self._term(i, u.strength, standing(u)) for i, u in enumerate(units)]
        self._captured = [0 if standing(u) == WAITING else u.captured for u in units]
        self.pows = sum(self._captured)
        """Personnel of this side's units taken prisoner (of those that have arrived)."""
        self._running: list[tuple[float, float]] = [(0.0, 0.0)] * len(units)
        self._stale_from: int | None = 0

    def _term(self, index: int, strength: float, state: int) -> tuple[float, float]:
        """The personnel and vehicles the unit at *index* has lost, counted as it stands."""
        if state == WAITING:
            return (0.0, 0.0)
        lost = self._initial[index] - (0.0 if state == REMOVED else strength)
        personnel, vehicles = self._full[index]
        return (personnel * lost, vehicles * lost)

    def set(self, index: int, strength: float, state: int, captured: int) -> None:
        """The unit at *index* now has *strength*, standing *state* and *captured*."""
        self._terms[index] = self._term(index, strength, state)
        counted = 0 if state == WAITING else captured
        self.pows += counted - self._captured[index]
        self._captured[index] = counted
        if self._stale_from is None or index < self._stale_from:
            self._stale_from = index

    def totals(self) -> tuple[float, float]:
        """The personnel and the vehicles lost, each added in unit order from 0.0."""
        start = self._stale_from
        if start is not None:
            self._stale_from = None
            personnel, vehicles = self._running[start - 1] if start else (0.0, 0.0)
            running = self._running
            for index in range(start, len(self._terms)):
                term = self._terms[index]
                personnel += term[0]
                vehicles += term[1]
                running[index] = (personnel, vehicles)
        if not self._running:
            return 0.0, 0.0
        personnel, vehicles = self._running[-1]
        return personnel + 0.0, vehicles + 0.0


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
