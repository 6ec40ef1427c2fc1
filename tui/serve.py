"""``salient serve``: the app in a web browser, through textual-serve.

textual-serve runs a command for each browser connection, with pipes rather than a
terminal, and relays its screen to the page. The command it runs here is ``salient play
SCENARIO --served``, which always opens the app (never the headless table ``play`` falls
back to without a terminal) and goes on with the newest autosave of the same game
settings, so reloading the page resumes where the class was. Each connection gets its own
app: ``serve`` is for one screen (a projector, or one team's laptop), not for several
browsers on one game.

The server listens on 127.0.0.1 unless ``--host`` names another address; then anyone who
can reach the machine can drive the app, and :func:`serve` says so on stderr. The page's
websocket address is built from the address the browser used, so a server listening on
0.0.0.0 works from other machines.

Resuming (:func:`newest_autosave`): a saved game in the games folder is resumed when it
was started from the same scenario file with the same variant and mode, as a two-team
game or not alike, with the same seed when a seed is given, and (with ``--new``) was
started after the server. A save that can no longer be played (the scenario changed
since) is passed over with a line on stderr, and a new game starts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import shlex
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenario.errors import SalientError

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

    from tui.session import Session

LOOPBACK = "127.0.0.1"
"""The default address: only browsers on this machine can connect."""
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""The folder holding the ``tui`` package; the served command imports from it."""


@dataclass(frozen=True)
class Settings:
    """The game a served app opens: what ``salient play`` would be given."""

    scenario: Path
    """The scenario file, absolute."""
    variant: str | None = None
    seed: int | None = None
    mode: str = "replay"
    side: str = "umpire"
    teams: bool = False
    speed: float = 1.5
    since: dt.datetime | None = None
    """Resume only games started at or after this time (``--new``); None: any."""

    def play_arguments(self) -> list[str]:
        """The arguments of ``salient play`` for this game, ``--served`` included."""
        args = ["play", str(self.scenario), "--served", "--mode", self.mode,
                "--side", self.side, "--speed", f"{self.speed:g}"]
        if self.variant is not None:
            args += ["--variant", self.variant]
        if self.seed is not None:
            args += ["--seed", str(self.seed)]
        if self.teams:
            args.append("--teams")
        if self.since is not None:
            args += ["--served-since", self.since.isoformat()]
        return args


def served_command(settings: Settings) -> str:
    """The shell command textual-serve runs for each browser connection.

    The interpreter is this one, with ``-P`` so that the folder the server was started in
    cannot shadow the package (:func:`serve` puts :data:`PACKAGE_ROOT` on PYTHONPATH).
    """
    return shlex.join([sys.executable, "-P", "-m", "tui.cli", *settings.play_arguments()])


def check_address(host: str, port: int) -> bool:
    """Check that *host* and *port* can be listened on; return True if *host* is loopback.

    Raises:
        SalientError: the host name does not resolve, or the port is taken or not allowed
            on one of its addresses.
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SalientError(f"--host {host!r}: not an address of this machine "
                           f"({getattr(exc, 'strerror', None) or exc})") from None
    for family, kind, proto, _, address in found:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise SalientError(_bind_problem(host, port, exc)) from None
    return all(ipaddress.ip_address(str(a[4][0]).split("%")[0]).is_loopback for a in found)


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == 98:  # EADDRINUSE
        return (f"--port {port}: already in use on {host} (another `salient serve`?); "
                "give another port")
    if exc.errno == 13:  # EACCES
        return f"--port {port}: not allowed for this user on {host}; give a port above 1023"
    return f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc})"


def newest_autosave(folder: Path, settings: Settings) -> Path | None:
    """The newest saved game in *folder* a served app should go on with (see the module).

    Unreadable files are passed over. None when there is none.
    """
    from engine.saves import list_games

    for saved in list_games(folder):
        game = saved.game
        if game is None or game.scenario is None:
            continue
        if (Path(game.scenario.origin) == settings.scenario
                and (game.variant, game.mode, game.teams)
                == (settings.variant, settings.mode, settings.teams)
                and settings.seed in (None, game.seed)
                and (settings.since is None or game.started >= settings.since)):
            return saved.path
    return None


def resume(folder: Path, settings: Settings, view: str | None) -> Session | None:
    """The session of the newest autosave to go on with, shown as *view*; None: start anew.

    A save that cannot be played again is passed over with a line on stderr.
    """
    from tui.session import Session

    path = newest_autosave(folder, settings)
    if path is None:
        return None
    try:
        session = Session.load(path, scenario=settings.scenario, view=view)
    except SalientError as exc:
        print(f"salient: not going on with {path.name}: {exc}; a new game starts",
              file=sys.stderr)
        return None
    print(f"salient: going on with game {session.game.id} at turn {session.position}",
          file=sys.stderr)
    return session


def serve(settings: Settings, *, host: str, port: int, title: str) -> int:
    """Serve the app for *settings* on *host*:*port* until stopped; return the exit code.

    *title* names the page. The address is checked first (:func:`check_address`); a
    non-loopback *host* gets a warning on stderr.

    Raises:
        SalientError: the address cannot be listened on.
    """
    loopback = check_address(host, port)
    if not loopback:
        print(f"salient serve: listening on {host}, not only on this machine: anyone who "
              f"can reach port {port} can open the game and give its orders",
              file=sys.stderr)
    paths = [str(PACKAGE_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(":"))]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    server = _server_class()(served_command(settings), host=host, port=port,
                             title=f"Salient: {title}")
    server.serve()
    return 0


def _server_class() -> type[Server]:
    """textual-serve's server, with page addresses taken from the browser's request."""
    from textual_serve.server import Server

    class SalientServer(Server):
        """A textual-serve server whose page links back to the address the browser used."""

        async def handle_index(self, request: web.Request) -> Any:
            """The page, pointing its websocket at the host the browser asked for."""
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app: web.Application) -> None:
            """Say where to point the browser, and how to stop."""
            url = f"http://{_url_host(self.host)}:{self.port}/"
            print(f"salient serve: {self.title} on {url}\n"
                  "  open it in one browser (each page is its own game; reloading goes on "
                  "from the autosave)\n  Ctrl+C stops the server", flush=True)

    return SalientServer


def _url_host(host: str) -> str:
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    return host
