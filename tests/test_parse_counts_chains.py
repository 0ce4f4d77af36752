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



SPEND = [
    # invoice lines from a finance export add up to the month's spend
    ("Invoices for October:\n- OpenAI: $12,300\n- Azure OpenAI: $4,150\n- Mistral: $600",
     {"monthly_api_spend_usd": 17_050}),
    ("from the AP report, last month\nAnthropic — $9,980.40\nGoogle Vertex — $2,019.60",
     {"monthly_api_spend_usd": 12_000}),
    # saying no API is paid for is a spend of zero
    ("no API bill at all yet, everything runs on our own Mac Studio", {"monthly_api_spend_usd": 0}),
    ("we spend nothing on APIs, it's all on-prem Mistral", {"monthly_api_spend_usd": 0}),
    ("We're not paying for any hosted model right now.", {"monthly_api_spend_usd": 0}),
    ("we don't pay much for the API, around $300 a month", {"monthly_api_spend_usd": 300}),
    # a yearly commitment paid in advance is still a yearly spend
    ("We signed a $240k yearly commit with Anthropic, paid up front.", {"monthly_api_spend_usd": 20_000}),
    ("Our annual Azure OpenAI contract is $96,000, prepaid.", {"monthly_api_spend_usd": 8_000}),
    # a corrected amount keeps the period of the one it corrects, not the time the old one belonged to
    ("API costs are $3k/month. Actually scratch that, that was in the spring — it's $4.5k now.",
     {"monthly_api_spend_usd": 4_500}),
    # the team's own bill inside a hypothetical question is still their bill
    ("Would 2 H100s pay for themselves against our $25k/month OpenAI bill?", {"monthly_api_spend_usd": 25_000}),
    ("If we self-hosted, could we cut our $7,500 monthly Anthropic spend in half?", {"monthly_api_spend_usd": 7_500}),
    ("If we went fully cloud we'd spend around $50k/month", {"monthly_api_spend_usd": None}),
    # what it is now, after what it would be
    ("Moving to Claude Opus would put us at $30k/month; today we're at $6k.", {"monthly_api_spend_usd": 6_000}),
    ("Switching everything to o3 would be ~$12k a month, currently $2,500.", {"monthly_api_spend_usd": 2_500}),
    # a budget line for a later year is a plan, not spend
    ("We've spent $5k a month on OpenAI this year; next year's budget is $120k.", {"monthly_api_spend_usd": 5_000}),
    ("Spend runs about $8k a month; the FY27 budget line is $150k.", {"monthly_api_spend_usd": 8_000}),
    # an amount per unit of something counted, times the count
    ("about 12 store teams, each spending around $400 a month on the API", {"monthly_api_spend_usd": 4_800}),
    ("~25 engineers at roughly $300/engineer/month in Claude API usage", {"monthly_api_spend_usd": 7_500}),
    ("we have 8 tenants and each tenant costs us ~$1,000 a month in OpenAI calls", {"monthly_api_spend_usd": 8_000}),
    # a count of things with a period is not money, whatever spend word stands near it
    ("invoice processing, ~8k invoices a day at 900 tokens each",
     {"monthly_api_spend_usd": None, "tokens_per_day": 8000 * 900}),
    ("our billing team handles 3k disputes a week, 2k tokens per dispute", {"monthly_api_spend_usd": None}),
]



FIELDS = [
    # a token total over the period its label names
    ("usage export: prompt_tokens_7d=84,000,000 completion_tokens_7d=21,000,000",
     {"tokens_per_day": 15e6, "output_share": 0.2}),
    ("grafana says total_tokens_24h: 9.6M, output_tokens_24h: 2.4M", {"tokens_per_day": 9.6e6, "output_share": 0.25}),
    # JSON from a script
    ('{"tokens_per_day": 18500000, "output_share": 0.22, "peak_to_avg": 3}',
     {"tokens_per_day": 18.5e6, "output_share": 0.22, "peak_to_average": 3}),
    # the period in the header above the fields
    ("Billing summary (last 14 days)\n- input tokens: 700M\n- output tokens: 140M",
     {"tokens_per_day": 60e6, "output_share": 1 / 6}),
    # people × items per person × tokens per item, as a table or as lines
    ("| metric | value |\n|---|---|\n| weekly active users | 9,000 |\n| chats / user / day | 3 |\n"
     "| tokens / chat | 2,000 |", {"tokens_per_day": 9000 * 3 * 2000}),
    ("seats: 600\nqueries/user/day: 15\ntokens/query: ~900", {"tokens_per_day": 600 * 15 * 900}),
    ("requests/day: 120k; tokens/request: 1.5k; output %: 25", {"tokens_per_day": 180e6, "output_share": 0.25}),
    # spend over the period its label names
    ("window: 30d | spend_30d: $4,500 | tokens_30d: 900M",
     {"monthly_api_spend_usd": 4500 / 30 * 30.4375, "tokens_per_day": 30e6}),
    # one labelled figure is left to the sentence reader
    ("Volume: about 5M tokens a day.", {"tokens_per_day": 5e6}),
]



