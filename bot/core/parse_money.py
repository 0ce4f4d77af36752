"""API spend per month from money in free text: "$20k/month on OpenAI", "our annual bill was $312k",
"£2,500 a week", "we pay ~96k a year", "15.000 $ im Monat". Prices per token, quotes, plans and past
thresholds are not spend. Pure; every regex linear."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from .parse_numbers import CHANGED_FROM, FLAGS, Found, Qty, Scan, masks, quantities, rate_at, sentence_bounds
from .parse_periods import MONTHS, PERIOD_DAYS, label_days, window_days
from .parse_scope import CLAUSE_BREAK, correction_marks, hypothetical, is_correction, value_negated
from .units import DAYS_PER_MONTH, money

MONEY_AFTER = re.compile(r"\s{0,4}(?:usd|us\$|dollars?|dollari|d[óo]lares|d[óo]lar|dollaro|bucks|eur|euros?|gbp|"
                         r"pounds?|quid)\b", FLAGS)
PRICE_AFTER = re.compile(
    r"\s{0,4}(?:in|out|input|output)\s{0,2}/|\s{0,4}(?:each(?!\s{1,3}(?:month|week|year|day|quarter))|apiece|"
    r"a piece|per unit|a card|per card|a gpu|"
    r"a server)\b|\s{0,4}(?:usd\s{0,4})?(?:(?:in|out|input|output|prompt|"
    r"completion)\s{0,4})?(?:/|per|a)\s{0,4}(?:1\s{0,4})?"
    r"(?:m|k|million|thousand|mtok|1m|1k)\b|\s{0,4}(?:/|per)\s{0,4}(?:1\s{0,4})?(?:m|k|million|thousand)?\s{0,4}tok|"
    r"\s{0,4}(?:per|/|a)\s{0,4}(?:seat|user|head|hour|hr|gpu|card|license)\b|\s{0,4}(?:/|per)\s{0,4}h\b",
    FLAGS,
)
SPEND_WORDS = re.compile(
    r"\b(?:spend|spends|spending|spent|bill|billed|billing|budget|budgets|paying|pay|paid|invoice|invoiced|costs?|"
    r"costing|burn|burning|gastamos|gasto|geben|zahlen|dépensons|payons|costo|spesa|pagamos|run us|comes? to|"
    r"came to|factura|fattura|facture|rechnung|fatura|kosten|coûte|cuesta|custa)\b",
    FLAGS,
)
NOT_SPEND = re.compile(r"\b(?:quote|quoted|price tag|to buy|purchase|capex|crossed|passed|exceeded|went over|"
                       r"hit|"
                       r"forecast(?:ed|s)?|projected|projection|"
                       r"raised|per (?:gpu|card|server))\b|"
                       rf"{CHANGED_FROM}|"
                       r"\b(?:next year'?s?|next quarter'?s?|fy\s?'?[0-9]{2,4}|20[0-9]{2}|future|planned|"
                       r"proposed)\s{1,3}"
                       r"(?:api\s{1,3})?budget(?:\s{1,3}line)?\b[^.;0-9]{0,16}$|\bbudget line\b[^.;0-9]{0,16}$|"
                       r"\b(?:(?:hardware|gpu|server|capex|equipment|infra\w*) budget|budget for (?:the |new )?"
                       r"(?:hardware|gpus?|servers?|equipment|machines?|boxes))\b[^.;]{0,16}$|\b(?:funding|salary|salaries|revenue|arr|valuation)\s{0,3}"
                       r"(?:of|is|was|were|:)?\s{0,3}(?:about|around|roughly|~)?\s{0,3}$", FLAGS)
# "the bill (just) hit $58k": what hit the amount is the bill, so the amount is spent ("we hit $10k" is a threshold)
BILL_HIT = re.compile(r"\b(?:bill|bills|spend|spending|invoice|costs?|charges?)\s{1,3}(?:\w+\s{1,3})?hit\s{0,3}$",
                      FLAGS)
PLAN = re.compile(r"\s{0,4}(?:/\s{0,2}mo(?:nth)?\s{0,2})?(?:\w+\s{1,3}){0,3}?(?:plan|subscription|seat|seats|"
                  r"license|licence)\b", FLAGS)
TOTAL = re.compile(r"[ \t]{0,4}(?:in\s{1,3})?total\b|[ \t]{0,4}all[- ]in\b|[ \t]{0,4}combined\b", FLAGS)
# The period of an amount, one grammar for every position: a determiner and a period noun ('per month', 'for the
# quarter', 'over the last year', 'each month'), an adjective ('annual', 'quarterly', 'per annum'), a named stretch
# ('in Q3', 'FY25', 'in 2025', 'for March'). The named group that matched is the period's kind (parse_periods).
_DET = (r"(?:per|a|an|each|every|for\s{1,3}(?:the|this|that|a|one)|over\s{1,3}(?:the|a|one)|in\s{1,3}(?:the|a|one)|"
        r"during\s{1,3}the|this|last|the\s{1,3}(?:last|past|whole|entire|full)|for\s{1,3}the\s{1,3}(?:last|past)|"
        r"(?:over|in)\s{1,3}the\s{1,3}(?:last|past)|past|previous|that)\s{1,3}(?:(?:whole|entire|full|calendar|fiscal|"
        r"financial)\s{1,3})?")


def _period_grammar(before: bool) -> str:
    """The period phrase; ``before``: also the forms that only precede an amount ('mensile', 'im Monat')."""
    y = (rf"{_DET}(?:year|yr|annum|12 months)|annual(?:ly|i[sz]ed)?|yearly|per annum|p\.a\.|in 20[0-9]{{2}}|"
         r"for 20[0-9]{2}|fy\s?'?[0-9]{2,4}")
    m = (rf"{_DET}(?:month|mo)|monthly|(?:for|in|during) (?:the month of )?(?:{MONTHS})\.?")
    w = rf"{_DET}(?:week|wk)|weekly"
    f = rf"{_DET}(?:fortnight|two weeks|2 weeks)|fortnightly|bi-?weekly|every (?:two|2|other) weeks?"
    d = rf"{_DET}day|daily|per diem"
    q = rf"{_DET}(?:quarter|qtr)|quarterly|(?:in |for |during )?q[1-4]"
    if before:
        m += (r"|mensile|mensuel(?:le)?|mensual(?:es)?|mensal|monatlich(?:e|en)?|im monat|al mes|por mes|par mois|"
              r"pro monat|al mese|ao mês|月額|毎月|月に")
    h = rf"{_DET}(?:half[- ]year|six months|6 months)|(?:in |for |during )?h[12]|half[- ]yearly|semi-?annual(?:ly)?"
    return (rf"(?P<year>{y})|(?P<month>{m})|(?P<fortnight>{f})|(?P<week>{w})|(?P<day>{d})|(?P<quarter>{q})|"
            rf"(?P<half>{h})")


PERIOD_BEFORE = re.compile(rf"\b(?:{_period_grammar(True)})\b", FLAGS)
PERIOD_AFTER = re.compile(rf"\s{{0,4}}(?:{_period_grammar(False)})\b", FLAGS)
# "$210,000 on the OpenAI API last year", "$41k by OpenAI for the quarter": the period a few words on
PERIOD_LATER = re.compile(rf"[^.;!?\n$€£0-9]{{0,40}}?\b(?:{_period_grammar(False)})\b", FLAGS)
ONE_OFF = re.compile(r"\b(?:one[- ]off|one[- ]time|up[- ]?front|capex|for the (?:whole |entire )?project|"
                     r"to buy|purchase price)\b", FLAGS)
PART_BREAK = re.compile(CLAUSE_BREAK.pattern + r"|\band\b|\bplus\b", FLAGS)
FOREIGN = re.compile(r"€|£|\beur|\beuros?|\bgbp|\bpounds?|\bquid", FLAGS)


PAST = re.compile(r"\b(?:was|were|used to|back in|previously|originally|initially|at first|at launch|"
                  r"started at)\b", FLAGS)
# "(from $15k)", "Earlier I said $9k/month but ...": the figure being replaced
FROM = re.compile(r"(?:\bfrom|\b(?:i|we)\s{1,3}(?:said|wrote|mentioned|gave|quoted|told you))\s{0,3}"
                  r"(?:~|about\s|around\s|roughly\s)?$", FLAGS)
NOW = re.compile(r"\b(?:now|today|currently|these days|at the moment|right now|nowadays|this month)\b", FLAGS)


def read(text: str, qs: list[Qty], out: Scan) -> None:
    """Every amount that reads as API spend; the one called the total (else the last) is chosen later."""
    spent: list[tuple[Qty, Found]] = []
    money: list[Qty] = []
    for q in qs:
        if other := _other_currency(text, q):
            out.warnings.append(f"Did not read {q.text.strip()!r} {other} as a spend: give it in US dollars "
                                "(the reader does not convert that currency).")
            out.consumed.append((q.start, q.end))
            continue
        if not (_is_money(text, q) or _chained(text, q, money) or _bare_bill(text, q)):
            continue
        money.append(q)
        if value_negated(text, q.start) or (hypothetical(text, q.start) and not own_bill(text, q.start)):
            continue
        before = len(out.found)
        _money(text, q, out, qs, spent)
        spent += [(q, f) for f in out.found[before:] if f.field == "monthly_api_spend_usd"]
        if not spent or spent[-1][0] is not q:
            money.pop()  # a price or a quote: what follows it is not chained to a spend
    if spent:
        _revisions(text, qs, out, spent)
        _parts(text, out, spent)
    _rows(text, qs, out)
    for m in NO_SPEND.finditer(text):  # "we don't pay for any API today"
        if not hypothetical(text, m.start()):
            out.found.append(Found("monthly_api_spend_usd", 0.0, m.start(), m.end(), f"'{m.group()}' → $0/month",
                                   strength=0))


# "our $40k/month API bill" inside a what-if question: the team's own bill is a fact, not part of the what-if
OURS = re.compile(r"\b(?:our|my|the current|today's|the existing)\s{1,3}(?:current\s{1,3}|existing\s{1,3})?"
                  r"(?:~|about\s|around\s|roughly\s)?$", FLAGS)
NO_SPEND = re.compile(
    r"\b(?:(?:don't|do not|doesn't|does not|never|not)\s{1,3}(?:currently\s{1,3}|yet\s{1,3})?(?:pay|paying|spend|"
    r"spending)\s{1,3}(?:anything\s{1,3}|a (?:cent|penny|dime)\s{1,3})?(?:for|on)\s{1,3}(?:any|an?)\s{1,3}"
    r"(?:[a-z-]{2,15}\s{1,3}){0,2}?(?:apis?|models?|llms?|providers?|ai services?|inference)|"
    r"(?:no|zero|(?:~|about\s|around\s|roughly\s)?\$?0)\s{1,3}(?:api|openai|anthropic|llm|inference)\s{1,3}(?:bills?|"
    r"spend|costs?|invoices?)|"
    r"(?:spend|spending|pay|paying)\s{1,3}(?:nothing|zero|\$0)\s{1,3}(?:on|for)\s{1,3}(?:apis?|llms?|inference|"
    r"(?:the\s{1,3})?(?:openai|anthropic|hosted)\b)|api (?:spend|bill|costs?)\s{0,3}[:=]?\s{0,3}(?:zero|none|nothing|"
    r"nil)\b)", FLAGS)
PROVIDER = re.compile(r"\b(?:azure\s{1,3}openai|aws\s{1,3}bedrock|(?:google\s{1,3})?vertex(?:\s{1,3}ai)?|"
                      r"together\s{1,3}ai|"
                      r"openai|anthropic|google|gemini|vertex|azure|bedrock|aws|mistral|cohere|together|chatgpt|"
                      r"fireworks|groq|deepseek|claude|gpt|api|llm|perplexity|openrouter|replicate|xai|grok|sonnet|opus|"
                      r"haiku|voyage|deepgram|elevenlabs|assemblyai)(?:[\w.-]*[0-9a-z])?", FLAGS)
# What else an amount can be paid for: "$3k on chat and $1k on embeddings" (never a period or a count)
PAID_FOR = re.compile(r"\b(?:on|for|to|via|through)\s{1,3}(?:the\s{1,3}|our\s{1,3})?(?P<w>[a-z][a-z-]{2,20})\b", FLAGS)
NOT_PAYEE = re.compile(r"(?:the|a|an|our|it|that|this|each|every|per|month|months|year|years|week|weeks|quarter|"
                       r"day|days|usage|tokens?|average|total|now|today|top|all|both|them)$", FLAGS)
# A change of one figure, not a second figure: "from $5k to $20k", "10k -> 25k", "dropped to $8k (from $15k)"
CHANGE = re.compile(r"->|→|=>|\b(?:was|were|used to|instead|rather|sorry|actually|now|doubled|tripled|grew|dropped|"
                    r"fell|rose|i\.e\.|that's|thats|which is)\b|\b(?:from|to|then|so|or|vs\.?|versus)\W{0,3}"
                    r"(?:~|about\s|around\s|roughly\s|like\s)?\s{0,3}$", FLAGS)


def own_bill(text: str, start: int) -> bool:
    """'our $40k/month API bill': an amount the team owns, a fact even inside a what-if question."""
    return bool(OURS.search(text, max(0, start - 24), start))


ADD_BREAK = re.compile(PART_BREAK.pattern + r"|\+|&", FLAGS)


HEDGE_ONLY = re.compile(r"\b(?:about|around|roughly|approx(?:imately)?|like|maybe|some|circa|ca)\b", FLAGS)


def payee(text: str, start: int, end: int) -> str:
    """Who or what an amount is paid to or for, from its own part of the sentence: the name nearest before it
    ('OpenAI $12k', 'Anthropic $21k + OpenAI $3.4k'), else the one after it ('$4k on GPT-4o', '$20k/mo (OpenAI)',
    '$3k on embeddings'); '' when its part names nobody."""
    left = max((m.end() for m in ADD_BREAK.finditer(text, max(0, start - 60), start)), default=max(0, start - 60))
    right = ADD_BREAK.search(text, end, min(len(text), end + 60))
    stop = right.start() if right else min(len(text), end + 60)
    if right and right.group() == "(" and (close := text.find(")", right.end(), right.end() + 40)) > 0:
        stop = close  # "$20k/mo (OpenAI)"
    named = [m.group().lower() for m in PROVIDER.finditer(text, left, start) if m.group().lower() not in ("api", "llm")]
    if named:
        return named[-1]
    for m in PROVIDER.finditer(text, end, stop):
        if m.group().lower() not in ("api", "llm"):
            return m.group().lower()
    for m in PAID_FOR.finditer(text, end, stop):
        if not NOT_PAYEE.match(m["w"]):
            return m["w"].lower()
    if text[left - 1:left] in (":", ",") and not HEDGE_ONLY.sub("", text[left:start]).strip(" ~"):
        # "Annual contract with Anthropic: $240k", "pay-as-you-go OpenAI, about $700": the name labels the amount
        label = max((m.end() for m in ADD_BREAK.finditer(text, max(0, left - 60), left - 1)), default=max(0, left - 60))
        named = [m.group().lower() for m in PROVIDER.finditer(text, label, left) if m.group().lower() not in ("api",
                                                                                                             "llm")]
        return named[-1] if named else ""
    return ""


# "... $240,000, billed upfront. Plus ad-hoc OpenAI usage ~$1.5k/month": a sentence that adds to the one before
ADDS_ON = re.compile(r"[.!?]\s{1,3}(?:plus|also|and|on top of (?:that|this)|in addition|additionally)\b[^.!?\n]*$",
                     FLAGS)


def _parts(text: str, out: Scan, spent: list[tuple[Qty, Found]]) -> None:
    """'We pay OpenAI $12k a month and Anthropic another $3k', '$20k/mo (OpenAI) + $5k/mo (Anthropic)': amounts in
    one sentence, each paid to a different payee, joined as a list (not a change or a correction of one figure), are
    parts of one spend: their sum."""
    live = sorted(((q, f) for q, f in spent if f in out.found and not f.correction and f.strength <= 1),
                  key=lambda x: x[0].start)
    if len(live) < 2 or any(f.field == "monthly_api_spend_usd" and f.strength >= 2 for f in out.found):
        return
    group = [live[0]]
    for q, f in live[1:]:
        between = text[group[-1][1].end:q.start]
        if (re.search(r"[.!?](?:\s|$)|\n", between) and not ADDS_ON.search(between)) or CHANGE.search(between) or \
                f.strength != group[-1][1].strength:  # "it was $30k; now $12k": two times, not two parts
            if len(group) >= 2:
                break
            group = [(q, f)]
            continue
        group.append((q, f))
    payees = [payee(text, q.start, f.end) or _counted_unit(f) for q, f in group]
    if len(group) < 2 or not all(payees) or len(set(payees)) < len(payees):
        return
    total = round(sum(float(f.value) for _, f in group), 2)
    for _, f in group:
        out.found.remove(f)
    note = " + ".join(f"{p} {money(float(f.value))}" for p, (_, f) in zip(payees, group, strict=True))
    out.found.append(Found("monthly_api_spend_usd", total, group[0][1].start, group[-1][1].end,
                           f"{note} = {money(total)}/month", strength=group[0][1].strength))


def _counted_unit(f: Found) -> str:
    """'220 seats at $60/seat/month': an amount for each of something counted is paid for those."""
    m = re.search(r" × [0-9][0-9,.k]* ([a-z-]+)", f.note)
    return m[1].lower() if m else ""


# A pasted export or table, one payee a row: "OpenAI — $18,420.55", "- Anthropic: $12,950", "openai,12000" under a
# "provider,usd_per_month" header, "| OpenAI | $9,500 |", "openai 8k, anthropic 2.5k" after "monthly spend:".
ROW_LEAD = re.compile(r"^[ \t>]{0,4}(?:[-•*|]|[0-9]{1,2}[.)])?[ \t|]{0,3}", FLAGS)
SEGMENT = re.compile(r"\n|[,;](?=\s{1,3}[a-z])", FLAGS)
MONEY_CUE = re.compile(r"[$€£]|\b(?:usd|eur|gbp|dollars?|spend|spent|spending|costs?|bills?|billing|invoices?|"
                       r"invoiced|charges|fees|paid|pay)\b", FLAGS)
NOT_ROW = re.compile(r"\b(?:budget|quote|quoted|forecast|projected|price|per (?:1m|m|million|token)|revenue|salary|"
                     r"salaries|funding|capex|hardware|gpus?)\b", FLAGS)
TOTAL_ROW = re.compile(r"\b(?:total|sum|all[- ]in|overall|grand total|combined)\b", FLAGS)
WHEN_ROW = re.compile(rf"^\W*(?:{MONTHS}|q[1-4]|h[12]|week|month|"
                      r"year|20[0-9]{2}|fy\S*)\b", FLAGS)


CELL = re.compile(r"[\t;|]|(?<![0-9]),|,(?![0-9]{3}(?![0-9]))")  # a comma between digit groups is a thousands one


def _when_factor(cell: str) -> float:
    """Months per period of a row's date cell (parse_periods.label_days): 'Q3' a quarter, 'H1' a half-year, 'FY25' or
    '2025' a year, '2026-W46' a week, '2026-10-14' or 'Oct 14' a day; a month ('Oct', '2026-10') or anything else 1."""
    return DAYS_PER_MONTH / (label_days(cell) or DAYS_PER_MONTH)


DATE_CELL = re.compile(r"\s*(?:19|20)[0-9]{2}(?:(?:[-/][0-9]{1,2}){1,2}|-?w[0-9]{1,2})\s*", FLAGS)


def _cell_amounts(text: str, s: int, e: int) -> list[Qty]:
    """The amounts in the cells of a CSV, TSV or pipe row ('openai,12000'), which the number grammar leaves alone
    (a number right after a comma is part of a thousands group there)."""
    if not CELL.search(text, s, e):
        return []
    out, pos = [], s
    for sep in [*CELL.finditer(text, s, e), None]:
        end = sep.start() if sep else e
        cell = text[pos:end]
        if DATE_CELL.fullmatch(cell):
            pos = sep.end() if sep else e
            continue
        out += [replace(q, start=q.start + pos, end=q.end + pos) for q in quantities(cell, [], masks(cell))]
        pos = sep.end() if sep else e
    return out


def _rows(text: str, qs: list[Qty], out: Scan) -> None:
    """Two or more rows (lines, or ', '-separated items of one list) that each give one payee's amount: their sum is
    the spend of the period the header gives (a month unless it says otherwise); a row called the total is the total."""
    if any(f.field == "monthly_api_spend_usd" and f.strength >= 2 for f in out.found):
        return  # a total was given
    rows: list[tuple[str, Qty, float]] = []
    dated: dict[int, str] = {}  # a row's period label, by the start of its amount
    totals: list[tuple[Qty, float]] = []
    pos, by_comma = 0, False
    for seg in [*SEGMENT.finditer(text), None]:
        s, e = pos, (seg.start() if seg else len(text))
        listed, by_comma, pos = by_comma, bool(seg and seg.group() != "\n"), seg.end() if seg else len(text)
        listed = listed or by_comma  # an item of a ', '-separated list must name its payee
        inside = _cell_amounts(text, s, e) or [q for q in qs if s <= q.start and q.end <= e]
        if len(inside) == 2 and inside[1].currency and re.fullmatch(r"\s{0,3}(?:x|×|\*)\s{0,3}",
                                                                   text[inside[0].end:inside[1].start], FLAGS):
            a, b = inside  # "- Perplexity seats: 50 × $20/mo": the count times the amount
            inside = [replace(b, value=a.value * b.value, start=a.start)]
        if len(inside) > 1 and CELL.search(text, s, e) and all(q.currency for q in inside) and \
                all(CELL.search(text, a.end, b.start) for a, b in pairwise(inside)):
            inside = inside[-1:]  # "| OpenAI | $6,120 | $6,480 |": one column a period, the latest is the last
        if len(inside) != 1:
            continue
        q = inside[0]
        lead = ROW_LEAD.match(text, s)
        name = text[lead.end() if lead else s:q.start].strip(" \t|:=—–-,;")
        if ":" in name and PROVIDER.search(name.rpartition(":")[2]):
            name = name.rpartition(":")[2].strip()  # "* Oct spend: OpenAI $12.1k, ...": the label is the header's
        cells = [c.strip() for c in re.split(r"[|\t,;]", name) if c.strip()]
        when = [c for c in cells if WHEN_ROW.match(c) or label_days(c)]  # "Q3,OpenAI,31500", "OpenAI;2026-10;12940.00"
        name = next((c for c in cells if c not in when and re.search(r"[a-z]{2}", c, FLAGS)), "")
        tail = text[q.end:e]
        if CELL.search(tail) and all(q.currency for q in inside):
            tail = ""  # the other columns of a table row
        if not re.search(r"[a-z]{2}", name, FLAGS) or re.search(r"[0-9]", tail) or NOT_ROW.search(name) or \
                len(name) > 40 or CHANGE.search(name) or (listed and not PROVIDER.search(name)) or \
                WHEN_ROW.match(name) or PRICE_AFTER.match(text, q.end) or PLAN.match(text, q.end) or \
                value_negated(text, q.start) or hypothetical(text, q.start) or q.value < 1 or \
                UNIT_NEXT.match(text, q.end):
            continue
        unit = MONEY_AFTER.match(text, q.end)
        rate = rate_at(text, unit.end() if unit else q.end)
        factor = rate[0] * DAYS_PER_MONTH if rate else _when_factor(when[-1]) if when else 0.0
        if TOTAL_ROW.search(name):
            totals.append((q, factor))
        else:
            rows.append((name, q, factor))
            if when and not rate:
                dated[q.start] = when[-1].strip().lower()
    if any(q.currency for _, q, _ in rows):
        rows = [r for r in rows if r[1].currency]
    named = [r for r in rows if PROVIDER.search(r[0])]
    if len(rows) < 2 or len(rows) > 12:
        return
    first = rows[0][1]
    head = text[max(0, first.start - 200):first.start] + " " + text[rows[-1][1].end:rows[-1][1].end + 40]
    if not named and not MONEY_CUE.search(head) and not all(q.currency for _, q, _ in rows):
        return
    if not all(q.currency or MONEY_AFTER.match(text, q.end) for _, q, _ in rows) and not MONEY_CUE.search(head):
        return
    period = list(PERIOD_BEFORE.finditer(head))
    factor, how = (_factor(period[-1]), _name(period[-1])) if period else (1.0, "per month")
    if totals:
        q, own = totals[-1]
        monthly = round(q.value * (own or factor), 2)
        out.found.append(Found("monthly_api_spend_usd", monthly, q.start, q.end, f"the total row: {money(q.value)} "
                               f"{how if not own else ''}".strip(), strength=2))
        out.consumed.extend((q.start, q.end) for _, q, _ in rows)
        return
    labels = {dated[q.start] for _, q, _ in rows if q.start in dated}
    if len(labels) > 1 and all(q.start in dated for _, q, _ in rows):
        # rows are periods ('2026-10-14,openai,410' then '2026-10-15,openai,390'): the month of their average day
        days = sum(label_days(label) or DAYS_PER_MONTH for label in labels)
        monthly = round(sum(q.value for _, q, _ in rows) / days * DAYS_PER_MONTH, 2)
        names = f"{len(rows)} rows over {len(labels)} periods, averaged"
    else:
        monthly = round(sum(q.value * (own or factor) for _, q, own in rows), 2)
        names = " + ".join(f"{n.strip()} {money(q.value)}" for n, q, _ in rows)
    out.found.append(Found("monthly_api_spend_usd", monthly, first.start, rows[-1][1].end,
                           f"{names} = {money(monthly)} per month", strength=2))
    out.consumed.extend((q.start, q.end) for _, q, _ in rows)


SCALE = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9}
UNIT_AFTER = re.compile(r"\s{0,3}(?:[a-z%×/]|\$)", FLAGS)


def _revisions(text: str, qs: list[Qty], out: Scan, spent: list[tuple[Qty, Found]]) -> None:
    """'spend is like 40k/mo. sorry, 14k': an amount after a correction word, with no unit of its own, revises
    the spend before it and takes its period (and its scale when it has none)."""
    marks = correction_marks(text)
    taken = {q.start for q, _ in spent}
    for q in qs:
        if q.start in taken or value_negated(text, q.start) or (UNIT_AFTER.match(text, q.end)
                                                                 and not MONEY_AFTER.match(text, q.end)):
            continue
        prior = [(pq, f) for pq, f in spent if f.end <= q.start and pq.value > 0]
        if not prior or not is_correction(text, [k for k in marks if k > prior[-1][1].end], q.start):
            continue
        pq, f = prior[-1]
        value = q.value * (SCALE.get(pq.suffix, 1.0) if not q.scaled else 1.0)
        if not pq.value / 20 <= value <= pq.value * 20:
            continue
        monthly = round(value * float(f.value) / pq.value, 2)
        out.found.append(Found("monthly_api_spend_usd", monthly, q.start, q.end,
                               f"{money(value)} corrects {money(pq.value)} → {money(monthly)}/month",
                               correction=True, strength=f.strength))
        out.consumed.append((q.start, q.end))

# A bare number chained to an amount of money is money too: "10k/mo -> 25k/mo", "9k/month on Azure and another
# 2k/month on Bedrock", "from $5k to 20k", "$8k, now 12k"
CHAIN = re.compile(r"^[^.!?\n0-9]{0,40}?(?:->|→|=>|\+|&|\b(?:to|and another|another|plus|then|now|vs\.?|versus|"
                   r"and|or)\b)[^.!?\n0-9]{0,30}$", FLAGS)


def _chained(text: str, q: Qty, money: list[Qty]) -> bool:
    prev = [m for m in money if m.end <= q.start]
    return bool(prev) and q.value >= 10 and bool(CHAIN.match(text[prev[-1].end:q.start])) and \
        not UNIT_NEXT.match(text, q.end)


# A currency far from the dollar, which the reader does not convert ("MXN 180,000/month", "₹4 lakh", "¥900k")
_CODES = (r"mxn|inr|jpy|cny|rmb|brl|krw|rub|zar|sek|nok|dkk|pln|czk|huf|idr|thb|vnd|ars|clp|cop|ngn|kes|"
          r"egp|pkr|bdt|uah|hkd|twd|myr|aed|sar|ils|yen|yuan|rupees?|rs\.?|pesos|reais|lira|zloty|kronor|kroner")
OTHER_BEFORE = re.compile(rf"(?:\b(?:{_CODES})|[¥₹₩₽]|r\$)\s{{0,2}}$", FLAGS)
OTHER_AFTER = re.compile(rf"\s{{0,2}}(?:(?:{_CODES})\b|[¥₹₩₽])", FLAGS)


def _other_currency(text: str, q: Qty) -> str:
    if q.currency:
        return ""
    m = OTHER_BEFORE.search(text, max(0, q.start - 6), q.start) or OTHER_AFTER.match(text, q.end)
    return m.group().strip().upper() if m else ""


# A model or provider the team pays for, named anywhere in the message
PAID_API = re.compile(r"\b(?:openai|anthropic|gpt-?[0-9o][\w.-]*|claude|gemini|sonnet|opus|haiku|mistral|cohere|"
                      r"bedrock|azure openai|vertex)\b", FLAGS)


def _bare_bill(text: str, q: Qty) -> bool:
    """'gpt-4o-mini, 6k/mo, 90% simple stuff': a bare amount per month or longer that would be a few thousand
    tokens a day at most - no one asks about self-hosting for that - in a message that names the API paid for,
    is the bill."""
    rate = rate_at(text, q.end)
    if not rate or rate[0] > 1 / 28 or not q.scaled or UNIT_NEXT.match(text, q.end) or not PAID_API.search(text):
        return False
    left, right = sentence_bounds(text, q.start, q.end, 120)
    if re.search(r"\btok(?:en)?s?\b|\brequests?\b|\bcalls?\b|\bqueries\b|\bmessages?\b", text[left:right], FLAGS):
        return False
    return q.value * rate[0] * DAYS_PER_MONTH >= 10 and q.value * rate[0] < 10_000


def _is_money(text: str, q: Qty) -> bool:
    if q.currency or MONEY_AFTER.match(text, q.end) or q.text.lower().rstrip().endswith("grand"):
        return True
    left = max(0, q.start - (90 if TOTAL.match(text, q.end) else 40))
    words = list(SPEND_WORDS.finditer(text, left, q.start))
    if words and re.search(r"[0-9]", text[words[-1].end():q.start]) and not TOTAL.match(text, q.end):
        return False  # "billing CSV: 18M tokens/day avg, 55M on the worst day": the word is another number's
    return bool(words) and not UNIT_NEXT.match(text, q.end) and q.value >= 10


# A unit after a number that makes it a count or a duration, not money
UNIT_NEXT = re.compile(
    r"[ \t]{0,4}(?:-?tok|requests?|users?|calls?|%|x\b|×|gpus?|[a-z]+\s{0,2}(?:tok|requests)|"
    r"(?:[a-z-]{2,20}\s{1,3})?(?!(?:dollars|bucks|euros|pounds|quids|usd)\b)[a-z-]{2,20}s\b|(?:days?|weeks?|months?|"
    r"years?|hours?|hrs?|minutes?|mins?|seconds?|secs?|ms|times)\b)", FLAGS)


def _money(text: str, q: Qty, out: Scan, qs: list[Qty], spent: list[tuple[Qty, Found]] | None = None) -> None:
    after = q.end
    if m := MONEY_AFTER.match(text, after):
        after = m.end()
    unit = PER_UNIT.match(text, after)  # "$300/engineer/month": per one of something counted
    if unit and unit["w"].lower() not in NOT_UNIT:
        after = unit.end()
    plan = PLAN.match(text, after)
    if plan and (re.search(r"[0-9]", plan.group()) or TIMES_BEFORE.search(text, max(0, q.start - 40), q.start)):
        plan = None  # "$39/month x 85 seats": a count of seats, so the amount is paid for each of them
    if price := PRICE_AFTER.match(text, after) or plan:
        out.consumed.append((q.start, max(after, price.end())))  # "$2 per 1M input tokens": the 1M is the price's
        return
    left, right = sentence_bounds(text, q.start, after, 200)
    if (NOT_SPEND.search(text, max(left, q.start - 30), q.start)
            and not BILL_HIT.search(text, max(left, q.start - 30), q.start)) or re.match(
            r"\s{0,4}(?:for|on)\s{1,3}(?:[0-9]+|an?|one|two|three|four|eight)\s{0,3}[x×]?\s{0,3}(?:h100|h200|a100|"
            r"b200|gpus?|servers?|nodes?|boxes|machines)", text[after:], FLAGS):
        out.consumed.append((q.start, after))
        return
    if not (unit and unit["w"].lower() not in NOT_UNIT) and (each := PER_THING.match(text, after)) and \
            each["w"].lower() not in NOT_THING and not rate_at(text, after) and not PROVIDER.fullmatch(each["w"]):
        if (items := _items_per_period(text, each["w"], q)) and not _not_paid(text, q, after, left, right):
            n, per_day, where = items  # "$12 per matter ... roughly 1,400 matters a month"
            monthly = round(q.value * n * per_day * DAYS_PER_MONTH, 2)
            if 0 < monthly <= 1e9:
                out.found.append(Found("monthly_api_spend_usd", monthly, q.start, each.end(),
                                       f"{money(q.value)} per {each['w']} × {where} = {money(monthly)}/month"))
                out.consumed.append((q.start, each.end()))
                return
        out.consumed.append((q.start, each.end()))
        return  # "$0.40 per document" and no documents counted: a unit price, not a spend
    if _one_off(text, q, after, left, right) or _not_paid(text, q, after, left, right):
        out.consumed.append((q.start, after))
        return  # "250k USD total, one-off": a project budget, not a monthly spend
    factor, end, how = _period(text, q, after, left, right)
    now = False
    if factor is None and (now_at := _now_period(text, q, after, left, right, qs, spent)):
        factor, how = now_at
        now = True
    if factor is None:
        return
    per_one = unit["w"] if unit and unit["w"].lower() not in NOT_UNIT else ""
    times, count_how = _per_unit(text, q, left, per_one, end)
    if per_one and times == 1.0:
        out.consumed.append((q.start, end))
        return  # "ChatGPT Team is $25/seat/month" and no seats counted: a price, not what is paid
    monthly = round(q.value * factor * times, 2)
    if monthly > 1e9:
        out.warnings.append(f"Ignored the amount {q.text.strip()!r}: over $1B a month is not plausible")
        return
    note = f"{money(q.value)} {how}{count_how}"
    if how != "per month" and factor != 1.0:
        note += f" = {money(monthly)}/month"
    if FOREIGN.search(text, max(0, q.start - 2), after + 6):
        note += " (currency read as USD)"
    total = bool(TOTAL.match(text, after) or TOTAL.match(text, end))
    past = ((PAST.search(text, left, q.start) and not NOW.search(text, left, right))  # "It was $4k in January."
            or FROM.search(text, max(0, q.start - 16), q.start)  # "dropped to $8k/month (from $15k)"
            or _ceiling(text, q, after, left, right))  # "budget is $20k/mo but actual spend is around $13k"
    out.found.append(Found("monthly_api_spend_usd", monthly, q.start, end, note,
                           strength=2 if total or now else 0 if past else 1))
    out.consumed.append((q.start, end))


PER_UNIT = re.compile(r"\s{0,3}(?:/|per\s|a\s)\s{0,2}(?P<w>[a-z]{2,15})(?=\s{0,3}(?:/|per\s|a\s)\s{0,2}"
                      r"(?:month|mo|year|yr|week|day|quarter)\b)", FLAGS)
NOT_UNIT = frozenset(["month", "mo", "year", "yr", "week", "day", "quarter", "hour", "hr", "the", "an", "one"])
EACH_BEFORE = re.compile(r"\beach\s{1,3}(?:(?P<w>[a-z]{2,15})\s{1,3})?(?:[a-z']{2,15}\s{1,3}){0,3}?"
                         r"(?:~|about\s|around\s|roughly\s|approx\.?\s)?\s{0,2}$", FLAGS)
COUNT_THEN_NOUN = re.compile(r"(?<![\w.$€£])(?P<n>[0-9][0-9,]{0,6})\s{1,3}(?:[a-z-]{2,20}\s{1,3}){0,2}?"
                             r"(?P<w>[a-z-]{2,20}s)\b[^0-9$€£]{0,40}$", FLAGS)


# "85 engineers x $39/month", "$39/month x 85 seats", "120 seats at $30 a month": a count times the amount
TIMES_BEFORE = re.compile(r"(?<![\w.$€£])(?P<n>[0-9][0-9,]{0,6}(?:\.[0-9]{1,2})?k?)\s{1,3}(?P<w>[a-z-]{2,20}s)\s{0,3}"
                          r"(?:x|×|\*|at|times|@)\s{0,3}(?:~|about\s|around\s)?$", FLAGS)
TIMES_AFTER = re.compile(r"\s{0,3}(?:x|×|\*|times)\s{0,3}(?P<n>[0-9][0-9,]{0,6}(?:\.[0-9]{1,2})?k?)\s{1,3}"
                         r"(?P<w>[a-z-]{2,20}s)\b", FLAGS)


def _count(raw: str) -> float:
    raw = raw.replace(",", "").lower()
    return float(raw[:-1]) * 1e3 if raw.endswith("k") else float(raw)


def _per_unit(text: str, q: Qty, left: int, word: str, after: int = 0) -> tuple[float, str]:
    """'~30 client projects, each burning roughly $150/month', '$200/dev/month' with '~20 devs', '85 engineers x
    $39/month': an amount for each of something the message counts, times the count (1 when nothing is counted)."""
    times = TIMES_BEFORE.search(text, max(left, q.start - 40), q.start) or TIMES_AFTER.match(text, after or q.end)
    if times and 2 <= _count(times["n"]) <= 1e5:
        return _count(times["n"]), f" × {times['n']} {times['w']}"
    unit = bool(word)
    if not word:
        each = EACH_BEFORE.search(text, max(left, q.start - 60), q.start)
        if each is None:
            return 1.0, ""
        word = each["w"] or ""
        counted = COUNT_THEN_NOUN.search(text, left, each.start())
    else:
        counted = None
    if word and word.lower() not in NOT_UNIT:
        stem = re.escape(word.lower().rstrip("s")[:8])
        # the count of that unit, before the amount or after it ('$45/user/month and we have 120 users on it')
        counted = re.search(rf"(?<![\w.$€£])(?P<n>[0-9][0-9,]{{0,6}}(?:\.[0-9]{{1,2}})?k?)\s{{1,3}}"
                            rf"(?:[a-z-]{{2,20}}\s{{1,3}}){{0,2}}?(?P<w>{stem}[a-z]{{0,6}})\b", text, FLAGS) or counted
    if counted is None or (counted.start() > q.start and not unit):
        return 1.0, ""
    n = _count(counted["n"])
    if not 2 <= n <= 1e5:
        return 1.0, ""
    return n, f" × {counted['n']} {counted['w']}"


