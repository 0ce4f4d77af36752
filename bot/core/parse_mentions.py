"""What each number in a message is: a token volume or rate, a count of items per period, tokens per item,
one side of a request (input / output), a head count, a peak or an average. Read by bot/core/parse_volume.py,
which composes the daily volume from these. Pure; every regex linear."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .parse_numbers import FLAGS, PER_DAY, UNIT_NAME, Qty, rate_at, sentence_bounds
from .parse_numbers import before as window
from .units import DAYS_PER_MONTH, DAYS_PER_YEAR

TOKENS = re.compile(r"(?:\s{1,3}(?:de|of|di|an))?"
                    r"(?:\s{0,4}(?:input|output|llm|prompt|total|context|completion|generated|avg|average|mean|median|"
                    r"typical)\s{1,4}|\s{0,4}-?)"
                    r"(?:tok(?:en)?s?|tokens?|tokenów|tokeny|tokenit|토큰(?:을|이|은|도)?|トークン)(?![\w])", FLAGS)
TOKENS_PER_S = re.compile(r"\+?\s{0,4}(?:tok(?:en)?s?|t)\s{0,2}(?:/\s{0,2}s(?:ec)?\b|per\s{1,3}sec(?:ond)?\b|"
                          r"a\s{1,3}second\b|/\s{0,2}second\b)|\s{0,2}tps\b|\s{0,2}tok/s\b", FLAGS)
# The one list of the things a workload counts (requests and what they are called), shared by the sentence reader
# and the labelled-field reader (parse_fields): a word read as an item in prose is one in a table key too.
ITEM_WORDS = (r"requests?|reqs?|calls?|chats?|conversations?|convos?|queries|query|messages?|msgs?|prompts?|"
              r"completions?|documents?|docs?|tickets?|emails?|sessions?|interactions?|transcripts?|pages?|articles?|"
              r"reviews?|summaries|questions?|invocations?|generations?|analyses|analysis|reports?|invoices?|"
              r"transactions?|claims?|contracts?|files?|lookups?|searches|turns?|texts?|tasks?|jobs?|anfragen|"
              r"requêtes|solicitudes|richieste|peticiones|consultas|requisições|domande|fragen|verzoeken|aanvragen|"
              r"rps|qps|rpm")
_ITEMS = ITEM_WORDS
ITEM_WORD = re.compile(_ITEMS, FLAGS)
# the last item word of a compound ("chat messages", "support tickets") is the thing counted
ITEM = re.compile(rf"\s{{0,4}}(?:[a-z][a-z-]{{1,20}}\s{{1,4}}){{0,2}}?(?P<w>{_ITEMS})\b(?!\s{{1,4}}(?:{_ITEMS})\b)",
                  FLAGS)
ITEM_BEFORE = re.compile(rf"\b(?P<w>{_ITEMS})\b(?:\s{{1,3}}per\s{{1,3}}(?P<p>day|hour|minute|second|week|month))?"
                         r"[\s,:]{0,4}(?:is|are|of|at|=|roughly|about|around|~|≈|approx\.?|maybe|some|average|"
                         r"avg|averaging|\s){0,4}$", FLAGS)
# request-rate words: requests a day per one of them (a word that carries its own period)
RATE_ITEMS = {"rps": 86_400.0, "qps": 86_400.0, "rpm": 1_440.0}
POPULATION = re.compile(
    r"\s{0,4}(?:[a-z][a-z-]{1,20}\s{1,4}){0,2}?(?:users?|employees?|customers?|agents?|developers?|devs|engineers?|"
    r"people|seats?|members?|students?|patients?|staff|clients?|analysts?|reps|adjusters?|lawyers?|doctors?|"
    r"nurses?|clinicians?|utenti|usuarios|nutzer|mitarbeiter|utilisateurs|farmers|drivers|dau|mau|wau)\b",
    FLAGS,
)
EACH = re.compile(rf"\s{{0,4}}(?:each|apiece|a piece|per (?:head|person|user|item|{_ITEMS})\b|/\s{{0,2}}(?:{_ITEMS})\b|"
                  r"a pop|on average each|cada (?:uno|una)|chacun|chacune|jeweils|ciascuno|ognuno|each one)", FLAGS)
EACH_BEFORE = re.compile(r"(?:\beach|\bat|@|\bof|\bwith|\bà|\bda|\bde|\bcon|\bmit|\belk|\belke|\bx|×|\*|"
                         r"\beach (?:is|being)|"
                         r"\b(?:is|are) (?:about |around |roughly )?)\s{0,3}(?:~|about |around |roughly |≈|approx\.? |"
                         r"maybe )?$", FLAGS)
# A token rate per person ("300k tokens per dev per day", "50 developers, each about 300k tokens a day").
PER_HEAD = re.compile(r"\s{0,3}(?:each|per (?:person|user|head|agent|dev|developer|seat|employee|engineer|member|"
                      r"student|customer|rep|analyst|lawyer|doctor|clinician|nurse))\b", FLAGS)
EACH_HEAD = re.compile(r"\beach\s{0,3}(?:(?:uses?|using|burns?|sends?|consumes?|does|doing)\s{1,3})?"
                       r"(?:~|about |around |roughly |approx\.? |maybe )?$", FLAGS)
INCLUDING = re.compile(r"\s{0,3}(?:tokens?\s{0,3})?\(?\s{0,2}(?:incl\b\.?|including\b|in total\b|total\b)", FLAGS)
IN_WORDS = r"in|input|inputs|prompt|prompts|context|question|questions|write|writes"
OUT_WORDS = (r"out|output|outputs|completion|completions|generated|back|response|responses|answer|answers|reply|"
             r"replies|summary|summaries|report|reports|note|notes|draft|drafts")
OUT_VERBS = r"produces?|producing|generates?|generating|returns?|returning|emits?|spits? out|gets? back"
AFTER_WORDS = (r"in(?!\s{1,3}(?:total|all|aggregate|sum|my|our|your|the|that|this|a|an|last)\b)|input|prompt|context|"
               r"out|output|completion|generated|"
               r"back|response")
IO_AFTER = re.compile(rf"(?:\s{{0,4}}tok(?:en)?s?)?(?P<of>\s{{1,4}}of\s{{1,4}}(?:it|that|those|them|this))?"
                      rf"(?:\s{{1,4}}(?:of\s{{1,4}})?(?:context|is|"
                      rf"are))?(?:\s{{1,4}}of)?\s{{0,4}}(?:for\s{{1,3}}the\s{{1,3}})?"
                      rf"(?P<io>{AFTER_WORDS}|(?<=for the )(?:summary|answer|reply|response|output))\b", FLAGS)
IO_BEFORE = re.compile(rf"\b(?P<io>{IN_WORDS}|{OUT_WORDS}|{OUT_VERBS})\b(?:\s{{1,3}}tokens?)?[\s:,]{{0,3}}"
                       r"(?:(?:is|are|of|with|"
                       r"average|averages|about|around|roughly|maybe|some|the bot|writes|replies|typically|usually|"
                       r"generally|short|long|approximately|approx\.?|like)[\s,]{1,3}){0,4}"
                       r"\(?(?:~|≈)?\s{0,2}$", FLAGS)
STREAM = re.compile(r"per[- ](?:stream|user|request|session|person|seat|conversation|npc|agent|client|call|chat|"
                    r"caller|player|tab|window|device)|/\s{0,2}(?:stream|user|session|call|conn|connection)\b|"
                    r"\b(?:por|pro|par|per) (?:usuario|usuário|nutzer|benutzer|stream|flux|flujo|utilisateur|utente|"
                    r"sessione|sesión|sessão|anfrage|requête|petición)|"
                    r"(?:each|every|single|one|jeder|jede|chaque|cada|ogni) (?:stream|user|session|conversation|"
                    r"flux|flujo|nutzer|usuario|utente)|per[- ]stream|typing|reading|"
                    r"\bmind\.|\bmindestens\b|\bau moins\b|\bal menos\b|\balmeno\b|\bpelo menos\b|\bm[íi]nimo\b|"
                    r"stream(?:s|ing)? at|at least|minimum|\bmin\b|≥|>=|\+\s{0,2}tok|decode|each needing|"
                    r"per [a-z]{2,12} stream|look(?:s)? (?:janky|slow)|feel(?:s)? (?:slow|snappy)|\bneeds?\b|"
                    r"\bwants?\b|\bwould like\b",
                    FLAGS)
AGGREGATE = re.compile(r"aggregate|in total|total|overall|cluster|averaged over|on average|avg|average|peak|max|"
                       r"spikes?|bursts?|across", FLAGS)
PEAK_WORDS = re.compile(r"\b(?:peaks?|peaking|peaked|max(?:imum)?|busiest|bursts?|bursting|burst to|spikes?|spiking|"
                        r"up to|highest|top|rush|worst|heaviest|biggest|record|black friday|launch days?|"
                        r"at the very peak|pico|picos|spitze\w*|"
                        r"picchi|picco)\b", FLAGS)
RATIO_AFTER = re.compile(r"[^0-9;,.]{0,24}?[0-9]{1,3}(?:\.[0-9]{1,2})?\s{0,3}(?:x|×|times)(?![\w])", FLAGS)
AVG_WORDS = re.compile(r"\b(?:avg|average|averaged|averaging|on average|mean|normal(?:ly)?|typical(?:ly)?|baseline|"
                       r"promedio|media|m[ée]dia|moyenne|durchschnitt\w*|gemiddeld|"
                       r"daily total|over a (?:whole )?day|whole day|steady)\b", FLAGS)
SPAN_BEFORE = re.compile(r"\b(?:last|past|over the (?:last|past))\s{1,3}(?P<n>[0-9]{1,3})\s{1,3}(?P<u>days?|weeks?|"
                         r"months?)\b", FLAGS)
DAYS_SPAN = re.compile(r"\b(?P<n>[0-9]{1,3})\s{1,3}(?P<u>days?|weeks?|months?)\b(?!\s{0,3}(?:ago|later|before|after|"
                       r"from now|of (?:notice|trial)|notice|trial))", FLAGS)
YEAR_SPAN = re.compile(r"\b(?:for|in|during)\s{1,3}(?:19|20)[0-9]{2}\b|\bover the (?:past |last )?year\b|"
                       r"\b(?:last|past|this) year\b|\bfor the year\b|\bannual(?:ly)?\b|\byearly\b|\bper year\b|"
                       r"\ba year\b", FLAGS)
MONTH_SPAN = re.compile(r"\b(?:for|in|during|of)\s{1,3}(?:the month of\s{1,3})?(?:jan|feb|mar|apr|jun|jul|aug|"
                        r"sept?|oct|"
                        r"nov|dec|january|february|march|april|june|july|august|september|october|november|december)"
                        r"\b\.?(?!\s{0,2}[0-9])", FLAGS)
PERIOD_LABEL = re.compile(r"\b(?P<p>daily|nightly|weekly|monthly|yearly|annually|hourly|quarterly|fortnightly|"
                          r"per (?:day|week|month|year|hour|quarter|fortnight)|"
                          r"하루|매일|每天|每日|毎日|"
                          r"a (?:day|week|month|year|quarter|fortnight)|each (?:day|week|month|quarter|fortnight)|"
                          r"every (?:day|week|month|quarter|fortnight)|"
                          r"last (?:week|month|quarter)|this (?:week|month|quarter)|q[1-4]|"
                          r"in (?:a|one) (?:day|week|month)|"
                          r"(?:across|over|during|for|in) the (?:whole |entire |last |past )?(?:quarter|fortnight|week|"
                          r"month|year)|"
                          r"(?:tokens?|volume)\s{0,2}/\s{0,2}(?:day|week|month|year|hour))\b", FLAGS)
LABEL_EACH = re.compile(rf"tok(?:en)?s?(?:\s{{1,2}}(?:count|size|length|usage|budget))?\s{{0,2}}(?:per|/|each)\s{{0,2}}"
                        rf"(?:{_ITEMS})\s{{0,2}}(?:[:=(|]|is|of|averages?|≈)\s{{0,3}}(?:~|≈|about\s)?$", FLAGS)
LABEL_VOLUME = re.compile(r"(?:tok(?:en)?s?\s{0,2}(?:per|/|a|each)\s{0,2}(?P<u>day|week|month|hour|year|minute|second)|"
                          r"(?P<adv>daily|weekly|monthly|yearly|annual|hourly)\s{1,2}(?:token|tok)s?(?:\s{1,2}(?:usage|volume|"
                          r"count|total))?)\s{0,2}(?:[:=|]|is|was|are|of)\s{0,3}(?:~|≈|about\s)?$", FLAGS)
EACH_WORD = re.compile(r"\b(?:each|every|per|ognuno|ognuna|cada|jeder|jede|chacun|chacune)\b|[×x*]\s", FLAGS)
COMBINED = re.compile(rf"\b(?:{IN_WORDS})(?:\s{{1,3}}(?:plus|and)\s{{1,3}}|"
                      rf"\s{{0,3}}[+&/]\s{{0,3}})(?:the\s{{1,3}})?(?:{OUT_WORDS})\b|"
                      r"\((?:in|input)\s{0,2}[+&]\s{0,2}(?:out|output)\)", FLAGS)
POP_PEAK = re.compile(r"\s{0,3}(?:[a-z]+\s{1,3})?(?:at|during|in)\s{1,3}(?:the\s{1,3})?(?:peak|busiest|rush)", FLAGS)
POP_LISTED = re.compile(r"[0-9]\s{1,3}(?P<w>users?|employees?|customers?|agents?|developers?|devs|engineers?|people|"
                        r"seats?|members?|students?|patients?|staff|clients?|analysts?|reps)\b[^0-9.;]{0,40}?[,;]\s{0,3}"
                        r"(?:and\s{1,3}|but\s{1,3}|with\s{1,3})?$", FLAGS)
POP_BEFORE = re.compile(r"\b(?:employees?|users?|agents?|people|staff|developers?|devs|engineers?|customers?|"
                        r"members?|students?|seats?)\s{0,2}\(\s{0,3}(?:about|around|~|roughly|approx\.?)?\s{0,3}$",
                        FLAGS)
SIZED = re.compile(rf"\s{{1,3}}[0-9][0-9,.]*[km]?\s{{0,2}}-\s{{0,2}}tok(?:en)?s?\s{{1,3}}(?:[a-z]+\s{{1,3}})?"
                   rf"(?P<w>{_ITEMS})\b", FLAGS)
PERIOD_FIX = re.compile(r"(?:i|we) meant\s{0,4}(?P<rate>(?:per|a|an|each|every)\s{1,4}\w+|/\s{0,4}\w+|"
                        r"daily|weekly|monthly|yearly|hourly)|\b(?:it's|its|it is) (?P<rate2>per (?:week|month|day|"
                        r"year|hour)) not per (?:week|month|day|year|hour)", FLAGS)
OVER_PERIOD = re.compile(r"\s{0,4}(?:(?:in\s{1,3})?total\s{1,3}|all told\s{1,3})?(?:of\s{1,3}\w+\s{1,3})?"
                         r"(?:over|in|during|for|across)\s{1,3}(?:the\s{1,3})?"
                         r"(?:past\s{1,3}|last\s{1,3}|whole\s{1,3}|full\s{1,3}|next\s{1,3}|coming\s{1,3})?"
                         r"(?:(?P<n>[0-9]{1,2})\s{1,3})?(?P<u>year|month|week|day|quarter|fortnight)(?(n)s?)\b", FLAGS)
ON_A_DAY = re.compile(r"\s{0,4}(?:on|in)\s{1,3}(?:a|an|any|one)\s{1,3}(?:given\s{1,3}|typical\s{1,3}|normal\s{1,3}|"
                      r"regular\s{1,3}|average\s{1,3}|usual\s{1,3}|ordinary\s{1,3}|quiet\s{1,3}|single\s{1,3})?"
                      r"(?P<u>day|week|month)\b", FLAGS)
OVER_BEFORE = re.compile(r"\b(?:(?:over|in|for|during|on) (?:a|one|the) (?:whole |full |entire |typical |normal |"
                         r"regular |average |usual |quiet |slow |busy )?|(?:(?:a|one|the|an|our|"
                         r"on an?|on) )?(?:typical|normal|regular|"
                         r"average|usual|"
                         r"quiet|slow) )(?P<u>day|week|month)s?\b", FLAGS)
PEAK_BARE = re.compile(r"\b(?:spikes?|spiking|bursts?|bursting|peaks?|peaking|peaked|max(?:imum)?|maxes out|tops out|"
                       r"busiest|worst|heaviest)(?:\s{1,3}(?:is|are|was|were|of|at|to|around|near|up|reach(?:es|ing)?|hits?|gets?|"
                       r"goes|went|closer|more|like|about|can|could|will|would|be|probably|usually|sometimes|"
                       r"hour|minute|second|traffic|load|usage|rate|we|we've|i've|see|seen|ever|"
                       r"do|get|it)){0,5}\s{0,3}(?:~|≈)?$", FLAGS)
OWN_RATE = re.compile(r"[0-9](?:[a-z]{1,8}\b)?\s{0,2}(?:[a-z][a-z-]{1,20}\s{1,3}){0,3}$", FLAGS)
ON_PEAK_DAY = re.compile(r"\s{0,3}(?:tokens?\s{1,3})?(?:on|in|during|at)\s{1,3}(?:the|our|a)\s{1,3}(?:worst|busiest|"
                         r"peak|heaviest|highest|biggest|record|craziest)\s{1,3}(?P<u>day|hour|minute)\b", FLAGS)
PEAK_HOUR = re.compile(r"\b(?:peak|busiest|worst|heaviest|highest|biggest|record) (?P<u>hour|minute|second|day)\b",
                       FLAGS)


@dataclass
class Mention:
    q: Qty
    kind: str  # tokens | tokrate | items | pop | part | each
    per_day: float = 0.0  # for rates: how many per day (tokens or items)
    period: str = ""
    end: int = 0
    word: str = ""
    label: str = ""  # peak | avg | ""
    io: str = ""  # in | out | "" (a part of one request)
    of_total: bool = False  # "1.6k of it input": a share of a stated total
    fixed: bool = False  # its period was corrected later in the message


# --- describing each quantity ---------------------------------------------------------------------------


BOUND_AFTER = re.compile(r"\s{0,3},?\s{0,3}(?:at most|tops|max(?:imum)?|at the (?:very )?most)\b", FLAGS)
LONG_PERIOD = re.compile(r"\b(?:day|daily|week|weekly|month|monthly|year|yearly|annually|quarter)s?\b", FLAGS)


def _label(text: str, q: Qty, end: int) -> str:
    left, right = sentence_bounds(text, q.start, end, 80)
    before = text[max(left, q.start - 120):q.start]
    if digits := list(re.finditer(r"[0-9]", before)):
        before = before[digits[-1].end():]  # a label word before another number is that number's
    after = text[end:min(right, end + 25)]
    last_peak = max((m.end() for m in PEAK_WORDS.finditer(before) if not RATIO_AFTER.match(before, m.end())),
                    default=-1)  # "spikes 3x at lunch; 400k requests a day": the peak word took its ratio
    last_avg = max((m.end() for m in AVG_WORDS.finditer(before)), default=-1)
    if BOUND_AFTER.match(after) and LONG_PERIOD.search(text, q.end, end):
        return ""  # "2.5M tokens a day, tops": an upper bound on the daily volume, read as the figure given
    if re.match(r"\s{0,3}(?:(?:is|was|being|are|were)\s{1,3}(?:the\s{1,3}|our\s{1,3})?(?:peak|max\w*|busiest)|"
                r"at peak|at the peak|peak|max|during (?:the )?(?:\w+ )?(?:peak|rush|spikes?|busiest \w+)|"
                r"on black friday|on launch days|at (?:the )?(?:busiest|worst|top)|at most|tops|max(?:imum)?|"
                r"in bursts|during bursts|when it spikes|on spikes)\b", after, FLAGS):
        return "peak"
    if re.match(r"\s{0,3}(?:(?:is|was|being|are|were)\s{1,3}(?:the\s{1,3}|our\s{1,3})?(?:average|avg|mean|typical|"
                r"normal|baseline)\b(?!\s{0,3}(?:peak|max))|on average|average|avg|averaged|in average|typical(?:ly)?|"
                r"normal(?:ly)?|usual(?:ly)?|at steady state|steady[- ]state|sustained|"
                r"baseline|steady|mean|median|most of the time|most days|day[- ]to[- ]day|otherwise|the rest of the "
                r"time|on (?:a )?(?:normal|typical|regular|average) days?)\b", after, FLAGS):
        return "avg"
    if last_peak < 0 and last_avg < 0:
        return ""
    return "peak" if last_peak > last_avg else "avg"


HOW_OFTEN = re.compile(r"(?:\b(?:once|twice|thrice)|(?<![\w.])[0-9]{1,2}\s{1,3}(?:times|days|nights|runs))\s{1,3}$",
                       FLAGS)


COUNT_THEN_LABEL = re.compile(r"(?<![\w.])[0-9][0-9,.]*\s{0,2}[km]?\s{1,3}(?:[a-z][a-z-]{1,20}\s{1,3}){0,1}"
                              r"[a-z][a-z-]{2,20}s\s{1,3}$", FLAGS)


def period_of(text: str, q: Qty, pos: int) -> tuple[float, str, int] | None:
    """The period after ``pos`` or, failing that, one stated before the number in the same sentence."""
    rate = rate_at(text, pos)
    if rate:
        return rate
    left, right = sentence_bounds(text, q.start, pos, 160)
    near = text[max(left, q.start - 30):q.start]
    if m := PEAK_HOUR.search(near) or OVER_BEFORE.search(near):
        unit = m["u"].lower()
        return PER_DAY[unit], UNIT_NAME[PER_DAY[unit]], pos
    after = text[pos:right]
    if m := OVER_PERIOD.match(after):
        unit, n = m["u"].lower(), float(m["n"] or 1)
        if n >= 1:
            name = UNIT_NAME[PER_DAY[unit]]
            return PER_DAY[unit] / n, name if n == 1 else f"{n:g} {name}s", pos + m.end()
    if m := ON_A_DAY.match(after):  # '3M tokens on a normal day', '40k calls on any given day'
        unit = m["u"].lower()
        return PER_DAY[unit], UNIT_NAME[PER_DAY[unit]], pos + m.end()
    before = text[left:q.start]
    span = list(SPAN_BEFORE.finditer(before))
    if span:
        n, unit = float(span[-1]["n"]), span[-1]["u"].lower().rstrip("s")
        days = n * {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH}[unit]
        if days > 0:
            return 1 / days, f"{span[-1]['n']} {unit}s", pos
    if YEAR_SPAN.search(before):
        return 1 / DAYS_PER_YEAR, "year", pos
    if re.match(r"\s{0,3}(?:in\s{1,3})?total\b|\s{0,3}all\s{1,3}(?:told|in)\b", text[pos:], FLAGS) and (
            span := list(DAYS_SPAN.finditer(before))):  # "31 days in october, 2.9B tokens total"
        n, unit = float(span[-1]["n"]), span[-1]["u"].lower().rstrip("s")
        days = n * {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH}[unit]
        if days > 0:
            return 1 / days, f"{span[-1]['n']} {unit}s", pos
    if MONTH_SPAN.search(before) and not re.search(r"[0-9]", before[MONTH_SPAN.search(before).end():]):  # type: ignore[union-attr]
        return 1 / DAYS_PER_MONTH, "month", pos  # "Usage export for Nov: 612,345,000 input tokens"
    labels = [lab for lab in PERIOD_LABEL.finditer(before)  # not another number's own rate ("12k jobs per day")
              if not (OWN_RATE.search(before, 0, lab.start())
                      and re.match(r"(?:per|a|each|every|in) ", lab["p"], FLAGS))
              and not HOW_OFTEN.search(before, 0, lab.start())]  # "twice a week ... 70M tokens a run": a frequency
    if labels and q.value < 1e6 and re.search(rf"[0-9][0-9,.]*[km]?\s{{1,3}}(?:[a-z-]+\s{{1,3}}){{0,2}}?(?:{_ITEMS})\b",
                                              before[labels[-1].end():], FLAGS):
        labels = []  # "Each day we summarise 5,000 calls; transcripts run 6,000 tokens": the day is the calls'
    if labels and q.value < 1e6 and COUNT_THEN_LABEL.search(before, 0, labels[-1].start()):
        labels = []  # "5000 notes daily around 1500 tokens": the period is the notes', the tokens are per note
    if labels and not re.search(rf"\b(?:{_ITEMS})\b", before[:labels[-1].start()], FLAGS):
        p = labels[-1]["p"].lower()
        word = re.sub(r"^(?:per|a|each|every|last|this|in a|in one)\s+|^(?:tokens?|volume)\s*/\s*", "", p)
        word = word.split()[-1] if re.match(r"(?:across|over|during|for|in) the ", word) else word
        word = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year",
                "hourly": "hour", "quarterly": "quarter", "fortnightly": "fortnight", "nightly": "day"}.get(word, word)
        word = "quarter" if re.fullmatch(r"q[1-4]", word) else word
        return PER_DAY[word], UNIT_NAME[PER_DAY[word]], pos
    return None


def describe(text: str, q: Qty, qs: list[Qty]) -> Mention | None:
    if q.currency:
        return None
    before = window(text, q.start, 40)
    if m := TOKENS_PER_S.match(text, q.end):
        return Mention(q, "tokrate", q.value * 86_400, "second", m.end(), label=_label(text, q, m.end()))
    io_after = IO_AFTER.match(text, q.end)  # "tokens/request: 6,000 in / 800 out": the label names both parts
    if LABEL_EACH.search(before) and not io_after:
        return Mention(q, "each", end=q.end)
    if (lab := LABEL_VOLUME.search(before)) and not io_after:
        unit = (lab["u"] or lab["adv"]).lower()
        per = PER_DAY[{"annual": "yearly"}.get(unit, unit)]
        return Mention(q, "tokens", q.value * per, UNIT_NAME[per], q.end, label=_label(text, q, q.end))
    tok = TOKENS.match(text, q.end)
    head = PER_HEAD.match(text, tok.end()) if tok else None
    if tok and head and (rate := rate_at(text, head.end())):  # "300k tokens per dev per day"
        return Mention(q, "tokens", q.value * rate[0], rate[1], rate[2], word="head", label=_label(text, q, rate[2]))
    if tok and q.value < 1e5 and rate_at(text, tok.end()) and ITEMS_OF.search(before):
        return Mention(q, "each", end=tok.end())  # "10 requests of 1k tokens a day": the day is the requests'
    if tok and (rate := rate_at(text, tok.end())):
        return Mention(q, "tokens", q.value * rate[0], rate[1], rate[2], label=_label(text, q, rate[2]),
                       io=_side(before) or _side_word(tok.group()) or _side_after(text, rate[2]),
                       word="head" if EACH_HEAD.search(before) else "")
    if IO_BEFORE.search(before) or IO_AFTER.match(text, q.end):
        io = _io(text, q, before)
        if io:
            return io
    if tok:
        return _tokens(text, q, tok.end(), before)
    if POP_BEFORE.search(before):
        return Mention(q, "pop", end=q.end)  # "each employee (about 400)"
    if (prev := POP_LISTED.search(before)) and (label := _label(text, q, q.end)) and not ITEM.match(text, q.end):
        # "1,200 agents at peak, 400 on average"
        return Mention(q, "pop", end=q.end, label=label, word=prev["w"].lower())
    item = ITEM.match(text, q.end) or _named_item(text, q.end) or _counted(text, q.end)
    if not item and (unit := _units(text, q, before)):
        return unit
    pop = POPULATION.match(text, q.end)
    if pop and re.search(r"\b(?:per|each|every|a|an|for)\s", pop.group(), FLAGS):
        pop = None  # "8 queries per user": a count per person, not people
    if pop and item and item.end() > pop.end() and re.match(rf"\s{{1,4}}(?:{_ITEMS})\b", text[pop.end():], FLAGS):
        pop = None  # "3,500 agent sessions a day", "user requests": the people word names the item
    people_first = pop is not None and not re.match(r"\s{0,4}[a-z-]+\s{1,4}[a-z]", pop.group(), FLAGS)
    if pop and (not item or pop.end() > item.end() or people_first):
        if (rate := rate_at(text, pop.end())) and not EACH_WORD.search(text, pop.end(), rate[2]):
            word = re.sub(r"^\W*(?:\w+\s+)*", "", pop.group()).lower()  # "5k users/day": a count per day
            return Mention(q, "items", q.value * rate[0], rate[1], rate[2], word, _label(text, q, rate[2]))
        label = "peak" if POP_PEAK.match(text, pop.end()) else _label(text, q, pop.end())
        return Mention(q, "pop", end=pop.end(), label=label)
    if item:
        return _items(text, q, item)
    return _bare(text, q, qs, before)


# Units of anything the message counts and then speaks of one at a time: '1,200 stores ... each store does 150
# questions a day', '8,000 teachers, each maybe 10 prompts a week', 'kiosks, 300 of them. Each one answers ...',
# 'Each analyst (we have 35) runs 60 queries a day', 'in each of 40 greenhouses'.
NOUNS_AFTER = re.compile(r"\s{1,3}(?P<a>[a-z][a-z-]{1,20})(?:\s{1,3}(?P<b>[a-z][a-z-]{1,20}))?"
                         r"(?:\s{1,3}(?P<c>[a-z][a-z-]{1,20}))?", FLAGS)
EACH_AFTER_NOUN = re.compile(r"\s{0,2}(?:[,(—–-]\s{0,3})?(?:each|every one|all of them)\b", FLAGS)
# '12,000 DAU, 8 prompts each a day', '350 technicians doing ~12 queries a day each': the next count in the clause is
# one of them's, so the noun counted is a population whatever it is called
EACH_LATER = re.compile(r"[^.;!?0-9]{0,40}?(?<![\w.])[0-9][0-9.,]*\s{0,2}[km]?\s{1,3}(?:[a-z][a-z-]{1,20}\s{1,3}){0,2}?"
                        r"[a-z][a-z-]{1,20}(?:\s{1,3}(?:a|an|per|every)\s{1,3}(?:day|week|month|hour|shift))?"
                        r"\s{0,3}(?:each|apiece|a head|per head|per person|a piece)\b", FLAGS)
OF_THEM_EACH = re.compile(r"\s{1,3}of\s{1,3}(?:them|those|these)\b", FLAGS)
EACH_ONE = re.compile(r"\beach\s{1,3}(?:one|of them|of those)\b", FLAGS)
EACH_PAREN = re.compile(r"\b(?:each|every|per)\s{1,3}(?P<w>[a-z][a-z-]{2,20})\s{0,2}\(\s{0,3}(?:we have|we've got|"
                        r"there are|out of|of|about|around|~|roughly|approx\.?)?\s{0,3}~?\s{0,2}$", FLAGS)
NOT_UNIT = frozenset(["day", "hour", "minute", "second", "week", "month", "year", "quarter", "shift", "time", "times",
                      "token", "tokens", "tok", "toks", "request", "requests", "call", "calls", "query", "queries",
                      "question", "questions", "message", "messages", "prompt", "prompts", "one", "other", "more",
                      "less", "few", "lot", "percent", "gpu", "gpus", "card", "cards", "model", "models"])


def stem(word: str) -> str:
    w = word.lower()
    return w[:-2] if w.endswith(("ches", "shes", "sses", "xes")) else w[:-1] if w.endswith("s") and len(w) > 3 else w


def refers(text: str, noun: str, start: int, end: int) -> bool:
    """Whether the message speaks of one ``noun`` at a time ('each store', 'per greenhouse', 'every ship') outside
    [start, end)."""
    rx = re.compile(rf"\b(?:each|every|per|in each of|for each of)\s{{1,3}}"
                    rf"(?:of\s{{1,3}}(?:our|the|these|those)\s{{1,3}})?"
                    rf"(?:[0-9][0-9,]*\s{{1,3}})?(?:[a-z-]{{2,20}}\s{{1,3}})?{re.escape(stem(noun))}(?:e?s)?\b", FLAGS)
    return any(not (start <= m.start() < end) for m in rx.finditer(text))


def _units(text: str, q: Qty, before: str) -> Mention | None:
    if q.value < 2 or (q.scaled and q.value >= 1e6):
        return None
    if m := EACH_PAREN.search(before):
        return Mention(q, "pop", end=q.end, word=stem(m["w"]))
    if (them := OF_THEM_EACH.match(text, q.end)) and (EACH_ONE.search(text, them.end()) or re.search(
            r"\b(?:each|every)\s{1,3}[a-z]", text[sentence_bounds(text, q.start, q.end, 160)[0]:q.start], FLAGS)):
        return Mention(q, "pop", end=them.end(), word="them")
    nouns = NOUNS_AFTER.match(text, q.end)
    if not nouns:
        return None
    for key in "abc":
        word = nouns[key]
        if not word or word.lower() in NOT_UNIT or word.lower() in NOT_COUNTED:
            break
        each = EACH_AFTER_NOUN.match(text, nouns.end(key))
        if each or refers(text, word, q.start, nouns.end(key)) or EACH_LATER.match(text, nouns.end(key)):
            return Mention(q, "pop", end=nouns.end(key), word=stem(word), label="each" if each else "")
    return None


PER_NOUN = re.compile(r"\btok(?:en)?s?\s{1,3}(?:per|each|a|an|/)\s{0,3}(?P<n>[a-z]{3,20})\b", FLAGS)
PER_THING = re.compile(r"\s{1,3}(?:per|each|a|an|/)\s{0,3}(?P<n>[a-z]{3,20})\b", FLAGS)
NOT_ITEM_NOUN = frozenset(["day", "hour", "minute", "second", "week", "month", "year", "quarter", "head", "person",
                           "user", "seat", "dev", "developer", "employee", "engineer", "piece", "pop", "time", "sec"])


# Any noun counted per period is a thing done that often ("12 thousand jobs per day", "10 times a day",
# "400 shipments weekly"): what it is matters only if the message also gives tokens per one of them.
COUNTED = re.compile(r"\s{0,4}(?:[a-z][a-z-]{1,20}\s{1,4}){0,2}?(?P<w>[a-z][a-z-]{2,20})\b", FLAGS)
OF_THEM = re.compile(r"\s{0,3}of\s{1,3}(?P<w>them|those|these)\b", FLAGS)
NOT_COUNTED = frozenset([
    *NOT_ITEM_NOUN, "days", "hours", "minutes", "seconds", "weeks", "months", "years", "quarters", "secs", "mins",
    "ms", "tokens", "token", "tok", "toks", "tps", "percent", "dollars", "bucks", "usd", "eur", "euros", "gbp",
    "pounds", "grand", "gpus", "gpu", "cards", "card", "nodes", "node", "servers", "server", "machines", "boxes",
    "instances", "cores", "words", "characters", "chars", "lines", "languages", "models", "people", "persons",
    "teams", "times-the", "more", "less", "fewer", "of", "per", "a", "an", "the", "and", "or", "to", "at",
    "on", "in", "for", "with", "from", "by", "is", "are", "was", "were", "each", "every", "daily", "weekly",
    "monthly", "hourly", "yearly", "million", "billion", "thousand", "hundred", "mio", "bn", "mn",
    # prepositions and adverbs after a figure are never the thing counted ("80M since last week's launch")
    "since", "until", "till", "after", "before", "as", "about", "over", "through", "during", "within", "into",
    "so", "then", "now", "total", "all", "last", "this", "next", "tops", "max", "most", "already", "right"])


def _counted(text: str, pos: int) -> re.Match[str] | None:
    if (them := OF_THEM.match(text, pos)) and rate_at(text, them.end()):
        return them  # "we do ~5k of them a day"
    m = COUNTED.match(text, pos)
    if m is None or m["w"].lower() in NOT_COUNTED or re.search(r"\b(?:of|per|a|an|the|and|or|to|each|every|in)\s",
                                                               text[pos:m.start("w")], FLAGS):
        return None
    return m if rate_at(text, m.end()) else None


def _named_item(text: str, pos: int) -> re.Match[str] | None:
    """A count of a thing the message prices in tokens later ('1,200 visits/day, ~6k tokens per visit')."""
    rx = _item_words(text)
    return rx.match(text, pos) if rx is not None else None


@lru_cache(maxsize=64)
def _item_words(text: str) -> re.Pattern[str] | None:
    nouns = {m["n"].lower() for m in PER_NOUN.finditer(text)} - NOT_ITEM_NOUN
    if not nouns:
        return None
    words = "|".join(re.escape(n) + "(?:s|es)?" for n in sorted(nouns))
    return re.compile(rf"\s{{0,4}}(?:[a-z][a-z-]{{1,20}}\s{{1,4}}){{0,2}}?(?P<w>{words})\b", FLAGS)


def _side(before: str) -> str:
    """'in' or 'out' when the words just before a volume name one side ('input tokens: 20M/day')."""
    io = IO_BEFORE.search(before)
    if not io:
        return ""
    return "in" if re.fullmatch(IN_WORDS, io["io"], FLAGS) else "out"


def _side_after(text: str, pos: int) -> str:
    """'2M tokens a day in, 200k out': the side named right after a volume's period."""
    m = re.match(r"\s{0,2}(in|input|out|output)\b(?!\s{1,3}(?:total|all|aggregate|sum|the|a|an|our)\b)", text[pos:],
                 FLAGS)
    return "" if not m else "in" if m[1].lower().startswith("in") else "out"


