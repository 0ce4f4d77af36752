"""Walk knowledge/tree.yaml over a profile → Recommendation, with the path, the findings and the math."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .api_pricing import api_option, api_per_million, hosted_open_api, resolve_api
from .breakeven import break_even
from .costs import Load, SelfHostCost, assumptions, best_self_host, candidates
from .knowledge import ApiPrice, Knowledge, ModelArch
from .profile import WorkloadProfile
from .recommendation import (
    Conflict,
    CostOption,
    Costs,
    Finding,
    HybridPlan,
    PathStep,
)
from .tree_model import Tree, matches
from .units import DAYS_PER_MONTH, human

DEFAULT_MODEL = {"small": "llama-3.1-8b", "mid": "llama-3.3-70b"}
HYBRID_SAVING = 0.15  # routing must save at least this share of the API bill to be worth a local model
HYBRID_MIN_SHARE = 0.2


@dataclass
class Context:
    """Everything the walk and the explanation need, computed once from the profile."""

    k: Knowledge
    profile: WorkloadProfile
    a: dict[str, float]
    model: ModelArch
    model_assumed: bool
    api: ApiPrice
    hosted: ApiPrice | None
    load: Load | None
    options: list[SelfHostCost]
    break_even_api: float | None
    break_even_hosted: float | None
    hybrid: HybridPlan | None
    hybrid_break_even: float | None
    # base_facts(ctx), computed once; not an __init__ field, so dataclasses.replace (a trial profile) starts afresh
    facts: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)


# --- model and options -----------------------------------------------------------------------------


def choose_model(k: Knowledge, p: WorkloadProfile) -> tuple[ModelArch, bool]:
    """The open-weight model to plan for: the one named, else the usual one for the capability."""
    if p.open_model:
        return k.models.get(p.open_model), False
    if p.capability == "frontier":
        return max(k.models, key=lambda m: m.quality_rank), True
    name = DEFAULT_MODEL.get(p.capability or "mid", DEFAULT_MODEL["mid"])
    found = k.models.find(name)
    if found is None:
        found = max((m for m in k.models if m.capability == (p.capability or "mid")), key=lambda m: m.quality_rank)
    return found, True


def plan_options(ctx_k: Knowledge, p: WorkloadProfile, model: ModelArch, load: Load, a: dict[str, float]):
    """Costed self-host options, cheapest first, within the profile's constraints."""


    max_ttft = p.latency_ms if p.latency_ms else None
    devices = list(ctx_k.devices)
    if p.hardware:
        owned = ctx_k.devices.get(p.hardware)
        devices = [owned, *(d for d in devices if d is not owned)]
    edge = p.connectivity in ("offline", "intermittent")
    cands = candidates(ctx_k, model, output_share=load.output_share, devices=devices, max_ttft_ms=max_ttft,
                       min_tps=p.min_tokens_per_s)
    owned_id = ctx_k.devices.get(p.hardware).id if p.hardware else None
    return best_self_host(
        cands, load, a, skills=p.infra_skills, allow_rented=not edge, allow_owned=True, owned_device=owned_id,
        owned_count=p.hardware_count,
    )


def hybrid_plan(k: Knowledge, p: WorkloadProfile, load: Load, a: dict[str, float], api: ApiPrice):
    """Route the simple share to a small local model; returns (plan or None, break-even of the share)."""
    share = p.simple_share
    if not share or share <= 0:
        return None, None
    small = k.models.find(DEFAULT_MODEL["small"]) or min(k.models, key=lambda m: m.params_b)
    simple_load = Load(load.tokens_per_day * share, load.output_share, load.peak_to_average, load.utilisation)
    options = plan_options(k, p.model_copy(update={"open_model": None}), small, simple_load, a)
    if not options:
        return None, None
    api_m = api_per_million(api, load.output_share, a.get("cached_input_share", 0.0))
    be = break_even(api_m * (1 - HYBRID_SAVING), options, simple_load)
    best = options[0]
    api_only = load.tokens_per_day * DAYS_PER_MONTH * api_m / 1e6
    monthly = best.option.monthly_usd + api_only * (1 - share)
    plan = HybridPlan(
        simple_share=share,
        local_plan=best.plan,
        api_model=api.name,
        monthly_usd=monthly,
        api_only_monthly_usd=api_only,
        savings_monthly_usd=api_only - monthly,
    )
    return plan, (be / share if be is not None else None)


