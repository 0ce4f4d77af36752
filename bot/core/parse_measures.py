"""Shares, latency figures and peak ratios in free text ("75% of tokens are output", "TTFT under 200 ms",
"peaks at 3x average"). Pure; linear regexes; every value bounded before it becomes a fact."""

from __future__ import annotations

import math
import re
from itertools import pairwise

from .parse_lexicon import INPUT_WORDS, OUTPUT_SHARE_WORDS, OUTPUT_WORDS, SIMPLE_WORDS
from .parse_numbers import FLAGS, Found, Qty, masks, quantities
from .parse_scope import negated, sentence, value_negated

# Work a small model handles: the lexicon's words, and how people say "easy" or "small" in passing.
SIMPLE = (SIMPLE_WORDS + r"|\bspam\b|yes/no|small[- ]model|tiny model|cheap(?:er)? model|autocomplet\w*|short stuff|"
          r"could handle|can handle|[0-9]{1,2}b(?:[- ]class)? model|\bdumb\b|lightweight|straightforward|"
          r"language detection|\brouting\b|lookups?|canned|templated?|one[- ]liners?|"
          r"(?:could|can|would) (?:go|be routed|be sent|be offloaded|move) to")
ALL_SIMPLE = re.compile(r"\b(?:all|every(?:thing| single one| request| query| call)?)\s{1,3}(?:of\s{1,3}(?:it|"
                        r"them|our|the|"
                        r"these|those)\s{0,3}(?:\w+\s{1,3})?)?(?:is|are)\s{1,3}(?:really\s{1,3}|pretty\s{1,3}|just\s{1,3})?"
                        r"(?:simple|easy|trivial)\b", FLAGS)
NO_SIMPLE = re.compile(r"\b(?:none|no part|nothing|not one|not a single one)\s{1,3}(?:of\s{1,3}(?:it|them|our|the|"
                       r"these|those)\s{0,3}(?:\w+\s{1,3})?)?(?:is|are|would be)\s{1,3}(?:really\s{1,3}|truly\s{1,3})?"
                       r"(?:simple|easy|trivial)|\bno (?:simple|easy|trivial) (?:requests|queries|calls|traffic|"
                       r"stuff)\b",
                       FLAGS)

DECIMAL_OF = re.compile(r"(?<![\w.])(?P<v>0?\.[0-9]{1,3})(?![0-9])\s{1,3}of\s{1,3}(?:the\s{1,3}|our\s{1,3}|all\s{1,3})?"
                        r"(?:volume|traffic|requests|calls|queries|tokens|it|load|usage|workload|messages|tickets)\b",
                        FLAGS)
PERCENT = re.compile(
    r"(?<![\w.])(?P<a>[0-9]{1,3}(?:\.[0-9]{1,3})?)(?:\s{0,4}%?\s{0,4}(?:-|–|"
    r"to)\s{0,4}(?P<b>[0-9]{1,3}(?:\.[0-9]{1,3})?))?"
    r"\s{0,4}(?:%|percent\b|per\s?cent\b)",
    FLAGS,
)
RATIO = re.compile(
    r"(?<![\w.])(?P<a>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s{0,4}:\s{0,4}(?P<b>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s{0,4}"
    r"(?P<first>input|in|prompt|output|out|completion|generation)\s{0,4}(?:to|:|/|-)\s{0,4}(?:output|out|input|in|completion|prompt|generation)\b",
    FLAGS,
)
CLAUSE = re.compile(r"(?<!\bmax)(?<!\bmin)(?<!\bapprox)(?<!\bca)\.(?![0-9])|[;!?\n]|,\s{0,4}(?:but|and|while|whereas|"
                    r"the rest)|,(?=\s{0,4}[0-9])|—|[()]", FLAGS)
LATENCY = re.compile(
    r"(?P<cmp>sub-?|under|below|less than|<=?|within|at most|max(?:imum)?|in|of|about|~|p50|p9[059])?\s{0,4}"
    r"(?<![\w./])(?P<n>[0-9]{1,6}(?:\.[0-9]{1,3})?)\s{0,4}(?P<u>ms|msec|milliseconds?|s|secs?|seconds?)\b(?!\s{0,4}/)",
    FLAGS,
)
LATENCY_CONTEXT = re.compile(
    r"latency|ttft|first[- ]token|time to first|response time|respond|responses?|reply|replies|round[- ]trip|answers?|"
    r"real[- ]?time|turnaround|snappy|fast|p50|p9[059]|first (?:words?|tokens?|bytes?|chunks?)|"
    r"start(?:s|ing)? (?:streaming|to stream|to appear)|streaming (?:starts|begins)|wait(?:ing)? time|"
    r"(?:feel|feels) (?:instant|snappy)|autocomplete|start(?:s|ing)? (?:speaking|talking|answering|responding|to speak|"
    r"to talk|to answer|to respond|to show)|(?:erstes?|primer|premier|primo|primeiro) tok|tiempo de respuesta|"
    r"antwortzeit|temps de réponse|latenz|latencia|latence|latenza|latência|latentie|responstijd|latens|svarstid|"
    r"opóźnieni\w*|czas odpowiedzi|지연|レイテンシ|延迟|延遲|(?:text|words?|anything|output|answers?) (?:to )?appears?|"
    r"before (?:text|anything|something|words?) (?:appears|shows)",
    FLAGS,
)
PEAK = [
    re.compile(r"(?:peak(?:s|ing|'s)?|picos?|picchi|picco|spitzen\w*|pics?|pieken|piek)(?:\s{1,4}(?:load|traffic|"
               r"usage))?"
               r"\s{0,4}(?:at|of|around|reach(?:es)?|hit|hits|is|are|go(?:es)? to|up to|di|de|von|etwa|ca\.?|:|≈|~|ist|"
               r"liegt bei|est|es|è|é|sind|sont|son|sono|são|tot|bis|llegan? a|chegam? a|arriva(?:no)? a|atteint|"
               r"(?:gaat|gaan|gehen|geht) tot)?\s{0,4}"
               r"(?:about|~|roughly|around|≈|etwa|circa)?\s{0,4}(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}"
               r"(?:x|×|times|veces|vezes|volte|fois|mal|keer)(?![\w])", FLAGS),
    re.compile(r"\b(?:peak|busiest|rush|spike)[\w -]{0,24}?\b(?:is|are|runs?|gets?|hits?|reach(?:es)?|sees?|at)\s{1,3}"
               r"(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,3}(?:x|×|times)\s{1,3}(?:the\s{1,3}|our\s{1,3})?(?:[a-z]+\s{1,3})?"
               r"(?:average|avg|mean|normal|baseline|typical|usual)\b", FLAGS),
    # '8x a normal day', '5x an ordinary Saturday', '2.5x our usual load': a multiple of any ordinary stretch
    re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)\s{1,4}(?:the\s{1,4}|our\s{1,4}|an?\s{1,4}|"
               r"(?:der|des|du|la|le|el|il|da|do|della|del)\s{1,4})?(?:daily\s{1,3}|hourly\s{1,3}|overall\s{1,3})?"
               r"(?:average|avg|mean|normal|baseline|typical|usual|regular|ordinary|quiet|everyday|standard|"
               r"durchschnitts?|moyenne|promedio|media|média)\b(?!\s{0,3}[0-9])",
               FLAGS),
    re.compile(r"\bpeak\s{0,2}(?:[:/]|to)\s{0,2}(?:avg|average|mean|normal|baseline)(?:\s{1,4}ratio)?\s{0,4}(?:is|of|=|:|"
               r"about|around|roughly|approximately|~|≈|\s)*\s{0,3}(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)(?:\s{0,2}(?::|to)\s{0,2}1)?"
               r"(?![0-9.:])", FLAGS),
    re.compile(r"peak[- ]to[- ]average(?:\s{1,4}ratio)?\s{0,4}(?:is\s{1,4}|of\s{1,4}|=|:)?\s{0,4}(?:around|about|"
               r"roughly|approximately|~)?\s{0,4}(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×)?", FLAGS),
    re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)\s{1,4}(?:busier|more (?:traffic|load|"
               r"requests|usage)|(?:higher|heavier) (?:traffic|load)|"
               r"(?:the )?(?:normal|usual) (?:traffic|load|volume))",
               FLAGS),
    re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)\s{0,4}(?:the\s{1,4})?(?:average|"
               r"avg|mean|"
               r"normal|baseline)?\s{0,4}(?:at|during|in|zur|zu|à la|aux|en|in der|nella|na|no)?\s{0,4}(?:peak|spikes?|"
               r"bursts?|spitze\w*|heures? de pointe|pointe|hora punta|horas pico|pico|punta|picco|horário de pico)",
               FLAGS),
    # "6M tokens/hour avg, 2.5x that at peak", "the peak day was about triple that" (words: WORD_RATIO)
    re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)\s{1,4}(?:that|this|it|"
               r"the average)\s{1,4}"
               r"(?:at|during|in|on)\s{1,4}(?:the\s{1,4})?(?:peaks?|spikes?|bursts?|rush|busiest \w+|"
               r"peak \w+)\b", FLAGS),
    re.compile(r"(?:spikes?|bursts?)\s{1,4}(?:of|to|up to|at)?\s{0,4}"
               r"(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)", FLAGS),
]


