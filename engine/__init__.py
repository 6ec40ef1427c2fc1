"""What HAPPENS: the world graph, the SimPy run, and the Snapshot that shows it.

The front door is :class:`Simulation`; everything that shows or stores a run reads
:class:`Snapshot` values, never the simulation's own state::

    from engine import Order, Simulation

    sim = Simulation(scenario, seed=7)
    sim.apply([Order("ua_22_mech_1", "move", to="sudzha")], side="ua")
    sim.advance_turn()
    view = sim.snapshot(side="ru")
"""

from engine.orders import Order
from engine.simulation import Rejected, Simulation
from engine.snapshot import Snapshot, UnitView
from engine.version import ENGINE_VERSION

__all__ = ["ENGINE_VERSION", "Order", "Rejected", "Simulation", "Snapshot", "UnitView"]
