"""JSON Schema of the scenario format, for editors and other tools."""

from __future__ import annotations

import json
from typing import Any

from scenario.models import Scenario

SCHEMA_ID = "https://salient.invalid/schema/scenario.json"
"""Identifier written into the schema (not a place to fetch it from)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file, as YAML authors write it.

    No top-level section is required: an included rules file may supply any of them, so
    completeness is left to ``salient validate``, which sees the merged scenario.
    """
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema.pop("required", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema}


def json_schema_text() -> str:
    """The schema as indented JSON text, ending with a newline."""
    return json.dumps(json_schema(), indent=2, sort_keys=False) + "\n"
