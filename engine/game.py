"""A saved game is its order log: the scenario's text and what people did, turn by turn.

A :class:`Game` holds what is needed to play a game again exactly: the text of the
scenario's files (so a changed file can be shown as a difference), the run's settings
(seed, variant, mode, turn length, engine version) and, for each line of play, every
side's orders and every umpire intervention with the turn and hour they were given.
:func:`replay` rebuilds a fresh :class:`~engine.simulation.Simulation` and re-applies
them turn by turn; since a run is determined by its scenario, seed and orders, the
replayed run is the one that was played.

Lines and branches: a game holds one or more named :class:`Line`. A branch starts from a
past turn of a line; it records its parent and that turn, and carries its own copy of
the parent's actions before it, so each line replays on its own and the parent stays as
it was. Bookmarks mark a turn of a line with a label.

Turns: "turn k" is the run standing at ``k * turn_hours`` after k calls of
:meth:`~engine.simulation.Simulation.advance_turn`. Actions recorded at turn k were given
then, before the run moved on to turn k + 1.

The models are immutable; the ``with_*`` methods return changed copies. Reading and
writing them as files is :mod:`engine.saves`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import ConfigDict, Field

from engine import umpire
from engine.orders import Order
from engine.simulation import Mode, Simulation
from engine.version import ENGINE_VERSION
from scenario.documented import Documented
from scenario.errors import OrderError, SaveError
from scenario.loader import load
from scenario.models import Action, Scenario

FORMAT_VERSION = 1
"""Version of the saved-game format; a save of another version is refused."""

MAIN_LINE = "main"
"""Name of the line a game starts on."""


class Record(Documented):
    """Base of the saved-game models: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class GivenOrder(Record):
    """An order a side gave (accepted or refused: a refusal is in the log too)."""

    kind: Literal["order"] = "order"
    turn: int = Field(ge=0)
    """Turn it was given at."""
    hours: float
    """Hours since the start when it was given."""
    side: str
    """Side that gave it."""
    unit: str
    """Id of the unit ordered."""
    action: Action
    """``move``, ``attack``, ``hold``, ``dig_in``, ``withdraw`` or ``strike``."""
    to: str | None = None
    """Destination place, if any."""
    via: tuple[str, ...] = ()
    """Places to pass through, in order."""
    target: str | None = None
    """Target of a strike, if any."""

    @classmethod
    def of(cls, order: Order, side: str, turn: int, hours: float) -> GivenOrder:
        """The record of *order* given by *side* at *turn*, *hours*."""
        return cls(turn=turn, hours=round(hours, 6), side=side, unit=order.unit,
                   action=order.action, to=order.to, via=order.via, target=order.target)

    def order(self) -> Order:
        """The order itself."""
        return Order(self.unit, self.action, self.to, self.via, self.target)


class Inject(Record):
    """An event the umpire injected into the log."""

    kind: Literal["inject"] = "inject"
    turn: int = Field(ge=0)
    """Turn it was injected at."""
    hours: float
    """Hours since the start when it was injected."""
    text: str
    """What the log says (after ``Umpire:``)."""
    sides: tuple[str, ...] = ()
    """Sides that see it; empty for every side."""


class ControlChange(Record):
    """A place the umpire handed to a side."""

    kind: Literal["control"] = "control"
    turn: int = Field(ge=0)
    """Turn it was handed over at."""
    hours: float
    """Hours since the start when it was handed over."""
    place: str
    """Id of the place."""
    side: str
    """Side it was handed to."""


Intervention = Annotated[GivenOrder | Inject | ControlChange, Field(discriminator="kind")]
"""One thing done to a run between turns: an order, or an umpire intervention."""


class Bookmark(Record):
    """A turn of a line marked with a label."""

    turn: int = Field(ge=0)
    label: str


class UmpireLook(Record):
    """In a two-team game, a time the umpire's view was opened (it shows both sides)."""

    line: str
    """Line it was opened on."""
    turn: int = Field(ge=0)
    """Turn it was opened at."""
    hours: float
    """Hours since the start, in the run."""
    at: dt.datetime
    """Wall-clock time, UTC."""


