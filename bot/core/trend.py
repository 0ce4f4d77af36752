"""A profile's verdict now against last week's, and what moved it: a price, a model or a fact.

Pure (time is passed in). App Home shows, per profile, today's verdict and monthly cost, the change since
the answer recorded a week or more ago, and a "changed" badge when the verdict moved. The cause is found
by a counterfactual: last week's facts are run through today's knowledge. If they give today's verdict,
the knowledge moved it (a price or a model, named when the record says which); if they give last week's
verdict, the team's facts moved it (the fields that differ are named).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from .advise import recommend
from .knowledge import Knowledge
from .options import find_option, recommended_option
from .profile import ProfileError, WorkloadProfile, build_profile
from .recommendation import Recommendation
from .units import human, money

PRICE_MOVE = 0.005  # a list price that moved by less than 0.5% has not changed
Cause = Literal["price", "model", "fact", "knowledge"]


@dataclass(frozen=True)
class Snapshot:
    """What one answer said about a profile, reduced to what can be compared a week later."""

    verdict: str
    monthly: float | None = None  # the recommended option's $/month
    facts: dict[str, Any] | None = None  # the profile's given fields
    prices_as_of: str | None = None
    model: str | None = None  # the open-weight model planned for
    api_label: str | None = None
    api_per_m: float | None = None  # the team's API, $ per 1M tokens at the profile's mix
    at: datetime | None = None


@dataclass(frozen=True)
class Trend:
    now: Snapshot
    then: Snapshot | None
    change_pct: float | None = None  # the recommended option's monthly cost, now against then
    changed: bool = False  # the verdict moved
    moved_by: tuple[Cause, ...] = ()
    reasons: tuple[str, ...] = field(default_factory=tuple)


def snapshot(rec: Recommendation, profile: WorkloadProfile, at: datetime | None = None) -> Snapshot:
    api = find_option(rec, rec.costs.api_option) if rec.costs else None
    best = recommended_option(rec)
    return Snapshot(
        verdict=rec.verdict, monthly=best.monthly_usd if best else None, facts=profile.known(),
        prices_as_of=rec.as_of.get("prices") or rec.as_of.get("api_prices"), model=rec.deployment.model,
        api_label=api.label if api else None, api_per_m=api.per_million_usd if api else None, at=at)


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) else None


def _str(x: Any) -> str | None:
    return x if isinstance(x, str) and x else None


def from_record(
    verdict: str, monthly_costs: Mapping[str, Any], details: Mapping[str, Any] | None,
    facts: Mapping[str, Any] | None, at: datetime | None,
) -> Snapshot:
    """A snapshot from a recommendations-log row (any version of it: missing keys stay None) and the
    profile's facts as they were then (from its history)."""
    d: Mapping[str, Any] = details if isinstance(details, Mapping) else {}
    fallback = {"api": "api", "self_host": "self_host", "hybrid": "hybrid"}.get(verdict, "")
    monthly = _num(monthly_costs.get("recommended", monthly_costs.get(fallback)))
    raw = d.get("as_of")
    as_of: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    return Snapshot(
        verdict=verdict, monthly=monthly, facts=dict(facts) if facts is not None else None,
        prices_as_of=_str(as_of.get("prices")) or _str(d.get("prices_as_of")), model=_str(d.get("model")),
        api_label=_str(monthly_costs.get("api_label")), api_per_m=_num(d.get("api_per_m")), at=at)


def _fact_changes(then: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    def shown(x: Any) -> str:
        if x is None:
            return "unset"
        return human(x) if isinstance(x, float) and x >= 1000 else str(x)

    return [f"{k} {shown(then.get(k))} → {shown(now.get(k))}" for k in sorted(set(then) | set(now))
            if then.get(k) != now.get(k)]


def _knowledge_reasons(now: Snapshot, then: Snapshot) -> list[tuple[Cause, str]]:
    out: list[tuple[Cause, str]] = []
    if now.api_per_m and then.api_per_m and abs(now.api_per_m / then.api_per_m - 1) >= PRICE_MOVE:
        out.append(("price", f"{now.api_label or 'your API'} now {money(now.api_per_m)} per 1M tokens "
                             f"(was {money(then.api_per_m)})"))
    elif now.prices_as_of and then.prices_as_of and now.prices_as_of != then.prices_as_of:
        out.append(("price", f"prices updated (as of {now.prices_as_of}, was {then.prices_as_of})"))
    if now.model and then.model and now.model != then.model:
        out.append(("model", f"model {then.model} → {now.model}"))
    return out or [("knowledge", "the knowledge base was updated")]


def _counterfactual(k: Knowledge, facts: Mapping[str, Any] | None) -> str | None:
    """Last week's facts under today's knowledge: the verdict they get now (None: cannot tell)."""
    if facts is None:
        return None
    try:
        return recommend(k, build_profile(dict(facts))).verdict
    except (ProfileError, ValueError):
        return None


def compare(k: Knowledge, now: Snapshot, then: Snapshot | None) -> Trend:
    """Today's snapshot against last week's: the cost change and, when the verdict moved, why."""
    if then is None:
        return Trend(now, None)
    pct = (now.monthly / then.monthly - 1) * 100 if now.monthly is not None and then.monthly else None
    if now.verdict == then.verdict:
        return Trend(now, then, pct)
    if then.facts is None:
        return Trend(now, then, pct, True, (), ("the profile or the knowledge changed",))
    facts = _fact_changes(then.facts, now.facts or {})
    before = _counterfactual(k, then.facts) if facts else now.verdict  # last week's facts, today's knowledge
    causes: list[tuple[Cause, str]] = []
    if facts and before != now.verdict:  # today's knowledge alone would not have moved it
        causes.append(("fact", "; ".join(facts[:3])))
    if before != then.verdict:  # today's knowledge moves last week's facts
        causes += _knowledge_reasons(now, then)
    return Trend(now, then, pct, True, tuple(dict.fromkeys(c for c, _ in causes)), tuple(r for _, r in causes))


def status(k: Knowledge, profile: WorkloadProfile, then: Snapshot | None, at: datetime) -> tuple[Recommendation, Trend]:
    """The profile's recommendation today and its trend against ``then`` (one call for App Home)."""
    rec = recommend(k, profile)
    return rec, compare(k, snapshot(rec, profile, at), then)
