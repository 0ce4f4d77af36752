"""Compose one channel's digest from data passed in (pure: no Slack, no SQLite, no clock reads).

For each profile bound to the channel: the projected monthly cost of the API and of the best self-host
option at the team's volume (observed usage when reported, else the profile's), what changed since the
last digest and why, the verdict and whether it flipped, a break-even alert, and staleness nudges.
Engine results are memoised on the Knowledge object per configuration, so 10k profiles that share
configurations cost one engine call each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import bot
from bot.core.api_pricing import api_option
from bot.core.context import build_context
from bot.core.knowledge import Knowledge
from bot.core.profile import WorkloadProfile
from bot.core.staleness import REFRESH_HINT
from bot.core.tree import decision_break_even, facts_for, fmt, walk
from bot.core.units import fact_text, human, money
from bot.render.escape import echo, escape

from .schedule import period_range

PROFILE_STALE_DAYS = 30
PRICES_STALE_DAYS = 90
NEAR_BREAK_EVEN = 0.20  # alert when the volume is within 20% of the break-even
COST_CHANGE = 0.01  # a projected cost that moved by less than 1% has not changed
WINDOW_DAYS = 7
USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")


@dataclass(frozen=True)
class Edit:
    by: str | None
    at: dt.datetime
    changes: tuple[tuple[str, Any, Any], ...]  # (field, old, new)


@dataclass(frozen=True)
class ProfileInput:
    """What the digest needs to know about one profile; the runner reads it from the store."""

    name: str
    profile: WorkloadProfile
    updated_at: dt.datetime
    usage: Sequence[tuple[dt.date, float]] = ()  # observed tokens/day, any order
    last: dict[str, Any] | None = None  # the previous digest's record (ProfileDigest.record())
    edits: Sequence[Edit] = ()  # profile versions since the previous digest


@dataclass(frozen=True)
class Figures:
    """The engine's answer for one configuration, reduced to what a digest shows."""

    verdict: str
    headline: str
    api_label: str
    api_monthly: float
    api_per_m: float
    self_host_label: str | None
    self_host_monthly: float | None
    break_even: float | None


@dataclass
class ProfileDigest:
    name: str
    volume: float | None
    volume_source: str  # "observed" | "declared" | "none"
    trend_pct: float | None = None
    figures: Figures | None = None
    previous_verdict: str | None = None
    reasons: list[str] = field(default_factory=list)
    alert: str | None = None
    nudges: list[str] = field(default_factory=list)
    changed: bool = True
    prices_as_of: str = ""
    fingerprint: str = ""
    api_prices: dict[str, list[float]] = field(default_factory=dict)  # list prices now, for the next digest

    @property
    def verdict_changed(self) -> bool:
        return bool(self.figures and self.previous_verdict and self.previous_verdict != self.figures.verdict)

    def record(self) -> dict[str, Any]:
        """What the recommendations log keeps, so the next digest can compare."""
        f = self.figures
        return {
            "source": "digest",
            "volume": self.volume,
            "volume_source": self.volume_source,
            "verdict": f.verdict if f else None,
            "api_monthly": f.api_monthly if f else None,
            "api_per_m": f.api_per_m if f else None,
            "self_host_monthly": f.self_host_monthly if f else None,
            "break_even": f.break_even if f else None,
            "prices_as_of": self.prices_as_of,
            "api_prices": self.api_prices,
            "fingerprint": self.fingerprint,
            "figures": asdict(f) if f else None,
        }


@dataclass
class ChannelDigest:
    channel_id: str
    period: str
    profiles: list[ProfileDigest]
    as_of: dict[str, str]

    @property
    def period_label(self) -> str:
        try:
            monday, sunday = period_range(self.period)
        except ValueError:
            return self.period
        return f"{monday:%d %b} – {sunday:%d %b %Y}"

    @property
    def changed(self) -> bool:
        return any(p.changed for p in self.profiles)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the engine, memoised ----------------------------------------------------------------------------


def evaluate(k: Knowledge, profile: WorkloadProfile) -> Figures:
    """recommend() reduced to the digest's figures; memoised on ``k`` by the profile's exact content."""
    key = ("digest.evaluate", profile.model_dump_json())
    found = k.memo.get(key)
    if found is None:
        found = k.memo[key] = _evaluate(k, profile)
    return found


