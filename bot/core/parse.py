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

from . import parse_compare as compare
from . import parse_counts as counts
from . import parse_fields as fields
from . import parse_language as language
from . import parse_levels as levels_of
from . import parse_measures as measures
from . import parse_money as spend
from . import parse_names as names
from . import parse_owned as owned
from . import parse_places as places
from . import parse_tables as tables
from . import parse_team as team
from . import parse_volume as volume
from . import parse_whose as whose
from .knowledge import Knowledge
from .parse_lexicon import CONCEPT_START, RECOMMEND_STRONG, RECOMMEND_WEAK, RULES, SMALLTALK, cue
from .parse_normalise import Norm, normalise
from .parse_numbers import FLAGS, Found, Scan, masks, overlaps, quantities
from .parse_scope import correction_marks, hypothetical, is_correction, negated, value_negated

MAX_CHARS = 4_000
Intent = Literal["recommend", "concept", "smalltalk", "unknown"]
LEVELS = ("public", "internal", "confidential", "restricted")
# Facts that describe a workload (a concept question may name a model or a quant, not these).
WORKLOAD = {"tokens_per_day", "monthly_api_spend_usd", "data_sensitivity", "connectivity", "infra_skills",
            "fine_tuned", "rapid_iteration", "simple_share", "peak_to_average", "output_share", "latency_ms",
            "hosting", "availability", "data_region", "compliance", "min_tokens_per_s"}
MENTION = re.compile(r"<[@#!][^>\s]{0,80}>")
BAD_NUMBER = re.compile(r"(?<![\w])(?:nan|inf(?:inity)?)(?![\w])", FLAGS)
OWNED = re.compile(r"\b(?:have|own|got|bought|already|our|sitting|run on|running on)\b", FLAGS)


class Fact(BaseModel):
    value: bool | int | float | str | list[str]
    span: str
    note: str = ""
    correction: bool = False
    by: Literal["rules", "model"] = "rules"  # "model": read by the optional model-assisted reader, unconfirmed


class Extraction(BaseModel):
    facts: dict[str, Fact] = Field(default_factory=dict)
    intent: Intent = "unknown"
    question: str | None = None
    quant: str | None = None
    warnings: list[str] = Field(default_factory=list)
    requests_per_day: float | None = None  # a request rate given without tokens per request
    language: str = "en"  # "de", "fr", "es", "it", "pt" when the message is not in English

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


def _extract(raw: str, k: Knowledge | None, warnings: list[str]) -> Extraction:
    _refusals(raw, warnings)
    lang = language.detect(raw)
    if lang != "en":
        warnings.append(language.warning(lang))
    norm = normalise(raw, foreign=lang != "en", lang=lang)
    text = norm.text
    toks = names.tokens(text)
    models = names.open_models(text, toks, k)
    devices = names.hardware(text, toks, k)
    found = names.open_weights_not_api(text, names.api_models(text, toks, k), models + devices, k)
    named = [(f.start, f.end) for f in [*found, *models, *devices]] + names.name_spans(text)
    numbers = Scan()
    qs = quantities(text, numbers.warnings, masks(text) + named, mil_is_thousand=lang in ("es", "pt"))
    fields.read(text, qs, numbers)
    spend.read(text, qs, numbers)
    tables.read(norm, [q for q in qs if not overlaps(numbers.consumed, q.start, q.end)], numbers)
    volume.read(text, [q for q in qs if not overlaps(numbers.consumed, q.start, q.end)], numbers)
    warnings.extend(numbers.warnings)
    found += numbers.found + measures.shares(text) + measures.latency(text) + measures.peak(text)
    found += measures.stream_speed_words(text) + measures.stream_floor(text)
    sizes = compare.stated_sizes(text, names.model_sizes(text, numbers.consumed))
    names.moe_to_catalog(sizes, k)
    taken = numbers.consumed + [(f.start, f.end) for f in models if f.field == "open_model"]
    found += models + [f for f in sizes if f.field == "capability" or not overlaps(taken, f.start, f.end)]
    found = owned.not_owned(text, counts.revise(text, found + devices))
    found += keyword_facts(text) + team.facts(text) + places.facts(text)
    found = places.settle(text, found)
    _family_to_full(text, found)
    yardstick_names = (names.catalog_hits(text, toks, k.prices) if k else []) + models
    levels, yardsticks = compare.comparisons(text, yardstick_names, k)
    found = [f for f in found if not (f.field in ("api_model", "open_model") and overlaps(yardsticks, f.start, f.end))]
    found += levels
    found = [f for f in found if not (f.field in HYPOTHETICAL_DROPS and f.value is not False
                                      and hypothetical(text, f.start)
                                      and not (f.field == "monthly_api_spend_usd" and spend.own_bill(text, f.start)))
             and not (f.field in NAMED and value_negated(text, f.start))
             and not (f.field == "api_model" and whose.not_the_teams(text, f))]
    found = levels_of.follow_regimes(text, found)
    facts = choose(norm, compare.whole_workload(text, found))
    q = names.quant(text, k)
    intent, question = classify(raw, facts)
    return Extraction(facts=facts, intent=intent, question=question, quant=q.value if q else None,
                      warnings=warnings, requests_per_day=numbers.requests_per_day, language=lang)


