"""A tiny scenario built in code, for exact traces of the engine.

Four places on a line, west to east: ``a`` - ``b`` - ``c`` - ``d``, roads of known length
and class; side ``w`` holds ``a`` and ``b``, side ``e`` holds ``c`` and ``d``. There is no
friction (orders start at once, roads take their nominal time), so traces are exact. Tests
change what they need with :func:`tiny` keyword arguments.
"""

from __future__ import annotations

import copy
from typing import Any

from scenario.models import Scenario

START = "2024-01-01T00:00:00+00:00"

BASE: dict[str, Any] = {
    "metadata": {"id": "tiny", "title": "Tiny", "start": START,
                 "end": "2024-01-04T00:00:00+00:00", "turn_hours": 6, "seed": 1},
    "sources": [{"id": "X", "title": "Made up", "publisher": "Tests"}],
    "sides": [{"id": "w", "name": "West", "colour": "#0000ff"},
              {"id": "e", "name": "East", "colour": "#ff0000"}],
    "map": {
        "places": [
            {"id": "a", "name": "A", "kind": "town", "lat": 50.0, "lon": 30.0, "held_by": "w"},
            {"id": "b", "name": "B", "kind": "village", "lat": 50.0, "lon": 30.2,
             "held_by": "w"},
            {"id": "c", "name": "C", "kind": "village", "lat": 50.0, "lon": 30.4,
             "held_by": "e"},
            {"id": "d", "name": "D", "kind": "town", "lat": 50.0, "lon": 30.6, "held_by": "e"},
        ],
        "roads": [
            {"from": "a", "to": "b", "class": "regional", "km": 12.0},
            {"from": "b", "to": "c", "class": "local", "km": 5.0},
            {"from": "c", "to": "d", "class": "regional", "km": 15.0},
        ],
        "border": {"points": [[49.5, 30.3], [50.5, 30.3]]},
    },
    "rules": {
        "unit_types": {
            "inf": {"name": "Infantry", "category": "infantry", "echelon": "company",
                    "speed_kmh": {"motorway": 40, "highway": 40, "regional": 30, "local": 15,
                                  "track": 10},
                    "personnel": 100, "vehicles": 10, "attack": 10.0, "defence": 10.0,
                    "sensor_km": 8.0},
        },
        "combat": {"dispersion": 0.0, "round_minutes": 60, "attrition_per_hour": 0.05},
        "control": {"hold_hours": 2.0},
        "friction": {"order_delay_hours": 0.0, "road_time_spread": 0.0, "hold_spread": 0.0},
    },
    "units": [
        {"id": "w1", "side": "w", "type": "inf", "name": "W1", "at": "a", "source": "X"},
        {"id": "e1", "side": "e", "type": "inf", "name": "E1", "at": "d", "source": "X"},
    ],
}


def tiny(**changes: Any) -> Scenario:
    """The tiny scenario with top-level sections or dotted paths replaced.

    ``tiny(**{"rules.combat.break_at": 0.0})`` sets one nested value.
    """
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        node = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return Scenario.model_validate(data)
