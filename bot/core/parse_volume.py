"""Daily token volume from what people write: token totals over a period, rates, items × tokens per item
(× people), input/output parts, peak and average, and per-stream speed floors (which are not a volume).

Each quantity is first described (what unit follows it, what period, whether it is a peak or an average, a
part of a request, a head count); then the volume is composed: a stated token volume wins, else items per
day × tokens per item (× people). A peak with an average gives ``peak_to_average`` and the volume comes
from the average; a lone peak never becomes the average. Pure; every regex linear.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re

from . import parse_active as active
from . import parse_chain as chain
from .parse_measures import avg_part
from .parse_mentions import (
    EACH_WORD,
    ITEM_WORD,
    NOT_COUNTED,
    PERIOD_FIX,
    RATE_ITEMS,
    STREAM,
    Mention,
    describe,
    period_of,
    stem,
)
from .parse_numbers import CHANGED_FROM, FLAGS, PER_DAY, Found, Qty, Scan, rate_at, sentence_bounds
from .parse_scope import clause, correction_marks, hypothetical, is_correction, negated, value_negated
from .profile import MAX_TOKENS_PER_DAY
from .units import DAYS_PER_MONTH, human

# --- composing the volume -------------------------------------------------------------------------------


# "What would it cost to run X for 20 users, each sending 30 requests a day?": a cost question asks about the
# workload it describes, when the message states no other volume ("what would 50M/day cost? we're at 5M" does).
COST_QUESTION = re.compile(r"\b(?:what would|how much would|what will|how much will|what does|how much does)\b"
                           r"[^.?!]{0,80}?\bcost\b|\bwhat would it take\b", FLAGS)


# One listed workload: a bullet or numbered line, or a sentence that starts with its label ('Planning: ...')
LISTED = re.compile(r"(?:^|\n)[ \t]{0,4}(?:[-•*·]|\(?[0-9]{1,2}[.)])[ \t]{0,3}[^\n]{3,400}|"
                    r"(?:^|\n|[.!?;]\s{1,3})(?=[A-Z][^\n.!?:;0-9]{1,40}:\s{0,3}[^\n0-9]{0,300}[0-9])"
                    r"(?:[^\n.!?;]|\.(?=[0-9])){3,400}", re.M)
TIME_LABEL = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:last|this|next|"
                        r"previous|prior)\b|\bq[1-4]\b|\b20[0-9]{2}\b|\b(?:week|month|year|quarter|day)\s{0,2}[0-9]|"
                        r"\b(?:before|after|was|were|used to|now|today|peak|average|avg|total)\b", FLAGS)


def read(text: str, qs: list[Qty], out: Scan) -> None:
    if not _listed_workloads(text, qs, out):
        _read(text, qs, out)


def _added_up(volumes: list[float]) -> float | None:
    """The daily total of two or more workloads; None when two are alike (a restatement, not two workloads). One
    that is the sum of the others is the total, said with its parts."""
    values = sorted(volumes)
    if len(values) < 2 or any(y <= x * 1.1 for x, y in itertools.pairwise(values)):
        return None
    total = sum(values)
    if 0.97 * sum(values[:-1]) <= values[-1] <= 1.03 * sum(values[:-1]):
        total = values[-1]
    return total if math.isfinite(total) and total <= MAX_TOKENS_PER_DAY else None


def _listed_workloads(text: str, qs: list[Qty], out: Scan) -> bool:
    """Workloads listed one to a line or a labelled sentence, each read on its own by the whole reader and added up:
    '• Contract review: 600 docs/day × 12k tokens\n• Internal Q&A: 300 staff × 15 questions/day × 2k tokens',
    'Case notes: 400 social workers, ~10 notes a day, 1,000 tokens each. Planning: ~2,000 enquiries a week at
    1,500 tokens.' Only when two or more items each give a volume, none is dated, a peak, a total or a change, and
    no two are alike (a restatement); True when it read the sum."""
    items = [(m.start(), m.end()) for m in LISTED.finditer(text)]
    if len(items) < 2 or correction_marks(text):
        return False
    got: list[tuple[float, int, int, str]] = []
    for start, end in items:
        sub = [dataclasses.replace(q, start=q.start - start, end=q.end - start) for q in qs
               if start <= q.start and q.end <= end]
        if not sub:
            continue
        scan = Scan()
        _read(text[start:end], sub, scan)
        vols = [f for f in scan.found if f.field == "tokens_per_day"]
        if len(vols) != 1:
            if any(f.field == "tokens_per_day" for f in scan.found) or scan.requests_per_day:
                return False
            continue
        if TIME_LABEL.search(text, start, start + vols[0].start):
            return False  # 'Oct tokens: 5.9B', 'peak: 40M/day': a dated, peak or total figure, not one workload
        got.append((float(vols[0].value), start + vols[0].start, start + vols[0].end, vols[0].note))
    total = _added_up([v for v, *_ in got])
    if total is None:
        return False
    out.found.append(Found("tokens_per_day", total, got[0][1], got[-1][2], " + ".join(
        human(v) for v, *_ in got) + f" → {human(total)} tokens/day (listed workloads added up)"))
    out.consumed.append((got[0][1], got[-1][2]))
    return True


def _read(text: str, qs: list[Qty], out: Scan) -> None:
    mentions, asked, maybe = [], [], []
    for q in qs:
        if value_negated(text, q.start):
            continue
        left, right = sentence_bounds(text, q.start, q.end, 200)
        inside = any(c.start() < q.start < c.end() for c in COST_QUESTION.finditer(text, left, right))
        if hypothetical(text, q.start) or inside:
            if (inside or COST_QUESTION.search(text, left, right)) and (m := describe(text, q, qs)) is not None:
                asked.append(m)
            continue
        m = describe(text, q, qs)
        if m is not None and m.kind in ("tokens", "items") and _not_ours(text, q):
            maybe.append(m)
        elif m is not None:
            mentions.append(m)
    if asked and not any(m.kind in ("tokens", "items", "tokrate") for m in mentions):
        mentions = sorted(mentions + asked, key=lambda m: m.q.start)
    if maybe and not any(m.kind in ("tokens", "items", "tokrate") and m.per_day > 0 for m in mentions):
        mentions = sorted(mentions + maybe, key=lambda m: m.q.start)  # the only volume said: the one to use
    mentions = [_today(text, m, qs) for m in mentions]
    mentions = _people_shares(text, qs, mentions)
    mentions = _revisions(text, qs, mentions)
    _shared_periods(text, mentions)
    _loose_sides(text, mentions)
    _speeds(text, mentions, out)
    _shares(text, mentions, out)
    _parts_of_total(text, qs, mentions, out)
    _peak_units(text, mentions)
    _period_fix(text, mentions)
    mentions = _when_active(text, mentions, out)
    if _workloads(text, qs, mentions, out):
        return
    tokens = [m for m in mentions if m.kind in ("tokens", "tokrate") and m.per_day > 0]
    if tokens:
        _choose_rate(text, tokens, "tokens", out, mentions)
        return
    items = [m for m in mentions if m.kind in ("items", "items?") and m.per_day > 0]
    paired = any(m.label == "peak" for m in items)  # a peak and an average of the rate: the pair reader's
    got = None if correction_marks(text) or paired else chain.solve(text, qs, 3 if items else 2)
    if got is not None and got.links < 3 and any(m.kind == "pop" for m in mentions):
        got = None  # people counted that the two links leave out: the items reader multiplies them
    if got is not None and _chained(text, got, out):  # "12 tool calls per task, ~4k tokens per call, 2,000 tasks/day"
        return
    each = _per_item(text, mentions)
    if items:
        _items_volume(text, items, each, mentions, out)
        return
    bare = [m for m in mentions if m.kind == "tokens" and m.per_day == 0 and m.q.value >= 1e6 and not m.label]
    if bare:
        m = bare[-1]
        _found(out, m, m.q.value, f"{human(m.q.value)} tokens (no period given; read as per day)", strength=0)


# '250k policyholders; about 2% reach out on a typical day', '10k MAU; roughly 20% are active on any given day',
# '80,000 learners, ~5% of them active daily': a share of the people counted, often with the period they are
# active in. The share scales the people; with a period, their items (or, with none counted, one item each) are
# that often.
PEOPLE = re.compile(r"\s{0,3}(?:(?P<d>daily|weekly|monthly)\s{1,3})?(?:[a-z][a-z-]{1,20}\s{1,3}){0,2}?"
                    r"(?P<w>[a-z][a-z-]{2,20})\b", FLAGS)
SHARE_OF_THEM = re.compile(r"[^.!?0-9%$€£]{0,40}?(?<![\w.])(?P<n>[0-9]{1,2}(?:\.[0-9]{1,2})?)\s{0,2}(?:%|percent\b)"
                           r"(?P<tail>[^.;,!?0-9]{0,60})", FLAGS)
NOT_PEOPLE_SHARE = re.compile(r"^\s{0,3}(?:of\s{1,3}(?:the\s{1,3}|our\s{1,3}|all\s{1,3})?(?:tokens?|traffic|calls?|"
                              r"requests?|volume|usage|spend|queries|messages|load|work|cases))\b|\b(?:output|input|"
                              r"tokens?|simple|easy|small|tiny|cheap|complex|hard|routing|classification)\b", FLAGS)
ACTIVE_PERIOD = re.compile(r"\b(?:(?:on|in)\s{1,3}(?:a|any|an|one)\s{1,3}(?:given\s{1,3}|typical\s{1,3}|normal\s{1,3}|"
                           r"average\s{1,3}|single\s{1,3})?(?P<u>day|week|month)|(?:each|every|a|per)\s{1,3}"
                           r"(?P<u2>day|week|month)|(?P<adv>daily|weekly|monthly))\b", FLAGS)
ADVERB_UNIT = {"daily": "day", "weekly": "week", "monthly": "month", "dau": "day", "wau": "week", "mau": "month"}


def _people_shares(text: str, qs: list[Qty], mentions: list[Mention]) -> list[Mention]:
    described = {m.q.start: m for m in mentions}
    for q in qs:
        own = described.get(q.start)
        if q.currency or q.value < 20 or (own is not None and own.kind != "pop"):
            continue
        noun = PEOPLE.match(text, q.end)
        if noun is None or noun["w"].lower() in NOT_COUNTED or ITEM_WORD.fullmatch(noun["w"]):
            continue
        share = SHARE_OF_THEM.match(text, noun.end())
        if share is None or NOT_PEOPLE_SHARE.search(share["tail"]) or not 0 < float(share["n"]) < 100:
            continue
        when = ACTIVE_PERIOD.search(share["tail"])
        unit = (when["u"] or when["u2"] or ADVERB_UNIT[when["adv"].lower()]) if when else \
            ADVERB_UNIT.get((noun["d"] or noun["w"]).lower())
        value = q.value * float(share["n"]) / 100
        pop = Mention(dataclasses.replace(q, value=value), "pop", end=share.end("n") + 1, word=stem(noun["w"]),
                      label="share")
        mentions = [m for m in mentions if m is not own] + [pop]
        if unit is None:
            continue
        per = PER_DAY[unit.lower()]
        rated = [m for m in mentions if m.kind in ("items", "items?") and m.per_day > 0]
        later = [m for m in mentions if m.kind in ("items", "multi") and m.per_day == 0 and m.q.start > pop.end]
        if rated:
            continue
        if later:  # 'they average 8 chats at ~1,500 tokens each': that many in each active period
            later[0].kind, later[0].per_day, later[0].period = "items", later[0].q.value * per, unit.lower()
        elif any(m.kind == "each" for m in mentions):  # 'each conversation ~3k tokens': one each
            pop.kind, pop.per_day, pop.period, pop.word = "items", value * per, unit.lower(), noun["w"].lower()
    return mentions


# "it'd be maybe 200M tokens a day", "we'd be at 200M": a volume in the conditional; "my friend's company burns
# 100M a day": somebody else's. Used only when the message states no other volume.
WOULD = re.compile(r"(?:\b(?:it|we|that|this|they|usage|volume|traffic)\s{0,2}(?:'d|would|will|might|could)\s{1,3}"
                   r"(?:probably\s{1,3}|likely\s{1,3}|easily\s{1,3})?(?:be|hit|reach|need|grow to|go to|see|land at|"
                   r"end up at)\b)[^.;!?0-9]{0,24}$", FLAGS)
WAS_BEFORE = re.compile(CHANGED_FROM, FLAGS)  # "30M tokens a day, up from 8M in January"
OTHERS = re.compile(r"\b(?:(?:my|our|a)\s{1,3}(?:friend|buddy|colleague|competitor|peer|neighbou?r|former employer|"
                    r"sister company|partner)(?:'s|s')?|(?:another|one|a|other)\s{1,3}(?:company|startup|team|firm|"
                    r"customer|client|competitor|vendor|bank)(?:'s|s')?|competitors?|(?:big|large|other) (?:players|"
                    r"companies|banks|customers))\b[^.;!?0-9]{0,60}$", FLAGS)


def _not_ours(text: str, q: Qty) -> bool:
    left, _ = clause(text, q.start, q.end, 100)
    s_left, _ = sentence_bounds(text, q.start, q.end, 120)
    return bool(WOULD.search(text, max(left, q.start - 60), q.start)
                or WAS_BEFORE.search(text, max(0, q.start - 20), q.start)
                or OTHERS.search(text, max(s_left, q.start - 80), q.start))


FROM_BEFORE = re.compile(r"\bfrom\s{1,3}(?:~|about\s{1,3}|around\s{1,3}|roughly\s{1,3})?$", FLAGS)
TO_BETWEEN = re.compile(r"\s{0,3}(?:tokens?\s{1,3})?(?:/\s{0,2}day\s{1,3}|a day\s{1,3}|per day\s{1,3})?"
                        r"(?:to|->|→|up to)\s{1,3}(?:~|about\s{1,3}|around\s{1,3}|roughly\s{1,3})?", FLAGS)
FUTURE = re.compile(r"\b(?:next (?:week|month|quarter|year)|will|going to|'re going|are going|we're going|"
                    r"when we (?:launch|roll out|go live|open)|after (?:launch|the launch|go-live)|soon|expect\w*|"
                    r"by (?:q[1-4]|next|the end of|20[0-9]{2})|over the next|in (?:a|the next) (?:few )?"
                    r"(?:weeks?|months?|quarters?|years?))\b", FLAGS)


def _today(text: str, m: Mention, qs: list[Qty]) -> Mention:
    """'going from 10M to 40M tokens/day next quarter': a volume it is going to, when another is the one it
    goes from, is a projection; the 'from' figure, in the same unit, is today's."""
    if m.kind != "tokens" or m.per_day <= 0 or m.q.value <= 0:
        return m
    left, right = sentence_bounds(text, m.q.start, m.end, 200)
    for q in qs:
        if (q.scaled or q.value >= 1e5) and q.end <= m.q.start and TO_BETWEEN.fullmatch(text, q.end, m.q.start) \
                and FROM_BEFORE.search(text, max(left, q.start - 16), q.start) and FUTURE.search(text, left, right):
            return dataclasses.replace(m, q=q, per_day=q.value * m.per_day / m.q.value)
    return m


