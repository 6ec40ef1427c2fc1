"""Read-only counts of a run: events processed and engagements started.

Nothing in engine/ is changed. Events are counted by shadowing ``step`` on the one
simulation's environment instance with a counting wrapper: the engine's clock
(``engine.clock.run_through``) and SimPy's own ``run`` both process events through
``env.step()``. The wrapper costs a Python call per event, so timed runs are never
counted; the counts come from separate runs of the same seed (a run is deterministic).
"""

from __future__ import annotations

from typing import Any


class EventCounter:
    """Counts the events one simulation's environment processes from now on."""

    def __init__(self, sim: Any) -> None:
        self.count = 0
        env = sim.env
        inner = env.step

        def step() -> None:
            self.count += 1
            inner()

        env.step = step

    def events(self, sim: Any) -> int | None:
        """Events counted; None if the clock moved without a single ``env.step`` call.

        That would mean the engine no longer processes its events through ``env.step``
        and this counter needs adapting (the engine is not changed for it).
        """
        if self.count == 0 and float(sim.env.now) > 0:
            return None
        return self.count


def engagements(sim: Any) -> int:
    """Engagements started in the run: contact entries that start one.

    An entry of kind ``contact`` that starts an engagement carries ``engagement`` and
    ``attacker`` in its data (one that joins a fight carries ``engagement`` and ``unit``).
    """
    return sum(1 for e in sim.log.entries
               if e.kind == "contact" and "engagement" in e.data and "attacker" in e.data)
