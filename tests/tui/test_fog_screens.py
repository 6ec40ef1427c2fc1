"""The fog holds on every screen a team can reach, through one whole two-team turn.

The game is Kursk, replayed with two teams for five turns, then played by keys for one
more: each side is handed the keyboard, looks at every screen it can reach (the main
screen, the explanation of a log line, the claims, the estimates, the debrief, the command
palette and its finder, the order dialog), gives an order and submits. After the turn the
first side looks at everything again. No text on any of these screens may name an enemy
unit the side had not seen by then, nor state an enemy loss in the umpire's exact words.

What a side had seen comes from the engine's truth: the same game replayed hour by hour,
recording the earliest sighting of each enemy unit in that side's snapshots (as
``tests/engine/test_fog.py`` does for the log alone).
"""

from __future__ import annotations

import html
import io
import math
import re
from collections import defaultdict
from typing import Any

from rich.console import Console
from textual.command import Hit
from textual.widgets import DataTable, Static

from engine import game as record
from engine.explain import explain
from tests.engine.test_fog import enemy_loss_phrases
from tests.tui.conftest import kursk
from tui.app import SalientApp
from tui.claims_screen import ClaimsScreen
from tui.commands import FindProvider
from tui.debrief_screen import DebriefScreen
from tui.estimates_screen import EstimatesScreen
from tui.explain_screen import ExplainScreen
from tui.handover_screen import HandoverScreen
from tui.main_screen import MainScreen
from tui.order_screen import OrderScreen
from tui.session import Session
from tui.widgets import HIDDEN, EventLog, StatusPanel, UnitTable