COORDINATED = re.compile(r"\s{0,3}(?:tok(?:en)?s?\s{0,3})?(?:(?:in|input|inputs|prompts?|out|output|outputs|"
                         r"completions?)"
                         r"\s{0,3})?(?:,|/|\+|&|and|plus|with|vs\.?|;)?\s{0,3}(?:the\s{1,3})?(?:(?:in|input|inputs|prompts?|"
                         r"out|output|outputs|completions?)(?:\s{1,3}tok(?:en)?s?)?\s{0,3}(?::\s{0,3})?)?", FLAGS)


def _shared_periods(text: str, mentions: list[Mention]) -> None:
    """A volume-sized figure without a period takes the period of the one it is listed with ('3 million input
    tokens and 1 million output tokens per day', '18M in / 2M out' after 'Daily tokens:'): it is one side of
    the daily volume, not one request's part."""
    for m in mentions:
        if m.kind not in ("part", "tokens") or m.per_day > 0 or m.q.value < 1e5 or m.of_total:
            continue
        sib = next((s for s in mentions if s is not m and s.kind == "tokens" and s.per_day > 0 and s.q.value > 0
                    and (COORDINATED.fullmatch(text, m.end, s.q.start)
                         or COORDINATED.fullmatch(text, s.end, m.q.start))), None)
        if sib is not None:
            m.kind, m.per_day, m.period = "tokens", m.q.value * sib.per_day / sib.q.value, sib.period
        elif m.kind == "part" and (period := period_of(text, m.q, m.end)):
            m.kind, m.per_day, m.period = "tokens", m.q.value * period[0], period[1]


