"""The numeric reader's general mechanisms, each on phrasings beyond the ones it was written for: hedges
around a number, a period with a count ('every 10 days'), corrections that revise a figure or its period,
figures that share one period, peak and average labels, any noun counted per period."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.parse import extract

DAYS_PER_MONTH = 30.4375


def facts(text: str) -> dict[str, object]:
    return {name: fact.value for name, fact in extract(text).facts.items()}


CASES = [
    # hedges before and after a number take the number given
    ("peak is maybe 3x", {"peak_to_average": 3}),
    ("usage is like 70-ish million tokens a day", {"tokens_per_day": 70e6}),
    ("20M+ tokens/day", {"tokens_per_day": 20e6}),
    ("70 odd million tokens a day", {"tokens_per_day": 70e6}),
    # a period with a count
    ("We burn through a billion tokens every 10 days", {"tokens_per_day": 1e8}),
    ("we used 900M tokens over the last 30 days", {"tokens_per_day": 3e7}),
    ("2M tokens every other day", {"tokens_per_day": 1e6}),
    ("50M tokens every two weeks", {"tokens_per_day": 50e6 / 14}),
    # a correction revises the figure before it, with its period (and scale when it has none)
    ("we do 50M tokens/day. actually closer to 80M", {"tokens_per_day": 80e6}),
    ("It's 30M a day — sorry, 3M, I added a zero", {"tokens_per_day": 3e6}),
    ("I think we're around 300 million tokens daily, though honestly it might be closer to 250",
     {"tokens_per_day": 250e6}),
    # ... or only its period
    ("5B tokens a month — no wait, that's per quarter", {"tokens_per_day": 5e9 / (365.25 / 4)}),
    ("we use 2M tokens daily. sorry, weekly not daily", {"tokens_per_day": 2e6 / 7}),
    ("we use 2M tokens a day. sorry, our monthly bill is $5k", {"tokens_per_day": 2e6, "monthly_api_spend_usd": 5000}),
    # figures listed together share the period
    ("3 million input tokens and 1 million output tokens per day", {"tokens_per_day": 4e6, "output_share": 0.25}),
    ("Daily tokens: 18M in / 2M out", {"tokens_per_day": 20e6, "output_share": 0.1}),
    # a label right after a rate is its own; one before another number is that number's
    ("We're doing 1.5k RPM at peak, 500 RPM typical, 2k tokens per request",
     {"tokens_per_day": 500 * 1440 * 2000, "peak_to_average": 3}),
    ("correction to the above: it's 25 rps average, not peak. peak is closer to 100", {"peak_to_average": 4}),
    ("we average 30 rps. the busiest hour we see 90", {"peak_to_average": 3}),
    # any noun counted per period is an item when the message prices one in tokens
    ("We run about 12 thousand jobs per day and each job uses about 4k tokens of input and produces 1k tokens",
     {"tokens_per_day": 60e6, "output_share": 0.2}),
    ("200 employees, each using the assistant ~10 times a day, ~2k tokens each time", {"tokens_per_day": 4e6}),
    # a count of smaller things in each item multiplies, unless the size is per item
    ("traffic: 9-11k conversations/day, ~8 turns each, ~600 tokens per turn", {"tokens_per_day": 48e6}),
    ("Around 5k users/day, ~8 queries per user, ~3k tokens per query", {"tokens_per_day": 120e6}),
    ("10k conversations/day, ~8 turns each, ~4k tokens per conversation", {"tokens_per_day": 40e6}),
    # scale words, periods and spellings people type
    ("hi we r using gpt4o mini for classifcation of tickts approx 40mln tokens/day", {"tokens_per_day": 40e6}),
    ("approx 2 mln calls in month, each transcript is around 4 thousand tokens", {"tokens_per_day": 8e9 / 30.4375}),
    ("approximately 800 thousands requests per week with 1500 tokens medium", {"tokens_per_day": 1.2e9 / 7}),
    ("~180M tokens last week across all apps", {"tokens_per_day": 180e6 / 7}),
    ("roughly 4 million enquiries a fortnight, each about 900 tokens", {"tokens_per_day": 3.6e9 / 14}),
    ("tokens_per_day: 45_000_000 (from grafana)", {"tokens_per_day": 45e6}),
    ("ca. 800.000 Tokens täglich", {"tokens_per_day": 8e5}),
    ("40 pct of traffic is dumb stuff like language detection and intent routing", {"simple_share": 0.4}),
    ("we do 3.2 million requests monthly with 1.1k avg tokens", {"tokens_per_day": 3.52e9 / 30.4375}),
    # peaks by verb and by label
    ("traffic triples at month end compared to a normal day, a normal day being ~60M tokens",
     {"peak_to_average": 3, "tokens_per_day": 60e6}),
    ("correction: 3k rps is the peak rather than the average, the average is more like 800 rps",
     {"peak_to_average": 3.75}),
    # corrections of items, of spend, with a unit said later
    ("It's 40k requests per day, each around 1k tokens. Actually 45k requests.", {"tokens_per_day": 45e6}),
    ("500M tokens/day? no, 50M. sorry", {"tokens_per_day": 50e6}),
    ("we do 20 million a day, no wait that's requests. tokens is more like 20 billion", {"tokens_per_day": 20e9}),
    ("spend is like 40k/mo. sorry, 14k", {"monthly_api_spend_usd": 14000}),
    ("we pay $9k a month, sorry $12k", {"monthly_api_spend_usd": 12000}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numeric_classes(text, expected):
    got = facts(text)
    for name, value in expected.items():
        assert got.get(name) == pytest.approx(value, rel=0.02), (name, got)


def test_a_rate_count_is_not_spend():
    assert "monthly_api_spend_usd" not in facts("We burn through a billion tokens every 10 days")


HEDGES = ["about", "around", "roughly", "maybe", "approximately", "~", "like", "something like", "nearly",
          "give or take", "ballpark", "north of", "in the region of", "probably"]


@given(st.sampled_from(HEDGES), st.integers(min_value=2, max_value=900), st.sampled_from(["M", "k", " million"]))
def test_any_hedge_takes_the_number_given(hedge, n, scale):
    factor = {"M": 1e6, "k": 1e3, " million": 1e6}[scale]
    text = (f"we do {n}{scale} tokens a day, give or take" if hedge == "give or take"
            else f"we do {hedge} {n}{scale} tokens a day")
    assert facts(text)["tokens_per_day"] == pytest.approx(n * factor)


@given(st.integers(min_value=2, max_value=90), st.sampled_from(["days", "weeks", "months"]),
       st.sampled_from(["every", "per", "over the last", "in"]))
def test_a_counted_period_divides(n, unit, prep):
    days = {"days": 1.0, "weeks": 7.0, "months": DAYS_PER_MONTH}[unit] * n
    assert facts(f"we used 600M tokens {prep} {n} {unit}")["tokens_per_day"] == pytest.approx(600e6 / days)
