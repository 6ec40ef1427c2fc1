"""The tally: what the metrics add up, kept as the run goes.

:mod:`engine.metrics` adds up, for each side, the cells of the places it holds and the
losses of its units. A large map has many places and a run records a row whenever
something measured changes, so adding them up afresh for every row would cost more than
the run itself. The tally keeps the inputs instead, told of every change (a place
changing hands, a unit's strength or status), and works each sum out again only when one
of its inputs has changed, and then only from the first place (or unit) changed since it
was last read: each sum is kept as its running total at every place (:class:`_Running`),
and the running totals before a change stay as they were.

A sum is added up in the order a plain loop over the places (or units) would add it, one
term after the other from 0.0, and a term that does not count adds an exact zero. So the
figures are the loop's to the last bit, whatever the size of the map.

The running totals are plain Python, the ground's up to :data:`LONG_ROW` places and numpy
arrays past it: a run reads the sums after every round of combat and every change of
hands, and on a map of a few dozen places numpy's overhead on each call (tens of
microseconds in a run, where its code is seldom in the caches) costs more than the
additions, while on one of thousands its speed at adding pays. (A side's losses change a
unit or two at a time: plain Python is as quick for a thousand units a side.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from engine.state import UnitState

Floats = npt.NDArray[np.float64]

LONG_ROW = 256
"""Past this many places the ground's running totals are kept in numpy arrays."""

WAITING, PRESENT, REMOVED = 0, 1, 2
"""A unit's standing in the losses: not arrived yet (not counted), counted at its strength,
or destroyed or captured (all of it lost)."""

def standing(unit: UnitState) -> int:
    """*unit*'s standing in the losses: :data:`WAITING`, :data:`PRESENT` or :data:`REMOVED`."""
    if unit.status == "waiting":
        return WAITING
    return REMOVED if unit.status in ("destroyed", "surrendered") else PRESENT