NOW_CLAUSE = re.compile(r"\b(?:now|today|currently|these days|at the moment|right now|nowadays)\b", FLAGS)


def _now_period(text: str, q: Qty, after: int, left: int, right: int, qs: list[Qty],
                spent: list[tuple[Qty, Found]] | None = None) -> tuple[float, str] | None:
    """'right now it's $9k', "it's $8k now", 'currently $2,500': an amount said to be today's, with no period of its
    own, is in the period of the other amount the message gives one for (what it was, or what it would be)."""
    c_left = max((m.end() for m in PART_BREAK.finditer(text, left, q.start)), default=left)
    m = PART_BREAK.search(text, after, right)
    last = spent[-1][0] if spent else None
    replaced = last is not None and q.currency != "" and bool(FROM.search(text, max(0, last.start - 24), last.start))
    if not NOW_CLAUSE.search(text, c_left, m.start() if m else right) and not replaced:
        return None  # (a figure after one said to be replaced, "I said $20k/month ... it's $14k", is today's too)
    for other in sorted((o for o in qs if o.currency and o.start != q.start), key=lambda o: abs(o.start - q.start)):
        if rate := rate_at(text, other.end):
            return rate[0] * DAYS_PER_MONTH, f"per {rate[1]} (as the other amount)"
        if p := PERIOD_AFTER.match(text, other.end):
            return _factor(p), f"{_name(p)} (as the other amount)"
    for other, f in reversed(spent or []):  # "Our monthly spend was about $40k; ... it's now $26k"
        if other.value > 0 and "×" not in f.note:
            factor = float(f.value) / other.value
            return factor, "per month" if factor == 1.0 else f"in the period of {money(other.value)}"
    return None


