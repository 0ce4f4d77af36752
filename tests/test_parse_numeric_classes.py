"""The numeric reader's general mechanisms, each on phrasings beyond the ones it was written for: hedges
around a number, a period with a count ('every 10 days'), corrections that revise a figure or its period,
figures that share one period, peak and average labels, any noun counted per period."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.parse_support import facts

DAYS_PER_MONTH = 30.4375




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
    # device counts: fleets, counts after the name, boxes of several, totals, corrections
    ("There are 300 kiosks, each with its own RTX 4060 Ti 16GB.", {"hardware_count": 300}),
    ("The fleet is 25 robots with one RTX 4090 each.", {"hardware_count": 25}),
    ("Each of our 40 ships has one L4 in its server room.", {"hardware_count": 40}),
    ("Three H100 nodes, 8 GPUs each, all ours.", {"hardware_count": 24}),
    ("We've got a Mac Studio M2 Ultra on every desk in the design team, 14 of them.", {"hardware_count": 14}),
    ("Two pairs of RTX 3090s in the lab, so 4 cards.", {"hardware_count": 4}),
    ("eh, make that 6 GPUs not 8. two of the L40S are spoken for", {"hardware_count": 6}),
    ("oh wait I said 4 L4s — it's 6", {"hardware_count": 6}),
    ("we have 2 servers with 4x A100 each", {"hardware_count": 8}),
    # peaks: ratios written as a ratio, ranges, a worst hour, a peak said after the figure
    ("peak:avg is about 3:1 for us", {"peak_to_average": 3}),
    ("peak is 3 to 5 times the average, which is ~5M tokens/day", {"peak_to_average": 4, "tokens_per_day": 5e6}),
    ("Average day: 25M tokens. Worst hour last month was 6M tokens.",
     {"peak_to_average": 5.76, "tokens_per_day": 25e6}),
    ("We average about 300 requests a minute and hit 1,500/min at lunchtime; each request is ~1k tokens.",
     {"peak_to_average": 5, "tokens_per_day": 300 * 1440 * 1000}),
    ("Numbers from the billing CSV: 18_400_000 tokens/day avg, 55_200_000 on the worst day.",
     {"peak_to_average": 3, "tokens_per_day": 18.4e6}),
    # output share as a fraction, as a part of a total, per thousand sent; sides listed together
    ("we do a couple million tokens a day, output is maybe a third of that", {"output_share": 1 / 3}),
    ("Correction: output share is a fifth, not half.", {"output_share": 0.2}),
    ("Output is tiny — think 50 tokens back for every thousand we send.", {"output_share": 50 / 1050}),
    ("5k-8k requests/day, ~2k tokens each, 1/4 of it generated.", {"output_share": 0.25, "tokens_per_day": 13e6}),
    ("2.4 billion tokens last quarter. Output was about 600M of that.", {"output_share": 0.25}),
    ("So the total is 40M tokens/day, of which 8M is output.", {"output_share": 0.2}),
    ("Inputs 9.6M, outputs 2.4M tokens per day.", {"tokens_per_day": 12e6, "output_share": 0.2}),
    ("Two million tokens a day in, about two hundred thousand out.", {"tokens_per_day": 2.2e6, "output_share": 2 / 22}),
    ("Usage export for Nov: 612,345,000 input tokens, 87,655,000 output tokens.",
     {"tokens_per_day": 700e6 / 30.4375, "output_share": 87.655 / 700}),
    # simple share by sentence, none, all
    ("About a quarter of our requests are 'is this spam, yes/no' — trivially small-model territory.",
     {"simple_share": 0.25}),
    ("Looking at whether a small model could take the intent-classification traffic (about 40% of calls).",
     {"simple_share": 0.4}),
    ("none of our requests are simple — every single one is long-form analysis", {"simple_share": 0}),
    # ranges in words, with commas, 'anywhere from', 'N to M' of people
    ("between two and three hundred million tokens a day", {"tokens_per_day": 250e6}),
    ("we spend anywhere from $8k to $12k a month on Gemini 2.5 Pro", {"monthly_api_spend_usd": 10000}),
    ("40 to 60 analysts, each ~30 queries a day, queries are ~2.5k tokens", {"tokens_per_day": 3.75e6}),
    ("• 150-250 req/min\n• 1,000-1,400 tokens per request\n• TTFT 0.5-1 s",
     {"tokens_per_day": 200 * 1440 * 1200, "latency_ms": 750}),
    # tables and labels
    ("| users | 120 lawyers |\n| requests/user/day | ~25 |\n| tokens/request | ~6,000 in / 800 out |",
     {"tokens_per_day": 120 * 25 * 6800, "output_share": 800 / 6800}),
    ("yearly tokens: ~11B", {"tokens_per_day": 11e9 / 365.25}),
    ("Correction: it's 45k requests per day, not 4.5k. Token count per request (≈2k) is right.",
     {"tokens_per_day": 90e6}),
    # latency in words and in other languages
    ("users will bail if the answer doesn't start within a second and a half", {"latency_ms": 1500}),
    ("Unsere Anforderung: erstes Token in unter 400 ms", {"latency_ms": 400}),
    ("call it 1.5 s rather than 500 ms for ttft", {"latency_ms": 1500}),
    # people at peak and on average; revisions that take the unit of the figure before
    ("1,200 agents online at peak, 400 on average, each sends ~1 request/min of ~900 tokens",
     {"tokens_per_day": 400 * 1440 * 900, "peak_to_average": 3}),
    ("I said 3k requests/day but it's 30k, each ~1.2k tokens", {"tokens_per_day": 36e6}),
    ("hmm no, the 12M was per week, not per day", {"tokens_per_day": 12e6 / 7}),
    # people, counts per person and sizes written loosely
    ("we have 3 thousand employees using chat assistant, each one make approx 15 question per day, "
     "average question+answer is 1200 token.", {"tokens_per_day": 54e6}),
    ("~250 devs, maybe 100 completions/dev/day @ ~1.5k tok.", {"tokens_per_day": 37.5e6}),
    ("Unos 80.000 usuarios al mes, 5 consultas cada uno, ~2.000 tokens por consulta.",
     {"tokens_per_day": 80000 * 5 * 2000 / 30.4375}),
    ("prompts are long (RAG, ~7.5k tokens) and answers short, ~300 tokens. about 12k questions a day",
     {"tokens_per_day": 12000 * 7800, "output_share": 300 / 7800}),
    ("2k in 500 out, ~40k req/day, peak 2x, EU", {"tokens_per_day": 100e6, "output_share": 0.2}),
    ("openai dashboard: 31 days in october, 2.9B tokens total, bill $14,850.", {"tokens_per_day": 2.9e9 / 31}),
    ("Ballpark: three-quarters of a million tokens daily", {"tokens_per_day": 750e3}),
    ("now we pay 3.000 dollar each month for GPT-4o", {"monthly_api_spend_usd": 3000}),
    # devices: foreign boxes, accelerators, pieces, mine, GPUs with no device named
    ("Nous avons 2 serveurs avec 8 GPU L40S chacun", {"hardware_count": 16}),
    ("our 2 Gaudi 3 nodes (8 accelerators each) are sitting idle", {"hardware_count": 16}),
    ("We have 8 pieces of A100 SXM 80GB in own datacenter", {"hardware_count": 8}),
    ("runs on my M4 Max (40-core GPU)", {"hardware_count": 1}),
    ("scratch that — not 8 GPUs, 6. two died last month", {"hardware_count": 6}),
    ("we own 4 of them. H100 PCIe.", {"hardware_count": 4}),
    # peaks and shares in more words
    ("peak:avg is ~1.5, it's pretty flat b/c it's batch", {"peak_to_average": 1.5}),
    ("Ja, ungefähr 3x zur Spitzenzeit.", {"peak_to_average": 3}),
    ("all of it is simple extraction from scanned forms", {"simple_share": 1}),
    # comparisons, past amounts, typo-fixing that must not change a word's form, period corrections with a count
    ("we see twice as much traffic at peak as on average", {"peak_to_average": 2}),
    ("The peak-hour rate is about 3 times the daily average.", {"peak_to_average": 3}),
    ("inputs are ~4x bigger than outputs", {"output_share": 0.2}),
    ("input ≈ 5× output", {"output_share": 1 / 6}),
    ("We're at $14k/month today. It was $4k in January.", {"monthly_api_spend_usd": 14000}),
    ("Each day we generate summaries for ~5,000 calls; transcripts run ~6,000 tokens and summaries ~400 tokens.",
     {"tokens_per_day": 32e6, "output_share": 400 / 6400}),
    ("we're at 800 million tokens a month... wait no, that's two months of usage",
     {"tokens_per_day": 400e6 / 30.4375}),
    ("Hi! Our assistant does 8,000 conversations a day, each ~2.5k tokens (mostly prompt, the answers are short, "
     "maybe 300 tokens).", {"output_share": 0.12, "tokens_per_day": 20e6}),
    ("we pay OpenAI something like nine grand a month", {"monthly_api_spend_usd": 9000}),
    ("~15 RPS at steady state, up to 45 RPS during the morning rush; prompts ~900 tok, completions ~300 tok",
     {"tokens_per_day": 15 * 86400 * 1200, "peak_to_average": 3, "output_share": 0.25}),
    ("average latency to first token today is 1.2s and we'd like it under 600ms", {"latency_ms": 600}),
    ("our chatbot sees maybe 4-5k sessions daily, avg session ~6 turns, each turn ~700 tokens round trip",
     {"tokens_per_day": 4500 * 6 * 700}),
    ("5 support bots × 2,000 conversations/day × 1,500 tokens", {"tokens_per_day": 15e6}),
    ("we have 12 engineers and 3 GPUs (A10G)", {"hardware_count": 3}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numeric_classes(text, expected):
    got = facts(text)
    for name, value in expected.items():
        assert got.get(name) == pytest.approx(value, rel=0.02), (name, got)


@pytest.mark.parametrize("text", [
    "latency doesn't matter, it's an overnight batch",
    "if the box dies overnight nobody will notice till morning",
    "kiosks in train stations, each kiosk has an RTX 4060 Ti 16GB",
])
def test_no_latency_figure_is_invented(text):
    assert "latency_ms" not in facts(text)


@pytest.mark.parametrize("text", ["each boat has an RTX 3060 12GB", "if we bought 4 H200 would that be enough?",
                                  "It runs on the ship itself, one RTX A6000 per vessel.",
                                  "Delivery vans carry a rugged box with an RTX A5000"])
def test_no_device_count_without_a_fleet_or_ownership(text):
    assert "hardware_count" not in facts(text)


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