SIDE_WORD = re.compile(r"\b(?:(?P<i>prompts?|inputs?|context|questions?|transcripts?|documents?|docs?)|(?P<o>answers?|"
                       r"outputs?|responses?|replies|reply|completions?|summar(?:y|ies)|generations?))\b[^0-9.;]{0,30}$",
                       FLAGS)


def _loose_sides(text: str, mentions: list[Mention]) -> None:
    """'prompts are long (RAG, ~7.5k tokens) and answers short, ~300 tokens', 'prompts r ~6k toks, answers ~400':
    a per-request size with the other side's word a few words before it is that side."""
    sides = {m.io for m in mentions if m.kind == "part" and not m.of_total}
    if len(sides) != 1:
        return
    other = "in" if sides == {"out"} else "out"
    for m in mentions:
        if m.kind == "tokens" and m.per_day == 0 and 0 < m.q.value < 1e6 and not m.label:
            left, _ = sentence_bounds(text, m.q.start, m.end, 80)
            w = SIDE_WORD.search(text, max(left, m.q.start - 40), m.q.start)
            if w and ("in" if w["i"] else "out") == other:
                m.kind, m.io = "part", other


SCALE = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "t": 1e12}


def _revisions(text: str, qs: list[Qty], mentions: list[Mention]) -> list[Mention]:
    """A number after a correction word that has no unit of its own revises the token volume before it and
    takes its period, and its scale when it has none: '50M tokens/day. actually closer to 80M', "it's 30M a day
    — sorry, 3M", '300 million tokens daily, though it might be closer to 250'."""
    marks = correction_marks(text)
    if not marks:
        return mentions
    described = {m.q.start: m for m in mentions}
    out = list(mentions)
    for q in qs:
        own = described.get(q.start)
        prior = [m for m in mentions if m.kind in ("tokens", "items") and m.per_day > 0 and m.end <= q.start]
        # "80k documents a month — no wait, 80k a week": a figure with a period but no unit of its own
        unitless = own is not None and own.kind == "tokens" and own.per_day > 0 and own.period != "bare" and \
            not UNIT_NEXT.match(text, q.end)
        kind = own.kind if own is not None and own.kind != "tokens" else (
            "tokens" if (own is not None and not unitless) or not prior else prior[-1].kind)
        if q.currency or (own is not None and not ((own.kind in ("tokens", "items") and own.per_day == 0)
                                                   or own.period == "bare" or unitless)):
            continue
        if value_negated(text, q.start) or hypothetical(text, q.start):
            continue
        vols = [m for m in mentions if m.kind == kind and m.per_day > 0 and m.period not in ("", "bare")
                and m.end <= q.start and m is not own and (kind != "items" or own is None or own.word == m.word
                                                           or unitless)]
        if not vols or not is_correction(text, [k for k in marks if k > vols[-1].end], q.start):
            continue
        vol = vols[-1]
        if unitless and own is not None and (own.label or vol.label):
            continue  # "4M tokens an hour during matches, but averaged over the week it's 1.5M an hour": a pair
        value = q.value * (SCALE.get(vol.q.suffix, 1.0) if not q.scaled else 1.0)
        named = own is not None or re.search(r"\btok(?:en)?s?\b[^0-9]{0,24}$", text[max(0, q.start - 30):q.start],
                                             FLAGS)
        if not vol.q.value > 0 or (not named and not vol.q.value / 20 <= value <= vol.q.value * 20):
            continue
        q2 = dataclasses.replace(q, value=value)
        per_day, period = value * vol.per_day / vol.q.value, vol.period
        if unitless and own is not None:
            per_day, period = value * own.per_day / own.q.value, own.period
        new = Mention(q2, kind, per_day, f"{period} (as corrected)",
                      own.end if own else q.end, word=vol.word, label=vol.label, io=vol.io, fixed=True)
        out = [m for m in out if m is not own and m is not vol] + [new]
    return _replaced(text, qs, out, marks)


