"""API spend as teams state it (issue #17, night round): the classes of phrasing the reader must read, each with
examples written for this test in several industries, orders, styles and units - never a tuning message's words.

- parts of one bill: amounts paid to different payees in one sentence are summed ('OpenAI $12k and Anthropic
  another $3k', '$20k/mo (OpenAI) + $5k/mo (Anthropic)', '$3k on chat and $1k on embeddings');
- rows of an export or a table (bullets, CSV, TSV, pipes, ', '-separated lists): the sum, in the header's period,
  or the row called the total;
- the period of an amount in one grammar ('for the quarter', 'annual commitment', 'per annum', 'FY25');
- a change of one figure ('from $5k to $20k', '10k/mo -> 25k/mo', 'dropped to $8k (from $15k)'): the new one, and
  a bare number chained to an amount of money is money;
- an amount for each of something counted ('$45/user/month ... 120 users', '85 engineers x $39/month'); a per-seat
  price with nothing counted is a price;
- what is not paid today: a ceiling while nothing is used yet, a what-if in the conditional or an estimate, a
  condition after the amount, the price of a device; a budget next to an actual figure loses to it;
- a window said once ('(30d)', then 'spend for the same window'); a currency far from the dollar is not read;
- every period word in the shared days-per-period grammar (parse_periods): a daily or fortnightly amount before or
  after the figure, a month by its abbreviation, 'the same week' after a 7-day window; rows dated by day are days
  (their average day makes the month), a period said after a comma does not override one said before the amount.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parse_support import check, facts

S = "monthly_api_spend_usd"

PARTS = [
    ("We pay OpenAI about $12k a month and Anthropic another $3k.", 15000),
    ("Our bill is $6,000/mo to OpenAI plus $1,500/mo to Cohere.", 7500),
    ("Spend: ~$4k on GPT-4o and ~$1k on Claude per month", 5000),
    ("We're spending 9k/month on Azure OpenAI and another 2k/month on Bedrock", 11000),
    ("API costs are $20k/mo (OpenAI) + $5k/mo (Anthropic)", 25000),
    ("openai ~$3k/mo, mistral ~$500/mo, that's all our llm spend", 3500),
    ("Two providers: Anthropic at $7,200 a month and OpenAI at $2,800 a month.", 10000),
    ("our stack: gpt-4o for chat (~$9k/mo), claude haiku for tagging (~$1.2k/mo)", 10200),
    # one payee said twice, or one figure restated, is not two parts
    ("$12k/month on OpenAI, i.e. $144k a year", 12000),
    ("We spend $8k a month on OpenAI. Last month it was $9k.", 8000),
]

ROWS = [
    ("Our LLM invoices last month:\n- OpenAI: $14,210\n- Anthropic: $6,050\n- Gemini: $880", 21140),
    ("provider,usd_per_month\nopenai,12000\nanthropic,3400\nmistral,600", 16000),
    ("| vendor | monthly |\n|---|---|\n| OpenAI | $9,500 |\n| Anthropic | $2,000 |", 11500),
    ("vendor\tamount\nOpenAI\t$7,400\nAzure OpenAI\t$1,100", 8500),
    ("Costs per month\nOpenAI  $5,200\nAnthropic  $1,300", 6500),
    ("Q3 API invoices:\n• OpenAI $30,000\n• Anthropic $15,000", 15000),
    ("monthly spend: openai 8k, anthropic 2.5k, google 1k", 11500),
    ("chat: $3k/mo\nsearch: $1k/mo", 4000),
    # rows that are not money are not summed; a label that is a volume or a latency is not a payee
    ("Current setup:\n• model: Claude Sonnet 4\n• spend: ~$11k/mo\n• volume: ~1.1B tokens/mo", 11000),
]

PERIODS = [
    ("Last OpenAI invoice was $14,230.17.", 14230),
    ("We got invoiced $41k by OpenAI for the quarter.", 13667),
    ("We have a $240k annual commitment with Azure OpenAI.", 20000),
    ("Committed spend with Anthropic is $90k per quarter.", 30000),
    ("annual contract w/ openai: $600k", 50000),
    ("Our Q3 API bill came to $45k.", 15000),
    ("OpenAI spend for FY25 was $360k", 30000),
    ("We prepay $120k per annum to Google for Gemini credits", 10000),
    ("About $900 a week in Claude API fees", 3913),
]

CHANGES = [
    ("Spend was $30k/mo in the spring; now it's about $12k.", 12000),
    ("We went from $5k to $20k a month on OpenAI since launch.", 20000),
    ("API bill dropped to $8k/month (from $15k) after caching.", 8000),
    ("We used to pay $2k a month, it's $9k now.", 9000),
    ("Bill is now $18k monthly, up from $11k in January.", 18000),
    ("spend 10k/mo -> 25k/mo over the last quarter", 25000),
    ("claude costs went 4k → 7k a month after the launch", 7000),
]

COUNTED = [
    ("We pay $30 per seat per month for 200 seats of our LLM API gateway.", 6000),
    ("API access costs us $45/user/month and we have 120 users on it.", 5400),
    ("$150 per engineer per month in API tokens, 25 engineers", 3750),
    ("Our whole Gemini bill: 40 analysts x $60/month on the API plan", 2400),
    ("we pay $25/month x 300 seats for the support copilot API", 7500),
    ("LLM API bill: 1.2k agents at $12 a month", 14400),
]

SAID_ELSEWHERE = [
    ("Budget is $20k/mo but actual spend is around $13k.", 13000),
    ("we'd love to self-host, for now it's the API, roughly $6k a month", 6000),
    ("Gateway metrics (14d): 300M tokens, cost over that period $3,500", 7609),
    ("La facture mensuelle OpenAI est d'environ 4.200 euros.", 4200),
    ("Wir zahlen monatlich etwa 9.000 Dollar an Anthropic.", 9000),
    ("Usage by provider (USD):\n  anthropic: 4100\n  openai: 900", 5000),
    ("| provider | Aug | Sep |\n|---|---|---|\n| Anthropic | $3,000 | $3,500 |\n| OpenAI | $1,000 | $1,200 |", 4700),
    ("* Sep spend: Groq $2k, Together $1.5k", 3500),
    ("Yearly deal with Google: $96,000. Also pay-as-you-go OpenAI, about $700/month.", 8700),
    # several parts in the past tense are still parts; 'Azure OpenAI' is another payee than 'OpenAI'
    ("Last month OpenAI billed us $7,000, Azure OpenAI $2,000 and Mistral another $500.", 9500),
    ("Spend for the quarter was $9k (Cohere) + $3k (Groq) + $6k (Anthropic).", 6000),
    # the figure said before ('I said ...', 'from ...') gives way; a figure said now takes the earlier one's period
    ("I said $20k/month yesterday but that was with the pilot; the API alone is $14k.", 14000),
    ("Our weekly OpenAI bill was about $3k; since the cache went in it's now $1.8k.", 7827),
    # a price per thing times the things counted per period; with nothing counted it is a price
    ("We pay roughly $0.05 per claim on Claude and handle 120k claims a month.", 6000),
    ("about $2 for each contract review, 300 contract reviews a week", 2609),
    # half-years, run-rates
    ("H2 spend on the Gemini API: $60k", 10000),
    ("annualized, our Anthropic usage is about $300k", 25000),
    # rows: a count times an amount, a date or period cell
    ("Spend by line item:\n- OpenAI API: $2,000/mo\n- Copilot seats: 40 x $19/mo", 2760),
    ("month;provider;usd\n2026-09;OpenAI;5100\n2026-09;Cohere;900", 6000),
    ("period,provider,cost\nH1,Anthropic,24000\nH1,OpenAI,12000", 6000),
    # a bare amount per month that would be a few hundred tokens a day, next to the API paid for, is the bill
    ("claude haiku, roughly 2.5k a month, mostly tagging", 2500),
    ("stack: gemini flash / ~1.2k/mo / EU only", 1200),
]


PERIOD_WORDS = [
    ("Our daily Gemini API cost is about $200.", 6087.5),
    ("daily spend on Bedrock runs ~$1.1k", 33481.25),
    ("the bi-weekly Anthropic invoice comes to $2,800", 6087.5),
    ("We get billed every two weeks by Mistral, last one was $1,400.", 3043.75),
    ("Fortnightly OpenAI charges: $5k", 10870.54),
    ("Cohere spend in Sept was $3,300.", 3300),
    ("Oct API bill (OpenAI): $18.2k", 18200),
    ("Logs for the past 14 days: 80M tokens. API cost for the same fortnight: $700", 1521.88),
    ("Tokens over the last 7 days: 3B. Bill for the same week was $2,100.", 9131.25),
    ("Three-year Azure OpenAI deal: $360k a year, invoiced in Jan.", 30000),
    ("date,vendor,usd\n2026-11-02,openai,120\n2026-11-03,openai,140\n2026-11-04,openai,100", 3652.5),
    ("day;provider;cost\nMon;Anthropic;300\nTue;Anthropic;340", 9740),
    ("月額 約 $4,000 を OpenAI に払っています。", 4000),
]


@given(daily=st.integers(min_value=20, max_value=5000), days=st.integers(min_value=2, max_value=6),
       vendor=st.sampled_from(["openai", "anthropic", "cohere", "mistral"]))
@settings(max_examples=30)
def test_day_dated_rows_make_the_month_of_their_average_day(daily: int, days: int, vendor: str) -> None:
    """Rows dated by day (ISO dates) in a CSV: one day each, so the month is the average day times 30.44,
    however many days are listed."""
    body = "\n".join(f"2026-10-{d + 10:02d},{vendor},{daily}" for d in range(days))
    assert facts(f"date,provider,usd\n{body}")[S] == pytest.approx(daily * 30.4375, rel=1e-3)


@pytest.mark.parametrize(("text", "spend"), PARTS + ROWS + PERIODS + CHANGES + COUNTED + SAID_ELSEWHERE +
                         PERIOD_WORDS)
def test_spend(text: str, spend: float) -> None:
    check(text, {S: spend})


NOT_SPEND = [
    "Vendor quoted $180k for an 8x H100 server.",
    "Lambda quoted us $2.49/hr per H100.",
    "GPT-4o is $2.50 per million input tokens.",
    "If we moved everything to Claude it would cost maybe $40k a month.",
    "We raised $12M last year and have 30 engineers.",
    "Procurement approved $300k capex for GPUs.",
    "Jan: 12M tokens\nFeb: 14M tokens",
    "Our provider charges $5 per million tokens and we use about 30M a day.",
    "ChatGPT Team is $25/seat/month.",
    "Finance gave us a $50k/month budget for LLMs next year, we haven't started yet.",
    "We're allowed to spend up to $10k/month on this but haven't launched.",
    "Our cap is $20k a month for API usage; we aren't using anything yet.",
    "The consultant estimated $25k/month for the API if we scale.",
    "We'd spend north of $60k a month on Claude if we moved all the agents over.",
    "Moving to GPT-5 would cost us about $30k monthly.",
    "It's $15k a month if we turn on the long-context tier.",
    "A DGX costs around $400k.",
    "each H200 box is $280k, we might buy two",
    "Our spend is INR 900,000 a month on OpenAI.",
    "we pay MXN 50,000/month to Anthropic",
    "GPT-4o-mini comes to about $0.40 per document.",
    "Gemini 2.5 Pro costs $1.25 per million input tokens; we send 30M a day.",
    "gpt-4o-mini, 6k/mo tokens",
    "we use gemini for ~3k requests/mo",
]


@pytest.mark.parametrize("text", NOT_SPEND)
def test_not_spend(text: str) -> None:
    assert S not in facts(text)


VENDORS = ["OpenAI", "Anthropic", "Cohere", "Mistral", "Gemini", "Bedrock", "Groq", "Fireworks"]


@settings(max_examples=40)
@given(picked=st.lists(st.sampled_from(VENDORS), min_size=2, max_size=4, unique=True),
       amounts=st.lists(st.integers(min_value=2, max_value=90), min_size=4, max_size=4),
       layout=st.sampled_from(["bullets", "colon", "csv", "pipes", "inline"]),
       period=st.sampled_from([("per month", 1.0), ("last quarter", 1 / 3), ("this year", 1 / 12)]))
def test_rows_of_any_layout_are_summed(picked: list[str], amounts: list[int], layout: str,
                                       period: tuple[str, float]) -> None:
    """N payees with amounts, in any common layout, under a header giving the period: the sum in that period."""
    values = [a * 100 for a in amounts[:len(picked)]]
    head = f"API invoices {period[0]}"
    if layout == "bullets":
        body = "\n".join(f"- {v}: ${a:,}" for v, a in zip(picked, values, strict=True))
    elif layout == "colon":
        body = "\n".join(f"{v}: ${a:,}" for v, a in zip(picked, values, strict=True))
    elif layout == "csv":
        head = f"vendor,usd ({period[0]})"
        body = "\n".join(f"{v},{a}" for v, a in zip(picked, values, strict=True))
    elif layout == "pipes":
        body = "\n".join(f"| {v} | ${a:,} |" for v, a in zip(picked, values, strict=True))
    else:
        body = ", ".join(f"{v} ${a:,}" for v, a in zip(picked, values, strict=True))
    text = f"{head}:\n{body}" if layout != "inline" else f"{head}: {body}"
    check(text, {S: sum(values) * period[1]})
