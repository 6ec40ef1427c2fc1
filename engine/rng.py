"""Randomness: one seed, one named stream per source of randomness.

A run owns a :class:`Streams`; everything that draws borrows a generator from it by name
(``"combat"``, ``"movement"``, ``"detection"``, ...) and, where it helps, by a key (the
engagement, the strike). Each generator is seeded from the run's seed and a hash of its
name and key, not from the order in which generators are asked for. So adding a strike roll
never changes a combat roll, and two variants run with one seed share every draw that the
variant does not touch (common random numbers).

A stream's draws in [0, 1) come cheapest from :meth:`Streams.random` (a plain-Python port
of the same generator, :mod:`engine.pcg64`); :meth:`Streams.get` gives the stream as a
numpy generator, for anything else. Both are one stream: ``random`` gives what the
generator's ``random()`` would, and either goes on from the draws the other took.

Examples:
    >>> a = Streams(7).get("combat", "u1", "u2").random()
    >>> b = Streams(7).get("combat", "u1", "u2").random()
    >>> a == b == Streams(7).random("combat", "u1", "u2")
    True
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np

from engine.pcg64 import Pcg64, Seeding

STREAM_NAMES = frozenset({"combat", "movement", "detection", "fires", "intercept", "front",
                          "friction", "assess"})
"""The sources of randomness a run may draw from."""


class Streams:
    """The named random streams of one run, all derived from one seed."""

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"seed must be 0 or more, not {seed}")
        self.seed = seed
        """The run's seed."""
        self._generators: dict[tuple[str, ...], np.random.Generator] = {}
        self._streams: dict[tuple[str, ...], Pcg64] = {}
        """The streams drawn from through :meth:`random` (and not :meth:`get`)."""
        self._seeding: Seeding | None = None
        self._keyed = hashlib.blake2b(digest_size=8,
                                      key=hashlib.sha256(str(seed).encode()).digest())
        """The keyed hash of :meth:`uniform`, before any data: each draw hashes a copy."""

    def uniform(self, name: str, *key: str | int) -> float:
        """One uniform draw in (0, 1) for stream *name* and *key*, the same every time.

        For draws made in great numbers and looked up in any order (a detection roll for a
        side, a unit and a tick): a keyed hash of the run's seed, the name and the key,
        with no generator to build and no state to advance, so asking never changes the run.

        Raises:
            ValueError: *name* is not one of :data:`STREAM_NAMES`.
        """
        if name not in STREAM_NAMES:
            raise ValueError(f"unknown random stream {name!r}; streams: {sorted(STREAM_NAMES)}")
        keyed = self._keyed.copy()  # the key's block hashed once, not for every draw
        keyed.update("\x1f".join((name, *map(str, key))).encode())
        return ((int.from_bytes(keyed.digest(), "little") >> 11) + 0.5) / 2.0**53

    def random(self, name: str, *key: str | int) -> float:
        """The next draw in [0, 1) of stream *name* (and *key*): ``get(...).random()``.

        The same double the numpy generator would give, without building it.

        Raises:
            ValueError: *name* is not one of :data:`STREAM_NAMES`.
        """
        label = _label(name, key)
        generator = self._generators.get(label)
        if generator is not None:
            return float(generator.random())
        stream = self._streams.get(label)
        if stream is None:
            if self._seeding is None:
                self._seeding = Seeding(self.seed)
            stream = self._streams[label] = self._seeding.stream(_spawn_key(label))
        return stream.random()

    def get(self, name: str, *key: str | int) -> np.random.Generator:
        """The generator for stream *name* (and *key*), created on first use.

        Raises:
            ValueError: *name* is not one of :data:`STREAM_NAMES`.
        """
        label = _label(name, key)
        generator = self._generators.get(label)
        if generator is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=_spawn_key(label))
            generator = self._generators[label] = np.random.Generator(np.random.PCG64(sequence))
            drawn = self._streams.pop(label, None)
            if drawn is not None:  # :meth:`random` has drawn from it: go on from there
                bits = generator.bit_generator
                bits.state = {**bits.state, "state": {"state": drawn.state, "inc": drawn.inc}}
        return generator


def _label(name: str, key: tuple[str | int, ...]) -> tuple[str, ...]:
    """A stream's name and key, as text.

    Raises:
        ValueError: *name* is not one of :data:`STREAM_NAMES`.
    """
    if name not in STREAM_NAMES:
        raise ValueError(f"unknown random stream {name!r}; streams: {sorted(STREAM_NAMES)}")
    return (name, *(str(k) for k in key))


def _spawn_key(label: tuple[str, ...]) -> tuple[int, ...]:
    """The spawn key a stream's generator is seeded with: a CRC of each part of its label."""
    return tuple(zlib.crc32(part.encode()) for part in label)