UNIT_NEXT = re.compile(r"\s{0,3}(?:[a-z-]{2,20}\s{1,3})?(?:tok(?:en)?s?|[a-z]{3,20}s)\b", FLAGS)


def _replaced(text: str, qs: list[Qty], mentions: list[Mention], marks: list[int]) -> list[Mention]:
    """A count said again after a correction word replaces the count of the same kind before it: '500 users x 40
    requests/day x 1k tokens. sorry, 50 users', '1.2k QPS?? no sorry, 1.2k requests per MINUTE', and a bare
    figure right after people counted: "I said 200k users earlier, it's 20k"."""
    out = list(mentions)
    described = {m.q.start for m in mentions}
    for q in qs:
        heads = [p for p in out if p.kind == "pop" and p.end <= q.start]
        if q.start in described or q.currency or not heads or not q.value > 0:
            continue
        near = [m for m in out if heads[-1].q.start < m.q.start < q.start]
        if not near and is_correction(text, [k for k in marks if k > heads[-1].end], q.start) \
                and heads[-1].q.value / 20 <= q.value <= heads[-1].q.value * 20:
            out.append(dataclasses.replace(heads[-1], q=q, end=q.end, fixed=True))
            out.remove(heads[-1])
    for m in sorted(out, key=lambda m: m.q.start):
        if m.kind not in ("pop", "items") or m not in out:
            continue
        same = [e for e in out if e is not m and e.kind == m.kind and e.end <= m.q.start and not (e.label or m.label)
                and (m.kind == "items" or not e.word or not m.word or stem(e.word) == stem(m.word))]
        if same and is_correction(text, [k for k in marks if k > same[-1].end], m.q.start):
            out.remove(same[-1])
            m.fixed = True
    return sorted(out, key=lambda m: m.q.start)


def _peak_units(text: str, mentions: list[Mention]) -> None:
    """A bare peak ('spikes to 100') takes the unit and period of the rate before it in the sentence."""
    for m in mentions:
        if m.kind != "peakbare":
            continue
        refs = [r for r in mentions if r.kind in ("items", "tokens", "tokrate") and r.per_day > 0
                and r.q.start < m.q.start and r.q.value > 0]
        if refs:
            ref = refs[-1]
            m.kind, m.per_day = ref.kind, m.q.value * ref.per_day / ref.q.value
            m.period, m.word = ref.period, ref.word


PERIOD_WORD = re.compile(r"(?<![\w/])(?:per|a|an|each|every|/)\s{0,3}(?:day|week|month|year|hour|minute|second|"
                         r"quarter)\b|\b(?:daily|weekly|monthly|quarterly|yearly|annually|hourly)\b|"
                         r"(?<![\w.])(?P<n>[0-9]{1,3})\s{1,3}(?P<u>day|week|month|year)s?\b", FLAGS)
NOT_BEFORE_PERIOD = re.compile(r"\b(?:not|rather than|instead of)\s{1,3}$", FLAGS)


def _corrected_period(text: str) -> tuple[int, tuple[float, str, int]] | None:
    """A period named after a correction word with no number of its own: "no wait, that's per quarter",
    "sorry, monthly not daily", "oops, I meant a week" → (where the correction starts, the period)."""
    found = None
    for mark in correction_marks(text):
        _, end = sentence_bounds(text, mark, mark, 80)
        for p in PERIOD_WORD.finditer(text, mark, end):
            if re.search(r"[0-9]", text[mark:p.start()]) or re.search(r"[0-9]", text[p.end():end]):
                break  # a period of another figure ("sorry, our monthly bill is $5k")
            if NOT_BEFORE_PERIOD.search(text, max(0, p.start() - 16), p.start()):
                continue
            if p["n"]:  # "wait no, that's two months of usage"
                per = PER_DAY[p["u"].lower()] / max(1.0, float(p["n"]))
                found = (mark, (per, f"{p['n']} {p['u'].lower()}s", p.end()))
                break
            rate = rate_at(text, p.start())
            if rate:
                found = (mark, rate)
                break
    return found


def _period_fix(text: str, mentions: list[Mention]) -> None:
    """'100M tokens/day, sorry, I meant per week': the last volume before it takes the corrected period."""
    fixes = list(PERIOD_FIX.finditer(text))
    if fixes:
        fix = fixes[-1]
        where, rate = fix.start(), rate_at(text, fix.start("rate") if fix["rate"] else fix.start("rate2"))
    elif got := _corrected_period(text):
        where, rate = got
    else:
        return
    earlier = [m for m in mentions if m.kind == "tokens" and m.end <= where and m.per_day > 0]
    if rate and earlier:
        m = earlier[-1]
        m.per_day, m.period, m.fixed = m.q.value * rate[0], f"{rate[1]} (period corrected)", True
        m.end = max(m.end, rate[2]) if rate[2] - m.end < 80 else m.end


RATES = ("tokens", "tokrate", "items", "items?")


def _when_active(text: str, mentions: list[Mention], out: Scan) -> list[Mention]:
    """Rates that hold part of the day or week, and volumes that recur, as daily averages (parse_active)."""
    hours, quiet = active.active_hours(text)
    kept = []
    for m in mentions:
        unit = m.period.split()[-1].rstrip("s") if m.period else ""
        if m.kind in RATES and m.per_day > 0 and unit in active.SUB_DAY and quiet:
            if hours is None:
                out.warnings.append(f"{human(m.q.value)} per {m.period} holds only part of the day: say how many "
                                    "hours a day it runs (e.g. '8 hours a day') to get a daily volume")
                out.consumed.append((m.q.start, m.end))
                continue
            m.per_day *= hours / 24
            m.period = f"{m.period} for {hours:g} hours a day"
        if m.kind in RATES and m.per_day > 0 and (unit in active.SUB_DAY or unit == "day") and (
                week := active.weekday_factor(text, m.q.start, m.end)):
            m.per_day *= week[0]
            m.period = f"{m.period}, {week[1]}"
        if m.kind == "tokens" and m.q.value >= 1e5 and (m.per_day == 0 or m.period == "bare") and (
                often := active.occurrences(text, m.q.start)):
            m.per_day, m.period = m.q.value * often[0], f"occurrence, {often[1]}"
        kept.append(m)
    return kept