# What is allowed or set aside, not what is paid: "a $50k/month budget", "capped at $5k", "allowed to spend up to"
CEILING = re.compile(r"\b(?:budget\w*|cap|capped|caps|limit|limited|ceiling|allowance|allowed|approved|"
                     r"up to|at most|max(?:imum)?|no more than|set aside|earmarked|allocated)\b", FLAGS)
# ... and nothing is used yet: the ceiling is all there is, and it is not a spend
NOT_STARTED = re.compile(r"\b(?:haven't|have not|hasn't|not yet|aren't|are not|isn't|nothing)\s{1,3}"
                         r"(?:\w+\s{1,3}){0,2}?(?:started|launched|live|using|used|spending|spent|running|begun|deployed|signed|yet)\b|"
                         r"\b(?:pre-?launch|before (?:we )?launch|next (?:year|quarter|fy)|not live)\b", FLAGS)
# A what-if said with a modal ("we'd spend ~$80k/month if we went cloud", "it would cost", "we'll be paying") or an
# estimate ("the consultant estimated $25k/month"); a condition after the amount in its sentence ("... if we scale")
_COST_VERB = (r"(?:cost|costs|spend|pay|paying|spending|be|be paying|be spending|run(?: us)?|come to|end up|"
              r"look(?:ing)? at)")
