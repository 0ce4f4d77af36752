"""When the traffic runs: a rate that holds only part of the day or part of the week is not the daily average.

- Active hours: "120 requests a minute, but only during working hours (8 hours a day, nothing at night)",
  "8–12 per second during business hours (8h), close to zero otherwise", "Nightly batch job: 3 hours, 10M tokens
  per hour, nothing else during the day" — an hourly (or faster) rate times the hours it runs, not times 24.
  When the message says the rest of the day is quiet but not how many hours are busy, the rate gives no
  daily volume at all (the reader asks for it rather than assume 24 hours).
- Active days: "Mon–Fri only", "weekends closed", "weekdays only" — a daily (or faster) figure × 5/7; "17.5M a
  day on weekdays and about half that at weekends" — (5 × weekday + 2 × weekend) / 7.
- Occurrences: "10 days a month we run a 300M-token batch", "twice a week we re-embed 40M tokens" — a volume
  with no period of its own, times how often it happens.

Pure; every regex linear.
"""

from __future__ import annotations

import re

from .parse_numbers import FLAGS, PER_DAY, UNIT_NAME

SUB_DAY = ("second", "minute", "hour")
# The rest of the day carries (almost) nothing.
QUIET = re.compile(
    r"\b(?:nothing|zero|no (?:traffic|load|usage|requests|calls)|idle|close to zero|near(?:ly)? zero|almost nothing|"
    r"basically nothing|dead|quiet)\b(?:\s{1,3}\w+){0,3}?\s{0,3},?\s{0,3}(?:at night|overnight|otherwise|"
    r"the rest of (?:the )?(?:day|time)|outside (?:of )?(?:business|working|office) hours|after hours|"
    r"outside (?:of )?(?:it|that|this|those hours|these hours|the window|the batch)|"
    r"else during the day|during the night|in the evenings?)\b|"
    r"\bnothing else (?:during|in|for) the (?:day|rest of the day)\b|"
    r"\bonly (?:during|in|within|over) (?:the )?(?:business|working|office|opening|shop|store) hours\b|"
    r"\b(?:business|working|office|opening) hours only\b",
    FLAGS)
# How many hours the traffic runs: "8 hours a day", "(8h)", "a 10-hour day", "3 hours," (a batch window)
HOURS = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,2})(?:\s{0,2}-?\s{0,2}h\b|\s{0,2}-?\s{0,2}(?:hours?|hrs?)\b)"
                   r"(?!\s{0,3}(?:ago|later|of (?:downtime|latency|delay)|turnaround|sla|response|notice|"
                   r"window for|to (?:respond|answer|reply)))", FLAGS)
NOT_HOURS_BEFORE = re.compile(r"(?:\bwithin|\bunder|\bin|\bafter|\bevery|\bper|\bfor the last|\bpast|\blast|/)\s{0,3}$",
                              FLAGS)

WEEKDAYS_ONLY = re.compile(
    r"\b(?:mon(?:day)?\s{0,2}(?:-|–|—|to|through|thru)\s{0,2}fri(?:day)?(?:\s{1,3}only)?|weekdays?\s{1,3}only|"
    r"only\s{1,3}(?:on\s{1,3})?weekdays|working days only|only (?:on )?working days|"
    r"weekends?\s{1,3}(?:are\s{1,3})?(?:closed|off)|closed\s{1,3}(?:on\s{1,3}|at\s{1,3}|over\s{1,3})?"
    r"(?:the\s{1,3})?weekends?|no\s{1,3}(?:traffic\s{1,3}|usage\s{1,3})?(?:on\s{1,3}|at\s{1,3}|over\s{1,3})?"
    r"(?:the\s{1,3})?weekends?|nothing\s{1,3}(?:on|at|over)\s{1,3}(?:the\s{1,3})?weekends?)\b",
    FLAGS)
ON_WEEKDAYS = re.compile(r"[^.;!?\n]{0,30}?\b(?:(?:on|during|for)\s{1,3}(?:the\s{1,3})?(?:weekdays|work(?:ing)?\s?days|"
                         r"business days)|during the week)\b", FLAGS)
WEEKEND_PART = re.compile(
    r"[^.;!?\n]{0,40}?\b(?P<f>half|a third|one third|a quarter|a tenth|a fifth|[0-9]{1,2}\s{0,2}%)\s{1,3}"
    r"(?:of\s{1,3})?(?:that|it|this|those)\s{1,3}(?:on|at|over|during)\s{1,3}(?:the\s{1,3})?weekends?\b", FLAGS)