# What an aside holds besides its figure: "(70%)", "(80%+)", "— say 85% —", "(maybe a third)"
ASIDE_FILLER = re.compile(r"[0-9.%+~≈\s]|\b(?:about|around|roughly|say|maybe|approx\w*|or so|ish|like|some|circa|"
                          r"percent|per ?cent|at least|over|under)\b", FLAGS)


def _aside(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """A figure alone in an aside describes the clause the aside sits in: 'mostly output (70%)', 'most of it (80%+)
    is easy', 'The bulk — say 85% — is routine'. Else the clause as found."""
    if ASIDE_FILLER.sub("", text[start:end]).strip(" ,") or not (text[start - 1:start] in "(—–-" and start > 0):
        return start, end
    left, _ = _clause(text, max(0, start - 2), max(0, start - 1))
    _, right = _clause(text, min(len(text), end + 1), min(len(text), end + 2))
    return left, right


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in CLAUSE.finditer(text, max(0, start - 80), start)), default=max(0, start - 80))
    m = CLAUSE.search(text, end, min(len(text), end + 80))
    return left, m.start() if m else min(len(text), end + 80)


HARD_WORDS = (r"needs? (?:a |the )?(?:strong|strongest|big|bigger|smart|smarter|large|larger|frontier|powerful|"
              r"real|serious) (?:model|reasoning|llm)|needs? real reasoning|(?:are|is) (?:\w+ly )?(?:hard|complex|"
              r"difficult|tricky)\b|\b(?:complex|hard|difficult|tricky|heavy|multi-step|deep) (?:reasoning|cases|"
              r"questions|requests|queries|tasks|stuff|ones|problems|analysis)\b|"
              r"needs? more than (?:a |the )?(?:small|tiny|cheap|mini)\w* (?:model|llm)|"
              r"(?:complex|hard|difficult) enough to need")


def _nearest(text: str, s: int, e: int, start: int, end: int, words: str) -> int | None:
    dists = [min(abs(start + m.start() - e), abs(s - start - m.end())) for m in
             re.finditer(words, text[start:end], FLAGS)]
    return min(dists) if dists else None


# "nine out of ten", "four in five", "1 in 20": a count of a count, in digits or words
_SMALL = r"one|two|three|four|five|six|seven|eight|nine|ten"
SMALL_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twenty": 20, "a hundred": 100, "hundred": 100}
FRACTION = re.compile(r"\b(?P<f>(?:roughly |about |maybe |around )?half|a third|one third|two thirds|a quarter|"
                      r"three quarters|a fifth|one fifth|two fifths|a tenth|one tenth)(?: of)?(?=\)\s{1,3}(?:are|is)\b|"
                      r" (?:our|the|all|of|"
                      r"its|their|\w+ requests|requests|calls|queries|"
                      r"traffic|prompts|messages|tickets))|"
                      rf"\b(?P<a>[0-9]{{1,2}}|{_SMALL}) (?:in|out of) "
                      rf"(?P<b>[0-9]{{1,3}}|{_SMALL}|twenty|a hundred|hundred)\b",
                      FLAGS)
FRACTIONS = {"half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3, "a quarter": 0.25,
             "three quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "two fifths": 0.4, "a tenth": 0.1,
             "one tenth": 0.1}
_FRACTION_WORD = (r"half|a third|one third|two thirds|a quarter|one quarter|three quarters|a fifth|one fifth|"
                  r"two fifths|a tenth|one tenth")
_IO = r"output|generated|completion|input|prompt"
OUT_FRACTION = re.compile(
    rf"\b(?P<f>{_FRACTION_WORD}) (?:of )?(?:it|which|that|them|the tokens|those|this|(?:all )?(?:the |our )?tokens) "
    rf"(?:is|are) (?P<io>{_IO})|"
    rf"\b(?P<io2>{_IO}|the answers?|answers?|responses?|completions?)(?: tokens?)? (?:is|are|makes? up|accounts? for|"
    rf"comes? to) (?:only |just |maybe |about |roughly |around |~)?(?P<f2>{_FRACTION_WORD}) of (?:the |all |our )?"
    r"(?:tokens|total|traffic|volume|it|usage)", FLAGS)
SPLIT = re.compile(r"(?<![\w.])(?P<a>[0-9]{1,2}(?:\.[0-9])?)\s{0,2}/\s{0,2}(?P<b>[0-9]{1,2}(?:\.[0-9])?)%?\s{0,3}"
                   r"(?:split\s{1,3})?(?:(?:between|of)\s{1,3})?(?P<first>input|in|prompt|output|out|completion|generation)\s{0,2}"
                   r"(?:/|and|vs\.?|to)\s{0,2}(?:output|out|input|in|completion|prompt|generation)|"
                   r"(?P<first2>input|in|prompt|output|out|completion|generation)\s{0,2}/\s{0,2}(?:output|out|input|in|completion|prompt|generation)"
                   r"(?:\s{1,3}split)?(?:\s{1,3}|\s{0,3}[:=]\s{0,3})(?:is\s{1,3}|of\s{1,3}|about\s{1,3}|roughly\s{1,3}|~)*"
                   r"(?P<a2>[0-9]{1,2}(?:\.[0-9])?)\s{0,2}/\s{0,2}(?P<b2>[0-9]{1,2}(?:\.[0-9])?)", FLAGS)
