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

from .parse_numbers import FLAGS, FRACTION, PER_DAY, Qty, fraction, sentence_bounds
from .parse_scope import hypothetical, value_negated

TIMES_WORDS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
WORD_NUMBERS = {**TIMES_WORDS, "a": 1.0, "an": 1.0, "one": 1.0, "single": 1.0, "two": 2.0, "three": 3.0, "four": 4.0,
                "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "twelve": 12.0}
NUMBER_WORD = re.compile(r"\b(?:an?|one|single|two|three|four|five|six|seven|eight|nine|ten|twelve|once|twice|"
                         r"thrice)\b", FLAGS)
PERSON = frozenset(["person", "head", "user", "member", "employee", "individual", "staffer", "people"])
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
PER = re.compile(rf"\s{{0,3}}(?:(?P<any>(?:per|every|each|for each|for every|in each|in every|on each|at each)\b|/)|"
                 rf"(?P<art>(?:a|an|in a|in an)\b))\s{{0,3}}(?:(?P<k>[0-9]{{1,3}}(?:\.[0-9])?|other|two|three|four|"
                 rf"five|"
                 rf"ten|fifteen|twenty|thirty)\s{{1,3}})?(?:(?P<adj>{NOUN})\s{{1,3}})??"
                 rf"(?P<d>{NOUN}|s|h)\b", FLAGS)
WORD_COUNTS = {"other": 2.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "ten": 10.0, "fifteen": 15.0,
               "twenty": 20.0, "thirty": 30.0}
EACH_AFTER = re.compile(r"\s{0,3}(?:each|apiece|a head|per head|per person|a pop|a piece)\b", FLAGS)
SIZE_BEFORE = re.compile(rf"\b(?P<n>{NOUN})\s{{0,3}}(?:,\s{{0,3}})?(?:at|@|of|with|averaging|averages?|each|each about|"
                         r"each around|"
                         r"(?:each\s{1,3})?(?:is|are|being|runs?|costs?|uses?|takes?)(?:\s{1,3}about|\s{1,3}around)?)"
                         r"\s{0,3}$", FLAGS)
# "each task does 8 calls", "per shipment we make 3 calls", "for every claim, 2 calls": the count is per B
PER_BEFORE = re.compile(rf"\b(?:each|every|per|for each|for every|in each|on each)\s{{1,3}}(?:(?:of\s{{1,3}})?"
                        rf"(?:the|our|their|these|those)\s{{1,3}})?(?P<a>{NOUN})(?:\s{{1,3}}(?P<b>{NOUN}))?\s{{0,2}},?"
                        rf"(?:\s{{1,3}}{NOUN}){{0,3}}\s{{1,3}}$", FLAGS)
# ", report ~2,500 tokens": a size labelled with the item it is of
SIZE_LABEL = re.compile(rf"(?:^|[,;:(\n])\s{{0,3}}(?:(?:the|each|every|one|an?)\s{{1,3}})?(?P<n>{NOUN})\s{{0,3}}:?"
                        r"\s{0,3}$",
                        FLAGS)
# a share of what was just counted: ', a third use the assistant daily', ' flagged at 2%', ', 1 out of 5 gets'
SHARE_AFTER = re.compile(r"\s{0,3}(?:[a-z]{2,12}\s{1,3})??(?:,\s{0,3}|(?:at|about|roughly|around|~)\s{1,3})?"
                         r"(?:about\s{1,3}|roughly\s{1,3}|around\s{1,3}|maybe\s{1,3}|only\s{1,3}|~)?" + FRACTION.pattern
                         + r"(?:\s{1,3}of\s{1,3}(?:them|those|these|us))?(?!\s{1,3}[a-z]{2,12}\s{1,3}(?:an?|one)\s)"
                         r"(?!\s{0,3}(?:of\s{1,3})?(?:the\s{1,3})?"
                         r"(?:tokens?|output|input|traffic|calls?|requests?|cost|spend))", FLAGS)
SHARE_BEFORE = re.compile(FRACTION.pattern + r"\s{1,3}(?:[a-z]{2,12}\s{1,3}){0,2}$", FLAGS)
# the period the share of people is active in: '... a third use the assistant daily'
ACTIVE = re.compile(r"[^.;,!?0-9]{0,40}?\b(?:(?:each|every|per|a)\s{1,3}(?P<p>day|week|month)|"
                    r"(?P<adv>daily|weekly|monthly))\b", FLAGS)
ADVERB = {"daily": "day", "weekly": "week", "monthly": "month"}
# a figure right before 'per B' owns it ('4k tokens per call, 2,000 tasks/day': the tasks are not per call)
OWNED_PER = re.compile(r"[0-9][0-9.,]*\s{0,2}[a-z]{0,8}\s{1,3}(?:[a-z-]{1,20}\s{1,3}){0,2}$", FLAGS)
NOT_NOUN = frozenset(["token", "tokens", "tok", "toks", "of", "the", "our", "and", "or", "to", "at", "in", "on",
                      "for", "with", "each", "every", "more", "less", "percent", "x", "ms", "gb",
                      "tb", "usd", "dollars", "bucks", "k", "m", "b", "is", "are", "was", "about", "around", "per",
                      "roughly", "approx", "total", "so", "then", "than", "but", "mostly"])


@dataclass
class Ratio:
    value: float  # so many of ``num`` per one of each noun in ``dens`` (per day when ``timed``)
    num: str
    dens: list[str] = field(default_factory=list)
    timed: bool = False
    sub_day: bool = False  # per second, minute or hour: holds only the hours a day it runs
    parts: bool = False  # a size made of one item's input and output parts
    shared: bool = False  # scaled by a share said with it ('1 in 10', 'flagged at 2%')
    factor: float = 1.0  # the per-day factor of its period, when timed
    start: int = 0
    end: int = 0


@dataclass
class Chain:
    per_day: float
    start: int
    end: int
    note: str
    links: int
    sub_day: bool = False
    parts: bool = False
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
    """Read what the figure is counted against after ``pos`` (two at most: 'per driver per shift', '9 meetings
    each per week'). A size is per whatever item it names ('200 tokens per summary')."""
    for _ in range(3):
        if (each := EACH_AFTER.match(text, pos)) and r.num != "token" and not VERB_NEXT.match(text, each.end()):
            if "*each" not in r.dens:
                r.dens.append("*each")
            pos = each.end()
            continue
        per = _per(text, pos, known)
        if per is None:
            break
        d = per["d"].lower()
        factor = _period(d, per["k"])
        if factor is not None:
            if r.timed or (per["k"] and not per["any"]):
                break
            r.value *= factor
            r.timed, r.sub_day, r.factor = True, factor > 1, factor
        elif stem(d) in PERSON and stem(d) not in known and r.num != "token":
            r.dens.append("*each")  # "20 prompts a day per person": per one of the people counted
        elif per["k"] or stem(d) == r.num or d in NOT_NOUN or (stem(d) not in known and r.num != "token"):
            break  # "40 agents each make a call": a count of agents, each of whom does what follows
        elif r.dens and r.num == "token":
            break
        else:
            r.dens.append(stem(d))
        pos = per.end()
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
    out: set[str] = set()
    for _, _, end in nums:
        if (counted := COUNTED.match(text, end)) and counted["n"].lower() not in NOT_NOUN:
            out.update(stem(w) for w in counted.group().split() if _period(w, None) is None
                       and w.lower() not in NOT_NOUN)
    return out


# "1.4k in + 250 out per call", "2,000 tokens in and 500 out": one item's parts, read as one size
IN_JOIN = re.compile(r"\s{0,3}(?:-?\s{0,2}tok(?:en)?s?\s{1,3})?(?:in|input|prompt)\s{0,3}(?:\+|and|,|/|&|plus)\s{0,3}$",
                     FLAGS)
OUT_AFTER = re.compile(r"\s{0,3}(?:tok(?:en)?s?\s{1,3})?(?:out|output|back)\b", FLAGS)
OUT_JOIN = re.compile(r"\s{0,3}(?:(?:of|in)\s{1,3}(?:[a-z-]{2,20}\s{1,3}){0,2}?)?(?:in\b|input\b)?\s{0,2}"
                      r"(?:,|and|\+|plus|/)"
                      r"\s{0,3}(?:[a-z]{2,12}\s{1,3}){0,5}?$", FLAGS)
# the other side named in the words that join it: "~6,000 tokens and answers are ~800", ", summary maybe 150"
OUT_WORD = re.compile(r"\b(?:answers?|repl(?:y|ies)|responses?|outputs?|summar(?:y|ies)|completions?|notes?|drafts?|"
                      r"back|out)\b", FLAGS)
TOKEN_RATE = re.compile(r"\s{0,3}(?:tok(?:en)?s?\s{0,3})?(?:/|per\s|a\s|an\s|every\s|each\s)", FLAGS)
WANTED = re.compile(rf"\btok(?:en)?s?\s{{1,3}}(?:per|each|a|an|/)\s{{0,3}}(?P<n>{NOUN})\b", FLAGS)


def ratios(text: str, qs: list[Qty]) -> tuple[list[Ratio], dict[str, tuple[float, int]], dict[int, str],
                                              dict[str, float]]:
    """Every 'N A per B' in ``text``, every bare count 'N B' (noun → (count, where)) and the counts said to be at
    peak or on average (where → 'peak' | 'avg')."""
    out: list[Ratio] = []
    counts: dict[str, tuple[float, int]] = {}
    labels: dict[int, str] = {}
    active: dict[str, float] = {}  # people a share of whom is active each period: per-day factor
    said: dict[int, float] = {}
    peak_noun = ""
    nums = _numbers(text, qs)
    known = _known(text, nums)
    wanted = {stem(m["n"]) for m in WANTED.finditer(text)}
    skip = -1
    shares = [m.span() for m in FRACTION.finditer(text)]
    for i, (value, start, end) in enumerate(nums):
        if start <= skip or value_negated(text, start) or hypothetical(text, start) or any(
                a <= start < b for a, b in shares):
            continue
        left = sentence_bounds(text, start, end, 120)[0]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        pair = nxt is not None and IN_JOIN.fullmatch(text, end, nxt[1]) and OUT_AFTER.match(text, nxt[2])
        if pair and nxt is not None and (after := OUT_AFTER.match(text, nxt[2])):
            r = Ratio(value + nxt[0], "token", start=start, parts=True)  # one item's input and output
            r.end, skip = _tail(text, after.end(), r, known), nxt[1]
            _size_of(text, r, left, known, after.end())
            if r.dens and not r.timed:
                out.append(r)
            continue
        if tok := TOKEN.match(text, end):
            r = Ratio(value, "token", start=start)
            r.end = _tail(text, tok.end(), r, known)
            joined = nxt is not None and OUT_JOIN.fullmatch(text, r.end, nxt[1])
            if nxt is not None and joined and ((after := OUT_AFTER.match(text, nxt[2])) or (
                    OUT_WORD.search(text, r.end, nxt[1]) and not TOKEN_RATE.match(text, nxt[2]))):
                r.value += nxt[0]  # "6k tokens of context and writes ~300 back", "~6,000 tokens and answers are ~800"
                skip, r.parts = nxt[1], True
                r.end = max(r.end, after.end() if after else nxt[2])
            _size_of(text, r, left, known, tok.end())
            if r.dens and not r.timed:
                out.append(r)
            continue
        if EACH_OF.search(text, max(left, start - 30), start) and (plural := PLURAL.match(text, end)):
            counts[stem(plural["n"])] = (value, start)
            continue
        word = text[start:end].lower()
        if word in WORD_NUMBERS and re.search(r"\b(?:each|every|which|the|that|this|no|any|some)\s{1,3}$",
                                              text[max(0, start - 8):start], FLAGS):
            continue  # "each one pulls in ...": a pronoun, not a count
        counted = COUNTED.match(text, end)
        if word in TIMES_WORDS:  # "once a minute", "twice (triage + draft)"
            noun, tail = "time", end
        elif counted is None or counted["n"].lower() in NOT_NOUN or any(
                _period(w, None) is not None for w in counted.group().split()):
            continue
        else:
            words = [stem(w) for w in counted.group().split()]
            noun = next((w for w in words if w in wanted), stem(counted["n"]))  # "2M SKUs re-described": SKUs
            tail = counted.end()
        r = Ratio(value, noun, start=start)
        r.end = _tail(text, tail, r, known)
        if (share := SHARE_BEFORE.search(text, max(left, start - 30), start)) and (f := fraction(share)) and not r.dens:
            r.value *= f  # "1 in 10 renders an LLM blurb": a tenth of the things counted before get one
            r.dens.append("*each")
            r.shared = True
        elif (after := SHARE_AFTER.match(text, r.end)) and (f := fraction(after)):
            r.value *= f  # "1.4M transactions/day flagged at 2%", "14,000 employees, a third use it daily"
            r.shared = True
            if not r.timed and (when := ACTIVE.match(text, after.end())):
                active[noun] = PER_DAY[(when["p"] or ADVERB[when["adv"].lower()]).lower()]
        if not r.dens:
            before = PER_BEFORE.search(text, max(left, start - 50), start)
            owner = before and OWNED_PER.search(text, max(left, before.start() - 40), before.start())
            b = next((stem(w) for w in (before["b"], before["a"]) if w and stem(w) in known), None) if before else None
            if b and not owner and b != noun:
                r.dens.append(b)
            elif EACH_REF.search(text, max(left, start - 60), start) or (
                    r.sub_day and value == 1 and word in WORD_NUMBERS) or (noun == "time" and r.timed):
                r.dens.append("*each")  # "1,200 devs, a completion request every ~20 seconds": one's cadence
        if r.dens or r.timed or noun == "time":
            out.append(r)
        elif word not in WORD_NUMBERS:
            counts.setdefault(noun, (r.value, start))
            said[start] = r.value
            if PEAK_AFTER.match(text, tail):
                labels[start] = "peak"
                peak_noun = noun
            elif noun in ("average", "avg", "mean") or AVG_AFTER.match(text, tail):
                labels[start] = "avg"
                if peak_noun:  # "60k concurrent players at peak, 15k on average": per player is per one of the 15k
                    counts[peak_noun] = (r.value, start)
    labels.update({-s - 1: str(v) for s, v in said.items()})  # what each count said, for the peak ratio
    return out, counts, labels, active


def _size_of(text: str, r: Ratio, left: int, known: set[str], end: int) -> None:
    """The item a size is of, when no 'per B' follows it: 'calls of ~1,000 tokens', 'calls average 2,200 tokens',
    '~80 tokens each' (the thing counted just before)."""
    if r.dens or r.timed:
        return
    size = SIZE_BEFORE.search(text, max(left, r.start - 40), r.start) or SIZE_LABEL.search(
        text, max(left, r.start - 40), r.start)
    each = PER_BEFORE.search(text, max(left, r.start - 50), r.start)  # "each pass ~2,000 tokens in and 500 out"
    if size and stem(size["n"]) in known:
        r.dens.append(stem(size["n"]))
    elif each and (b := next((stem(w) for w in (each["b"], each["a"]) if w and stem(w) in known), None)):
        r.dens.append(b)
    elif EACH_AFTER.match(text, end) or size or re.search(r"[,;]\s{0,3}$", text[max(left, r.start - 4):r.start]):
        r.dens.append("*item")  # "..., one call every 30 s each, 1.5k tokens": the size of the thing just counted


def _resolve(text: str, rs: list[Ratio], counts: dict[str, tuple[float, int]], peaks: set[int]) -> None:
    """'*each' is one of the things counted before the figure (not a peak count of them): the nearest count, or
    items counted per period ('9,000 claims a week ..., each one goes through the model 3 times'); a count per
    counted unit is a count too ('3 agents per region × 4 regions': 12 agents, and 'each' is each agent).
    '*item' is the thing counted before a size."""
    used: set[str] = set()
    for r in sorted(rs, key=lambda x: x.start):
        if "*each" in r.dens:
            cands = [(s, n) for n, (_, s) in counts.items() if s < r.start and s not in peaks and n not in used]
            cands += [(x.start, x.num) for x in rs if x.timed and not x.dens and x.start < r.start and x.num != "token"]
            r.dens = [d for d in r.dens if d != "*each"] + ([max(cands)[1]] if cands else ["*none"])
        if "*item" in r.dens:
            left = sentence_bounds(text, r.start, r.end, 160)[0]
            items = [x for x in rs if x.num not in ("token", "time") and left <= x.start < r.start]
            r.dens = [items[-1].num] if items else ["*none"]
        if not r.timed and len(r.dens) == 1 and r.dens[0] in counts and r.num not in ("token", "time") \
                and r.num not in counts:
            counts[r.num] = (r.value * counts[r.dens[0]][0], r.start)
            used.add(r.dens[0])


def solve(text: str, qs: list[Qty], min_links: int = 3) -> Chain | None:
    """The daily token volume a chain of ``min_links`` or more figures gives, or None. People counted at peak and
    on average: a rate per person is per one of the average, and their ratio is the peak-to-average. 'N times'
    is so many of whatever the size is of ('hit it 4 times an hour, ~1,200 tokens per hit')."""
    rs, counts, labels, active = ratios(text, qs)
    _resolve(text, rs, counts, {s for s, lab in labels.items() if lab == "peak"})
    best: Chain | None = None
    for t in (r for r in rs if r.num == "token" and len(r.dens) == 1):
        value, used, want = t.value, [t], t.dens[0]
        notes = [f"{t.value:g} tokens/{want}"]
        done = False
        for _ in range(5):
            step = next((r for r in rs if r not in used and r.num == want and r.num != "token"), None) or next(
                (r for r in rs if r not in used and r.num == "time" and not any(x.num == want for x in rs)), None)
            if step is None:
                break
            used.append(step)
            value *= step.value
            nouns = [d for d in step.dens]
            if step.timed:
                for d in nouns:
                    if d not in counts and (pop := next((x for x in rs if x.num == d and x.timed and not x.dens
                                                         and x is not step), None)):
                        value *= pop.value / pop.factor  # "400k active users/month, each opens it 2 times a month"
                        notes.append(f"{pop.value / pop.factor:g} {d}s")
                        continue
                    if d not in counts:
                        break
                    value *= counts[d][0]
                    notes.append(f"{counts[d][0]:g} {d}s")
                else:
                    notes.append(f"{step.value:g} {step.num}s/day" + (f" per {'·'.join(nouns)}" if nouns else ""))
                    done = True
                break
            if len(nouns) == 1 and nouns[0] in active and nouns[0] in counts:  # "a third use it daily, 9 each"
                value *= active[nouns[0]] * counts[nouns[0]][0]
                notes.append(f"{step.value:g} {step.num}s per active {nouns[0]} × {counts[nouns[0]][0]:g}")
                done = True
                break
            if len(nouns) != 1:
                break
            notes.append(f"{step.value:g} {step.num}s/{nouns[0]}")
            want = nouns[0]
        links = len(used) + (len([d for d in used[-1].dens]) if done else 0) + sum(r.shared for r in used)
        enough = links >= min_links or (t.parts and links >= 2)
        if done and enough and value > 0 and (best is None or links > best.links):
            start = min(r.start for r in used)
            end = max(r.end for r in used)
            best = Chain(value, start, end, " × ".join(reversed(notes)), links, used[-1].sub_day, t.parts)
    if best is not None and "peak" in labels.values() and "avg" in labels.values():
        by_start = {-k - 1: float(v) for k, v in labels.items() if k < 0}
        peak = max(s for s, lab in labels.items() if lab == "peak")
        avg = max(s for s, lab in labels.items() if lab == "avg")
        if by_start.get(avg, 0) > 0 and 1 <= by_start.get(peak, 0) / by_start[avg] <= 100:
            best.peak = (by_start[peak] / by_start[avg], min(peak, avg), max(peak, avg))
    return best
