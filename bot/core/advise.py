"""recommend(knowledge, profile) → Recommendation: the walk, the plan, the costs, what would flip it."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from .advise_plan import deployment, impossible, planned
from .api_pricing import api_per_million, assumed_class, price_label, team_api
from .candidates import candidates
from .context import Context, build_context
from .cost_table import cost_options
from .costs import SelfHostCost
from .knowledge import Knowledge
from .profile import WorkloadProfile
from .recommendation import Confidence, CostReport, Costs, Missing, PathStep, Recommendation, Sensitivity
from .staleness import data_age
from .terms import REGION_NAMES
from .tree import base_facts, conflicts, facts_for, findings, leaf_headline, walk
from .units import DAYS_PER_MONTH, human, money

# The facts worth asking for, most important first (capability decides the model, so it comes first): field,
# the question, why it matters, the answers offered
QUESTIONS: dict[str, Missing] = {
    field: Missing(field=field, question=question, why=why, options=options.split())
    for field, question, why, options in (
        ("capability", "What quality does the work need?",
         "it decides the model: frontier-only work cannot be self-hosted; small models are cheap to run",
         "small mid frontier"),
        ("tokens_per_day", "About how many tokens a day (input + output)?", "volume decides the cost comparison",
         "1M 10M 100M 1B"),
        ("data_sensitivity", "Where may the data go?", "restricted data rules out every cloud API",
         "public internal confidential restricted"),
        ("hosting", "Where may the model run: your racks, your cloud account, or GPU clouds too?",
         "it decides which plans count", "on_prem own_cloud any"),
        ("infra_skills", "Can your team run GPU serving?", "ops labour is often the largest self-hosting cost",
         "none basic mlops"),
        ("connectivity", "Is there network where the model is used?", "no network means no API",
         "online intermittent offline"),
        ("latency_ms", "How fast must the first token arrive (ms)?",
         "a target at or below what an API delivers rules out the round trip to it", "100 500 2000"),
        ("fine_tuned", "Must you serve your own fine-tuned weights?", "custom weights need a server that runs them",
         "true false"),
        ("simple_share", "What share of requests could a small model handle (classification, routing, extraction)?",
         "a large simple share makes a hybrid pay", "0 0.3 0.6 0.8"),
        ("rapid_iteration", "Do you need each new model as it ships?", "frequent upgrades favour APIs", "true false"),
        ("availability", "Must it keep serving when a machine fails?",
         "high availability (N+1 machines) is planned by default and costs at least one spare machine",
         "ha best_effort"),
    )
}
COST_FIELDS = ("tokens_per_day", "capability", "infra_skills")  # change the engine's figures, not only the walk
PLAN_FIELDS = ("hosting", "availability")  # change the self-host plan: asked when the verdict self-hosts


def recommend(
    k: Knowledge, profile: WorkloadProfile, sources: Mapping[str, str] | None = None, today: dt.date | None = None
) -> Recommendation:
    """Walk the tree over the profile and explain the outcome. Pure; raises NotFound/ValueError on bad names.
    With ``today``, the answer says how old its price and hardware data and the rental rates it uses are
    (``data_age``)."""
    ctx = build_context(k, profile)
    result = walk(ctx)
    leaf = k.tree.leaves[result.leaf]
    facts = facts_for(ctx, set(result.fired))
    triggers, blockers = findings(ctx, result.fired, facts, sources or {})
    hard = [t.title.lower() for t in triggers if t.hard]
    costs = cost_options(ctx, no_cloud_api=bool(facts.get("no_cloud_api")),
                         why_no_api=" and ".join(hard) or "no cloud API may be used")
    missing = missing_facts(ctx, leaf.verdict)
    plan, option = planned(ctx, leaf.deployment, result.fired)
    headline = leaf_headline(leaf, facts, k.tree)
    if not plan.meets_targets and plan.kind != "api_tier":
        headline += f" Nothing catalogued meets your targets ({plan.targets}); the nearest plan is shown."
    return Recommendation(
        verdict=leaf.verdict,
        headline=headline,
        deployment=plan,
        triggers=triggers,
        blockers=blockers,
        conflicts=conflicts(ctx, result.fired),
        path=quote_sources(result.path, sources or {}),
        costs=costs,
        sensitivity=sensitivity(ctx, leaf.verdict, facts),
        missing=missing,
        confidence=confidence(ctx, missing, facts, plan.meets_targets),
        hybrid=ctx.hybrid if leaf.verdict == "hybrid" else None,
        profile=profile.known(),
        inferred=ctx.inferred,
        notes=notes(ctx, leaf.verdict),
        as_of={part: str(day) for part, day in k.as_of.items()},
        data_age=data_age(k.as_of, today, rates_used(ctx, option, costs))
        if today is not None else None,
    )


def rates_used(ctx: Context, option: SelfHostCost | None, costs: Costs | None) -> list[tuple[str, str, float, dt.date]]:
    """The rental and instance rates the answer rests on: the recommended deployment's (``option``), when it
    rents, and the cheapest rented option in the cost table's; each (device, provider, $ per GPU-hour, as_of)."""
    used: list[SelfHostCost | None] = [option]
    if costs is not None:
        rows = {o.id: o for o in costs.options if o.kind == "rented" and o.possible}
        shown = [o for o in ctx.options or ctx.near if o.rate is not None and o.option_id in rows]
        used.append(min(shown, key=lambda o: rows[o.option_id].monthly_usd, default=None))
    return [(o.candidate.setup.device.name, o.rate.provider, o.rate.usd_per_gpu_hour, o.rate.as_of)
            for o in used if o is not None and o.rate is not None and o.rate.as_of is not None]