# a speed said as a threshold is what one stream needs, not a volume: 'slower than 40 tokens per second',
# 'must not drop below 15 tok/s', 'at least 25 tok/s', '10 tok/s minimum', '30 tok/s or faster'
FLOOR_BEFORE = re.compile(r"\b(?:slower than|faster than|drop(?:s|ping)? below|falls? below|at least|no less than)"
                          r"\s{0,3}(?:~|about\s|around\s)?$", FLAGS)
FLOOR_AFTER = re.compile(r"^\s{0,3}(?:per\s\w+\s{0,3})?(?:minimum|min\b|or (?:more|faster)|floor|at (?:the )?least)",
                         FLAGS)


def _speeds(text: str, mentions: list[Mention], out: Scan) -> None:
    for m in list(mentions):
        if m.kind != "tokrate":
            continue
        left, right = sentence_bounds(text, m.q.start, m.end, 60)
        near = text[max(left, m.q.start - 40):min(right, m.end + 40)]
        c_left, c_right = clause(text, m.q.start, m.end, 60)  # "1,200 tok/s aggregate, 35 tok/s per stream"
        if (STREAM.search(near) or FLOOR_BEFORE.search(text, max(left, m.q.start - 30), m.q.start) or
                FLOOR_AFTER.search(text[m.end:min(right, m.end + 30)])) and \
                not re.search(r"aggregate|in total|overall|cluster|averaged over",
                                                 text[c_left:c_right], FLAGS):
            mentions.remove(m)
            if 0 < m.q.value <= 1000 and not negated(text, m.q.start, m.end):  # "we don't need 200 tok/s per stream"
                out.found.append(Found("min_tokens_per_s", m.q.value, m.q.start, m.end,
                                       f"at least {m.q.value:g} tokens/s per stream"))
            out.consumed.append((m.q.start, m.end))


def _pair(text: str, rates: list[Mention], kind: str, out: Scan) -> list[Mention]:
    """Peak and average of the same quantity: the ratio, and the average kept as the volume."""
    peaks = [m for m in rates if m.label == "peak"]
    rest = [m for m in rates if m.label != "peak"]
    avgs = [m for m in rest if m.label == "avg"]
    if not peaks and avgs and (higher := [m for m in rest if not m.label and m.per_day > avgs[0].per_day]):
        peaks, rest = higher[:1], [m for m in rest if m is not higher[0]]  # "average 300/min, hit 1,500/min at lunch"
    if peaks and rest:
        avg = next((m for m in rest if m.label == "avg"), rest[0])
        peak = peaks[0]
        ratio = peak.per_day / avg.per_day
        if 1 <= ratio <= 100:
            s, e = min(peak.q.start, avg.q.start), max(peak.end, avg.end)
            out.found.append(Found("peak_to_average", ratio, s, e,
                                   f"peak {human(peak.per_day)}/day ÷ average {human(avg.per_day)}/day "
                                   f"(as {kind} rates) = {ratio:.3g}×"))
        return [avg]
    if peaks and (part := avg_part(text, peaks[0].end)):
        p = peaks[0]  # "400 rps at peak and roughly a quarter of that on average": the average is the part
        return [dataclasses.replace(p, per_day=p.per_day / part[0], label="avg", q=dataclasses.replace(
            p.q, value=p.q.value / part[0]))]
    if peaks:
        p = peaks[0]
        out.warnings.append(f"{human(p.q.value)} {kind}/{p.period} is a peak, and no average was given: the daily "
                            "volume needs the average (say e.g. 'average 30 rps').")
        return []
    return rest


def _choose_rate(text: str, tokens: list[Mention], kind: str, out: Scan, mentions: list[Mention]) -> None:
    kept = _pair(text, tokens, kind, out)
    if not kept:
        return
    ins = [m for m in kept if m.io == "in"]
    outs = [m for m in kept if m.io == "out"]
    if ins and outs:  # "input tokens: 20M/day; output tokens: 5M/day"
        a, b = ins[0], outs[0]
        total = a.per_day + b.per_day
        _found(out, a, total, f"{human(a.per_day)} input + {human(b.per_day)} output tokens/day",
               start=min(a.q.start, b.q.start), end=max(a.end, b.end))
        if total > 0:
            out.found.append(Found("output_share", b.per_day / total, min(a.q.start, b.q.start), max(a.end, b.end),
                                   f"{human(b.per_day)} of {human(total)} tokens/day are output"))
        return
    stated = [m for m in kept if m.period != "bare"] or kept
    fixed = [x for x in stated if x.fixed]
    m = fixed[-1] if fixed else stated[-1] if len({round(x.per_day) for x in stated}) > 1 else stated[0]
    note = f"{human(m.q.value)} tokens per {m.period}"
    if m.period in ("", "bare"):
        note = f"{human(m.q.value)} tokens (no period given; read as per day)"
    elif m.period != "day":
        note += f" = {human(m.per_day)}/day"
    heads = _heads(text, m, mentions) if m.word == "head" else _unit_heads(text, m, mentions)
    if heads is not None:  # a rate per person, times the people
        per_day = m.per_day * heads.q.value
        _found(out, m, per_day, f"{human(heads.q.value)} people × {note} = {human(per_day)}/day",
               start=heads.q.start)
        return
    _found(out, m, m.per_day, note, strength=0 if m.period in ("", "bare") else 1)


# Between two workloads of one message: a list break or a joining word ('search does 2M/day, the drafter 6M/day',
# '1) ... 2) ...', 'plus the coder thing ~5M')...
JOINS = re.compile(r"[,;:\n+]|\b(?:and|plus|then|also|adds?|added|on top)\b|[.!?]\s{1,3}[^.!?:\n0-9]{1,40}:", FLAGS)
# ...and none of the words that make one figure part, total, restatement, past, future or peak of another
NOT_SEPARATE = re.compile(r"\b(?:of which|of (?:that|those|it|this|them)|including|incl|in total|total|overall|"
                          r"combined|together|altogether|all told|in all|sum|alone|out of|up from|down from|grew|grown|"
                          r"used to|was|were|previously|before|now|today|currently|next|will|would|could|might|vs|"
                          r"versus|compared|instead|rather|weekends?|weekdays?|i\.e|e\.g|peaks?|average|avg|so|or|"
                          r"not|except|each way|per (?:user|person|seat|head))\b|[=≈]|->|→", FLAGS)
# a workload that was, not one that is: 'the pilot used to add another 4M/day', 'until March we also ran ...'
PAST = re.compile(r"\b(?:used to|previously|formerly|until (?:recently|last|march|april|may|june|july|january|february|"
                  r"august|september|october|november|december)|before (?:that|we)|was|were|had been)\b"
                  r"[^.;!?0-9]{0,30}$", FLAGS)
