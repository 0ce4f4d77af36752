"""Free text → facts for a WorkloadProfile, each with the span of the message it came from.

``extract(text, k)`` is pure and total: it never raises, bounds its work (input past 4,000 characters is
cut; every regex is linear) and only emits finite numbers within the profile's bounds. Numbers it cannot
read safely (non-ASCII digits, NaN, infinities, 1e400, 5,000-digit strings) become warnings, never facts.

Decisions (see also bot/core/parse_lexicon.py):
- "40 requests/s" without tokens per request gives no ``tokens_per_day`` (no invented default): a warning
  asks for tokens per request and ``requests_per_day`` carries the rate for the dialogue to use.
- A bare volume with a period but no unit ("about 5M/day", "1.5B a month") is read as tokens; a bare
  "500M" with nothing after it (typical of corrections) is read as tokens per day, and the note says so.
- When a field is stated twice, a correction ("actually", "sorry, I meant") wins, then the stronger
  statement (an explicit figure over a keyword; "we need GPT-4-class" over naming a model), then the later.
  Data sensitivity takes the strictest non-negated level; latency the tightest explicit figure.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from . import parse_measures as measures
from . import parse_names as names
from .knowledge import Knowledge
from .parse_lexicon import (
    CONCEPT_START,
    CORRECTION,
    NEG_AFTER_REQUIRES,
    NEGATION,
    NEGATION_AFTER,
    RECOMMEND_STRONG,
    RECOMMEND_WEAK,
    RULES,
    SMALLTALK,
)
from .parse_numbers import FLAGS, SENTENCE_END, Found, period_fix, scan

MAX_CHARS = 4_000
Intent = Literal["recommend", "concept", "smalltalk", "unknown"]
LEVELS = ("public", "internal", "confidential", "restricted")
# Facts that describe a workload (a concept question may name a model or a quant, not these).
WORKLOAD = {"tokens_per_day", "monthly_api_spend_usd", "data_sensitivity", "connectivity", "infra_skills",
            "fine_tuned", "rapid_iteration", "simple_share", "peak_to_average", "output_share", "latency_ms"}
MENTION = re.compile(r"<[@#!][^>\s]{0,80}>")
BAD_NUMBER = re.compile(r"(?<![\w])(?:nan|inf(?:inity)?)(?![\w])", FLAGS)
OWNED = re.compile(r"\b(?:have|own|got|bought|already|our|sitting|run on|running on)\b", FLAGS)
CLAUSE_BREAK = re.compile(r"[.;:!?\n,]|\bbut\b|\bhowever\b", FLAGS)


class Fact(BaseModel):
    value: bool | int | float | str
    span: str
    note: str = ""
    correction: bool = False


class Extraction(BaseModel):
    facts: dict[str, Fact] = Field(default_factory=dict)
    intent: Intent = "unknown"
    question: str | None = None
    quant: str | None = None
    warnings: list[str] = Field(default_factory=list)
    requests_per_day: float | None = None  # a request rate given without tokens per request

    def profile_facts(self) -> dict[str, Any]:
        """The facts as keyword arguments for ``WorkloadProfile.merged(**...)``."""
        return {name: fact.value for name, fact in self.facts.items()}

    def corrections(self) -> dict[str, Fact]:
        return {name: fact for name, fact in self.facts.items() if fact.correction}


def extract(text: str, k: Knowledge | None = None) -> Extraction:
    """Read the facts in one message. Never raises; a failure inside a step becomes a warning."""
    if not isinstance(text, str):
        return Extraction(warnings=["Expected text; got nothing readable."])
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        warnings.append(f"Read only the first {MAX_CHARS:,} characters of a {len(text):,}-character message.")
        text = text[:MAX_CHARS]
    try:
        return _extract(text, k, warnings)
    except Exception as e:  # last line of defence: the parser must never take the bot down
        return Extraction(warnings=[*warnings, f"Could not read this message ({type(e).__name__})."])


def _extract(text: str, k: Knowledge | None, warnings: list[str]) -> Extraction:
    _refusals(text, warnings)
    numbers = scan(text)
    warnings.extend(numbers.warnings)
    fixed = period_fix(text, numbers.found)
    if fixed:
        numbers.found.append(fixed)
    found = numbers.found + measures.shares(text) + measures.latency(text) + measures.peak(text)
    toks = names.tokens(text)
    found += names.api_models(text, toks, k)
    models = names.open_models(text, toks, k)
    taken = numbers.consumed + [(f.start, f.end) for f in models if f.field == "open_model"]
    sizes = names.model_sizes(text, numbers.consumed)
    names.moe_to_catalog(sizes, k)
    found += models + [f for f in sizes if f.field == "capability" or not _overlaps(taken, f.start, f.end)]
    found += names.hardware(text, toks, k)
    found += keyword_facts(text)
    facts = choose(text, found)
    q = names.quant(text, k)
    intent, question = classify(text, facts)
    return Extraction(facts=facts, intent=intent, question=question, quant=q.value if q else None,
                      warnings=warnings, requests_per_day=numbers.requests_per_day)


def _refusals(text: str, warnings: list[str]) -> None:
    odd = [ch for ch in text if ch.isdigit() and not ch.isascii()]
    if odd:
        warnings.append(f"Ignored digits written as {''.join(odd[:6])!r}: write numbers with the digits 0-9.")
    for m in BAD_NUMBER.finditer(text):
        warnings.append(f"Ignored {m.group()!r}: a quantity must be a finite number.")
        break


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


# --- keywords and negation ----------------------------------------------------------------------


def keyword_facts(text: str) -> list[Found]:
    out: list[Found] = []
    for rules in RULES.values():
        accepted: list[tuple[int, int]] = []
        for field, value, pattern, negated_value in rules:
            for m in re.finditer(pattern, text, FLAGS):
                if _overlaps(accepted, m.start(), m.end()):
                    continue
                accepted.append((m.start(), m.end()))
                negated = is_negated(text, m.start(), m.end())
                final = negated_value if negated else value
                if final is None:
                    continue
                note = f"'{m.group()}'" + (" (negated)" if negated else "") + f" → {final}"
                out.append(Found(field, final, m.start(), m.end(), note))
    return out


def is_negated(text: str, start: int, end: int) -> bool:
    """A negation word in the same clause within the five words before, or 'X is not a concern' after."""
    before = text[max(0, start - 60):start]
    breaks = list(CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    words = " ".join(before.split()[-5:])
    if re.search(NEGATION, words, FLAGS):
        return True
    after = re.match(NEGATION_AFTER, text[end:end + 40], FLAGS)
    return bool(after and re.search(NEG_AFTER_REQUIRES, after.group(), FLAGS))


# --- choosing one fact per field ----------------------------------------------------------------


def choose(text: str, found: list[Found]) -> dict[str, Fact]:
    marks = [m.end() for m in re.finditer(CORRECTION, text, FLAGS)]
    by_field: dict[str, list[tuple[Found, bool]]] = {}
    for f in found:
        by_field.setdefault(f.field, []).append((f, f.correction or _is_correction(text, marks, f.start)))
    facts: dict[str, Fact] = {}
    for field, items in by_field.items():
        if field == "hardware_count":
            continue
        f, corr = _pick(field, items, text)
        facts[field] = Fact(value=f.value, span=text[f.start:f.end], note=f.note, correction=corr)
        if field == "hardware":
            counts = [c for c, _ in by_field.get("hardware_count", []) if c.start <= f.start and f.end <= c.end]
            if counts:
                c = counts[0]
                facts["hardware_count"] = Fact(value=int(c.value), span=text[c.start:c.end], note=c.note,
                                               correction=corr)
    return facts


def _is_correction(text: str, marks: list[int], start: int) -> bool:
    return any(mark <= start and not SENTENCE_END.search(text, mark, start) for mark in marks)


def _pick(field: str, items: list[tuple[Found, bool]], text: str) -> tuple[Found, bool]:
    corrections = [x for x in items if x[1]]
    if corrections:
        return corrections[-1]
    if field == "data_sensitivity":
        return max(items, key=lambda x: (LEVELS.index(x[0].value), x[0].start))
    if field == "latency_ms":
        stated = [x for x in items if "stated" in x[0].note] or items
        return min(stated, key=lambda x: (x[0].value, -x[0].start))
    return max(items, key=lambda x: (_strength(field, x[0], text), x[0].start))


def _strength(field: str, f: Found, text: str) -> int:
    if field == "capability":
        return 0 if " is a " in f.note else 1  # naming a model is weaker than stating the class needed
    if field == "hardware":
        return 1 if OWNED.search(text, max(0, f.start - 30), f.start) else 0
    if field == "tokens_per_day":
        return 0 if "read as" in f.note else 1  # a stated unit beats a guessed one
    return 0


# --- intent -------------------------------------------------------------------------------------


def strip_mentions(text: str) -> str:
    """The text without Slack's <@U…>, <#C…> and <!here> tokens, whitespace collapsed."""
    return " ".join(MENTION.sub(" ", text).split())


def classify(text: str, facts: dict[str, Fact]) -> tuple[Intent, str | None]:
    clean = strip_mentions(text)
    workload = WORKLOAD & set(facts)
    if not clean:
        return "unknown", None
    if not facts and re.match(SMALLTALK, clean, FLAGS):
        return "smalltalk", None
    strong = re.search(RECOMMEND_STRONG, clean, FLAGS)
    if re.match(CONCEPT_START, clean, FLAGS) and not workload and not strong:
        return "concept", clean
    if workload or strong or re.search(RECOMMEND_WEAK, clean, FLAGS) or facts:
        return "recommend", None
    if clean.endswith("?"):
        return "concept", clean
    return "unknown", None