MOOD = re.compile(rf"\b(?:would|could|might|will|going to|gonna|should)\s{{1,3}}(?:\w+\s{{1,3}}){{0,2}}?{_COST_VERB}\b|"
                  rf"\b(?:we|it|that|they|you)(?:'d|'ll)\s{{1,3}}(?:\w+\s{{1,3}}){{0,2}}?{_COST_VERB}\b|"
                  r"\b(?:estimat\w*|expect\w*|predict\w*|anticipat\w*|guesstimat\w*|ballpark(?:ed)? (?:at|it at)|"
                  r"model(?:l)?ed)\b", FLAGS)
IF_AFTER = re.compile(r"\b(?:if|once|assuming|provided|unless|should)\s{1,3}(?:we|they|it|you|the|our|this|that)\b",
                      FLAGS)
# "A DGX costs around $400k", "each H100 box is $250k": the price of a thing, not what is paid for the API
THING_COSTS = re.compile(r"\b(?:a|an|one|each|single|the|per)\s{1,3}(?:[\w-]{1,15}\s{1,3}){0,2}?(?:dgx|hgx|h100s?|"
                         r"h200s?|b200s?|a100s?|l40s?|mi300x?|gpus?|cards?|servers?|box|boxes|nodes?|machines?|rigs?|"
                         r"workstations?|appliances?|racks?|clusters?|[a-z]{1,4}[0-9]{2,4}[a-z]{0,3})\s{1,3}"
                         r"(?:costs?|is|runs?|goes for|sells for|lists? (?:at|for)|retails? (?:at|for))\s{0,3}"
                         r"(?:about|around|roughly|~|like|over|under)?\s{0,3}$", FLAGS)


