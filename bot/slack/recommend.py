"""`/selfhost recommend [free text]`: the channel's profile, with the facts of the message laid over it.

The reply quotes where each fact came from ("from your message: '400M tokens/day'") and is recorded in
the store's recommendations log (verdict and monthly figures) so the digest and App Home can compare.
``run_recommendation`` is shared with the Re-run buttons.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.core.advise import recommend
from bot.core.knowledge import NotFound
from bot.core.parse import extract
from bot.core.profile import ProfileError, WorkloadProfile
from bot.core.recommendation import Recommendation
from bot.render.blocks import render_recommendation
from bot.slack.deps import Command, Deps, Reply, UserError
from bot.store import PostedRecommendation, Workspace

FULL_FLAG = "--full"
NO_PROFILE = ("This channel has no workload profile yet. Describe your workload, e.g. `/selfhost recommend "
              "400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team`, or create one with "
              "`/selfhost profile set team=payments tokens_per_day=300M capability=mid`.")


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    full = FULL_FLAG in cmd.args.split()
    text = " ".join(w for w in cmd.args.split() if w != FULL_FLAG)
    bound = deps.store.profiles.bound(cmd.workspace, cmd.channel_id)
    base = bound.profile if bound else None
    sources: dict[str, str] = {}
    if text:
        extraction = extract(text, deps.knowledge)
        if not extraction.facts:
            raise UserError(f"I found no workload facts in '{text[:200]}'; try e.g. `/selfhost recommend 50M "
                            "tokens/day, internal data, no GPU team`.")
        sources = {f: fact.span for f, fact in extraction.facts.items()}
        base = _merge(base, extraction.profile_facts())
    if base is None:
        raise UserError(NO_PROFILE)
    title = f"Profile {bound.name}" + (" + your message" if text else "") if bound else None
    return run_recommendation(deps, cmd.workspace, base, profile_name=bound.name if bound else None,
                              channel_id=cmd.channel_id, sources=sources, title=title,
                              action_value=cmd.text, full=full)


def _merge(base: WorkloadProfile | None, facts: dict[str, Any]) -> WorkloadProfile:
    try:
        return (base or WorkloadProfile()).merged(**facts)
    except ProfileError as e:
        raise UserError(f"I read {e}") from None


def run_recommendation(
    deps: Deps, ws: Workspace, profile: WorkloadProfile, *, profile_name: str | None, channel_id: str | None,
    sources: dict[str, str] | None = None, title: str | None = None, action_value: str = "recommend",
    full: bool = False,
) -> Reply:
    """Recommend, render (buttons: Edit profile, Re-run) and log it; the Reply carries the Recommendation."""
    try:
        rec = recommend(deps.knowledge, profile, sources or {})
    except (NotFound, ValueError) as e:
        raise UserError(str(e)) from None
    message = render_recommendation(rec, title=title, ephemeral_actions=False, full=full,
                                    action_value=action_value[:2000])
    deps.store.recommendations.record(ws, PostedRecommendation(
        verdict=rec.verdict, monthly_costs=monthly_costs(rec), created_at=deps.clock(),
        profile_name=profile_name, channel_id=channel_id or None,
        details={"command": action_value[:500], "confidence": rec.confidence, "headline": rec.headline[:500]},
    ))
    return Reply(text=message["text"], blocks=message["blocks"], model=rec)


def monthly_costs(rec: Recommendation) -> dict[str, Any]:
    """The figures logged with each recommendation: API, best self-host, hybrid ($/month) and the volume."""
    out: dict[str, Any] = {}
    costs = rec.costs
    if costs is not None:
        by_id = {o.id: o for o in costs.options}
        for key, option_id in (("api", costs.api_option), ("self_host", costs.self_host_option),
                               ("cheapest", costs.cheapest)):
            if option_id in by_id:
                out[key] = round(by_id[option_id].monthly_usd, 2)
                out[f"{key}_label"] = by_id[option_id].label
        out["tokens_per_day"] = costs.tokens_per_day
        out["break_even_tokens_per_day"] = costs.break_even_tokens_per_day
    if rec.hybrid is not None:
        out["hybrid"] = round(rec.hybrid.monthly_usd, 2)
    return out
