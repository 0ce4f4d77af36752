"""A speed said as a threshold ('slower than 40 tokens per second', 'at least 25 tok/s', '30 tok/s or faster') is
what one stream needs (min_tokens_per_s), not a token volume; a throughput said as a fact stays a volume."""

from __future__ import annotations

import pytest

from tests.parse_support import facts


@pytest.mark.parametrize(("text", "floor"), [
    ("readers bail if text comes slower than 40 tokens per second", 40),
    ("The translation UI feels broken if output is slower than 12 tok/s.", 12),
    ("we want at least 25 tokens/s for the drafting tool", 25),
    ("Voice agent: 30 tok/s or faster, else the TTS stalls.", 30),
    ("Kiosk answers must come faster than 8 tokens per second", 8),
])
def test_a_speed_threshold_is_a_stream_floor(text: str, floor: float) -> None:
    got = facts(text)
    assert got.get("min_tokens_per_s") == floor and "tokens_per_day" not in got


def test_a_throughput_stays_a_volume() -> None:
    assert facts("our cluster does 2,000 tokens per second on average")["tokens_per_day"] == pytest.approx(172.8e6)
