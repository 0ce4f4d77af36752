"""The deployment a recommendation proposes: an API tier, a hosted open-weight model, or a self-host plan that
meets the team's targets — or, when nothing does, the nearest plan and what would meet them."""

from __future__ import annotations

from .api_choice import latency, meets
from .api_pricing import api_per_million, price_label, provider_name
from .context import DEFAULT_MODEL, Context, build_context, plan_options, probe_load, probe_options
from .costs import SelfHostCost
from .hosting import MODES, Where
from .plan_words import quant_label
from .recommendation import HardwarePlan
from .units import human, money


def targets_words(ctx: Context) -> str:
    t = ctx.targets
    words = [f"≥ {t.min_tps:g} tok/s per stream"]
    if t.max_ttft_ms is not None:
        words.insert(0, f"first token ≤ {t.max_ttft_ms:g} ms")
    return ", ".join(words)


def deployment(ctx: Context, kind: str, fired: list[str]) -> HardwarePlan:
    return planned(ctx, kind, fired)[0]


def planned(ctx: Context, kind: str, fired: list[str]) -> tuple[HardwarePlan, SelfHostCost | None]:
    """The deployment for a leaf's ``kind``, and the costed option it runs on (None: an API, or nothing fits)."""
    if kind == "api_tier":
        return _api_plan(ctx), None
    if kind == "hosted_open":
        return _hosted_plan(ctx), None
    if kind == "hybrid" and ctx.hybrid is not None and "rapid_iteration" not in fired:
        plan = ctx.hybrid.local_plan.model_copy()
        plan.summary = f"{plan.summary}; the other {1 - ctx.hybrid.simple_share:.0%} to {ctx.api.name}"
        return plan, ctx.hybrid_option
    if kind == "hybrid" and "frontier_capability" in fired:  # a small local model in front of a frontier API
        small = ctx.profile.model_copy(update={"capability": "small", "open_model": DEFAULT_MODEL["small"]})
        plan, best = self_host_plan(build_context(ctx.k, small))
        return plan.model_copy(update={"summary": f"{plan.summary}; hard turns to {ctx.api.name}"}), best
    plan, best = self_host_plan(ctx)
    if kind == "edge" and plan.possible and ctx.profile.connectivity in ("offline", "intermittent"):
        plan = plan.model_copy(update={"kind": "apple_silicon" if plan.kind == "apple_silicon" else "edge_device"})
    if kind == "hybrid":
        plan = plan.model_copy(update={"summary": f"{plan.summary}; newest models through {ctx.api.name}"})
    return plan, best


def _api_plan(ctx: Context) -> HardwarePlan:
    speed = latency(ctx.k, ctx.api)
    plan = HardwarePlan(kind="api_tier", summary=price_label(ctx.api), ttft_ms=speed.ttft_ms if speed else None,
                        decode_tokens_per_s=speed.output_tokens_per_s if speed else None,
                        meets_targets=meets(ctx.k, ctx.api, ctx.targets.max_ttft_ms, ctx.targets.min_tps),
                        targets=targets_words(ctx))
    offering = ctx.k.terms.offering(ctx.api) if ctx.k.terms else None
    if offering and offering.notes and (ctx.profile.compliance or ctx.profile.data_region not in (None, "any")):
        plan.notes.append(f"{price_label(ctx.api)} under your terms: {offering.notes}")
    if ctx.hosted is not None and ctx.load is not None and ctx.profile.capability != "frontier":
        team = api_per_million(ctx.api, ctx.load.output_share)
        hosted = api_per_million(ctx.hosted, ctx.load.output_share)
        if hosted < team:
            plan.notes.append(
                f"A hosted {ctx.model.name} ({price_label(ctx.hosted)}) costs {money(hosted)} per 1M against "
                f"{money(team)}: {1 - hosted / team:.0%} less. It is a different model from {ctx.api.name}: "
                "worth it only if it meets your quality bar (test it on your own prompts)"
            )
    if ctx.hybrid is not None and ctx.hybrid.rivals:
        label, monthly = min(ctx.hybrid.rivals.items(), key=lambda kv: kv[1])
        if monthly < ctx.hybrid.api_only_monthly_usd:
            plan.notes.append(f"Cheaper than a local hybrid: {label}, {money(monthly)}/month")
    return plan


