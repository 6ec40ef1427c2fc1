"""Helpers for the author's-mistakes tests: the mini scenario, edited, then validated.

:func:`edited` copies ``tests/data/mini`` into a temporary folder and applies text edits,
each of which must match exactly once; :func:`validate` runs the real ``salient validate``
(``tui.cli.main``) on the file and returns its exit code and the problems it printed.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from tui.cli import main

MINI = Path(__file__).resolve().parent.parent / "data" / "mini"

Edit = tuple[str, str]
"""Replace the first text by the second (the first must occur exactly once)."""


def edited(folder: Path, scenario: Sequence[Edit] = (), rules: Sequence[Edit] = ()) -> Path:
    """The mini scenario copied into *folder* with *scenario* and *rules* edits applied."""
    for name, edits in (("mini.yaml", scenario), ("rules.yaml", rules)):
        text = (MINI / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
            text = text.replace(old, new)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "mini.yaml"


def copy_mini(folder: Path) -> Path:
    """The mini scenario copied into *folder* unchanged."""
    for name in ("mini.yaml", "rules.yaml"):
        shutil.copy(MINI / name, folder / name)
    return folder / "mini.yaml"


def validate(path: Path, capsys: pytest.CaptureFixture[str],
             command: str = "validate") -> tuple[int, list[str]]:
    """Run ``salient COMMAND PATH``; its exit code and the problems it printed.

    Each problem is one string: ``file:line:col: message`` and, where there is one, its
    hint on the next line. The closing count (``... 2 problems``) is left out.
    """
    capsys.readouterr()
    code = main([command, str(path)])
    err = capsys.readouterr().err
    problems: list[str] = []
    for line in err.splitlines():
        if line.startswith("    hint: ") and problems:
            problems[-1] += "\n" + line
        elif line and not line.endswith((" problem", " problems")):
            problems.append(line)
    return code, problems


def one_problem(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The one problem ``salient validate`` reports on *path*, after checking exit code 2."""
    code, problems = validate(path, capsys)
    assert code == 2, problems
    assert len(problems) == 1, problems
    return problems[0]
