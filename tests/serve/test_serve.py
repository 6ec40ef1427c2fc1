"""``salient serve`` in a real browser: headless Chromium opens the page, sees the app
drawn, presses ``n``, and the game moves to turn 1 on the server and on the canvas.

Chromium is Debian's ``chromium`` (``.ci/run`` installs it), driven by playwright with
``executable_path``; playwright's own browsers are never downloaded. Every request that
would leave 127.0.0.1 (the page asks for a web font) is aborted. Screenshots are kept in
``test-artifacts/serve/`` (ignored by git). Without Chromium or playwright the test is
skipped, saying why, except under CI (``CI=true``, or ``SALIENT_REQUIRE_BROWSER=1`` as
``.ci/run`` sets), where it fails instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from engine.saves import list_games
from scenario.loader import load
from tests.serve.screen import Screen

if TYPE_CHECKING:
    from playwright.sync_api import FloatRect, Page, Route, WebSocket

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "kursk_2024.yaml"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "serve"
LOOPBACK = "127.0.0.1"
WAIT_S = 20.0
CLOCK = "%d %b %Y %H:%M"
"""How the app's status panel shows the time."""
CROP_CELLS = (24, 2)
"""Width and height of the clock crop, in terminal cells."""


def _need_browser() -> None:
    """Skip (fail under CI) when Chromium or playwright is missing."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem is None:
        return
    if os.environ.get("CI") == "true" or os.environ.get("SALIENT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser test must run in CI: {problem}")
    pytest.skip(f"no browser to test `salient serve` in: {problem}")


@dataclass
class Served:
    """A running ``salient serve`` and the folder its games are saved in."""

    url: str
    games: Path
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _wait_until_up(served: Served) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            pytest.fail(f"salient serve ended early:\n{served.log.read_text()}")
        try:
            with urllib.request.urlopen(served.url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    pytest.fail(f"salient serve did not answer within {WAIT_S:g} s:\n{served.log.read_text()}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    _need_browser()
    port = _free_port()
    home = tmp_path / "home"
    log = tmp_path / "serve.log"
    env = {**os.environ, "SALIENT_HOME": str(home)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "serve", str(SCENARIO), "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Served(f"http://{LOOPBACK}:{port}/", home / "games", process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server, then anything left in its process group (its apps)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@dataclass
class Terminal:
    """What the page's terminal was sent over its websocket, and its size."""

    received: list[bytes] = field(default_factory=list)
    size: tuple[int, int] | None = None

    def attach(self, socket: WebSocket) -> None:
        """Listen to *socket*, the page's connection to its app (a new page: a new app)."""
        self.received = []
        query = parse_qs(urlsplit(socket.url).query)
        if "width" in query and "height" in query:
            self.size = (int(query["width"][0]), int(query["height"][0]))
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.received.append(payload)

    def _sent(self, payload: str | bytes) -> None:
        message = json.loads(payload) if isinstance(payload, str) else None
        if isinstance(message, list) and message and message[0] == "resize":
            self.size = (int(message[1]["width"]), int(message[1]["height"]))

    def screen(self) -> Screen | None:
        """The screen as drawn so far (None before the size is known)."""
        if self.size is None:
            return None
        screen = Screen(*self.size)
        screen.feed(b"".join(self.received))
        return screen


def _loopback_only(blocked: list[str]) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()
    return handle


def _wait_for(page: Page, what: str, check: Callable[[], Any]) -> Any:
    """*check*'s first true answer, polled while the page's events are handled."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        answer = check()
        if answer:
            return answer
        page.wait_for_timeout(100)
    pytest.fail(f"waited {WAIT_S:g} s for {what}")


def _drawn(terminal: Terminal, title: str,
           clock: str) -> Callable[[], tuple[Screen, tuple[int, int]] | None]:
    """A check: the screen and where *clock* is on it, once it shows *title* and *clock*."""
    def check() -> tuple[Screen, tuple[int, int]] | None:
        screen = terminal.screen()
        at = screen.find(clock) if screen is not None else None
        return (screen, at) if screen and at and screen.find(title) else None
    return check


def _clock_clip(page: Page, screen: Screen, at: tuple[int, int]) -> FloatRect:
    """The page area of the terminal cells from *at*, :data:`CROP_CELLS` in size."""
    box = page.locator(".xterm-screen").bounding_box()
    assert box is not None, "the terminal has no area on the page"
    cell_w, cell_h = box["width"] / screen.columns, box["height"] / screen.rows
    row, col = at
    width = min(CROP_CELLS[0], screen.columns - col)
    return {"x": box["x"] + col * cell_w, "y": box["y"] + row * cell_h,
            "width": width * cell_w, "height": CROP_CELLS[1] * cell_h}


def _colours(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 20) or ())


def _saved_turn(games: Path) -> int | None:
    found = [s for s in list_games(games) if s.game is not None]
    return found[0].game.turn if found and found[0].game is not None else None


def test_a_browser_plays_a_turn(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    meta = load(SCENARIO).metadata
    title, clock = meta.title, meta.start.strftime(CLOCK)
    clock_1 = (meta.start + dt.timedelta(hours=meta.turn_hours)).strftime(CLOCK)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    terminal = Terminal()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", _loopback_only(blocked))
            page.on("websocket", terminal.attach)
            page.goto(served.url)
            page.wait_for_selector("body.-first-byte", timeout=WAIT_S * 1000)

            screen, at = _wait_for(page, f"the app to show {title!r} and {clock!r}",
                                   _drawn(terminal, title, clock))
            clip = _clock_clip(page, screen, at)
            page.wait_for_timeout(300)  # let the canvas catch up with what it was sent
            before = page.screenshot(clip=clip, path=ARTIFACTS / "clock-turn-0.png")
            page.screenshot(path=ARTIFACTS / "page-turn-0.png")
            assert _colours(before) > 1, "the clock region of the canvas is blank"
            assert _saved_turn(served.games) is None, "a game was saved before any turn"

            page.focus(".xterm-helper-textarea")
            page.keyboard.press("n")
            _wait_for(page, "the autosave on the server to say turn 1",
                      lambda: _saved_turn(served.games) == 1)
            after = _wait_for(page, "the clock region of the canvas to change",
                              lambda: (shot := page.screenshot(clip=clip)) != before and shot)
            (ARTIFACTS / "clock-turn-1.png").write_bytes(after)
            page.screenshot(path=ARTIFACTS / "page-turn-1.png")

            page.reload()  # a new app, which goes on from the autosave
            _, at_1 = _wait_for(page, f"the reloaded page to show {clock_1!r}",
                                _drawn(terminal, title, clock_1))
            assert at_1 == at, "the clock moved on the reloaded page"
            page.wait_for_selector("body.-first-byte", timeout=WAIT_S * 1000)
            _wait_for(page, "the reloaded canvas to show the clock of turn 1",
                      lambda: page.screenshot(clip=clip) == after)
            page.screenshot(path=ARTIFACTS / "page-reloaded.png")
        finally:
            browser.close()
    assert _colours(after) > 1
    assert len(list_games(served.games)) == 1, "the reloaded page started another game"
