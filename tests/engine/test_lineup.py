"""Lined-up wake-ups (engine.clock.line_up): the order of call_after, without moot events."""

from __future__ import annotations

from collections.abc import Callable

import simpy

from engine.clock import Priority, call_after, line_up, run_through

Setter = Callable[[simpy.Environment, list[str], list[bool]], None]
"""Sets up the batch under test: (env, record of what ran, liveness of each entry)."""

BATCH = [(2.0, Priority.MOVEMENT), (1.0, Priority.MOVEMENT), (1.0, Priority.ARRIVAL),
         (2.0, Priority.COMBAT), (3.0, Priority.MOVEMENT), (1.0, Priority.MOVEMENT)]


def by_call_after(env: simpy.Environment, ran: list[str], live: list[bool]) -> None:
    for i, (delay, priority) in enumerate(BATCH):
        call_after(env, delay, priority,
                   lambda i=i: ran.append(f"b{i}") if live[i] else None)


def by_line_up(env: simpy.Environment, ran: list[str], live: list[bool]) -> None:
    line_up(env, [(delay, priority, lambda i=i: live[i],
                   lambda i=i: ran.append(f"b{i}") if live[i] else None)
                  for i, (delay, priority) in enumerate(BATCH)])


def scenario(set_batch: Setter, kill: dict[str, list[int]]) -> tuple[list[str], int]:
    """Other wake-ups around a batch set at hour 0; *kill*: what each one makes moot.

    Returns what ran, in order, and the events processed.
    """
    env = simpy.Environment()
    ran: list[str] = []
    live = [True] * len(BATCH)

    def other(name: str) -> None:
        ran.append(name)
        for i in kill.get(name, []):
            live[i] = False

    for name, delay, priority in (("o1", 1.0, Priority.MOVEMENT), ("o2", 2.0,
                                                                    Priority.MOVEMENT),
                                  ("o3", 1.0, Priority.COMBAT)):
        call_after(env, delay, priority, lambda name=name: other(name))

    def set_up() -> None:
        set_batch(env, ran, live)
        call_after(env, 1.0, Priority.MOVEMENT, lambda: other("o6"))  # queued after it

    call_after(env, 0.0, Priority.ORDER, set_up)
    call_after(env, 1.0, Priority.MOVEMENT, lambda: other("o4"))
    call_after(env, 2.0, Priority.MOVEMENT, lambda: other("o5"))
    return ran, run_through(env, 10.0)


def test_lined_up_wake_ups_run_in_call_afters_order() -> None:
    expected, events = scenario(by_call_after, {})
    got, lined = scenario(by_line_up, {})
    assert got == expected
    assert lined == events
    assert got[:7] == ["b2", "o1", "o4", "b1", "b5", "o6", "o3"]  # hour 1: class, then queue


def test_a_moot_wake_up_never_becomes_an_event_and_nothing_else_moves() -> None:
    kill = {"o4": [0, 4], "o1": [3]}
    expected, events = scenario(by_call_after, kill)
    got, lined = scenario(by_line_up, kill)
    assert got == expected
    assert lined == events - 3  # b0, b3 and b4 were moot when their turn came
