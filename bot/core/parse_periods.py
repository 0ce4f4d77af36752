"""How many days a period covers: one answer for every reader. A period word or its abbreviation ('week', 'wk',
'monthly', 'fortnightly', 'per annum', 'H1') through ``unit_days``; a row's date or period label ('2026-10-14',
'Oct 14', 'Mon', '2026-W46', 'Oct 2026', '2026-10', 'Q3', 'H1 2026', 'FY25', '2025') through ``label_days``: a
day-dated label covers one day, a month-dated one a month, whoever reads it (spend rows and token rows alike).
Pure; every regex linear."""

from __future__ import annotations

import re

from .units import DAYS_PER_MONTH, DAYS_PER_YEAR

FLAGS = re.IGNORECASE
QUARTER = DAYS_PER_YEAR / 4
# the days of each kind of period, by its canonical name
PERIOD_DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "fortnight": 14.0, "month": DAYS_PER_MONTH,
               "quarter": QUARTER, "half": DAYS_PER_YEAR / 2, "year": DAYS_PER_YEAR}
MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
MONTH_INDEX = {name: k for k, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                                 "nov", "dec"))}
_WORDS = {
    "hour": ("h", "hr", "hrs", "hour", "hours", "hourly"),
    "day": ("d", "day", "days", "daily", "per diem", "nightly", "night", "nights"),
    "week": ("w", "wk", "wks", "week", "weeks", "weekly"),
    "fortnight": ("f", "fortnight", "fortnights", "fortnightly", "biweekly", "bi-weekly"),
    "month": ("m", "mo", "mos", "mth", "mths", "month", "months", "monthly"),
    "quarter": ("q", "qtr", "qtrs", "quarter", "quarters", "quarterly"),
    "half": ("half", "half-year", "half year", "half-yearly", "half yearly", "semiannual", "semi-annual",
             "semiannually", "semi-annually", "h1", "h2"),
    "year": ("y", "yr", "yrs", "year", "years", "yearly", "annual", "annually", "annum", "annualised", "annualized",
             "p.a."),
}
_KIND = {word: kind for kind, words in _WORDS.items() for word in words}


def period_kind(word: str) -> str | None:
    """The canonical kind ('day', 'week', 'fortnight', 'month', 'quarter', 'half', 'year', 'hour') of a period word
    or abbreviation: 'wk' → 'week', 'Annually' → 'year', 'bi-weekly' → 'fortnight'; None when it is none."""
    return _KIND.get(re.sub(r"\s+", " ", word.strip().lower()))


def unit_days(word: str) -> float | None:
    """The days one period named by ``word`` covers: 'week' 7, 'mo' 30.44, 'quarterly' 91.3, 'H1' 182.6."""
    kind = period_kind(word)
    return PERIOD_DAYS[kind] if kind else None


_DAY_NUM = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
LABEL = re.compile(
    # one day: an ISO or slashed date, a weekday, a month with its day ('Oct 14', '14 Oct 2026', 'Oct 14th, 2026')
    rf"(?P<day>{_YEAR}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}|[0-9]{{1,2}}/[0-9]{{1,2}}(?:/(?:{_YEAR}|[0-9]{{2}}))?"
    rf"|[0-9]{{1,2}}\.[0-9]{{1,2}}\.(?:{_YEAR}|[0-9]{{2}})"
    rf"|{_WEEKDAY}(?:,?\s{{1,2}}(?:{MONTHS})\.?\s{{1,2}}{_DAY_NUM}|,?\s{{1,2}}{_DAY_NUM}(?:\s{{1,2}}(?:{MONTHS})\.?)?|"
    rf",?\s{{1,2}}[0-9]{{1,2}}[/.][0-9]{{1,2}}(?:[/.][0-9]{{2,4}})?)?"
    rf"|(?:{MONTHS})\.?\s{{1,2}}{_DAY_NUM}(?:,?\s{{1,2}}{_YEAR})?|{_DAY_NUM}\s{{1,2}}(?:{MONTHS})\.?(?:,?\s{{1,2}}{_YEAR})?"
    rf"|day\s{{0,2}}[0-9]{{1,3}}|today|yesterday|day|daily)"
    # one week: ISO week ('2026-W46', 'W46'), 'week 3', 'wk 12', 'week of Oct 12'
    rf"|(?P<week>(?:{_YEAR}-?)?w[0-9]{{1,2}}|(?:week|wk)\.?\s{{0,2}}#?[0-9]{{1,2}}(?:\s{{1,2}}{_YEAR})?"
    rf"|week of\b.{{1,20}}|week|weekly)"
    # one month: '2026-10', '10/2026', 'Oct', 'October 2026', "Oct '26", 'Oct-26' (a spreadsheet's month)
    rf"|(?P<month>{_YEAR}[-/.](?:1[0-2]|0?[1-9])|(?:1[0-2]|0?[1-9])[/.]{_YEAR}"
    rf"|(?:{MONTHS})\.?(?:,?\s{{1,2}}{_YEAR}|\s{{0,2}}['’][0-9]{{2}}|-[0-9]{{2}})?|month|monthly)"
    rf"|(?P<quarter>(?:{_YEAR}[-\s]?)?q[1-4](?:[-\s]?(?:{_YEAR}|['’]?[0-9]{{2}}))?|quarter|quarterly)"
    rf"|(?P<half>(?:{_YEAR}[-\s]?)?h[12](?:[-\s]?(?:{_YEAR}|['’]?[0-9]{{2}}))?)"
    rf"|(?P<year>fy\s?['’]?[0-9]{{2}}(?:[0-9]{{2}})?|{_YEAR}|year|annual|yearly)",
    FLAGS,
)