class Tally:
    """Each place's holder and each unit's losses, with the sums they make."""

    def __init__(self, sides: Sequence[str], km2: Mapping[str, float],
                 depths: Mapping[str, float], control: Mapping[str, str],
                 units: Mapping[str, UnitState]) -> None:
        self.sides = tuple(sides)
        """The sides, in the scenario's order."""
        self._code = {side: i for i, side in enumerate(self.sides)}
        self._places = {place: i for i, place in enumerate(control)}
        self._holder = [self._code[h] for h in control.values()]
        area = [km2[p] for p in control]
        depth = [depths[p] for p in control]
        self._sums = [_Sums(area, depth, [h == code for h in self._holder])
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
        was = self._holder[index]
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
        return self.sides[self._holder[self._places[place]]]

    def seen(self, unit_id: str) -> tuple[float, int, int]:
        """The strength, standing and prisoners the tally has for *unit_id*."""
        return self._seen[unit_id]

    def ground(self) -> dict[str, float]:
        """Each side's ground, places and depth, as :mod:`engine.metrics` names them."""
        if self._ground is None:
            self._ground = {}
            for side, sums in zip(self.sides, self._sums, strict=True):
                held_km2, ground_km2 = sums.totals()
                self._ground.update({
                    f"held_km2.{side}": held_km2,
                    f"places_held.{side}": float(sums.held_count),
                    f"ground_km2.{side}": ground_km2,
                    f"places_taken.{side}": float(sums.taken_count),
                    f"depth_km.{side}": sums.depth(),
                })
        return self._ground

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


class _Running:
    """Two sums over the same positions, each added in position order, redone from a change.

    ``totals`` adds each sum's terms one after the other from 0.0, as a plain loop does,
    but keeps the running totals at every position: a term set since the last reading
    leaves those before it as they were, so the addition goes on only from the first
    position changed, from the total just before it. That is the same addition, term by
    term, as adding the whole row afresh.
    """

    def __init__(self, terms: list[tuple[float, float]]) -> None:
        self._terms = terms
        self._running = [(0.0, 0.0)] * len(terms)
        self._stale_from: int | None = 0

    def set(self, index: int, term: tuple[float, float]) -> None:
        """The two terms at *index* are now *term*."""
        self._terms[index] = term
        if self._stale_from is None or index < self._stale_from:
            self._stale_from = index

    def totals(self) -> tuple[float, float]:
        """The two sums (``+ 0.0``: a loop from 0.0 never ends at -0.0)."""
        start = self._stale_from
        if start is not None:
            self._stale_from = None
            first, second = self._running[start - 1] if start else (0.0, 0.0)
            running, terms = self._running, self._terms
            for index in range(start, len(terms)):
                term = terms[index]
                first += term[0]
                second += term[1]
                running[index] = (first, second)
        if not self._running:
            return 0.0, 0.0
        first, second = self._running[-1]
        return first + 0.0, second + 0.0


class _RunningArrays:
    """:class:`_Running` in numpy arrays, for long rows (a map of thousands of places).

    Each row's running totals are numpy's ``cumsum``, which adds one term after the other,
    so the sums are the same to the bit; for a long row numpy adds far faster, for a short
    one its overhead costs more than the additions.
    """

    def __init__(self, terms: list[tuple[float, float]]) -> None:
        self._rows: Floats = np.array(terms, dtype=np.float64).reshape(-1, 2).T.copy()
        self._cumulative: Floats = np.cumsum(self._rows, axis=1)
        self._stale_from: int | None = None

    def set(self, index: int, term: tuple[float, float]) -> None:
        """The two terms at *index* are now *term*."""
        self._rows[:, index] = term
        if self._stale_from is None or index < self._stale_from:
            self._stale_from = index

    def totals(self) -> tuple[float, float]:
        """The two sums (``+ 0.0``: a loop from 0.0 never ends at -0.0)."""
        if not self._rows.shape[1]:
            return 0.0, 0.0
        start = self._stale_from
        if start is not None:
            self._stale_from = None
            if start == 0:
                self._cumulative = np.cumsum(self._rows, axis=1)
            else:
                self._cumulative[:, start:] = np.cumsum(
                    np.concatenate((self._cumulative[:, start - 1:start],
                                    self._rows[:, start:]), axis=1), axis=1)[:, 1:]
        return float(self._cumulative[0, -1]) + 0.0, float(self._cumulative[1, -1]) + 0.0


def running(terms: list[tuple[float, float]]) -> _Running | _RunningArrays:
    """Running totals of *terms*: in plain Python, or in numpy arrays for a long row."""
    return _Running(terms) if len(terms) <= LONG_ROW else _RunningArrays(terms)


class _Losses:
    """One side's personnel and vehicles lost, in unit order, and its personnel captured.

    A unit's loss is its full personnel (vehicles) times the strength it has lost since it
    arrived, all of it once destroyed or captured, and an exact 0.0 while it has not
    arrived.
    """

    def __init__(self, units: Sequence[UnitState]) -> None:
        self._full = [(float(u.kind.personnel), float(u.kind.vehicles)) for u in units]
        self._initial = [u.initial for u in units]
        self._lost = _Running([self._term(i, u.strength, standing(u))
                              for i, u in enumerate(units)])
        self._captured = [0 if standing(u) == WAITING else u.captured for u in units]
        self.pows = sum(self._captured)
        """Personnel of this side's units taken prisoner (of those that have arrived)."""

    def _term(self, index: int, strength: float, state: int) -> tuple[float, float]:
        """The personnel and vehicles the unit at *index* has lost, counted as it stands."""
        if state == WAITING:
            return (0.0, 0.0)
        lost = self._initial[index] - (0.0 if state == REMOVED else strength)
        personnel, vehicles = self._full[index]
        return (personnel * lost, vehicles * lost)

    def set(self, index: int, strength: float, state: int, captured: int) -> None:
        """The unit at *index* now has *strength*, standing *state* and *captured*."""
        self._lost.set(index, self._term(index, strength, state))
        counted = 0 if state == WAITING else captured
        self.pows += counted - self._captured[index]
        self._captured[index] = counted

    def totals(self) -> tuple[float, float]:
        """The personnel and the vehicles lost, each added in unit order from 0.0."""
        return self._lost.totals()


class _Sums:
    """One side's held and taken ground in place order, its places, and its deepest one.

    A place taken is one held that the side did not hold at the start (*held* is what it
    holds at the start). The depth is the greatest of the taken places' depths, 0.0 with
    none; it is looked for again only when the deepest place taken is lost.
    """

    def __init__(self, km2: list[float], depths: list[float], held: list[bool]) -> None:
        self._km2 = km2
        self._depths = depths
        self._foreign = [not h for h in held]
        self.held = list(held)
        """Whether this side holds each place."""
        self.taken = [False] * len(held)
        """Whether it holds each place, not having held it at the start."""
        self.held_count = sum(held)
        self.taken_count = 0
        self._ground = running([(a, 0.0) if h else (0.0, 0.0)
                                for a, h in zip(km2, held, strict=True)])
        """The held and the taken ground: a place's area where it counts, else 0.0."""
        self._depth: float | None = 0.0
        """The depth of the deepest place taken, or None when it must be looked for."""

    def set(self, index: int, held: bool) -> None:
        """The place at *index* is now held (*held*) or not held by this side."""
        if self.held[index] == held:
            return
        taken = held and self._foreign[index]
        self.held_count += 1 if held else -1
        self.taken_count += taken - self.taken[index]
        depth = self._depths[index]
        if taken and self._depth is not None:
            self._depth = max(self._depth, depth)
        elif self.taken[index] and depth == self._depth:
            self._depth = None
        self.held[index], self.taken[index] = held, taken
        area = self._km2[index]
        self._ground.set(index, (area if held else 0.0, area if taken else 0.0))

    def totals(self) -> tuple[float, float]:
        """The held and the taken ground, each added in place order from 0.0."""
        return self._ground.totals()

    def depth(self) -> float:
        """The depth of the deepest place taken (0.0 with none)."""
        if self._depth is None:
            self._depth = max([0.0, *(d for d, t in zip(self._depths, self.taken,
                                                         strict=True) if t)])
        return self._depth