def quote_sources(path: list[PathStep], sources: Mapping[str, str]) -> list[PathStep]:
    """Each step on a fact the user stated shows the words it came from."""
    out = []
    for step in path:
        span = sources.get(step.fact)
        out.append(step.model_copy(update={"value": f"{step.value} (from your message: '{span}')"}) if span else step)
    return out


# --- sensitivity, missing, confidence --------------------------------------------------------------


def sensitivity(ctx: Context, verdict: str, facts: Mapping[str, Any]) -> list[Sensitivity]:
    out: list[Sensitivity] = []
    volume = ctx.profile.tokens_per_day
    be = facts.get("break_even_tokens_per_day")
    hard = facts.get("no_cloud_api")
    if be is not None and not hard:
        now = human(volume) if volume is not None else "unknown"
        if verdict == "api" and "frontier_capability" not in facts["fired"]:
            out.append(Sensitivity(input="tokens_per_day", current=now, flips_at=human(be), to="self_host",
                                   text=f"self_host above {human(be)} tokens/day"))
        elif verdict == "self_host" and "cost_at_scale" in facts["fired"]:
            out.append(Sensitivity(input="tokens_per_day", current=now, flips_at=human(be), to="api",
                                   text=f"api below {human(be)} tokens/day"))
    if verdict == "self_host" and "cost_at_scale" in facts["fired"] and not hard and ctx.options and ctx.load:
        out += _cost_flips(ctx)
    if verdict != "self_host" and not hard:
        out.append(Sensitivity(input="data_sensitivity", current=str(ctx.profile.data_sensitivity or "unknown"),
                               flips_at="restricted", to="self_host",
                               text="self_host if the data must not leave your infrastructure"))
    return out


def _cost_flips(ctx: Context) -> list[Sensitivity]:
    """How much more ops labour, or how much cheaper the cheapest API, before self-hosting stops paying."""
    assert ctx.load is not None
    best = ctx.options[0]
    apis = [p for p in (ctx.api, ctx.hosted) if p is not None]
    rival = min(apis, key=lambda p: api_per_million(p, ctx.load.output_share))  # type: ignore[union-attr]
    api_monthly = ctx.load.tokens_per_day * DAYS_PER_MONTH * api_per_million(rival, ctx.load.output_share) / 1e6
    engineer = ctx.a["mlops_engineer_usd_per_year"] / 12
    max_fraction = (api_monthly - (best.monthly - best.fixed_monthly)) / engineer
    drop = 1 - best.monthly / api_monthly if api_monthly else 0.0
    return [
        Sensitivity(
            input="ops labour", current=f"{best.fixed_monthly / engineer:.2f} engineer",
            flips_at=f"{max_fraction:.2f} engineer", to="api",
            text=f"api if running it takes more than {max_fraction:.1f} MLOps engineers ({money(engineer)}/month each)",
        ),
        Sensitivity(
            input="api price", current=f"{money(api_per_million(rival, ctx.load.output_share))} per 1M",
            flips_at=f"-{drop:.0%}", to="api", text=f"api if {rival.name} prices fall by more than {drop:.0%}",
        ),
    ]


def missing_facts(ctx: Context, verdict: str) -> list[Missing]:
    """Facts not given that could change the verdict or the plan, most important first."""
    out = []
    for field, ask in QUESTIONS.items():
        if getattr(ctx.profile, field) is not None:
            continue
        if field in PLAN_FIELDS:
            asked = verdict != "api" and (field != "hosting" or ctx.where.assumed or ctx.load is not None)
        else:
            asked = field in COST_FIELDS or _could_flip(ctx, field, ask.options, verdict)
        if asked:
            out.append(ask.model_copy(update={"options": list(ask.options)}))
    return out


def _could_flip(ctx: Context, field: str, options: list[str], verdict: str) -> bool:
    if field == "simple_share":  # the hybrid plan needs the engine; asked only when the verdict is api
        return verdict == "api"
    facts = base_facts(ctx)
    for raw in options:
        value: Any = float(raw) if field == "latency_ms" else {"true": True, "false": False}.get(raw, raw)
        trial = copy.copy(ctx)  # the same engine figures, another answer to one question
        trial.facts = {**facts, field: value}
        if ctx.k.tree.leaves[walk(trial, explain=False).leaf].verdict != verdict:
            return True
    return False


