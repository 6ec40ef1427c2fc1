"""Flag values a careless script gives: an empty variant, seeds past the format's range."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main

MINI = str(Path("tests/data/mini/mini.yaml"))
MAX_SEED = 2**32 - 1


def salient(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``salient ARGS`` in this process: exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


@pytest.mark.parametrize("command", [["run", MINI], ["calibrate", MINI], ["play", MINI],
                                     ["serve", MINI], ["batch", MINI]])
def test_an_empty_variant_is_refused_not_taken_for_the_base(
        capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    # `--variant "$V"` with V unset must not quietly run the base scenario
    code, out, err = salient(capsys, *command, "--variant", "")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].endswith(
        "argument --variant: an empty name; give a variant's name, or leave out --variant "
        "for the base scenario")


@pytest.mark.parametrize(("command", "flag"), [(["run", MINI], "--seed"),
                                               (["play", MINI], "--seed"),
                                               (["calibrate", MINI], "--first-seed")])
def test_a_seed_past_the_formats_range_is_refused(
        capsys: pytest.CaptureFixture[str], command: list[str], flag: str) -> None:
    code, out, err = salient(capsys, *command, flag, str(MAX_SEED + 1))
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].endswith(
        f"{MAX_SEED + 1} is too large; seeds are 0 to 4,294,967,295")


def test_calibrate_seeds_running_past_the_range_are_refused(
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["calibrate", MINI, "--first-seed", str(MAX_SEED), "--runs", "2"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (f"salient: --first-seed {MAX_SEED} with --runs 2 runs seeds past "
                   "4,294,967,295; give a first seed of at most 4,294,967,294\n")
