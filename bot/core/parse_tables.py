"""Daily token volume from STRUCTURED or TOTAL inputs: pasted tables (CSV, TSV, ';'-separated, markdown) whose rows
are days, weeks, months or workloads; token totals over a stated window ('Grafana, last 7d: total tokens 2.31B',
'llm.tokens.total = 4.87e9' under '(30d)', 'Q3 token usage: 9.1B', 'logged 14.6 billion tokens in FY26'); and
day-by-day series ('310M, 295M, 330M, 305M, 320M for Mon-Fri; weekends ~40M each').

The window grammar (``window_days``) says how many days a total covers; a table's columns are read from their
headers (a period column, token columns and their side, per-item sizes, item counts, people), so the rows can be
averaged (rows are periods) or summed (rows are workloads). Pure; every regex linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parse_mentions import ITEM_WORDS
from .parse_normalise import Norm
from .parse_numbers import FLAGS, Found, Qty, Scan, rate_at, sentence_bounds
from .parse_periods import MONTHS, label_days, window_days
from .parse_scope import hypothetical, value_negated
from .profile import MAX_TOKENS_PER_DAY
from .units import DAYS_PER_MONTH, UnitError, human, parse_quantity

# --- token totals over a window -------------------------------------------------------------------------

UNIT_AFTER = re.compile(r"\s{0,3}(?:total\s{1,3}|(?P<i>input|prompt)\s{1,3}|(?P<o>output|completion)\s{1,3}|"
                        r"llm\s{1,3})?tok(?:en)?s?\b", FLAGS)
LABEL_BEFORE = re.compile(r"tok(?:en)?s?\b(?P<rest>[^0-9\n;$€£]{0,40})$", FLAGS)
# '70M tokens a run', '4k tokens per call', '1M tokens of context': the size of one thing, not a total (a period
# after it is a rate, read as one)
_PERIODS = r"(?:days?|weeks?|months?|years?|quarters?|hours?|minutes?|seconds?|fortnights?|nights?|d|wk|mo|yr|h|hr|" \
           r"min|s|sec)\b"
NOT_VOLUME = re.compile(r"\s{0,3}(?:tok(?:en)?s?\s{0,3})?(?:of\s{1,3})?(?:context|window|limit|cap|quota|budget|"
                        rf"max|maximum|prompt size|(?:(?:per|each|an?)\s{{1,3}}|/\s{{0,3}})(?!{_PERIODS})[a-z])", FLAGS)
PER_IN_LABEL = re.compile(r"\bper\b|/|\beach\b|\bavg\b|\baverage\b|\bmean\b", FLAGS)
SIDE = re.compile(r"\b(?:(?P<i>in|input|inputs|prompt|prompts)|(?P<o>out|output|outputs|completion|completions|"
                  r"generated))\b[\s:=]{0,3}(?:tok(?:en)?s?[\s:=]{0,3})?(?:~|≈|about\s)?$", FLAGS)
LINE = re.compile(r"[^\n]*")


def totals(text: str, qs: list[Qty], out: Scan) -> bool:
    """Token totals with no rate of their own over a window said in their sentence or in the header of their list.
    Under a 'Label:' header the figures listed are summed ('Three use cases, monthly: A) chatbot 120M tokens,
    B) summarisation 45M', 'Weekly token counts:\n chat-assist 84M\n doc-summaries 35M'); a figure with its own
    rate in the list adds its daily volume ('... and 90M; the chatbot does a steady 5M a day on top')."""
    for s, e, listed in _blocks(text):
        figures = [q for q in qs if s <= q.start < e and _is_total(text, q, s)]
        said = listed and bool(re.search(r"tok", text[s:e], FLAGS))
        if not any(not rated and (tok or said) for _, rated, tok in (_kind(text, q) for q in figures)):
            continue
        win = window_days(text, s, e, figures[0].start if figures else None)
        if win is None:
            continue
        days, per_day, notes, first = win[0], 0.0, [], None
        sides = {"i": 0.0, "o": 0.0, "": 0.0}
        for q in figures if listed else _with_other_side(text, figures):
            rate, rated, tok = _kind(text, q)
            if not tok and not said:
                continue
            daily = q.value * rate if rated else q.value / days
            per_day += daily
            unit = UNIT_AFTER.match(text, q.end)
            sides["i" if unit and unit["i"] else "o" if unit and unit["o"] else ""] += daily
            notes.append(f"{human(q.value)}" + ("/day" if rated and rate == 1 else "" if rated else
                                                 f" over {days:g} days"))
            first = first or q
        if first is None:
            continue
        if listed and (dated := _dated(text, [q for q in figures if not _kind(text, q)[1]], s, e)):
            per_day, notes = dated  # 'Oct tokens: 5.9B / Sep tokens: 5.1B': one total per period, not parts
        ins, outs = _sides(text, qs, first, e)
        note = " + ".join(notes) + " tokens"
        if sides["i"] and sides["o"] and not sides[""]:  # '612M input tokens, 88M output tokens'
            out.found.append(Found("output_share", sides["o"] / per_day, s, e, f"{note}; output part", strength=2))
        elif (outs or ins) and len(notes) == 1:
            share = outs / first.value if outs else 1 - ins / first.value
            if 0 < share < 1:
                out.found.append(Found("output_share", share, s, e, f"{note}; output {share:.0%}", strength=2))
        if _emit(out, per_day, s, e, f"{note} = {human(per_day)}/day"):
            return True
    return False


def _dated(text: str, figures: list[Qty], start: int, end: int) -> tuple[float, list[str]] | None:
    """Totals listed each with a window of its own on its line, the windows not all the same: their average day."""
    own = []
    for q in figures:
        lo = text.rfind("\n", start, q.start) + 1
        hi = text.find("\n", q.end, end)
        win = window_days(text, max(lo, start), hi if hi >= 0 else end, q.start)
        if win is None:
            return None
        own.append((q, win[0], text[win[1]:win[2]].lower()))
    if len(own) < 2 or len({w for _, _, w in own}) < 2:
        return None
    per_day = sum(q.value / days for q, days, _ in own) / len(own)
    return per_day, [f"average of {len(own)} periods' totals"]


SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?![\s)]|$))+[.!?]?")
def _with_other_side(text: str, figures: list[Qty]) -> list[Qty]:
    """The first total of a sentence, and the other side when it is one side ('1.9 billion input tokens and 210
    million output tokens')."""
    if not figures:
        return []
    first = UNIT_AFTER.match(text, figures[0].end)
    if first is None or not (first["i"] or first["o"]):
        return figures[:1]
    other = "o" if first["i"] else "i"
    rest = [q for q in figures[1:] if (u := UNIT_AFTER.match(text, q.end)) and u[other]]
    return figures[:1] + rest[:1]


HEADER_LINE = re.compile(r"^[^\n]*:[ \t]*$", re.MULTILINE)
LIST_LINE = re.compile(r"[^\n]*[0-9][^\n]*")
LABEL_WORDS = re.compile(rf"(?<![\w-])(?:{ITEM_WORDS}|users?|people|seats?|spend|cost|bill|usd|price|per|each|avg|"
                         r"average|mean|peak|max|p[0-9]{2}|ttft|latency|ms|gpus?)(?![\w-])|\$", FLAGS)


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """Where totals are said: a list under a header line ending in ':' (listed), then each sentence (a colon in it
    makes what follows a list too)."""
    out: list[tuple[int, int, bool]] = []
    for h in HEADER_LINE.finditer(text):
        pos, end = h.end() + 1, h.end()
        while pos < len(text) and (line := LIST_LINE.match(text, pos)):
            end, pos = line.end(), line.end() + 1
        if end > h.end():
            out.append((h.start(), end, True))
    for m in SENTENCE.finditer(text):
        part = m.group()
        out.append((m.start(), m.end(), ":" in part and bool(re.search(r":\s{0,3}\S", part))))
    return out


def _is_total(text: str, q: Qty, start: int) -> bool:
    near = max(start, q.start - 80)
    if q.currency or q.value < 1e5 or NOT_VOLUME.match(text, q.end) or SIDE.search(text, max(0, q.start - 16),
                                                                                   q.start):
        return False
    if NOT_TODAY.search(text, near, q.start) or PEAK.search(text, max(start, q.start - 60), q.start) or \
            PEAK_AFTER.match(text, q.end):
        return False  # 'Worst hour last month was 6M tokens', 'peaked at 3.2B tokens in 24h': a peak, not the average
    if not UNIT_AFTER.match(text, q.end) and not BARE_END.match(text, q.end) and not rate_at(text, q.end):
        return False  # '2.4M API calls last week': a count of something else
    if value_negated(text, q.start) or hypothetical(text, q.start):
        return False
    cut = max(text.rfind(c, near, q.start) for c in ",;\n:(")
    label = text[max(near, cut + 1):q.start]
    return not LABEL_WORDS.search(label) or bool(TOKEN_LABEL.search(label))


PEAK = re.compile(r"\b(?:peak|peaks|peaked|peaking|worst|busiest|max|maximum|record|highest|spiked?|burst)\b"
                  r"[^.;\n]{0,40}$", FLAGS)
PEAK_AFTER = re.compile(r"\s{0,3}(?:tok(?:en)?s?\s{1,3})?(?:at (?:the )?peak|on (?:the|our) (?:worst|busiest|peak)|"
                        r"(?:on|in) (?:a )?(?:single|one) (?:day|hour))\b", FLAGS)
# what a bare figure may be followed by ('chat-assist 84M\n', 'B) summarisation 45M,', 'around 90M; ...')
BARE_END = re.compile(r"\s{0,3}(?:[,;.)(+\n/]|$|(?:and|plus|on|in|for|of|total|all told|combined|overall|last|"
                      r"this|over|across|during)\b)", FLAGS)
# a figure that is planned, allowed or estimated, not what is used
NOT_TODAY = re.compile(r"\b(?:target|goal|plan|planning|planned|budget|budgeted|forecasts?|projected|projections?|"
                       r"quota|allowance|cap|limit|commit(?:ment|ted)?|estimated?|expect(?:ed|s)?|aim|hope|"
                       r"would|could|might|will|next|context)\b", FLAGS)
TOKEN_LABEL = re.compile(r"tok(?:en)?s?\b[^0-9]{0,30}$", FLAGS)


def _kind(text: str, q: Qty) -> tuple[float, bool, bool]:
    """(per-day factor, whether the figure has its own rate, whether it is said to be tokens)."""
    unit = UNIT_AFTER.match(text, q.end)
    label = LABEL_BEFORE.search(text, max(0, q.start - 45), q.start)
    tok = unit is not None or (label is not None and not PER_IN_LABEL.search(label["rest"]))
    rate = rate_at(text, unit.end() if unit else q.end)
    return (rate[0], True, tok or q.scaled) if rate else (0.0, False, tok)


def _sides(text: str, qs: list[Qty], total: Qty, right: int) -> tuple[float, float]:
    """'2.31B (in 1.85B / out 460M)': the input and output parts said right after a total."""
    ins = outs = 0.0
    for q in qs:
        if total.end < q.start < min(right, total.end + 60) and q.value < total.value and not q.currency:
            side = SIDE.search(text, max(total.end, q.start - 16), q.start)
            if side and side["i"]:
                ins = ins or q.value
            elif side and side["o"]:
                outs = outs or q.value
    return ins, outs


# --- tables ---------------------------------------------------------------------------------------------

CELL_NUM = re.compile(r"\s{0,3}(?:~|≈|\$|usd\s)?\s{0,2}(?P<n>[0-9]+(?:[,_][0-9]{3})*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)"
                      r"\s{0,2}(?P<s>k|m|mm|b|bn|t)?(?:\s*$|\s+[a-z])", FLAGS)
SEPARATOR_ROW = re.compile(r"^[\s|:+-]*-{2,}[\s|:+-]*$")
DATE = re.compile(r"^\s*(?:(?P<d>[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?|mon|tue|wed|thu|fri|"
                  r"sat|sun)|(?P<w>(?:[0-9]{4}-?)?w[0-9]{1,2}|week\s{0,2}[0-9]{1,2})|(?P<m>[0-9]{4}-[0-9]{2}|"
                  rf"(?:{MONTHS})(?:\s{{0,2}}[0-9]{{2,4}})?)|(?P<q>q[1-4](?:\s{{0,2}}[0-9]{{2,4}})?))\s*$", FLAGS)
PERIOD_COL = re.compile(r"^\s*(?:date|day|week|month|period|quarter|wk|mo)\s*$", FLAGS)
TOKEN_COL = re.compile(r"\btok(?:en)?s?\b|tokens", FLAGS)
MONEY_COL = re.compile(r"\$|\b(?:usd|eur|gbp|cost|spend|bill|amount|price|invoice)\b", FLAGS)
ITEM_COL = re.compile(rf"\b(?:{ITEM_WORDS}|req)\b", FLAGS)
PEOPLE_COL = re.compile(r"\b(?:users?|dau|mau|wau|seats?|employees?|agents?|staff|people|members?|players?|"
                        r"students?|devs?|developers?|engineers?|headcount)\b", FLAGS)
PER_PERSON_COL = re.compile(r"(?:/|\bper\b)\s{0,2}(?:users?|person|head|seat|employee|agent|member|player|dev|"
                            r"developer|engineer|staff|student)\b", FLAGS)
PER_ITEM_COL = re.compile(rf"(?:/|\bper\b|\beach\b)\s{{0,2}}(?:{ITEM_WORDS}|req|item|row)\b|\bavg\b|\baverage\b|"
                          r"\bmean\b|\bsize\b", FLAGS)
PERIOD_IN_COL = re.compile(r"(?:/|\bper\b|\ba\b)\s{0,2}(?P<u>hour|h|hr|day|d|week|wk|month|mo)\b|"
                           r"\b(?P<adv>hourly|daily|weekly|monthly)\b", FLAGS)
TOTAL_ROW = re.compile(r"^\s*\**\s*(?:total|sum|all|overall|grand total)\b", FLAGS)
COL_SIDE_IN = re.compile(r"\b(?:in|input|inputs|prompt|prompts)\b", FLAGS)
COL_SIDE_OUT = re.compile(r"\b(?:out|output|outputs|completion|completions|generated)\b", FLAGS)


@dataclass
class Row:
    cells: list[str]
    start: int
    end: int


def tables(text: str, out: Scan) -> bool:
    """Rows under a header line, split by '|', tabs, ';' or ','; the first table that gives a volume."""
    lines = [(m.start(), m.end()) for m in LINE.finditer(text) if m.end() > m.start()]
    i = 0
    while i < len(lines):
        s, e = lines[i]
        delim = _delimiter(text[s:e])
        if delim is None:
            i += 1
            continue
        header = _cells(text[s:e], delim)
        if any(not re.search(r"[a-z]", h, FLAGS) or re.match(r"\s*[0-9(]", h) for h in header):
            i += 1
            continue
        rows: list[Row] = []
        j = i + 1
        while j < len(lines):
            ls, le = lines[j]
            line = text[ls:le]
            if SEPARATOR_ROW.match(line):
                j += 1
                continue
            cells = _cells(line, delim)
            if len(cells) != len(header):
                break
            rows.append(Row(cells, ls, le))
            j += 1
        if rows and _table(text, header, rows, s, out):
            return True
        i = max(j, i + 1)
    return False


def _delimiter(line: str) -> str | None:
    for d in ("|", "\t", ";", ","):
        if line.count(d) >= (2 if d == "|" else 1) and re.search(r"[a-z]{2}", line, FLAGS):
            return d
    return None


def _cells(line: str, delim: str) -> list[str]:
    if delim == "|":
        line = line.strip().strip("|")
    return [c.strip() for c in line.split(delim)]


def _number(cell: str) -> float | None:
    m = CELL_NUM.match(cell)
    if m is None:
        return None
    try:
        return parse_quantity(m["n"] + {"mm": "m", "bn": "b"}.get((m["s"] or "").lower(), m["s"] or ""),
                              field="cell", max_value=1e15)
    except (UnitError, ArithmeticError, ValueError):
        return None


def _table(text: str, header: list[str], rows: list[Row], start: int, out: Scan) -> bool:
    cols = [h.lower().replace("_", " ") for h in header]
    period_col = next((k for k, h in enumerate(cols) if PERIOD_COL.match(h)), None)
    if period_col is None:
        period_col = next((k for k in range(len(cols)) if all(DATE.match(r.cells[k]) for r in rows)), None)
    tokens = [k for k, h in enumerate(cols) if TOKEN_COL.search(h) and not MONEY_COL.search(h)]
    sizes = [k for k in tokens if PER_ITEM_COL.search(cols[k]) and not PERIOD_IN_COL.search(cols[k])]
    totals_ = [k for k in tokens if k not in sizes]
    if not tokens:
        return False
    counted = [k for k, h in enumerate(cols) if k not in tokens and k != period_col and not MONEY_COL.search(h)
               and (ITEM_COL.search(h) or PEOPLE_COL.search(h))]
    body = [r for r in rows if not TOTAL_ROW.match(r.cells[0])]
    head_win = window_days(text, max(0, text.rfind("\n", 0, max(0, start - 1)) + 1), start) if start else None
    span_days, daily, outs, alls = 0.0, 0.0, 0.0, 0.0
    for r in body:
        row_days = _row_days(r.cells[period_col]) if period_col is not None else None
        if totals_:
            read = [(k, _number(r.cells[k])) for k in totals_]
            values = [(k, v) for k, v in read if v is not None]
            if len(values) < len(read):
                return False
            sided = [(k, v) for k, v in values if COL_SIDE_IN.search(cols[k]) or COL_SIDE_OUT.search(cols[k])]
            whole = [v for k, v in values if (k, v) not in sided]
            amount = whole[0] if whole else sum(v for _, v in sided)
            days = _col_days(cols[totals_[0]]) or row_days or (head_win[0] if head_win else None)
            o = sum(v for k, v in sided if COL_SIDE_OUT.search(cols[k]))
            if sided and o:
                outs, alls = outs + o, alls + amount
        elif sizes and counted:
            size = _number(r.cells[sizes[0]])
            counts = [_number(r.cells[k]) for k in counted]
            if size is None or any(c is None for c in counts):
                return False
            amount = size
            for c in counts:
                amount *= float(c or 0)
            per = [d for k in counted if (d := _col_days(cols[k]))]
            days = (per[0] if per else None) or row_days or (head_win[0] if head_win else None)
        else:
            return False
        if not days:
            return False
        if period_col is not None and row_days:  # rows are periods: the average day over all of them
            span_days += row_days
            daily += amount
        else:  # rows are workloads: their daily volumes add up
            daily += amount / days
    per_day = daily / span_days if span_days else daily
    end = rows[-1].end
    note = f"{len(body)} rows of {', '.join(header)}: " + ("average" if span_days else "sum")
    if alls and 0 < outs / alls < 1:
        out.found.append(Found("output_share", outs / alls, start, end, f"{note}; output {outs / alls:.0%}",
                               strength=2))
    return _emit(out, per_day, start, end, f"{note} = {human(per_day)}/day")


def _row_days(cell: str) -> float | None:
    """The days a period column's cell covers (one shared grammar: a dated day is a day, a month a month)."""
    return label_days(cell) if DATE.match(cell) else None


def _col_days(col: str) -> float | None:
    m = PERIOD_IN_COL.search(col)
    if m is None:
        return None
    word = (m["u"] or m["adv"]).lower()
    return {"h": 1 / 24, "d": 1.0, "w": 7.0, "m": DAYS_PER_MONTH}[word[0]]


# --- series of daily figures ----------------------------------------------------------------------------

SERIES = re.compile(r"(?<![\w.,])(?:[0-9]+(?:\.[0-9]+)?\s{0,2}[kmb]\b\s{0,2}(?:,|and)\s{0,3}){2,}"
                    r"(?:and\s{1,3})?[0-9]+(?:\.[0-9]+)?\s{0,2}[kmb]\b", FLAGS)
DAILY = re.compile(r"\b(?:daily|per day|a day|/day|each day|every day|day[- ]by[- ]day|by day)\b|"
                   r"\bmon(?:day)?\s{0,2}(?:-|–|to|through|thru)\s{0,2}(?:fri|sun)", FLAGS)
WEEKDAYS = re.compile(r"\bmon(?:day)?\s{0,2}(?:-|–|to|through|thru)\s{0,2}fri(?:day)?\b|\bweekdays\b", FLAGS)
WEEKEND = re.compile(r"\bweekends?\b[^0-9.\n]{0,20}?(?P<n>[0-9]+(?:\.[0-9]+)?\s{0,2}[kmb])\b(?P<each>\s{0,3}"
                     r"(?:each|a day|per day|/day))?", FLAGS)


def series(text: str, out: Scan) -> bool:
    """'310M, 295M, 330M, 305M, 320M for Mon-Fri; weekends ~40M each': the average day of the figures listed."""
    for m in SERIES.finditer(text):
        left, right = sentence_bounds(text, m.start(), m.end(), 160)
        if not DAILY.search(text, left, right) or not re.search(r"tok", text[left:right], FLAGS):
            continue
        values = [v for s in re.findall(r"[0-9]+(?:\.[0-9]+)?\s{0,2}[kmb]\b", m.group(), FLAGS)
                  if (v := _number(s)) is not None]
        total, days, note = sum(values), float(len(values)), f"{len(values)} daily figures"
        line_end = text.find("\n", m.end())
        rest = text[m.end():line_end if line_end >= 0 else len(text)]
        weekend = WEEKEND.search(rest)
        if len(values) == 5 and WEEKDAYS.search(text, left, right) and weekend:
            w = _number(weekend["n"]) or 0.0
            total, days = total + (2 * w if weekend["each"] else w), 7.0
            note += " for the weekdays + the weekend"
        per_day = total / days
        return _emit(out, per_day, m.start(), m.end() + (weekend.end() if weekend else 0),
                     f"{note}: average {human(per_day)}/day")
    return False


def _emit(out: Scan, per_day: float, start: int, end: int, note: str) -> bool:
    if not 0 < per_day <= MAX_TOKENS_PER_DAY:
        return False
    out.found.append(Found("tokens_per_day", per_day, start, end, note, strength=2))
    out.consumed.append((start, end))
    return True


def read(norm: Norm, qs: list[Qty], out: Scan) -> None:
    """The volume of a table, a series of daily figures or a total over a window, when the labelled-field reader
    found none; its span is consumed so the sentence reader does not read the same figures again. Tables are read
    in the message as typed (the canonical text reads '2026-05-01,1,5M' as a decimal comma or a range)."""
    if any(f.field == "tokens_per_day" for f in out.found):
        return
    raw = Scan()
    if tables(norm.source, raw):
        for f in raw.found:
            f.start, f.end = _canonical(norm, f.start, f.end)
            out.found.append(f)
        out.consumed += [(f.start, f.end) for f in raw.found if f.field == "tokens_per_day"]
        return
    if series(norm.text, out) or per_person(norm.text, qs, out):
        return
    totals(norm.text, qs, out)


# --- a total per person over a window, times the people ------------------------------------------------------

_PERSON = r"users?|employees?|customers?|agents?|developers?|devs?|engineers?|people|seats?|members?|students?|" \
          r"staff|analysts?|lawyers?|doctors?|nurses?|clinicians?|reps?|heads?|persons?|officers?|advisers?|advisors?"
PER_PERSON = re.compile(rf"(?:\bper|/)\s{{0,2}}(?:{_PERSON})\b|\beach\b|\bapiece\b|\ba head\b", FLAGS)
PEOPLE_AFTER = re.compile(rf"\s{{0,3}}(?:[a-z][a-z-]{{1,20}}\s{{1,3}}){{0,2}}?(?:{_PERSON})\b", FLAGS)
PEOPLE_LABEL = re.compile(rf"\b(?:{_PERSON})\s{{0,2}}(?:\([^)]{{0,20}}\)\s{{0,2}})?[:=]\s{{0,3}}(?:~|about\s)?$", FLAGS)


ITEM_SIZE_AFTER = re.compile(rf"\s{{0,3}}(?:(?:per|an?)\s{{1,3}}|/\s{{0,2}})(?!(?:{_PERSON})\b|{_PERIODS})[a-z]",
                             FLAGS)
ITEM_SIZE_BEFORE = re.compile(r"(?:\bof|\bat|@|\bx|×)\s{0,3}(?:~|about\s|around\s|roughly\s)?$", FLAGS)
ITEM_COUNT = re.compile(rf"[0-9][0-9,.]*\s{{0,2}}[kmb]?\s{{1,3}}(?:[a-z-]+\s{{1,3}}){{0,2}}?(?:{ITEM_WORDS}|times|"
                        r"reports?|runs?)\b", FLAGS)


def per_person(text: str, qs: list[Qty], out: Scan) -> bool:
    """'2,700 employees averaged 310k tokens each last month', 'Per user per month: ~350k tokens. Users: 2,400',
    'last quarter each of our 60 analysts used roughly 5M tokens': tokens per person over a window x the people."""
    people = [q for q in qs if not q.currency and 2 <= q.value <= 1e7 and (not q.scaled or q.suffix == "k")
              if PEOPLE_AFTER.match(text, q.end) or PEOPLE_LABEL.search(text, max(0, q.start - 30), q.start)]
    if not people:
        return False
    for q in qs:
        if q.currency or q.value < 1e3 or q in people or not (UNIT_AFTER.match(text, q.end) or LABEL_BEFORE.search(
                text, max(0, q.start - 45), q.start)):
            continue
        if NOT_TODAY.search(text, max(0, q.start - 60), q.start) or PEAK.search(text, max(0, q.start - 60), q.start):
            continue
        unit = UNIT_AFTER.match(text, q.end)
        if ITEM_SIZE_AFTER.match(text, unit.end() if unit else q.end) or ITEM_SIZE_BEFORE.search(
                text, max(0, q.start - 16), q.start):
            continue  # '4k tokens per report', 'calls of 1.5k tokens': the size of one item
        left, right = sentence_bounds(text, q.start, q.end, 160)
        if ITEM_COUNT.search(text, left, right) or any(
                left <= o.start < right and o is not q and o not in people and not o.currency for o in qs):
            continue  # items counted: the sentence reader's people x items x size
        if not PER_PERSON.search(text, left, right) or value_negated(text, q.start) or hypothetical(text, q.start):
            continue
        rate = rate_at(text, unit.end() if unit else q.end)  # '~2M tokens in October', '300k tokens a day'
        win = (1 / rate[0], q.end, rate[2]) if rate else window_days(text, left, right, q.start)
        if win is None:
            continue
        heads = min(people, key=lambda p: abs(p.start - q.start))
        per_day = q.value * heads.value / win[0]
        note = f"{human(heads.value)} people × {human(q.value)} tokens each over {win[0]:g} days"
        return _emit(out, per_day, min(q.start, win[1]), max(q.end, win[2]), f"{note} = {human(per_day)}/day")
    return False


def _canonical(norm: Norm, start: int, end: int) -> tuple[int, int]:
    """The canonical span of the message's [start, end)."""
    inside = [i for i in range(len(norm.text)) if norm.lo[i] >= start and norm.hi[i] <= end]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)