IO_RATIO = re.compile(r"\b(?:ratio of\s{1,3})?(?P<first>input|in|prompt|output|out|completion|generation)\s{0,2}"
                      r"(?:[:/]|\s{1,3}to\s{1,3})\s{0,2}(?:output|out|input|in|completion|prompt|generation)"
                      r"(?:\s{1,3}ratio)?\s{0,3}(?:is|of|=|:|about|around|roughly|~|≈|\s)*\s{0,3}"
                      r"(?P<a>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s{0,2}:\s{0,2}(?P<b>[0-9]{1,4}(?:\.[0-9]{1,2})?)", FLAGS)
OF_REQUESTS = re.compile(r"\s{0,3}(?:of\s{1,3}(?:the\s{1,3}|our\s{1,3}|all\s{1,3})?(?:prompts|requests|calls|queries|"
                         r"traffic|messages|tickets|questions|conversations)\b)", FLAGS)


# A share said as a fraction: "1/4 of it generated", "output is maybe a third of that", "output share is a fifth",
# "output is half the input" (then out = ½ in: a third of all), "50 tokens back for every thousand we send".
_DEN = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
        "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10}
_NUMW = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
AMOUNT = (r"(?:(?P<num>a|an|one|two|three|four|nine)[\s-]{1,2}(?P<den>half|third|thirds|quarter|quarters|fourth|"
          r"fourths|"
          r"fifth|fifths|sixth|tenth|tenths)|(?P<half>half)|(?P<n1>[0-9]{1,2})\s{0,2}/\s{0,2}(?P<d1>[0-9]{1,2})(?![0-9/]))")
_IO_NOUN = (r"(?P<io>output|outputs|generated|generation|completions?|answers?|responses?|replies|reply|input|inputs|"
            r"prompts?|context)")
_WHOLE = (r"(?:it|that|this|those|them|which|everything|the (?:tokens|total|traffic|volume|usage)|"
          r"all (?:of )?(?:it|that|tokens)|tokens)")
FRACTION_OF = re.compile(
    rf"\b{AMOUNT}\s{{1,3}}of\s{{1,3}}{_WHOLE}\s{{1,3}}(?:(?:is|are|was|were|being|gets?|comes? back as)\s{{1,3}})?"
    rf"(?:the\s{{1,3}})?{_IO_NOUN}\b|"
    rf"\b{_IO_NOUN.replace('P<io>', 'P<io2>')}(?:\s{{1,3}}(?:tokens?|share|side|part|portion|"
    rf"fraction))?(?:\s{{0,3}}(?:is|are|was|were|being|"
    rf"makes? up|accounts? for|comes? to|=|:)\s{{1,3}}|\s{{1,3}}(?=(?:maybe|about|roughly|around|probably|like|"
    rf"approximately|~)\s))(?:(?:only|just|maybe|about|roughly|around|probably|like|"
    rf"approximately|closer to|more like|under|over|~)\s{{1,3}})?"
    + AMOUNT.replace("P<num>", "P<num2>").replace("P<den>", "P<den2>").replace("P<half>", "P<half2>")
    .replace("P<n1>", "P<n2>").replace("P<d1>", "P<d2>")
    + rf"(?P<tail>\s{{1,3}}(?:of\s{{1,3}})?(?:the\s{{1,3}})?(?P<rel>input|inputs|prompts?|context|output|outputs)\b|"
    rf"\s{{1,3}}of\s{{1,3}}(?:the\s{{1,3}}|all\s{{1,3}}|our\s{{1,3}})?{_WHOLE}|"
    rf"\s{{1,3}}(?:the|all the|our)\s{{1,3}}(?:tokens|total|volume|traffic)\b|"
    rf"(?=\s{{0,3}}(?:[,.;)!]|$|not\b|and\b|but\b)))",
    FLAGS)
PER_EVERY = re.compile(
    r"(?P<o>[0-9][0-9,.]*k?)\s{1,3}(?:tokens?\s{1,3})?(?:back|out|of output|generated|returned)\s{1,3}(?:for|"
    r"per)\s{1,3}"
    r"(?:every|each)\s{1,3}(?P<i>[0-9][0-9,.]*k?|thousand|hundred)\s{1,3}(?:tokens?\s{1,3})?(?:we send|sent|in\b|"
    r"of input|"
    r"of prompt|input|prompt)|"
    r"for\s{1,3}(?:every|each)\s{1,3}(?P<i2>[0-9][0-9,.]*k?|thousand|"
    r"hundred)\s{1,3}(?:tokens?\s{1,3})?(?:we send|sent|in\b|"
    r"of input|of prompt|input|prompt)[\s,]{1,3}(?:we\s{1,3})?(?:get|receive|generate)\s{1,3}(?:back\s{1,3})?"
    r"(?P<o2>[0-9][0-9,.]*k?)", FLAGS)


# "4 parts input to 1 part output", "1 in 10 tokens is output", "output share 0.35", "1/5 output", "split 85/15"
PARTS_IO = re.compile(r"(?<![\w.])(?P<a>[0-9]{1,3}(?:\.[0-9])?)\s{1,3}(?:parts?\s{1,3})?"
                      r"(?P<first>input|in|prompt|output|out|completion|generation)\s{1,3}(?:to|for every|per|:)\s{1,3}"
                      r"(?P<b>[0-9]{1,3}(?:\.[0-9])?)\s{1,3}(?:parts?\s{1,3})?"
                      r"(?:output|out|input|in|completion|prompt|generation)\b", FLAGS)
N_IN_M_IO = re.compile(r"(?<![\w.])(?P<a>[0-9]{1,3})\s{1,3}(?:in|out of)\s{1,3}(?P<b>[0-9]{1,4})\s{1,3}tokens?\s{1,3}"
                       r"(?:is|are)\s{1,3}(?:the\s{1,3})?(?P<io>output|input|generated|prompt)\b", FLAGS)
SHARE_DECIMAL = re.compile(r"\b(?P<io>output|input)(?:[- ]tokens?)?\s{1,3}(?:share|fraction|portion|part)\s{0,3}"
                           r"(?:is|of|=|:|~|≈)?\s{0,3}(?P<v>0?\.[0-9]{1,3})(?![0-9%])", FLAGS)
SLASH_IO = re.compile(r"(?<![\w./])(?P<a>[0-9]{1,2})\s{0,2}/\s{0,2}(?P<b>[0-9]{1,2})(?![\w/])\s{1,3}"
                      r"(?P<io>output|input|out|in)\b"
                      r"(?!\s{1,3}(?:of|the)\b)", FLAGS)
BARE_SPLIT = re.compile(r"\bsplit\s{1,3}(?:roughly\s{1,3}|about\s{1,3})?(?P<a>[0-9]{1,2})\s{0,2}/\s{0,2}"
                        r"(?P<b>[0-9]{1,2})\b"
                        r"(?!\s{0,3}(?:between|of|input|in|prompt|output|out))|"
                        r"(?<![\w./])(?P<a2>[0-9]{1,2})\s{0,2}/\s{0,2}(?P<b2>[0-9]{1,2})"
                        r"\s{1,3}split\b(?!\s{1,3}(?:between|of))", FLAGS)


INPUT_FIRST = ("input", "in", "prompt")  # the side named first in "a <first> to b <other>" is the input


def _output_share(first: str, a: float, b: float) -> float:
    """The output share of an "a <first> to b <other>" pair (a + b > 0): "4 input to 1 output" → 0.2."""
    return b / (a + b) if first.lower() in INPUT_FIRST else a / (a + b)


