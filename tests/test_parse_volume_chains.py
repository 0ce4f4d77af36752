"""Daily tokens by dimensional analysis (bot/core/parse_chain.py): figures said as 'so many A per B' cancel down to
tokens per day whatever the nouns are called. Phrasings written for this test across industries, orders and styles;
the tuning messages that exposed the class (retired v3 x219, tuning e108) are one case each, not the test."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.parse import extract
from tests.parse_support import check

COUNT_PER_ITEM = [
    # several items per unit of work, then tokens per item and units per period, in any order
    ("avg 12 tool calls per task, ~4k tokens per call, 2,000 tasks/day", 2000 * 12 * 4000),
    ("3 prompts per document, 1,000 documents/day, 1.5k tokens per prompt", 1000 * 3 * 1500),
    ("Underwriting: 400 applications a week, 5 model calls per application, 3k tokens per call", 400 / 7 * 5 * 3000),
    ("Our pipeline: 50k invoices/month -> 4 pages per invoice -> ~600 tokens per page", 50_000 / 30.4375 * 4 * 600),
    # the unit of work named first ('each task does', 'per shipment we make', 'every ticket gets')
    ("each task does 8 LLM calls at ~2.5k tokens, and we run 500 tasks a day", 500 * 8 * 2500),
    ("Per shipment we make 3 extraction calls of ~1,200 tokens; about 9,000 shipments a day.", 9000 * 3 * 1200),
    ("every support ticket gets 2 LLM passes (triage + draft), ~1.8k tokens a pass, and we close 1,500 tickets a day",
     1500 * 2 * 1800),
    # one per unit of work, said in words
    ("one call per ticket, 3k tickets a week, ~2k tokens per call", 3000 / 7 * 2000),
    ("we run one LLM call per claim, 12k claims a month, about 3,500 tokens a call", 12_000 / 30.4375 * 3500),
]

INTERVALS = [
    # one thing at an interval, by each of the people (or devices) counted
    ("At any hour roughly 250 active users, each sending a message every 2 minutes, ~1k tokens per message",
     250 * 720 * 1000),
    ("our 40 agents each make a call every 30 seconds, 2k tokens per call", 40 * 2880 * 2000),
    ("the sensor gateway posts a summary every 10 minutes per site, 60 sites, ~800 tokens each", 60 * 144 * 800),
    ("each of the 12 cameras sends a description request every 20 seconds, about 400 tokens per request",
     12 * 4320 * 400),
    ("we have 300 reps; every rep runs about 15 searches per day and a search is ~2k tokens", 300 * 15 * 2000),
    ("2,000 nurses, each writes 6 notes per shift, ~900 tokens per note", 2000 * 6 * 900),
]


@pytest.mark.parametrize(("text", "tokens"), COUNT_PER_ITEM + INTERVALS)
def test_chains_cancel_to_tokens_per_day(text: str, tokens: float) -> None:
    check(text, {"tokens_per_day": tokens})


def test_people_at_peak_and_on_average_keep_their_ratio_and_the_average_does_the_work() -> None:
    check("NPC chatter in our MMO: 250k concurrent players at peak, 80k on average, each triggers one line every "
          "5 minutes of ~120 tokens.", {"tokens_per_day": 80_000 * 288 * 120, "peak_to_average": 3.125})


@pytest.mark.parametrize("text", [
    # a chain that does not close on a period gives no volume from the chain
    "3 prompts per document, 1.5k tokens per prompt",
    # a figure that is not theirs is not a link
    "if we ever had 2,000 tasks/day at 12 calls per task and 4k tokens per call, would a single GPU do?",
])
def test_open_or_hypothetical_chains_give_no_volume(text: str) -> None:
    check(text, {"tokens_per_day": None})


ITEMS = {"calls": "call", "requests": "request", "passes": "pass", "lookups": "lookup", "prompts": "prompt",
         "queries": "query", "completions": "completion"}
UNITS = ["task", "ticket", "document", "claim", "order", "case", "lead", "shipment"]
PERIODS = {"day": 1.0, "week": 1 / 7, "month": 1 / 30.4375, "hour": 24.0}


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 40), m=st.sampled_from([300, 800, 1500, 2000, 4000, 6000]),
       k=st.sampled_from([200, 1500, 3000, 12_000]), item=st.sampled_from(sorted(ITEMS)), unit=st.sampled_from(UNITS),
       period=st.sampled_from(sorted(PERIODS)), order=st.permutations([0, 1, 2]),
       sep=st.sampled_from([", ", "; ", ". ", "\n- "]))
def test_property_n_items_per_unit_times_units_per_period_times_tokens(n: int, m: int, k: int, item: str, unit: str,
                                                                      period: str, order: list[int],
                                                                      sep: str) -> None:
    """'N <items> per <unit>, K <units> per <period>, M tokens per <item>' in any order and separator."""
    parts = [f"{n} {item} per {unit}", f"{k:,} {unit}s per {period}", f"{m:,} tokens per {ITEMS[item]}"]
    text = sep.join(parts[i] for i in order)
    got = extract(text).facts.get("tokens_per_day")
    expected = n * k * PERIODS[period] * m
    assert got is not None, text
    assert abs(float(got.value) - expected) <= 0.02 * expected, (text, got.value, expected)


WORKLOADS = [
    # several workloads in one message add up, however they are listed
    ("Two agents in production: the claims bot burns 12M tokens a day and the policy Q&A about 3M/day.", 15e6),
    ("- triage: 8k tickets/day at ~900 tokens each\n- drafting: 2k replies/day @ 1.5k tokens",
     8000 * 900 + 2000 * 1500),
    ("Hospital IT here. Discharge summaries 4M tokens/day; radiology report drafts 2.5M/day; plus the coding "
     "assistant, maybe 700k.", 7.2e6),
    ("support bot 20M/day, plus the coder thing ~5M", 25e6),
    ("Our usage: chatbot 30M + search 12M + summaries 3M tokens per day", 45e6),
    ("Route planner: 50k queries/day x 400 tokens. Driver chat: 20k messages/day x 250 tokens.", 25e6),
    ("Three titles use the LLM:\n1. Skyreach: 14M tok/day\n2. Dune Runners: 9M tok/day\n3. Pocket Farm: 3.5M tok/day",
     26.5e6),
    # a total said with its parts is the total
    ("total is 60M tokens/day: support 40M/day, drafts 15M/day, search 5M/day", 60e6),
    # not separate workloads: a restatement, a change over time, a model size
    ("We do about 40M tokens/day (~1.2B a month).", 1.2e9 / 30.4375),
    ("we were at 8M tokens/day last year, now 30M tokens/day", 30e6),
    ("about 1B tokens a month, so ~35M a day", 35e6),
    ("Our context windows are 128k and the model is 70B, but the volume is small: 3M a day.", 3e6),
]


@pytest.mark.parametrize(("text", "tokens"), WORKLOADS)
def test_workloads_in_one_message_add_up(text: str, tokens: float) -> None:
    check(text, {"tokens_per_day": tokens})


NAMES = ["support bot", "search", "the drafter", "claims triage", "NPC chat", "code review", "translation"]


@settings(max_examples=60, deadline=None)
@given(vols=st.lists(st.sampled_from([2, 3.5, 7, 12, 40, 95, 150]), min_size=2, max_size=4, unique=True),
       names=st.permutations(NAMES), unit=st.sampled_from(["M tokens/day", "M tok/day", "M tokens a day"]),
       style=st.sampled_from(["list", "numbered", "prose", "semicolons"]))
def test_property_listed_workloads_sum(vols: list[float], names: list[str], unit: str, style: str) -> None:
    """k named workloads, each 'N<unit>', listed as bullets, numbers, prose or semicolons, read as their sum."""
    parts = [f"{n}: {v:g}{unit}" if style != "prose" else f"{n} does {v:g}{unit}" for n, v in zip(names, vols,
                                                                                                     strict=False)]
    text = {"list": "Workloads:\n" + "\n".join(f"- {p}" for p in parts),
            "numbered": "Workloads:\n" + "\n".join(f"{i + 1}. {p}" for i, p in enumerate(parts)),
            "prose": ", ".join(parts[:-1]) + " and " + parts[-1] + ".",
            "semicolons": "; ".join(parts)}[style]
    values = sorted(vols)
    expected = sum(vols) * 1e6
    if abs(values[-1] - sum(values[:-1])) <= 0.03 * sum(values[:-1]):
        expected = values[-1] * 1e6  # one is the sum of the others: read as the total
    got = extract(text).facts.get("tokens_per_day")
    assert got is not None, text
    assert abs(float(got.value) - expected) <= 0.02 * expected, (text, got.value, expected)


WINDOWS = [
    # a rate per second, minute or hour holds only the hours a day the message says it runs
    ("85 delivery robots, each one calls the on-board model ~3 times a minute for 10 hours a day, ~400 tokens a call",
     85 * 3 * 60 * 10 * 400),
    ("120 warehouse robots, each one asks the planner ~5 times a minute during an 8h shift, ~600 tokens each time",
     120 * 5 * 60 * 8 * 600),
    ("size chart bot: 700 convos/hr between 9am and 9pm, basically nothing overnight. ~600 tok per convo.",
     700 * 12 * 600),
    ("Feed copywriter generates 4.2M tokens per hour during the nightly 6-hour batch, nothing outside it.", 4.2e6 * 6),
    ("the kiosk handles 300 requests an hour, open 9 to 5, ~1k tokens per request", 300 * 8 * 1000),
    ("call centre: 2M tokens/hour over a 10-hour day", 2e6 * 10),
    ("IDE autocomplete: 1,200 devs, a completion request every ~20 seconds while typing, ~4 hours typing a day, "
     "~1.5k tokens per request.", 1200 * 3 * 60 * 4 * 1500),
]

TIMES_AND_PARTS = [
    # 'N times' is so many of whatever the size is of
    ("Ops staff (85 people) hit the runbook assistant about 4 times an hour during a 10-hour shift; ~1,200 tokens per "
     "hit.", 85 * 4 * 10 * 1200),
    ("about 9,000 claims a week land in the inbox, and each one goes through the model three times, roughly 2k tokens "
     "per call.", 9000 / 7 * 3 * 2000),
    ("250 machines each send a status summary to the model once a minute, ~200 tokens per summary.",
     250 * 1440 * 200),
    # one item's input and output parts are its size
    ("14k tickets/day, each ticket 3 LLM calls, avg 1.4k in + 250 out per call.", 14_000 * 3 * 1650),
    ("18,000 complaints a month, 3 model passes each, each pass ~2,000 tokens in and 500 out.",
     18_000 / 30.4375 * 3 * 2500),
    ("Doc parsing pipeline: 1.2M pages/month, ~1,100 tokens per page in, ~200 out.", 1.2e6 / 30.4375 * 1300),
    # a count per counted unit is a count ('3 agents per region × 4 regions' are 12 agents)
    ("3 agents per region × 4 regions, each handling a case every 90 seconds around the clock, ~4,000 tokens per "
     "case.", 12 * 960 * 4000),
    ("9 branches, 25 staff each, maybe 20 prompts a day per person at 1k tokens.", 9 * 25 * 20 * 1000),
    # a size labelled with its item, a size after 'of'
    ("24 production lines x 1 inspection report per hour each, report ~2,500 tokens. Lines run 24 hours.",
     24 * 24 * 2500),
    ("Between 5 and 7 thousand support tickets a day, each ticket ~3 LLM calls of ~1,000 tokens.", 6000 * 3 * 1000),
]


@pytest.mark.parametrize(("text", "tokens"), WINDOWS + TIMES_AND_PARTS)
def test_windows_times_and_parts(text: str, tokens: float) -> None:
    check(text, {"tokens_per_day": tokens})


def test_a_busy_window_of_unknown_length_gives_no_volume() -> None:
    check("~600 requests/hour in business hours, basically nothing at night. Each request is ~1.2k tokens.",
          {"tokens_per_day": None})


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 500), k=st.integers(1, 30), unit=st.sampled_from(["minute", "hour"]),
       hours=st.integers(2, 16), m=st.sampled_from([200, 700, 1500, 4000]),
       thing=st.sampled_from(["robots", "agents", "kiosks", "cameras", "nurses"]),
       how=st.sampled_from(["for {h} hours a day", "during an {h}h shift", "over a {h}-hour day"]))
def test_property_people_times_rate_times_window_times_size(n: int, k: int, unit: str, hours: int, m: int, thing: str,
                                                           how: str) -> None:
    """'<n> <things>, each calls the model <k> times a <unit> <window>, <m> tokens per call' = n·k·(per hour)·h·m."""
    text = f"{n} {thing}, each calls the model {k} times a {unit} {how.format(h=hours)}, {m:,} tokens per call"
    per_hour = k * (60 if unit == "minute" else 1)
    expected = n * per_hour * hours * m
    got = extract(text).facts.get("tokens_per_day")
    assert got is not None, text
    assert abs(float(got.value) - expected) <= 0.02 * expected, (text, got.value, expected)


SIZES = [
    # the output said after the input adds to one item's size, however it is joined
    ("each lawyer runs maybe 25 queries a day, 140 of them; a query with the chunks attached is around 6,000 tokens "
     "and answers are ~800.", {"tokens_per_day": 140 * 25 * 6800}),
    ("Last month we had 310,000 chats, average transcript about 1,400 tokens, summary maybe 150.",
     {"tokens_per_day": 310_000 / 30.4375 * 1550, "output_share": 150 / 1550}),
    ("roughly 1,800 letters a day, each letter is about 3,500 tokens in and the summary comes back at around 400.",
     {"tokens_per_day": 1800 * 3900}),
    ("~900 episodes a month, avg transcript 18k tokens, notes ~700 tokens out",
     {"tokens_per_day": 900 / 30.4375 * 18_700, "output_share": 700 / 18_700}),
    ("4k questions a day, each one pulls in like 6k tokens of context and writes ~300 back",
     {"tokens_per_day": 4000 * 6300}),
    # a breakdown of the size, or a share of it, does not add to it
    ("25k conversations/day, ~3,000 tokens per conversation (2,400 in / 600 out)",
     {"tokens_per_day": 75e6, "output_share": 0.2}),
    ("~300k transactions/day get a blurb, ~600 tokens each, ~100 of it generated",
     {"tokens_per_day": 180e6, "output_share": 100 / 600}),
]


@pytest.mark.parametrize(("text", "expected"), SIZES)
def test_input_then_output_is_one_items_size(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


LISTED = [
    # workloads listed one to a line or a labelled sentence are each read whole, then added up
    ("Two bots:\n- FAQ: 30k questions/day at 500 tokens\n- Agent desk: 80 agents × 40 drafts/day × 1k tokens",
     30_000 * 500 + 80 * 40 * 1000),
    ("Summaries: 5k calls a day, 2k tokens each. Translation: 300 docs a day at 8k tokens.", 5000 * 2000 + 300 * 8000),
    ("Agents we run:\n- Reconciliation agent: 6 instances, one call every 30 s each, 1.5k tokens\n- Email drafting: "
     "2,000 emails/day, 800 tokens", 6 * 2880 * 1500 + 2000 * 800),
    # the properties of one workload listed one to a line are still one workload
    ("OK final numbers from the PM:\n• 2,300 active users\n• 12 requests/user/day\n• 2,200 tokens per request",
     2300 * 12 * 2200),
]


@pytest.mark.parametrize(("text", "tokens"), LISTED)
def test_listed_workloads_are_read_one_by_one_and_added(text: str, tokens: float) -> None:
    check(text, {"tokens_per_day": tokens})


def test_dated_lines_are_not_workloads_to_add() -> None:
    got = extract("Ops review:\n* Oct tokens: 5.9B\n* Sep tokens: 5.1B").facts.get("tokens_per_day")
    assert got is None or abs(float(got.value) - 11e9 / 30.4375) > 1e6


SHARES = [
    # a share of what was counted, said as a percentage, 'N in M', 'N out of M' or a word fraction, scales it
    ("ok real numbers: 14,000 employees, about a third use the assistant daily, ~9 prompts each, ~1,300 tokens per "
     "prompt.", 14_000 / 3 * 9 * 1300),
    ("12,000 officers, a fifth of them use the assistant daily, 10 queries each, 1,200 tokens per query.",
     2400 * 10 * 1200),
    ("9 million page views a day, and 1 in 10 renders an LLM blurb of ~350 tokens", 9e6 * 0.1 * 350),
    ("Fraud explanations: 1.4M transactions/day flagged at 2%, each explanation ~1,200 tokens.", 1.4e6 * 0.02 * 1200),
    ("50k orders a day, 1 out of 5 gets a support chat, ~2k tokens per chat", 50_000 * 0.2 * 2000),
]


@pytest.mark.parametrize(("text", "tokens"), SHARES)
def test_a_share_of_what_was_counted_scales_it(text: str, tokens: float) -> None:
    check(text, {"tokens_per_day": tokens})


FRACTIONS = {"a third": 1 / 3, "a quarter": 0.25, "a fifth": 0.2, "half": 0.5, "10%": 0.1, "one in 4": 0.25}


@settings(max_examples=60, deadline=None)
@given(n=st.sampled_from([1200, 8000, 30_000]), share=st.sampled_from(sorted(FRACTIONS)), k=st.integers(2, 20),
       m=st.sampled_from([400, 900, 2500]), who=st.sampled_from(["employees", "nurses", "students", "agents"]),
       item=st.sampled_from([("prompts", "prompt"), ("queries", "query"), ("chats", "chat")]))
def test_property_people_share_active_daily_items_tokens(n: int, share: str, k: int, m: int, who: str,
                                                        item: tuple[str, str]) -> None:
    """'<n> <people>, <share> of them use it daily, <k> <items> each, <m> tokens per <item>' = n·share·k·m."""
    text = f"{n:,} {who}, {share} of them use the assistant daily, {k} {item[0]} each, {m:,} tokens per {item[1]}"
    expected = n * FRACTIONS[share] * k * m
    got = extract(text).facts.get("tokens_per_day")
    assert got is not None, text
    assert abs(float(got.value) - expected) <= 0.02 * expected, (text, got.value, expected)


MORE_WORKLOADS = [
    # a workload that was is not added; 'adds' joins; people counted elsewhere do not stop a list
    ("Current: chatbot 12M tokens/day, search 3M/day. The old summariser used to add 6M/day.",
     {"tokens_per_day": 15e6}),
    ("Claims sends 2,000 letters a day at 3k tokens. Underwriting adds 500 a day at 8k tokens.",
     {"tokens_per_day": 10e6}),
    ("Our team is 4 engineers. Volumes: chat 5k chats/day at 1k tokens, and a batch doing 200 docs/day at 20k tokens.",
     {"tokens_per_day": 9e6}),
    # people at peak and on average: a rate per person is per one of the average
    ("3,000 agents online at peak, 1,000 on average, each agent asks ~30 questions an hour at 800 tokens",
     {"tokens_per_day": 1000 * 720 * 800, "peak_to_average": 3}),
    # people counted per period are that many people, each doing what follows that often
    ("120k active users/month, each runs ~3 reports a month, 4k tokens per report",
     {"tokens_per_day": 120_000 * 3 / 30.4375 * 4000}),
]


@pytest.mark.parametrize(("text", "expected"), MORE_WORKLOADS)
def test_more_workload_and_population_phrasings(text: str, expected: dict[str, object]) -> None:
    check(text, expected)