def _side_word(tokens: str) -> str:
    """'in' or 'out' from the words of a token unit itself ('input tokens', 'output tokens')."""
    m = re.search(r"\b(input|prompt|output|completion|generated)\b", tokens, FLAGS)
    return "" if not m else "in" if m[1].lower() in ("input", "prompt") else "out"


IN_OUT = re.compile(r"\s{0,3}(?:tok(?:en)?s?\s{1,3})?in\s{1,3}[0-9][0-9.,]*[km]?\s{0,3}(?:tok(?:en)?s?\s{1,3})?out\b",
                    FLAGS)


def _io(text: str, q: Qty, before: str) -> Mention | None:
    in_parts = IN_OUT.match(text, q.end)  # "2k in 500 out": two parts, not "1 in 5 requests" or "in 500 days"
    if not in_parts and (re.search(r"[0-9]\s{1,3}(?:in|out of)\s{1,3}$", before, FLAGS)
                         or re.match(r"\s{1,3}(?:in|out of)\s{1,3}[0-9]", text[q.end:], FLAGS)):
        return None  # "1 in 5 requests", "4 out of 5": a fraction, not a part of a request
    after = IO_AFTER.match(text, q.end)
    if after and (q.scaled or q.value >= 1e5) and (rate := rate_at(text, after.end())):
        io = "in" if re.match(IN_WORDS, after["io"], FLAGS) else "out"  # "10M output daily": one side's volume
        return Mention(q, "tokens", q.value * rate[0], rate[1], rate[2], io=io, label=_label(text, q, rate[2]))
    if after and (in_parts or not re.search(r"\b(?:in|into)\s{1,3}(?:(?:a|an|one|the|our|their)\b|[0-9])",
                                            text[q.end:after.end() + 6], FLAGS)) and not rate_at(text, after.end()):
        word, end, of = after["io"].lower(), after.end(), bool(after["of"])
    elif b := IO_BEFORE.search(before):
        tok = TOKENS.match(text, q.end)
        word, end, of = b["io"].lower(), tok.end() if tok else q.end, False
        if rate_at(text, end) or ITEM.match(text, end) or (not tok and _counted(text, end)):
            return None  # "answers 20k questions a day", "summarise notes, 5000 notes daily": a count, not a part
    else:
        return None
    if INCLUDING.match(text, end) or COMBINED.search(before):
        inc = INCLUDING.match(text, end)
        return Mention(q, "each", end=inc.end() if inc else end)
    io = "in" if re.fullmatch(IN_WORDS, word, FLAGS) else "out"
    if word == "in" and not re.search(r"tok|[0-9]", text[max(0, q.start - 2):end], FLAGS):
        return None
    return Mention(q, "part", end=end, io=io, of_total=of)