class Line(Record):
    """One line of play: the actions given turn by turn, and how far it was played."""

    name: str
    parent: str | None = None
    """Line it branched from (None for the first line)."""
    from_turn: int | None = None
    """Turn of the parent it branched at."""
    played: int = Field(default=0, ge=0)
    """Turns played on this line."""
    actions: tuple[Intervention, ...] = ()
    """Every action since the start (those before a branch copied from its parent), in
    the order given."""
    bookmarks: tuple[Bookmark, ...] = ()

    def at(self, turn: int) -> tuple[GivenOrder | Inject | ControlChange, ...]:
        """The actions given at *turn*, in order."""
        return tuple(a for a in self.actions if a.turn == turn)

    def cut(self, name: str, turn: int, keep: int = 0) -> Line:
        """A branch named *name* from *turn* of this line.

        It holds the actions before *turn* and the first *keep* actions given at *turn*.
        """
        actions = [a for a in self.actions if a.turn < turn] + list(self.at(turn)[:keep])
        return Line(name=name, parent=self.name, from_turn=turn, played=turn,
                    actions=tuple(actions),
                    bookmarks=tuple(b for b in self.bookmarks if b.turn <= turn))


class ScenarioText(Record):
    """The text of a scenario's files as they were when the game started."""

    main: str
    """Name of the main file (its folder holds the others)."""
    origin: str
    """Absolute path of the main file when the game started."""
    files: dict[str, str]
    """Each file's text, keyed by its path relative to the main file's folder."""
    digest: str
    """SHA-256 of the texts (see :func:`texts_digest`)."""


class Game(Record):
    """A saved game: the scenario's text, the run's settings and every line of play."""

    format: int = FORMAT_VERSION
    """Version of this format (:data:`FORMAT_VERSION`)."""
    id: str
    """The game's id: scenario id and start time (also its file name in the folder)."""
    engine: str = ENGINE_VERSION
    """Engine version that played it (:mod:`engine.version`)."""
    scenario_id: str
    title: str
    """The scenario's title, for listings."""
    scenario: ScenarioText | None
    """The scenario's files; None only in memory, for a game started from a scenario
    value with no file (such a game cannot be saved)."""
    seed: int
    variant: str | None = None
    mode: Mode = "replay"
    teams: bool = False
    """True for a two-team (WEGO) game."""
    turn_hours: float
    """Length of a turn in hours."""
    started: dt.datetime
    """Wall-clock time the game started, UTC."""
    saved: dt.datetime | None = None
    """Wall-clock time it was last saved, UTC."""
    lines: tuple[Line, ...]
    current: str = MAIN_LINE
    """Line being played when saved."""
    turn: int = Field(default=0, ge=0)
    """Turn of the current line being shown when saved."""
    looks: tuple[UmpireLook, ...] = ()
    """Each time the umpire's view was opened in a two-team game."""

    def line(self, name: str) -> Line:
        """The line called *name*.

        Raises:
            SaveError: there is none.
        """
        for line in self.lines:
            if line.name == name:
                return line
        raise SaveError(f"the game has no line {name!r}; its lines are "
                        f"{', '.join(x.name for x in self.lines)}")

    def with_line(self, line: Line) -> Game:
        """This game with *line* replacing the line of its name (or added after the rest)."""
        lines = [x for x in self.lines if x.name != line.name]
        index = next((i for i, x in enumerate(self.lines) if x.name == line.name), len(lines))
        lines.insert(index, line)
        return self.model_copy(update={"lines": tuple(lines)})

    def with_look(self, look: UmpireLook) -> Game:
        """This game with one more umpire look recorded."""
        return self.model_copy(update={"looks": (*self.looks, look)})

    def free_name(self, base: str) -> str:
        """*base*, or *base* with the first free ``-2``, ``-3`` ... suffix."""
        names = {x.name for x in self.lines}
        if base not in names:
            return base
        return next(f"{base}-{n}" for n in range(2, len(names) + 3) if f"{base}-{n}" not in names)