BARE_SIBLING = re.compile(r"(?<![\w.])[0-9][0-9.,]*\s{0,2}(?:k|m|mm|b|bn|mn|million|billion|thousand)\b(?![\w/-])",
                          FLAGS)
PLUS_NEXT = re.compile(r"\s{0,3}\+\s{0,3}(?:[a-z][a-z&-]{1,20}\s{1,3}){0,2}(?=[~≈]?[0-9])", FLAGS)


def _workloads(text: str, qs: list[Qty], mentions: list[Mention], out: Scan) -> bool:
    """Several workloads in one message add up: '(1) support bot 40M tok/day, (2) drafts 15M tok/day, (3) search
    5M tok/day', 'chat 60k msgs/day at 1.2k tokens each; nightly batch 20M tokens', '95M + 60M + 18M tokens/day',
    'search does 2M tokens/day, the drafter ~6M/day, and the SQL helper maybe 500k'. Each workload is a token rate
    or a count per period with the size of one item after it; they are summed only when every pair is joined as a
    list is (never a part, a total, a restatement, a peak or a change of another). True when it read the sum."""
    rates = sorted((m for m in mentions if m.kind in ("tokens", "items", "items?") and m.per_day > 0
                    and m.label != "peak" and not PAST.search(text, max(0, m.q.start - 40), m.q.start)),
                   key=lambda m: m.q.start)  # a peak is of the workloads, not one; 'the pilot used to add 4M/day'
    if not rates:
        return False
    spans = [sentence_bounds(text, m.q.start, m.end, 200) for m in rates]
    if any((m.kind in ("pop", "multi") and any(a <= m.q.start < b for a, b in spans)) or (m.kind in RATES and (
            m.label == "avg" or m.fixed)) or (m.kind == "tokens" and m.io == "in") for m in mentions):
        return False  # people counted among the workloads, a peak/average pair, input and output sides: not a list
    work: list[tuple[float, int, int, str]] = []  # (tokens a day, start, end, how)
    for i, m in enumerate(rates):
        if m.kind == "tokens":
            work.append((m.per_day, m.q.start, m.end, human(m.per_day)))
            continue
        stop = rates[i + 1].q.start if i + 1 < len(rates) else len(text)
        size = _per_item(text, [x for x in mentions if m.end <= x.q.start < stop])
        if size is None:
            return False
        work.append((m.per_day * size[0], m.q.start, max(u.end for u in size[2]),
                     f"{human(m.per_day)} {m.word or 'items'}/day × {size[1]}"))
    described = {m.q.start for m in mentions}
    tokens = [m for m in rates if m.kind == "tokens"]
    for q in qs:  # a bare figure listed with token rates: '..., and the SQL helper maybe 500k', '95M + 60M + ...'
        if q.start in described or q.currency or not q.scaled or q.value < 1e5 or q.value >= 1e13:
            continue
        left, right = sentence_bounds(text, q.start, q.end, 160)
        sib = [m for m in tokens if left <= m.q.start < right and m.period == "day"]
        plus = PLUS_NEXT.match(text, q.end)  # '95M + 60M + 7M tokens/day'; else it trails the listed rates
        if sib and BARE_SIBLING.match(text, q.start) and (plus or (
                sib[0].end <= q.start and q.suffix != "b" and not re.match(r"\s{0,3}[a-z]", text[q.end:], FLAGS))):
            work.append((q.value, q.start, q.end, human(q.value)))
    work.sort(key=lambda w: w[1])
    if len(work) < 2 or any(work[0][1] <= k <= work[-1][2] for k in correction_marks(text)):
        return False
    for a, b in itertools.pairwise(work):
        between = text[a[2]:b[1]]
        if not JOINS.search(between) or NOT_SEPARATE.search(between) or (NOT_SEPARATE.search(
                text, max(0, b[1] - 30), b[1]) and re.search(r"total|overall|combined|altogether", text[
                    max(0, b[1] - 30):b[1]], FLAGS)):
            return False
    total = _added_up([w[0] for w in work])
    if total is None:
        return False
    start, end = work[0][1], max(w[2] for w in work)
    out.found.append(Found("tokens_per_day", total, start, end, " + ".join(w[3] for w in work)
                           + f" = {human(total)} tokens/day (workloads added up)"))
    out.consumed.append((start, end))
    return True


def _peak_people(heads: list[Mention], out: Scan | None) -> bool:
    """People counted at peak and on average: their ratio is the peak-to-average (True when both are said)."""
    avg = [p for p in heads if p.kind == "pop" and p.label == "avg"]
    peak = [p for p in heads if p.kind == "pop" and p.label == "peak"]
    if not avg or not peak or not avg[-1].q.value > 0:
        return False
    ratio = peak[-1].q.value / avg[-1].q.value
    if 1 <= ratio <= 100 and out is not None:
        out.found.append(Found("peak_to_average", ratio, min(peak[-1].q.start, avg[-1].q.start),
                               max(peak[-1].end, avg[-1].end), f"{human(peak[-1].q.value)} people at peak ÷ "
                               f"{human(avg[-1].q.value)} on average = {ratio:.3g}×"))
    return True


def _chained(text: str, got: chain.Chain, out: Scan) -> bool:
    per_day, note = got.per_day, got.note
    hours, quiet = active.active_hours(text)
    if got.sub_day and quiet and hours is None:
        return False  # busy some hours, quiet the rest, and how many not said: no daily volume (asked for instead)
    if got.sub_day and hours is not None:  # "a request every 20 seconds ... ~4 hours typing a day"
        per_day, note = per_day * hours / 24, f"{note}, for {hours:g} hours a day"
    if week := active.weekday_factor(text, got.start, got.end):
        per_day, note = per_day * week[0], f"{note}, {week[1]}"
    if not math.isfinite(per_day) or per_day > MAX_TOKENS_PER_DAY:
        return False
    out.found.append(Found("tokens_per_day", per_day, got.start, got.end, f"{note} = {human(per_day)}/day"))
    out.consumed.append((got.start, got.end))
    if got.peak is not None:
        ratio, start, end = got.peak
        out.found.append(Found("peak_to_average", ratio, start, end, f"people at peak ÷ on average = {ratio:.3g}×"))
    return True


def _heads(text: str, m: Mention, mentions: list[Mention]) -> Mention | None:
    left, _right = sentence_bounds(text, m.q.start, m.end, 200)
    heads = [p for p in mentions if p.kind == "pop" and left <= p.q.start < m.q.start]
    return heads[-1] if heads else _unit_heads(text, m, mentions)