def label_days(cell: str) -> float | None:
    """The days a row's date or period label covers: one for a dated day ('2026-10-14', 'Oct 14', 'Tue'), seven for
    a week ('2026-W46'), a month for a month ('2026-10', 'Oct', "Oct '26"), a quarter ('Q3 2026'), a half-year ('H1'),
    a year ('FY25', '2025'); None when the cell is no period label."""
    m = LABEL.fullmatch(cell.strip().strip("*_`").strip())
    return PERIOD_DAYS[m.lastgroup] if m and m.lastgroup else None


# --- the span a total covers, said in a sentence ------------------------------------------------------

NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "thirty": 30, "ninety": 90}
_N = r"[0-9]{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|ninety"
_UNIT = r"h|hrs?|hours?|d|days?|w|wks?|weeks?|fortnights?|mo|mos|months?|quarters?|y|yrs?|years?"
# The span a total covers, wherever it is said: 'last 7d', '(30d)', 'over the past 30 days', '30-day window',
# 'last month', 'Q3', 'H1', 'FY26', 'Oct', 'in 2025', 'spread over 3 months', 'every quarter', 'weekly'.
WINDOW = re.compile(
    rf"\b(?:last|past|previous|trailing|rolling|over|across|in|spread over|during|for)\s{{1,3}}(?:the\s{{1,3}})?"
    rf"(?:(?:last|past|same|first)\s{{1,3}})?(?P<n>{_N})\s{{0,2}}-?\s{{0,2}}(?P<u>{_UNIT})\b"
    rf"|\(\s{{0,2}}(?P<n2>[0-9]{{1,3}})\s{{0,2}}(?P<u2>{_UNIT})\s{{0,2}}\)"
    rf"|\b(?P<n3>[0-9]{{1,3}})\s{{0,2}}-?\s{{0,2}}(?P<u3>d|day|w|week|month)\s{{1,3}}(?:window|total|sum|period|"
    rf"range|view|usage|rollup)\b"
    rf"|\b(?:last|past|previous|this|the|a|per|each|every|one|for the)\s{{1,3}}(?P<u4>week|month|quarter|year|"
    rf"fortnight)\b"
    rf"|\b(?P<adv>weekly|monthly|quarterly|yearly|annual|annually|fortnightly)\b"
    rf"|(?<![\w-])(?P<q>q[1-4])(?![\w-])|(?<![\w-])(?P<half>h[12])(?![\w-])"
    rf"|(?<![\w-])(?P<fy>fy\s?'?[0-9]{{2}}(?:[0-9]{{2}})?)(?![\w-])"
    rf"|\b(?:in|during|for|over)\s{{1,3}}(?P<year>20[0-9]{{2}})\b"
    rf"|(?<![\w-])(?P<mr1>{MONTHS})\.?\s{{0,2}}(?:-|–|to|through|thru)\s{{0,2}}(?P<mr2>{MONTHS})\.?(?![\w-])"
    rf"|(?<![\w-])(?P<mon>{MONTHS})\.?(?![\w-])",
    FLAGS,
)
NOT_A_MONTH = re.compile(r"may|mar|jun|jul|dec|sep", FLAGS)  # words too ('may', 'mar'): only capitalised


def window_days(text: str, start: int, end: int, near: int | None = None) -> tuple[float, int, int] | None:
    """The window said in text[start:end] (the one nearest to ``near`` when given): (days, start, end)."""
    found = [(days, m.start(), m.end()) for m in WINDOW.finditer(text, start, end) if (days := _days(m))]
    if not found:
        return None
    return found[0] if near is None else min(found, key=lambda w: min(abs(w[1] - near), abs(w[2] - near)))


def _days(m: re.Match[str]) -> float | None:
    n = m["n"] or m["n2"] or m["n3"]
    if n:
        count = float(NUM_WORDS.get(n.lower(), 0) or n) if not n.isdigit() else float(n)
        days = unit_days(m["u"] or m["u2"] or m["u3"])
        return count * days if count > 0 and days else None
    if m["u4"] or m["adv"]:
        return unit_days(m["u4"] or m["adv"])
    if m["q"]:
        return QUARTER
    if m["half"]:
        return PERIOD_DAYS["half"]
    if m["fy"] or m["year"]:
        return DAYS_PER_YEAR
    if m["mr1"]:  # 'Apr–Jun': the months from one to the other
        a, b = (MONTH_INDEX[m[g][:3].lower()] for g in ("mr1", "mr2"))
        return ((b - a) % 12 + 1) * DAYS_PER_MONTH
    if m["mon"]:
        word = m["mon"]
        if NOT_A_MONTH.fullmatch(word) and not word[0].isupper():
            return None
        if re.match(r"\s{0,2}[0-9]{1,2}(?![0-9])", m.string[m.end():]):
            return 1.0  # 'on Dec 1': one day
        if word.lower() == "may" and not re.match(r"\s{0,2}(?:tokens?|[:0-9]|20[0-9]{2}\b)", m.string[m.end():]):
            return None  # 'May' the modal at a sentence start
        return DAYS_PER_MONTH
    return None
