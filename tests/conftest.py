"""Every simulation the tests make checks its invariants after every event."""

from __future__ import annotations

from engine.simulation import Simulation

Simulation.debug_default = True