def _evaluate(k: Knowledge, profile: WorkloadProfile) -> Figures:
    """The first half of recommend(): the walk and the two costs a digest shows (no questions, flips or
    option table; tests check the figures equal recommend()'s)."""
    ctx = build_context(k, profile)
    result = walk(ctx, explain=False)  # the digest shows no path: the same leaf and findings, no steps built
    leaf = k.tree.leaves[result.leaf]
    load = ctx.load
    assert load is not None
    api = api_option(ctx.api, load.tokens_per_day, load.output_share, ctx.a.get("cached_input_share", 0.0))
    best = ctx.options[0].option if ctx.options else None
    return Figures(
        verdict=leaf.verdict,
        headline=fmt(leaf.headline, facts_for(ctx, set(result.fired)), k.tree),
        api_label=api.label,
        api_monthly=api.monthly_usd,
        api_per_m=api.per_million_usd,
        self_host_label=best.label if best else None,
        self_host_monthly=best.monthly_usd if best else None,
        break_even=decision_break_even(ctx),
    )


def knowledge_fingerprint(k: Knowledge) -> str:
    """A digest of everything the engine reads from the knowledge base, and the code version."""
    found = k.memo.get("digest.kfp")
    if found is None:
        h = hashlib.sha256(bot.__version__.encode())
        t = k.terms
        terms = [*t.offerings, *t.offering_prices, *t.providers, *t.instances] if t else []
        for part in (k.devices, k.models, k.quants, k.engines, k.prices, k.assumptions.values(), [k.tree], terms):
            for entry in part:
                text = entry.model_dump_json() if hasattr(entry, "model_dump_json") else repr(entry)
                h.update(text.encode())
        found = k.memo["digest.kfp"] = h.hexdigest()[:16]
    return found


def fingerprint(k: Knowledge, profile: WorkloadProfile) -> str:
    """Same fingerprint → same figures: the last digest's figures are reused without the engine."""
    text = knowledge_fingerprint(k) + profile.model_dump_json()
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def figures_for(k: Knowledge, profile: WorkloadProfile, last: dict[str, Any] | None) -> tuple[Figures, str]:
    fp = fingerprint(k, profile)
    if last and last.get("fingerprint") == fp and isinstance(last.get("figures"), dict):
        try:
            return Figures(**last["figures"]), fp
        except TypeError:  # recorded by an older version: recompute
            pass
    return evaluate(k, profile), fp


def as_of(k: Knowledge) -> dict[str, dt.date]:
    """The knowledge ``as_of`` dates (computed once per Knowledge: the property scans every catalog)."""
    found = k.memo.get("digest.as_of")
    if found is None:
        found = k.memo["digest.as_of"] = dict(k.as_of)
    return found


# --- volume ------------------------------------------------------------------------------------------


def round_sig(x: float, digits: int = 2) -> float:
    """Observed volumes are projected at two significant figures (noise below that is not signal)."""
    if x <= 0 or not math.isfinite(x):
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(x)))


def window_mean(usage: Sequence[tuple[dt.date, float]], end: dt.date, days: int = WINDOW_DAYS) -> float | None:
    start = end - dt.timedelta(days=days - 1)
    values = [t for d, t in usage if start <= d <= end]
    return sum(values) / len(values) if values else None


def volume_of(p: ProfileInput, today: dt.date) -> tuple[float | None, str, float | None]:
    """(volume used for projections, where it came from, trend vs the week before in %)."""
    this = window_mean(p.usage, today)
    if this is not None and this > 0:
        before = window_mean(p.usage, today - dt.timedelta(days=WINDOW_DAYS))
        trend = (this / before - 1) * 100 if before else None
        return round_sig(this), "observed", trend
    declared = p.profile.tokens_per_day
    if declared:
        return declared, "declared", None
    return None, "none", None


# --- composition -------------------------------------------------------------------------------------


def compose_profile(k: Knowledge, p: ProfileInput, now: dt.datetime) -> ProfileDigest:
    volume, source, trend = volume_of(p, now.date())
    out = ProfileDigest(p.name, volume, source, trend, prices_as_of=str(as_of(k).get("prices", "")),
                        api_prices=price_map(k))
    out.nudges = nudges(k, p, now)
    if volume is None:
        out.changed = p.last is None or p.last.get("volume") is not None
        return out
    last = p.last or {}
    out.figures, out.fingerprint = figures_for(k, p.profile.model_copy(update={"tokens_per_day": volume}), last)
    out.previous_verdict = last.get("verdict")
    out.reasons = reasons(p, out)
    out.alert = alert(volume, out.figures.break_even, last.get("volume"), source)
    out.changed = p.last is None or bool(out.reasons) or out.verdict_changed or _cost_moved(last, out.figures)
    return out


def compose(
    k: Knowledge, channel_id: str, period: str, profiles: Sequence[ProfileInput], now: dt.datetime
) -> ChannelDigest:
    items = [compose_profile(k, p, now) for p in profiles]
    return ChannelDigest(channel_id, period, items, {part: str(day) for part, day in as_of(k).items()})


