"""Peaks and shares as teams state them (issue #17, night round): classes of phrasing, each with examples written
for this test in several industries, orders and styles - never a tuning message's words.

- a figure labelled peak and one labelled average, of the same thing, in one sentence, in any order and scale
  ('~9k riders at peak, avg nearer 2k', 'mean 300 sessions, max 1.2k'); sizes and latencies are not loads;
- 'peak vs average is 3:1'; 'Nx that' at a busy time ('4x that at the lunch rush');
- a figure alone in an aside describes the clause around it ('mostly output (70%)', 'The bulk — say 85% — is FAQ');
- one vocabulary for the two sides of a token split ('completion:prompt 1:4', 'answers twice as long as questions');
- a share said as a decimal ('0.3 of the traffic is simple'); hard work named as a noun ('complex reasoning is 20%');
- devices: 'one <device> each' after a count of units multiplies; a singular unit that 'has to run' on one device
  is not 'each of an unknown number of units'.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parse_support import check, facts

K, OUT, P = "peak_to_average", "output_share", "simple_share"

CASES = [
    ("~9k riders online at peak, avg nearer 2k", {K: 4.5}),
    ("Dashboard says: mean 300 concurrent sessions, max 1.2k.", {K: 4}),
    ("At peak we see 40k viewers chatting, on a typical evening 8k", {K: 5}),
    ("average 150 requests/min, highest 600 requests/min last week", {K: 4}),
    ("Peak vs average load is about 5:1 for the ticket bot.", {K: 5}),
    ("We do 12 calls/s on average and 3x that at the lunch rush.", {K: 3}),
    ("around 2M tokens a normal day, about 6x that during exam weeks", {K: 6}),
    # sizes and latencies are not loads
    ("avg answer is 400 tokens, max 2,000 tokens", {K: None}),
    ("TTFT avg 300ms, max 1200ms", {K: None}),
    ("average prompt 3k tokens, max context 30k", {K: None}),
    # asides
    ("~600 tokens per call, mostly output (65%)", {OUT: 0.65}),
    ("most of the queue (75%+) is easy triage", {P: 0.75}),
    ("The bulk — say 85% — is routine FAQ stuff.", {P: 0.85}),
    ("about 30M tokens a day (40% of it output)", {OUT: 0.4}),
    # one vocabulary for the sides of a split
    ("completion:prompt ratio is about 1:4", {OUT: 0.2}),
    ("prompt to completion is roughly 3:1", {OUT: 0.25}),
    ("the answers are about twice as long as the questions", {OUT: 2 / 3}),
    ("replies are roughly half as long as the prompts", {OUT: 1 / 3}),
    # decimals and hard work named as a noun
    ("0.3 of the traffic is simple FAQ lookups", {P: 0.3}),
    ("complex reasoning is maybe 20% of requests", {P: 0.8}),
    ("Only about 1 in 10 requests is genuinely hard.", {P: 0.9}),
    # device counts
    ("Field kit for surveyors: 45 tablets in the field, one Jetson Orin Nano each.", {"hardware_count": 45}),
    ("the kiosk has to run it on one RTX 4060 Ti we already own", {"hardware_count": 1}),
    ("Our vans carry an RTX A5000 box.", {"hardware_count": None}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_measures(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


NOUNS = ["players", "riders", "sessions", "agents", "viewers", "callers", "users"]


@settings(max_examples=40)
@given(avg=st.integers(min_value=2, max_value=900), ratio=st.sampled_from([2, 2.5, 3, 4, 6, 10]),
       scale=st.sampled_from(["", "k"]), noun=st.sampled_from(NOUNS),
       order=st.sampled_from(["peak_first", "avg_first"]),
       peak_word=st.sampled_from(["at peak", "max", "peak", "at the busiest"]),
       avg_word=st.sampled_from(["on average", "avg", "typically", "mean"]))
def test_peak_and_average_in_any_order(avg: int, ratio: float, scale: str, noun: str, order: str, peak_word: str,
                                       avg_word: str) -> None:
    """N <people> labelled peak and M labelled average, either first, labels before or after: peak / average."""
    top = f"{avg * ratio:g}{scale}"
    base = f"{avg}{scale}"
    peak = f"{top} {noun} {peak_word}" if peak_word.startswith("at") else f"{peak_word} {top} {noun}"
    mean = f"{base} {avg_word}" if avg_word in ("on average", "typically") else f"{avg_word} {base}"
    text = f"{peak}, {mean}" if order == "peak_first" else f"{mean}, {peak}"
    got = facts(text).get(K)
    assert isinstance(got, float) and abs(got - ratio) <= 0.02 * ratio, (text, got)
