from __future__ import annotations

from functools import cache
from typing import Any

from scenario import Scenario, load


@cache
def kursk() -> Scenario:
    """The Kursk scenario, read once for all the app's tests (a Scenario is immutable)."""
    return load("scenarios/kursk_2024.yaml")


@cache
def mini() -> Scenario:
    return load("tests/data/mini/mini.yaml")


async def settle(app: Any, pilot: Any) -> None:
    """Let the turns asked for be played and shown, then let the screen repaint."""
    app.main.settle()
    await pilot.pause()