def io_forms(text: str) -> list[Found]:
    """More ways to say the output share: parts, 'N in M tokens', a decimal share, '1/5 output', a bare split."""
    out: list[Found] = []
    for m in PARTS_IO.finditer(text):
        a, b = float(m["a"]), float(m["b"])
        if a + b > 0:
            share = _output_share(m["first"], a, b)
            out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for m in N_IN_M_IO.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if 0 < a <= b:
            share = a / b if m["io"].lower() in ("output", "generated") else 1 - a / b
            out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for m in SHARE_DECIMAL.finditer(text):
        v = float(m["v"])
        if 0 < v < 1:
            share = v if m["io"].lower() == "output" else 1 - v
            out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for m in SLASH_IO.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if 0 < a < b <= 20:  # "1/5 output": a fraction, not "85/15 in/out"
            share = a / b if m["io"].lower().startswith("out") else 1 - a / b
            out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for m in BARE_SPLIT.finditer(text):
        a, b = float(m["a"] or m["a2"]), float(m["b"] or m["b2"])
        left, right = sentence(text, m.start(), m.end(), 160)
        if 99 <= a + b <= 101 and re.search(r"\btok(?:en)?s?\b|\bvolume\b", text[left:right], FLAGS):
            share = b / (a + b)  # "split 85/15": input first, as people write it
            out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' split → {share:.0%} output "
                             "(input first)", strength=0))
    return out


def _amount(m: re.Match[str], suffix: str = "") -> float | None:
    if m["half" + suffix]:
        return 0.5
    if m["n" + ("1" if not suffix else "2")]:
        a, b = int(m["n" + ("1" if not suffix else "2")]), int(m["d" + ("1" if not suffix else "2")])
        return a / b if 0 < a <= b else None
    num, den = m["num" + suffix], m["den" + suffix]
    if num and den:
        return _NUMW[num.lower()] / _DEN[den.lower()]
    return None


def _count(raw: str) -> float | None:
    raw = raw.lower().replace(",", "")
    if raw in ("thousand", "hundred"):
        return 1000.0 if raw == "thousand" else 100.0
    try:
        return float(raw[:-1]) * 1e3 if raw.endswith("k") else float(raw)
    except ValueError:
        return None


def fraction_shares(text: str) -> list[Found]:
    out: list[Found] = []
    for m in FRACTION_OF.finditer(text):
        first = m["io"] is not None
        p = _amount(m, "" if first else "2")
        if p is None or not 0 <= p <= 1 or value_negated(text, m.start("num2" if not first else "io")):
            continue
        io = (m["io"] or m["io2"]).lower()
        is_out = not re.match(r"input|prompt|context", io)
        if not first and m["rel"]:  # "output is half the input": out = p × in
            rel_out = not re.match(r"input|prompt|context", m["rel"].lower())
            if rel_out == is_out:
                continue
            p = p / (1 + p)
        share = p if is_out else 1 - p
        out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for m in PER_EVERY.finditer(text):
        o, i = _count(m["o"] or m["o2"]), _count(m["i"] or m["i2"])
        if o is not None and i and o + i > 0:
            out.append(Found("output_share", o / (o + i), m.start(), m.end(), f"{o:g} out per {i:g} in"))
    return out


def _fractions(text: str) -> list[tuple[float, int, int]]:
    out = []
    for m in FRACTION.finditer(text):
        if m["f"]:
            out.append((FRACTIONS[m["f"].lower().split()[-1] if m["f"].lower().split()[-1] == "half" else
                                  " ".join(m["f"].lower().split()[-2:])], m.start(), m.end()))
        else:
            a, b = (int(SMALL_NUMBER.get(x.lower(), 0)) if not x.isdigit() else int(x) for x in (m["a"], m["b"]))
            if 0 < a <= b:
                out.append((a / b, m.start(), m.end()))
    return out


def shares(text: str) -> list[Found]:
    """output_share and simple_share from percentages, fractions, input:output ratios and keywords."""
    out: list[Found] = []
    values = [(m, float(m["a"]), float(m["b"]) if m["b"] else float(m["a"])) for m in PERCENT.finditer(text)
              if not value_negated(text, m.start())]
    values += [(m, float(m["v"]) * 100, float(m["v"]) * 100) for m in DECIMAL_OF.finditer(text)
               if not value_negated(text, m.start())]  # "that's 0.5 of volume": a share said as a decimal
    for p, s, e in _fractions(text):
        out += _simple_only(text, p, s, e)
    out += [Found("simple_share", 0.0, m.start(), m.end(), f"'{m.group()}' → nothing is simple")
            for m in NO_SIMPLE.finditer(text)]
    out += [Found("simple_share", 1.0, m.start(), m.end(), f"'{m.group()}' → all of it is simple")
            for m in ALL_SIMPLE.finditer(text) if not negated(text, m.start(), m.end())]
    for m, a, b in values:
        if not (0 <= a <= 100 and 0 <= b <= 100):
            continue
        p = (a + b) / 200
        start, end = _aside(text, m.start(), m.end(), *_clause(text, m.start(), m.end()))
        distance = {
            "simple": _nearest(text, m.start(), m.end(), start, end, SIMPLE),
            "output": _nearest(text, m.start(), m.end(), start, end, OUTPUT_WORDS),
            "input": _nearest(text, m.start(), m.end(), start, end, INPUT_WORDS),
            "hard": _nearest(text, m.start(), m.end(), start, end, HARD_WORDS),
        }
        near = {k: v for k, v in distance.items() if v is not None}
        if re.match(r"\s{0,2}(?:out|output)\b", text[m.end():], FLAGS):
            near = {"output": 0}
        elif re.match(r"\s{0,2}(?:in|input)\b", text[m.end():], FLAGS):
            near = {"input": 0}
        if re.search(r"\b(?:the other|the remaining|remaining|the rest(?: of it)?(?: is| are)?|other)\s{0,3}$",
                     text[max(0, m.start() - 20):m.start()], FLAGS):
            continue  # "85% is classification, the other 15% is drafting": the rest of a share already given
        if OF_REQUESTS.match(text, m.end()):
            near.pop("input", None)  # "90% of prompts are boilerplate": a share of requests, not of tokens
            if not near:  # "(about 40% of calls)" after "the intent-classification traffic": the sentence says what
                s_start, s_end = sentence(text, m.start(), m.end(), 160)
                if (d := _nearest(text, m.start(), m.end(), s_start, s_end, SIMPLE)) is not None and \
                        _nearest(text, m.start(), m.end(), s_start, s_end, HARD_WORDS) is None:
                    near = {"simple": d}
        if not near:
            continue
        kind = min(near, key=lambda k: near[k])
        if kind == "simple":
            out.append(Found("simple_share", p, m.start(), m.end(), f"{p:.0%} of requests are simple"))
        elif kind == "hard":
            out.append(Found("simple_share", 1 - p, m.start(), m.end(),
                             f"{p:.0%} of requests need a strong model → {1 - p:.0%} simple"))
        elif kind == "output":
            out.append(Found("output_share", p, m.start(), m.end(), f"{p:.0%} of tokens are output"))
        else:
            out.append(Found("output_share", 1 - p, m.start(), m.end(), f"{p:.0%} input → {1 - p:.0%} output"))
    for m in RATIO.finditer(text):
        a, b = float(m["a"]), float(m["b"])
        if a + b <= 0:
            continue
        first_is_input = m["first"].lower() in INPUT_FIRST
        share = b / (a + b) if first_is_input else a / (a + b)
        out.append(Found("output_share", share, m.start(), m.end(), f"input:output ratio → {share:.0%} output"))
    for m in OUT_FRACTION.finditer(text):
        p = FRACTIONS[(m["f"] or m["f2"]).lower().replace("one quarter", "a quarter")]
        io = (m["io"] or m["io2"]).lower()
        share = 1 - p if io in ("input", "prompt") else p
        out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for m in SPLIT.finditer(text):
        a, b = float(m["a"] or m["a2"]), float(m["b"] or m["b2"])
        first = (m["first"] or m["first2"]).lower()
        if 99 <= a + b <= 101:
            share = b / (a + b) if first in INPUT_FIRST else a / (a + b)
            out.append(Found("output_share", share, m.start(), m.end(), f"{a:g}/{b:g} split → {share:.0%} output"))
    for m in IO_RATIO.finditer(text):
        a, b = float(m["a"]), float(m["b"])
        if a + b > 0:
            share = _output_share(m["first"], a, b)
            out.append(Found("output_share", share, m.start(), m.end(), f"input:output ratio → {share:.0%} output"))
    out += fraction_shares(text) + io_forms(text)
    # "inputs are ~4x bigger than outputs", "input ≈ 5× output"
    for m in [*IO_TIMES.finditer(text), *IO_X.finditer(text)]:
        a_in = bool(re.match(r"input|prompt|context|question|request", m["a"], FLAGS))
        b_in = bool(re.match(r"input|prompt|context|question|request", m["b"], FLAGS))
        n = float(m["n"]) if m["n"] else _TIMES_WORD[" ".join(m["w"].lower().split())]
        if a_in != b_in and n > 0:
            share = 1 / (1 + n) if a_in else n / (1 + n)
            out.append(Found("output_share", share, m.start(), m.end(), f"'{m.group()}' → {share:.0%} output"))
    for value, words in OUTPUT_SHARE_WORDS:
        for m in re.finditer(words, text, FLAGS):
            out.append(Found("output_share", value, m.start(), m.end(), f"'{m.group()}' → assumed {value:.0%} output",
                             strength=0))  # any figure for the share beats a word for it
    return out


