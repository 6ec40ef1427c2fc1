"""Invariants of a run, checked after every event in debug mode.

:func:`check` raises :class:`InvariantError` naming the unit or engagement at fault when:

- a unit is not in exactly one of its states: waiting to arrive; at a place; on a road;
  in an off-map area; in transit; removed (destroyed or surrendered);
- a unit walks a road (on a leg, not stopped) with no walk under way for its current order;
- a unit's ``engagement`` names no engagement going on, or one it is not a member of;
- an engagement member is not where the engagement is (at its place, or on its road);
- a unit is a member of two engagements (so no two engagements hold the same pair);
- a unit's track does not end with the unit as it is now;
- the tally the metrics add up (:mod:`engine.tally`) has a place's holder, or a unit's
  strength, standing or prisoners, other than they are.

The test suite runs every simulation with ``debug=True``; a corrupted state is caught at
the event that corrupted it.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from engine.state import UnitState
from engine.tally import standing

if TYPE_CHECKING:
    from engine.run import Run


class InvariantError(AssertionError):
    """The engine broke one of its own invariants: a bug, not a user's error."""


def check(sim: Run) -> None:
    """Raise :class:`InvariantError` if any invariant of *sim* does not hold now."""
    for unit in sim.units.values():
        _one_state(sim, unit)
        _walking(sim, unit)
        _tracked(sim, unit)
    _engagements(sim)
    _tallied(sim)


def _where(unit: UnitState) -> list[str]:
    """The states *unit*'s fields say it is in (exactly one is right)."""
    found = []
    if unit.status == "waiting":
        found.append("waiting")
    if unit.status in ("destroyed", "surrendered"):
        found.append("removed")
    if unit.place is not None:
        found.append("at a place")
    if unit.leg is not None:
        found.append("on a road")
    if unit.area is not None:
        found.append("in an off-map area")
    if unit.transit is not None:
        found.append("in transit")
    return found


_STATUS_OF = {"waiting": "waiting", "removed": ("destroyed", "surrendered"),
              "at a place": "active", "on a road": "active", "in an off-map area": "off_map",
              "in transit": "transit"}


def _one_state(sim: Run, unit: UnitState) -> None:
    states = _where(unit)
    if len(states) != 1:
        _fail(sim, f"unit {unit.id} is in {len(states)} states at once: {states or 'none'}")
    expected = _STATUS_OF[states[0]]
    if unit.status not in ((expected,) if isinstance(expected, str) else expected):
        _fail(sim, f"unit {unit.id} has status {unit.status!r} but is {states[0]}")


def _walking(sim: Run, unit: UnitState) -> None:
    walks = unit.leg is not None and unit.leg.stopped_at is None
    if walks and sim.walking.get(unit.id) != unit.token:
        assert unit.leg is not None
        _fail(sim, f"unit {unit.id} moves along {unit.leg.u}-{unit.leg.v} with no walk "
              "under way")


def _tracked(sim: Run, unit: UnitState) -> None:
    at = sim.units_at(unit.place) if unit.on_map and unit.place is not None else []
    if unit.on_map and unit.place is not None and unit not in at:
        _fail(sim, f"unit {unit.id} stands at {unit.place} but is not indexed there")
    last = sim.tracks[unit.id].poses[-1]
    now = (unit.place, unit.leg, unit.area, unit.on_map, unit.strength, unit.posture)
    if (last.place, last.leg, last.area, last.on_map, last.strength, last.posture) != now:
        _fail(sim, f"unit {unit.id}'s track does not show it as it is")


def _tallied(sim: Run) -> None:
    for place, holder in sim.control.items():
        if sim.tally.holder(place) != holder:
            _fail(sim, f"{place} is held by {holder} but tallied for "
                  f"{sim.tally.holder(place)}")
    for unit in sim.units.values():
        if sim.tally.seen(unit.id) != (unit.strength, standing(unit), unit.captured):
            _fail(sim, f"unit {unit.id} is tallied as {sim.tally.seen(unit.id)}")


def _engagements(sim: Run) -> None:
    seen: Counter[str] = Counter()
    for eng in sim.engagements.values():
        for unit_id in (i for ids in eng.members.values() for i in ids):
            seen[unit_id] += 1
            _present(sim, eng.key, sim.units[unit_id])
    for unit_id, times in seen.items():
        if times > 1:
            _fail(sim, f"unit {unit_id} is a member of {times} engagements")
    for unit in sim.units.values():
        if unit.engagement is not None and seen[unit.id] != 1:
            _fail(sim, f"unit {unit.id} names engagement {unit.engagement} but is not in it")
        if unit.engagement is None and seen[unit.id]:
            _fail(sim, f"unit {unit.id} is a member of an engagement it does not name")


def _present(sim: Run, key: str, unit: UnitState) -> None:
    eng = sim.engagements[key]
    if unit.engagement != key:
        _fail(sim, f"engagement {key} holds unit {unit.id}, which names {unit.engagement}")
    if eng.place is not None and unit.place != eng.place:
        _fail(sim, f"unit {unit.id} fights in {key} at {eng.place} but is not there")
    if eng.road is not None and (unit.leg is None or unit.leg.road != eng.road):
        _fail(sim, f"unit {unit.id} fights in {key} on {sorted(eng.road)} but is not on it")


def _fail(sim: Run, message: str) -> None:
    raise InvariantError(f"at {sim.now:.4f} h: {message}")