def build_context(k: Knowledge, p: WorkloadProfile) -> Context:
    a = assumptions(k, p.assumptions)
    model, assumed = choose_model(k, p)
    api = resolve_api(k, p.api_model, p.capability)
    hosted = hosted_open_api(k, model, adapters=bool(p.fine_tuned))
    load, options, be_api, be_hosted, hybrid, hybrid_be = None, [], None, None, None, None
    if p.tokens_per_day is not None and p.tokens_per_day > 0:
        load = Load(
            p.tokens_per_day,
            p.output_share if p.output_share is not None else a["output_share"],
            p.peak_to_average or a["peak_to_average"],
            a["target_utilisation"],
        )
        options = plan_options(k, p, model, load, a)
        cached = a.get("cached_input_share", 0.0)
        be_api = break_even(api_per_million(api, load.output_share, cached), options, load)
        if hosted is not None:
            be_hosted = break_even(api_per_million(hosted, load.output_share), options, load)
        hybrid, hybrid_be = hybrid_plan(k, p, load, a, api)
    return Context(k, p, a, model, assumed, api, hosted, load, options, be_api, be_hosted, hybrid, hybrid_be)


# --- facts -----------------------------------------------------------------------------------------


def facts_for(ctx: Context, fired: set[str]) -> dict[str, Any]:
    facts = dict(base_facts(ctx))
    _derive(facts, fired, ctx.k.tree)
    return facts


def _derive(facts: dict[str, Any], fired: set[str], tree: Tree) -> None:
    """The facts that follow from the findings fired so far (a finding marked ``hard`` in the tree rules
    out every cloud API)."""
    facts["no_cloud_api"] = any(tree.findings[f].hard for f in fired)
    facts["fired"] = set(fired)
    facts["self_host_practical"] = not ({"low_volume", "infra_skills"} <= fired)


def base_facts(ctx: Context) -> dict[str, Any]:
    """Profile fields and engine figures the tree may ask about (computed once per context)."""
    if ctx.facts is not None:
        return ctx.facts
    p = ctx.profile
    fields = WorkloadProfile.model_fields
    facts: dict[str, Any] = {name: getattr(p, name) for name in ctx.k.tree.facts if name in fields}
    facts["break_even_tokens_per_day"] = decision_break_even(ctx)
    facts["break_even_api_tokens_per_day"] = ctx.break_even_api
    facts["self_host_possible"] = bool(ctx.options) if ctx.load else None
    facts["hybrid_worthwhile"] = (
        ctx.hybrid is not None
        and (p.simple_share or 0) >= HYBRID_MIN_SHARE
        and ctx.hybrid_break_even is not None
        and p.tokens_per_day is not None
        and p.tokens_per_day >= ctx.hybrid_break_even
    )
    ctx.facts = facts
    return facts


def decision_break_even(ctx: Context) -> float | None:
    """Self-hosting must beat both the team's API and a hosted open-weight API serving the same model."""
    if ctx.break_even_api is None:
        return None
    if ctx.hosted is not None and ctx.break_even_hosted is None:
        return None  # the hosted open-weight API stays cheaper at every volume
    return max(ctx.break_even_api, ctx.break_even_hosted or 0.0)


def show(name: str, value: Any, tree: Tree) -> str:
    """A fact's value as people read it."""
    if value is None:
        return "unknown"
    spec = tree.facts.get(name)
    kind = spec.type if spec else "text"
    if kind == "volume":
        return f"{human(value)} tokens/day"
    if kind == "ms":
        return f"{value:g} ms"
    if kind == "set":
        return ", ".join(sorted(value)) or "none"
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "fraction":
        return f"{value:.0%}"
    return str(value)


# --- the walk --------------------------------------------------------------------------------------


@dataclass
class Walk:
    path: list[PathStep]
    fired: list[str]
    leaf: str


def walk(ctx: Context, explain: bool = True) -> Walk:
    """Follow the tree from its root to a leaf; with ``explain``, record every step for people."""
    tree: Tree = ctx.k.tree
    fired: list[str] = []
    path: list[PathStep] = []
    name = tree.root
    facts = facts_for(ctx, set())
    for _ in range(len(tree.nodes) + 1):
        node = tree.nodes[name]
        value = facts.get(node.fact)
        branch = next(b for b in node.branches if matches(b.when, value, facts))
        if explain:
            path.append(_step(name, node, branch, value, facts, tree))
        for f in branch.fire:
            if f not in fired:
                fired.append(f)
        if branch.fire:
            _derive(facts, set(fired), tree)
        if branch.leaf:
            return Walk(path, fired, branch.leaf)
        name = branch.next  # type: ignore[assignment]
    raise RuntimeError("tree walk did not reach a leaf")  # the loader rules this out


