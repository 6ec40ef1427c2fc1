"""Standard streams that are closed, or cannot show every character."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MINI = Path("tests/data/mini")
SALIENT = [sys.executable, "-m", "tui.cli"]


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``salient ARGS`` in a new process, with *kwargs* for :func:`subprocess.run`."""
    options: dict[str, object] = {"capture_output": True, "text": True, "timeout": 120,
                                  "check": False, "stdin": subprocess.DEVNULL, **kwargs}
    return subprocess.run([*SALIENT, *args], **options)  # type: ignore[call-overload, no-any-return]


def closing(*fds: int) -> object:
    """A ``preexec_fn`` that closes *fds* in the child, as ``>&-`` does in a shell."""
    def close() -> None:
        for fd in fds:
            os.close(fd)
    return close


def test_a_closed_standard_output_is_exit_2_with_one_line_not_a_traceback() -> None:
    result = subprocess.run([*SALIENT, "schema"], stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, timeout=60, check=False,
                            preexec_fn=closing(1))
    assert result.returncode == 2
    assert result.stderr == "salient: cannot write to standard output: it is closed\n"


def test_closed_standard_output_and_error_is_exit_2_silently() -> None:
    result = subprocess.run([*SALIENT, "validate", str(MINI / "mini.yaml")],
                            stdin=subprocess.DEVNULL, timeout=60, check=False,
                            preexec_fn=closing(1, 2))
    assert result.returncode == 2


def test_play_with_standard_input_closed_runs_headless() -> None:
    result = subprocess.run([*SALIENT, "play", str(MINI / "mini.yaml")], capture_output=True,
                            text=True, timeout=60, check=False, preexec_fn=closing(0))
    assert result.returncode == 0, result.stderr
    assert "not a terminal" in result.stderr and "Traceback" not in result.stderr


def test_an_ascii_only_standard_output_shows_other_characters_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "Ωmega"
    shutil.copytree(MINI, folder)
    result = run(["validate", str(folder / "mini.yaml")],
                 env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\\u03a9mega/mini.yaml: valid\n")
