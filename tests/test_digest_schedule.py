"""Due / not due across time zones and DST changes; one scheduled instant per week; period keys."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.digest.schedule import current_period, latest_due, next_run, parse_weekday, period_range

UTC = dt.UTC


def at(tz: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def test_monday_nine_in_berlin_is_due_from_nine_berlin_time_not_before():
    sub = (0, "09:00", "Europe/Berlin")
    assert latest_due(*sub, at("Europe/Berlin", 2025, 1, 13, 8, 59)).period == "2025-W02"  # last week's
    assert latest_due(*sub, at("Europe/Berlin", 2025, 1, 13, 8, 59), since=at("UTC", 2025, 1, 10)) is None
    due = latest_due(*sub, at("Europe/Berlin", 2025, 1, 13, 9, 0))
    assert due.period == "2025-W03" and due.scheduled_at == dt.datetime(2025, 1, 13, 8, 0, tzinfo=UTC)


def test_same_utc_instant_is_due_in_one_zone_and_not_in_another():
    now = dt.datetime(2025, 1, 13, 10, 0, tzinfo=UTC)  # Monday 11:00 Berlin, 05:00 New York, 19:00 Tokyo
    since = dt.datetime(2025, 1, 12, tzinfo=UTC)
    assert latest_due(0, "09:00", "Europe/Berlin", now, since).period == "2025-W03"
    assert latest_due(0, "09:00", "America/New_York", now, since) is None
    assert latest_due(0, "09:00", "Asia/Tokyo", now, since).period == "2025-W03"


def test_week_key_follows_the_local_calendar_across_the_date_line():
    # Sunday 23:30 in Auckland is still Sunday 10:30 UTC: the period is that local week
    due = latest_due(6, "23:30", "Pacific/Auckland", at("Pacific/Auckland", 2025, 1, 19, 23, 45))
    assert due.period == "2025-W03"
    assert due.scheduled_at == at("Pacific/Auckland", 2025, 1, 19, 23, 30)


def test_spring_forward_gap_fires_once_after_the_jump():
    # Europe/Berlin skips 02:00–03:00 on Sunday 30 March 2025
    sub = (6, "02:30", "Europe/Berlin")
    due = latest_due(*sub, dt.datetime(2025, 3, 30, 2, 0, tzinfo=UTC))
    assert due.period == "2025-W13"
    assert due.scheduled_at == dt.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert latest_due(*sub, dt.datetime(2025, 3, 30, 1, 29, tzinfo=UTC)).period == "2025-W12"


def test_fall_back_repeated_hour_fires_on_the_first_occurrence_only():
    # New York repeats 01:00–02:00 on Sunday 2 November 2025
    sub = (6, "01:30", "America/New_York")
    first = dt.datetime(2025, 11, 2, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert latest_due(*sub, first).scheduled_at == first
    second = first + dt.timedelta(hours=1)  # 01:30 EST: same period, already due, no second instant
    assert latest_due(*sub, second).scheduled_at == first
    assert next_run(*sub, first) == dt.datetime(2025, 11, 9, 6, 30, tzinfo=UTC)


def test_the_hour_moves_in_utc_but_not_in_local_time_across_dst():
    winter = latest_due(0, "09:00", "Europe/London", dt.datetime(2025, 3, 24, 12, tzinfo=UTC))
    summer = latest_due(0, "09:00", "Europe/London", dt.datetime(2025, 3, 31, 12, tzinfo=UTC))
    assert winter.scheduled_at.hour == 9 and summer.scheduled_at.hour == 8
    assert winter.period == "2025-W13" and summer.period == "2025-W14"


def test_weekday_words():
    assert parse_weekday("Mon") == 0 and parse_weekday("friday") == 4 and parse_weekday("su") is None
    assert parse_weekday("t") is None and parse_weekday("tue") == 1 and parse_weekday("xyz") is None


def test_period_range_and_current_period():
    assert period_range("2025-W01") == (dt.date(2024, 12, 30), dt.date(2025, 1, 5))
    assert current_period("Asia/Tokyo", dt.datetime(2025, 1, 5, 16, tzinfo=UTC)) == "2025-W02"


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Auckland",
         "America/Sao_Paulo", "Europe/London"]


@given(
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 1, 1)),
    st.integers(0, 6), st.integers(0, 23), st.sampled_from([0, 15, 30, 59]), st.sampled_from(ZONES),
)
def test_one_instant_per_week_and_next_run_follows_latest_due(naive, weekday, hour, minute, tz):
    now = naive.replace(tzinfo=UTC)
    hhmm = f"{hour:02d}:{minute:02d}"
    due = latest_due(weekday, hhmm, tz, now)
    nxt = next_run(weekday, hhmm, tz, now)
    assert due is not None and due.scheduled_at <= now < nxt
    assert dt.timedelta(days=6) < nxt - due.scheduled_at < dt.timedelta(days=8)  # weekly, ±1h DST
    assert latest_due(weekday, hhmm, tz, nxt).period != due.period  # the next instant opens a new period
    assert latest_due(weekday, hhmm, tz, nxt - dt.timedelta(microseconds=1)).period == due.period
