"""Snapshot tests of the app's screens (SVG in __snapshots__/, see pytest-textual-snapshot).

After a deliberate change to the look, review and update them with
``.venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import kursk
from tui.app import SalientApp
from tui.session import Session

SIZE = (130, 42)


class TestMainScreen:
    def test_the_opening_situation_as_the_umpire(self, snap_compare: Any) -> None:
        assert snap_compare(SalientApp(Session(kursk())), terminal_size=SIZE)

    def test_9_august_as_the_umpire(self, snap_compare: Any) -> None:
        assert snap_compare(SalientApp(Session(kursk())), press=["n"] * 6, terminal_size=SIZE)

    def test_9_august_as_russia_sees_it(self, snap_compare: Any) -> None:
        assert snap_compare(SalientApp(Session(kursk())), press=["n"] * 6 + ["v", "v"],
                            terminal_size=SIZE)


class TestClaimsScreen:
    def test_claims_to_10_august_as_the_umpire(self, snap_compare: Any) -> None:
        assert snap_compare(SalientApp(Session(kursk())), press=["n"] * 8 + ["c"],
                            terminal_size=SIZE)
