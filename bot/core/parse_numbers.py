"""The number grammar: every quantity in (canonical) text, with its scale, currency and the periods around it.

Pure. Numbers in words, locale formats and ranges were already turned into digits by parse_normalise; here a
quantity is digits with an optional currency before or after ("$20k", "15.000 $"), an approximation word,
and a scale ("k", "M", "bn", "mn", "million", "Mio.", "grand"). Digits inside names ("gpt-4o", "Tier 4",
"SOC 2", "eu-central-1", "Q3 2027") are masked out. Every regex is linear; every value goes through
``units.parse_quantity`` so non-ASCII digits, NaN, infinities and absurdly long numbers become warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .units import DAYS_PER_MONTH, DAYS_PER_YEAR, UnitError, parse_quantity

FLAGS = re.IGNORECASE

_WORD_SCALE = (r"thousands?|millions?|billions?|trillions?|mln|mld|mn|bn|mil|grand|mio\.?|mrd\.?|millionen|milliarden?|"
               r"miljoen|miljard|miljoner|miljarder|"
               r"millones|milioni|milh[õo]es|milh[ãa]o|milliards?|miliard[io]|bilh[õo]es|bilh[ãa]o|lakh|crore")
QTY = re.compile(
    r"(?<![\w.,])(?:(?P<cur>\$|€|£|usd|eur|gbp)\s?)?"
    r"(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)(?![0-9])"
    rf"(?:\s{{0,4}}(?P<w>{_WORD_SCALE})(?![a-z])|(?P<s>k|mm|m|b|t|bn|mn)(?![a-z]))?"
    r"(?P<cur2>\s{0,2}(?:\$|€|£))?",
    FLAGS,
)
WORD_SCALE = {"mn": "m", "bn": "b", "mil": "m", "mln": "m", "mld": "b", "thousands": "k", "trillions": "t",
              "grand": "k", "mio": "m", "mio.": "m", "mrd": "b", "mrd.": "b",
              "millionen": "m", "milliarde": "b", "milliarden": "b", "millones": "m", "milioni": "m",
              "milhões": "m", "milhoes": "m", "milhão": "m", "milhao": "m", "miliardi": "b", "miliardo": "b",
              "bilhões": "b", "bilhoes": "b", "bilhão": "b", "bilhao": "b", "milliard": "b", "milliards": "b",
              "lakh": "100000", "crore": "1e7", "miljoen": "m", "miljard": "b", "miljoner": "m", "miljarder": "b",
              "millions": "m", "billions": "b", "trillion": "t", "thousand": "k", "million": "m", "billion": "b"}
# Digits that belong to a name or an identifier, never a quantity.
MASK = re.compile(
    r"\b(?:soc\s?-?\s?[12]|type\s+(?:i{1,2}|[12])|tier\s?[0-9]+|q[1-4](?:\s+(?:20)?[0-9]{2}(?![0-9.,]|\s?[kmb]\b))?|p[0-9]{2,3}|"
    r"v[0-9]+(?:\.[0-9]+)*|port\s+[0-9]+|(?:vllm|tgi|sglang|ollama|cuda|version|release)\s+v?[0-9][0-9.]*|"
    r"[a-z]{2,}(?:-[a-z]+)+-?[0-9]+[a-z]?|[0-9]+(?:st|nd|rd|th)\b|24/7|[0-9]+/[0-9]+/[0-9]+|"
    r"(?:in|for|since|of|until|by|from|during|early|late|mid|end of)\s+(?:19|20)[0-9]{2}|"
    r"(?<![0-9.,])(?:19|20)[0-9]{2}(?=\s{0,2}(?:was|were|budget|plan|roadmap|[.,;:)](?![0-9])))|"
    r"[0-9]{1,2}:[0-9]{2}(?:\s?[ap]m)?|[0-9]+(?:\.[0-9]+)?\s{0,2}:\s{0,2}[0-9]+(?:\.[0-9]+)?(?!\s{0,2}[0-9])|"
    r"[0-9]+\s?[ap]m\b|#[0-9]+|\b(?:code|ticket|ref|id|po|case|issue|build|ver|sku|order no\.?)\s{0,2}(?:[#:]\s{0,2}"
    r"[0-9][0-9-]*|[0-9]{3,}[0-9-]*|[0-9]+-[0-9-]+)|[a-z]+[0-9]+[a-z][a-z0-9]*|"
    r"[0-9]+(?:\.[0-9]+)?\s?(?:gb|tb|gib|mb|ghz|w|kw|u)\b|[0-9]+[- ]?(?:bit|core|cpu)s?\b)",
    FLAGS,
)

PER_DAY = {
    "second": 86_400.0, "sec": 86_400.0, "s": 86_400.0,
    **dict.fromkeys(("seg", "segundo", "sek", "sekunde", "seconde", "secondo"), 86_400.0),
    "minute": 1_440.0, "min": 1_440.0,
    "hour": 24.0, "hr": 24.0, "h": 24.0, "hourly": 24.0,
    "day": 1.0, "d": 1.0, "daily": 1.0,
    "week": 1 / 7, "wk": 1 / 7, "weekly": 1 / 7,
    "month": 1 / DAYS_PER_MONTH, "mo": 1 / DAYS_PER_MONTH, "monthly": 1 / DAYS_PER_MONTH,
    **dict.fromkeys(("year", "yr", "annum", "yearly", "annually", "annual"), 1 / DAYS_PER_YEAR),
    **dict.fromkeys(("quarter", "quarterly"), 4 / DAYS_PER_YEAR),
    **dict.fromkeys(("fortnight", "fortnightly"), 1 / 14),
    # the same periods in German, French, Spanish, Italian and Portuguese
    **dict.fromkeys(("tag", "jour", "día", "dia", "giorno", "täglich"), 1.0),
    "shift": 1.0,  # "20 queries per shift": one shift a day unless the message says more
    **dict.fromkeys(("night", "nightly"), 1.0),  # "300M/night", "nightly batch of 20M tokens": one night a day
    # Dutch and Scandinavian 'dag', Polish and Czech 'daily', Korean / Chinese / Japanese 'a day'
    **dict.fromkeys(("dag", "dagelijks", "dagligen", "daglig", "dziennie", "denně", "하루", "매일", "每天", "每日",
                     "毎日"), 1.0),
    "uur": 24.0, "maand": 1 / DAYS_PER_MONTH, "jaar": 1 / DAYS_PER_YEAR,
    **dict.fromkeys(("woche", "semaine", "semana", "settimana"), 1 / 7),
    **dict.fromkeys(("monat", "mois", "mes", "mese", "mês", "mensile", "monatlich", "mensuel"), 1 / DAYS_PER_MONTH),
    **dict.fromkeys(("jahr", "an", "año", "anno", "ano"), 1 / DAYS_PER_YEAR),
    **dict.fromkeys(("stunde", "heure", "hora", "ora"), 24.0),
}
UNIT_NAME = {86_400.0: "second", 1_440.0: "minute", 24.0: "hour", 1.0: "day", 1 / 7: "week", 1 / 14: "fortnight",
             4 / DAYS_PER_YEAR: "quarter", 1 / DAYS_PER_MONTH: "month", 1 / DAYS_PER_YEAR: "year"}
_PERIOD = (r"second|sec|s|seg|segundo|sek|sekunde|seconde|secondo|"
           r"minute|min|hour|hr|h|day|d|week|wk|month|mo|year|yr|annum|quarter|fortnight|night|dag|uur|shift|"
           r"tag|jour|día|dia|giorno|woche|semaine|semana|settimana|monat|mois|mes|mese|mês|jahr|año|anno|maand|jaar|"
           r"stunde|heure|hora")
RATE = re.compile(
    r"\s{0,4}(?:/\s{0,4}|(?:per|a|an|every|each|in a|in one|in 1|over a|over one|over 1|per 1|pro|par|au|al|por|"
    r"im|am|à|a la|en un|in un|in einem|um)\s{1,4}(?:whole\s{1,4}|single\s{1,4}|typical\s{1,4}|normal\s{1,4})?"
    r"(?:(?<=every )(?:other|second)\s{1,3}(?=day|week|month)|(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{1,3})?)"
    rf"(?P<u>{_PERIOD})s?(?![\w])|"
    r"\s{0,4}(?:in|over|across|within)\s{1,4}(?:the\s{1,3}(?:last|past|first)\s{1,3})?(?P<n2>[0-9]{1,3})\s{1,3}"
    r"(?P<u2>day|week|month|year)s?\b|\s{0,4}(?P<adv>hourly|daily|weekly|monthly|quarterly|yearly|annually|täglich|"
    r"monatlich|mensile|mensuel|fortnightly|nightly|dagelijks|dagligen|dziennie|denně)\b|\s{0,4}(?P<ps>ps|/s)\b|"
    r"\s{0,4}(?:in|during|for|over)\s{1,4}(?:the month of\s{1,4})?(?P<mon>january|february|march|april|june|july|"
    r"august|september|october|november|december|(?:the )?(?:last|past|previous) month)\b|"
    r"\s{0,4}(?P<mon2>last month)\b|"
    r"\s{0,4}(?:in\s{1,3}(?:the\s{1,3})?|over\s{1,3}the\s{1,3}|during\s{1,3}the\s{1,3})?(?:last|past|previous|this)\s{1,3}"
    r"(?P<u3>week|month|year|fortnight)\b|\s{0,4}(?:in|per)\s{1,3}(?P<u4>day|week|month|year)(?![\w-])|"
    r"\s{0,4}(?P<yday>yesterday|today)\b|"
    r"\s{0,4}(?:in|during|for|over)\s{1,4}(?P<qtr>q[1-4]|(?:the )?(?:last|past|previous) quarter)\b|"
    r"\s{0,4}(?P<qtr2>last quarter)\b",
    FLAGS,
)
# A share said as a fraction: '2%', 'a third', 'one in 10', '1 out of 5', 'two thirds', 'half'
FRACTION = re.compile(r"(?<![\w.])(?:(?P<pct>[0-9]{1,2}(?:\.[0-9]{1,2})?)\s{0,2}(?:%|percent\b)|"
                      r"(?P<a>[0-9]{1,3}|one|a)\s{1,3}(?:in|out of)\s{1,3}(?:every\s{1,3})?(?P<b>[0-9]{1,4})\b|"
                      r"(?P<w>half|(?:a|one) (?:third|quarter|fifth|tenth)|two thirds|three quarters))", FLAGS)
FRACTION_WORDS = {"half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25, "one quarter": 0.25,
                  "a fifth": 0.2, "one fifth": 0.2, "a tenth": 0.1, "one tenth": 0.1, "two thirds": 2 / 3,
                  "three quarters": 0.75}


def fraction(m: re.Match[str]) -> float | None:
    """The share a FRACTION match says, strictly between 0 and 1."""
    if m["pct"]:
        value = float(m["pct"]) / 100
    elif m["b"]:
        a = 1.0 if m["a"].lower() in ("one", "a") else float(m["a"])
        value = a / float(m["b"]) if float(m["b"]) > 0 else 0.0
    else:
        value = FRACTION_WORDS.get(" ".join(m["w"].lower().split()), 0.0)
    return value if 0 < value < 1 else None


SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
# "(up from £900 in the spring)", "down from 80M before caching": the figure after it is what it was before
CHANGED_FROM = (r"\b(?:up|down|grown|increased|rose|risen|jumped|dropped|fell|fallen|climbed)\s{1,3}from\s{0,3}$")


@dataclass
class Found:
    field: str
    value: Any
    start: int
    end: int
    note: str
    base: float | None = None  # a volume's count before its period was applied (for "I meant per week")
    correction: bool = False  # known to be a correction whatever precedes it
    strength: int = 1  # how directly it was stated (0: implied by another statement)


@dataclass
class Scan:
    found: list[Found] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    consumed: list[tuple[int, int]] = field(default_factory=list)
    requests_per_day: float | None = None


@dataclass
class Qty:
    value: float
    start: int
    end: int
    text: str
    currency: str
    scaled: bool
    suffix: str


def masks(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in MASK.finditer(text)]


def overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def quantities(text: str, warnings: list[str], masked: list[tuple[int, int]] | None = None,
               mil_is_thousand: bool = False) -> list[Qty]:
    """Every number in the text that reads as a finite, plausible quantity (others become warnings).
    ``mil_is_thousand``: the message is in Spanish or Portuguese, where "18 mil" is 18,000 (in English, a million)."""
    out = []
    masked = masked or []
    for m in QTY.finditer(text):
        if overlaps(masked, m.start("num"), m.end("num")):
            continue
        word = (m["w"] or "").lower()
        suffix = WORD_SCALE.get(word, word) if word else (m["s"] or "").lower()
        if word == "mil" and mil_is_thousand:
            suffix = "k"
        try:
            if suffix.replace("e", "").isdigit():
                value = parse_quantity(m["num"], field="number", max_value=1e18) * float(suffix)
            else:
                value = parse_quantity(f"{m['num']}{suffix}", field="number", max_value=1e18)
        except UnitError as e:
            warnings.append(f"Ignored the number {m['num'][:24]!r}: {str(e).split(': ', 1)[-1][:120]}")
            continue
        except (ArithmeticError, ValueError):
            warnings.append(f"Ignored the number {m['num'][:24]!r}: it is too large to be a plausible figure")
            continue
        currency = (m["cur"] or m["cur2"] or "").strip().lower()
        out.append(Qty(value, m.start(), m.end() if m["cur2"] or suffix else m.end("num"), m.group(), currency,
                       bool(suffix), suffix))
    return out


def rate_at(text: str, pos: int) -> tuple[float, str, int] | None:
    """A period right at ``pos`` ("/day", "a month", "per second", "weekly"): (per-day factor, name, end)."""
    m = RATE.match(text, pos)
    if not m:
        return None
    if m["ps"]:
        return 86_400.0, "second", m.end()
    if m["mon"] or m["mon2"]:  # "1.2B tokens in November", "last month": a month's volume
        return 1 / DAYS_PER_MONTH, "month", m.end()
    if m["qtr"] or m["qtr2"]:  # "5 billion tokens in Q3": a quarter's volume
        return 4 / DAYS_PER_YEAR, "quarter", m.end()
    if m["yday"]:
        return 1.0, "day", m.end()
    unit = (m["u"] or m["u2"] or m["u3"] or m["u4"] or m["adv"]).lower()
    if unit not in PER_DAY:
        return None
    count = float(m["n"] or m["n2"] or (2 if re.search(r"(?:other|second)\s{1,3}\w+$", m.group(), FLAGS) else 1))
    if count <= 0:
        return None
    name = UNIT_NAME[PER_DAY[unit]]
    return PER_DAY[unit] / count, (name if count == 1 else f"{count:g} {name}s"), m.end()


def before(text: str, pos: int, reach: int) -> str:
    """The ``reach`` characters before ``pos``, without a word cut in two at the window's edge (a window that
    starts inside 'Currently' must not show 'rently' to a rule looking for 'rent')."""
    start = max(0, pos - reach)
    while 0 < start < pos and text[start - 1].isalnum() and text[start].isalnum():
        start += 1
    return text[start:pos]


def sentence_bounds(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    lo = max(0, start - reach)
    left = max((m.end() for m in SENTENCE_END.finditer(text, lo, start)), default=lo)
    m = SENTENCE_END.search(text, end, min(len(text), end + reach))
    return left, m.start() if m else min(len(text), end + reach)
