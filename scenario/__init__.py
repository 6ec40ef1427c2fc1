"""What a scenario IS: the YAML format, its loading and validation, variants, schema.

Pure data: nothing here runs a simulation or draws a screen.

The loader, the models and variants are imported when one of their names is first used,
so that ``import scenario.errors`` (the command line's first import) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scenario.errors import OrderError, Problem, SalientError, ScenarioError, VariantError

if TYPE_CHECKING:
    from scenario.loader import digest, load
    from scenario.models import Scenario
    from scenario.variants import apply

__all__ = [
    "OrderError", "Problem", "SalientError", "Scenario", "ScenarioError", "VariantError",
    "apply", "digest", "load",
]

_LATER = {"digest": "scenario.loader", "load": "scenario.loader",
          "Scenario": "scenario.models", "apply": "scenario.variants"}
"""The names imported when first used, and the module of each."""


def __getattr__(name: str) -> Any:
    """One of :data:`_LATER`'s names, imported now."""
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LATER[name]), name)
    globals()[name] = value
    return value
