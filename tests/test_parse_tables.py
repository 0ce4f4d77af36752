"""Daily volume from structured and total inputs (bot/core/parse_tables.py): pasted tables whose rows are periods
(averaged) or workloads (summed), token totals over a stated window, lists of totals under a header with a window,
and day-by-day series. Phrasings of my own from other industries, layouts and windows, plus properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import parse_tables as tables
from bot.core.parse import extract
from bot.core.parse_normalise import normalise
from bot.core.parse_numbers import Scan, quantities
from bot.core.parse_tables import window_days
from bot.core.units import DAYS_PER_MONTH, DAYS_PER_YEAR

WEEK, QUARTER = 7.0, DAYS_PER_YEAR / 4


def _volume(text: str) -> float | None:
    fact = extract(text).facts.get("tokens_per_day")
    return None if fact is None else float(fact.value)


def _share(text: str) -> float | None:
    fact = extract(text).facts.get("output_share")
    return None if fact is None else float(fact.value)


TABLES = [
    # rows are periods: the average day
    ("day\tprompt_tokens\tcompletion_tokens\nMon\t40M\t10M\nTue\t44M\t11M", 52.5e6),
    ("month;total_tokens\n2026-09;2.1B\n2026-10;2.4B", 4.5e9 / (2 * DAYS_PER_MONTH)),
    ("week,tokens\nW10,700M\nW11,770M", 1.47e9 / 14),
    ("Weekly usage export:\nweek,input_tokens,output_tokens\n2026-W10,1_200_000_000,300_000_000\n"
     "2026-W11,1_400_000_000,300_000_000", 3.2e9 / 14),
    ("date,calls,tokens_in,tokens_out\n2026-03-02,9100,7280000,1820000\n2026-03-03,8900,7120000,1780000", 9e6),
    # rows are workloads: their daily volumes add up
    ("| product | tokens/month |\n|---|---|\n| search | 1.2B |\n| chat | 600M |", 1.8e9 / DAYS_PER_MONTH),
    ("pipeline,requests per hour,tokens per request\nocr,1200,800\nqa,300,2500", (960e3 + 750e3) * 24),
    ("| dept | seats | prompts/seat/day | tok/prompt |\n| sales | 40 | 20 | 900 |\n| ops | 10 | 50 | 1,200 |",
     40 * 20 * 900 + 10 * 50 * 1200),
    ("team,tokens_per_day\nalpha,10M\nbeta,5M\ntotal,15M", 15e6),
    ("From the gateway (CSV):\nroute,requests_per_day,avg_tokens\nrefunds,3000,1500\nfaq,20000,300 mostly haiku",
     3000 * 1500 + 20000 * 300),
]


@pytest.mark.parametrize(("text", "expected"), TABLES)
def test_tables_rows_are_averaged_or_summed(text: str, expected: float) -> None:
    assert _volume(text) == pytest.approx(expected, rel=0.02)


def test_table_columns_give_the_output_share() -> None:
    assert _share("day\tprompt_tokens\tcompletion_tokens\nMon\t40M\t10M\nTue\t44M\t11M") == pytest.approx(0.2)
    assert _share("week,input tokens,output tokens\nW1,900M,100M\nW2,700M,300M") == pytest.approx(0.2)


TOTALS = [
    ("Per the OpenAI usage page, the last 30 days came to 3.6B tokens.", 3.6e9 / 30),
    ("Datadog, trailing 14d: llm.total_tokens 700M", 50e6),
    ("In October we burned through 1.2 billion tokens.", 1.2e9 / DAYS_PER_MONTH),
    ("H2 total: 9B tokens", 9e9 / (DAYS_PER_YEAR / 2)),
    ("FY2025 LLM usage: 20B tokens (in 17B / out 3B)", 20e9 / DAYS_PER_YEAR),
    ("Hospital network, usage report for September: 900M tokens across the three clinical apps.",
     900e6 / DAYS_PER_MONTH),
    ("we logged 36 billion tokens over the past 12 months", 36e9 / DAYS_PER_YEAR),
    ("Usage last week: 140M input tokens and 35M output tokens", 175e6 / WEEK),
    ("Finance note: ~2.2B tokens in Q1 (Jan-Mar), all on the claims bot.", 2.2e9 / QUARTER),
    ("Prometheus (7d): sum(llm_tokens_total) = 3.5e9, requests = 2.1M", 500e6),
    # lists of totals under a header with a window
    ("Token usage by app last quarter:\n- helpdesk 2.0B\n- search 1.0B", 3e9 / QUARTER),
    ("Two products, monthly: the tutor 400M tokens, the grader around 200M.", 600e6 / DAYS_PER_MONTH),
    ("Weekly token counts per region:\neu 70M\nus 140M", 210e6 / WEEK),
    # totals each with its own period are periods, averaged, not parts added up
    ("Usage recap:\n- Sep tokens: 5.1B\n- Oct tokens: 5.9B", 5.5e9 / DAYS_PER_MONTH),
    ("Gateway totals:\nQ1 9.0B tokens\nQ2 11.0B tokens", 10e9 / QUARTER),
]


@pytest.mark.parametrize(("text", "expected"), TOTALS)
def test_a_total_over_a_window_is_divided_by_its_days(text: str, expected: float) -> None:
    assert _volume(text) == pytest.approx(expected, rel=0.02)


def test_a_total_with_its_sides_gives_the_output_share() -> None:
    assert _share("FY2025 LLM usage: 20B tokens (in 17B / out 3B)") == pytest.approx(0.15)
    assert _share("Usage last week: 140M input tokens and 35M output tokens") == pytest.approx(0.2)


@pytest.mark.parametrize("text", [
    "We peaked at 400M tokens on Black Friday, normal days unknown.",
    "Worst hour last month was 6M tokens.",
    "Launch day we peaked at 3.2B tokens in 24h.",
    "Last week we handled 2.4M API calls, no idea about tokens.",
])
def test_peaks_and_counts_of_other_things_are_not_totals(text: str) -> None:
    assert _volume(text) is None


@pytest.mark.parametrize("text", [
    "Our target for Q3 is 9B tokens; today we have no usage data.",
    "Budget for FY27: 40B tokens. No usage data yet.",
    "The plan is 9B tokens over the next 12 months.",
    "Year one goal: 12 billion tokens in 2027.",
    "The context window is 1M tokens, last month we moved to it.",
])
def test_targets_budgets_and_limits_are_not_totals_read_here(text: str) -> None:
    """What the totals reader refuses (the sentence reader has its own rules for these)."""
    norm = normalise(text)
    scan = Scan()
    tables.read(norm, quantities(norm.text, []), scan)
    assert not [f for f in scan.found if f.field == "tokens_per_day"]


SERIES = [
    ("Daily tokens this week: 12M, 15M, 11M, 14M, 13M, 5M, 4M", 74e6 / 7),
    ("tokens per day Mon-Fri were 80M, 82M, 78M, 85M, 75M and weekends about 20M each", 440e6 / 7),
    ("Daily token counts: 1.2B, 1.1B and 1.3B", 1.2e9),
    ("our token graph by day: 310M, 295M, 330M, 305M, 320M for Mon-Fri; weekends ~40M each", 1.64e9 / 7),
    ("Per day (tokens), Monday to Friday: 9M, 11M, 10M, 12M, 8M; weekends 3M each", 56e6 / 7),
]


@pytest.mark.parametrize(("text", "expected"), SERIES)
def test_a_series_of_daily_figures_is_averaged(text: str, expected: float) -> None:
    assert _volume(text) == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize(("phrase", "days"), [
    ("last 7d", 7), ("(30d)", 30), ("over the past 12 months", DAYS_PER_YEAR), ("Q3", QUARTER),
    ("H1", DAYS_PER_YEAR / 2), ("FY26", DAYS_PER_YEAR), ("Oct", DAYS_PER_MONTH), ("Apr–Jun", 3 * DAYS_PER_MONTH),
    ("every quarter", QUARTER), ("last fortnight", 14), ("spread over 3 months", 3 * DAYS_PER_MONTH),
    ("monthly", DAYS_PER_MONTH), ("on Dec 1", 1), ("30-day window", 30),
])
def test_window_grammar(phrase: str, days: float) -> None:
    got = window_days(phrase, 0, len(phrase))
    assert got is not None and got[0] == pytest.approx(days, rel=1e-3)


def test_may_the_modal_is_no_window() -> None:
    assert window_days("we may need more", 0, 16) is None


# --- properties ---------------------------------------------------------------------------------------------

PERIODS = [("date", "2026-05-{:02d}", 1.0), ("week", "2026-W{:02d}", WEEK), ("month", "2026-{:02d}", DAYS_PER_MONTH)]
LAYOUTS = [",", ";", "\t", "|"]


def _render(rows: list[list[str]], sep: str) -> str:
    if sep == "|":
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])
    return "\n".join(sep.join(r) for r in rows)


@settings(max_examples=60, deadline=None)
@given(period=st.sampled_from(PERIODS), sep=st.sampled_from(LAYOUTS),
       values=st.lists(st.tuples(st.integers(1, 900), st.integers(1, 300)), min_size=1, max_size=6),
       scale=st.sampled_from([("M", 1e6), ("B", 1e9)]), lead=st.sampled_from(["", "Usage export:\n", "fyi\n"]))
def test_property_period_rows_average_in_plus_out(period: tuple[str, str, float], sep: str,
                                                  values: list[tuple[int, int]], scale: tuple[str, float],
                                                  lead: str) -> None:
    name, fmt, days = period
    rows = [[name, "input_tokens", "output_tokens"]]
    rows += [[fmt.format(k + 1), f"{a}{scale[0]}", f"{b}{scale[0]}"] for k, (a, b) in enumerate(values)]
    text = lead + _render(rows, sep)
    total = sum(a + b for a, b in values) * scale[1]
    expected = total / (days * len(values))
    if expected > 1e12:
        return
    assert _volume(text) == pytest.approx(expected, rel=0.02)
    assert _share(text) == pytest.approx(sum(b for _, b in values) * scale[1] / total, rel=0.02)


ITEMS = ["requests", "calls", "tickets", "queries", "docs"]
UNITS = [("day", 1.0), ("hour", 1 / 24), ("week", WEEK)]


@settings(max_examples=60, deadline=None)
@given(item=st.sampled_from(ITEMS), unit=st.sampled_from(UNITS), sep=st.sampled_from(LAYOUTS),
       rows=st.lists(st.tuples(st.sampled_from(["alpha", "beta", "gamma", "delta"]), st.integers(1, 50_000),
                               st.integers(50, 9_000)), min_size=1, max_size=5))
def test_property_workload_rows_sum_count_times_size(item: str, unit: tuple[str, float], sep: str,
                                                    rows: list[tuple[str, int, int]]) -> None:
    header = ["workload", f"{item} per {unit[0]}", f"avg tokens per {item.rstrip('s')}"]
    body = [[name, str(n), str(size)] for name, n, size in rows]
    text = _render([header, *body], sep)
    expected = sum(n * size for _, n, size in rows) / unit[1]
    assert _volume(text) == pytest.approx(expected, rel=0.02)


PER_PERSON = [
    ("Usage report: 2,700 employees averaged 310k tokens each last month.", 2700 * 310e3 / DAYS_PER_MONTH),
    ("Per user per month: ~350k tokens. Users: 2,400.", 2400 * 350e3 / DAYS_PER_MONTH),
    ("Each of our 80 lawyers burned ~2M tokens in October.", 80 * 2e6 / DAYS_PER_MONTH),
    ("We have 60 analysts; last quarter each used roughly 5M tokens.", 60 * 5e6 / QUARTER),
    ("Users: 900. Tokens per user last week: 70k", 900 * 70e3 / WEEK),
    ("1,500 seats; each seat averaged 40k tokens per week in November.", 1500 * 40e3 / WEEK),
]


@pytest.mark.parametrize(("text", "expected"), PER_PERSON)
def test_tokens_per_person_over_a_window_times_the_people(text: str, expected: float) -> None:
    assert _volume(text) == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize(("text", "expected"), [
    # the per-person figure is one item's size when items are counted: people x items x size, not people x size
    ("9k students, each submits ~3 essays a week, ~2,500 tokens per essay", 9000 * 3 * 2500 / WEEK),
    ("each agent does ~40 calls of 1.5k tokens a day, 25 agents", 25 * 40 * 1500),
])
def test_a_size_per_item_is_not_a_total_per_person(text: str, expected: float) -> None:
    assert _volume(text) == pytest.approx(expected, rel=0.02)
