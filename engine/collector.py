"""Holding Python's cyclic garbage collector while the engine runs.

A run makes no cyclic garbage: every object it drops is freed by reference counting
(measured with the collector off over a whole run, then :func:`gc.collect`: 0 unreachable
objects on Kursk and on the 10,000-place grid; a process's first run may leave a few
dozen, once, from libraries setting themselves up on first use). What the collector does
during a run is walk the objects that live on: the scenario, the world, the tracks and
the log. On a large map that is most of the heap, and the walks grow with it: on the
10,000-place grid they took 1.5 s of a 7.5 s run, on the 1,000-place grid nothing
measurable.

:func:`held` turns the collector off for the span of a ``with`` block and back on when the
last such block, in any thread, has ended, if it was on when the first began. Cycles made
meanwhile (by a caller's code in another thread, say) are not lost, only collected later.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
"""How many :func:`held` blocks are open, in all threads."""
_resume = False
"""Whether the collector was on when the outermost open block began."""


@contextmanager
def held() -> Iterator[None]:
    """The collector is off inside the block, then as it was before the outermost block."""
    global _depth, _resume  # noqa: PLW0603 - one hold for the whole process, as gc is
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
