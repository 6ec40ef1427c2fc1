"""Saved games as files: JSON written atomically, read with one clear error, and listed.

A save is the JSON of an :class:`~engine.game.Game`. It is written through
:func:`scenario.outputs.write_text`, which writes a temporary file beside the target and
renames it over the target only once it is complete and synced: a write that fails or is
interrupted leaves the previous save as it was.

Reading refuses, each with one :class:`~scenario.errors.SaveError` naming the file: a
file that cannot be read, is not JSON (a truncated or corrupt file), is JSON of another
shape, is of another format version, was made by another engine version, or whose
scenario text does not match its own digest. :func:`check_scenario` refuses a save whose
scenario has changed on disk, saying which file changed and showing the first lines that
differ.

The games folder (autosaves, and where ``salient games`` looks) is, in order of
preference: ``$SALIENT_HOME/games``, ``$XDG_DATA_HOME/salient/games``,
``~/.local/share/salient/games``. Each game is one file there, ``<game id>.json``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from engine.game import FORMAT_VERSION, Game, texts_digest
from engine.version import ENGINE_VERSION
from scenario.errors import SaveError, ScenarioError
from scenario.inputs import read_input
from scenario.outputs import OutputError, write_text

SUFFIX = ".json"
"""File name ending of a saved game."""
DIFF_LINES = 12
"""Most lines of difference shown when a scenario file has changed."""


def games_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder saved games go to (see the module); not created here.

    Raises:
        SaveError: none of the variables is set and the user has no home folder.
    """
    env = os.environ if environ is None else environ
    if env.get("SALIENT_HOME"):
        return Path(env["SALIENT_HOME"]) / "games"
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]) / "salient" / "games"
    return _home(env) / ".local" / "share" / "salient" / "games"


def _home(env: Mapping[str, str]) -> Path:
    """``$HOME``, or the home folder of the password database.

    Raises:
        SaveError: there is neither (a user with no password entry, HOME unset).
    """
    if env.get("HOME"):
        return Path(env["HOME"])
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        raise SaveError("there is no home folder to keep saved games in (HOME is not set); "
                        "set SALIENT_HOME to a folder") from None


def game_file(folder: Path, game_id: str) -> Path:
    """Where the game *game_id* is kept in *folder*."""
    return folder / f"{game_id}{SUFFIX}"


def write_game(path: Path, game: Game) -> Game:
    """Write *game* to *path* atomically, stamped with the time; return the stamped game.

    Raises:
        SaveError: the game has no scenario text, or the file cannot be written (a file
            already at *path* is left as it was).
    """
    if game.scenario is None:
        raise SaveError(f"{path}: this game was started from a scenario value, not a file, "
                        "so it has no scenario text to save")
    stamped = game.model_copy(update={"saved": dt.datetime.now(dt.UTC).replace(microsecond=0)})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{path.parent}: the folder for saved games cannot be made: "
                        f"{exc.strerror or exc}") from None
    try:
        write_text(path, stamped.model_dump_json(indent=1) + "\n")
    except OutputError as exc:
        raise SaveError(f"the game was not saved: {exc}") from None
    return stamped


MAX_SAVE_BYTES = 64 * 1024 * 1024
"""The largest save read: a scenario's text (at most 10 MB with its includes) and a long
game's orders fit many times over; a device or a runaway file is refused, not read."""


def read_game(path: Path) -> Game:
    """The game saved at *path*.

    Raises:
        SaveError: naming *path* and what is wrong (see the module).
    """
    if not path.exists() and not path.is_symlink():
        raise SaveError(f"{path}: no such saved game")
    try:
        data = read_input(path, str(path), MAX_SAVE_BYTES)
    except ScenarioError as exc:  # not a regular file, unreadable, or too large
        raise SaveError(f"{path}: cannot be read as a saved game: "
                        f"{exc.problems[0].message}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a saved game: the file is not text (corrupt?)") from None
    return parse_game(text, path)


