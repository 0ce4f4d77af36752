"""How sensitive the data is, when the level is only inferred: from where the data must stay ("EU only" →
confidential) or from a compliance regime named ("HIPAA" → restricted, "GDPR" → confidential).

Two rules, each a statement about evidence rather than about phrases:

- A level inferred from a regime stands or falls with that regime. When the regime is withdrawn or only a
  prospect ("maybe HIPAA later if we go into clinics"), the compliance reading is dropped, and so is the level read
  from the same words. (Denied, "HIPAA isn't relevant here", it reads internal, as the team's phrasings say.)
- A level said of the data itself beats a level inferred from a region or a regime, when it is the lower one:
  "maintenance manuals (internal), data stays in Japan" is internal; "public datasets, but outputs must stay in
  Australia" is public. A region lock says where the data may go, not how sensitive it is. (A stated level that is
  stricter already wins: the chooser takes the strictest.)

Pure; every regex linear.
"""

from __future__ import annotations

import re

from .parse_numbers import FLAGS, Found

# The words a regime is named by (after normalisation: "HIPPA" is read as "hipaa", "GDRP" as "gdpr").
REGIME = re.compile(r"(?:hipaa|\bphi\b|gdpr|soc[- ]?2|pci(?:[- ]dss)?|fedramp)", FLAGS)
# Notes of the readings inferred from where the data must stay (bot/core/parse_team.py, parse_places.py), and the
# words of a region lock the keyword rules read (bot/core/parse_lexicon.py: "EU-only", "data residency").
REGION_NOTES = ("data kept in one region", "with a region named")
REGION_LOCK = re.compile(r"data (?:residency|sovereignty)|\beu[- ]only\b|"
                         r"(?:stay|remain|be kept|be stored|be processed) (?:in|within) (?:the )?"
                         r"(?:eu|european union|uk|country|region|europe)\b", FLAGS)
STATED_LOWER = ("public", "internal")


def from_regime(text: str, f: Found) -> bool:
    """A data-sensitivity reading made from a regime's name (its span is the name)."""
    return f.field == "data_sensitivity" and bool(REGIME.fullmatch(text, f.start, f.end))


def inferred(text: str, f: Found) -> bool:
    """A level inferred from a region lock or a regime, not said of the data."""
    return f.field == "data_sensitivity" and (from_regime(text, f) or any(n in f.note for n in REGION_NOTES)
                                              or bool(REGION_LOCK.search(text, f.start, f.end)))


def follow_regimes(text: str, found: list[Found]) -> list[Found]:
    """Drop each level read from a regime's name when no compliance reading of that name is left (a prospect, a
    withdrawal), and every level inferred from a denied region lock ("data residency: none" says nothing of how
    sensitive the data is, so not internal either). A denied regime keeps its reading of internal: "HIPAA isn't
    relevant here", "no PHI involved" (the team's phrasings, tests/data/phrasings.yaml)."""
    regimes = [(f.start, f.end) for f in found if f.field == "compliance"]
    out = []
    for f in found:
        denied = "(negated)" in f.note
        if from_regime(text, f) and not denied and not any(a < f.end and f.start < b for a, b in regimes):
            continue
        if denied and inferred(text, f) and not from_regime(text, f):
            continue
        out.append(f)
    return out


def stated_first(text: str, items: list[Found]) -> list[Found]:
    """The candidates for data_sensitivity once a lower level said of the data sets aside the inferred ones."""
    stated = [f for f in items if f.value in STATED_LOWER and f.strength >= 1 and not inferred(text, f)]
    if not stated:
        return items
    return [f for f in items if not inferred(text, f)]
