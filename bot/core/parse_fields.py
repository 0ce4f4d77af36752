"""Figures pasted as labelled fields: metric dumps ('tokens_total_30d = 1_825_000_000'), JSON ('{"daily_tokens":
42000000, "output_ratio": 0.18}'), dashboard bullets ('• input tokens: 5.1B') and tables ('| msgs / user / day | 12 |').
The label says what each figure is, so the daily volume is composed from the labels: a token total over the period
the label (or the header above the fields) names, input + output totals, or people × items per person × parts per
item × tokens per item. Read only when a message has two or more such fields. Pure; every regex linear."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parse_mentions import ITEM_WORDS
from .parse_numbers import FLAGS, Found, Qty, Scan
from .units import DAYS_PER_MONTH, DAYS_PER_YEAR, human

# the label of a figure: from the start of its field (line, cell, JSON key, list item) to a ':', '=' or '|'
KEY = re.compile(r"(?:^|[\n|,;{•])[ \t\"'*•-]{0,4}(?P<key>[a-z][a-z0-9 /()._+%-]{0,40}?)[ \t\"']{0,3}[:=|][ \t]{0,3}"
                 r"(?:~|≈|about\s|around\s|roughly\s|approx\.?\s)?$", FLAGS)
# 'tokens_total_30d = 1_825_000_000, tokens_out_30d = 365_000_000': pairs joined by '=' need no field break
KEY_EQ = re.compile(r"(?<![\w])(?P<key>[a-z][a-z0-9_.]{0,30}(?:\s[a-z0-9_.]{1,30}){0,3}?)\s{0,2}=\s{0,2}$", FLAGS)
# a row the normaliser turned figure-first ('queries/user/day: 15' → '15 queries/user/day')
ROW = re.compile(r"[ \t]{1,3}(?P<key>[a-z][a-z %]{0,30}?(?:/|[ \t]per[ \t])[a-z/ \t]{2,30}?)[ \t]{0,3}\|?[ \t]{0,3}$",
                 FLAGS | re.MULTILINE)
LINE_START = re.compile(r"(?:^|\n)[ \t|*•~≈-]{0,8}$")
TOKEN_WORD = re.compile(r"\btok(?:en)?s?\b", FLAGS)
SIDE_IN = re.compile(r"\b(?:in|input|inputs|prompt|prompts)\b", FLAGS)
SIDE_OUT = re.compile(r"\b(?:out|output|outputs|completion|completions|generated)\b", FLAGS)
BOTH = re.compile(r"\bin\s{0,2}\+\s{0,2}out\b|\btotal\b|\bin and out\b", FLAGS)
ITEMS = ITEM_WORDS  # one list of item words with the sentence reader
PER_ITEM = re.compile(rf"(?:/|\bper\b|\beach\b|\ba\b)\s{{0,2}}(?P<w>{ITEMS})\b", FLAGS)
ITEM_KEY = re.compile(rf"\b(?P<w>{ITEMS})\b", FLAGS)
PER_ANY = re.compile(r"\bper\b|/\s{0,2}[a-z]", FLAGS)
PEOPLE = re.compile(r"\b(?:users?|dau|mau|wau|seats?|employees?|agents?|customers?|members?|players?|people|"
                    r"students?|devs?|developers?)\b", FLAGS)
PER_PERSON = re.compile(r"(?:/|\bper\b)\s{0,2}(?:users?|person|head|seat|employee|agent|customer|member|player|dev)\b",
                        FLAGS)
PERIOD = re.compile(r"(?P<n>[0-9]{1,3})\s{0,2}(?P<u>d|days?|h|hours?|w|weeks?)\b|(?P<w>daily|per day|/\s{0,2}day|a day|"
                    r"today|hourly|per hour|/\s{0,2}h(?:ou)?r?|weekly|per week|/\s{0,2}week|monthly|per month|"
                    r"/\s{0,2}mo(?:nth)?|month|yearly|annual|per year|/\s{0,2}year)\b", FLAGS)
HEADER = re.compile(r"\b(?:last|past|over the (?:last|past))\s{1,3}(?P<n>[0-9]{1,3})\s{1,3}(?P<u>days?|weeks?)\b|"
                    r"\b(?P<w>daily|per day|last month|this month|monthly|last week|weekly)\b|\b(?P<m>jan|feb|mar|apr|"
                    r"may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b", FLAGS)
RATIO = re.compile(r"\b(?:ratio|share|pct|percent|fraction|%|frac)\b|%", FLAGS)
PEAK = re.compile(r"\bp2a\b|\bpeak\s{0,2}(?:to|/|-|_)\s{0,2}(?:avg|average|mean)\b|\bpeak ratio\b|\bburst factor\b",
                  FLAGS)
MONEY = re.compile(r"\b(?:cost|spend|bill|invoice|charges?|amount)\b", FLAGS)


@dataclass
class Field:
    q: Qty
    key: str
    start: int  # where the label starts


def read(text: str, qs: list[Qty], out: Scan) -> None:
    fields = [f for q in qs if (f := _field(text, q)) is not None]
    if len(fields) < 2:
        return
    header = HEADER.search(text, 0, fields[0].start) if fields[0].start > 0 else None
    _ratios(fields, out)
    _volume(text, fields, header, out)
    for f in fields:  # 'cost_30d: $1,866.00': spend over the period its label names
        days = _days(PERIOD.search(f.key))
        if f.q.currency and MONEY.search(f.key) and days:
            monthly = round(f.q.value / days * DAYS_PER_MONTH, 2)
            note = f"{f.key}: {f.q.text.strip()} over {days:g} days = ${monthly:,.0f}/month"
            out.found.append(Found("monthly_api_spend_usd", monthly, f.start, f.q.end, note, strength=2))


def _field(text: str, q: Qty) -> Field | None:
    m = KEY.search(text, max(0, q.start - 60), q.start) or KEY_EQ.search(text, max(0, q.start - 60), q.start)
    if m is None and LINE_START.search(text, max(0, q.start - 10), q.start) and (row := ROW.match(text, q.end)):
        return Field(q, " ".join(row["key"].lower().split()), q.start)
    if m is None or len(re.findall(r"[a-z]", m["key"], FLAGS)) < 2:
        return None
    return Field(q, " ".join(m["key"].lower().replace("_", " ").split()), m.start("key"))


def _value(text: str, f: Field) -> float:
    """The figure, as a fraction when it is a share ('~30 %', '0.18')."""
    pct = re.match(r"\s{0,2}%", text[f.q.end:])
    return f.q.value / 100 if pct or f.q.value > 1 else f.q.value


def _ratios(fields: list[Field], out: Scan) -> None:
    for f in fields:
        if f.q.currency:
            continue
        if PEAK.search(f.key) and 1 <= f.q.value <= 100:
            out.found.append(Found("peak_to_average", f.q.value, f.start, f.q.end, f"{f.key}: {f.q.value:g}",
                                   strength=2))
            out.consumed.append((f.start, f.q.end))
        elif SIDE_OUT.search(f.key) and SIDE_IN.search(f.key):
            continue  # 'in/out: 85/15': a split, read by parse_measures
        elif (SIDE_OUT.search(f.key) or SIDE_IN.search(f.key)) and (RATIO.search(f.key) or (not TOKEN_WORD.search(
                f.key) and not PER_ANY.search(f.key))) and not PER_ITEM.search(f.key) and f.q.value <= 100 \
                and not f.q.scaled:  # not 'completions per order: 2', a count of them
            share = f.q.value / 100 if f.q.value > 1 else f.q.value
            share = share if SIDE_OUT.search(f.key) else 1 - share
            if 0 < share < 1:
                out.found.append(Found("output_share", share, f.start, f.q.end, f"{f.key}: {share:.0%} output",
                                       strength=2))
                out.consumed.append((f.start, f.q.end))


def _days(m: re.Match[str] | None) -> float | None:
    """How many days a period label spans ('30d' → 30, 'daily' → 1, 'monthly' → 30.4375)."""
    if m is None:
        return None
    if m.groupdict().get("n"):
        unit = m["u"].lower()[0]
        return float(m["n"]) * {"d": 1.0, "h": 1 / 24, "w": 7.0}[unit]
    if m.groupdict().get("m"):
        return DAYS_PER_MONTH
    word = m["w"].lower()
    if "h" in word and "month" not in word:
        return 1 / 24
    if "week" in word:
        return 7.0
    if "mo" in word:
        return DAYS_PER_MONTH
    if "year" in word or "annual" in word:
        return DAYS_PER_YEAR
    return 1.0


def _volume(text: str, fields: list[Field], header: re.Match[str] | None, out: Scan) -> None:
    tokens = [f for f in fields if TOKEN_WORD.search(f.key) and not f.q.currency and not RATIO.search(f.key)]
    sizes = [f for f in tokens if PER_ITEM.search(f.key)]
    totals = [f for f in tokens if f not in sizes and f.q.value >= 1e4]
    span = (fields[0].start, fields[-1].q.end)
    if totals:
        ins = [f for f in totals if SIDE_IN.search(f.key) and not BOTH.search(f.key)]
        outs = [f for f in totals if SIDE_OUT.search(f.key) and not BOTH.search(f.key)]
        whole = [f for f in totals if f not in ins and f not in outs]
        days = [_days(PERIOD.search(f.key)) or _days(header) for f in totals]
        per = {id(f): d for f, d in zip(totals, days, strict=True) if d is not None and d > 0}
        if len(per) < len(totals):
            return
        if whole:
            total = whole[0].q.value / per[id(whole[0])]
            note = f"{whole[0].key}: {human(whole[0].q.value)} over {per[id(whole[0])]:g} days"
            if outs:
                share = outs[0].q.value / per[id(outs[0])] / total if total > 0 else 0
                if 0 < share < 1:
                    out.found.append(Found("output_share", share, span[0], span[1],
                                           f"{outs[0].key} of {whole[0].key}", strength=2))
        elif ins and outs:
            a, b = ins[0].q.value / per[id(ins[0])], outs[0].q.value / per[id(outs[0])]
            total = a + b
            note = f"{ins[0].key} {human(a)}/day + {outs[0].key} {human(b)}/day"
            out.found.append(Found("output_share", b / total, span[0], span[1], f"{human(b)} of {human(total)} "
                                   "tokens/day are output", strength=2))
        else:
            return
        _emit(out, total, span, f"{note} = {human(total)}/day")
        return
    _chain(text, fields, sizes, span, out)


def _chain(text: str, fields: list[Field], sizes: list[Field], span: tuple[int, int], out: Scan) -> None:
    """People × items per person per day × parts per item × tokens per part ('users: 3,400 / sessions/user/day: 2 /
    turns/session: 5 / tokens/turn: ~1,100')."""
    if not sizes or re.match(r"\s{0,3}(?:tok\w*\s{1,3})?(?:in|input)\b", text[sizes[0].q.end:], FLAGS):
        return  # '~6,000 in / 800 out': the parts of one request are the sentence reader's
    size = sizes[0]
    people = [f for f in fields if PEOPLE.search(f.key) and not PER_PERSON.search(f.key) and not ITEM_KEY.search(
        f.key) and not f.q.currency and f.q.value >= 1]
    rates = [f for f in fields if ITEM_KEY.search(f.key) and not TOKEN_WORD.search(f.key) and not f.q.currency]
    per_person = [f for f in rates if PER_PERSON.search(f.key)]
    per_item = [f for f in rates if f not in per_person and PER_ITEM.search(f.key)]
    daily = [f for f in rates if f not in per_person and f not in per_item]
    if per_person and people:
        days = _days(PERIOD.search(per_person[0].key)) or 1.0
        items = people[0].q.value * per_person[0].q.value / days
        note = f"{human(people[0].q.value)} {people[0].key} × {per_person[0].q.value:g} {per_person[0].key}"
    elif daily and (span_days := _days(PERIOD.search(daily[0].key))):
        items = daily[0].q.value / span_days
        note = f"{human(daily[0].q.value)} {daily[0].key}"
    else:
        return
    for f in per_item[:1]:  # 'turns/session: 5'
        items *= f.q.value
        note += f" × {f.q.value:g} {f.key}"
    total = items * size.q.value
    _emit(out, total, span, f"{note} × {human(size.q.value)} {size.key} = {human(total)}/day")


def _emit(out: Scan, per_day: float, span: tuple[int, int], note: str) -> None:
    if 0 < per_day < 1e13:
        out.found.append(Found("tokens_per_day", per_day, span[0], span[1], note, strength=2))
        out.consumed.append(span)