OUTPUT_SHARES = [
    # a split after a label naming both sides, in the label's order
    ("- in/out: 85/15\n- volume: 30M tok/day", {"output_share": 0.15, "tokens_per_day": 30e6}),
    ("token split input/output = 70/30", {"output_share": 0.3}),
    ("out/in: 20/80", {"output_share": 0.2}),
    # a fraction with no verb before it
    ("about 90M tokens a day, output roughly a fifth", {"output_share": 0.2}),
    ("12M tokens daily, completions maybe a quarter", {"output_share": 0.25}),
    ("answers about a third of the tokens", {"output_share": 1 / 3}),
    # input and output daily volumes are summed, whatever the order of unit and period
    ("we push ~70M input and 10M output daily", {"tokens_per_day": 80e6, "output_share": 0.125}),
    ("roughly 5M prompt tokens and 1M output per day", {"tokens_per_day": 6e6, "output_share": 1 / 6}),
    # a per-token price's denominator is not a part of a request
    ("gpt-4.1 is $2 per 1M input tokens and $8 per 1M output; we do 40M tokens a day",
     {"output_share": None, "tokens_per_day": 40e6}),
]



NOT_TODAYS = [
    # a volume in the conditional is used only when no other volume is said
    ("if we rolled it out to all 20,000 staff it'd be maybe 200M tokens a day; right now the pilot group does about "
     "5M", {"tokens_per_day": 5e6}),
    ("We're at 100M tokens/day now; if usage doubles next year we'd be at 200M.", {"tokens_per_day": 100e6}),
    ("Opening it to every store, we'd probably hit 40M tokens a day. Today: roughly 3M tokens a day.",
     {"tokens_per_day": 3e6}),
    ("with all 12 hospitals on board it would be 90M tokens a day", {"tokens_per_day": 90e6}),
    # somebody else's volume is not the team's
    ("My friend's company burns 100M tokens a day on this; we're much smaller, around 5M.", {"tokens_per_day": 5e6}),
    ("A competitor reportedly pushes 2B tokens a day. We do about 30M tokens daily.", {"tokens_per_day": 30e6}),
    ("another team at our parent company runs 60M tokens a day; ours is more like 8M tokens a day",
     {"tokens_per_day": 8e6}),
]



CORRECTED_COUNTS = [
    # a count said again after a correction word replaces the one of the same kind, wherever it stands
    ("300 agents × 20 tickets/day × 2k tokens. oops, 30 agents, it's one team", {"tokens_per_day": 30 * 20 * 2000}),
    ("40 rps?? sorry, 40 requests per minute. 800 tokens per request", {"tokens_per_day": 40 * 1440 * 800}),
    ("I said 5,000 nurses before, it's 500. each asks ~8 questions of 600 tokens a day",
     {"tokens_per_day": 500 * 8 * 600}),
    # a corrected figure with a period of its own keeps the unit of the one it corrects
    ("We get 12k claims a month — no wait, 12k a week — at ~2k tokens each", {"tokens_per_day": 12_000 / 7 * 2000}),
    # 'in my last message' is not an input side
    ("the 2M in my last message was per day, not per hour", {"tokens_per_day": 2e6}),
    # a count of items 'of' a size: the period after the size is the items'
    ("each agent does ~40 calls of 1.5k tokens a day, 25 agents", {"tokens_per_day": 25 * 40 * 1500}),
]



OTHER_LANGUAGES = [
    # a decimal comma before a scale word, in any language's scale words
    ("Przetwarzamy około 2,5 mln tokenów dziennie.", {"tokens_per_day": 2.5e6}),
    ("Processamos 3,4 milhões de tokens por dia.", {"tokens_per_day": 3.4e6}),
    ("Wir verarbeiten 1,5 Mrd. Tokens pro Monat.", {"tokens_per_day": 1.5e9 / 30.4375}),
    # East Asian myriads, and 'per day' said before the figure
    ("毎日 500万トークン を処理しています。", {"tokens_per_day": 5e6}),
    ("每天大约 3000万 tokens。我们有 8块 H100。", {"tokens_per_day": 30e6, "hardware_count": 8}),
    ("하루 2억 토큰 정도 사용합니다.", {"tokens_per_day": 2e8}),
    # a counter after a particle
    ("L40S を 6枚 持っています。", {"hardware_count": 6}),
    # a per-stream floor in other languages is not a volume
    ("Jeder Nutzer braucht mind. 25 Tokens/s.", {"min_tokens_per_s": 25, "tokens_per_day": None}),
    ("Cada usuario necesita al menos 20 tokens/s.", {"min_tokens_per_s": 20, "tokens_per_day": None}),
    # seconds and averages in other languages
    ("Pico de 80 solicitudes/seg, promedio 20 solicitudes/seg.", {"peak_to_average": 4}),
    ("Spitze 600 Anfragen/Sekunde, Durchschnitt 200 Anfragen/Sekunde.", {"peak_to_average": 3}),
]



