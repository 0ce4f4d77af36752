"""Concept questions → knowledge entries (knowledge/faq.yaml), ranked with rapidfuzz.

Why rapidfuzz and not BM25: the FAQ is a few dozen short entries, each with hand-written keywords. At that
size term statistics are noise, while the real problems are spelling ("quantization"/"quantisation"),
typos and word order, which fuzzy string scores handle. An entry's score is the best of
- a keyword found whole in the question (100) or word by word (95); +2 per further keyword, + up to 5
  for a longer, more specific keyword,
- a keyword that nearly matches a part of the question (rapidfuzz partial_ratio ≥ 85, ×0.9: typos),
- the question's content words against the entry's question (rapidfuzz token_set_ratio),
and below THRESHOLD the answer is an honest "I don't know that" with the topics it can answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel
from rapidfuzz import fuzz

from .knowledge import FaqEntry, Knowledge

THRESHOLD = 72.0
MIN_PARTIAL = 5  # characters: shorter fragments match too much by accident
SCATTERED = 95.0  # a keyword whose words all appear, but not together, counts a little less than a whole one
NEAR = 85.0  # a keyword counts as nearly present (a typo or spelling variant) from this partial_ratio up
_STOP = (
    "a an the is are was were be what whats what's which who how why when where does do did should could would "
    "can i we you our us me my it its this that these those of to in on for with about and or tell explain "
    "please much many there their them any some mean means meaning"
)
STOPWORDS = frozenset(_STOP.split())
_WORD = re.compile(r"[a-z0-9_]+(?:\.[0-9]+)?")


class ConceptAnswer(BaseModel):
    found: bool
    entry_id: str | None = None
    title: str | None = None
    text: str
    score: float = 0.0
    source: str | None = None
    alternatives: list[str] = []


def fold(text: str) -> str:
    """Lower case, British/American spelling folded (z → s), punctuation to spaces."""
    words = _WORD.findall(text.lower().replace("-", " ").replace("z", "s"))
    return " ".join(words)


def content(text: str) -> str:
    return " ".join(w for w in fold(text).split() if w not in STOPWORDS)


def score(question: str, entry: FaqEntry) -> float:
    q = fold(question)
    q_words = f" {q} "
    keywords = [fold(k) for k in entry.keywords if fold(k)]
    q_set = set(q.split())
    whole = [k for k in keywords if f" {k} " in q_words]
    scattered = [k for k in keywords if k not in whole and set(k.split()) <= q_set]
    hits = whole + scattered
    best = 0.0
    if hits:
        base = 100.0 if whole else SCATTERED
        best = base + 2.0 * (len(hits) - 1) + min(5.0, max(len(h) for h in (whole or scattered)) / 4)
    q_content = content(question)
    for k in keywords:
        if min(len(k), len(q_content)) >= MIN_PARTIAL:
            near = fuzz.partial_ratio(k, q_content)
            best = max(best, 0.9 * near if near >= NEAR else 0.0)
    similar = fuzz.token_set_ratio(q_content, content(entry.question)) if q_content else 0.0
    return max(best, similar) + similar / 100  # the question similarity breaks ties


def rank(question: str, entries: Sequence[FaqEntry]) -> list[tuple[float, FaqEntry]]:
    scored = [(score(question, e), e) for e in entries]
    return sorted(scored, key=lambda x: -x[0])


def answer(question: str, k: Knowledge) -> ConceptAnswer:
    """The best FAQ entry for a concept question, or an honest 'I don't know that' with the topics known."""
    entries = list(k.faq)
    ranked = rank(question or "", entries) if content(question or "") else []
    if ranked and ranked[0][0] >= THRESHOLD:
        top_score, top = ranked[0]
        related = [e.question for s, e in ranked[1:4] if s >= THRESHOLD - 10]
        return ConceptAnswer(found=True, entry_id=top.id, title=top.question, text=top.answer,
                             score=round(min(top_score, 100.0), 1), source=top.source, alternatives=related)
    topics = [e.question for _, e in ranked[:5]] if ranked else [e.question for e in entries[:5]]
    best = round(ranked[0][0], 1) if ranked else 0.0
    text = "I don't know that one."
    if topics:
        text += " I can answer questions like: " + "; ".join(topics) + "."
    return ConceptAnswer(found=False, text=text, score=best, alternatives=topics)
