"""The debrief's key moments: every place changing hands, every unit lost or breaking off."""

from __future__ import annotations

from pathlib import Path

from engine import Simulation
from engine.debrief import key_moments
from scenario import load

KURSK = Path("scenarios/kursk_2024.yaml")


def test_each_reader_s_key_moments_hold_what_explains_the_results() -> None:
    sim = Simulation(load(KURSK), seed=2024)
    sim.advance(72)
    for side in (None, "ua", "ru"):
        log = sim.snapshot(side).log
        moments = {(m.hours, m.text) for m in key_moments(sim, log)}
        wanted = {(e.hours, e.text) for e in log
                  if e.kind in ("control", "destroyed", "surrender", "withdraw")}
        assert wanted and wanted <= moments, side
    umpire = key_moments(sim, sim.snapshot(None).log)
    assert any(m.kind == "withdraw" for m in umpire)  # a break-off is a key moment