SIZE = (120, 40)
TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screenshot_text(app: SalientApp) -> str:
    """The screen as plain text, line by line, from the app's SVG screenshot."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in TEXT.findall(app.export_screenshot()):
        rows[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(rows[y])) for y in sorted(rows))


def rendered(content: Any, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def statics(app: SalientApp) -> str:
    """Everything every Static of the screen holds, scrolled out of sight or not."""
    return "\n".join(rendered(w.content) for w in app.screen.query(Static))


def table_text(table: DataTable[Any]) -> str:
    return "\n".join(" | ".join(rendered(cell).strip() for cell in table.get_row_at(i))
                     for i in range(table.row_count))


def first_seen(session: Session) -> dict[str, dict[str, float]]:
    """For each side, when it first saw each enemy unit, replaying the game hour by hour."""
    game, line = session.game, session.game.line(session.line)
    sim = record.start(session.given, game)
    sides = [s.id for s in sim.scenario.sides]
    first: dict[str, dict[str, float]] = {s: {} for s in sides}
    step = sim.scenario.metadata.turn_hours
    for turn in range(session.position):
        for action in line.at(turn):
            record.perform(sim, action)
        hour = turn * step
        while hour < (turn + 1) * step - 1e-9:
            hour = min(hour + 1.0, (turn + 1) * step)
            sim.advance(hour)
            for side in sides:
                for view in sim.snapshot(side).units:
                    if view.side != side:
                        seen = view.seen_hours if view.seen_hours is not None else sim.now
                        first[side][view.id] = min(first[side].get(view.id, math.inf), seen)
    assert [e.text for e in sim.log.entries] == [e.text for e in session.sim.log.entries], \
        "the hour-by-hour replay is not the game played"
    return first


class Looked:
    """What one side was shown, screen by screen: ``(screen, time in hours, text)``."""

    def __init__(self, side: str) -> None:
        self.side = side
        self.texts: list[tuple[str, float, str]] = []

    def add(self, where: str, hours: float, text: str) -> None:
        self.texts.append((where, hours, text))


async def look_everywhere(app: SalientApp, pilot: Any, looked: Looked) -> None:
    """Open every screen the side at the screen can reach, and keep what each shows."""
    main = app.main
    assert isinstance(app.screen, MainScreen) and main.session.view == looked.side
    now = main.snapshot.hours
    looked.add("main screen", now, screenshot_text(app))
    looked.add("units list", now, table_text(app.screen.query_one(UnitTable)))
    looked.add("unit details", now, statics(app))
    log = app.screen.query_one(EventLog)
    assert log.view == looked.side and log.entries, "the side's log is not shown, or empty"
    for entry in log.entries:
        looked.add(f"log entry {entry.seq}", entry.hours, entry.text)
        why = explain(entry, app.session.scenario)
        looked.add(f"explanation of entry {entry.seq}", entry.hours, "\n".join(
            [why.title, why.text, *(f"{x.label} {x.value} {x.source}" for x in why.lines)]))
    status = rendered(app.screen.query_one(StatusPanel).content, 64)
    enemy = next(s.name for s in app.session.scenario.sides if s.id != looked.side)
    row = next(line for line in status.splitlines() if line.startswith(enemy))
    assert row.split()[-2:] == [HIDDEN, HIDDEN], "an enemy loss figure shows in the status"

    await pilot.press("l", "enter")
    assert isinstance(app.screen, ExplainScreen)
    looked.add("explanation screen", now, screenshot_text(app) + statics(app))
    await pilot.press("escape", "c")
    assert isinstance(app.screen, ClaimsScreen)
    looked.add("claims", now, screenshot_text(app) + table_text(app.screen.query_one(
        DataTable)))
    await pilot.press("escape", "e")
    assert isinstance(app.screen, EstimatesScreen)
    looked.add("estimates", now, screenshot_text(app) + table_text(app.screen.query_one(
        DataTable)) + statics(app))
    await pilot.press("escape", "d")
    await pilot.pause()
    assert isinstance(app.screen, DebriefScreen) and app.screen.data.reader == looked.side
    looked.add("debrief", now, screenshot_text(app) + statics(app))
    await pilot.press("escape", "ctrl+p")
    await pilot.pause(0.3)
    looked.add("palette", now, screenshot_text(app))
    await pilot.press("escape")
    await pilot.pause()
    provider = FindProvider(main)
    for unit in app.session.sim.units.values():
        async for hit in provider.search(unit.name):
            assert isinstance(hit, Hit)
            looked.add("palette finder", now, f"{hit.text} {hit.help}")


async def order_and_submit(app: SalientApp, pilot: Any, looked: Looked, unit: str) -> None:
    """Open the order dialog for *unit* by keys, keep what it shows, give a move, submit."""
    table = app.screen.query_one(UnitTable)
    await pilot.press("o")  # the focus is in the log: o puts it in the units list
    assert app.focused is table
    step = table.get_row_index(unit) - table.cursor_row
    await pilot.press(*["down" if step > 0 else "up"] * abs(step), "o")
    screen = app.screen
    assert isinstance(screen, OrderScreen) and screen.unit.id == unit
    now = app.main.snapshot.hours
    looked.add("order dialog", now, screenshot_text(app) + "\n".join(
        label for _, label in (*screen.about.targets, *screen.about.destinations)))
    await pilot.press("tab", "enter", "down", "enter", "tab", "enter")  # move to a place
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert app.session.pending(looked.side), "the order was not given"
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, HandoverScreen)


def leaks(session: Session, looked: Looked, first: dict[str, dict[str, float]]) -> list[str]:
    """Each text that names an enemy unit before the side saw it, or an exact enemy loss."""
    side = looked.side
    units = session.sim.units.values()
    # Longest names first, and a name the side may read is blanked before shorter ones are
    # looked for, so "22nd Mech Bde" is not found inside "22nd Mech Bde (1st group)".
    by_length = sorted(units, key=lambda u: -len(u.name))
    phrases = enemy_loss_phrases(session.sim, side)
    found = []
    for where, hours, text in looked.texts:
        for unit in by_length:
            known = unit.side == side or first[side].get(unit.id, math.inf) <= hours + 1.0
            if unit.name in text and not known:
                found.append(f"{where} names {unit.name!r} before {side} saw it")
            text = text.replace(unit.name, "#")
        found += [f"{where} states {phrase!r}" for phrase in phrases if phrase in text]
    return found


async def test_no_screen_a_team_reaches_in_a_two_team_turn_shows_what_it_cannot_know() -> None:
    session = Session(kursk(), teams=True, seed=2)
    for _ in range(10):  # five turns: both sides submit, nothing given
        session.next_turn()
    app = SalientApp(session)
    ukraine, russia, after = Looked("ua"), Looked("ru"), Looked("ua")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("enter")
        await look_everywhere(app, pilot, ukraine)
        await order_and_submit(app, pilot, ukraine, "ua_himars")
        await pilot.press("enter")
        await look_everywhere(app, pilot, russia)
        await order_and_submit(app, pilot, russia, "ru_akhmat")
        assert session.position == 6
        await pilot.press("enter")
        await look_everywhere(app, pilot, after)
    first = first_seen(session)
    assert first["ru"] and first["ua"], "no side saw anything: the test shows nothing"
    found = [leak for looked in (ukraine, russia, after) for leak in leaks(session, looked,
                                                                           first)]
    assert not found, f"{len(found)} fog leaks, e.g. {found[:5]}"
    umpire = Looked("ua")  # the check bites: the umpire's log, shown to Ukraine, leaks
    for entry in session.sim.log.entries:
        umpire.add(f"umpire's entry {entry.seq}", entry.hours, entry.text)
    assert leaks(session, umpire, first)
    named = {u.name for u in session.sim.units.values() if u.side == "ru"}
    assert any(name in text for _, _, text in after.texts for name in named), \
        "Ukraine saw no Russian unit: the test checks nothing"
