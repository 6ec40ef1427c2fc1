"""Time: events at the same instant run in fixed priority classes, and a run is read after T.

SimPy orders its event queue by ``(time, priority, event id)``. Its own timeouts all have
one priority, so two things due at the same instant run in the order they happened to be
scheduled. Here every engine event is a :class:`Wake` with a :class:`Priority` class, so
at one instant the engine always does, in this order:

1. ``ARRIVAL``: units arriving (from the scenario or from transit);
2. ``TIMELINE``: the historical timeline (injects, and in replay mode the orders);
3. ``ORDER``: orders taking effect (a unit's new movement starts);
4. ``MOVEMENT``: units reaching places, meeting on roads, detections;
5. ``COMBAT``: engagement rounds, and what they decide (losses, break-off, destruction);
6. ``CONTROL``: places changing hands, dug-in timers;
7. ``RECORD``: anything that only records (nothing in the engine yet; kept last).

An order a person gives between two calls of :func:`run_through` is given at the time the
run stands at, after every event at that time has run: at T, a person's order comes after
the timeline's orders at T (the last order to a unit stands).

:func:`run_through` runs every event up to *and including* those at the target time, so
what is read at T includes every event at T.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from enum import IntEnum

import simpy
from simpy.core import EmptySchedule
from simpy.events import URGENT, EventPriority


class Priority(IntEnum):
    """Priority classes of same-instant events (lower runs first)."""

    ARRIVAL = 1
    TIMELINE = 2
    ORDER = 3
    MOVEMENT = 4
    COMBAT = 5
    CONTROL = 6
    RECORD = 7


class Wake(simpy.Event):
    """An event that fires after *delay* hours in priority class *priority*.

    Like SimPy's ``Timeout``, but with a priority class, so same-instant order is decided
    by what the event is, not by when it was scheduled.
    """

    def __init__(self, env: simpy.Environment, delay: float, priority: Priority) -> None:
        if delay < 0:
            raise ValueError(f"a wake-up cannot be in the past (delay {delay})")
        # simpy.Event.__init__ and env.schedule(self, priority, delay), written out: a run
        # makes a wake-up for most of its events.
        self.env = env
        self.callbacks = []
        self._ok = True
        self._value = None
        heapq.heappush(env._queue, (env._now + delay, EventPriority(int(priority)),  # noqa: SLF001
                                    next(env._eid), self))  # noqa: SLF001


def call_after(env: simpy.Environment, delay: float, priority: Priority,
               action: Callable[[], None]) -> Wake:
    """Run *action* after *delay* hours in class *priority*: a wake-up with no process.

    For something that only has to happen at a moment (a meeting on a road): it costs one
    event, where a process costs three (its start, its wake-up and its end).
    """
    wake = Wake(env, delay, priority)
    wake.callbacks.append(lambda _event: action())
    return wake


Live = Callable[[], bool]
"""Whether a lined-up action still matters; once False it must stay False."""

_Entry = tuple[float, int, int, Live, Callable[[], None]]


def line_up(env: simpy.Environment,
            entries: Sequence[tuple[float, Priority, Live, Callable[[], None]]]) -> None:
    """Run each ``(delay, priority, live, action)`` as :func:`call_after` would, or drop it.

    Every entry takes its place in SimPy's queue now (its time, class and event id, in
    list order), exactly as one :func:`call_after` per entry would, but only one entry at a
    time is in the queue: the next one in queue order goes in when the one before it has
    run. An entry whose *live* says False by then is dropped without an event (a moot
    meeting costs nothing). Since each entry keeps the key it was given now, and goes into
    the queue before anything after the one before it can be taken out, the events that
    do run run in just the order, and with just the same neighbours, as with
    :func:`call_after`. *live* must never turn True again once False.
    """
    now, eid = env.now, env._eid  # noqa: SLF001 - SimPy's own event-id counter
    keyed = sorted(((now + delay, int(priority), next(eid), live, action)
                    for delay, priority, live, action in entries),
                   key=lambda entry: entry[:3])
    _enter_next(env, iter(keyed))


def _enter_next(env: simpy.Environment, pending: Iterator[_Entry]) -> None:
    """Put the first entry of *pending* that is still live into SimPy's queue."""
    for at, priority, eid, live, action in pending:
        if not live():
            continue
        event = simpy.Event(env)
        event._ok = True  # noqa: SLF001 - a triggered event, as Wake makes one
        event._value = None  # noqa: SLF001

        def fire(_event: simpy.Event, action: Callable[[], None] = action) -> None:
            action()
            _enter_next(env, pending)

        event.callbacks.append(fire)
        heapq.heappush(env._queue,  # noqa: SLF001
                       (at, EventPriority(priority), eid, event))
        return


class Soon(simpy.Event):
    """An event that runs *action* now, before any other event due now.

    SimPy starts a process in just this way (an urgent event at once), so what *action*
    schedules is ordered exactly as a process started at this point would order it.
    """

    def __init__(self, env: simpy.Environment, action: Callable[[], None]) -> None:
        super().__init__(env)
        self._ok = True
        self._value = None
        self.callbacks.append(lambda _event: action())
        env.schedule(self, URGENT, 0)


def run_through(env: simpy.Environment, target: float,
                after_each: Callable[[], None] | None = None) -> int:
    """Process every event due at or before *target*; leave the clock at *target*.

    *after_each* runs after every event (the invariant checker in debug mode). Returns the
    number of events processed.
    """
    processed = 0
    while env.peek() <= target:
        try:
            env.step()
        except EmptySchedule:  # pragma: no cover - peek said there was one
            break
        processed += 1
        if after_each is not None:
            after_each()
    if env.now < target:
        env.run(until=target)  # nothing is due before target: this only moves the clock
    return processed