def _cost_moved(last: dict[str, Any], f: Figures) -> bool:
    for key, now in (("api_monthly", f.api_monthly), ("self_host_monthly", f.self_host_monthly)):
        before = last.get(key)
        if (before is None) != (now is None):
            return True
        if before and now and abs(now / before - 1) >= COST_CHANGE:
            return True
    return False


def reasons(p: ProfileInput, d: ProfileDigest) -> list[str]:
    """Why the figures differ from the last digest: usage, profile edits, price catalog."""
    last, f = p.last, d.figures
    if not last or f is None:
        return []
    out: list[str] = []
    before = last.get("volume")
    if before and d.volume and abs(d.volume / before - 1) >= COST_CHANGE:
        why = "usage reports" if d.volume_source == "observed" else "the profile's volume"
        out.append(f"volume {human(before)} → {human(d.volume)} tokens/day ({why})")
    for e in p.edits:
        shown = [c for c in e.changes if c[0] != "tokens_per_day" or d.volume_source == "declared"][:3]
        if shown:
            who = f"<@{e.by}>" if e.by and USER_ID.fullmatch(e.by) else escape(e.by or "someone")
            fields = ", ".join(
                f"{escape(name)} {echo(fact_text(old, 'unset'), 100)} → {echo(fact_text(new, 'unset'), 100)}"
                for name, old, new in shown
            )
            out.append(f"profile edited by {who} on {e.at:%d %b}: {fields}")
    old_m, old_asof = last.get("api_per_m"), last.get("prices_as_of")
    if old_m and abs(f.api_per_m / old_m - 1) >= 0.005:
        out.append(f"{escape(f.api_label)} now {money(f.api_per_m)} per 1M tokens (was {money(old_m)})")
    if old_asof and old_asof != d.prices_as_of:
        out.append(f"price catalog updated (as of {d.prices_as_of}, was {old_asof})")
    moved = price_moves(last.get("api_prices") or {}, d.api_prices)
    if moved:
        out.append("API list prices changed since the last digest: " + moved)
    return out


SHOWN_PRICE_MOVES = 4


def price_map(k: Knowledge) -> dict[str, list[float]]:
    """Input/output list prices of the current first-party and hosted open-weight APIs, kept with each digest
    so the next one can say what changed. Built once per price catalog (reading 418 pydantic prices took
    0.45 ms, per profile); each digest gets its own dict (the price pairs are shared: never mutated)."""
    found = k.memo.get("digest.price_map")
    if found is None or found[0] is not k.prices:  # a knowledge base whose prices were replaced builds anew
        found = k.memo["digest.price_map"] = (k.prices, {
            p.id: [p.input_per_m, p.output_per_m] for p in k.prices
            if not p.deprecated and (p.tier != "open_hosted" or p.open_model)})
    return dict(found[1])


def price_moves(before: dict[str, list[float]], after: dict[str, list[float]]) -> str:
    """'openai/gpt-5.5 $5/$30 → $4/$25 per 1M in/out; … and 3 more' (empty when nothing moved)."""
    moved = [(i, before[i], new) for i, new in after.items() if i in before and list(before[i]) != list(new)]
    if not moved:
        return ""
    parts = [f"{i} ${old[0]:g}/${old[1]:g} → ${new[0]:g}/${new[1]:g}" for i, old, new in moved[:SHOWN_PRICE_MOVES]]
    more = f" and {len(moved) - SHOWN_PRICE_MOVES} more" if len(moved) > SHOWN_PRICE_MOVES else ""
    return "; ".join(parts) + " per 1M in/out" + more


def alert(volume: float, be: float | None, before: float | None, source: str) -> str | None:
    """Crossed the break-even since the last digest, or within 20% of it."""
    if be is None or be <= 0:
        return None
    what = "Observed volume" if source == "observed" else "Declared volume"
    if before is not None and (before < be) != (volume < be):
        way = "above" if volume >= be else "below"
        return f"{what} crossed the break-even: {human(volume)} tokens/day is now {way} {human(be)}."
    if abs(volume - be) <= NEAR_BREAK_EVEN * be:
        side = "above" if volume >= be else "below"
        return f"{what} {human(volume)} tokens/day is within 20% of the break-even ({human(be)}, {side} it)."
    return None


def nudges(k: Knowledge, p: ProfileInput, now: dt.datetime) -> list[str]:
    out = []
    age = (now - p.updated_at).days
    if age > PROFILE_STALE_DAYS:
        out.append(f"Profile *{escape(p.name)}* was last edited {age} days ago; is it still right? "
                   "`/selfhost profile edit`")
    prices = as_of(k).get("prices")
    if prices is not None and (now.date() - prices).days > PRICES_STALE_DAYS:
        out.append(f"The API price catalog is {(now.date() - prices).days} days old (as of {prices}); "
                   f"figures may be out of date: {REFRESH_HINT}.")
    return out
