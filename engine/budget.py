"""The run's budget: a run that would loop or crawl stops with one clear error instead.

Validation keeps every duration of a scenario at a minute or more, so a run has a natural
pace. This module enforces that pace whatever the engine's internals become: each call of
:meth:`engine.simulation.Simulation.advance` gets a :class:`Budget`, and the SimPy
environment (:class:`BudgetedEnvironment`) spends one unit of it on every event it
processes. The budget grows with the simulated time covered so far:

- **events**: ``EVENTS_PER_ELEMENT_DAY * size * (hours covered + GRACE_HOURS) / 24``,
  where *size* counts the scenario's units, places, off-map areas and timeline entries,
  plus one for the run's own clocks (the sampler, detection). That is one event a
  minute for every element, the finest pace the rules allow, with an hour's worth to
  start with;
- **wall time**: ``GRACE_SECONDS + SECONDS_PER_ELEMENT_DAY * size * hours covered / 24``
  seconds of computing, checked every :data:`CHECK_EVERY` events.

The Kursk scenario (190 elements, 14.8 days) uses about 2,000 events and a quarter of a
second of its budget of about four million events and two and a half minutes. A run that outspends
its budget raises :class:`RunawayError`: a combat round or a detection interval of a
millionth of an hour (which validation refuses, but a scenario built in code may carry)
is stopped after a few thousand events instead of looping for hours.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import simpy

from scenario.errors import SalientError
from scenario.models import Scenario

EVENTS_PER_ELEMENT_DAY = 1440
"""Events a run may process per simulated day for each element of the scenario."""
SECONDS_PER_ELEMENT_DAY = 0.05
"""Seconds of computing a run may use per simulated day for each element."""
GRACE_HOURS = 1.0
"""Simulated hours' worth of events a run may use before its clock has moved at all."""
GRACE_SECONDS = 10.0
"""Seconds of computing a run may use before its clock has moved at all."""
CHECK_EVERY = 16
"""The wall clock is read once every this many events (reading it costs next to nothing,
but a run may process millions of events)."""


class RunawayError(SalientError):
    """A run used far more events or computing time than its scenario's size allows."""


def scenario_size(scenario: Scenario) -> int:
    """The elements a run's budget is proportional to (see the module docstring)."""
    return (len(scenario.units) + len(scenario.map.places) + len(scenario.map.off_map)
            + len(scenario.timeline) + 1)


@dataclass
class Budget:
    """What one call of ``advance`` may spend, from simulated hour *start* on."""

    size: int
    """Elements of the scenario (:func:`scenario_size`)."""
    start: float
    """Simulated hours at which the budget was opened."""
    clock: Callable[[float], str] = str
    """Writes a simulated hour for the error message (a date and time)."""
    events: int = 0
    """Events processed so far."""
    opened: float = field(default_factory=time.monotonic)
    """Wall-clock time at which the budget was opened."""
    _floor: float = field(init=False, repr=False)
    """The events allowed before the clock has moved: the least the allowance ever is."""

    def __post_init__(self) -> None:
        self._floor = EVENTS_PER_ELEMENT_DAY * self.size * (0.0 + GRACE_HOURS) / 24.0

    def spend(self, now: float) -> None:
        """Count one event at simulated hour *now*.

        The allowance is worked out only once the events exceed what it is at the start
        (it never shrinks as the simulated time grows), and the wall clock is read every
        :data:`CHECK_EVERY` events: most events cost a count and two comparisons.

        Raises:
            RunawayError: the events or the wall time used exceed what the simulated
                time covered so far allows.
        """
        self.events += 1
        if self.events > self._floor or self.events % CHECK_EVERY == 0:
            self._check(now)

    def _check(self, now: float) -> None:
        now = float(now)
        hours = max(now - self.start, 0.0)
        allowed = EVENTS_PER_ELEMENT_DAY * self.size * (hours + GRACE_HOURS) / 24.0
        if self.events > allowed:
            raise RunawayError(
                f"the run was stopped at {self.clock(now)}: {self.events:,} events in "
                f"{hours:.3g} simulated hours, more than the {int(allowed):,} allowed "
                f"{self._per_element(f'{EVENTS_PER_ELEMENT_DAY:,} events')}; a duration in "
                "the rules is far too short for the run to go on")
        if self.events % CHECK_EVERY == 0:
            self._check_time(now, hours)

    def _check_time(self, now: float, hours: float) -> None:
        used = time.monotonic() - self.opened
        allowed = GRACE_SECONDS + SECONDS_PER_ELEMENT_DAY * self.size * hours / 24.0
        if used > allowed:
            raise RunawayError(
                f"the run was stopped at {self.clock(now)}: {used:.0f} s of computing for "
                f"{hours:.3g} simulated hours, more than the {allowed:.0f} s allowed "
                f"{self._per_element(f'{SECONDS_PER_ELEMENT_DAY:g} s')}")

    def _per_element(self, rate: str) -> str:
        """How the allowance was reckoned, for the error message."""
        return (f"for a scenario of {self.size} elements (units, places, off-map areas, "
                f"timeline entries and the clock; {rate} a simulated day each)")


class BudgetedEnvironment(simpy.Environment):
    """A SimPy environment that spends its :attr:`budget` on every event it processes."""

    def __init__(self) -> None:
        super().__init__()
        self.budget: Budget | None = None
        """The budget of the current ``advance``; None outside one (nothing is counted)."""

    def step(self) -> None:
        """Process the next event, after charging it to the budget.

        Raises:
            RunawayError: the budget is spent; the event is left unprocessed.
        """
        budget = self.budget
        if budget is not None:
            budget.spend(self._now)
        super().step()