def _family_to_full(text: str, found: list[Found]) -> None:
    """'opus is what we pay for' after 'Claude Opus 4.5': a bare family name means the version named."""
    full = [f for f in found if f.field == "api_model" and re.search(r"[0-9]", text[f.start:f.end])]
    for f in found:
        word = text[f.start:f.end].lower()
        if f.field == "api_model" and not re.search(r"[0-9]", word):
            same = [g for g in full if word in text[g.start:g.end].lower()]
            if same:
                f.value = same[0].value


NAMED = {"api_model", "open_model", "hardware", "hardware_count"}
HYPOTHETICAL_DROPS = {"hardware", "hardware_count", "compliance", "hosting", "monthly_api_spend_usd",
                      "data_region", "availability", "data_sensitivity", "connectivity", "fine_tuned"}


def _refusals(text: str, warnings: list[str]) -> None:
    odd = [ch for ch in text if ch.isdigit() and not ch.isascii()]
    if odd:
        warnings.append(f"Ignored digits written as {''.join(odd[:6])!r}: write numbers with the digits 0-9.")
    for m in BAD_NUMBER.finditer(text):
        warnings.append(f"Ignored {m.group()!r}: a quantity must be a finite number.")
        break


# --- keywords and negation ----------------------------------------------------------------------


def keyword_facts(text: str) -> list[Found]:
    out: list[Found] = []
    for rules in RULES.values():
        accepted: list[tuple[int, int]] = []
        for rule in rules:
            field, value, pattern, negated_value = rule[:4]
            strength = rule[4] if len(rule) > 4 else 1
            for m in cue(pattern).finditer(text):
                if overlaps(accepted, m.start(), m.end()):
                    continue
                accepted.append((m.start(), m.end()))
                no = negated(text, m.start(), m.end())
                final = negated_value if no else value
                if final is None:
                    continue
                note = f"'{m.group()}'" + (" (negated)" if no else "") + f" → {final}"
                out.append(Found(field, final, m.start(), m.end(), note, strength=0 if no else int(strength)))
    return out


# --- choosing one fact per field ----------------------------------------------------------------


def choose(norm: Norm, found: list[Found]) -> dict[str, Fact]:
    text = norm.text
    marks = correction_marks(text)
    by_field: dict[str, list[tuple[Found, bool]]] = {}
    cloud_ok = [f for f in found if f.field == team.CLOUD_OK]
    found = [f for f in found if f.field != team.CLOUD_OK]
    for f in found:
        corrected = f.correction or is_correction(text, marks, f.start) or bool(CORRECTED_AFTER.match(text, f.end))
        by_field.setdefault(f.field, []).append((f, corrected))
    facts: dict[str, Fact] = {}
    for field, items in by_field.items():
        if field == "hardware_count":
            if "hardware" not in by_field:  # "we own 8 GPUs": a count with no device named
                f, corr = _pick(field, items, text)
                facts[field] = _fact(norm, f, corr, int(f.value))
            continue
        if field == "compliance":
            facts[field] = _regimes(norm, items)
            continue
        f, corr = _pick(field, items, text, by_field.get("hardware_count", []))
        if field == "data_sensitivity" and f.value == "restricted" and f.strength < 3 and cloud_ok:
            c = cloud_ok[0]
            f = Found(field, "confidential", f.start, f.end, f"{f.note}, but {c.note} → confidential")
        facts[field] = _fact(norm, f, corr)
        if field == "hardware":
            same = [h for h, _ in items if h.value == f.value]
            counts = [c for c, _ in by_field.get("hardware_count", [])
                      if any(c.start <= h.start and h.end <= c.end for h in same)]
            if counts:
                c = counts[-1] if corr else counts[0]
                facts["hardware_count"] = _fact(norm, c, corr, int(c.value))
    return facts


def _fact(norm: Norm, f: Found, corr: bool, value: object = None) -> Fact:
    s, e = norm.span(f.start, f.end)
    notes = [n for n in norm.notes_in(f.start, f.end) if n not in f.note]
    note = "; ".join([f.note, *notes]) if notes else f.note
    return Fact(value=f.value if value is None else value, span=norm.source[s:e], note=note,  # type: ignore[arg-type]
                correction=corr)


def _regimes(norm: Norm, items: list[tuple[Found, bool]]) -> Fact:
    """Compliance is a list: every regime named and not denied, in the order they were named."""
    named = sorted(items, key=lambda x: x[0].start)
    values = list(dict.fromkeys(str(f.value) for f, _ in named))
    first, last = named[0][0], named[-1][0]
    span = Found("compliance", values, first.start, last.end, ", ".join(f.note for f, _ in named))
    return _fact(norm, span, any(c for _, c in named), values)


