"""How old the data behind an answer is: the age of the API prices, the hardware catalog and the rental rates
the answer uses, and what to do when any is older than 90 days. Pure: the caller passes today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

STALE_AFTER_DAYS = 90
REFRESH_HINT = "run `selfhost-bot prices refresh`"
HINTS = {
    "prices": REFRESH_HINT,
    "hardware": "upgrade selfhost-advisor for a newer hardware catalog (knowledge/hardware.yaml)",
    "rental rates": "run `selfhost-bot prices refresh --gpus`",
}


class RentalRate(BaseModel):
    """One rental or instance rate an answer uses, with the date of the price page or refresh it came from."""

    model_config = ConfigDict(extra="forbid")

    device: str  # the device's name ("MI300X")
    provider: str
    usd_per_hour: float  # per GPU
    as_of: dt.date
    age_days: int


class DataAge(BaseModel):
    """Part of every Recommendation (``data_age`` in JSON)."""

    model_config = ConfigDict(extra="forbid")

    prices_as_of: dt.date
    prices_age_days: int
    hardware_as_of: dt.date
    hardware_age_days: int
    stale: list[str]  # "prices" / "hardware" / "rental rates": older than STALE_AFTER_DAYS
    advice: str | None  # how to refresh what is stale
    rental_rates: list[RentalRate] = []  # the rates behind the plan and the cheapest rented option, if any rent


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


def data_age(as_of: Mapping[str, dt.date | str], today: dt.date,
             rentals: Iterable[tuple[str, str, float, dt.date | str]] = ()) -> DataAge:
    """``rentals``: (device name, provider, $ per GPU-hour, as_of) of each rate the answer uses (repeats dropped)."""
    prices, hardware = _date(as_of["prices"]), _date(as_of["hardware"])
    used: list[RentalRate] = []
    for device, provider, usd, day in rentals:
        rate = RentalRate(device=device, provider=provider, usd_per_hour=round(usd, 4), as_of=_date(day),
                          age_days=age_days(day, today))
        if rate not in used:
            used.append(rate)
    ages = {"prices": age_days(prices, today), "hardware": age_days(hardware, today),
            "rental rates": max((r.age_days for r in used), default=0)}
    stale = [part for part, days in ages.items() if days > STALE_AFTER_DAYS]
    return DataAge(prices_as_of=prices, prices_age_days=ages["prices"], hardware_as_of=hardware,
                   hardware_age_days=ages["hardware"], stale=stale,
                   advice="; ".join(HINTS[p] for p in stale) or None, rental_rates=used)


def age_line(age: DataAge) -> str:
    """One line for any renderer: 'Prices checked 2026-11-04 (28 days ago) · hardware catalog 2026-12-01 (1 day
    ago) · rental rate RunPod MI300X 2025-08-01 (489 days ago)', with a warning and the fix when any is older
    than 90 days."""
    def part(label: str, day: dt.date, days: int) -> str:
        return f"{label} {day} ({days} day{'s' if days != 1 else ''} ago)"

    line = (f"{part('Prices checked', age.prices_as_of, age.prices_age_days)} · "
            f"{part('hardware catalog', age.hardware_as_of, age.hardware_age_days)}")
    for r in age.rental_rates:
        line += f" · {part(f'rental rate {r.provider} {r.device}', r.as_of, r.age_days)}"
    if age.stale:
        line += f" ⚠ {' and '.join(age.stale)} older than {STALE_AFTER_DAYS} days: {age.advice}"
    return line