def _clause_of(text: str, q: Qty, after: int, left: int, right: int) -> tuple[int, int]:
    c_left = max((m.end() for m in PART_BREAK.finditer(text, left, q.start)), default=left)
    m = PART_BREAK.search(text, after, right)
    return c_left, m.start() if m else right


def _ceiling(text: str, q: Qty, after: int, left: int, right: int) -> bool:
    """A budget, a cap or an allowance in the amount's clause: weaker than any amount actually paid."""
    c_left, c_right = _clause_of(text, q, after, left, right)
    return bool(CEILING.search(text, max(c_left, q.start - 40), min(c_right, after + 30)))


def _not_paid(text: str, q: Qty, after: int, left: int, right: int) -> bool:
    """An amount that is not paid today: a ceiling while nothing is used yet, a what-if in the conditional or an
    estimate (unless it is the team's own bill), the price of a device."""
    if own_bill(text, q.start):
        return False
    c_left, _ = _clause_of(text, q, after, left, right)
    mood = list(MOOD.finditer(text, max(left, q.start - 48), q.start))
    if mood and not re.search(r"\bbut\b|[;—]|\b(?:now|today|currently)\b", text[mood[-1].end():q.start], FLAGS) \
            and not NOW_CLAUSE.search(text, c_left, q.start):
        return True
    cond = IF_AFTER.search(text, after, right)
    if cond and not re.search(r"\bbut\b|[;—]", text[after:cond.start()], FLAGS):
        return True
    if THING_COSTS.search(text, max(left, q.start - 50), q.start):
        return True
    return _ceiling(text, q, after, left, right) and bool(NOT_STARTED.search(text))


