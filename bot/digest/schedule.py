"""When a channel's digest is due: pure functions of a subscription and an injected ``now``.

A subscription names a weekday, a local time and an IANA zone. Each ISO week (of the local calendar) has
one scheduled instant; its period key is that week (``2025-W03``). A digest is due when the latest
scheduled instant at or before ``now`` exists, is not before the subscription was made, and its period
has not been sent. Local times are resolved with zoneinfo: a time skipped by a DST jump fires at the
same wall-clock distance after the jump (02:30 on a spring-forward night → 03:30), a repeated time fires
on its first occurrence; either way exactly one instant per week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Due:
    period: str  # ISO week of the scheduled local date, e.g. "2025-W03"
    scheduled_at: dt.datetime  # aware, UTC


def parse_weekday(text: str) -> int | None:
    """"mon", "Monday", "tue" … → 0..6; None when it is not a weekday."""
    word = text.strip().lower()
    if len(word) < 3:
        return None
    found = [i for i, name in enumerate(WEEKDAYS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def period_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_range(period: str) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of a period key."""
    year, week = period.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(week), 1)
    return monday, monday + dt.timedelta(days=6)


def local_instant(day: dt.date, hhmm: str, tz: str) -> dt.datetime:
    """The UTC instant of a local date and HH:MM in ``tz`` (DST gaps and folds resolved as above)."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    zone = ZoneInfo(tz)
    naive = dt.datetime.combine(day, dt.time(hour, minute))
    local = naive.replace(tzinfo=zone, fold=0)
    return local.astimezone(dt.UTC)


def scheduled_in_week(monday: dt.date, weekday: int, hhmm: str, tz: str) -> dt.datetime:
    return local_instant(monday + dt.timedelta(days=weekday), hhmm, tz)


def latest_due(weekday: int, hhmm: str, tz: str, now: dt.datetime, since: dt.datetime | None = None) -> Due | None:
    """The latest scheduled instant ≤ ``now`` (and ≥ ``since``, when the subscription was made)."""
    local_today = now.astimezone(ZoneInfo(tz)).date()
    monday = local_today - dt.timedelta(days=local_today.weekday())
    for back in (0, 1):
        week = monday - dt.timedelta(weeks=back)
        at = scheduled_in_week(week, weekday, hhmm, tz)
        if at <= now:
            if since is not None and at < since:
                return None
            return Due(period_of(week + dt.timedelta(days=weekday)), at)
    return None


def next_run(weekday: int, hhmm: str, tz: str, now: dt.datetime) -> dt.datetime:
    """The first scheduled instant after ``now``."""
    local_today = now.astimezone(ZoneInfo(tz)).date()
    monday = local_today - dt.timedelta(days=local_today.weekday())
    for ahead in (0, 1, 2):
        at = scheduled_in_week(monday + dt.timedelta(weeks=ahead), weekday, hhmm, tz)
        if at > now:
            return at
    raise AssertionError("unreachable: a weekly schedule fires within two weeks")


def current_period(tz: str, now: dt.datetime) -> str:
    """The period key of ``now`` in the subscriber's calendar (for previews)."""
    return period_of(now.astimezone(ZoneInfo(tz)).date())