def _tokens(text: str, q: Qty, pos: int, before: str) -> Mention:
    per = PER_THING.match(text, pos)
    if per and per["n"].lower() not in NOT_ITEM_NOUN and per["n"].lower() not in PER_DAY and q.value < 1e6:
        return Mention(q, "each", end=per.end())  # "2k tokens per shipment"
    if EACH.match(text, pos) or (INCLUDING.match(text, pos) and not re.match(r"\s{0,3}in total", text[pos:], FLAGS)
                                 and q.value < 1e6):
        return Mention(q, "each", end=pos)
    if re.search(r"-$", text[q.end:pos].strip()) or re.match(r"-?tok(?:en)?\s{1,3}(?:" + _ITEMS + ")", text[q.end:],
                                                            FLAGS):
        return Mention(q, "each", end=pos)
    rate = rate_at(text, pos)
    if not rate and q.value < 1e6 and (EACH_BEFORE.search(before) or ITEM_BEFORE.search(before)):
        return Mention(q, "each", end=pos)
    period = rate or period_of(text, q, pos)
    if period:
        return Mention(q, "tokens", q.value * period[0], period[1], period[2], label=_label(text, q, period[2]))
    return Mention(q, "tokens", 0.0, "", pos, label=_label(text, q, pos))


def _items(text: str, q: Qty, item: re.Match[str]) -> Mention | None:
    word = item["w"].lower()
    word = "requests" if word in ("them", "those", "these") else word
    if word in RATE_ITEMS:
        return Mention(q, "items", q.value * RATE_ITEMS[word], "second" if word != "rpm" else "minute", item.end(),
                       word, _label(text, q, item.end()))
    if re.match(r"\s{0,3}(?:rate\s{1,3})?(?:limit|quota|cap|ceiling|allowance)\b", text[item.end():], FLAGS):
        return None  # "30k RPM limit": what the provider allows, not what they use
    skip = re.match(r"\s{0,3}(?:each|apiece|(?:per |/\s{0,2})(?:person|user|head|agent|dev|developer|seat|"
                    r"employee|engineer|"
                    r"lawyer|doctor|clinician|student|customer|rep|analyst|nurse|member))\b",
                    text[item.end():], FLAGS) or PER_UNIT_THEN_PERIOD.match(text[item.end():])
    period = rate_at(text, item.end() + skip.end()) if skip else None
    if not period and (size := SIZE_OF.match(text, item.end())):
        period = rate_at(text, size.end())
    if not period and (adj := re.search(r"\b(?:daily|weekly|monthly|hourly)\b", text[q.end:item.start("w")], FLAGS)):
        period = rate_at(text, q.end + adj.start())  # "5M daily requests"
        period = (period[0], period[1], item.end()) if period else None
    period = period or period_of(text, q, item.end())
    if not period:
        each = EACH.match(text, item.end())
        if each:  # "~8 turns each", "8 queries per user": how many of these make one of something counted before
            return Mention(q, "multi", 0.0, "", each.end(), word)
        return Mention(q, "items", 0.0, "", item.end(), word, _label(text, q, item.end()))
    return Mention(q, "items", q.value * period[0], period[1], period[2], word, _label(text, q, period[2]))