# "$12 per matter", "$0.03 a ticket", "about $1.10 for each report": an amount for one of something
PER_THING = re.compile(r"[ \t]{0,3}(?:/[ \t]{0,3}|(?:per|a|an|each|for each|for every|every)[ \t]{1,3})"
                       r"(?P<w>[a-z]{3,15})\b", FLAGS)
NOT_THING = NOT_UNIT | frozenset(["minute", "second", "annum", "token", "tokens", "million", "thousand", "mtok",
                                   "seat", "user", "head", "gpu", "card", "license", "licence", "unit", "piece",
                                   "server", "node", "box", "time", "each", "mth", "mnth", "mon", "mos", "yrs", "wk",
                                   "wks", "hrs", "days", "months", "years", "weeks"])


def _items_per_period(text: str, word: str, q: Qty) -> tuple[float, float, str] | None:
    """How many of ``word`` the message counts per period ('1,400 matters a month', '300 contract reviews a week'):
    (count, per-day factor, what)."""
    stem = re.escape(word.lower().rstrip("s")[:8])
    for m in re.finditer(rf"(?<![\w.$€£])(?P<n>[0-9][0-9,]{{0,9}}(?:\.[0-9]{{1,2}})?\s?(?:k|m|thousand|million)?)"
                         rf"\s{{1,3}}(?:[a-z-]{{2,20}}\s{{1,3}}){{0,2}}?(?P<w>{stem}[a-z]{{0,6}})\b", text, FLAGS):
        if m.start() <= q.start < m.end():
            continue
        ends = [m.end()]
        for w in re.finditer(r"\s{1,3}[a-z-]{2,20}", text[m.end():m.end() + 44], FLAGS):
            if w.start() != ends[-1] - m.end() or len(ends) > 2:
                break
            ends.append(m.end() + w.end())  # the period after the whole noun: "300 contract reviews a week"
        rate = next((r for r in (rate_at(text, e) for e in ends) if r), None)
        if rate:
            raw = m["n"].replace(",", "").replace(" ", "").lower()
            scale = {"k": 1e3, "m": 1e6, "thousand": 1e3, "million": 1e6}
            tail = next((k for k in sorted(scale, key=len, reverse=True) if raw.endswith(k)), "")
            n = float(raw[:len(raw) - len(tail)] or 0) * scale.get(tail, 1.0)
            if n > 0:
                return n, rate[0], f"{m['n'].strip()} {m['w']} per {rate[1]}"
    return None


