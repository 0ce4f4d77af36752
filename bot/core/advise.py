"""recommend(knowledge, profile) → Recommendation: the walk, the plan, the costs, what would flip it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from .api_pricing import api_per_million, price_label
from .costs import Load, best_self_host, candidates
from .knowledge import Knowledge
from .profile import WorkloadProfile
from .recommendation import Confidence, CostReport, HardwarePlan, Missing, PathStep, Recommendation, Sensitivity
from .staleness import data_age
from .tree import Context, build_context, choose_model, conflicts, cost_options, facts_for, findings, fmt, walk
from .units import DAYS_PER_MONTH, human, money

# The facts worth asking for, most important first: field, the question, why it matters, the answers offered
QUESTIONS: dict[str, Missing] = {
    field: Missing(field=field, question=question, why=why, options=options.split())
    for field, question, why, options in (
        ("tokens_per_day", "About how many tokens a day (input + output)?", "volume decides the cost comparison",
         "1M 10M 100M 1B"),
        ("data_sensitivity", "Where may the data go?", "restricted data rules out every cloud API",
         "public internal confidential restricted"),
        ("capability", "What quality does the work need?",
         "frontier-only work cannot be self-hosted; small models are cheap to run", "small mid frontier"),
        ("infra_skills", "Can your team run GPU serving?", "ops labour is often the largest self-hosting cost",
         "none basic mlops"),
        ("connectivity", "Is there network where the model is used?", "no network means no API",
         "online intermittent offline"),
        ("latency_ms", "How fast must the first token arrive (ms)?", "under ~200 ms rules out a round trip to an API",
         "100 500 2000"),
        ("fine_tuned", "Must you serve your own fine-tuned weights?", "custom weights need a server that runs them",
         "true false"),
        ("simple_share", "What share of requests could a small model handle (classification, routing, extraction)?",
         "a large simple share makes a hybrid pay", "0 0.3 0.6 0.8"),
        ("rapid_iteration", "Do you need each new model as it ships?", "frequent upgrades favour APIs", "true false"),
    )
}
COST_FIELDS = ("tokens_per_day", "capability", "infra_skills")  # change the engine's figures, not only the walk


def recommend(
    k: Knowledge, profile: WorkloadProfile, sources: Mapping[str, str] | None = None, today: dt.date | None = None
) -> Recommendation:
    """Walk the tree over the profile and explain the outcome. Pure; raises NotFound/ValueError on bad names.
    With ``today``, the answer says how old its price and hardware data are (``data_age``)."""
    ctx = build_context(k, profile)
    result = walk(ctx)
    leaf = k.tree.leaves[result.leaf]
    facts = facts_for(ctx, set(result.fired))
    triggers, blockers = findings(ctx, result.fired, facts, sources or {})
    costs = cost_options(ctx, no_cloud_api=bool(facts.get("no_cloud_api")))
    missing = missing_facts(ctx, leaf.verdict)
    rec = Recommendation(
        verdict=leaf.verdict,
        headline=fmt(leaf.headline, facts, k.tree),
        deployment=deployment(ctx, leaf.deployment, result.fired),
        triggers=triggers,
        blockers=blockers,
        conflicts=conflicts(ctx, result.fired),
        path=quote_sources(result.path, sources or {}),
        costs=costs,
        sensitivity=sensitivity(ctx, leaf.verdict, facts),
        missing=missing,
        confidence=confidence(ctx, missing, facts),
        hybrid=ctx.hybrid if leaf.verdict == "hybrid" else None,
        profile=profile.known(),
        notes=notes(ctx),
        as_of={part: str(day) for part, day in k.as_of.items()},
        data_age=data_age(k.as_of, today) if today is not None else None,
    )
    return rec


def quote_sources(path: list[PathStep], sources: Mapping[str, str]) -> list[PathStep]:
    """Each step on a fact the user stated shows the words it came from."""
    out = []
    for step in path:
        span = sources.get(step.fact)
        out.append(step.model_copy(update={"value": f"{step.value} (from your message: '{span}')"}) if span else step)
    return out


# --- deployment ------------------------------------------------------------------------------------


def deployment(ctx: Context, kind: str, fired: list[str]) -> HardwarePlan:
    if kind == "api_tier":
        return _api_plan(ctx)
    if kind == "hosted_open":
        name = price_label(ctx.hosted) if ctx.hosted else "a hosted open-weight API"
        what = "with your fine-tuned adapter" if ctx.profile.fine_tuned else "instead of " + price_label(ctx.api)
        return HardwarePlan(kind="api_tier", summary=f"{name}: {ctx.model.name}, hosted, {what}", model=ctx.model.name)
    if kind == "hybrid" and ctx.hybrid is not None and "rapid_iteration" not in fired:
        plan = ctx.hybrid.local_plan.model_copy()
        plan.summary = f"{plan.summary}; the other {1 - ctx.hybrid.simple_share:.0%} to {ctx.api.name}"
        return plan
    if kind == "hybrid" and "frontier_capability" in fired:  # a small local model in front of a frontier API
        small = choose_model(ctx.k, ctx.profile.model_copy(update={"capability": "small", "open_model": None}))[0]
        local = build_context(ctx.k, ctx.profile.model_copy(update={"capability": "small", "open_model": small.id}))
        plan = _self_host_plan(local, owned_only=True)
        return plan.model_copy(update={"summary": f"{plan.summary}; hard turns to {ctx.api.name}"})
    plan = _self_host_plan(ctx, owned_only=kind == "edge")
    if kind == "edge" and plan.possible:
        plan = plan.model_copy(update={"kind": "apple_silicon" if plan.kind == "apple_silicon" else "edge_device"})
    if kind == "hybrid":
        plan = plan.model_copy(update={"summary": f"{plan.summary}; newest models through {ctx.api.name}"})
    return plan


def _api_plan(ctx: Context) -> HardwarePlan:
    plan = HardwarePlan(kind="api_tier", summary=price_label(ctx.api))
    if ctx.hosted is not None and ctx.load is not None and ctx.profile.capability != "frontier":
        team = api_per_million(ctx.api, ctx.load.output_share)
        hosted = api_per_million(ctx.hosted, ctx.load.output_share)
        if hosted < team:
            plan.notes.append(
                f"{price_label(ctx.hosted)} serves {ctx.model.name} for {money(hosted)} per 1M "
                f"against {money(team)}: {1 - hosted / team:.0%} less, if that model meets your quality bar"
            )
    return plan


def _self_host_plan(ctx: Context, owned_only: bool) -> HardwarePlan:
    options = [o for o in ctx.options if not owned_only or o.owned]
    if options:
        return options[0].plan
    if ctx.load is None:  # no volume: size one replica of the model
        probe = Load(1e6, 0.25, 1.0, ctx.a["target_utilisation"])
        cands = candidates(ctx.k, ctx.model, output_share=0.25, min_tps=ctx.profile.min_tokens_per_s)
        opts = best_self_host(cands, probe, ctx.a,
                              skills=ctx.profile.infra_skills)
        opts = [o for o in opts if not owned_only or o.owned]
        if opts:
            plan = opts[0].plan
            return plan.model_copy(
                update={
                    "summary": f"one replica: {plan.gpus_per_replica}× {plan.device}, {ctx.model.name} "
                    f"{plan.quant} on {plan.engine} (give your volume to size the fleet)",
                    "capacity_tokens_per_day": None,
                    "required_tokens_per_day": None,
                    "headroom": None,
                }
            )
    return _impossible(ctx)


def _impossible(ctx: Context) -> HardwarePlan:
    need = f"{human(ctx.load.tokens_per_day)} tokens/day" if ctx.load else "the model"
    return HardwarePlan(
        kind="on_prem_gpu",
        summary=f"no catalogued configuration of up to 8 devices per replica can serve {ctx.model.name} for {need}",
        model=ctx.model.name,
        possible=False,
        reason="the model does not fit, or the fleet needed is beyond 10,000 replicas",
        smallest_working="a smaller model (capability: mid or small) or a multi-node deployment",
    )


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
    load = ctx.load
    assert load is not None
    best = ctx.options[0]
    apis = [p for p in (ctx.api, ctx.hosted) if p is not None]
    rival = min(apis, key=lambda p: api_per_million(p, load.output_share))
    api_monthly = load.tokens_per_day * DAYS_PER_MONTH * api_per_million(rival, load.output_share) / 1e6
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
            input="api price", current=f"{money(api_per_million(rival, load.output_share))} per 1M",
            flips_at=f"-{drop:.0%}", to="api", text=f"api if {rival.name} prices fall by more than {drop:.0%}",
        ),
    ]


def missing_facts(ctx: Context, verdict: str) -> list[Missing]:
    """Facts not given that could change the verdict, most important first."""
    out = []
    for field, ask in QUESTIONS.items():
        if getattr(ctx.profile, field) is not None:
            continue
        if field in COST_FIELDS or _could_flip(ctx, field, ask.options, verdict):
            out.append(ask.model_copy(deep=True))
    return out


def _could_flip(ctx: Context, field: str, options: list[str], verdict: str) -> bool:
    if field == "simple_share":  # the hybrid plan needs the engine; asked only when the verdict is api
        return verdict == "api"
    for raw in options:
        value: Any = float(raw) if field == "latency_ms" else {"true": True, "false": False}.get(raw, raw)
        trial = dataclasses.replace(ctx, profile=ctx.profile.model_copy(update={field: value}))
        if ctx.k.tree.leaves[walk(trial, explain=False).leaf].verdict != verdict:
            return True
    return False


def confidence(ctx: Context, missing: list[Missing], facts: Mapping[str, Any]) -> Confidence:
    if ctx.profile.tokens_per_day is None and not facts.get("no_cloud_api"):
        return "low"
    if sum(getattr(ctx.profile, f) is None for f in COST_FIELDS) >= 2:
        return "low"
    be, volume = facts.get("break_even_tokens_per_day"), ctx.profile.tokens_per_day
    close = be is not None and volume is not None and volume > 0 and abs(math.log(volume / be)) < math.log(1.25)
    if missing or close or ctx.model_assumed:
        return "medium"
    return "high"


def notes(ctx: Context) -> list[str]:
    out = []
    if ctx.model_assumed:
        out.append(f"Planned for {ctx.model.name}, the usual open-weight choice for "
                   f"'{ctx.profile.capability or 'mid'}' work; name yours with open_model.")
    if ctx.load and not ctx.options:
        out.append("No catalogued configuration can carry this volume with this model.")
    return out


def cost_report(k: Knowledge, profile: WorkloadProfile) -> CostReport:
    """API against self-hosting for a volume (and optionally a model, an API, a device)."""
    if profile.tokens_per_day is None or profile.tokens_per_day <= 0:
        raise ValueError("tokens_per_day: a volume above 0 is needed (e.g. 100M)")
    ctx = build_context(k, profile)
    if profile.hardware:
        device = k.devices.get(profile.hardware)
        ctx.options = [o for o in ctx.options if o.candidate.setup.device is device]
    costs = cost_options(ctx)
    assert costs is not None
    plan = ctx.options[0].plan if ctx.options else _impossible(ctx)
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
        tokens_per_day=profile.tokens_per_day,
        costs=costs,
        plan=plan,
        break_even_text=text,
        notes=notes(ctx),
    )