ITEMS_OF = re.compile(rf"(?<![\w.])[0-9][0-9.,]*\s{{0,2}}[km]?\s{{1,3}}(?:[a-z-]{{2,20}}\s{{1,3}}){{0,2}}?(?:{_ITEMS})"
                      r"\s{1,3}(?:of|at|with|@)\s{1,3}(?:~|about\s|around\s|roughly\s)?$", FLAGS)
SIZE_OF = re.compile(r"\s{1,3}(?:of|at|with|@)\s{1,3}(?:~|about\s|around\s|roughly\s)?[0-9][0-9.,]*\s{0,2}[km]?\s{0,3}"
                     r"-?tok(?:en)?s?(?:\s{1,3}each)?", FLAGS)
# "40 questions per store per day": a count per unit of something counted elsewhere, then its period
PER_UNIT_THEN_PERIOD = re.compile(r"\s{0,3}(?:per|/)\s{0,2}(?!(?:day|week|month|year|hour|minute|second|sec|min)\b)"
                                  r"[a-z][a-z-]{2,20}(?=\s{0,3}(?:per|/|a|an|each|every)\s{0,3}(?:day|week|month|hour)\b)",
                                  FLAGS)
WAS = re.compile(r"\s{1,3}(?:tokens?\s{1,3})?(?:(?:in|from)\s{1,3}(?:my|our|the)\s{1,3}(?:last|previous|earlier|first)"
                 r"\s{1,3}(?:msg|message|post|note|reply|comment)\s{1,3})?(?:was|is|were|are)\s{1,3}"
                 r"(?:actually\s{1,3}|really\s{1,3})?", FLAGS)