SIMPLE_COUNTS = [
    # 'N out of M' in words or digits
    ("Nine out of ten calls are 'is this spam y/n', the rest are summaries.", {"simple_share": 0.9}),
    ("Four in five tickets are simple password resets.", {"simple_share": 0.8}),
    ("three out of four questions are FAQ lookups", {"simple_share": 0.75}),
    ("only one in ten requests needs the big model, the rest is routing", {"simple_share": 0.9}),
    ("Seven out of 10 prompts are yes/no classification", {"simple_share": 0.7}),
]



HOSTS = [
    # hosts counted, the device of each named in brackets after them
    ("Bought three Framework Desktops (Ryzen AI Max+ 395, 128GB) for the lab last month.", {"hardware_count": 3}),
    ("we have 5 Mac Studios (M3 Ultra, 512GB) in the office", {"hardware_count": 5}),
    ("Our 12 field laptops (RTX 4080 each) run the model offline.", {"hardware_count": 12}),
    ("We own 2 gaming rigs (RTX 4090) for experiments", {"hardware_count": 2}),
    ("3 GPUs (A10G) in the rack", {"hardware_count": 3}),
]



DAILY_PEOPLE = [
    # a period as an adjective of the people counted ('daily players', 'DAU') makes them a population
    ("roughly 3 million daily listeners; each one asks about 2 questions a day at ~500 tokens per question",
     {"tokens_per_day": 3e6 * 2 * 500}),
    ("~1.5M daily riders but only ~4% open the help bot, ~3 messages each, ~400 tokens per message",
     {"tokens_per_day": 1.5e6 * 0.04 * 3 * 400}),
    ("• ~2M DAU\n• avg 4 hints per user per day\n• ~250 tokens per hint", {"tokens_per_day": 2e6 * 4 * 250}),
    # ... and a count of daily items is items, not tokens
    ("We see 5M daily requests at about 300 tokens each", {"tokens_per_day": 5e6 * 300}),
]



WHAT_IT_WAS = [
    # the figure it changed from is not today's
    ("Spending about £3,500 a month on OpenAI (up from £900 in the spring)", {"monthly_api_spend_usd": 3500}),
    ("API bill is $12k/month now, down from $20k after we switched to mini", {"monthly_api_spend_usd": 12_000}),
    ("we spend $4k a month, up from $1.5k last year", {"monthly_api_spend_usd": 4000}),
    ("Now at 30M tokens a day, up from 8M in January", {"tokens_per_day": 30e6}),
    ("usage is 50M tokens/day (down from 80M before caching)", {"tokens_per_day": 50e6}),
]

SIZED_BARE_COUNTS = [
    # a bare count per period with the size of one of them right after: the count is of items, not tokens
    ("~40k/day, ~1k tokens each", {"tokens_per_day": 40_000 * 1000}),
    ("roughly 400k a day at ~2k tokens apiece", {"tokens_per_day": 400_000 * 2000}),
    ("12k/week @ 800 tok per call", {"tokens_per_day": 12_000 / 7 * 800}),
    ("volume: 25k/day (around 1.5k tokens each), all internal", {"tokens_per_day": 25_000 * 1500}),
    # without a size after it, a large bare count per day stays a token volume
    ("we do ~5M/day, 20% of it output", {"tokens_per_day": 5e6, "output_share": 0.2}),
]


CASES = [*POPULATIONS, *SIZED_BARE_COUNTS, *SHARES_OF_PEOPLE, *PEAK_MULTIPLES, *SPEND, *FIELDS, *OUTPUT_SHARES,
         *NOT_TODAYS, *CORRECTED_COUNTS, *OTHER_LANGUAGES, *SIMPLE_COUNTS, *HOSTS, *DAILY_PEOPLE, *WHAT_IT_WAS]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_mechanisms(text: str, expected: dict[str, object]) -> None:
    check(text, expected)
