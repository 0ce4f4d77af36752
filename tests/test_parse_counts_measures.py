"""Latency targets, per-stream speed floors and peak ratios said the ways people say them (issue #17, retired
held-out v1-v3, tuning c/d/e). Each mechanism on phrasings written for this test."""

from __future__ import annotations

import pytest

from tests.parse_support import facts

CASES = [
    # what the latency is today is not the target; the target may sit in the next sentence
    ("Time to first token on the API is 2.5 s right now and people hate it. We'd like under 800 ms.",
     {"latency_ms": 800}),
    ("our p95 TTFT today is 1200 ms, which is too slow", {"latency_ms": None}),
    # a label before a dash, 'max.' inside a clause, a second in words, text that 'appears'
    ("Latency — 300ms would be great.", {"latency_ms": 300}),
    ("TTFT max. 450 ms please", {"latency_ms": 450}),
    ("We need the first token in about a second.", {"latency_ms": 1000}),
    ("Anything slower than half a second before text appears feels broken.", {"latency_ms": 500}),
    # a figure that corrects one said before
    ("*350 ms, typo above", {"latency_ms": 350}),
    # per-stream floors: said without a unit after a speed was named, as a label, as time per token, '/stream'
    ("Per-stream tps doesn't matter much, 12 is enough.", {"min_tokens_per_s": 12}),
    ("We don't need 100 tok/s per stream; 25 is fine.", {"min_tokens_per_s": 25}),
    ("tok/s per user: 40", {"min_tokens_per_s": 40}),
    ("Our bar is 50 ms per token per stream.", {"min_tokens_per_s": 20}),
    ("the box did ~900 tok/s aggregate, 28 tok/s per stream; 28/stream is our floor", {"min_tokens_per_s": 28}),
    ("we'd want ~15 tok/s on our 4090", {"min_tokens_per_s": 15, "tokens_per_day": None}),
    # peaks: 'Nx that at peak', "peak's", the other side of a pair in the unit of the rate it pairs with
    ("We run 3M tokens/hour on average and about 4x that at peak.", {"peak_to_average": 4}),
    ("peak's about 2x, not 20x", {"peak_to_average": 2}),
    ("~200 tokens/sec on average, bursting to 900/sec at lunch", {"peak_to_average": 4.5, "tokens_per_day": 17.28e6}),
    ("Moderation: 50k comments/hour at peak, 10k/hour on average, ~80 tokens per comment.",
     {"peak_to_average": 5, "tokens_per_day": 10_000 * 24 * 80}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=lambda x: str(x)[:40])
def test_measures(text: str, expected: dict[str, object]) -> None:
    got = facts(text)
    for name, value in expected.items():
        if value is None:
            assert name not in got, (name, got)
        else:
            assert isinstance(got.get(name), int | float), (name, got)
            assert abs(float(got[name]) - float(value)) <= 0.02 * float(value), (name, got)  # type: ignore[arg-type]