# "2 million daily players", "300k monthly active users": the period is an adjective of the noun counted
DAILY_NOUN = re.compile(r"\s{0,3}(?:daily|weekly|monthly)(?:\s{1,3}active)?\s{1,3}(?!tok)(?P<w>[a-z][a-z-]{2,20}s)\b",
                        FLAGS)
SIBLING_RATE = re.compile(rf"(?<![\w.])[0-9][0-9.,]*\s{{0,2}}(?:[kmb]|mn|bn|million|thousand)?\s{{0,2}}"
                          rf"(?:(?P<tok>tok(?:en)?s?)|(?P<w>{_ITEMS}|[a-z][a-z-]{{2,20}}))\s{{0,2}}(?:/|per\s|an?\s)\s{{0,2}}"
                          r"(?:hour|hr|h|minute|min|second|sec|s|day)\b[^0-9]{0,40}$", FLAGS)


# the size of one of the things just counted, said right after a bare count per period: ', ~1k tokens each',
# ' at ~1.5k tokens apiece', ' @ 800 tok per call'
SIZE_EACH_AFTER = re.compile(r"\s{0,3}[,;:(—–-]?\s{0,3}(?:at|@|with|of)?\s{0,3}(?:~|about|around|roughly|approx\.?)?"
                             r"\s{0,3}[0-9][0-9.,]*\s{0,2}k?\s{0,2}(?:tokens?|toks?)\s{0,3}"
                             r"(?:each|apiece|a piece|per\s{1,3}(?:request|call|query|message|item|prompt|chat|one))\b|"
                             # '25k/day x 900 tok', '~40k/day @ 500 tok': times a size is a count of items of that size
                             r"\s{0,3}(?:x|×|\*|@|at\b)\s{0,3}(?:~|about\s|around\s|roughly\s)?[0-9][0-9.,]*\s{0,2}k?\s{0,2}"
                             r"(?:tokens?|toks?)\b", FLAGS)


