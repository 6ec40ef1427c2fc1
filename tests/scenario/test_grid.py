"""Generated road grids: a real map of 10,000 places validates, and a small one is played."""

from __future__ import annotations

from pathlib import Path

from engine import Simulation
from scenario import load
from scenario.generate import Grid, grid_scenario, write_grid


def test_a_ten_thousand_place_grid_validates(tmp_path: Path) -> None:
    grid = Grid(rows=100, cols=100, units_per_side=1000)
    scenario = load(write_grid(tmp_path, grid))
    assert len(scenario.map.places) == 10_000
    assert len(scenario.map.roads) == 2 * 100 * 99  # about 20,000
    assert len(scenario.units) == 2000 and len(scenario.timeline) == 2000


def test_the_generator_writes_the_same_text_every_time() -> None:
    grid = Grid(rows=4, cols=6, units_per_side=3)
    assert grid_scenario(grid) == grid_scenario(grid)


def test_the_sides_of_a_small_grid_meet_and_fight(tmp_path: Path) -> None:
    scenario = load(write_grid(tmp_path, Grid(rows=5, cols=8, units_per_side=4, days=3)))
    sim = Simulation(scenario, seed=1)
    sim.run()
    kinds = {entry.kind for entry in sim.log.entries}
    assert {"contact", "combat"} <= kinds
