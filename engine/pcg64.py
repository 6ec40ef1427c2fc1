"""numpy's PCG64 stream, seeded by its SeedSequence, in plain Python: the same draws, cheaper.

:meth:`engine.rng.Streams.random` draws from a stream that is seeded from the run's seed
and a spawn key, as ``np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed,
spawn_key=key)))`` would be, and gives the very same doubles as that generator's
``random()``. A run seeds a few dozen such streams (one a front a day, one a strike) and
takes one or a few draws from each; numpy's seeding machinery costs tens of microseconds
a stream, where this port costs a few: it mixes the run's seed into the entropy pool
once (:class:`Seeding`), and each stream mixes in only its own spawn key.

The algorithms are numpy's (``numpy/random/bit_generator.pyx``: ``SeedSequence``'s
``mix_entropy`` and ``generate_state``; ``pcg64.h``: PCG64's ``srandom`` and
``random_r``, XSL-RR output; ``distributions.c``: ``next_double``), word for word in
32-bit and 128-bit integer arithmetic; ``tests/engine/test_rng.py`` checks the seeded
state and the draws against numpy's for hundreds of seeds and spawn keys, short and long.
"""

from __future__ import annotations

from collections.abc import Sequence

_MASK32 = 0xFFFF_FFFF
_MASK64 = (1 << 64) - 1
_MASK128 = (1 << 128) - 1
_INIT_A, _MULT_A = 0x43B0_D7E5, 0x931E_8875
"""The hash constant of ``mix_entropy`` and its multiplier."""
_INIT_B, _MULT_B = 0x8B51_F9DD, 0x58F3_8DED
"""The hash constant of ``generate_state`` and its multiplier."""
_MIX_L, _MIX_R = 0xCA01_F9DD, 0x4973_F715
_POOL = 4
"""SeedSequence's default pool size, in 32-bit words."""
_MULTIPLIER = (2549297995355413924 << 64) + 4865540595714422341
"""PCG64's 128-bit LCG multiplier."""


def words(value: int) -> list[int]:
    """*value* (0 or more) as 32-bit words, least significant first; 0 is one word."""
    out = [value & _MASK32]
    value >>= 32
    while value:
        out.append(value & _MASK32)
        value >>= 32
    return out


def _consts(first: int, multiplier: int, count: int) -> list[int]:
    """SeedSequence's hash constant as it goes: *first*, then times *multiplier*, *count* on."""
    out = [first]
    for _ in range(count):
        out.append((out[-1] * multiplier) & _MASK32)
    return out


_STATE_CONSTS = _consts(_INIT_B, _MULT_B, 8)
"""The hash constants of ``generate_state`` for eight words (they never depend on data)."""


class Seeding:
    """A SeedSequence's entropy pool with the run's seed mixed in, before any spawn key.

    The pool takes the seed's first four words (zeros after them) and cross-mixes them;
    any further words of the seed are mixed in after, as a spawn key's words are later.
    ``hashmix`` multiplies its hash constant on at every call whatever it mixes, so the
    constants a spawn key's words meet depend only on how many words went before: they
    are worked out once (:attr:`_consts`).
    """

    def __init__(self, seed: int) -> None:
        entropy = words(seed)
        self._consts = _consts(_INIT_A, _MULT_A, _POOL * _POOL)
        """Each ``hashmix``'s constant before it and after it: ``_consts[i:i + 2]``."""
        pool = [_hashmix(entropy[i] if i < len(entropy) else 0, self._consts, i)
                for i in range(_POOL)]
        used = _POOL
        for src in range(_POOL):
            for dst in range(_POOL):
                if src != dst:
                    pool[dst] = _mix(pool[dst], _hashmix(pool[src], self._consts, used))
                    used += 1
        self._pool, self._used = pool, used
        """The pool so far, and the ``hashmix`` calls it took."""
        self._pool, self._used = self._mixed_in(entropy[_POOL:])

    def _mixed_in(self, extra: Sequence[int]) -> tuple[list[int], int]:
        """A copy of the pool with the 32-bit words *extra* mixed in, and the calls taken.

        Each word goes into each word of the pool: ``mix(pool[i], hashmix(word))``
        (written out here: a run seeds a stream a front a day).
        """
        pool, used, consts = list(self._pool), self._used, self._consts
        if len(consts) <= used + _POOL * len(extra):
            consts.extend(_consts(consts[-1], _MULT_A, _POOL * len(extra) + 1)[1:])
        for word in extra:
            for dst in range(_POOL):
                value = ((word ^ consts[used]) * consts[used + 1]) & _MASK32
                value ^= value >> 16
                result = (_MIX_L * pool[dst] - _MIX_R * value) & _MASK32
                pool[dst] = result ^ (result >> 16)
                used += 1
        return pool, used

    def stream(self, spawn_key: Sequence[int]) -> Pcg64:
        """The PCG64 stream of ``SeedSequence(seed, spawn_key=spawn_key)``."""
        pool, _ = self._mixed_in([w for key in spawn_key for w in words(key)])
        state = []  # generate_state(4, np.uint64): eight 32-bit words, two to a 64-bit one
        for i in range(8):
            value = ((pool[i % _POOL] ^ _STATE_CONSTS[i]) * _STATE_CONSTS[i + 1]) & _MASK32
            state.append(value ^ (value >> 16))
        seed = [state[2 * i] | state[2 * i + 1] << 32 for i in range(4)]
        return Pcg64((seed[0] << 64) | seed[1], (seed[2] << 64) | seed[3])


def _hashmix(value: int, consts: list[int], i: int) -> int:
    """SeedSequence's ``hashmix`` of *value*, its *i*-th: with ``consts[i]``, ``consts[i+1]``."""
    value = ((value ^ consts[i]) * consts[i + 1]) & _MASK32
    return value ^ (value >> 16)


def _mix(x: int, y: int) -> int:
    """SeedSequence's ``mix`` of two 32-bit words."""
    result = (_MIX_L * x - _MIX_R * y) & _MASK32
    return result ^ (result >> 16)


class Pcg64:
    """numpy's PCG64 (XSL-RR), seeded with *initstate* and *initseq* as ``pcg64_srandom``."""

    __slots__ = ("inc", "state")

    def __init__(self, initstate: int, initseq: int) -> None:
        self.inc = ((initseq << 1) | 1) & _MASK128
        """The LCG's increment (odd)."""
        self.state = ((self.inc + initstate) * _MULTIPLIER + self.inc) & _MASK128
        """The LCG's state (after seeding's two steps; the first from 0 is the increment)."""

    def random(self) -> float:
        """The next double in [0, 1), as ``Generator.random()`` draws it."""
        state = self.state = (self.state * _MULTIPLIER + self.inc) & _MASK128
        word = ((state >> 64) ^ state) & _MASK64
        turn = state >> 122
        rotated = ((word >> turn) | (word << (-turn & 63))) & _MASK64
        return (rotated >> 11) * 2.0**-53