PART = {"half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25, "a tenth": 0.1, "a fifth": 0.2}

# "10 days a month", "twice a week", "3 times per month", "every other week"
OCCURS = re.compile(r"(?<![\w.])(?:(?P<n>[0-9]{1,2})\s{1,3}(?:days?|times|nights|runs?)|(?P<w>once|twice|thrice))"
                    r"\s{1,3}(?:a|per|each|every)\s{1,3}(?P<u>week|month|year|quarter)\b", FLAGS)
WORDS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}


# A window the traffic runs in, said outright: "~4 hours typing a day", "8 hours a night", "for 10 hours a day",
# "during an 8h shift", "over an 8-hour day", "during the nightly 6-hour batch"
WINDOW = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,2})\s{0,2}-?\s{0,2}(?:h|hours?|hrs?)\b\s{0,3}(?:[a-z]{2,12}\s{1,3})?"
                    r"(?:a|per|each|every)\s{1,3}(?:day|night|shift)\b|"
                    r"\b(?:during|over|for|in|across|within)\s{1,3}(?:an?\s{1,3}|the\s{1,3}|each\s{1,3}|one\s{1,3}|our\s{1,3})?"
                    r"(?:[a-z]{3,12}\s{1,3})?(?P<m>[0-9]{1,2})\s{0,2}-?\s{0,2}(?:h|hours?|hrs?)\b(?:\s{1,3}(?:long\s{1,3})?"
                    r"(?:shifts?|days?|windows?|batch(?:es)?|runs?|blocks?|sessions?)\b|\s{1,3}(?:a|per|each)\s{1,3}day\b)",
                    FLAGS)
# A window between two clock times: "between 9am and 9pm", "7am to 11pm", "business hours, 9 to 6", "open 9-5"
CLOCK = re.compile(r"\b(?:between|from|open|runs?|running|hours,?|hours are|operates?|staffed)\s{1,3}"
                   r"(?P<a>[0-9]{1,2})(?::[0-9]{2})?\s{0,2}(?P<ap>am|pm)?\s{0,3}(?:-|–|to|and|till|until)\s{0,3}"
                   r"(?P<b>[0-9]{1,2})(?::[0-9]{2})?\s{0,2}(?P<bp>am|pm)?(?![0-9:])", FLAGS)


def window_hours(text: str) -> float | None:
    """How many hours a day a rate said per second, minute or hour holds, when the message says so outright."""
    if m := WINDOW.search(text):
        n = float(m["n"] or m["m"])
        return n if 1 <= n <= 24 else None
    for c in CLOCK.finditer(text):
        a, b = int(c["a"]), int(c["b"])
        if a > 24 or b > 24:
            continue
        a += 12 if (c["ap"] or "").lower() == "pm" and a < 12 else 0
        b += 12 if (c["bp"] or "").lower() == "pm" and b < 12 else 0
        if not c["bp"] and b <= a:
            b += 12  # "9 to 6", "9-5": office hours
        hours = b - a
        if 1 <= hours <= 23:
            return float(hours)
    return None


def active_hours(text: str) -> tuple[float | None, bool]:
    """(hours a day the traffic runs, or None when not said; whether the message says the rest is quiet or names
    the window it runs in)."""
    quiet = QUIET.search(text)
    if not quiet:
        said = window_hours(text)
        return said, said is not None
    hours = [m for m in HOURS.finditer(text) if not NOT_HOURS_BEFORE.search(text, max(0, m.start() - 16), m.start())
             and 1 <= int(m["n"]) <= 23]
    if not hours:
        return window_hours(text), True
    near = min(hours, key=lambda m: abs(m.start() - quiet.start()))
    return float(near["n"]), True


def weekday_factor(text: str, start: int, end: int) -> tuple[float, str] | None:
    """The share of the week a daily figure at [start, end) holds for: (factor, how)."""
    on = ON_WEEKDAYS.match(text, end)
    if on:
        part = WEEKEND_PART.match(text, on.end())
        if part:
            f = part["f"].lower()
            share = float(f.rstrip("% ")) / 100 if f.endswith("%") else PART[" ".join(f.split())]
            return (5 + 2 * share) / 7, f"weekdays, {f} of that at weekends: (5 + 2 × {share:.3g}) / 7"
        return 5 / 7, "weekdays only: × 5/7"
    if WEEKDAYS_ONLY.search(text):
        return 5 / 7, "weekdays only: × 5/7"
    return None


def occurrences(text: str, start: int) -> tuple[float, str] | None:
    """How often a volume without a period of its own happens, per day ('10 days a month we run a 300M batch')."""
    lo = max(0, start - 80)
    found = [m for m in OCCURS.finditer(text, lo, min(len(text), start + 80))]
    if not found:
        return None
    m = min(found, key=lambda x: abs(x.start() - start))
    n = float(m["n"]) if m["n"] else WORDS[m["w"].lower()]
    per = PER_DAY[m["u"].lower()]
    return n * per, f"{m.group()} ({n:g} per {UNIT_NAME[per]})"
