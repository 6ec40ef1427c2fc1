"""Named random streams: determinism and independence."""

from __future__ import annotations

import pytest

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
