"""Numbers in free text: token volumes and rates, request rates × tokens each, money, latency figures.

Pure. Every regex here is linear (no nested unbounded repeats); every number is read through
``units.parse_quantity`` so that non-ASCII digits, NaN, infinities and absurdly long numbers are refused
with a warning instead of producing a fact.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .profile import MAX_TOKENS_PER_DAY
from .units import DAYS_PER_MONTH, DAYS_PER_YEAR, UnitError, human, money, parse_quantity

FLAGS = re.IGNORECASE

_SUFFIX = r"(?:\s{0,4}(?P<w>thousand|million|billion|trillion|mn|bn|mil|grand)\b|(?P<s>k|mm|m|b|t)(?![a-z]))"
QTY = re.compile(
    r"(?<![\w.,])(?:(?P<cur>\$|€|£|usd)\s?)?(?:(?:~|≈|about|around|roughly|approx\.?|over)\s?)?"
    r"(?:(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)(?![0-9])|(?P<half>half an?)(?=\s))"
    + _SUFFIX + "?",
    FLAGS,
)
PER_DAY = {
    "second": 86_400.0, "sec": 86_400.0, "s": 86_400.0,
    "minute": 1_440.0, "min": 1_440.0,
    "hour": 24.0, "hr": 24.0, "h": 24.0, "hourly": 24.0,
    "day": 1.0, "d": 1.0, "daily": 1.0,
    "week": 1 / 7, "wk": 1 / 7, "weekly": 1 / 7,
    "month": 1 / DAYS_PER_MONTH, "mo": 1 / DAYS_PER_MONTH, "monthly": 1 / DAYS_PER_MONTH,
    **dict.fromkeys(("year", "yr", "annum", "yearly", "annually"), 1 / DAYS_PER_YEAR),
}
_UNIT_NAME = {86_400.0: "second", 1_440.0: "minute", 24.0: "hour", 1.0: "day", 1 / 7: "week",
              1 / DAYS_PER_MONTH: "month", 1 / DAYS_PER_YEAR: "year"}
RATE = re.compile(
    r"\s{0,4}(?:/\s{0,4}|(?:per|a|an|every|each|in a|in one)\s{1,4})"
    r"(?P<u>second|sec|s|minute|min|hour|hr|h|day|d|week|wk|month|mo|year|yr|annum)s?\b|\s{0,4}(?P<adv>hourly|daily|weekly|monthly|yearly|annually)\b",
    FLAGS,
)
TOKENS = re.compile(r"\s{0,4}(?:(?:input|output|llm|prompt|total)\s{1,4})?tok(?:en)?s?\b", FLAGS)
IO_TOKENS = re.compile(r"\s{0,4}(?:input|output|prompt|completion|out)\b(?:\s{1,4}tok(?:en)?s?\b)?", FLAGS)
ITEM = re.compile(
    r"\s{0,4}(?:[a-z][a-z-]{1,20}\s{1,4}){0,2}?(?:requests?|reqs?|calls?|chats?|conversations?|queries|query|messages?|"
    r"prompts?|completions?|documents?|docs?|tickets?|emails?|sessions?|interactions?|transcripts?|pages?|"
    r"articles?|reviews?|summaries|questions?|invocations?|generations?|rps|qps|rpm)\b",
    FLAGS,
)
_RPS = {"rps": "second", "qps": "second", "rpm": "minute"}
# "500 users sending 20 messages a day": a head count that multiplies the per-person rate after it
POPULATION = re.compile(
    r"\s{0,4}(?:[a-z][a-z-]{1,20}\s{1,4})?(?:users?|employees?|customers?|agents?|developers?|devs|engineers?|"
    r"people|seats?|members?|students?|patients?|staff|clients?|analysts?|reps|devices?|stores?|sites?|vehicles?|"
    r"cars?|kiosks?|machines?|robots?)\b",
    FLAGS,
)
SIZED_ITEM = re.compile(r"\s{0,2}-?\s{0,2}tok(?:en)?s?(?=\s)", FLAGS)  # "1,500-token chats"
MONEY_AFTER = re.compile(r"\s{0,4}(?:usd|us\$|dollars|bucks|eur|euros?|gbp)\b", FLAGS)
PRICE_AFTER = re.compile(r"\s{0,4}(?:usd\s{0,4})?(?:/|per)\s{0,4}(?:1\s{0,4})?(?:m|k|million|thousand)?\s{0,4}tok",
                         FLAGS)
SPEND_WORDS = re.compile(r"\b(?:spend|spending|spent|bill|billing|budget|paying|pay|invoice|costs? us)\b", FLAGS)
EACH = re.compile(r"\s{0,4}(?:each|apiece|/\s{0,4}req|"
                  r"per (?:request|chat|call|query|message|conversation|document|item))", FLAGS)
BARE_END = re.compile(r"\s{0,4}(?:$|[.,;!?)]|and\b|or\b|but\b|now\b|instead\b|not\b|then\b|total\b)", FLAGS)
DENOMINATOR = re.compile(r"(?:\bper|/)\s{0,4}$", FLAGS)
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass
class Found:
    field: str
    value: Any
    start: int
    end: int
    note: str
    base: float | None = None  # a volume's count before its period was applied (for "I meant per week")
    correction: bool = False  # known to be a correction whatever precedes it


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
    currency: bool
    scaled: bool
    suffix: str


def quantities(text: str, warnings: list[str]) -> list[Qty]:
    """Every number in the text that reads as a finite, plausible quantity (others become warnings)."""
    out = []
    for m in QTY.finditer(text):
        suffix = (m["w"] or m["s"] or "").lower()
        if m["half"] and not suffix:
            continue  # "half an hour" is no quantity; "half a billion" is
        try:
            value = parse_quantity(f"{m['num'] or '0.5'}{suffix}", field="number", max_value=1e18)
        except UnitError as e:
            warnings.append(f"Ignored the number {m['num'][:24]!r}: {str(e).split(': ', 1)[-1][:120]}")
            continue
        except (ArithmeticError, ValueError):
            warnings.append(f"Ignored the number {m['num'][:24]!r}: it is too large to be a plausible figure")
            continue
        first = m.start("num") if m["num"] else m.start("half")
        out.append(Qty(value, first if not m["cur"] else m.start(), m.end(), m.group(),
                       bool(m["cur"]), bool(suffix), suffix))
    return out


def _rate(text: str, pos: int) -> tuple[float, str, int] | None:
    m = RATE.match(text, pos)
    if not m:
        return None
    unit = (m["u"] or m["adv"]).lower()
    return PER_DAY[unit], _UNIT_NAME[PER_DAY[unit]], m.end()


def _sentence_end(text: str, pos: int, limit: int = 140) -> int:
    m = SENTENCE_END.search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def scan(text: str) -> Scan:
    """All numeric facts: tokens_per_day, monthly_api_spend_usd, latency_ms, peak_to_average (+ warnings)."""
    out = Scan()
    qs = quantities(text, out.warnings)
    for q in qs:
        if _overlaps(out.consumed, q.start, q.end):
            continue
        _classify(text, q, qs, out)
    return out


def _classify(text: str, q: Qty, qs: list[Qty], out: Scan) -> None:
    after = q.end
    if DENOMINATOR.search(text[max(0, q.start - 8):q.start]):
        return  # "$2.50 per 1M tokens": a unit of a price, not a volume
    if q.currency or MONEY_AFTER.match(text, after) or q.suffix == "grand" or _spend_before(text, q):
        _money(text, q, out)
        return
    tok = TOKENS.match(text, after)
    if tok:
        _tokens(text, q, tok.end(), out)
        return
    item = ITEM.match(text, after)
    if item:
        _items(text, q, item, qs, out)
        return
    if POPULATION.match(text, after) and _population(text, q, qs, out):
        return
    if _sized_items(text, q, qs, out):
        return
    rate = _rate(text, after)
    if rate and (q.scaled or q.value >= 1e5):
        _volume(q, q.value, rate, rate[2], "read as tokens", out)
    elif q.scaled and q.suffix not in ("b", "k", "thousand") and q.value >= 1e6 and BARE_END.match(text, after):
        _volume(q, q.value, (1.0, "day", after), after, "no unit or period given; read as tokens per day", out)


def _spend_before(text: str, q: Qty) -> bool:
    """'budget is about 5k a month', 'we pay them 20k monthly': an amount, though no currency is written."""
    return bool(SPEND_WORDS.search(text, max(0, q.start - 40), q.start)) and not TOKENS.match(text, q.end)


def _volume(q: Qty, tokens: float, rate: tuple[float, str, int], end: int, how: str, out: Scan) -> None:
    per_day = tokens * rate[0]
    if not math.isfinite(per_day) or per_day > MAX_TOKENS_PER_DAY:
        out.warnings.append(f"Ignored the volume {q.text.strip()!r}: more than {human(MAX_TOKENS_PER_DAY)} "
                            "tokens a day is not plausible")
        return
    note = f"{human(tokens)} tokens per {rate[1]}"
    if rate[0] != 1.0:
        note += f" = {human(per_day)}/day"
    out.found.append(Found("tokens_per_day", per_day, q.start, end, f"{note} ({how})", base=tokens))
    out.consumed.append((q.start, end))


PERIOD_FIX = re.compile(r"(?:i|we) meant\s{0,4}(?P<rate>(?:per|a|an|each|every)\s{1,4}\w+|/\s{0,4}\w+|"
                        r"daily|weekly|monthly|yearly|hourly)", FLAGS)


def period_fix(text: str, found: list[Found]) -> Found | None:
    """'100M tokens/day, sorry, I meant per week': the last volume again with the corrected period."""
    fixes = list(PERIOD_FIX.finditer(text))
    if not fixes:
        return None
    m = fixes[-1]
    rate = _rate(text, m.start("rate"))
    earlier = [f for f in found if f.field == "tokens_per_day" and f.base is not None and f.end <= m.start()]
    if not rate or not earlier:
        return None
    base = earlier[-1].base or 0.0
    per_day = base * rate[0]
    if per_day > MAX_TOKENS_PER_DAY:
        return None
    note = f"{human(base)} tokens per {rate[1]} = {human(per_day)}/day (period corrected)"
    return Found("tokens_per_day", per_day, earlier[-1].start, rate[2], note, base=base, correction=True)


def _tokens(text: str, q: Qty, pos: int, out: Scan) -> None:
    rate = _rate(text, pos)
    if rate:
        _volume(q, q.value, rate, rate[2], "stated", out)
    elif q.value >= 1e6 and not EACH.match(text, pos):
        _volume(q, q.value, (1.0, "day", pos), pos, "no period given; read as per day", out)


def _population(text: str, head: Qty, qs: list[Qty], out: Scan) -> bool:
    """'500 users sending 20 messages a day, ~1k tokens each': head count × the rate that follows."""
    stop = _sentence_end(text, head.end)
    for q in qs:
        if head.end <= q.start < stop and (item := ITEM.match(text, q.end)):
            return _items(text, q, item, qs, out, population=head)
    return False


def _sized_items(text: str, q: Qty, qs: list[Qty], out: Scan) -> bool:
    """'2M 1,500-token chats a month': a count, then the size of each item, then the items and their rate."""
    nxt = next((t for t in qs if t.start >= q.end), None)
    if nxt is None or text[q.end:nxt.start].strip() or not (size := SIZED_ITEM.match(text, nxt.end)):
        return False
    item = ITEM.match(text, size.end())
    if not item:
        return False
    word = item.group().split()[-1].lower()
    rate = _rate(text, item.end())
    if not rate:
        return False
    tokens = q.value * rate[0] * nxt.value
    if tokens > MAX_TOKENS_PER_DAY or not math.isfinite(tokens):
        return False
    note = f"{human(q.value)} {word}/{rate[1]} × {human(nxt.value)} tokens"
    note += f" ÷ {DAYS_PER_MONTH} days" if rate[1] == "month" else ""
    out.found.append(Found("tokens_per_day", tokens, q.start, rate[2], f"{note} = {human(tokens)}/day"))
    out.consumed.append((q.start, rate[2]))
    return True


def _items(text: str, q: Qty, item: re.Match, qs: list[Qty], out: Scan, population: Qty | None = None) -> bool:
    word = item.group().split()[-1].lower()
    rate = (PER_DAY[_RPS[word]], _RPS[word], item.end()) if word in _RPS else _rate(text, item.end())
    if not rate:
        return False
    heads = population.value if population is not None else 1.0
    per_day = q.value * rate[0] * heads
    stop = _sentence_end(text, rate[2])
    each = [t for t in qs if rate[2] <= t.start < stop and (TOKENS.match(text, t.end) or IO_TOKENS.match(text, t.end))]
    if not each:
        out.requests_per_day = per_day
        unit = word if word in _RPS else f"{word} per {rate[1]}"
        out.warnings.append(f"{q.text.strip()} {unit} needs tokens per request to give a daily "
                            "token volume; say e.g. '× 1,500 tokens each'")
        return True
    per_item, end, how = _per_item(text, each)
    tokens = per_day * per_item
    start = population.start if population is not None else q.start
    if tokens > MAX_TOKENS_PER_DAY or not math.isfinite(tokens):
        out.warnings.append(f"Ignored {text[start:end]!r}: more than {human(MAX_TOKENS_PER_DAY)} tokens a day")
        return True
    who = POPULATION.match(text, population.end) if population is not None else None
    note = f"{human(heads)} {who.group().split()[-1].lower()} × " if who else ""
    note += f"{human(q.value)} {word}/{rate[1]} × {how} tokens"
    note += f" ÷ {DAYS_PER_MONTH} days" if rate[1] == "month" else f" ({human(per_day)} {word}/day)"
    out.found.append(Found("tokens_per_day", tokens, start, end, f"{note} = {human(tokens)}/day"))
    out.consumed.append((start, end))
    _io_share(text, each, out)
    return True


def _unit_end(text: str, pos: int) -> int:
    """Where the token unit after a quantity ends (the quantity was matched with one, so one is there)."""
    unit = TOKENS.match(text, pos) or IO_TOKENS.match(text, pos)
    assert unit is not None
    return unit.end()


def _per_item(text: str, each: list[Qty]) -> tuple[float, int, str]:
    io = _io_pair(text, each)
    if io:
        inp, outp = io
        last = max(inp, outp, key=lambda t: t.end)
        end = _unit_end(text, last.end)
        return inp.value + outp.value, end, f"({human(inp.value)} + {human(outp.value)})"
    first = each[0]
    end = _unit_end(text, first.end)
    return first.value, end, human(first.value)


def _io_pair(text: str, each: list[Qty]) -> tuple[Qty, Qty] | None:
    inp = [t for t in each if re.search(r"\b(?:in|input|prompt)\b", text[t.start - 12: t.end + 14], FLAGS)]
    outp = [t for t in each if re.search(r"\b(?:out|output|completion|response)\b", text[t.start - 12: t.end + 15],
                                         FLAGS)]
    if inp and outp and inp[0] is not outp[0]:
        return inp[0], outp[0]
    return None


def _io_share(text: str, each: list[Qty], out: Scan) -> None:
    io = _io_pair(text, each)
    if io and io[0].value + io[1].value > 0:
        share = io[1].value / (io[0].value + io[1].value)
        s, e = min(io[0].start, io[1].start), max(io[0].end, io[1].end)
        out.found.append(Found("output_share", share, s, e, f"{human(io[1].value)} output of "
                               f"{human(io[0].value + io[1].value)} tokens per request"))


def _money(text: str, q: Qty, out: Scan) -> None:
    after = q.end
    m = MONEY_AFTER.match(text, after)
    if m:
        after = m.end()
    if PRICE_AFTER.match(text, after):
        return  # a price per token, not a spend
    rate = _rate(text, after)
    if rate:
        monthly, end, how = round(q.value * rate[0] * DAYS_PER_MONTH, 2), rate[2], f"per {rate[1]}"
    else:
        start = max(0, text.rfind(".", 0, q.start))
        if not SPEND_WORDS.search(text, start, _sentence_end(text, after)):
            return
        monthly, end, how = q.value, after, "no period given; read as per month"
    if monthly > 1e9:
        out.warnings.append(f"Ignored the amount {q.text.strip()!r}: over $1B a month is not plausible")
        return
    note = f"{money(q.value)} {how}"
    if rate and rate[1] != "month":
        note += f" = {money(monthly)}/month"
    if "€" in q.text or "£" in q.text or re.match(r"\s{0,4}(?:eur|euros?|gbp)", text[q.end:], FLAGS):
        note += " (currency read as USD)"
    out.found.append(Found("monthly_api_spend_usd", monthly, q.start, end, note))
    out.consumed.append((q.start, end))
