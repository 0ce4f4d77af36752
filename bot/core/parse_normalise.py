"""The message in canonical form, with a map back to what was typed.

The rules downstream read one spelling of each thing: misspelt keywords fixed ("HIPPA", "tokns"), numbers in
words as digits ("three hundred million" → 300000000, "a billion and a half" → 1500000000), locale and
pasted formats as plain digits ("1.250.000", "12 500 000", "1_250_000", "2,5 million"), and a range as its
midpoint ("between 100 and 200M" → 150M, "5k-8k" → 6.5k), each change with a note. Every character of the
canonical text knows the span of the message it came from, so a fact keeps the user's own words.

Pure; one pass per step; every regex linear.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import parse_glossary as glossary
from .parse_numbers import _WORD_SCALE

FLAGS = re.IGNORECASE


@dataclass
class Norm:
    """Canonical text; ``lo[i]``/``hi[i]`` are the message span of canonical character ``i``."""

    source: str
    text: str
    lo: list[int]
    hi: list[int]
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # message spans and what was done

    @classmethod
    def of(cls, text: str) -> Norm:
        return cls(text, text, list(range(len(text))), list(range(1, len(text) + 1)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The message span of canonical ``[start, end)``."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.lo[start], self.hi[end - 1]

    def original(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.source[s:e]

    def notes_in(self, start: int, end: int) -> list[str]:
        s, e = self.span(start, end)
        return [n for a, b, n in self.notes if s <= a and b <= e]


Replace = Callable[[re.Match[str]], "tuple[str, str] | None"]  # → (replacement, note) or None to keep


def rewrite(norm: Norm, pattern: re.Pattern[str], replace: Replace) -> Norm:
    """Apply ``replace`` to every match of ``pattern``; the map back to the message follows."""
    parts: list[str] = []
    lo: list[int] = []
    hi: list[int] = []
    notes = list(norm.notes)
    pos = 0
    for m in pattern.finditer(norm.text):
        out = replace(m) if m.end() > m.start() else None
        if out is None:
            continue
        new, note = out
        parts.append(norm.text[pos:m.start()])
        lo += norm.lo[pos:m.start()]
        hi += norm.hi[pos:m.start()]
        s, e = norm.lo[m.start()], norm.hi[m.end() - 1]
        parts.append(new)
        lo += [s] * len(new)
        hi += [e] * len(new)
        if note:
            notes.append((s, e, note))
        pos = m.end()
    if not parts:
        return norm
    parts.append(norm.text[pos:])
    lo += norm.lo[pos:]
    hi += norm.hi[pos:]
    return Norm(norm.source, "".join(parts), lo, hi, notes)


def fmt(x: float) -> str:
    """A plain decimal without exponent or trailing zeros (digits the number grammar reads back exactly)."""
    if x == int(x) and abs(x) < 1e16:
        return str(int(x))
    return f"{x:.6f}".rstrip("0").rstrip(".")


# --- misspelt keywords --------------------------------------------------------------------------------------

VOCAB = [
        "hipaa", "gdpr", "fedramp", "tokens", "token", "latency", "requests", "request", "confidential",
        "budget", "kubernetes", "inference", "classification", "summarise", "summarize", "residency",
        "sovereignty", "compliance", "availability", "million", "billion", "thousand", "average",
        "throughput", "sensitive", "regulated", "customer", "customers", "patient", "patients", "personal",
        "internal", "offline", "intermittent", "monthly", "weekly", "daily", "quarterly", "yearly",
        "datacenter", "datacentre", "output", "outputs", "input", "inputs", "prompts", "prompt", "completion",
        "completions", "generated", "responses", "response", "seconds", "second", "minutes", "minute",
        "hours", "hour", "uptime", "downtime", "reasoning", "frontier", "quality", "capability", "engineers",
        "engineer", "infrastructure", "experience", "deployed", "deployment", "serving", "operations",
        "months", "weeks", "month", "week", "year", "years", "invoice", "invoices", "billing", "extraction",
        "triage", "sentiment", "redundant", "available", "production", "european", "conversations",
        "conversation", "questions", "question", "tickets", "ticket", "messages", "message", "documents",
        "document", "millions", "billions", "thousands", "annual", "annually", "leave", "building", "internet",
        "connection", "network", "redundancy", "failover", "connectivity"
    ]
PROTECTED = frozenset(
    [
        "taken", "takes", "spoken", "broken", "woken", "interval", "personnel", "regional", "internally",
        "reviews", "latest", "mouth", "patent", "patents", "patience", "parent", "parents", "dairy", "weakly",
        "notes", "node", "nodes", "price", "prices", "prize", "sending", "spending", "spend", "spent",
        "routine", "promises", "premises", "sample", "tickle", "served", "severing", "series", "lease", "leased",
        "leaves", "leaving", "leaved", "newark", "networks"
    ]
)
WORD = re.compile(r"(?<![\w'-])[A-Za-z]{4,20}(?![\w'])")


def _typo(m: re.Match[str]) -> tuple[str, str] | None:
    word = m.group()
    low = word.lower()
    if low in PROTECTED or low in _VOCAB_SET:
        return None
    hit = process.extractOne(low, VOCAB, scorer=OSA.distance, score_cutoff=1)
    if hit is None:
        return None
    fixed = hit[0]
    short = len(low) <= 5 and sorted(fixed) != sorted(low) and len(fixed) <= len(low)
    if fixed[0] != low[0] or (short and fixed not in ("hipaa", "gdpr")):
        return None  # a four-letter word is fixed only when its letters were swapped ("GDRP")
    if _stem(low) == _stem(fixed):
        return None  # another form of the word, not a typo ("summaries" is not "summarise", "generate" not "generated")
    return fixed, f"read {word!r} as {fixed!r}"


_SUFFIX = re.compile(r"(?:ies|ise|ize|ing|ed|es|s|e|y|d)$")


def _stem(word: str) -> str:
    return _SUFFIX.sub("", word) if len(word) > 5 else word


_VOCAB_SET = frozenset(VOCAB)


# --- numbers in locale and pasted formats --------------------------------------------------------------------

DOT_GROUPS = re.compile(r"(?<![\w.,])[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![\w.,]?[0-9])")
SPACE_GROUPS = re.compile(r"(?<![\w.,])[0-9]{1,3}(?: [0-9]{3})+(?![0-9]|\.[0-9]|,[0-9])")
UNDERSCORES = re.compile(r"(?<![\w.])[0-9]{1,3}(?:_[0-9]{3})+(?![\w])")
ONE_DOT_GROUP = re.compile(r"(?<![\w.,])[1-9][0-9]{0,2}\.[0-9]{3}(?![\w.,]?[0-9])")
# "1,2 mln", "1,2 bilhão", "3,5M": a comma before one or two digits and a scale is a decimal comma in any language
# (not after a date's '-': '2026-05-01,1M' is a CSV row)
DECIMAL_COMMA = re.compile(
    rf"(?<![\w.,])(?<![0-9]-)[0-9]{{1,3}},[0-9]{{1,2}}(?=\s{{0,2}}(?:(?:{_WORD_SCALE})(?![a-z])|[kmb]\b|%))",
    FLAGS,
)
# "2,000万トークン", "3억 토큰": East Asian myriads (万/萬/만 = 10,000; 億/亿/억 = 100,000,000)
MYRIAD = re.compile(r"(?<![\w.,])(?P<n>[0-9]{1,4}(?:,[0-9]{3})*(?:\.[0-9]{1,3})?)\s?(?P<u>万|萬|만|億|亿|억)")
# "1日あたり", "每天", "日均": per day, said before the figure
MIND = re.compile(r"\bmind\.(?=\s{0,2}[0-9])", FLAGS)  # German 'mind. 30 Tokens/s': at least
CJK_PER_DAY = re.compile(r"(?:1|一)日(?:あたり|当たり|に)?|日均|毎日|每天|每日")


def _myriad(m: re.Match[str]) -> tuple[str, str]:
    value = float(m["n"].replace(",", "")) * (1e4 if m["u"] in "万萬만" else 1e8)
    return f"{value:.0f}", f"read {m.group()!r} as {value:,.0f}"


def _digits_only(m: re.Match[str]) -> tuple[str, str]:
    plain = re.sub(r"[ ._]", "", m.group())
    return plain, f"read {m.group()!r} as {int(plain):,}"


def _decimal_comma(m: re.Match[str]) -> tuple[str, str]:
    return m.group().replace(",", "."), f"read {m.group()!r} as {m.group().replace(',', '.')}"


TIMES_GLUED = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,4})\s?[x×](?=[A-Za-z]{1,4}[0-9])", FLAGS)  # "8xH200" → "8× H200"

# --- approximations -----------------------------------------------------------------------------------------
# "about", "roughly", "maybe", "north of", "~" before a number and "-ish", "odd", "or so", "+" after
# it take the number given (the convention); the canonical text drops them, so every rule downstream sees the
# number itself right after the word it belongs to ("peak is maybe 3x" reads as "peak is 3x").

_NUM_AHEAD = r"(?=[$€£]?\s{0,2}[0-9])"
HEDGE_BEFORE = re.compile(
    r"(?<![\w-])(?<!more )(?:(?:about|around|roughly|approximately|approx\.?|circa|ca\.|maybe|perhaps|probably|"
    r"possibly|"
    r"likely|like|some|nearly|almost|close to|just under|just over|just shy of|something like|"
    r"somewhere (?:around|near|about)|in the (?:region|neighbou?rhood|ballpark) of|on the order of|"
    r"of the order of|give or take|north of|upwards of|ballpark|an estimated|estimated|est\.|"
    r"in the range of|more or less)\s{1,3}(?:(?:about|around|roughly|like|maybe)\s{1,3})?|[~≈∼]\s{0,2})"
    + _NUM_AHEAD, FLAGS)
HEDGE_AFTER = re.compile(r"(?:(?<=[0-9])|(?<=[0-9][kKmMbB]))(?:\s?-\s?ish|ish|\s?-\s?odd|\s+odd|\+|\s+or so|"
                         r"\s+give or take)(?![\w+])", FLAGS)


# "a second and a half", "half a second", "one and a half minutes": durations in words, as digits.
DURATION = re.compile(r"\b(?:(?:a|one)\s{1,3}(?P<u>second|minute|hour)\s{1,3}and\s{1,3}a\s{1,3}half|"
                      r"(?:a|one)\s{1,3}and\s{1,3}a\s{1,3}half\s{1,3}(?P<u2>second|minute|hour)s?|"
                      r"half\s{1,3}(?:a|an)\s{1,3}(?P<u3>second|minute|hour))\b", FLAGS)


def _duration(m: re.Match[str]) -> tuple[str, str]:
    unit = (m["u"] or m["u2"] or m["u3"]).lower()
    n = "0.5" if m["u3"] else "1.5"
    return f"{n} {unit}s", f"read {m.group()!r} as {n} {unit}s"


# A table or list row "requests/user/day | ~25", "tokens per day: 45M": the figure goes before its unit.
ROW_LINE = re.compile(r"(?m)^[ \t|*•-]{0,6}(?P<label>[A-Za-z][A-Za-z ]{0,20}(?:/|[ \t]per[ \t])[A-Za-z/ \t]{2,30}?)"
                      r"[ \t]{0,3}[|:=][ \t]{0,3}(?P<val>[~≈]?[ \t]{0,2}[0-9][0-9.,_]*[ \t]?(?:[kmb]|mn|"
                      r"bn)?)[ \t]{0,3}\|?"
                      r"[ \t]{0,3}$", FLAGS)


def _row(m: re.Match[str]) -> tuple[str, str] | None:
    if not m["label"]:
        return None
    return f"{m['val'].strip()} {m['label'].strip()}", ""


def _drop(m: re.Match[str]) -> tuple[str, str]:
    return "", ""


# "tokens_per_day: 45_000_000", "40 pct", "30 M de tokens", "€6.500": spellings of the plain forms.
SNAKE = re.compile(r"(?<=[a-z]{3})_(?=[a-z]{3})", FLAGS)
PCT = re.compile(r"(?<=[0-9])\s{0,2}(?:pct|per ?cent)\b\.?", FLAGS)
SPACED_SCALE = re.compile(r"(?<=[0-9]) (?=[kmb]\s{1,3}(?:(?:de|of|d')\s{0,2})?(?:tok|req|call|user))", FLAGS)
COUNT_DOT_GROUP = re.compile(r"(?<![\w.,])[1-9][0-9]{0,2}\.[0-9]{3}(?=\s{0,2}(?:tokens?|toks?|requests?|calls?|"
                             r"input|output|users?|queries|messages|anfragen|requêtes|solicitudes|richieste|tokens)\b)",
                             FLAGS)
MONEY_DOT_GROUP = re.compile(r"(?:(?<=[$€£])|(?<=[$€£] )|(?<=usd )|(?<=eur )|(?<=gbp ))"
                             r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?![\w.,]?[0-9])|"
                             r"(?<![\w.,])[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?=\s{0,2}(?:€|£|\$|eur\b|euros?\b|usd\b|dollars?\b|"
                             r"bucks\b|pounds?\b))",
                             FLAGS)


# --- numbers in words ----------------------------------------------------------------------------------------

UNITS = {w: i for i, w in enumerate(
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
    ])}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER_WORD = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|trillion|dozen|half|quarter|couple|a|an|and|of"
)
WORD_RUN = re.compile(rf"(?<![\w-])(?:(?:{NUMBER_WORD})s?(?:[\s-]{{1,3}}|$)){{1,24}}", FLAGS)
# A lone small number word counts only before a unit ("two seconds", "twelve L40S" is left to the counts).
UNIT_AFTER = re.compile(
    r"\s{0,3}(?:[0-9]|seconds?\b|secs?\b|minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b|tokens?\b|"
    r"tok\b|requests?\b|reqs?\b|times\b|x\b|×|percent\b|%|gpus?\b|cards?\b|nodes?\b|servers?\b|boxes\b|"
    r"machines?\b|people\b|engineers?\b|grand\b|bucks\b|dollars?\b|euros?\b|quid\b|pounds?\b|in\s+(?:[0-9]|one|two|three|four|five|six|seven|eight|nine|ten)\b)",
    FLAGS,
)
FILLER = frozenset({"a", "an", "and", "of"})


def _base(word: str) -> str:
    """'millions' → 'million', 'hundreds' → 'hundred'; other words unchanged."""
    if word.endswith("s") and word[:-1] in (*SCALES, "hundred", "dozen", "couple"):
        return word[:-1]
    return word


def _word_value(words: list[str]) -> tuple[float, int] | None:
    """The value of the longest number phrase at the start of ``words`` and how many words it used."""
    total = current = 0.0
    last, last_scale, i, used = "", 1.0, 0, 0
    while i < len(words):
        w, nxt = _base(words[i]), (words[i + 1] if i + 1 < len(words) else "")
        after = words[i + 2] if i + 2 < len(words) else ""
        if w in UNITS and not last and nxt in ("quarters", "thirds", "halves", "fifths", "tenths") and after == "of":
            part = _word_value([x for x in words[i + 3:] if x not in ("a", "an")][:4])  # "three-quarters of a million"
            den = {"quarters": 4, "thirds": 3, "halves": 2, "fifths": 5, "tenths": 10}[nxt]
            if not part or part[0] not in (1e3, 1e6, 1e9, 1e12) or not 0 < UNITS[w] < den:
                return None
            skipped = 1 if i + 3 < len(words) and words[i + 3] in ("a", "an") else 0
            return UNITS[w] / den * part[0], i + 3 + skipped + part[1]
        elif w in UNITS:
            if last in ("unit", "teen") or (last == "tens" and UNITS[w] >= 10):
                break
            current += UNITS[w]
            last = "teen" if UNITS[w] >= 10 else "unit"
        elif w in TENS:
            if last in ("unit", "teen", "tens"):
                break
            current += TENS[w]
            last = "tens"
        elif w == "hundred":
            current, last = (current or 1) * 100, "hundred"
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current, last, last_scale = 0.0, "scale", SCALES[w]
        elif w == "dozen":
            current, last = (current or 1) * 12, "dozen"
        elif w == "couple" and not last:
            current, last = 2.0, "unit"
            i += 1 if nxt == "of" else 0
        elif w in ("a", "an") and not last and _base(nxt) in ("hundred", *SCALES, "dozen", "couple"):
            i += 1
            continue
        elif w == "half" and not last and nxt in ("a", "an"):
            part = _word_value(words[i + 2:])
            if not part or part[0] not in (12, 1e3, 1e6, 1e9, 1e12):
                return None
            return part[0] / 2, i + 2 + part[1]
        elif w in ("a", "an") and not last and nxt == "quarter" and after == "of":
            part = _word_value(words[i + 3:])
            if not part or part[0] not in (1e3, 1e6, 1e9, 1e12):
                return None
            return part[0] / 4, i + 3 + part[1]
        elif w == "and" and last in ("hundred", "scale") and (nxt in UNITS or nxt in TENS):
            i += 1
            continue
        elif w == "and" and last and nxt == "a" and after == "half":
            if current:
                current += 0.5
            else:
                total += 0.5 * last_scale
            i += 3
            used = i
            continue
        else:
            break
        i += 1
        used = i
    if not last:
        return None
    return total + current, used


def _words(m: re.Match[str], text: str) -> tuple[str, str] | None:
    raw = m.group()
    tokens = [(t.group().lower(), t.start(), t.end()) for t in re.finditer(r"[A-Za-z]+", raw)]
    words = [t[0] for t in tokens]
    start = 0
    while start < len(words) and words[start] in FILLER and not (
            words[start] in ("a", "an") and start + 1 < len(words)
            and _base(words[start + 1]) in ("hundred", *SCALES, "dozen", "couple", "quarter")):
        start += 1
    if start >= len(words):
        return None
    got = _word_value(words[start:])
    if got is None:
        return None
    value, used = got
    used_words = words[start:start + used]
    while used_words and used_words[-1] in FILLER:
        used_words.pop()
        used -= 1
    if not used_words or value <= 0:
        return None
    rest = start + used
    if rest + 1 < len(words) and words[rest] == "and" and (second := _word_value(words[rest + 1:])) and re.search(
            r"\bbetween\s{1,3}$", text[max(0, m.start() - 12):m.start()] + raw[:tokens[start][1]], FLAGS):
        # "between two and three hundred million": both ends of a range, the first small
        end2 = tokens[min(rest + second[1], len(tokens) - 1)][2]
        head, phrase = raw[:tokens[start][1]], raw[tokens[start][1]:end2]
        joined = f"{fmt(value)} {words[rest]} {fmt(second[0])}"
        return f"{head}{joined}{raw[end2:]}", f"read {phrase!r} as {joined}"
    big = any(_base(w) in ("hundred", *SCALES, "dozen") or w in TENS or (w in UNITS and UNITS[w] >= 10)
              for w in used_words)
    end_in_raw = tokens[start + used - 1][2]
    if not big and not UNIT_AFTER.match(text, m.start() + end_in_raw):
        return None
    if used_words in (["half"], ["couple"]) or _base(used_words[0]) in SCALES:
        return None  # "2.5 million": the digits before it carry the number
    head = raw[:tokens[start][1]]
    tail = raw[end_in_raw:]
    phrase = raw[tokens[start][1]:end_in_raw]
    return f"{head}{fmt(value)}{tail}", f"read {phrase!r} as {fmt(value)}"


# --- ranges --------------------------------------------------------------------------------------------------

_SUF = r"(?:k|m|b|bn|mn|thousand|million|billion|mio)"
_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
RANGE = re.compile(
    rf"(?<![\w.,$€£/-])(?P<between>between\s{{1,3}}|(?:anywhere|somewhere|ranging|range|varies|varying|vary)\s{{1,3}}"
    rf"(?:from|between)\s{{1,3}})?(?P<cur>[$€£])?(?P<a>{_NUM})(?P<sa>{_SUF})?"
    rf"(?P<ua>\s{{0,2}}(?:%|ms))?\s{{0,3}}(?P<sep>-|–|to|and)\s{{0,3}}[$€£]?(?P<b>{_NUM})"
    rf"(?P<sb>\s{{0,2}}{_SUF}(?![a-z]))?(?![\w.]?[0-9])(?P<tail>(?![a-z])|(?=\s{{0,2}}(?:ms|s|x|%)))",
    FLAGS,
)
TO_UNIT = re.compile(r"\s{0,2}(?:times\b|x\b|×|%|percent\b|ms\b|milliseconds?\b|seconds?\b|secs?\b|s\b)", FLAGS)
FROM = re.compile(r"\b(?:from|grew|grow|growing|went|going|gone|jump\w*|rose|rise|increase\w*|decrease\w*|drop\w*|"
                  r"fell|fall\w*|scale\w*|move\w*|bump\w*|cut|reduce\w*|up|down|close|closer|ratio(?: of)?|"
                  r"switch\w*|migrat\w*|upgrad\w*)\s{1,3}(?:\w+\s{1,3}){0,2}$|[0-9]\s{0,2}:\s{0,2}$", FLAGS)
SCALE_OF = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "mio": 1e6, "b": 1e9, "bn": 1e9,
            "billion": 1e9}


def _range(m: re.Match[str]) -> tuple[str, str] | None:
    sep = m["sep"].lower()
    if sep == "and" and "between" not in (m["between"] or "").lower():
        return None
    if sep == "to" and not m["between"] and FROM.search(m.string, 0, m.start()):
        return None  # "from 10M to 40M", "grew 2 to 3": a change; "3 to 5 times the average", "40 to 60 analysts"
    if sep == "-" and ("." in m["a"]) != ("." in m["b"]) and not TO_UNIT.match(m.string, m.end()):
        return None  # "Llama 3.1-8B": a version and a size, not a range ("0.5-1 s" is one)
    sb = (m["sb"] or "").strip().lower()
    sa = (m["sa"] or "").lower()
    a, b = float(m["a"].replace(",", "")), float(m["b"].replace(",", ""))
    if sa and sb:
        a = a * SCALE_OF[sa] / SCALE_OF[sb]
    elif sa and not sb:
        return None
    if 0 < a < 20 and a == int(a) and not sa and b >= 1000 and b / a > 20:
        k = 10 ** math.floor(math.log10(b / a))  # "between two and three hundred million": a shares b's scale
        a = a * k if k >= 1000 and a * k < b and b % k == 0 else a
    if not 0 < a < b or b / a > 20:
        return None
    mid = fmt(round((a + b) / 2, 6))
    unit = (m["ua"] or "").strip()
    raw = m.group()
    suffix = m["sb"] or ""
    new = f"{m['cur'] or ''}{mid}{suffix}{unit if unit and not suffix else ''}"
    return new, f"{raw.strip()} is a range; used its midpoint {mid}{suffix.strip()}"


# --- the pipeline --------------------------------------------------------------------------------------------


# Contractions typed without the apostrophe ("cant leave", "dont need"): the scope rules read "can't".
CONTRACTION = re.compile(r"(?<![\w'])(can|don|won|doesn|isn|aren|didn|shouldn|mustn|couldn|wouldn|hasn|haven|wasn|"
                         r"weren)t(?![\w'])", FLAGS)


def normalise(text: str, foreign: bool = False, lang: str = "") -> Norm:
    """``lang``: the code ``parse_language.detect`` gave; another language's volume words are glossed in English."""
    norm = Norm.of(text)
    if foreign and (words := glossary.pattern(lang)) is not None:
        norm = rewrite(norm, words, lambda m: glossary.gloss(lang, m))
        norm = rewrite(norm, glossary.COUNTED, glossary.fold)
    if not foreign:
        norm = rewrite(norm, CONTRACTION, lambda m: (f"{m[1]}'t", ""))
    norm = rewrite(norm, WORD, _typo)
    low = norm.text.lower()
    if "half" in low:
        norm = rewrite(norm, DURATION, _duration)
    if "_" in low:
        norm = rewrite(norm, SNAKE, lambda m: (" ", ""))
    if DIGIT.search(low):  # the passes below only change digits (skipped for most word-only messages)
        norm = rewrite(norm, HEDGE_BEFORE, _drop)
        if ":" in low or "|" in low or "=" in low:
            norm = rewrite(norm, ROW_LINE, _row)
        if "pct" in low or "cent" in low:
            norm = rewrite(norm, PCT, lambda m: ("%", ""))
        norm = rewrite(norm, SPACED_SCALE, _drop)
        if "." in low:
            norm = rewrite(norm, MONEY_DOT_GROUP, _digits_only)
            norm = rewrite(norm, COUNT_DOT_GROUP, _digits_only)
            norm = rewrite(norm, DOT_GROUPS, _digits_only)
            if foreign:
                norm = rewrite(norm, ONE_DOT_GROUP, _digits_only)
        if "_" in low:
            norm = rewrite(norm, UNDERSCORES, _digits_only)
        norm = rewrite(norm, SPACE_GROUPS, _digits_only)
        if "," in low:
            norm = rewrite(norm, DECIMAL_COMMA, _decimal_comma)
        norm = rewrite(norm, MIND, lambda m: ("mindestens", ""))  # its dot would end the sentence
        if foreign:
            norm = rewrite(norm, MYRIAD, _myriad)
            norm = rewrite(norm, CJK_PER_DAY, lambda m: (" a day ", ""))

        norm = rewrite(norm, TIMES_GLUED, lambda m: (f"{m['n']}× ", ""))
    current = norm.text
    norm = rewrite(norm, WORD_RUN, lambda m: _words(m, current))
    if DIGIT.search(norm.text):
        norm = rewrite(norm, HEDGE_BEFORE, _drop)
        norm = rewrite(norm, HEDGE_AFTER, _drop)
        norm = rewrite(norm, RANGE, _range)
    return norm


DIGIT = re.compile(r"[0-9]")
