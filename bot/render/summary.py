"""The summary of a Recommendation in plain phrases: what Slack shows first and what ``--brief`` prints.

Pure: a Recommendation in, a ``Summary`` of short strings out. Block Kit (``summary_blocks``) and terminal
(``text.render_summary_text``) renderers decorate the same phrases, so the first answer reads the same
everywhere: the verdict, one sentence of why (the deciding finding), the monthly cost of the team's API,
the recommended option and the cheapest alternative, the break-even, the plan in one line, the
confidence, and the one question that matters most.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.core.options import cheapest_alternative, find_option, recommended_option
from bot.core.recommendation import CostOption, Finding, Missing, Recommendation

from . import common as c

FigureRole = Literal["api", "recommended", "alternative", "break_even"]


@dataclass(frozen=True)
class Figure:
    """One cost figure: ``Your API`` · ``GPT-4o (openai)`` · ``$39,949/mo`` · ``ruled out: …``."""

    role: FigureRole
    label: str
    name: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Summary:
    verdict: str  # "Self-host — rented cloud GPUs" (no emoji)
    why: str  # one sentence: the deciding finding, or the headline
    quote: str | None  # the words of the user's message the deciding finding came from
    figures: list[Figure] = field(default_factory=list)
    plan: str = ""
    possible: bool = True
    confidence: str = "low"
    question: Missing | None = None
    more_questions: int = 0  # missing facts beyond the one asked
    as_of: str | None = None  # "prices as of 2025-08-15"


# --- phrases ------------------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def deciding_finding(rec: Recommendation) -> Finding | None:
    """The finding that decided the verdict: a hard constraint first, then the first on its side."""
    side = rec.blockers if rec.verdict == "api" else rec.triggers
    return next((f for f in side if f.hard), side[0] if side else None)


def why_sentence(rec: Recommendation) -> tuple[str, str | None]:
    """(one sentence of why, the user's words it came from)."""
    if rec.conflicts:
        x = rec.conflicts[0]
        return _sentence(f"Conflict: {x.why.rstrip('.')}. Way through: {x.way_through}"), None
    f = deciding_finding(rec)
    if f is None:
        return _sentence(rec.headline), None
    hard = " (a hard constraint)" if f.hard else ""
    return _sentence(f"{f.title}: {f.why.rstrip('.')}{hard}"), f.source_text


def _note(opt: CostOption) -> str:
    return "" if opt.possible else (opt.note or "not possible")


def figures(rec: Recommendation) -> list[Figure]:
    """Your API, the recommended option, the cheapest alternative, the break-even (those that exist)."""
    costs = rec.costs
    if costs is None:
        return []
    out: list[Figure] = []
    api, best = find_option(rec, costs.api_option), recommended_option(rec)
    if api is not None:
        label = "Your API (recommended)" if best is not None and best.id == api.id else "Your API"
        out.append(Figure("api", label, api.label, c.per_month(api.monthly_usd), _note(api)))
    if best is not None and (api is None or best.id != api.id):
        out.append(Figure("recommended", "Recommended", best.label, c.per_month(best.monthly_usd), _note(best)))
    alt = cheapest_alternative(rec, best)
    if alt is not None:
        out.append(Figure("alternative", "Cheapest alternative", alt.label, c.per_month(alt.monthly_usd),
                          _note(alt)))
    out.append(break_even_figure(rec))
    return out


def break_even_figure(rec: Recommendation) -> Figure:
    assert rec.costs is not None
    be, volume = rec.costs.break_even_tokens_per_day, rec.costs.tokens_per_day
    you = f"you: {c.count(volume)}"
    if c.finite(be):
        return Figure("break_even", "Break-even", "", c.tokens_day(be), you)
    return Figure("break_even", "Break-even", "", "none in range", f"self-hosting does not get cheaper; {you}")


def plan_line(rec: Recommendation) -> str:
    """The plan in one line: devices × count · model · quant · engine (and what else it needs)."""
    plan = rec.deployment
    if not plan.possible:
        line = f"Not possible: {plan.reason or plan.summary}"
        return line + (f". Smallest working: {plan.smallest_working}" if plan.smallest_working else "")
    if not (plan.device and plan.devices > 0):
        return plan.summary if plan.model or plan.kind != "api_tier" else f"{plan.summary}, through its API"
    line = " · ".join(p for p in (f"{plan.devices} × {plan.device}", plan.model, plan.quant, plan.engine) if p)
    if plan.replicas > 1:
        line += f" ({plan.replicas} replicas)"
    if c.finite(plan.headroom):
        line += f", headroom {c.signed_pct(plan.headroom)}"
    meets = getattr(plan, "meets_targets", None)  # set by the engine once targets are enforced
    if meets is False:
        line += ", misses your latency or speed target"
    rest = plan.summary.split("; ", 1)[1] if "; " in plan.summary else ""
    return f"{line}; {rest}" if rest else line


def verdict_words(rec: Recommendation) -> str:
    if not rec.deployment.possible:
        return f"{c.VERDICT_WORDS[rec.verdict]} — but no catalogued plan works yet"
    return c.verdict_label(rec, emoji=False)


def summarize(rec: Recommendation, question: Missing | bool | None = True) -> Summary:
    """The summary; ``question`` is the question to ask (True: the most important missing fact; False: none)."""
    asked = (rec.missing[0] if rec.missing else None) if question is True else (question or None)
    why, quote = why_sentence(rec)
    prices = rec.as_of.get("prices") or rec.as_of.get("api_prices")
    return Summary(
        verdict=verdict_words(rec),
        why=why,
        quote=quote,
        figures=figures(rec),
        plan=plan_line(rec),
        possible=rec.deployment.possible,
        confidence=rec.confidence,
        question=asked,
        more_questions=len([m for m in rec.missing if asked is None or m.field != asked.field]),
        as_of=f"prices as of {prices}" if prices else None,
    )