def _per_item(text: str, mentions: list[Mention]) -> tuple[float, str, list[Mention]] | None:
    each = [m for m in mentions if m.kind == "each"]
    parts = [m for m in mentions if m.kind == "part" and not m.of_total]
    ins = [m for m in parts if m.io == "in"]
    outs = [m for m in parts if m.io == "out"]
    if each:
        extra = _added_parts(text, each[0], parts)
        if extra:
            total = each[0].q.value + extra[0].q.value
            return total, f"({human(each[0].q.value)} + {human(extra[0].q.value)})", [each[0], extra[0]]
        return each[0].q.value, human(each[0].q.value), [each[0]]
    if ins and outs:
        return ins[0].q.value + outs[0].q.value, f"({human(ins[0].q.value)} + {human(outs[0].q.value)})", \
            [ins[0], outs[0]]
    loose = [m for m in mentions if m.kind == "tokens" and m.per_day == 0 and m.q.value < 1e6]
    if loose:
        return loose[0].q.value, human(loose[0].q.value), [loose[0]]
    return None


def _added_parts(text: str, each: Mention, parts: list[Mention]) -> list[Mention]:
    """Parts said after a size that add to it: '3,000 tokens per call plus ~250 for the summary', '~6,000 tokens and
    answers are ~800', 'avg transcript 18k tokens, notes ~700 tokens out' (not '~900 tokens each (700 in, 200 out)')."""
    return [m for m in parts if m.q.start > each.end and not m.of_total and not re.match(
        r"\s{0,3}(?:tok(?:en)?s?\s{1,3})?of\b", text[m.q.end:], FLAGS) and (
        re.search(r"\bplus\b|\+|\band\b", text[each.end:m.q.start])
        or (m.io == "out" and re.fullmatch(r"[^(0-9]{0,30},[^(0-9]{0,30}", text[each.end:m.q.start])))]


def _items_volume(text: str, items: list[Mention], each: tuple[float, str, list[Mention]] | None,
                  mentions: list[Mention], out: Scan) -> None:
    typed = [m for m in items if m.kind == "items"]
    for m in items:
        if m.kind == "items?":
            m.kind, m.word = "items", typed[0].word if typed else "requests"
    kept = _pair(text, items, "request", out)
    if not kept:
        return
    m = kept[0]
    heads = _population(text, m, mentions, out)
    per_day = m.per_day * (heads.q.value if heads else 1.0)
    multis = [x for x in mentions if x.kind == "multi" and x.q.start > m.q.start and x.q.value > 0
              and not (each and _names(text, each[2], m.word))]
    multis += [x for x in mentions if x.kind == "items" and x.per_day == 0 and x.q.start > m.q.start and x.q.value > 0
               and each and _names(text, each[2], x.word, 12)
               and not _names(text, each[2], m.word)]  # "avg session ~6 turns, each turn ~700 tokens"
    if heads is None and (times := TIMES_BEFORE.search(text, max(0, m.q.start - 40), m.q.start)):
        try:  # "5 support bots × 2,000 conversations/day × 1,500 tokens"
            n = float(times["n"].replace(",", ""))
        except ValueError:
            n = 0.0
        if 0 < n <= 1e7:
            per_day *= n
            note_times = f"{times['n']} {times['w']} × "
        else:
            note_times = ""
    else:
        note_times = ""
    for x in multis[:1]:  # "10k conversations/day, ~8 turns each, ~600 tokens per turn"
        per_day *= x.q.value
    if each is None:
        out.requests_per_day = per_day
        # "30 requests per second", not "30 rps per second"
        word = "requests" if m.word in RATE_ITEMS else m.word
        out.warnings.append(f"{human(m.q.value)} {word} per {m.period} needs tokens per request to give a daily "
                            "token volume; say e.g. '× 1,500 tokens each'")
        return
    size, how, used = each
    tokens = per_day * size
    note = f"{human(heads.q.value)} × " if heads else note_times
    note += f"{human(m.q.value)} {m.word}/{m.period} × "
    note += "".join(f"{human(x.q.value)} {x.word} × " for x in multis[:1])
    note += f"{how} tokens"
    note += f" ÷ {DAYS_PER_MONTH} days" if m.period == "month" else f" ({human(per_day)} {m.word}/day)"
    start = min([m.q.start, *(u.q.start for u in used), *([heads.q.start] if heads else [])])
    end = max([m.end, *(u.end for u in used)])
    _found(out, m, tokens, f"{note} = {human(tokens)}/day", start=start, end=end)


TIMES_BEFORE = re.compile(r"(?<![\w.])(?P<n>[0-9][0-9,]{0,8})\s{1,3}(?P<w>(?:[a-z-]{2,20}\s{1,3}){0,2}?[a-z-]{2,20})"
                          r"\s{0,3}"
                          r"(?:×|x|\*)\s{0,3}$", FLAGS)


def _names(text: str, used: list[Mention], word: str, reach: int = 0) -> bool:
    """Whether a per-item size names the item counted per period ('4k tokens per conversation'): then a count of
    smaller things in each ('8 turns each') does not multiply it."""
    stem = word.rstrip("s")[:6]
    return bool(stem) and any(stem in text[max(0, u.q.start - reach):u.end].lower() for u in used)


PER_PERSON = re.compile(r"(?:\bper|/)\s{0,2}(?:user|person|head|seat|employee|member|agent|dev|developer|engineer|"
                        r"lawyer|doctor|clinician|student|customer|rep|analyst|nurse|staff)\b", FLAGS)


ONE_OF = re.compile(r"\b(?:each|every|per|in each of|for each of|each of (?:our|the))\s{1,3}(?:of\s{1,3})?"
                    r"(?:(?P<one>one|of them|of those)|(?P<w>[a-z][a-z-]{2,20})"
                    r"(?:\s{1,3}(?P<w2>[a-z][a-z-]{2,20}))?)\b", FLAGS)


def _unit_heads(text: str, m: Mention, mentions: list[Mention]) -> Mention | None:
    """Units counted anywhere in the message when the rate's own sentence speaks of one of them ('1,200 stores.
    ... each store does 150 questions a day', 'Each municipality is ~2M tokens a month and we have 17 of them')."""
    left, right = sentence_bounds(text, m.q.start, m.end, 200)
    units = [p for p in mentions if p.kind == "pop" and p.word and p is not m]
    if not units:
        return None
    for ref in ONE_OF.finditer(text, left, right):
        if ref["one"]:
            near = [p for p in units if p.q.start < ref.start()] or [p for p in units if p.word == "them"]
            if near:
                return near[-1]
            continue
        words = [stem(w) for w in (ref["w"], ref["w2"]) if w and w.lower() not in NOT_REFERENT]
        if not words:
            continue
        same = [p for p in units if p.word in words or (p.word == "them" and p.q.start > ref.start())]
        if not same and len(units) == 1 and units[0].label == "each":
            same = units  # '22 vessels, each with one server ... 100 questions a day per ship'
        if same:
            return min(same, key=lambda p: abs(p.q.start - m.q.start))
    return None


NOT_REFERENT = frozenset(["day", "hour", "minute", "second", "week", "month", "year", "quarter", "shift", "request",
                          "call", "query", "question", "message", "prompt", "token", "tokens", "turn", "session",
                          "time"])


