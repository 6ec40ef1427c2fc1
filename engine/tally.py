"""The tally: what the metrics add up, kept as the run goes.

:mod:`engine.metrics` adds up, for each side, the cells of the places it holds and the
losses of its units. A large map has many places and a run records a row whenever
something measured changes, so adding them up afresh for every row would cost more than
the run itself. The tally keeps the inputs in arrays instead, told of every change (a
place changing hands, a unit's strength or status), and works each sum out again only
when one of its inputs has changed.

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
        self._holder[self._places[place]] = self._code[side]
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
        held = self._holder == code
        taken = held & self._foreign[code]
        areas = in_order(np.where(np.stack((held, taken)), self._km2, 0.0))
        return {f"held_km2.{side}": areas[0],
                f"places_held.{side}": float(np.count_nonzero(held)),
                f"ground_km2.{side}": areas[1],
                f"places_taken.{side}": float(np.count_nonzero(taken)),
                f"depth_km.{side}": float(np.max(self._depth, where=taken, initial=0.0))}

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
