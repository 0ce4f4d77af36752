"""Shares, latency figures and peak ratios in free text ("75% of tokens are output", "TTFT under 200 ms",
"peaks at 3x average"). Pure; linear regexes; every value bounded before it becomes a fact."""

from __future__ import annotations

import math
import re

from .parse_lexicon import INPUT_WORDS, OUTPUT_SHARE_WORDS, OUTPUT_WORDS, SIMPLE_WORDS
from .parse_numbers import FLAGS, Found

PERCENT = re.compile(
    r"(?<![\w.])(?P<a>[0-9]{1,3}(?:\.[0-9]{1,3})?)(?:\s{0,4}%?\s{0,4}(?:-|–|to)\s{0,4}(?P<b>[0-9]{1,3}(?:\.[0-9]{1,3})?))?"
    r"\s{0,4}(?:%|percent\b|per\s?cent\b)",
    FLAGS,
)
RATIO = re.compile(
    r"(?<![\w.])(?P<a>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s{0,4}:\s{0,4}(?P<b>[0-9]{1,4}(?:\.[0-9]{1,2})?)\s{0,4}"
    r"(?P<first>input|in|prompt|output|out)\s{0,4}(?:to|:|/|-)\s{0,4}(?:output|out|input|in|completion)\b",
    FLAGS,
)
CLAUSE = re.compile(r"[.;!?\n]|,\s{0,4}(?:but|and|while|whereas)\b", FLAGS)
LATENCY = re.compile(
    r"(?P<cmp>sub-?|under|below|less than|<=?|within|at most|max(?:imum)?|in|of|about|~|p50|p9[059])?\s{0,4}"
    r"(?<![\w./])(?P<n>[0-9]{1,6}(?:\.[0-9]{1,3})?)\s{0,4}(?P<u>ms|msec|milliseconds?|s|secs?|seconds?)\b(?!\s{0,4}/)",
    FLAGS,
)
LATENCY_CONTEXT = re.compile(
    r"latency|ttft|first[- ]token|time to first|response time|respond|responses?|reply|replies|round[- ]trip|answers?|"
    r"real[- ]?time|turnaround|snappy|fast|p50|p9[059]",
    FLAGS,
)
PEAK = [
    re.compile(r"peak(?:s|ing)?(?:\s{1,4}(?:load|traffic|usage))?\s{1,4}(?:at|of|around|reach(?:es)?|hits?|is|are|"
               r"go(?:es)? to|up to)?\s{0,4}(?:about|~|roughly|around)?\s{0,4}(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}"
               r"(?:x|×|times)(?![\w])", FLAGS),
    re.compile(r"peak[- ]to[- ]average(?:\s{1,4}ratio)?\s{0,4}(?:of|is|=|:|around|about|~)?\s{0,4}(?:about|~)?\s{0,4}"
               r"(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×)?", FLAGS),
    re.compile(r"(?<![\w.])(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)\s{0,4}(?:the\s{1,4})?(?:average|avg|mean|"
               r"normal|baseline)?\s{0,4}(?:at|during|in)?\s{0,4}(?:peak|spikes?|bursts?)", FLAGS),
    re.compile(r"(?:spikes?|bursts?)\s{1,4}(?:of|to|up to|at)?\s{0,4}"
               r"(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?)\s{0,4}(?:x|×|times)", FLAGS),
]


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in CLAUSE.finditer(text, max(0, start - 80), start)), default=max(0, start - 80))
    m = CLAUSE.search(text, end, min(len(text), end + 80))
    return left, m.start() if m else min(len(text), end + 80)


def _nearest(text: str, s: int, e: int, start: int, end: int, words: str) -> int | None:
    dists = [min(abs(start + m.start() - e), abs(s - start - m.end())) for m in
             re.finditer(words, text[start:end], FLAGS)]
    return min(dists) if dists else None


def shares(text: str) -> list[Found]:
    """output_share and simple_share from percentages, input:output ratios and keywords."""
    out: list[Found] = []
    for m in PERCENT.finditer(text):
        a = float(m["a"])
        b = float(m["b"]) if m["b"] else a
        if not (0 <= a <= 100 and 0 <= b <= 100):
            continue
        p = (a + b) / 200
        start, end = _clause(text, m.start(), m.end())
        distance = {
            "simple": _nearest(text, m.start(), m.end(), start, end, SIMPLE_WORDS),
            "output": _nearest(text, m.start(), m.end(), start, end, OUTPUT_WORDS),
            "input": _nearest(text, m.start(), m.end(), start, end, INPUT_WORDS),
        }
        near = {k: v for k, v in distance.items() if v is not None}
        if not near:
            continue
        kind = min(near, key=lambda k: near[k])
        if kind == "simple":
            out.append(Found("simple_share", p, m.start(), m.end(), f"{p:.0%} of requests are simple"))
        elif kind == "output":
            out.append(Found("output_share", p, m.start(), m.end(), f"{p:.0%} of tokens are output"))
        else:
            out.append(Found("output_share", 1 - p, m.start(), m.end(), f"{p:.0%} input → {1 - p:.0%} output"))
    for m in RATIO.finditer(text):
        a, b = float(m["a"]), float(m["b"])
        if a + b <= 0:
            continue
        first_is_input = m["first"].lower() in ("input", "in", "prompt")
        share = b / (a + b) if first_is_input else a / (a + b)
        out.append(Found("output_share", share, m.start(), m.end(), f"input:output ratio → {share:.0%} output"))
    for value, words in OUTPUT_SHARE_WORDS:
        for m in re.finditer(words, text, FLAGS):
            out.append(Found("output_share", value, m.start(), m.end(), f"'{m.group()}' → assumed {value:.0%} output"))
    return out


def latency(text: str) -> list[Found]:
    """latency_ms from explicit figures that sit next to a latency word (or are written 'sub-N ms')."""
    out: list[Found] = []
    for m in LATENCY.finditer(text):
        unit = m["u"].lower()
        cmp_ = (m["cmp"] or "").lower()
        start, end = _clause(text, m.start(), m.end())
        if not cmp_.startswith("sub") and not LATENCY_CONTEXT.search(text, start, end):
            continue
        if unit == "s" and not LATENCY_CONTEXT.search(text, start, end):
            continue
        ms = float(m["n"]) * (1.0 if unit.startswith("m") else 1000.0)
        if not (0 < ms <= 600_000) or not math.isfinite(ms):
            continue
        s = m.start("cmp") if m["cmp"] else m.start("n")
        out.append(Found("latency_ms", ms, s, m.end(), f"{ms:g} ms to first token (stated)"))
    return out


def peak(text: str) -> list[Found]:
    out: list[Found] = []
    for rx in PEAK:
        for m in rx.finditer(text):
            value = float(m["n"])
            if 1 <= value <= 100:
                out.append(Found("peak_to_average", value, m.start(), m.end(), f"peak {value:g}× the average"))
    return out