def parse_game(text: str, path: Path) -> Game:
    """The game in *text*, read from *path* (named in errors).

    Raises:
        SaveError: see the module.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SaveError(f"{path}: not a saved game: the JSON breaks off or is corrupt at "
                        f"line {exc.lineno}, column {exc.colno} ({exc.msg})") from None
    if not isinstance(data, dict) or "format" not in data:
        raise SaveError(f"{path}: not a saved game: no format version in it")
    if data["format"] != FORMAT_VERSION:
        raise SaveError(f"{path}: saved in format version {data['format']!r}; this "
                        f"Salient reads format version {FORMAT_VERSION}")
    if data.get("engine") != ENGINE_VERSION:
        raise SaveError(f"{path}: played by engine version {data.get('engine')!r}, and this "
                        f"is engine version {ENGINE_VERSION!r}, which would play it "
                        "differently; open it with the Salient that saved it")
    try:
        game = Game.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the top"
        raise SaveError(f"{path}: not a valid saved game: at {where}: {first['msg']}") from None
    if game.scenario is None:
        raise SaveError(f"{path}: not a valid saved game: it holds no scenario text")
    if texts_digest(game.scenario.files) != game.scenario.digest:
        raise SaveError(f"{path}: the scenario text in the save does not match its digest "
                        "(the file is corrupt)")
    wrong = _game_problem(game)
    if wrong is not None:
        raise SaveError(f"{path}: not a valid saved game: {wrong}")
    return game


def _game_problem(game: Game) -> str | None:
    """What a save that passed its schema still holds that cannot be played, if anything.

    Its seed, its scenario files' names (each a path inside the scenario's folder, the
    main one among them) and its lines (one at least, names unique, the current one and
    every parent among them, the turn shown no later than the current line's end).
    """
    if game.seed < 0:
        return f"at seed: the seed is {game.seed}; seeds are 0 or more"
    return _files_problem(game) or _lines_problem(game)


def _files_problem(game: Game) -> str | None:
    assert game.scenario is not None
    kept = game.scenario
    for name in kept.files:
        if not _inside(name):
            return (f"the scenario file name {name!r} is not a file's path relative to the "
                    "scenario's folder")
    if kept.main not in kept.files:
        return (f"its main scenario file {kept.main!r} is not among the files it keeps")
    return None


def _inside(name: str) -> bool:
    """True if *name* is a plain relative path to a file: no '.', '..', NUL or root."""
    parts = name.split("/")
    return ("\0" not in name and not os.path.isabs(name)
            and all(part not in ("", ".", "..") for part in parts))


def _lines_problem(game: Game) -> str | None:
    names = [line.name for line in game.lines]
    if not names:
        return "it holds no line of play"
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        return f"two lines are named {twice[0]!r}"
    if game.current not in names:
        return f"the current line {game.current!r} is not one of its lines: {', '.join(names)}"
    current = game.line(game.current)
    if game.turn > current.played:
        return (f"it stands at turn {game.turn} of line {current.name!r}, which was played to "
                f"turn {current.played}")
    for line in game.lines:
        if line.parent is not None and line.parent not in names:
            return (f"line {line.name!r} branches from {line.parent!r}, which is not one of "
                    "its lines")
    return None


def check_scenario(game: Game, main: Path, save: Path) -> None:
    """Refuse *game* (read from *save*) if its scenario files differ from those on disk.

    *main* is the scenario file on disk; each file kept in the save is compared with the
    file of the same name relative to *main*'s folder.

    Raises:
        SaveError: a file is missing or differs; the message names it and shows the first
            lines that differ, and says how to replay from the text kept in the save.
    """
    assert game.scenario is not None
    kept = game.scenario
    folder = main.resolve().parent
    advice = ("replay it from the scenario text kept in the save with "
              "--scenario-from-save, or restore the file")
    for name in sorted(kept.files, key=lambda n: (n != kept.main, n)):
        disk = main.resolve() if name == kept.main else folder / name
        try:
            now = disk.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SaveError(f"{save}: the scenario file {disk} cannot be read "
                            f"({getattr(exc, 'strerror', None) or exc}); {advice}") from None
        if now != kept.files[name]:
            raise SaveError(f"{save}: the scenario has changed since the game was saved: "
                            f"{disk} differs:\n{_diff(kept.files[name], now, name)}\n"
                            f"{advice}")


def _diff(before: str, after: str, name: str) -> str:
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(),
                                      f"{name} (saved)", f"{name} (on disk)", lineterm="",
                                      n=1))
    shown = lines[:DIFF_LINES]
    if len(lines) > DIFF_LINES:
        shown.append(f"... ({len(lines) - DIFF_LINES} more lines of difference)")
    return "\n".join(shown)


@dataclass(frozen=True)
class SavedGame:
    """One file in the games folder, as ``salient games`` lists it."""

    path: Path
    game: Game | None
    """The game, or None when the file cannot be read."""
    problem: str | None = None
    """Why the file cannot be read, when it cannot."""

    @property
    def when(self) -> dt.datetime:
        """When it was last saved (the file's time if it cannot be read)."""
        if self.game is not None and self.game.saved is not None:
            return self.game.saved
        try:
            info = self.path.lstat()  # a broken link (a loop, a missing file) has its own
        except OSError:
            return dt.datetime.fromtimestamp(0, dt.UTC)
        return dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)

    def summary(self) -> str:
        """One line: id, when, scenario, turns played and lines; or why it is unreadable."""
        if self.game is None:
            return f"{self.path.stem}  unreadable: {self.problem}"
        game = self.game
        line = game.line(game.current)
        lines = ", ".join(f"{x.name} ({x.played})" for x in game.lines)
        how = "two teams" if game.teams else game.mode
        return (f"{game.id}  {self.when:%Y-%m-%d %H:%M} UTC  {game.title}  "
                f"turn {line.played} on {line.name}  {how}  lines: {lines}")


def list_games(folder: Path) -> list[SavedGame]:
    """The saved games in *folder*, newest first (an unreadable file is listed as such)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            found.append(SavedGame(path, read_game(path)))
        except SaveError as exc:
            found.append(SavedGame(path, None, str(exc).removeprefix(f"{path}: ")))
    return sorted(found, key=lambda s: (s.when, s.path.name), reverse=True)


def find_game(name: str, folder: Path | None = None) -> Path:
    """The save *name* names: a path to a file, or a game id in *folder*.

    *folder* is the games folder by default (:func:`games_folder`), looked up only when
    *name* is not a file's path.

    Raises:
        SaveError: it is neither (or it is an id, and there is no games folder).
    """
    if not name:
        raise SaveError("an empty game name; give a saved game's file, or a game id from "
                        "`salient games`")
    as_path = Path(name)
    if as_path.exists() or as_path.suffix == SUFFIX or os.sep in name:
        return as_path
    folder = games_folder() if folder is None else folder
    in_folder = game_file(folder, name)
    if in_folder.exists():
        return in_folder
    raise SaveError(f"{name}: no such saved game (neither a file nor a game id in "
                    f"{folder}; `salient games` lists them)")
