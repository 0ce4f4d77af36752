"""Stored answers: every recommendation shown in Slack is logged, and its buttons carry a reference to the log.

A reference is ``rec:<id>:<nonce>``: the row id in the recommendations log plus a random nonce kept with
it, so a button value cannot name another answer by counting. A click is hostile input like any other
entrance: the value must match the pattern exactly, the row must belong to the clicking workspace and
carry the same nonce, and the stored profile is validated again (``build_profile``) before the
recommendation is recomputed with today's knowledge. Nothing in the payload is trusted beyond the reference.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from bot.core.advise import recommend
from bot.core.knowledge import NotFound
from bot.core.options import recommended_option
from bot.core.profile import ProfileError, WorkloadProfile, build_profile
from bot.core.recommendation import Recommendation
from bot.slack.deps import Deps, UserError
from bot.store import PostedRecommendation, Workspace

REF = re.compile(r"^rec:(?P<id>[1-9]\d{0,14}):(?P<nonce>[A-Za-z0-9_-]{8,24})$")
GONE = "I can't find that answer any more; run `/selfhost recommend` again."
MAX_SOURCES, SOURCE_CHARS, TITLE_CHARS, COMMAND_CHARS = 30, 300, 300, 500


@dataclass(frozen=True)
class Answer:
    """A stored answer, recomputed: the reference, the Recommendation and what it was shown with."""

    ref: str
    rec: Recommendation
    profile: WorkloadProfile
    sources: dict[str, str]
    title: str | None
    command: str
    posted: PostedRecommendation


def make_ref(rec_id: int, nonce: str) -> str:
    return f"rec:{rec_id}:{nonce}"


def parse_ref(value: Any) -> tuple[int, str] | None:
    """``rec:42:Xk3…`` → (42, "Xk3…"); None for anything else."""
    m = REF.match(value) if isinstance(value, str) else None
    return (int(m["id"]), m["nonce"]) if m else None


def is_ref(value: Any) -> bool:
    return parse_ref(value) is not None


def monthly_costs(rec: Recommendation) -> dict[str, Any]:
    """The figures logged with each recommendation: API, best self-host, the recommended option, hybrid
    ($/month) and the volume."""
    out: dict[str, Any] = {}
    costs = rec.costs
    if costs is not None:
        by_id = {o.id: o for o in costs.options}
        for key, option_id in (("api", costs.api_option), ("self_host", costs.self_host_option),
                               ("cheapest", costs.cheapest)):
            if option_id in by_id:
                out[key] = round(by_id[option_id].monthly_usd, 2)
                out[f"{key}_label"] = by_id[option_id].label
        best = recommended_option(rec)
        if best is not None:
            out["recommended"] = round(best.monthly_usd, 2)
            out["recommended_label"] = best.label
        out["tokens_per_day"] = costs.tokens_per_day
        out["break_even_tokens_per_day"] = costs.break_even_tokens_per_day
    if rec.hybrid is not None:
        out["hybrid"] = round(rec.hybrid.monthly_usd, 2)
    return out


def _api_per_m(rec: Recommendation) -> float | None:
    if rec.costs is None:
        return None
    api = next((o for o in rec.costs.options if o.id == rec.costs.api_option), None)
    return api.per_million_usd if api else None


def record(
    deps: Deps, ws: Workspace, rec: Recommendation, profile: WorkloadProfile, *, source: str,
    profile_name: str | None = None, channel_id: str | None = None, sources: dict[str, str] | None = None,
    title: str | None = None, command: str = "", message_ts: str | None = None,
) -> str:
    """Log the answer with what is needed to rebuild it; returns its reference for the buttons."""
    nonce = secrets.token_urlsafe(9)
    details = {
        "source": source, "command": command[:COMMAND_CHARS], "title": (title or "")[:TITLE_CHARS] or None,
        "confidence": rec.confidence, "headline": rec.headline[:500], "nonce": nonce,
        "profile": profile.model_dump(mode="json", exclude_none=True),
        "sources": {k[:60]: v[:SOURCE_CHARS] for k, v in list((sources or {}).items())[:MAX_SOURCES]},
        "as_of": dict(rec.as_of), "model": rec.deployment.model, "api_per_m": _api_per_m(rec),
    }
    rec_id = deps.store.recommendations.record(ws, PostedRecommendation(
        verdict=rec.verdict, monthly_costs=monthly_costs(rec), created_at=deps.clock(), profile_name=profile_name,
        channel_id=channel_id or None, message_ts=message_ts, details=details))
    return make_ref(rec_id, nonce)


def _sources(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {str(k)[:60]: v[:SOURCE_CHARS] for k, v in list(raw.items())[:MAX_SOURCES] if isinstance(v, str)}


def load(deps: Deps, ws: Workspace, value: Any, channel: str | None = None) -> Answer:
    """The answer a button's value refers to, recomputed; UserError (one sentence) when it cannot be.

    With ``channel``, an answer given in another channel is refused: an answer opens where it was given.
    """
    parsed = parse_ref(value)
    if parsed is None:
        raise UserError("That button is not one of mine; run `/selfhost recommend` again.")
    posted = deps.store.recommendations.get(ws, parsed[0])
    details = posted.details if posted is not None and isinstance(posted.details, dict) else {}
    if posted is None or not secrets.compare_digest(str(details.get("nonce", "")), parsed[1]):
        raise UserError(GONE)
    if channel and posted.channel_id and posted.channel_id != channel:
        raise UserError(GONE)
    stored = details.get("profile")
    try:
        profile = build_profile(stored if isinstance(stored, dict) else {})
        sources = _sources(details.get("sources"))
        rec = recommend(deps.knowledge, profile, sources)
    except (ProfileError, NotFound, ValueError) as e:
        raise UserError(f"I can't rebuild that answer ({str(e)[:200]}); run `/selfhost recommend` again.") from None
    title, command = details.get("title"), details.get("command")
    return Answer(make_ref(*parsed), rec, profile, sources, title if isinstance(title, str) else None,
                  command if isinstance(command, str) else "", posted)
