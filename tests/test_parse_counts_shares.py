"""Shares said the ways people say them (issue #17, retired held-out v2/v3 and tuning e): the simple share from a
fraction of hard requests, the output share from parts, 'N in M tokens', a decimal, '1/5 output', a bare split,
'output is Nx the input' and 'half the tokens'. Each mechanism on phrasings written for this test."""

from __future__ import annotations

import pytest

from tests.parse_support import facts


def value(text: str, name: str) -> object:
    return facts(text).get(name)


SIMPLE = [
    # a fraction of hard requests: the rest is simple
    ("about 1 in 4 tickets is hard enough to need a frontier model, the rest are routine", 0.75),
    ("Roughly 3 in 10 queries are complex; the other seven are FAQ stuff.", 0.7),
    ("only 15% of calls need more than a small model", 0.85),
    ("two fifths of the traffic needs a strong model, the rest is classification", 0.6),
    # a fraction said in an aside
    ("Most prompts (maybe three quarters) are simple lookups.", 0.75),
    # requests that could go to a small model are simple
    ("We reckon 45% of requests could be routed to an 8B model.", 0.45),
]


@pytest.mark.parametrize(("text", "share"), SIMPLE)
def test_simple_share(text: str, share: float) -> None:
    got = value(text, "simple_share")
    assert isinstance(got, float) and abs(got - share) < 0.01, got


OUTPUT = [
    ("prompts vs answers is about 3 parts input to 1 part output", 0.25),
    ("2 parts output per 3 parts input", 0.4),
    ("roughly 1 in 5 tokens is output, ~30M tokens a day", 0.2),
    ("3 in 4 tokens are input", 0.25),
    ("output share: 0.4, about 10M tokens/day", 0.4),
    ("input share is .85", 0.15),
    ("12M tokens/day, 1/4 output", 0.25),
    ("80M tokens a day, 70/30 split", 0.3),
    ("Completions are 2x the prompt for us (we write long reports).", 2 / 3),
    ("Input tokens are about 4x the output", 0.2),
    ("Output is roughly a third of the tokens.", 1 / 3),
    ("Per call: 1.800 input / 200 output tokens", 0.1),
]


@pytest.mark.parametrize(("text", "share"), OUTPUT)
def test_output_share(text: str, share: float) -> None:
    got = value(text, "output_share")
    assert isinstance(got, float) and abs(got - share) < 0.01, got


@pytest.mark.parametrize("text", [
    "The 70/30 split between teams is about headcount, not tokens.",  # a split that is not input/output
    "We had 1/5 of the outages in Q1.",
])
def test_splits_that_are_not_output_shares(text: str) -> None:
    assert value(text, "output_share") is None