def _simple_only(text: str, p: float, s: int, e: int) -> list[Found]:
    start, end = _clause(text, s, e)
    hard, easy = _nearest(text, s, e, start, end, HARD_WORDS), _nearest(text, s, e, start, end, SIMPLE)
    if hard is not None and (easy is None or hard <= easy):  # "1 in 5 requests is hard, the other 4 are simple"
        return [Found("simple_share", 1 - p, s, e, f"'{text[s:e]}' need a strong model → {1 - p:.0%} simple")]
    if easy is None:
        start, end = sentence(text, s, e, 160)  # "About a quarter of our requests are spam checks — trivial stuff"
        if _nearest(text, s, e, start, end, SIMPLE) is None or _nearest(text, s, e, start, end, HARD_WORDS):
            return []
    return [Found("simple_share", p, s, e, f"'{text[s:e]}' → {p:.0%} of requests are simple")]


# What the latency is today, not what is needed: "TTFT is currently 1.8s and users complain", "900 ms ... is too slow"
STATUS_QUO = re.compile(r"\b(?:currently|today|right now|at the moment|these days|too slow|(?:users|people|customers) "
                        r"(?:complain|hate|notice it)|we(?:'re| are)? (?:seeing|see|getting|get))\b", FLAGS)
TARGET = re.compile(r"\b(?:need|needs|must|should|want|target|budget|requirement|require[ds]?|goal|sla|has to|"
                    r"have to)\b", FLAGS)
ONE_SECOND = re.compile(r"(?P<cmp>\b(?:under|below|less than|within|about|around|at most|max(?:imum)?)\s{1,3})?"
                        r"(?<!per )(?<!a )\b(?:a|one)\s{1,3}(?:second|sec)\b(?!\s{0,3}(?:and|or)\b)", FLAGS)
SPEED_PER_TOKEN = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s{0,2}(?:ms|milliseconds?)\s{1,3}"
                             r"(?:per|/|a|each)\s{1,3}(?:output\s{1,3})?token\b", FLAGS)


UNDER = ("under", "below", "less than", "<", "<=", "within")  # a latency said as a bound from above


def _label_before(text: str, start: int) -> bool:
    """'TTFT — honestly 2s is fine', 'latency: 300ms': a latency word labels the clause that starts at ``start``."""
    return bool(re.search(rf"(?:{LATENCY_CONTEXT.pattern})\W{{1,4}}(?:\w+\W{{1,3}})?$", text[max(0, start - 40):start],
                          FLAGS))


def latency(text: str) -> list[Found]:
    """latency_ms from explicit figures that sit next to a latency word (or are written 'sub-N ms')."""
    out: list[Found] = []
    for m in LATENCY.finditer(text):
        unit = m["u"].lower()
        cmp_ = (m["cmp"] or "").lower()
        if value_negated(text, m.start("n")) or SPEED_PER_TOKEN.match(text, m.start("n")):
            continue  # "1.5 s rather than 500 ms"; "40 ms per token" is a speed
        start, end = _clause(text, m.start(), m.end())
        context = LATENCY_CONTEXT.search(text, start, end) or _label_before(text, start)
        s_left, s_right = sentence(text, m.start(), m.end(), 160)
        if not context and unit.startswith("m") and CORRECTION_NEAR.search(text, s_left, s_right) \
                and not any(f.field == "latency_ms" for f in out):
            context = True  # "*200 ms, typo above": a figure that corrects a latency said before
        if not context and unit.startswith("m") and cmp_ in UNDER \
                and LATENCY_CONTEXT.search(text, max(0, m.start() - 160), m.start()):
            context = True  # "TTFT is 1.8s today. We'd want under 600ms."
        if not cmp_.startswith("sub") and not context:
            continue
        if unit == "s" and not context:
            continue
        if STATUS_QUO.search(text, s_left, s_right) and not TARGET.search(text, start, end) \
                and cmp_ not in (*UNDER, "at most", "max", "maximum"):
            continue  # what they see today, not what they need
        ms = float(m["n"]) * (1.0 if unit.startswith("m") else 1000.0)
        if not (0 < ms <= 600_000) or not math.isfinite(ms):
            continue
        s = m.start("cmp") if m["cmp"] else m.start("n")
        out.append(Found("latency_ms", ms, s, m.end(), f"{ms:g} ms to first token (stated)"))
    if not out:
        for m in ONE_SECOND.finditer(text):  # "our latency budget is about a second to first token"
            start, end = _clause(text, m.start(), m.end())
            if LATENCY_CONTEXT.search(text, start, end) and not value_negated(text, m.start()):
                out.append(Found("latency_ms", 1000.0, m.start(), m.end(), "a second to first token (stated)"))
                break
    return out


