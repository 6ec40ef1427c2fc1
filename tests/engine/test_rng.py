"""Named random streams: determinism and independence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.pcg64 import Seeding
from engine.rng import Streams


def test_same_seed_same_draws() -> None:
    first, second = Streams(3).get("combat"), Streams(3).get("combat")
    assert first.random(5).tolist() == second.random(5).tolist()


def test_different_seeds_differ() -> None:
    assert Streams(3).get("combat").random() != Streams(4).get("combat").random()


def test_a_stream_does_not_depend_on_other_streams_being_used() -> None:
    quiet = Streams(9)
    busy = Streams(9)
    busy.get("fires").random(1000)
    busy.get("combat", "x").random(10)
    assert quiet.get("combat", "y").random() == busy.get("combat", "y").random()


def test_keys_give_distinct_streams() -> None:
    streams = Streams(1)
    assert streams.get("combat", "a").random() != streams.get("combat", "b").random()


def test_unknown_stream_and_negative_seed_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown random stream 'dice'"):
        Streams(1).get("dice")
    with pytest.raises(ValueError, match="seed must be 0 or more"):
        Streams(-1)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 2**200), st.sampled_from([0, 1])),
       st.lists(st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 2**70), st.just(0)),
                max_size=5))
def test_the_plain_python_pcg64_is_numpys_to_the_bit(seed: int, spawn_key: list[int]) -> None:
    numpy_bits = np.random.PCG64(np.random.SeedSequence(seed, spawn_key=tuple(spawn_key)))
    ported = Seeding(seed).stream(spawn_key)
    assert (ported.state, ported.inc) == (numpy_bits.state["state"]["state"],
                                          numpy_bits.state["state"]["inc"])
    generator = np.random.Generator(numpy_bits)
    assert [ported.random() for _ in range(20)] == [generator.random() for _ in range(20)]


def test_random_draws_what_the_generator_draws_and_either_goes_on_from_the_other() -> None:
    expected = Streams(11).get("front", "kursk", 3).random(6).tolist()
    streams = Streams(11)
    drawn = [streams.random("front", "kursk", 3), streams.random("front", "kursk", 3)]
    drawn += streams.get("front", "kursk", 3).random(2).tolist()
    drawn += [streams.random("front", "kursk", 3) for _ in range(2)]
    assert drawn == expected
    with pytest.raises(ValueError, match="unknown random stream 'dice'"):
        streams.random("dice")