def new_game(sim: Simulation, texts: ScenarioText | None, *, teams: bool = False,
             now: dt.datetime | None = None) -> Game:
    """The record of a game about to start on *sim* (no turn played yet)."""
    started = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    meta = sim.scenario.metadata
    suffix = hashlib.sha256(os.urandom(8)).hexdigest()[:4]
    return Game(id=f"{meta.id}-{started:%Y%m%d-%H%M%S}-{suffix}", scenario_id=meta.id,
                title=meta.title, scenario=texts, seed=sim.seed, variant=sim.variant,
                mode=sim.mode, teams=teams, turn_hours=meta.turn_hours, started=started,
                lines=(Line(name=MAIN_LINE),))


# -- the scenario's text -----------------------------------------------------------------

def read_texts(main: Path) -> ScenarioText:
    """The text of the scenario file *main* and of every file it includes, at any depth.

    The scenario should have loaded already (:func:`scenario.loader.load`), which checks
    that its includes are well formed and lie in its folder.

    Raises:
        SaveError: a file cannot be read.
    """
    main = main.resolve()
    root = main.parent
    files: dict[str, str] = {}
    pending = [main]
    while pending:
        path = pending.pop(0)
        name = os.path.relpath(path, root)
        if name in files:
            continue
        files[name] = _read(path)
        pending.extend((path.parent / inc).resolve() for inc in _includes(files[name]))
    return ScenarioText(main=main.name, origin=str(main), files=files,
                        digest=texts_digest(files))


def texts_digest(files: dict[str, str]) -> str:
    """SHA-256 of *files* (name and text of each, in name order), in hex."""
    hashed = hashlib.sha256()
    for name in sorted(files):
        for part in (name, files[name]):
            data = part.encode()
            hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError(f"{path}: cannot be read for the saved game: {exc}") from None


def _includes(text: str) -> list[str]:
    """The files a scenario text includes (its top-level ``include``).

    Read from the parser's events up to the end of the ``include`` value, not by loading
    the whole text (25-30 ms for Kursk, as the app starts): the text is that of a scenario
    loaded already, whose keys are unique. What is not plain (no mapping at the top, an
    alias, a merge key, a tag) is read by loading the whole text, as it always was.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    names = _read_include(loader(text))
    if names is _WHOLE:
        data = yaml.load(text, Loader=loader)  # noqa: S506
        names = data.get("include", []) if isinstance(data, dict) else []
    return [names] if isinstance(names, str) else [str(n) for n in names or []]


_WHOLE = object()
"""What :func:`_read_include` answers when the whole text must be loaded to say."""


def _read_include(loader: Any) -> Any:
    """The top-level ``include`` value as ``yaml.load`` would give it, or :data:`_WHOLE`."""
    try:
        for start in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent):
            if not loader.check_event(start):
                return _WHOLE
            loader.get_event()
        while not loader.check_event(yaml.MappingEndEvent):
            key = loader.get_event()
            if not isinstance(key, yaml.ScalarEvent) or key.tag is not None or key.value == "<<":
                return _WHOLE
            if key.value == "include":
                return _plain_value(loader)
            depth = 0
            while True:  # skip the key's value, however nested
                event = loader.get_event()
                depth += isinstance(event, yaml.CollectionStartEvent)
                depth -= isinstance(event, yaml.CollectionEndEvent)
                if depth == 0:
                    break
        return []
    finally:
        loader.dispose()


def _plain_value(loader: Any) -> Any:
    """A scalar, or a list of scalars, built as ``yaml.load`` builds it; else :data:`_WHOLE`."""
    event = loader.get_event()
    if isinstance(event, yaml.ScalarEvent):
        return loader.construct_object(_scalar(loader, event), deep=True)
    if not isinstance(event, yaml.SequenceStartEvent) or event.tag is not None:
        return _WHOLE
    items = []
    while not loader.check_event(yaml.SequenceEndEvent):
        item = loader.get_event()
        if not isinstance(item, yaml.ScalarEvent):
            return _WHOLE
        items.append(_scalar(loader, item))
    start: Any = event.start_mark  # the C parser's marks are not typed as the node's
    tag = loader.resolve(yaml.SequenceNode, None, event.implicit)
    node = yaml.SequenceNode(tag, items, start, loader.get_event().end_mark,
                             flow_style=event.flow_style)
    return loader.construct_object(node, deep=True)


def _scalar(loader: Any, event: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)


def scenario_from_texts(texts: ScenarioText) -> Scenario:
    """Load the scenario from the text kept in a save (not from the files on disk).

    Raises:
        ScenarioError: the kept text is not a valid scenario.
    """
    with tempfile.TemporaryDirectory(prefix="salient-save-") as folder:
        root = Path(folder)
        for name, text in texts.files.items():
            target = (root / name).resolve()
            if not target.is_relative_to(root.resolve()):
                raise SaveError(f"the save names a scenario file outside its folder: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return load(root / texts.main)


# -- replay ---------------------------------------------------------------------------

def start(scenario: Scenario, game: Game) -> Simulation:
    """A fresh run of *scenario* with the game's seed, variant and mode."""
    return Simulation(scenario, seed=game.seed, variant=game.variant, mode=game.mode)