def _population(text: str, m: Mention, mentions: list[Mention], out: Scan | None = None) -> Mention | None:
    heads = _population_here(text, m, mentions, out)
    return heads if heads is not None else _unit_heads(text, m, mentions)


def _population_here(text: str, m: Mention, mentions: list[Mention], out: Scan | None = None) -> Mention | None:
    left, _right = sentence_bounds(text, m.q.start, m.end, 200)
    own = text[m.q.end:m.end]  # "30 questions each a day"
    if PER_PERSON.search(own + text[m.end:m.end + 24]):  # "~25 requests per user per day" on its own line
        left = 0
    shared = [p for p in mentions if p.kind == "pop" and p.label == "share" and p.q.start < m.q.start]
    shared = [p for p in mentions if p.kind == "pop" and p.fixed] or shared  # "sorry, 50 users": wherever said
    if shared:  # a share of the people counted earlier: the people the items are done by
        return shared[-1]
    heads = [p for p in mentions if p.kind == "pop" and left <= p.q.start < m.q.start]
    if not heads:
        return None
    if _peak_people(heads, out):
        heads = [p for p in heads if p.label != "peak"]  # "1,200 agents online at peak, 400 on average"
    between = text[heads[-1].end:m.q.start]
    after = own + " " + text[m.end:m.end + 30]
    if re.search(r"[,;:.]", between) and not re.match(r"\W{0,3}(?:who|that|which|each|every|they|all of them|"
                                                      r"of them)\b", between, FLAGS) \
            and not EACH_WORD.search(between + " " + after) and not PER_PERSON.search(after):
        return None  # "~300 customers, our AI feature does 15k generations/day": not per customer
    each_before = re.search(r"\b(?:each|every|per)\s{1,3}\w+\s{0,2}\(?\s{0,3}$",
                            text[max(left, heads[-1].q.start - 30):heads[-1].q.start], FLAGS)
    if each_before or EACH_WORD.search(between + " " + after) or PER_PERSON.search(after) or re.search(
            r"\b(?:sending|sends?|making|makes?|asking|asks?|doing|does|handling|handles?|running|runs?|submits?|"
            r"uses?|using|who|that)\b", between, FLAGS):
        return heads[-1]
    return None


def _found(out: Scan, m: Mention, per_day: float, note: str, strength: int = 1, start: int | None = None,
           end: int | None = None) -> None:
    if not math.isfinite(per_day) or per_day > MAX_TOKENS_PER_DAY:
        out.warnings.append(f"Ignored the volume {m.q.text.strip()!r}: more than {human(MAX_TOKENS_PER_DAY)} "
                            "tokens a day is not plausible")
        return
    s = m.q.start if start is None else start
    e = m.end if end is None else end
    out.found.append(Found("tokens_per_day", per_day, s, e, note, base=m.q.value if m.kind == "tokens" else None,
                           strength=strength, correction=m.fixed))
    out.consumed.append((s, e))


OF_THAT = re.compile(r"\s{0,3}(?:tokens?\s{1,3})?of\s{1,3}(?:that|it|this|those|them|the total|these)\b"
                     r"(?:\s{1,3}(?:is|are|was|were)\s{1,3}(?P<io>output|input|prompts?|completions?|"
                     r"generated))?", FLAGS)
OF_WHICH = re.compile(r"\bof which\s{0,3}$", FLAGS)
IS_IO = re.compile(r"\s{0,3}(?:tokens?\s{1,3})?(?:is|are|was|were)\s{1,3}(?:the\s{1,3})?(?P<io>output|input|prompts?|"
                   r"completions?|generated|answers?|responses?)\b", FLAGS)
IO_NEAR = re.compile(r"\b(?P<io>output|outputs|input|inputs|prompts?|completions?|generated|answers?|responses?)\b"
                     r"[^0-9.;]{0,24}$", FLAGS)


def _parts_of_total(text: str, qs: list[Qty], mentions: list[Mention], out: Scan) -> None:
    """An output (or input) amount given as part of a stated total: '2.4 billion tokens last quarter. Output was
    about 600M of that', 'the total is 40M, of which 8M is output'."""
    totals = [m for m in mentions if m.kind == "tokens" and m.q.value > 0]
    for q in qs:
        of, which = OF_THAT.match(text, q.end), OF_WHICH.search(text, max(0, q.start - 12), q.start)
        if not of and not which:
            continue
        io = of["io"] if of and of["io"] else None
        if io is None and (m := IS_IO.match(text, of.end() if of else q.end)):
            io = m["io"]
        if io is None and (m := IO_NEAR.search(text, max(0, q.start - 40), q.start)):
            io = m["io"]
        whole = [t for t in totals if t.q.end <= q.start and t.q.value > q.value]
        if not io or not whole:
            continue
        total = whole[-1]
        part = q.value / total.q.value
        share = 1 - part if re.match(r"input|prompt", io, FLAGS) else part
        out.found.append(Found("output_share", share, total.q.start, of.end() if of else q.end,
                               f"{human(q.value)} {io} of {human(total.q.value)} tokens"))


def _shares(text: str, mentions: list[Mention], out: Scan) -> None:
    """Output share from the parts of one request: '700 in, 200 out', '2k tokens, 1.6k of it input'."""
    parts = [m for m in mentions if m.kind == "part"]
    ins = [m for m in parts if m.io == "in"]
    outs = [m for m in parts if m.io == "out"]
    total = next((m for m in mentions if m.kind == "each"), None)
    if ins and outs and not ins[0].of_total and not outs[0].of_total:
        a, b = ins[0], outs[0]
        whole = a.q.value + b.q.value
        if whole > 0:
            share = b.q.value / whole
            out.found.append(Found("output_share", share, min(a.q.start, b.q.start), max(a.end, b.end),
                                   f"{human(b.q.value)} output of {human(whole)} tokens per request"))
        return
    one = (ins or outs)[:1]
    if one and total is not None and one[0] in _added_parts(text, total, parts):  # "3,000 tokens per call plus ~250"
        p, whole = one[0], total.q.value + one[0].q.value
        share = p.q.value / whole if p.io == "out" else total.q.value / whole
        out.found.append(Found("output_share", share, total.q.start, p.end,
                               f"{human(p.q.value)} {p.io}put added to {human(total.q.value)} tokens per request"))
        return
    if one and total is not None and 0 < one[0].q.value <= total.q.value:
        p = one[0]
        share = p.q.value / total.q.value if p.io == "out" else 1 - p.q.value / total.q.value
        out.found.append(Found("output_share", share, min(p.q.start, total.q.start), max(p.end, total.end),
                               f"{human(p.q.value)} {p.io}put of {human(total.q.value)} tokens per request"))