def _one_off(text: str, q: Qty, after: int, left: int, right: int) -> bool:
    """'one-off' in the amount's clause, or anywhere in its sentence when the amount has no period of its own
    ("a one-off $50k hardware budget, API spend is 8k/mo": the 8k/mo is still monthly spend)."""
    c_left = max((m.end() for m in PART_BREAK.finditer(text, left, q.start)), default=left)
    m = PART_BREAK.search(text, after, right)
    if ONE_OFF.search(text, c_left, m.start() if m else right):
        return True
    # "Annual OpenAI commitment is $180,000, paid upfront": a yearly amount paid in advance is still yearly
    own = rate_at(text, after) or PERIOD_AFTER.match(text, after) or PERIOD_BEFORE.search(text, left, q.start)
    return not own and bool(ONE_OFF.search(text, left, right))


def _period(text: str, q: Qty, after: int, left: int, right: int) -> tuple[float | None, int, str]:
    rate = rate_at(text, after)
    if rate:
        return rate[0] * DAYS_PER_MONTH, rate[2], f"per {rate[1]}"
    if m := PERIOD_AFTER.match(text, after):
        return _factor(m), m.end(), _name(m)
    if (m := PERIOD_LATER.match(text, after)) and not ("," in text[after:m.start(m.lastgroup or 0)] and
                                                       PERIOD_BEFORE.search(text, left, q.start)):
        return _factor(m), after, _name(m)  # "$210,000 on the API last year", not "Annual: $240k, billed in Jan"
    c_left = max((m.end() for m in PART_BREAK.finditer(text, left, q.start)), default=left)
    m = PART_BREAK.search(text, after, right)
    if NOW_CLAUSE.search(text, c_left, m.start() if m else right):
        left = c_left  # "that was last year — it's $8k now": 'last year' is the earlier figure's
    before = list(PERIOD_BEFORE.finditer(text, left, q.start))
    if before:
        return _factor(before[-1]), after, _name(before[-1])
    if (same := SAME_WINDOW.search(text, max(left, q.start - 40), min(right, after + 40))) and \
            (win := window_days(text, 0, same.start(), same.start())) and 1 <= win[0] <= 400:
        # "Numbers from Datadog (30d): ... spend for the same window $22,400": the window said before
        return DAYS_PER_MONTH / win[0], after, f"per {text[win[1]:win[2]].strip()} (the window said before)"
    if SPEND_WORDS.search(text, left, right):
        return 1.0, after, "no period given; read as per month"
    return None, after, ""


SAME_WINDOW = re.compile(r"\b(?:(?:the )?same (?:window|period|span|timeframe|time frame|range|week|month|day|"
                         r"fortnight|quarter|year|[0-9]{1,3} days)|that (?:window|period|span|timeframe)|"
                         r"(?:in|over) (?:that|this) (?:time|window|period))\b", FLAGS)


def _factor(m: re.Match[str]) -> float:
    """Months per period of a period phrase of the grammar above (its named group is the period's kind)."""
    return DAYS_PER_MONTH / PERIOD_DAYS[m.lastgroup or "month"]


def _name(m: re.Match[str]) -> str:
    return "per half-year" if m.lastgroup == "half" else f"per {m.lastgroup or 'month'}"
