"""The results store of a batch: one SQLite file in WAL mode, written one run at a time.

Tables:

- ``batch`` (one row): the experiment's text, ``content_hash`` (a hash of every cell's
  name and scenario digest plus the engine version), ``engine_version``, ``created``;
- ``cells``: ``name``, ``parameters`` (JSON), ``digest`` (the scenario's content digest,
  :func:`scenario.loader.digest`), ``position`` (order in the batch);
- ``runs``: ``cell``, ``seed``, ``status`` (``done`` or ``failed``), ``error``, ``wall_s``,
  ``worker``, ``final`` (every metric at the run's end, as JSON), UNIQUE(cell, seed);
- ``metrics``: ``id``, ``name`` (a metric key, ``ground_km2.ua``, or ``claim.<id>``);
- ``series``: ``run``, ``metric`` (a ``metrics.id``), ``hours``, ``value``: the recorded
  values (a table without row ids, keyed by run, metric and hours, to stay small).

Each run is committed in its own transaction, so a killed batch loses only the runs in
flight. A run stored as failed is replaced when it is run again (on ``--resume``); a done
run is never run or stored twice.

A new store is made beside its path and renamed into place once its tables exist; the
path must be nothing yet, or (to resume) a store. A folder, a device (``/dev/null``), a
FIFO, or a link to one is refused with a message naming the path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.cellrun import RunResult
from engine.version import ENGINE_VERSION
from scenario.errors import SalientError
from scenario.outputs import reason

SCHEMA = """
CREATE TABLE batch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE cells (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    parameters TEXT NOT NULL,
    digest TEXT NOT NULL
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    cell TEXT NOT NULL REFERENCES cells(name),
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    error TEXT,
    wall_s REAL NOT NULL,
    worker TEXT NOT NULL,
    final TEXT,
    UNIQUE (cell, seed)
);
CREATE TABLE metrics (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE series (
    run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    metric INTEGER NOT NULL REFERENCES metrics(id),
    hours REAL NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run, metric, hours)
) WITHOUT ROWID;
CREATE TABLE bands (
    claim TEXT PRIMARY KEY,
    metric TEXT NOT NULL,
    hours REAL NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    date TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Band:
    """A banded claim of the base scenario, kept so a report can draw it without the file."""

    claim: str
    metric: str
    """The recorded metric it is about (``ground_km2.ua``), or ``claim.<id>``."""
    hours: float
    """Its checkpoint: the end of the claim's date, in hours from the start."""
    low: float
    high: float
    date: str
    """The claim's date (ISO)."""


class StoreError(SalientError):
    """A store cannot be made, opened or resumed; the message names the file and why."""


@dataclass(frozen=True)
class CellRecord:
    """A cell as the store keeps it."""

    name: str
    parameters: Mapping[str, object]
    digest: str


def content_hash(cells: Sequence[CellRecord], engine_version: str = ENGINE_VERSION) -> str:
    """A hash of the cells' names and scenario digests, in order, and the engine version."""
    text = json.dumps([[c.name, c.digest] for c in cells] + [engine_version])
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """An open results store (see the module); use :meth:`create` or :meth:`resume`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection
        self._metric_ids: dict[str, int] = dict(
            (name, i) for i, name in self.db.execute("SELECT id, name FROM metrics"))

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, cells: Sequence[CellRecord], text: str,
               bands: Sequence[Band] = ()) -> Store:
        """Make a new store at *path* for *cells*, keeping the base scenario's *bands*.

        Raises:
            StoreError: something is at the path already, or it cannot be written.
        """
        target = _new_target(path)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".tmp")
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # as any new file, not mkstemp's 0o600
        finally:
            os.close(fd)
        try:
            db = _connect(Path(name))
            with db:
                db.executescript(SCHEMA)
                db.execute("INSERT INTO batch VALUES (1, ?, ?, ?, ?)",
                           (text, content_hash(cells), ENGINE_VERSION,
                            dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
                db.executemany("INSERT INTO cells VALUES (?, ?, ?, ?)",
                               [(c.name, i, json.dumps(dict(c.parameters), sort_keys=True,
                                                       default=str), c.digest)
                                for i, c in enumerate(cells)])
                db.executemany("INSERT INTO bands VALUES (?, ?, ?, ?, ?, ?)",
                               [(b.claim, b.metric, b.hours, b.low, b.high, b.date)
                                for b in bands])
            db.close()
            os.replace(name, target)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot make the store {str(path)!r}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot write {str(path)!r}: {reason(exc)}") from None
        finally:
            for leftover in (name, f"{name}-wal", f"{name}-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        return cls(path, _connect(target))

    @classmethod
    def resume(cls, path: Path, cells: Sequence[CellRecord]) -> Store:
        """Open the store at *path* to go on with the batch of *cells*.

        Raises:
            StoreError: the path is not a store, or it was made for other scenarios or
                by another engine version (the message says what changed).
        """
        store = cls.open(path, write=True)
        try:
            store.check(cells)
        except StoreError:
            store.close()
            raise
        return store

    @classmethod
    def open(cls, path: Path, *, write: bool = False) -> Store:
        """Open an existing store: to read it, or with *write* to resume it.

        The file is first opened read-only and checked (:func:`_check_store`), so that a
        file that is not a store is left byte for byte as it was.

        Raises:
            StoreError: nothing is there, it is not a regular file, not a store, or a
                damaged one.
        """
        real = Path(os.path.realpath(path))
        try:
            info = os.stat(real)
        except OSError as exc:
            raise StoreError(f"cannot open the store {str(path)!r}: {reason(exc)}") from None
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"cannot open the store {str(path)!r}: {_kind(info.st_mode)}")
        _check_header(real, path)
        try:
            db = sqlite3.connect(real.as_uri() + "?mode=ro", uri=True)
            try:
                _check_store(db, path)
            finally:
                db.close()
            db = _connect(real) if write else _connect_to_read(real)
        except sqlite3.Error as exc:
            raise StoreError(f"{str(path)!r} is not a Salient results store ({exc})") from None
        return cls(path, db)

    def check(self, cells: Sequence[CellRecord]) -> None:
        """Refuse to go on unless *cells* and the engine are those the store was made with.

        Raises:
            StoreError: naming the engine versions, or each cell added, dropped or whose
                scenario digest differs.
        """
        version, stored_hash = self.db.execute(
            "SELECT engine_version, content_hash FROM batch").fetchone()
        if version != ENGINE_VERSION:
            raise StoreError(f"{str(self.path)!r} was made by engine version {version}; this "
                             f"is engine version {ENGINE_VERSION}, whose runs would differ: "
                             "start a new store")
        if stored_hash == content_hash(cells):
            return
        stored = {name: digest for name, digest in
                  self.db.execute("SELECT name, digest FROM cells ORDER BY position")}
        given = {c.name: c.digest for c in cells}
        changes = [f"cell {n!r} is new" for n in given if n not in stored]
        changes += [f"cell {n!r} is gone" for n in stored if n not in given]
        changes += [f"cell {n!r}: its scenario's content digest was {stored[n]}, now "
                    f"{given[n]}" for n in given if n in stored and stored[n] != given[n]]
        if not changes:
            changes = ["the cells are in another order"]
        raise StoreError(f"cannot resume {str(self.path)!r}: the batch has changed since the "
                         f"store was made ({'; '.join(changes)}); start a new store")

    def close(self) -> None:
        """Close the connection (the store stays whole: every run was committed)."""
        self.db.close()

    def discard(self) -> None:
        """Close and remove this store: only for one just made that holds no run."""
        self.db.close()
        real = os.path.realpath(self.path)
        for name in (real, f"{real}-wal", f"{real}-shm"):
            with contextlib.suppress(OSError):
                os.unlink(name)

    # -- writing ---------------------------------------------------------------------

    def done(self) -> set[tuple[str, int]]:
        """(cell, seed) of every run stored as done."""
        return {(cell, seed) for cell, seed in
                self.db.execute("SELECT cell, seed FROM runs WHERE status = 'done'")}

    def add(self, result: RunResult) -> None:
        """Store one run and its series in one transaction (replacing a failed one).

        Raises:
            StoreError: the run is stored as done already, or the file cannot be written.
        """
        try:
            with self.db:
                self._add(result)
        except sqlite3.IntegrityError:
            self._forget_uncommitted()
            raise StoreError(f"run {result.cell!r} seed {result.seed} is stored already "
                             f"in {str(self.path)!r}") from None
        except sqlite3.Error as exc:
            self._forget_uncommitted()
            raise StoreError(f"cannot write the store {str(self.path)!r}: {exc}") from None
        except BaseException:
            self._forget_uncommitted()
            raise

    def _forget_uncommitted(self) -> None:
        """After a rollback: keep only the metric ids the file holds."""
        with contextlib.suppress(sqlite3.Error):
            self._metric_ids = dict(
                (name, i) for i, name in self.db.execute("SELECT id, name FROM metrics"))

    def _add(self, result: RunResult) -> None:
        self.db.execute("DELETE FROM runs WHERE cell = ? AND seed = ? AND status = 'failed'",
                        (result.cell, result.seed))
        final = json.dumps(dict(result.final)) if result.status == "done" else None
        run_id = self.db.execute(
            "INSERT INTO runs (cell, seed, status, error, wall_s, worker, final) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (result.cell, result.seed, result.status, result.error, result.wall_s,
             result.worker, final)).lastrowid
        self.db.executemany("INSERT INTO series VALUES (?, ?, ?, ?)",
                            [(run_id, self._metric(key), hours, value)
                             for key, hours, value in result.series])

    def _metric(self, name: str) -> int:
        found = self._metric_ids.get(name)
        if found is None:
            cursor = self.db.execute("INSERT INTO metrics (name) VALUES (?)", (name,))
            found = self._metric_ids[name] = int(cursor.lastrowid or 0)
        return found

    # -- reading ---------------------------------------------------------------------

    def runs(self) -> list[dict[str, object]]:
        """Every run as a row of plain values, by cell position and seed."""
        cursor = self.db.execute(
            "SELECT r.id, r.cell, r.seed, r.status, r.error, r.wall_s, r.worker, r.final "
            "FROM runs r JOIN cells c ON c.name = r.cell ORDER BY c.position, r.seed")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def series(self) -> Iterator[tuple[int, str, int, str, float, float]]:
        """Every recorded value: (run id, cell, seed, metric, hours, value), in order."""
        yield from self.db.execute(
            "SELECT s.run, r.cell, r.seed, m.name, s.hours, s.value FROM series s "
            "JOIN runs r ON r.id = s.run JOIN metrics m ON m.id = s.metric "
            "JOIN cells c ON c.name = r.cell ORDER BY c.position, r.seed, m.name, s.hours")

    def cells(self) -> list[CellRecord]:
        """The cells, in batch order."""
        return [CellRecord(name, json.loads(parameters), digest) for name, parameters, digest
                in self.db.execute("SELECT name, parameters, digest FROM cells "
                                   "ORDER BY position")]


SQLITE_HEADER = b"SQLite format 3\x00"
"""How an SQLite database file begins."""


def _check_header(real: Path, path: Path) -> None:
    """Refuse a file that is empty or does not begin as an SQLite database does.

    SQLite would take an empty file for a new database, and write to it.
    """
    try:
        with real.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot open the store {str(path)!r}: {reason(exc)}") from None
    if head != SQLITE_HEADER:
        why = "the file is empty" if not head else "the file is not an SQLite database"
        raise StoreError(f"{str(path)!r} is not a Salient results store ({why})")


def _check_store(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a database without a store's tables, or with values a reader would trip on.

    Raises:
        StoreError: a value that is not what the store writes (the file was edited or
            damaged).
        sqlite3.Error: the tables are not there, or the file is not a database.
    """
    db.execute("SELECT text, content_hash, engine_version FROM batch").fetchone()
    db.execute("SELECT name, digest FROM cells").fetchone()
    damaged = _damage(db)
    if damaged is not None:
        raise StoreError(f"{str(path)!r} is a damaged results store: {damaged}")


def _damage(db: sqlite3.Connection) -> str | None:
    """What in the store is not as :class:`Store` writes it, if anything."""
    for name, parameters in db.execute("SELECT name, parameters FROM cells"):
        if not isinstance(_json(parameters), dict):
            return f"cell {name!r}'s parameters are not a JSON mapping"
    for run, final in db.execute("SELECT id, final FROM runs WHERE final IS NOT NULL"):
        values = _json(final)
        if not (isinstance(values, dict) and all(_number(v) for v in values.values())):
            return f"run {run}'s final metrics are not a JSON mapping of numbers"
    bad = db.execute("SELECT 1 FROM series WHERE typeof(value) NOT IN ('real', 'integer') "
                     "OR typeof(hours) NOT IN ('real', 'integer') LIMIT 1").fetchone()
    if bad:
        return "a recorded value or time is not a number"
    return _band_damage(db)


def _band_damage(db: sqlite3.Connection) -> str | None:
    """What in the ``bands`` table (absent from stores made before it) is not numbers."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bands'"
                  ).fetchone() is None:
        return None
    bad = db.execute("SELECT claim FROM bands WHERE " + " OR ".join(
        f"typeof({c}) NOT IN ('real', 'integer')" for c in ("hours", "low", "high"))
        + " LIMIT 1").fetchone()
    return f"claim {bad[0]!r}'s band is not numbers" if bad else None


def _json(text: object) -> object:
    """*text* read as JSON, or None if it is not JSON text."""
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _number(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _connect_to_read(path: Path) -> sqlite3.Connection:
    """A connection to read a checked store: its journal mode is left as it is.

    Not a read-only one: a connection that may write removes the WAL's files beside the
    store as the last one closes (a read-only one, as the check's, leaves them).
    """
    db = sqlite3.connect(path)
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "it is a folder; give a file name"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO, not a file"
    return "it is not a regular file"


def _new_target(path: Path) -> Path:
    """The file a new store at *path* is made as (a link's target), once checked.

    Raises:
        StoreError: something is there already (a store to resume, or not a file at
            all), or the folder is missing.
    """
    real = Path(os.path.realpath(path))
    through = f" (a link to {str(real)!r})" if path.is_symlink() else ""
    try:
        info = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):
        folder = real.parent
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise StoreError(f"cannot write {str(path)!r}{through}: folder {str(folder)!r} "
                             f"{what}") from None
        return real
    except OSError as exc:
        raise StoreError(f"cannot write {str(path)!r}{through}: {reason(exc)}") from None
    if stat.S_ISREG(info.st_mode):
        raise StoreError(f"{str(path)!r}{through} exists already; give --resume to go on "
                         "with the batch it holds, or another --out")
    raise StoreError(f"cannot write {str(path)!r}{through}: {_kind(info.st_mode)}")