def _pick(field: str, items: list[tuple[Found, bool]], text: str,
          counts: list[tuple[Found, bool]] | None = None) -> tuple[Found, bool]:
    strong = [x for x in items if x[0].strength > 0] or items
    if field == "capability":
        kept = compare.under_ceiling([f for f, _ in strong])
        strong = [x for x in strong if x[0] in kept]
        enough = [x for x in strong if SUFFICIENT.match(text, x[0].end) or compare.JUDGED in x[0].note]
        low = min(enough, key=lambda x: compare.CLASSES.index(str(x[0].value)), default=None)
        rank = compare.CLASSES.index
        if low and any(x[0].value != low[0].value and not (x[0].start < low[0].end and low[0].start < x[0].end)
                       and (x in enough or (compare.YARDSTICK in x[0].note
                                            and rank(str(x[0].value)) > rank(str(low[0].value))))
                       for x in strong):
            return low  # "GPT-4.1 is fine ... a 70B-class model would do": the least that is said to be enough
    corrections = [x for x in strong if x[1]]
    if corrections:
        return corrections[-1]
    if field == "data_sensitivity":
        kept = levels_of.stated_first(text, [f for f, _ in strong])
        strong = [x for x in strong if x[0] in kept]
        return max(strong, key=lambda x: (x[0].strength >= 2, LEVELS.index(x[0].value), x[0].start))
    if field == "hosting":
        return max(strong, key=lambda x: (x[0].strength, HOSTING.index(x[0].value), x[0].start))
    if field == "latency_ms":
        stated = [x for x in strong if "stated" in x[0].note] or strong
        return min(stated, key=lambda x: (x[0].value, -x[0].start))
    return max(strong, key=lambda x: (_strength(field, x[0], text, strong), _count_of(x[0], counts or []),
                                      x[0].start))


HOSTING = ("any", "own_cloud", "on_prem")
# "they're H200s actually": a correction word right after the value corrects it.
CORRECTED_AFTER = re.compile(r"s?\s{0,2},?\s{0,2}(?:actually|instead|rather)\b", FLAGS)
SUFFICIENT = re.compile(r"[^.;,!?]{0,30}?\b(?:enough|fine|sufficient|plenty|good enough|would (?:probably |likely )?do|"
                        r"will do|should do|does the job|suffices?)\b", FLAGS)


def _count_of(f: Found, counts: list[tuple[Found, bool]]) -> float:
    """How many of a device the message says it has ("2 H100s and 1 A100": the H100s are the hardware)."""
    if f.field != "hardware":
        return 0.0
    return max((float(c.value) for c, _ in counts if c.start <= f.start and f.end <= c.end), default=0.0)


def _strength(field: str, f: Found, text: str, items: list[tuple[Found, bool]]) -> tuple[int, int]:
    if field == "hardware":  # owned, then the device named most often ("6× L4 and 2× A100 ... the A100s"), not
        # counting mentions that say a device is only for dev or testing
        named = [x for x, _ in items if x.value == f.value]
        side = sum(bool(SIDE_USE.match(text, x.end)) for x in named)
        return len(named) - 2 * side, (1 if OWNED.search(text, max(0, f.start - 30), f.start) else 0)
    if field in ("api_model", "open_model"):  # "mostly gpt-4o, some 4o-mini": the main one
        before = text[max(0, f.start - 24):f.start]
        minor = MINOR.search(before) or MINOR_AFTER.match(text, f.end)
        return f.strength, (1 if MAIN.search(before) else -1 if minor else 0)
    return f.strength, 0


MAIN = re.compile(r"\b(?:mostly|mainly|primarily|main(?:ly)?|majority|bulk|most of (?:it|them|this|that|the \w+)"
                  r"|the main|largely|chiefly|predominantly)\b[^.;,]{0,14}$", FLAGS)
SIDE_USE = re.compile(r"s?\)?\s{0,3}(?:are|is)?\s{0,3}(?:only |just )?(?:for|used for|reserved for) (?:the )?(?:dev\b|"
                      r"development|testing|tests?\b|experiments|staging|the lab|training|prototyping)", FLAGS)
MINOR_AFTER = re.compile(r"\s{0,3}(?:(?:for|on) (?:the )?(?:hard|hardest|tricky|difficult|complex|rare|odd|"
                         r"occasional) (?:ones|cases|stuff|questions|requests|bits|tasks)|as (?:a )?(?:fallback|"
                         r"backup))\b",
                         FLAGS)
MINOR = re.compile(r"\b(?:some|a (?:bit|little) of|occasionally|a few|fallback|sometimes|rarely|also)\b[^.;,]{0,10}$",
                   FLAGS)


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