CORRECTION_NEAR = re.compile(r"\b(?:typo|correction|i meant|sorry|oops)\b|^\s{0,3}\*", FLAGS)
# A per-stream speed floor said without its unit after a speed was named ("tps per stream isn't a big deal, 10 is
# enough", "we don't need 200 tok/s per stream, 20 is fine", "tokens/s per stream: 30", "35/stream is our floor"),
# or as time per token ("40 ms per token" → 25 tokens/s).
SPEED_WORD = re.compile(r"\b(?:tps|tok(?:en)?s?\s{0,2}/\s{0,2}s(?:ec)?|tokens? per second|tok/s)\b", FLAGS)
SPEED_LABEL_VALUE = re.compile(r"\b(?:tps|tok(?:en)?s?\s{0,2}/\s{0,2}s(?:ec)?|tokens? per second)(?:\s{1,3}per\s{1,3}"
                               r"(?:stream|user|request|session))?\s{0,2}[:=]\s{0,3}(?P<n>[0-9]{1,4})(?![0-9%]|"
                               r"[.,][0-9])",
                               FLAGS)
ENOUGH_AFTER = re.compile(r"(?<![\w.$€£])(?P<n>[0-9]{1,4})(?![\w.,%])\s{0,3}(?:tok(?:en)?s?\s{0,2}/\s{0,2}s\s{0,3})?"
                          r"(?:is|would be|'d be|should be|will be)?\s{0,3}(?:enough|fine|ok|okay|plenty|our floor|"
                          r"the floor|"
                          r"acceptable)\b", FLAGS)
PER_STREAM_BARE = re.compile(r"(?<![\w.$€£])(?P<n>[0-9]{1,4})\s{0,2}(?:/|per)\s{0,2}stream\b", FLAGS)


def stream_floor(text: str) -> list[Found]:
    out = []
    for m in SPEED_PER_TOKEN.finditer(text):
        ms = float(m["n"])
        if 0 < ms <= 10_000:
            out.append(Found("min_tokens_per_s", round(1000 / ms, 2), m.start(), m.end(),
                             f"{m['n']} ms per token = {1000 / ms:.3g} tokens/s per stream"))
    for m in SPEED_LABEL_VALUE.finditer(text):
        if 0 < int(m["n"]) <= 1000:
            out.append(Found("min_tokens_per_s", float(m["n"]), m.start(), m.end(), f"{m['n']} tokens/s per stream"))
    if not SPEED_WORD.search(text) and not re.search(r"per[- ]stream", text, FLAGS):
        return out
    for m in [*ENOUGH_AFTER.finditer(text), *PER_STREAM_BARE.finditer(text)]:
        left, right = sentence(text, m.start(), m.end(), 160)
        named = SPEED_WORD.search(text, max(0, left - 120), right)
        if not (named or re.search(r"per[- ]stream|/stream", text[left:right], FLAGS)):
            continue
        n = float(m["n"])
        if 0 < n <= 1000 and not value_negated(text, m.start()):
            out.append(Found("min_tokens_per_s", n, m.start(), m.end(), f"{m['n']} tokens/s per stream is enough",
                             strength=2))
    return out


AS_MUCH = re.compile(r"\b(?P<w>twice|double|three times|four times|five times|"
                     r"(?P<n>[0-9]{1,2}(?:\.[0-9])?)\s{0,2}(?:x|×|times))"
                     r"\s{1,3}(?:as\s{1,3}(?:much|many|high)|the)\s{1,3}(?:\w+\s{1,3}){0,2}?(?:at|during|in)\s{1,3}(?:the\s{1,3})?"
                     r"(?:peak|rush|busiest \w+|peak hours?)\b", FLAGS)
IO_X = re.compile(r"\b(?P<a>inputs?|prompts?|context|outputs?|completions?)(?:\s{1,3}tokens?)?\s{0,2}(?:≈|~|=|is|are|"
                  r":)?\s{0,2}(?:about\s{1,3}|"
                  r"roughly\s{1,3}|around\s{1,3})?(?P<n>[0-9]{1,3}(?:\.[0-9])?)\s{0,2}(?:x|×|times)\s{0,2}(?:the\s{1,3})?"
                  r"(?P<b>inputs?|prompts?|context|outputs?|completions?)\b", FLAGS)
_IO_SIDE = (r"inputs?|prompts?|context|questions?|requests?|outputs?|completions?|answers?|responses?|replies|"
            r"reply|generations?")
IO_TIMES = re.compile(rf"\b(?:the\s{{1,3}})?(?P<a>{_IO_SIDE})\s{{1,3}}(?:are|is|run|tend to be)\s{{1,3}}"
                      rf"(?:about\s{{1,3}}|roughly\s{{1,3}}|around\s{{1,3}}|maybe\s{{1,3}}|usually\s{{1,3}})?"
                      rf"(?:(?P<n>[0-9]{{1,3}}(?:\.[0-9])?)\s{{0,2}}(?:x|×|times)|(?P<w>twice|three times|four times|"
                      rf"five times|ten times|half|a third|a quarter))\s{{1,3}}(?:bigger|larger|longer|the size of|"
                      rf"as (?:big|long|large) as|more than)\s{{1,3}}"
                      rf"(?:than\s{{1,3}})?(?:the\s{{1,3}})?(?P<b>{_IO_SIDE})\b", FLAGS)
_TIMES_WORD = {"twice": 2.0, "three times": 3.0, "four times": 4.0, "five times": 5.0, "ten times": 10.0, "half": 0.5,
               "a third": 1 / 3, "a quarter": 0.25}
WORD_RATIO = re.compile(r"(?:peak(?:s|ing)?|spikes?|bursts?)\s{1,4}(?:\w+\s{1,4}){0,4}?(?:roughly\s{1,3}|about\s{1,3})?"
                        r"(?P<w>double|twice|triple|three times|quadruple)\b", FLAGS)
FLAT = re.compile(r"\bno (?:real |big |major )?(?:peaks|spikes)\b|\b(?:pretty |fairly |very )?flat "
                  r"(?:around the clock|all day|load|traffic)|\bsteady (?:load|traffic) (?:all day|around the clock)",
                  FLAGS)


# "traffic triples at month end", "load roughly doubles on Mondays", "usage goes up 4x during exams"
GROWS = re.compile(r"\b(?:traffic|load|volume|usage|requests|demand|it|things)\s{1,3}(?:\w+\s{1,3}){0,2}?"
                   r"(?P<w>doubles|triples|quadruples|(?:goes|shoots|jumps|spikes) up(?: by)?\s{0,2}"
                   r"(?P<n>[0-9]{1,2}(?:\.[0-9])?)"
                   r"\s{0,2}(?:x|×|times|fold)|(?:grows|jumps|spikes|surges|increases)\s{1,3}(?:by\s{1,3})?(?P<n2>[0-9]{1,2}"
                   r"(?:\.[0-9])?)\s{0,2}(?:x|×|times|fold))(?![\w])", FLAGS)
GROWS_WHEN = re.compile(r"\b(?:at|during|on|in|around|when|whenever|every|each|before|after|near|towards?|peak|"
                        r"busy|rush|month[- ]end|launch|black friday|holidays?|mornings?|evenings?|lunch|weekdays?)\b",
                        FLAGS)


