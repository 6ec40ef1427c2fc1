"""An experiment's range with .nan or .inf: one message at the field, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenario.errors import ScenarioError
from scenario.experiment import load_experiment

SWEEP = """base: mini/mini.yaml
sweeps:
  - name: x
    path: rules.control.hold_hours
    range: {{from: {start}, to: {end}, step: {step}}}
"""


@pytest.mark.parametrize(("start", "end", "step", "field"), [
    (".nan", "10", "1", "from"), ("0", ".inf", "1", "to"), ("0", "10", ".nan", "step"),
    ("-.inf", "10", "1", "from"),
])
def test_a_range_that_is_not_finite_is_refused_at_its_field(
        tmp_path: Path, start: str, end: str, step: str, field: str) -> None:
    shutil.copytree("tests/data/mini", tmp_path / "mini")
    path = tmp_path / "experiment.yaml"
    path.write_text(SWEEP.format(start=start, end=end, step=step))
    with pytest.raises(ScenarioError) as raised:
        load_experiment(path)
    (problem,) = raised.value.problems
    assert problem.position is not None and problem.position.line == 5
    assert problem.message.startswith(f"field '{field}': ")
    assert "finite number" in problem.message
