"""Volume chains and the other count mechanisms of the late round (issue #17, retired held-out v4), each shown on
phrasings written for this test in other industries and styles, beyond the tuning sentence that exposed it."""

from __future__ import annotations

import pytest

from tests.parse_support import check

POPULATIONS = [
    # people (or anything) counted, then what each of them does: the count multiplies whatever its noun is
    ("about 1,200 drivers, maybe 6 lookups each per shift, 400 tokens a lookup", {"tokens_per_day": 1200 * 6 * 400}),
    ("We have 350 technicians doing ~12 queries a day each, roughly 900 tokens per query",
     {"tokens_per_day": 350 * 12 * 900}),
    ("5k WAU, 3 sessions a week each, ~2k tokens per session", {"tokens_per_day": 5000 * 3 / 7 * 2000}),
    ("Our 800 franchisees send about 20 messages each per day at ~600 tokens",
     {"tokens_per_day": 800 * 20 * 600}),
    ("40k subscribers, 2 chats apiece per week, 1,500 tokens per chat", {"tokens_per_day": 40_000 * 2 / 7 * 1500}),
    ("12,000 DAU, 8 prompts each a day, ~700 tokens per prompt", {"tokens_per_day": 12_000 * 8 * 700}),
    # a count that nothing is done 'each' of is not a population
    ("We are 40 hotels. The concierge bot answers 3,000 questions a day, ~500 tokens each.",
     {"tokens_per_day": 3000 * 500}),
]

SHARES_OF_PEOPLE = [
    # a share of the people who are active in a period scales them
    ("250k policyholders; about 2% reach out on a typical day, each conversation ~3k tokens",
     {"tokens_per_day": 250_000 * 0.02 * 3000}),
    ("We have 40k MAU and roughly 15% use the assistant on any given day, averaging 6 messages at ~800 tokens each.",
     {"tokens_per_day": 40_000 * 0.15 * 6 * 800}),
    ("80,000 learners, ~5% of them active daily, 10 questions each, 500 tokens per question",
     {"tokens_per_day": 80_000 * 0.05 * 10 * 500}),
]


@pytest.mark.parametrize(("text", "expected"), POPULATIONS + SHARES_OF_PEOPLE)
def test_population_chains(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


PEAK_MULTIPLES = [
    # a multiple of an ordinary stretch of time or load, whatever the stretch is called
    ("Match days are roughly 5x an ordinary Saturday. About 3M tokens on a normal day.",
     {"peak_to_average": 5, "tokens_per_day": 3e6}),
    ("tax season runs about 4x a regular week", {"peak_to_average": 4}),
    ("the morning rush is maybe 3x a quiet afternoon", {"peak_to_average": 3}),
    ("Cyber Monday: 7 times a typical day's traffic", {"peak_to_average": 7}),
    ("payroll days hit 2.5x our usual load; usual is ~40M tokens a day",
     {"peak_to_average": 2.5, "tokens_per_day": 40e6}),
    # a range of multiples is its midpoint
    ("open-enrolment weeks are 6-8x a normal week", {"peak_to_average": 7}),
    # a multiple of something else is not a peak
    ("a 70B would be 3x a normal 8B's memory", {"peak_to_average": None}),
]


@pytest.mark.parametrize(("text", "expected"), PEAK_MULTIPLES)
def test_peak_multiples(text: str, expected: dict[str, object]) -> None:
    check(text, expected)
