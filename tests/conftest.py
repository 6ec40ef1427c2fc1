"""Every simulation the tests make checks its invariants after every event.

Hypothesis keeps no time limit on an example and no health check on slow generation: on
a busy machine (CI on two cores, other work beside it) a slow example is not a defect,
and its deadline made tests fail at random.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from engine.simulation import Simulation

Simulation.debug_default = True

settings.register_profile("salient", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("salient")
