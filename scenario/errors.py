"""The one error hierarchy of Salient.

Every error a user can cause derives from :class:`SalientError`. The command line turns
these into one clear message and exit code 2; anything else is a bug and may raise.

A :class:`ScenarioError` carries every :class:`Problem` found in a file at once, each with
the file, line and column it points at, so an author can fix them all in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class SalientError(Exception):
    """The base of every error a user can cause (bad files, orders or flags)."""


class Position(NamedTuple):
    """Where a node stands in a YAML file: 1-based line and column.

    A named tuple, not a dataclass: a large file makes one for every node it holds.
    """

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, and where it is."""

    position: Position | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.position}: " if self.position else ""
        text = f"{where}{self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class ScenarioError(SalientError):
    """A scenario file (or a file it includes) is not a valid scenario.

    Attributes:
        problems: every problem found, in file order.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, message: str, hint: str | None = None,
               line: int = 1, col: int = 1) -> ScenarioError:
        """Build an error holding one problem at ``file:line:col``."""
        return cls([Problem(Position(str(file), line, col), message, hint)])


class OrderError(SalientError):
    """An order a player gave cannot be carried out; nothing was changed."""


class VariantError(SalientError):
    """A variant or an overlay does not fit the scenario it is applied to."""


class SaveError(SalientError):
    """A saved game cannot be read, written or played again.

    The message names the file and what is wrong: it is corrupt or truncated, not a saved
    game, of another format or engine version, or its scenario has changed on disk.
    """


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    pos = problem.position
    return (pos.file, pos.line, pos.col, problem.message) if pos else ("", 0, 0, problem.message)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return ``"did you mean 'x'?"`` for the closest choice to *word*, or None."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None
