"""Capability by comparison: "GPT-4o-class", "as good as Sonnet", "Haiku quality is enough", "o3-level would be
overkill", "we don't need Opus". The named model's class comes from the catalog (API models carry their
capability class, open models their size), so a model the catalog learns is understood without new phrases.

A comparison sets a level; "overkill" / "don't need" sets a ceiling one class below the named model. With
both, the lower wins ("GPT-4o-class; o3-level would be overkill" → mid).
"""

from __future__ import annotations

import re

from .knowledge import Knowledge
from .parse_numbers import FLAGS, Found

CLASSES = ("small", "mid", "frontier")
LEVEL_AFTER = re.compile(r"[- ]?(?:class|level|grade|tier|calibre|caliber|quality|equivalent|style|type|ish|"
                         r"esque|like)\b", FLAGS)
LEVEL_BEFORE = re.compile(
    r"(?:as (?:good|smart|capable|strong|clever) as|on par with|match(?:es|ing)?|comparable to|equivalent to|"
    r"similar to|close to|at least|at the level of|level of|quality of|(?:something|model|one) like|like the|roughly)"
    r"\s{1,3}(?:the\s{1,3})?(?:a\s{1,3})?$", FLAGS)
ENOUGH_AFTER = re.compile(
    r"(?:[- ]?(?:class|level|grade|tier|quality|equivalent))?(?:\s{1,3}(?:model|reasoning|quality|answers?))?"
    r"\s{0,3}(?:is|would be|will be|should be|'s|are|does|do|would do)\s{1,3}(?:\w+\s{1,3})?"
    r"(?:enough|fine|plenty|sufficient|ok|okay|adequate|the job|it)\b|"
    r"(?:[- ]?(?:class|level|grade|tier|quality|equivalent))?\s{0,3}(?:would|will|should|could|might) "
    r"(?:probably |likely )?(?:do|work|suffice)\b", FLAGS)
OVERKILL_AFTER = re.compile(
    r"(?:[- ]?(?:class|level|grade|tier|quality|equivalent))?(?:\s{1,3}(?:models?|reasoning|intelligence|smarts))?"
    r"\s{0,3}(?:(?:is|would be|will be|seems|feels|sounds|looks|'s|are)\s{1,3})?(?:\w+\s{1,3})?"
    r"(?:overkill|too much|more than (?:we|i) need|unnecessary|not needed|excessive|way too expensive)", FLAGS)
NO_NEED_BEFORE = re.compile(
    r"(?:(?:don't|do not|dont|doesn't|does not|won't|will not|wouldn't) need|no need for|nothing like|"
    r"not (?:at )?(?:a |an )?|isn't|aren't|beyond|more than)\s{1,3}(?:(?:a|an|the|full|real|actual)\s{1,3})?$",
    FLAGS)


def comparisons(text: str, names: list[Found], k: Knowledge | None) -> tuple[list[Found], list[tuple[int, int]]]:
    """Capability facts from the API and open model names in ``names`` used as comparisons, and the spans of
    names that are only a yardstick ("GPT-4o-class", "don't need Opus": not the API the team uses)."""
    if k is None:
        return [], []
    levels: list[Found] = []
    ceilings: list[Found] = []
    yardsticks: list[tuple[int, int]] = []
    for f in names:
        tier = _tier(f, k)
        if tier is None:
            continue
        before = text[max(0, f.start - 40):f.start]
        if OVERKILL_AFTER.match(text, f.end) or NO_NEED_BEFORE.search(before):
            yardsticks.append((f.start, f.end))
            below = CLASSES.index(tier) - 1
            if below >= 0:
                ceilings.append(Found("capability", CLASSES[below], f.start, f.end,
                                      f"'{text[f.start:f.end]}' ({tier}) {CEILING} → {CLASSES[below]}",
                                      strength=3))
        elif LEVEL_AFTER.match(text, f.end) or LEVEL_BEFORE.search(before) or ENOUGH_AFTER.match(text, f.end):
            if not ENOUGH_AFTER.match(text, f.end):
                yardsticks.append((f.start, f.end))
            levels.append(Found("capability", tier, f.start, f.end,
                                f"'{text[f.start:f.end]}'-class → {tier}", strength=3))
    if levels and ceilings:
        low = min(ceilings, key=lambda c: CLASSES.index(str(c.value)))
        capped = [lv if CLASSES.index(str(lv.value)) <= CLASSES.index(str(low.value)) else low for lv in levels]
        return capped, yardsticks
    return levels + ceilings, yardsticks


CEILING = "is more than needed"


def under_ceiling(items: list[Found]) -> list[Found]:
    """A ceiling is an upper bound: other evidence at or below it ("don't need Opus, it's just tagging" →
    small) is kept; evidence above it is not."""
    ceilings = [f for f in items if CEILING in f.note]
    if not ceilings:
        return items
    cap = min(CLASSES.index(str(f.value)) for f in ceilings)
    under = [f for f in items if CEILING not in f.note and CLASSES.index(str(f.value)) <= cap]
    return under or ceilings


def _tier(f: Found, k: Knowledge) -> str | None:
    value = f.value
    if f.field == "api_model" or f.field == k.prices.kind:
        entry = value if hasattr(value, "capability") else k.prices.find(str(value))
        return getattr(entry, "capability", None)
    entry = value if hasattr(value, "capability") else k.models.find(str(value))
    cap = getattr(entry, "capability", None)
    return None if cap is None else ("small" if cap == "small" else "mid")