# A peak word, a few words, then a multiplier in the same clause: 'peak days 2x', 'Peak season is 3x', 'black
# friday we go 10x', 'month-end runs at about 4x'.
PEAK_THEN_X = re.compile(r"\b(?:peak|busiest|rush|black friday|cyber monday|month[- ]end|launch day|exam)\w*"
                         r"(?:[ \t]{1,3}(?!(?:than|more|less|fewer|bigger|larger)\b)[a-z'’]{1,12}){0,3}?"
                         r"[ \t]{0,3}[:=~]?[ \t]{0,3}(?:about[ \t]|around[ \t]|roughly[ \t]|~)?[ \t]{0,2}"
                         r"(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)[ \t]{0,2}"
                         r"(?:x|×|times)(?![\w])(?![ \t]{0,3}(?:more|bigger|larger|the (?:gpus?|cost|price)))", FLAGS)
# '400 rps at peak and roughly a quarter of that on average', 'Average is about a third of that': the average as
# a part of the peak said before it
_PART = r"(?P<f>half|a third|one third|a quarter|one quarter|a fourth|a fifth|one fifth|a tenth|one tenth)"
AVG_PART = re.compile(rf"\b(?:(?:average|avg|mean|typical|normal)\w*\s{{1,3}}(?:load\s{{1,3}}|traffic\s{{1,3}})?"
                      rf"(?:is|was|runs|sits|of)?\s{{0,3}}(?:about\s|around\s|roughly\s|maybe\s|~)?\s{{0,2}}{_PART}\s{{1,3}}"
                      rf"of\s{{1,3}}(?:that|this|it|the peak|peak)|{_PART.replace('P<f>', 'P<f2>')}\s{{1,3}}of\s{{1,3}}"
                      rf"(?:that|this|it|the peak)\s{{1,3}}(?:on average|in average|on a normal day|typically|normally|"
                      rf"the rest of the time|otherwise))\b", FLAGS)
PARTS = {"half": 2.0, "third": 3.0, "quarter": 4.0, "fourth": 4.0, "fifth": 5.0, "tenth": 10.0}
# '1,200 players at peak, ~150 on average', '500 concurrent calls at peak, ~120 on an average afternoon': any count
# at peak and on average
COUNT_PEAK_AVG = re.compile(
    r"(?<![\w.,])(?P<a>[0-9][0-9,]{0,8}(?:\.[0-9]+)?)\s{1,3}(?:[a-z-]{2,20}\s{1,3}){1,3}?(?:at|during|in)\s{1,3}"
    r"(?:the\s{1,3})?(?:peak|busiest \w+|rush(?: hour)?|the top)\b[,;]?\s{0,3}"
    r"(?:and\s{1,3}|but\s{1,3}|with\s{1,3}|vs\.?\s{1,3})?"
    r"(?:~|about\s|around\s|roughly\s|maybe\s)?\s{0,2}(?P<b>[0-9][0-9,]{0,8}(?:\.[0-9]+)?)\s{1,3}"
    r"(?:[a-z-]{2,20}\s{1,3}){0,2}?(?:on\s{1,3}(?:an?\s{1,3})?average|average|typical(?:ly)?|normally|"
    r"on\s{1,3}(?:a|an)\s{1,3}(?:normal|typical|average|regular)\b)", FLAGS)


def avg_part(text: str, start: int) -> tuple[float, re.Match[str]] | None:
    """The average as a part of the peak before it ('a quarter of that on average'): (peak ÷ average, match)."""
    m = AVG_PART.search(text, start)
    if not m:
        return None
    return PARTS[(m["f"] or m["f2"]).lower().split()[-1]], m


# A figure labelled as the peak and one labelled as the average, of the same thing, in one sentence, in any order
# and with any scale: '~12k players online at peak, avg more like 3k', 'avg 41.2k, max 187k', 'mean 2k sessions, max
# 9k', 'normal load ~50 QPS; peaks around 150'. The label is the one nearest the figure in its clause.
PEAK_LABEL = re.compile(r"\b(?:peaks?|peaking|max(?:imum)?|busiest|highest|top|spikes?|spiking|bursts?|rush)\b", FLAGS)
AVG_LABEL = re.compile(r"\b(?:avg|average|averages|averaging|mean|typical(?:ly)?|normal(?:ly)?|usual(?:ly)?|baseline|"
                       r"median|ordinary|regular|otherwise)\b", FLAGS)
PAIR_CLAUSE = re.compile(r"[,;:()—–]|\band\b|\bbut\b|\bwhile\b|\bvs\.?|\bversus\b|(?<![0-9])\.(?![0-9])|\n", FLAGS)
# "Peak vs average is roughly 3:1", "peak:avg = 4:1"
PEAK_AVG_RATIO = re.compile(r"\bpeak\s{0,3}(?:vs\.?|versus|to|/|:)\s{0,3}(?:avg|average|mean|normal)\b[^.;\n0-9]{0,40}?"
                            r"(?P<a>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,2}(?::|to)\s{0,2}(?P<b>[0-9]{1,3}(?:\.[0-9]{1,2})?)"
                            r"(?![0-9])", FLAGS)
# "25 requests per second on average, 4x that at market open", "20M on a normal day, roughly 5x that at quarter-end"
_WHEN_BUSY = (r"(?:peaks?|open|close|end|rush|launch\w*|busiest|days?|hours?|weeks?|season|spikes?|holidays?|"
              r"weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|mornings?|evenings?|lunch\w*|nights?|"
              r"sales?|campaigns?|exams?|deadlines?|reporting)")
X_THAT_WHEN = re.compile(rf"(?<![\w.])(?P<n>[0-9]{{1,3}}(?:\.[0-9]{{1,2}})?)\s{{0,2}}(?:x|×|times)\s{{1,3}}"
                         rf"(?:that|this|it)"
                         rf"\s{{1,3}}(?:[a-z-]{{2,12}}\s{{1,3}}){{0,1}}?(?:at|during|on|in|around|for|over|when)\s{{1,3}}"
                         rf"(?:the\s{{1,3}}|a\s{{1,3}}|an\s{{1,3}})?(?:[a-z-]{{2,15}}[\s-]{{1,3}}){{0,2}}?{_WHEN_BUSY}\b",
                         FLAGS)


def _label(text: str, q: Qty, lo: int, hi: int) -> str:
    """'peak' or 'avg' when a label sits in the figure's clause (nearest first), else ''."""
    left = max((m.end() for m in PAIR_CLAUSE.finditer(text, max(lo, q.start - 40), q.start)), default=max(lo,
                                                                                                     q.start - 40))
    right = PAIR_CLAUSE.search(text, q.end, min(hi, q.end + 40))
    stop = right.start() if right else min(hi, q.end + 40)
    near: list[tuple[int, str]] = []
    for rx, name in ((PEAK_LABEL, "peak"), (AVG_LABEL, "avg")):
        near += [(q.start - m.end(), name) for m in rx.finditer(text, left, q.start)]
        near += [(m.start() - q.end, name) for m in rx.finditer(text, q.end, stop)]
    return min(near)[1] if near else ""


def _unit_after(text: str, q: Qty) -> str:
    m = re.match(r"\s{0,2}(?:/\s{0,2})?([a-z]{2,15})", text[q.end:q.end + 18], FLAGS)
    word = m[1].lower() if m else ""
    if PEAK_LABEL.fullmatch(word) or AVG_LABEL.fullmatch(word):
        return ""
    return "" if word in ("at", "on", "in", "of", "on", "more", "like", "and", "but", "with", "over", "avg", "max",
                          "average", "peak", "the", "during", "or") else word.rstrip("s")


