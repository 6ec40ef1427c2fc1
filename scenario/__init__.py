"""What a scenario IS: the YAML format, its loading and validation, variants, schema.

Pure data: nothing here runs a simulation or draws a screen.
"""

from scenario.errors import OrderError, Problem, SalientError, ScenarioError, VariantError
from scenario.loader import digest, load
from scenario.models import Scenario
from scenario.variants import apply

__all__ = [
    "OrderError", "Problem", "SalientError", "Scenario", "ScenarioError", "VariantError",
    "apply", "digest", "load",
]
