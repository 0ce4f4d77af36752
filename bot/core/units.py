"""Quantities with units: "100M", "1.5B", "250k", "3e8", "$8k", and their readable forms.

Pure and total: every function either returns a finite number within bounds or raises ``UnitError``
with a sentence a user can act on. Non-ASCII digits, NaN, infinities and absurdly long numbers are refused.
"""

from __future__ import annotations

import math
import re

MAX_DIGITS = 30  # a number written with more digits than this is refused, not parsed
SUFFIX = {
    "": 1.0,
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
_NUMBER = re.compile(
    r"^\s*\$?\s*(?P<num>[0-9][0-9,_]*(?:\.[0-9]+)?|\.[0-9]+)(?:e(?P<exp>[+-]?[0-9]{1,3}))?"
    r"\s*(?P<suffix>[a-z]*)\s*$",
    re.IGNORECASE,
)


class UnitError(ValueError):
    """A quantity could not be read; the message says why."""


def parse_quantity(text: str | float | int, *, field: str = "value", max_value: float = 1e15) -> float:
    """Read "100M", "1.5B", "250k", "3e8", "1,500" or a number into a finite float in [0, max_value]."""
    if isinstance(text, bool):
        raise UnitError(f"{field}: expected a number, got {text!r}")
    if isinstance(text, int | float):
        value = float(text)
    else:
        if not text.isascii():
            raise UnitError(f"{field}: {text!r} has non-ASCII characters; write digits 0-9")
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            raise UnitError(f"{field}: {text[:20]}... has {digits} digits; that is not a plausible figure")
        if text.strip().startswith("-"):
            raise UnitError(f"{field}: {text!r} is negative; it must be zero or more")
        m = _NUMBER.match(text)
        if not m:
            raise UnitError(f"{field}: {text!r} is not a number like 100M, 1.5B, 250k or 3e8")
        suffix = m["suffix"].lower()
        if suffix not in SUFFIX:
            raise UnitError(f"{field}: unknown unit {m['suffix']!r} in {text!r}; use k, M, B or T")
        mantissa = m["num"].replace(",", "").replace("_", "")
        value = float(f"{mantissa}e{m['exp'] or 0}") * SUFFIX[suffix]  # 1e400 → inf, refused below
    if not math.isfinite(value):
        raise UnitError(f"{field}: {text!r} is not a finite number")
    if value < 0:
        raise UnitError(f"{field}: {text!r} is negative; it must be zero or more")
    if value > max_value:
        raise UnitError(f"{field}: {text!r} is larger than the plausible maximum {human(max_value)}")
    return value


def human(value: float, digits: int = 3) -> str:
    """100000000 → "100M", 1.5e9 → "1.5B", 250000 → "250k"; round-trips through parse_quantity."""
    if not math.isfinite(value):
        raise UnitError(f"{value!r} is not finite")
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= scale:
            return f"{_trim(value / scale, digits)}{suffix}"
    return _trim(value, digits)


def fact_text(value: object, unknown: str = "unknown") -> str:
    """A fact's value in a sentence: floats of 1,000 and more as ``human`` volumes, None as ``unknown``."""
    if value is None:
        return unknown
    if isinstance(value, float) and value >= 1000:
        return human(value)
    return str(value)


def _trim(x: float, digits: int) -> str:
    text = f"{x:.{digits}g}"
    if "e" in text:  # .3g can produce 1e+03 for 999.5 → use fixed form instead
        text = f"{x:.0f}"
    return text


def money(usd: float) -> str:
    """$ amounts for people: $0.42, $18, $7,500, $1.2M."""
    if not math.isfinite(usd):
        return "n/a"
    sign = "-" if usd < 0 else ""
    usd = abs(usd)
    if usd >= 1e6:
        return f"{sign}${usd / 1e6:.2f}M"
    if usd >= 100:
        return f"{sign}${usd:,.0f}"
    if usd >= 1:
        return f"{sign}${usd:,.2f}"
    return f"{sign}${usd:.3f}" if usd >= 0.01 else f"{sign}${usd:.4f}"


SECONDS_PER_DAY = 86_400.0
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12  # 30.4375
