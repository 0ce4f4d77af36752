"""Volume and spend arithmetic over when and how often the work happens (issue #17, retired held-out v1-v3 and
tuning e): active hours, weekdays, recurring batches, totals over a stated span, quarters and fiscal years, bills
that 'hit' an amount, money and scales in other languages. Each mechanism on phrasings written for this test."""

from __future__ import annotations

import pytest

from tests.parse_support import check

ACTIVE = [
    # an hourly (or faster) rate times the hours it runs, when the rest of the day is said to be quiet
    ("Around 2M tokens an hour, 10 hours a day, nothing overnight.", {"tokens_per_day": 20e6}),
    ("We get 50 queries a minute in office hours only (9h), ~800 tokens per query.",
     {"tokens_per_day": 50 * 60 * 9 * 800}),
    ("Batch window is 4 hours; it pushes 5M tokens per hour and the cluster is idle the rest of the day.",
     {"tokens_per_day": 20e6}),
    # quiet hours but no count of busy hours: no daily volume rather than 24 busy hours
    ("We see 300 requests per hour while the shops are open and basically nothing at night; 2k tokens each.",
     {"tokens_per_day": None}),
    # a busy-hours phrase alone does not make the rest of the day quiet
    ("1M tokens per hour during business hours", {"tokens_per_day": 24e6}),
    # weekdays only
    ("Each of our 40 analysts runs 25 queries a day at ~2k tokens, Monday to Friday only.",
     {"tokens_per_day": 40 * 25 * 2000 * 5 / 7}),
    ("6M tokens a day, weekdays only", {"tokens_per_day": 6e6 * 5 / 7}),
    ("We're at 10M tokens per day during the week and about a quarter of that at weekends.",
     {"tokens_per_day": 10e6 * (5 + 0.5) / 7}),
    ("8M tokens a day on weekdays and half that on the weekend", {"tokens_per_day": 8e6 * 6 / 7}),
    # recurring batches with no period of their own
    ("Twice a week we re-embed and summarise the catalogue, about 70M tokens a run.", {"tokens_per_day": 20e6}),
    ("Four days a month we run a 50M-token reconciliation job.", {"tokens_per_day": 200e6 / 30.4375}),
]

SPANS = [
    ("Every fortnight the pipeline chews through 140M tokens.", {"tokens_per_day": 10e6}),
    ("Across the quarter we used 9.13 billion tokens", {"tokens_per_day": 9.13e9 / 91.3125}),
    ("Q2 total: 1.8B tokens", {"tokens_per_day": 1.8e9 / 91.3125}),
    ("Last week's usage was 70M tokens in total.", {"tokens_per_day": 10e6}),
    ("The migration is about 900M tokens over the next 2 months.", {"tokens_per_day": 900e6 / 60.875}),
    ("a quarterly run of 3B tokens", {"tokens_per_day": 3e9 / 91.3125}),
    # a figure with a period, an upper bound after it ('tops', 'at most') is the figure, not a peak
    ("4M tokens a day at most, it's a small internal tool", {"tokens_per_day": 4e6}),
    ("maybe 700k tokens daily, tops", {"tokens_per_day": 700e3}),
    # a preposition after a figure is not the thing counted
    ("We were at 20M tokens/day; sorry, 35M since the new feature launched.", {"tokens_per_day": 35e6}),
]

SPEND = [
    ("Our OpenAI bill hit $31,500 in October.", {"monthly_api_spend_usd": 31500}),
    ("Total spend hit 12k USD last month", {"monthly_api_spend_usd": 12000}),
    ("We hit $10k of spend once and set an alert; normally we pay $6k a month.", {"monthly_api_spend_usd": 6000}),
    ("In Q1 we paid Anthropic $45k.", {"monthly_api_spend_usd": 15000}),
    ("FY24 API costs: $240,000. The FY25 forecast is $400k.", {"monthly_api_spend_usd": 20000}),
    ("The invoice for the week came to $2,100.", {"monthly_api_spend_usd": 2100 * 30.4375 / 7}),
    ("Pagamos USD 4.500 por mês para a OpenAI.", {"monthly_api_spend_usd": 4500}),
    ("Gastamos unos 25 mil dólares al mes en la API.", {"monthly_api_spend_usd": 25000}),
    ("Spendiamo circa 900 dollari al mese.", {"monthly_api_spend_usd": 900}),
    ("We verbruiken 15 miljoen tokens per dag.", {"tokens_per_day": 15e6}),
    # in English a 'mil' is a million
    ("we push 3 mil tokens a day", {"tokens_per_day": 3e6}),
    ("El tráfico tiene picos de 5 veces la media.", {"peak_to_average": 5}),
]


@pytest.mark.parametrize(("text", "expected"), ACTIVE + SPANS + SPEND, ids=lambda x: str(x)[:40])
def test_arithmetic_over_time_and_money(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


CHAINS = [
    # the last item word of a compound is the thing counted; a people word before an item word names the item
    ("we handle ~300k support tickets a month, avg 900 tokens per ticket all in",
     {"tokens_per_day": 300e3 * 900 / 30.4375}),
    ("About 2,000 customer chats a day; each chat makes ~8 model calls of about 3,000 tokens.",
     {"tokens_per_day": 2000 * 8 * 3000}),
    ("~50k user requests per day at 1.2k tokens each", {"tokens_per_day": 60e6}),
    # a count per unit of something counted elsewhere, then its period
    ("We have 250 branches. Staff ask about 30 questions per branch per day, ~800 tokens each.",
     {"tokens_per_day": 250 * 30 * 800}),
    # the period after a count belongs to the count; the token figure after it is per item
    ("we transcribe calls, 2000 calls daily around 5000 tokens", {"tokens_per_day": 10e6}),
    ("they write summaries, 1200 summaries daily at 700 tokens", {"tokens_per_day": 840e3}),
]


@pytest.mark.parametrize(("text", "expected"), CHAINS, ids=lambda x: str(x)[:40])
def test_item_chains(text: str, expected: dict[str, object]) -> None:
    check(text, expected)