def confidence(ctx: Context, missing: list[Missing], facts: Mapping[str, Any], meets: bool) -> Confidence:
    if ctx.profile.tokens_per_day is None and not facts.get("no_cloud_api"):
        return "low"
    if sum(getattr(ctx.profile, f) is None for f in COST_FIELDS) >= 2 or ctx.checks or not meets:
        return "low"
    be, volume = facts.get("break_even_tokens_per_day"), ctx.profile.tokens_per_day
    close = be is not None and volume is not None and volume > 0 and abs(math.log(volume / be)) < math.log(1.25)
    if missing or close or ctx.model_assumed or ctx.inferred:
        return "medium"
    return "high"


def notes(ctx: Context, verdict: str) -> list[str]:
    p = ctx.profile
    out = [*ctx.checks]
    if ctx.model_assumed:
        out.append(f"Planned for {ctx.model.name}, an assumption: the usual open-weight choice for "
                   f"'{p.capability or 'mid'}' work" + ("" if p.capability else " (capability not given)")
                   + "; name yours with open_model.")
    if (cls := assumed_class(ctx.k, p)) is not None:
        out.append(f"Compared with {price_label(team_api(ctx.k, p))}, the usual API for '{cls}' work: an assumption "
                   f"from the class of {ctx.model.name}, the model you named (capability not given).")
    if ctx.where.assumed and verdict != "api":
        out.append("Planned on your own hardware: restricted data and no hosting given, so the strictest reading "
                   "(set hosting to own_cloud or any to compare cloud GPUs).")
    if ctx.base.note:
        out.append(ctx.base.note + ".")
    if p.data_region not in (None, "any") and ctx.options and ctx.options[0].mode == "own_cloud":
        out.append(f"Your data must stay in {REGION_NAMES[p.data_region]}: own-cloud instances are priced in a "
                   "US region; EU and other regions are typically 5-15% dearer.")
    if "hipaa" in p.compliance and p.data_sensitivity == "restricted":
        out.append("HIPAA: PHI may go to an API provider that signs a Business Associate Agreement (Azure OpenAI, "
                   "Amazon Bedrock, Vertex AI, OpenAI and Anthropic on request); set data_sensitivity to "
                   "confidential if your policy allows that, to compare them.")
    if ctx.load and not ctx.options and not ctx.near:
        out.append("No catalogued configuration can carry this volume with this model.")
    return [*out, *own_hardware_note(ctx)]


def own_hardware_note(ctx: Context) -> list[str]:
    """Why the team's own hardware is not in the plan when it cannot even hold the model."""
    p = ctx.profile
    if not p.hardware or ctx.load is None:
        return []
    device = ctx.k.devices.get(p.hardware)
    if candidates(ctx.k, ctx.model, output_share=ctx.load.output_share, targets=ctx.targets, devices=[device]):
        return []
    return [f"Your {device.name} cannot hold {ctx.model.name} in any format planned for it, "
            "so the plan uses other hardware; name a smaller model with open_model to plan on yours."]


def cost_report(k: Knowledge, profile: WorkloadProfile) -> CostReport:
    """API against self-hosting for a volume (and optionally a model, an API, a device)."""
    if profile.tokens_per_day is None or profile.tokens_per_day <= 0:
        raise ValueError("tokens_per_day: a volume above 0 is needed (e.g. 100M)")
    ctx = build_context(k, profile)
    if profile.hardware:
        device = k.devices.get(profile.hardware)
        ctx.options = [o for o in ctx.options if o.candidate.setup.device is device]
        ctx.near = [o for o in ctx.near if o.candidate.setup.device is device]
    costs = cost_options(ctx)
    assert costs is not None
    plan = deployment(ctx, "self_host_plan", []) if ctx.options or ctx.near else impossible(ctx)
    be = costs.break_even_api_tokens_per_day
    text = (
        f"self-hosting {ctx.model.name} beats {ctx.api.name} above {human(be)} tokens/day"
        if be is not None
        else f"self-hosting {ctx.model.name} does not beat {ctx.api.name} at any volume up to 10T tokens/day"
    )
    if costs.break_even_hosted_tokens_per_day is not None and ctx.hosted is not None:
        text += f"; beats {ctx.hosted.name} above {human(costs.break_even_hosted_tokens_per_day)} tokens/day"
    return CostReport(
        model=ctx.model.name,
        api_model=ctx.api.name,
        tokens_per_day=ctx.load.tokens_per_day if ctx.load else profile.tokens_per_day,
        costs=costs,
        plan=plan,
        break_even_text=text,
        notes=notes(ctx, "self_host"),
    )
