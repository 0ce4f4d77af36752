"""One days-per-period answer for every reader (bot.core.parse_periods): a period word or abbreviation, and a row's
date or period label. A day-dated row is a day whoever reads it; a month-dated one a month."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.parse_periods import PERIOD_DAYS, label_days, period_kind, unit_days
from bot.core.units import DAYS_PER_MONTH, DAYS_PER_YEAR
from tests.parse_support import facts

DAY, WEEK, MONTH, QUARTER, HALF, YEAR = 1.0, 7.0, DAYS_PER_MONTH, DAYS_PER_YEAR / 4, DAYS_PER_YEAR / 2, DAYS_PER_YEAR


@pytest.mark.parametrize(("word", "days"), [
    ("week", WEEK), ("wk", WEEK), ("Weekly", WEEK), ("weeks", WEEK), ("mo", MONTH), ("months", MONTH),
    ("monthly", MONTH), ("fortnightly", 14.0), ("bi-weekly", 14.0), ("quarterly", QUARTER), ("qtr", QUARTER),
    ("annual", YEAR), ("annum", YEAR), ("yr", YEAR), ("H1", HALF), ("semi-annual", HALF),
    ("daily", DAY), ("nightly", DAY), ("hours", 1 / 24),
])
def test_unit_days(word: str, days: float) -> None:
    assert unit_days(word) == pytest.approx(days)


@pytest.mark.parametrize("word", ["apple", "per", "", "minutes", "shift"])
def test_not_a_period_word(word: str) -> None:
    assert unit_days(word) is None and period_kind(word) is None


@pytest.mark.parametrize(("cell", "days"), [
    # a dated day, however written
    ("2026-10-14", DAY), ("2026/10/14", DAY), ("14/10/2026", DAY), ("10/14", DAY), ("14.10.2026", DAY),
    ("Oct 14", DAY), ("Oct 14th, 2026", DAY), ("14 October 2026", DAY), ("Tue", DAY), ("Monday", DAY),
    ("Tue 14/10", DAY), ("Wed, Oct 15", DAY), ("today", DAY), ("Day 3", DAY),
    # weeks
    ("2026-W46", WEEK), ("W46", WEEK), ("week 3", WEEK), ("Wk 12", WEEK), ("week of Oct 12", WEEK),
    # months
    ("2026-10", MONTH), ("10/2026", MONTH), ("Oct", MONTH), ("October 2026", MONTH), ("Oct '26", MONTH),
    ("Oct-26", MONTH), ("Sept", MONTH), ("**Nov**", MONTH),
    # quarters, halves, years
    ("Q3", QUARTER), ("Q3 2026", QUARTER), ("2026-Q1", QUARTER), ("Q4'25", QUARTER), ("H1", HALF),
    ("H2 2026", HALF), ("FY25", YEAR), ("FY 2026", YEAR), ("2025", YEAR),
])
def test_label_days(cell: str, days: float) -> None:
    assert label_days(cell) == pytest.approx(days)


@pytest.mark.parametrize("cell", ["OpenAI", "12000", "1.5", "$4,950", "Q5", "W99x", "Maybe", "2026-10-14 extra",
                                  "Octopus", "2,450"])
def test_not_a_label(cell: str) -> None:
    assert label_days(cell) is None


@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 28))
def test_any_iso_date_is_a_day_and_its_month_a_month(y: int, m: int, d: int) -> None:
    assert label_days(f"{y}-{m:02d}-{d:02d}") == DAY
    assert label_days(f"{y}-{m:02d}") == pytest.approx(MONTH)


@given(st.sampled_from(["Jan", "February", "Mar", "April", "May", "Jun", "July", "Aug", "Sep", "October", "Nov",
                        "December"]), st.integers(1, 31), st.integers(2000, 2099))
def test_a_month_with_a_day_is_a_day_with_a_year_a_month(month: str, day: int, year: int) -> None:
    assert label_days(f"{month} {day}") == DAY
    assert label_days(f"{day} {month} {year}") == DAY
    assert label_days(f"{month} {year}") == pytest.approx(MONTH)


def test_the_kinds_are_ordered_by_length() -> None:
    order = ["hour", "day", "week", "fortnight", "month", "quarter", "half", "year"]
    assert [PERIOD_DAYS[k] for k in order] == sorted(PERIOD_DAYS.values())


@pytest.mark.parametrize(("text", "per_day"), [
    # a token table whose rows are dated by day, however the date is written: the average day
    ("| date | tokens |\n|---|---|\n| Oct 14 | 300M |\n| Oct 15 | 500M |", 400e6),
    ("day,total_tokens\n14/10/2026,90M\n15/10/2026,110M", 100e6),
    ("day\ttokens\nMon\t20M\nTue\t40M", 30e6),
    # rows dated by month are months
    ("month,tokens\nOct 2026,3.0B\nNov 2026,3.2B", 3.1e9 / DAYS_PER_MONTH),
])
def test_a_table_reads_its_dated_rows_with_the_same_grammar(text: str, per_day: float) -> None:
    assert facts(text)["tokens_per_day"] == pytest.approx(per_day, rel=1e-3)
