"""A class session: one simulation, the view being shown, and turn-by-turn play.

The app holds a :class:`Session` and asks it for :class:`~engine.snapshot.Snapshot`
values; it never reaches into the simulation. The session knows no Textual, so it can be
driven and tested on its own.
"""

from __future__ import annotations

import datetime as dt

from engine.claims import ClaimCheck, claim_checks
from engine.layout import MapLayout
from engine.orders import Order
from engine.simulation import Mode, Simulation
from engine.snapshot import Snapshot
from scenario.models import Scenario


class Session:
    """Plays *scenario* turn by turn and shows it as the umpire or one side sees it."""

    def __init__(self, scenario: Scenario, *, seed: int | None = None,
                 variant: str | None = None, mode: Mode = "replay",
                 view: str | None = None) -> None:
        self.sim = Simulation(scenario, seed=seed, variant=variant, mode=mode)
        self.layout: MapLayout = self.sim.layout()
        """The map's fixed drawing."""
        self.views: tuple[str | None, ...] = (None, *(s.id for s in self.sim.scenario.sides))
        """Who the session can show the run as: the umpire (None), then each side."""
        if view not in self.views:
            raise ValueError(f"unknown view {view!r}")
        self.view = view
        """Whose knowledge is shown: None for the umpire, or a side id."""
        self._shown = 0
        """Log entries already handed out by :meth:`update`."""

    @property
    def title(self) -> str:
        """The scenario's title."""
        return self.sim.scenario.metadata.title

    @property
    def turns(self) -> int:
        """Number of turns from the start to the end of the scenario."""
        return int(-(-self.sim.end_hours // self.sim.scenario.metadata.turn_hours))

    def played(self, snapshot: Snapshot) -> int:
        """Turns played by the time of *snapshot* (the last one may be short)."""
        return int(-(-round(snapshot.hours, 6) // self.sim.scenario.metadata.turn_hours))

    def view_name(self, view: str | None = None) -> str:
        """``Umpire`` or the name of a side (the current view by default)."""
        view = self.view if view is None else view
        names = {s.id: s.name for s in self.sim.scenario.sides}
        return "Umpire" if view is None else names[view]

    def snapshot(self, since: int = 0) -> Snapshot:
        """What the current view knows now, with log entries numbered *since* and later."""
        return self.sim.snapshot(self.view, since)

    def next_turn(self) -> Snapshot:
        """Play one turn; the snapshot holds the log entries not handed out before."""
        if not self.sim.finished:
            self.sim.advance_turn()
        return self.update()

    def update(self) -> Snapshot:
        """The snapshot now, with the log entries not handed out before."""
        snapshot = self.snapshot(since=self._shown)
        self._shown = len(self.sim.log.entries)
        return snapshot

    def give(self, order: Order) -> str | None:
        """Give *order* for the side whose view is shown; the reason if it is refused."""
        if self.view is None:
            return "the umpire gives no orders; switch to a side's view (v) to give them"
        refused = self.sim.apply([order], side=self.view)
        return refused[0].reason if refused else None

    def claims(self) -> tuple[ClaimCheck, ...]:
        """Claims made by now, each with the run's figure as the current view knows it."""
        return claim_checks(self.sim, self.view)

    def cycle_view(self) -> str | None:
        """Show the next view (umpire, then each side in turn) and return it."""
        self.view = self.views[(self.views.index(self.view) + 1) % len(self.views)]
        self._shown = 0
        return self.view

    def time_at(self, hours: float) -> dt.datetime:
        """Local date and time of *hours* since the start."""
        return self.sim.time_at(hours)

    # -- what the app reads of the run (names, settings, readiness) ---------------------

    @property
    def scenario(self) -> Scenario:
        """The scenario as run (with its variant applied)."""
        return self.sim.scenario

    @property
    def finished(self) -> bool:
        """True when the run has reached the scenario's end."""
        return self.sim.finished

    @property
    def mode(self) -> Mode:
        """``replay`` (the timeline's orders are given) or ``free``."""
        return self.sim.mode

    @property
    def seed(self) -> int:
        """The run's random seed."""
        return self.sim.seed

    @property
    def variant(self) -> str | None:
        """The variant run, or None for the scenario as written."""
        return self.sim.variant

    def name_of(self, some_id: str) -> str:
        """The name of a unit, place, off-map area or side; the id itself if it has none."""
        return self.sim.name(some_id)

    def area_positions(self) -> dict[str, tuple[float, float]]:
        """Map position in km of every off-map area that has one (a strike can aim there)."""
        return {a: xy for a, xy in self.sim.world.areas.items() if xy is not None}

    def weapon_state(self, unit_id: str) -> tuple[int, dt.datetime | None]:
        """Munitions left to an own unit of the view, and when its weapon can fire next.

        The time is None when the weapon is ready now. Raises KeyError for an unknown unit.
        """
        unit = self.sim.units[unit_id]
        ready = unit.ready_at if unit.ready_at > self.sim.now + 1e-9 else None
        return unit.ammunition, None if ready is None else self.sim.time_at(ready)
