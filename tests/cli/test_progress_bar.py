"""The batch's progress bar survives Ctrl-C at any point, even while rich starts it."""

from __future__ import annotations

import os
import signal

import pytest
from rich.live import Live

from tui.batch_cli import ctrl_c_held, progress_bar


def test_ctrl_c_held_lets_the_block_finish_then_raises() -> None:
    steps: list[str] = []
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt), ctrl_c_held():
        os.kill(os.getpid(), signal.SIGINT)
        steps.append("after the signal")
    assert steps == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is before


def test_ctrl_c_held_without_a_signal_raises_nothing() -> None:
    with ctrl_c_held():
        pass


def test_ctrl_c_while_the_bar_starts_leaves_it_stoppable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    redirect = Live._enable_redirect_io

    def interrupted_redirect(self: Live) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # where a CI run once caught it: half set up
        redirect(self)

    monkeypatch.setattr(Live, "_enable_redirect_io", interrupted_redirect)
    with pytest.raises(KeyboardInterrupt), progress_bar("1 cell") as update:
        update(1, 4, 0, 0.5)
        pytest.fail("the interrupt should have stopped the batch")