def _step(name: str, node: Any, branch: Any, value: Any, facts: dict[str, Any], tree: Tree) -> PathStep:
    target = branch.next or branch.leaf or ""
    rule = branch.rule
    for ref in branch.when.referenced_facts():
        rule += f" ({ref.replace('_', ' ')} = {show(ref, facts.get(ref), tree)})"
    fired = "fires " + ", ".join(branch.fire) + "; " if branch.fire else ""
    return PathStep(
        node=name,
        question=node.question,
        fact=node.fact,
        value=show(node.fact, value, tree),
        rule=rule,
        outcome=fired + (f"leaf {target}" if branch.leaf else f"next {target}"),
    )


# --- assembling the recommendation -----------------------------------------------------------------


def findings(ctx: Context, fired: list[str], facts: Mapping[str, Any], sources: Mapping[str, str]):
    tree: Tree = ctx.k.tree
    shown = {name: show(name, facts.get(name), tree) for name in tree.facts}
    triggers: list[Finding] = []
    blockers: list[Finding] = []
    for fid in fired:
        spec = tree.findings[fid]
        field = spec.field
        f = Finding(
            id=fid,
            title=spec.title,
            why=spec.why.format_map(_Default(shown)),
            hard=spec.hard,
            source_text=sources.get(field) if field else None,
        )
        (triggers if spec.kind == "trigger" else blockers).append(f)
    return triggers, blockers


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return key


def conflicts(ctx: Context, fired: list[str]) -> list[Conflict]:
    """The tree's conflict rules that match the findings fired, with the way through for this model."""
    out = []
    for cid, spec in ctx.k.tree.conflicts.items():
        anyof = [f for f in spec.any_of if f in fired]
        if all(f in fired for f in spec.all_of) and (anyof or not spec.any_of):
            out.append(Conflict(
                id=cid,
                between=[*anyof, *spec.all_of],
                why=spec.why,
                way_through=spec.way_through.format_map(_Default({"model": ctx.model.name})),
            ))
    return out


def cost_options(ctx: Context, no_cloud_api: bool = False) -> Costs | None:
    if ctx.load is None:
        return None
    load, cached = ctx.load, ctx.a.get("cached_input_share", 0.0)
    api = api_option(ctx.api, load.tokens_per_day, load.output_share, cached)
    options: list[CostOption] = [api]
    if ctx.hosted is not None:
        options.append(api_option(ctx.hosted, load.tokens_per_day, load.output_share))
    if no_cloud_api:  # shown for comparison, but a hard constraint rules them out
        options = [o.model_copy(update={"possible": False, "note": "ruled out: no cloud API may be used"})
                   for o in options]
    seen_kinds: set[tuple[str, str]] = set()
    seen_devices: set[tuple[bool, str, bool]] = set()
    yours = [o for o in ctx.options if o.own_limit is not None]
    # the team's own hardware first, then the cheapest of each device, owned or rented, a few of each vendor
    for o in [*yours[:1], *ctx.options]:
        key = ("owned" if o.owned else "rented", o.candidate.setup.device.vendor)
        device = (o.owned, o.candidate.setup.device.id, o.own_limit is not None)
        if device in seen_devices or (key in seen_kinds and len(options) >= 6):
            continue
        seen_kinds.add(key)
        seen_devices.add(device)
        options.append(o.option)
        if len(options) >= 8:
            break
    if ctx.hybrid is not None:
        h = ctx.hybrid
        options.append(
            CostOption(
                id="hybrid",
                label=f"Hybrid: {h.simple_share:.0%} local ({h.local_plan.device}), rest {ctx.api.name}",
                kind="hybrid",
                monthly_usd=ctx.hybrid.monthly_usd,
                per_million_usd=ctx.hybrid.monthly_usd / (load.tokens_per_day * DAYS_PER_MONTH) * 1e6,
                devices=ctx.hybrid.local_plan.devices,
            )
        )
    possible = [o for o in options if o.possible]
    best = ctx.options[0].option.id if ctx.options else None
    return Costs(
        tokens_per_day=load.tokens_per_day,
        output_share=load.output_share,
        options=options,
        cheapest=min(possible, key=lambda o: o.monthly_usd).id if possible else None,
        api_option=api.id,
        self_host_option=best,
        break_even_tokens_per_day=decision_break_even(ctx),
        break_even_api_tokens_per_day=ctx.break_even_api,
        break_even_hosted_tokens_per_day=ctx.break_even_hosted,
        assumptions={k: v for k, v in ctx.a.items()},
    )


def fmt(template: str, facts: Mapping[str, Any], tree: Tree) -> str:
    return template.format_map(_Default({n: show(n, facts.get(n), tree) for n in tree.facts}))

