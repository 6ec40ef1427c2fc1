"""A tab where YAML wants spaces: the hint says so whatever libyaml's own words are."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario.errors import ScenarioError
from scenario.loader import load


@pytest.mark.parametrize(("text", "where"), [
    ("metadata:\n\tid: x\n", (2, 1)),            # "cannot start any token"
    ("metadata:\n  id: x\n\ttitle: y\n", (3, 1)),  # "a tab character that violates ..."
])
def test_a_tab_in_the_indentation_gets_the_tab_hint(tmp_path: Path, text: str,
                                                    where: tuple[int, int]) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as raised:
        load(path)
    (problem,) = raised.value.problems
    assert problem.position is not None
    assert (problem.position.line, problem.position.col) == where
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.hint == "indent with spaces, not tabs"


def test_a_syntax_error_without_a_tab_gets_no_tab_hint(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("metadata: [a, b\n")
    with pytest.raises(ScenarioError) as raised:
        load(path)
    assert raised.value.problems[0].hint is None
