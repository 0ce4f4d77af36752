"""Daily tokens by dimensional analysis: every figure said as "so many A per B" becomes a ratio, every bare count
"N B" a count, and the daily volume is the chain of ratios whose units cancel down to tokens per day:
tokens/call × calls/task × tasks/day, or tokens/message × messages/(user · 2 minutes) × users.

What it reads, whatever the nouns are called (the nouns only have to match each other):
- "N <A> per|/|for each|in each <B>" and "N <A> a|per|every|/ <period>" (also both: "a summary every 10 minutes
  per site", "6 lookups per driver per shift");
- one thing at an interval: "a message every 2 minutes", "one line every 5 minutes";
- "each <B> (does|makes|...) N <A>", "per <B> we make N <A>": the count is per B;
- "<people>, each sending ...", "4 sessions a week each": per one of the people counted before;
- the size of one item: "N tokens per|a|/ <A>", "<A> at|@|of|with N tokens", "N tokens each".

Used by parse_volume when a chain of three or more figures closes on tokens per day. Pure; every regex linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .parse_numbers import FLAGS, PER_DAY, Qty, sentence_bounds
from .parse_scope import hypothetical, value_negated

WORD_NUMBERS = {"a": 1.0, "an": 1.0, "one": 1.0, "single": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
                "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "twelve": 12.0}
NUMBER_WORD = re.compile(r"\b(?:an?|one|single|two|three|four|five|six|seven|eight|nine|ten|twelve)\b", FLAGS)
TOKEN = re.compile(r"\s{0,3}-?\s{0,2}(?:(?:input|output|prompt|llm|total)\s{1,3})?tok(?:en)?s?\b", FLAGS)
NOUN = r"[a-z][a-z-]{1,20}"
# the thing counted: the last of up to three words ("12 tool calls", "a frame description request")
COUNTED = re.compile(rf"\s{{1,3}}(?:{NOUN}\s{{1,3}}){{0,2}}?(?P<n>{NOUN})\b(?!\s{{0,2}}-)"
                     rf"(?=\s{{0,3}}(?:per\b|/|every\b|each\b|for\b|in\b|a\b|an\b|at\b|@|of\b|with\b|apiece\b|[,.;:)(]|"
                     r"$|and\b|x\b|×|who\b|that\b|which\b|all\b|are\b|do\b|does\b|make\b|send\b|use\b|ask\b|"
                     r"run\b|write\b|[a-z]{2,12}ing\b))", FLAGS)
PERIOD_WORDS = ("second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year", "quarter",
                "fortnight", "shift", "night", "weekday", "workday")
# "per B", "/ B", "every 2 minutes", "a week", "in each B": what one figure is counted against
PER = re.compile(rf"\s{{0,3}}(?:(?P<any>per|/|every|each|for each|for every|in each|in every|on each|at each)|"
                 rf"(?P<art>a|an|in a|in an))\s{{0,3}}(?:(?P<k>[0-9]{{1,3}}(?:\.[0-9])?|other|two|three|four|five|"
                 rf"ten|fifteen|twenty|thirty)\s{{1,3}})?(?:(?P<adj>{NOUN})\s{{1,3}})??"
                 rf"(?P<d>{NOUN})\b", FLAGS)
WORD_COUNTS = {"other": 2.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "ten": 10.0, "fifteen": 15.0,
               "twenty": 20.0, "thirty": 30.0}
EACH_AFTER = re.compile(r"\s{0,3}(?:each|apiece|a head|per head|per person|a pop|a piece)\b", FLAGS)
SIZE_BEFORE = re.compile(rf"\b(?P<n>{NOUN})\s{{0,3}}(?:,\s{{0,3}})?(?:at|@|of|with|averaging|each|each about|"
                         r"each around|"
                         r"(?:each\s{1,3})?(?:is|are|being|runs?|costs?|uses?|takes?)(?:\s{1,3}about|\s{1,3}around)?)"
                         r"\s{0,3}$", FLAGS)
# "each task does 8 calls", "per shipment we make 3 calls", "for every claim, 2 calls": the count is per B
PER_BEFORE = re.compile(rf"\b(?:each|every|per|for each|for every|in each|on each)\s{{1,3}}(?:(?:of\s{{1,3}})?"
                        rf"(?:the|our|their|these|those)\s{{1,3}})?(?P<a>{NOUN})(?:\s{{1,3}}(?P<b>{NOUN}))?\s{{0,2}},?"
                        rf"(?:\s{{1,3}}{NOUN}){{0,3}}\s{{1,3}}$", FLAGS)
# a figure right before 'per B' owns it ('4k tokens per call, 2,000 tasks/day': the tasks are not per call)
OWNED_PER = re.compile(r"[0-9][0-9.,]*\s{0,2}[a-z]{0,8}\s{1,3}(?:[a-z-]{1,20}\s{1,3}){0,2}$", FLAGS)
NOT_NOUN = frozenset(["token", "tokens", "tok", "toks", "of", "the", "our", "and", "or", "to", "at", "in", "on",
                      "for", "with", "per", "each", "every", "more", "less", "percent", "times", "x", "ms", "gb",
                      "tb", "usd", "dollars", "bucks", "k", "m", "b", "is", "are", "was", "about", "around",
                      "roughly", "approx", "total", "so", "then", "than", "but", "mostly"])


@dataclass
class Ratio:
    value: float  # so many of ``num`` per one of each noun in ``dens`` (per day when ``timed``)
    num: str
    dens: list[str] = field(default_factory=list)
    timed: bool = False
    start: int = 0
    end: int = 0


@dataclass
class Chain:
    per_day: float
    start: int
    end: int
    note: str
    links: int
    peak: tuple[float, int, int] | None = None  # people at peak ÷ people on average, where said


def stem(word: str) -> str:
    w = word.lower()
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


def _period(word: str, k: str | None) -> float | None:
    """Per-day factor of one of ``word`` (or of every ``k`` of them)."""
    w = stem(word)
    w = {"night": "day", "weekday": "day", "workday": "day", "sec": "second", "min": "minute", "hr": "hour"}.get(w, w)
    if w not in PER_DAY:
        return None
    n = WORD_COUNTS.get((k or "").lower()) or (float(k) if k and k[0].isdigit() else 1.0)
    return PER_DAY[w] / n if n > 0 else None


def _numbers(text: str, qs: list[Qty]) -> list[tuple[float, int, int]]:
    nums = [(q.value, q.start, q.end) for q in qs if not q.currency and q.value > 0]
    taken = [(s, e) for _, s, e in nums]
    for m in NUMBER_WORD.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            nums.append((WORD_NUMBERS[m.group().lower()], m.start(), m.end()))
    return sorted(nums, key=lambda n: n[1])


PER_ADJ = re.compile(PER.pattern.replace(r"(?:(?P<adj>", r"(?:(?P<adj>").replace(r"\s{1,3})??", r"\s{1,3})"), FLAGS)


def _per(text: str, pos: int, known: set[str]) -> re.Match[str] | None:
    """'per B' at ``pos``, B a period or a noun the message counts ('per support ticket': the ticket)."""
    per = PER.match(text, pos)
    if per is None or _period(per["d"], None) is not None or stem(per["d"]) in known:
        return per
    longer = PER_ADJ.match(text, pos)
    return longer if longer and (_period(longer["d"], None) is not None or stem(longer["d"]) in known) else per


def _tail(text: str, pos: int, r: Ratio, known: set[str]) -> int:
    """Read what the figure is counted against after ``pos`` (two at most: 'per driver per shift')."""
    for _ in range(2):
        per = _per(text, pos, known)
        if per is None:
            break
        d = per["d"].lower()
        factor = _period(d, per["k"])
        if factor is not None:
            if r.timed or (per["k"] and not per["any"]):
                break
            r.value *= factor
            r.timed = True
        elif per["k"] or stem(d) == r.num or stem(d) not in known:
            break  # "40 agents each make a call": a count of agents, each of whom does what follows
        else:
            r.dens.append(stem(d))
        pos = per.end()
    if (each := EACH_AFTER.match(text, pos)) and r.num != "token" and not VERB_NEXT.match(text, each.end()):
        r.dens.append("*each")
        pos = each.end()
    return pos


PEAK_AFTER = re.compile(r"\s{0,3}(?:online\s{1,3}|concurrent(?:ly)?\s{1,3})?(?:at|during|in)\s{1,3}(?:the\s{1,3})?"
                        r"(?:peak|busiest|rush|most)\b", FLAGS)
AVG_AFTER = re.compile(r"\s{0,3}(?:on\s{1,3}average|avg|typically|normally|usually|most of the time)\b", FLAGS)
# "40 agents each make a call": 'each' then a verb is each of the things just counted, not a rate per one of them
VERB_NEXT = re.compile(r"\s{1,3}(?!(?:per|a|an|every|day|week|month|hour|shift|and|or|with|at|on|in|of|to|is|are)\b)"
                       r"[a-z]{2,}", FLAGS)
# "each of the 12 cameras sends ...": twelve cameras, and what follows is per camera
EACH_OF = re.compile(r"\beach\s{1,3}of\s{1,3}(?:the|our|their|these|those)\s{1,3}$", FLAGS)
PLURAL = re.compile(rf"\s{{1,3}}(?:{NOUN}\s{{1,3}})??(?P<n>[a-z][a-z-]{{1,20}}s)\b", FLAGS)
EACH_REF = re.compile(r"\b(?:each|every one|who each|they each)\b(?:\s{1,3}of\s{1,3}(?:the|our|their)\s{1,3}"
                      r"[0-9][0-9.,]*\s{0,2}[km]?)?[^.;!?0-9]{0,40}$", FLAGS)


def _known(text: str, nums: list[tuple[float, int, int]]) -> set[str]:
    """The nouns the message counts ('60 sites', '2,000 tasks/day', 'a message'), whatever they are."""
    out = set()
    for _, _, end in nums:
        if (counted := COUNTED.match(text, end)) and counted["n"].lower() not in NOT_NOUN \
                and _period(counted["n"], None) is None:
            out.add(stem(counted["n"]))
    return out


def ratios(text: str, qs: list[Qty]) -> tuple[list[Ratio], dict[str, tuple[float, int]], dict[int, str]]:
    """Every 'N A per B' in ``text``, every bare count 'N B' (noun → (count, where)) and the counts said to be at
    peak or on average (where → 'peak' | 'avg')."""
    out: list[Ratio] = []
    counts: dict[str, tuple[float, int]] = {}
    labels: dict[int, str] = {}
    nums = _numbers(text, qs)
    known = _known(text, nums)
    for value, start, end in nums:
        if value_negated(text, start) or hypothetical(text, start):
            continue
        left = sentence_bounds(text, start, end, 120)[0]
        if tok := TOKEN.match(text, end):
            r = Ratio(value, "token", start=start)
            r.end = _tail(text, tok.end(), r, known)
            if not r.dens and not r.timed:
                size = SIZE_BEFORE.search(text, max(left, start - 40), start)
                if size and stem(size["n"]) in known:
                    r.dens.append(stem(size["n"]))
                elif EACH_AFTER.match(text, tok.end()) or size:
                    r.dens.append("*item")
            if r.dens and not r.timed:
                out.append(r)
            continue
        if EACH_OF.search(text, max(left, start - 30), start) and (plural := PLURAL.match(text, end)):
            counts[stem(plural["n"])] = (value, start)
            continue
        counted = COUNTED.match(text, end)
        if counted is None or counted["n"].lower() in NOT_NOUN or _period(counted["n"], None) is not None:
            continue
        noun = stem(counted["n"])
        r = Ratio(value, noun, start=start)
        r.end = _tail(text, counted.end(), r, known)
        if not r.dens:
            before = PER_BEFORE.search(text, max(left, start - 50), start)
            owner = before and OWNED_PER.search(text, max(left, before.start() - 40), before.start())
            b = next((stem(w) for w in (before["b"], before["a"]) if w and stem(w) in known), None) if before else None
            if b and not owner and b != noun:
                r.dens.append(b)
            elif EACH_REF.search(text, max(left, start - 60), start):
                r.dens.append("*each")
        if r.dens or r.timed:
            out.append(r)
        elif not NUMBER_WORD.fullmatch(text[start:end]):
            counts.setdefault(noun, (value, start))
            if PEAK_AFTER.match(text, counted.end()):
                labels[start] = "peak"
            elif noun in ("average", "avg", "mean") or AVG_AFTER.match(text, counted.end()):
                labels[start] = "avg"
    return out, counts, labels


def _resolve(text: str, rs: list[Ratio], counts: dict[str, tuple[float, int]], peaks: set[int]) -> None:
    """'*each' is one of the people counted before the figure (not a peak count of them); '*item' is the thing
    counted before the size."""
    for r in rs:
        if "*each" in r.dens:
            before = [(s, n) for n, (_, s) in counts.items() if s < r.start and s not in peaks]
            r.dens = [d for d in r.dens if d != "*each"] + ([max(before)[1]] if before else ["*none"])
        if "*item" in r.dens:
            left = sentence_bounds(text, r.start, r.end, 160)[0]
            items = [x for x in rs if x.num != "token" and left <= x.start < r.start]
            r.dens = [items[-1].num] if items else ["*none"]


def solve(text: str, qs: list[Qty]) -> Chain | None:
    """The daily token volume a chain of three or more figures gives, or None. People counted at peak and on
    average: a rate per person is per one of the average, and their ratio is the peak-to-average."""
    rs, counts, labels = ratios(text, qs)
    _resolve(text, rs, counts, {s for s, lab in labels.items() if lab == "peak"})
    best: Chain | None = None
    for t in (r for r in rs if r.num == "token" and len(r.dens) == 1):
        value, used, want = t.value, [t], t.dens[0]
        notes = [f"{t.value:g} tokens/{want}"]
        done = False
        for _ in range(5):
            step = next((r for r in rs if r not in used and r.num == want and r.num != "token"), None)
            if step is None:
                break
            used.append(step)
            value *= step.value
            nouns = [d for d in step.dens]
            if step.timed:
                for d in nouns:
                    if d not in counts:
                        break
                    value *= counts[d][0]
                    notes.append(f"{counts[d][0]:g} {d}s")
                else:
                    notes.append(f"{step.value:g} {step.num}s/day" + (f" per {'·'.join(nouns)}" if nouns else ""))
                    done = True
                break
            if len(nouns) != 1:
                break
            notes.append(f"{step.value:g} {step.num}s/{nouns[0]}")
            want = nouns[0]
        links = len(used) + (len([d for d in used[-1].dens]) if done else 0)
        if done and links >= 3 and value > 0 and (best is None or links > best.links):
            start = min(r.start for r in used)
            end = max(r.end for r in used)
            best = Chain(value, start, end, " × ".join(reversed(notes)), links)
    if best is not None and "peak" in labels.values() and "avg" in labels.values():
        by_start = {s: v for v, s in counts.values()}
        peak = max(s for s, lab in labels.items() if lab == "peak")
        avg = max(s for s, lab in labels.items() if lab == "avg")
        if by_start.get(avg, 0) > 0 and 1 <= by_start.get(peak, 0) / by_start[avg] <= 100:
            best.peak = (by_start[peak] / by_start[avg], min(peak, avg), max(peak, avg))
    return best