def _bare(text: str, q: Qty, qs: list[Qty], before: str) -> Mention | None:
    """A number with a period but no unit: items when an item noun stands before it ('queries, about 1,000 a
    day', 'peaks of 1,000/min' after 'requests/min'), else tokens when it is large ('5M/day', '~24M')."""
    if sized := SIZED.match(text, q.end):
        period = period_of(text, q, sized.end())
        if period:
            return Mention(q, "items", q.value * period[0], period[1], period[2], sized["w"].lower())
    rate = rate_at(text, q.end)
    if not rate and (was := WAS.match(text, q.end)) and q.scaled and q.value >= 1e5:
        rate = rate_at(text, was.end())  # "the 12M was per week, not per day"
    item = ITEM_BEFORE.search(before)
    if (item and (rate or item["p"]) and not q.scaled) or (item and rate and q.value < 1e6):
        period = rate or (PER_DAY[item["p"].lower()], item["p"].lower(), q.end)
        return Mention(q, "items", q.value * period[0], period[1], period[2], item["w"].lower(),
                       _label(text, q, period[2]))
    if rate and (label := _label(text, q, rate[2])) and (sib := SIBLING_RATE.search(
            text, max(sentence_bounds(text, q.start, q.end, 160)[0], q.start - 120), q.start)):
        # "600k queries/hour at peak, 200k/hour on average", "1,500 tokens/sec on average, peaking at 4,000/sec":
        # the other side of a peak/average pair is in the unit of the rate it pairs with
        if sib["tok"]:
            return Mention(q, "tokens", q.value * rate[0], rate[1], rate[2], label=label)
        return Mention(q, "items", q.value * rate[0], rate[1], rate[2], sib["w"].lower(), label)
    if rate and (noun := DAILY_NOUN.match(text, q.end)) and noun["w"].lower() not in NOT_COUNTED:
        if ITEM_WORD.fullmatch(noun["w"]):  # "5M daily requests"
            return Mention(q, "items", q.value * rate[0], rate[1], noun.end(), noun["w"].lower())
        return Mention(q, "pop", end=noun.end(), word=stem(noun["w"]))  # "2 million daily players"
    if rate and q.value < 1e7 and SIZE_EACH_AFTER.match(text, rate[2]) and not re.search(
            rf"\b(?:{_ITEMS})\b", text[sentence_bounds(text, q.start, q.end, 160)[0]:q.start], FLAGS):
        # "~40k/day, ~1k tokens each": a size per item right after makes the bare count the items, whatever its
        # scale (with an item named before it, the count is that item's, or a correction of it: read as before)
        return Mention(q, "items?", q.value * rate[0], rate[1], rate[2], label=_label(text, q, rate[2]))
    if rate and (q.scaled or q.value >= 1e5):
        return Mention(q, "tokens", q.value * rate[0], rate[1], rate[2], label=_label(text, q, rate[2]),
                       io=_side(before))
    if rate and q.value < 1e5 and ((label := _label(text, q, rate[2])) or re.search(
            rf"\b(?:{_ITEMS})\b", text[sentence_bounds(text, q.start, q.end, 120)[0]:q.start], FLAGS)):
        return Mention(q, "items?", q.value * rate[0], rate[1], rate[2], label=label)  # "and hit 1,500/min"
    if not rate and (on := ON_PEAK_DAY.match(text, q.end)) and (q.scaled or q.value >= 1e5):
        per = PER_DAY[on["u"].lower()]  # "55,200,000 on the worst day": a peak day's volume
        return Mention(q, "tokens", q.value * per, UNIT_NAME[per], on.end(), label="peak")
    if not rate and PEAK_BARE.search(before):
        return Mention(q, "peakbare", end=q.end, label="peak")  # "25 rps with spikes to 100": same unit
    single_b = q.suffix == "b" and q.text.rstrip()[-1:] in "bB"  # "70B?": a model size as often as a volume
    if q.scaled and q.suffix != "k" and not single_b and q.value >= 1e6 and re.match(
            r"\s{0,4}(?:$|[.,;!?)]|and\b|or\b|but\b|now\b|instead\b|not\b|then\b|total\b|in tokens\b|a day\b)",
            text[q.end:], FLAGS):
        period = period_of(text, q, q.end)
        per_day, name, end = period if period else (1.0, "", q.end)
        if re.match(r"\s{0,4}in tokens", text[q.end:], FLAGS):
            end = q.end + re.match(r"\s{0,4}in tokens", text[q.end:], FLAGS).end()  # type: ignore[union-attr]
        return Mention(q, "tokens", q.value * per_day, name or "bare", end, label=_label(text, q, end))
    return None