def _hosted_plan(ctx: Context) -> HardwarePlan:
    price = ctx.hosted
    name = provider_name(price) if price else "a host of open-weight models"
    what = "with your fine-tuned adapter" if ctx.profile.fine_tuned else f"instead of {price_label(ctx.api)}"
    speed = latency(ctx.k, price) if price else None
    return HardwarePlan(
        kind="api_tier",
        summary=f"a hosted {ctx.model.name} ({name}), {what}: a different model, so check it meets your bar",
        model=ctx.model.name, ttft_ms=speed.ttft_ms if speed else None,
        decode_tokens_per_s=speed.output_tokens_per_s if speed else None, targets=targets_words(ctx),
        meets_targets=price is None or meets(ctx.k, price, ctx.targets.max_ttft_ms, ctx.targets.min_tps),
        model_assumed=ctx.model_assumed,
    )


def self_host_plan(ctx: Context) -> tuple[HardwarePlan, SelfHostCost | None]:
    """The cheapest plan that meets the targets; else the nearest, with what would meet them; and its option."""
    meeting, near = (ctx.options, ctx.near) if ctx.load else probe_options(ctx)
    best = meeting[0] if meeting else near[0] if near else None
    if best is None:
        return impossible(ctx), None
    plan = best.plan.model_copy(update={"targets": targets_words(ctx), "model_assumed": ctx.model_assumed})
    if ctx.load is None:
        plan = plan.model_copy(update={
            "summary": f"first deployment: {plan.summary} (give your volume to size the fleet)",
            "capacity_tokens_per_day": None, "required_tokens_per_day": None, "headroom": None})
    if not meeting:
        plan = plan.model_copy(update={"what_would": what_would(ctx, best)})
    return plan, best


def what_would(ctx: Context, nearest: SelfHostCost) -> list[str]:
    """Ways to meet the targets the nearest plan misses: a faster device class, a smaller model, fewer streams,
    or the target the nearest plan does reach."""
    tp = nearest.candidate.throughput
    out = [f"even at {tp.concurrency} stream{'s' if tp.concurrency > 1 else ''} per replica the nearest plan "
           f"gets {tp.decode_tokens_per_s:.0f} tok/s per stream and its first token in {tp.ttft_ms:,.0f} ms"]
    load = ctx.load or probe_load(ctx)
    anywhere = Where(MODES["any"], ctx.where.ha)
    faster, _ = plan_options(ctx.k, ctx.profile, ctx.model, load, ctx.a, anywhere)
    if faster:
        f = faster[0]
        where = "" if ctx.where.allows(f.mode) else f" (needs hosting: {_mode_setting(f.mode)})"
        out.append(f"a faster device class: {_brief(f)}{where}")
    small = ctx.k.models.find(DEFAULT_MODEL["small"])
    if small is not None and small is not ctx.model:
        smaller, _ = plan_options(ctx.k, ctx.profile.model_copy(update={"open_model": small.id}), small, load,
                                  ctx.a, ctx.where)
        if smaller:
            out.append(f"a smaller model: {_brief(smaller[0])}")
    if not faster:
        reach = [f"{tp.ttft_ms:,.0f} ms to first token" if ctx.targets.max_ttft_ms else "",
                 f"{tp.decode_tokens_per_s:.0f} tok/s per stream"]
        out.append("targets the nearest plan meets: " + ", ".join(r for r in reach if r))
    return out


def _brief(o: SelfHostCost) -> str:
    tp, s = o.candidate.throughput, o.candidate.setup
    return (f"{o.devices}× {s.device.name} {o.where_words}, {s.model.name} {quant_label(s.quant)} "
            f"(first token {tp.ttft_ms:,.0f} ms, {tp.decode_tokens_per_s:.0f} tok/s "
            f"per stream, {money(o.monthly)}/month)")


def _mode_setting(mode: str) -> str:
    return {"owned": "on_prem", "own_cloud": "own_cloud", "gpu_cloud": "any"}[mode]


def impossible(ctx: Context) -> HardwarePlan:
    need = f"{human(ctx.load.tokens_per_day)} tokens/day" if ctx.load else "the model"
    return HardwarePlan(
        kind="on_prem_gpu",
        summary=f"no catalogued configuration of up to 8 devices per replica can serve {ctx.model.name} for {need}",
        model=ctx.model.name,
        possible=False,
        meets_targets=False,
        targets=targets_words(ctx),
        reason="the model does not fit, or the fleet needed is beyond 10,000 replicas",
        smallest_working="a smaller model (capability: mid or small) or a multi-node deployment",
        model_assumed=ctx.model_assumed,
    )
