"""How old the data behind an answer is: the age of the API prices and the hardware catalog, and what to do
when either is older than 90 days. Pure: the caller passes today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

STALE_AFTER_DAYS = 90
REFRESH_HINT = "run `selfhost-bot prices refresh`"
HINTS = {
    "prices": REFRESH_HINT,
    "hardware": "upgrade selfhost-advisor for a newer hardware catalog (knowledge/hardware.yaml)",
}


class DataAge(BaseModel):
    """Part of every Recommendation (``data_age`` in JSON)."""

    model_config = ConfigDict(extra="forbid")

    prices_as_of: dt.date
    prices_age_days: int
    hardware_as_of: dt.date
    hardware_age_days: int
    stale: list[str]  # "prices" / "hardware": older than STALE_AFTER_DAYS
    advice: str | None  # how to refresh what is stale


def _date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def age_days(as_of: dt.date | str, today: dt.date) -> int:
    return max((today - _date(as_of)).days, 0)


def staleness(as_of: dt.date | str, today: dt.date, what: str, hint: str) -> str:
    """'28 days old' or '120 days old: older than 90 days, run …'."""
    days = age_days(as_of, today)
    if days > STALE_AFTER_DAYS:
        return f"{days} days old: {what} older than {STALE_AFTER_DAYS} days, {hint}"
    return f"{days} days old"


def data_age(as_of: Mapping[str, dt.date | str], today: dt.date) -> DataAge:
    prices, hardware = _date(as_of["prices"]), _date(as_of["hardware"])
    ages = {"prices": age_days(prices, today), "hardware": age_days(hardware, today)}
    stale = [part for part, days in ages.items() if days > STALE_AFTER_DAYS]
    return DataAge(prices_as_of=prices, prices_age_days=ages["prices"], hardware_as_of=hardware,
                   hardware_age_days=ages["hardware"], stale=stale,
                   advice="; ".join(HINTS[p] for p in stale) or None)


def age_line(age: DataAge) -> str:
    """One line for any renderer: 'Prices checked 2026-11-04 (28 days ago) · hardware catalog 2026-12-01 (1 day
    ago)', with a warning and the fix when either is older than 90 days."""
    def part(label: str, day: dt.date, days: int) -> str:
        return f"{label} {day} ({days} day{'s' if days != 1 else ''} ago)"

    line = (f"{part('Prices checked', age.prices_as_of, age.prices_age_days)} · "
            f"{part('hardware catalog', age.hardware_as_of, age.hardware_age_days)}")
    if age.stale:
        line += f" ⚠ {' and '.join(age.stale)} older than {STALE_AFTER_DAYS} days: {age.advice}"
    return line