NOT_LOAD_UNIT = re.compile(r"(?:gb|mb|tb|kb|ms|s|sec|second|minute|min|hour|word|page|char|line|character|byte|"
                           r"dollar|usd|eur|percent|x|time|gpu|card|node|server)$", FLAGS)
LOAD_WORDS = re.compile(r"\b(?:traffic|load|qps|rps|rpm|tpm|concurrent\w*|online|throughput|per (?:second|minute|hour)|"
                        r"/\s?(?:s|sec|min|minute|h|hr|hour)\b|a (?:second|minute)|an hour|tokens per minute)", FLAGS)
SIZE_WORDS = re.compile(r"\b(?:per (?:request|call|message|query|prompt|answer|reply|response|turn|chat|doc\w*|page)|"
                        r"context|prompt|length|long|latency|ttft|ms|seconds?|words?|pages?|size)\b", FLAGS)


def _is_load(text: str, a: Qty, b: Qty, lo: int, hi: int, unit: str) -> bool:
    """Both figures measure traffic (a rate, people or requests at once), not the size of one item or a latency."""
    if SIZE_WORDS.search(text, max(lo, min(a.start, b.start) - 30), min(hi, max(a.end, b.end) + 30)):
        return False
    if unit and not unit.startswith("tok") and not NOT_LOAD_UNIT.match(unit):
        return True  # people, requests, sessions, anything counted at once
    return bool(LOAD_WORDS.search(text, lo, hi)) or bool(re.match(r"\s{0,2}(?:/|per\s)", text[a.end:a.end + 5]))


def labelled_pairs(text: str) -> list[Found]:
    """peak_to_average from a figure labelled peak and one labelled average, of the same unit, in one sentence."""
    out: list[Found] = []
    qs = [q for q in quantities(text, [], masks(text)) if q.value > 0 and not q.currency]
    labelled = []
    for q in qs[:400]:
        lo, hi = sentence(text, q.start, q.end, 200)
        if name := _label(text, q, lo, hi):
            labelled.append((q, name, lo, hi))
    for (a, la, lo, hi), (b, lb, _, _) in pairwise(labelled):  # neighbours only: linear in the figures
        if {la, lb} != {"peak", "avg"} or b.start >= hi:
            continue
        ua, ub = _unit_after(text, a), _unit_after(text, b)
        if (ua and ub and ua != ub) or not _is_load(text, a, b, lo, hi, ua or ub):
            continue  # "avg 400 tokens per answer, max 2,000": a size, not a load
        p, v = (a, b) if la == "peak" else (b, a)
        ratio = p.value / v.value
        if 1 < ratio <= 100 and not value_negated(text, a.start) and not value_negated(text, b.start):
            out.append(Found("peak_to_average", round(ratio, 4), min(a.start, b.start), max(a.end, b.end),
                             f"{p.text.strip()} at peak ÷ {v.text.strip()} on average = {ratio:.3g}×"))
    for m in PEAK_AVG_RATIO.finditer(text):
        top, base = float(m["a"]), float(m["b"])
        if base > 0 and 1 <= top / base <= 100:
            out.append(Found("peak_to_average", top / base, m.start(), m.end(),
                             f"'{m.group()}' → peak {top / base:g}×"))
    for m in X_THAT_WHEN.finditer(text):
        value = float(m["n"])
        if 1 < value <= 100 and not value_negated(text, m.start()):
            out.append(Found("peak_to_average", value, m.start(), m.end(), f"'{m.group()}' → peak {value:g}×"))
    return out


def peak(text: str) -> list[Found]:
    out: list[Found] = labelled_pairs(text)
    for m in PEAK_THEN_X.finditer(text):
        value = float(m["n"])
        if 1 <= value <= 100 and not value_negated(text, m.start("n")):
            out.append(Found("peak_to_average", value, m.start(), m.end(), f"'{m.group()}' → peak {value:g}×"))
    got = avg_part(text, 0)
    if got and re.search(r"\b(?:peak|max|busiest|spikes?|the number i gave)", text[:got[1].start()], FLAGS):
        out.append(Found("peak_to_average", got[0], got[1].start(), got[1].end(),
                         f"'{got[1].group()}' → peak {got[0]:g}× the average"))
    for m in COUNT_PEAK_AVG.finditer(text):
        try:
            a, b = float(m["a"].replace(",", "")), float(m["b"].replace(",", ""))
        except ValueError:
            continue
        if b > 0 and 1 <= a / b <= 100:
            out.append(Found("peak_to_average", a / b, m.start(), m.end(), f"{m['a']} at peak ÷ {m['b']} on average"))
    for m in AS_MUCH.finditer(text):
        w = m["w"].lower()
        value = float(m["n"]) if m["n"] else {"twice": 2.0, "double": 2.0, "three times": 3.0, "four times": 4.0,
                                               "five times": 5.0}[w]
        out.append(Found("peak_to_average", value, m.start(), m.end(), f"'{m.group()}' → peak {value:g}× the average"))
    for m in GROWS.finditer(text):
        value = {"doubles": 2.0, "triples": 3.0, "quadruples": 4.0}.get(m["w"].lower()) or float(m["n"] or m["n2"])
        if 1 <= value <= 100 and GROWS_WHEN.search(text, m.end(), min(len(text), m.end() + 40)):
            out.append(Found("peak_to_average", value, m.start(), m.end(), f"'{m.group()}' at peak → {value:g}×"))
    for m in WORD_RATIO.finditer(text):
        value = {"double": 2.0, "twice": 2.0, "triple": 3.0, "three times": 3.0, "quadruple": 4.0}[m["w"].lower()]
        out.append(Found("peak_to_average", value, m.start(), m.end(), f"'{m.group()}' → peak {value:g}× the average"))
    for m in FLAT.finditer(text):
        out.append(Found("peak_to_average", 1.0, m.start(), m.end(), f"'{m.group()}' → no peaks (1×)"))
    for rx in PEAK:
        for m in rx.finditer(text):
            value = float(m["n"])
            if 1 <= value <= 100:
                out.append(Found("peak_to_average", value, m.start(), m.end(), f"peak {value:g}× the average"))
    return out


WORDS_PER_S = re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3}(?:\.[0-9])?)\s{0,2}\+?\s{0,2}words?\s{0,2}(?:/\s{0,2}s(?:ec)?\b|"
                         r"(?:per|a)\s{1,3}sec(?:ond)?\b)", FLAGS)
READING_SPEED = re.compile(r"\b(?:at|faster than|as fast as|keep up with|match)\s{1,3}(?:human\s{1,3}|normal\s{1,3})?"
                           r"reading speed\b", FLAGS)
TOKENS_PER_WORD = 4 / 3  # English text: about 0.75 words per token


def stream_speed_words(text: str) -> list[Found]:
    """A per-stream speed floor in words: '15 words per second' (× 4/3 tokens a word), 'at reading speed' (10)."""
    out = []
    for m in WORDS_PER_S.finditer(text):
        value = round(float(m["n"]) * TOKENS_PER_WORD, 1)
        if 0 < value <= 1000:
            out.append(Found("min_tokens_per_s", value, m.start(), m.end(),
                             f"{m['n']} words/s ≈ {value:g} tokens/s (4/3 tokens a word)"))
    for m in READING_SPEED.finditer(text):
        out.append(Found("min_tokens_per_s", 10.0, m.start(), m.end(), "reading speed ≈ 10 tokens/s", strength=0))
    return out