def perform(sim: Simulation, action: GivenOrder | Inject | ControlChange) -> str | None:
    """Do *action* on *sim* now; the reason if it was refused (which changed nothing)."""
    if isinstance(action, GivenOrder):
        refused = sim.apply([action.order()], side=action.side)
        return refused[0].reason if refused else None
    try:
        if isinstance(action, Inject):
            umpire.inject(sim, action.text, action.sides)
        else:
            umpire.change_control(sim, action.place, action.side)
    except OrderError as exc:
        return str(exc)
    return None


def replay(scenario: Scenario, game: Game, line: str, turn: int) -> Simulation:
    """A fresh run of *line* brought to *turn*.

    Turns before *turn* are replayed in full (their actions, then the advance). At
    *turn* itself the line's actions are applied only when *turn* is the last turn the
    line has played (the line's end, with the orders given there); before the end, the
    run stands at the start of *turn*, as a fresh run stopped there.

    Raises:
        SaveError: the line has not reached *turn*, or an action's recorded time does not
            match the run (the save does not belong to this scenario and engine).
    """
    chosen = game.line(line)
    if not 0 <= turn <= chosen.played:
        raise SaveError(f"turn {turn} is not on line {line!r}, which runs from turn 0 to "
                        f"{chosen.played}")
    for at, sim in turns(scenario, game, line, turn):
        if at == turn:
            return sim
    raise AssertionError("unreachable: turns() yields every turn up to its last")


def turns(scenario: Scenario, game: Game, line: str, last: int | None = None
          ) -> Iterator[tuple[int, Simulation]]:
    """One run of *line*, yielded at each turn 0 to *last* (the line's end by default).

    At each turn the run stands as :func:`replay` would bring it there; it is the same
    run each time, so read it (a snapshot) before asking for the next turn.

    Raises:
        SaveError: an action's recorded time does not match the run.
    """
    chosen = game.line(line)
    last = chosen.played if last is None else min(last, chosen.played)
    sim = start(scenario, game)
    for k in range(last + 1):
        if k == chosen.played:  # the line's end, with the orders given there
            _apply_all(sim, chosen.at(k), line)
        yield k, sim
        if k < last:
            _apply_all(sim, chosen.at(k), line)
            sim.advance_turn()


def _apply_all(sim: Simulation, actions: Iterable[GivenOrder | Inject | ControlChange],
               line: str) -> None:
    for action in actions:
        if abs(action.hours - sim.now) > 1e-6:
            raise SaveError(f"line {line!r} does not replay: an action recorded at hour "
                            f"{action.hours:g} falls at hour {sim.now:g} of the run")
        perform(sim, action)
