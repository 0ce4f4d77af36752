"""Context: everything the walk and the explanation need, computed once from a profile — the model, the API
baseline that may take the data, where a self-hosted model may run, the targets, the costed options that meet
them (and the nearest that do not), break-evens, the hybrid, and the facts inferred from others."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .api_choice import Baseline, baseline, blocker, hosted_open, hosts_of, latency
from .api_pricing import api_per_million, price_label, team_api
from .breakeven import break_even
from .candidates import Targets, candidates, stream_floor
from .costs import Load, SelfHostCost, assumptions, best_self_host, self_host_cost
from .hosting import Where, where_from
from .knowledge import ApiPrice, Knowledge, ModelArch
from .profile import MAX_TOKENS_PER_DAY, WorkloadProfile
from .recommendation import HybridPlan, Inferred
from .units import DAYS_PER_MONTH, human, money

DEFAULT_MODEL = {"small": "qwen3-8b", "mid": "gpt-oss-120b"}
HYBRID_SAVING = 0.15  # routing must save at least this share of the API bill to be worth a local model
HYBRID_MIN_SHARE = 0.2
SPEND_MISMATCH = 2.0  # spend and stated volume further apart than this are flagged


@dataclass
class Context:
    """Everything the walk and the explanation need, computed once from the profile."""

    k: Knowledge
    profile: WorkloadProfile  # as given, plus inferred facts (a volume from the spend)
    a: dict[str, float]
    model: ModelArch
    model_assumed: bool
    base: Baseline
    hosted: ApiPrice | None
    where: Where
    targets: Targets
    load: Load | None = None
    options: list[SelfHostCost] = field(default_factory=list)  # meet the targets, cheapest first
    near: list[SelfHostCost] = field(default_factory=list)  # miss them, nearest first
    break_even_api: float | None = None
    break_even_hosted: float | None = None
    hybrid: HybridPlan | None = None
    hybrid_break_even: float | None = None
    hybrid_option: SelfHostCost | None = None  # the option behind hybrid.local_plan
    inferred: list[Inferred] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # given facts that disagree with each other
    # base_facts(ctx), computed once; not an __init__ field, so dataclasses.replace (a trial profile) starts afresh
    facts: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def api(self) -> ApiPrice:
        return self.base.price

    def api_speed(self) -> tuple[float, str] | None:
        """The typical time to first token of the fastest API the team may use, and its name: its own API
        and, when its quality bar allows an open-weight model, every host of that model that may take the data."""
        p = self.profile
        key = ("api_speed", self.model.id, self.api.id, self.base.usable, p.capability, p.data_region,
               tuple(p.compliance))

        def fastest() -> tuple[float, str] | None:
            pool = [self.api] if self.base.usable else []
            if p.capability in ("small", "mid"):
                pool += [q for q in hosts_of(self.k, self.model) if blocker(self.k, q, p) is None]
            timed = [(t.ttft_ms, price_label(q)) for q in pool if (t := latency(self.k, q)) is not None]
            return min(timed, default=None)

        result: tuple[float, str] | None = self.k.memoised(key, fastest)
        return result


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


def targets_for(k: Knowledge, p: WorkloadProfile) -> Targets:
    return Targets(p.latency_ms, stream_floor(k, p.min_tokens_per_s))


def plan_options(
    k: Knowledge, p: WorkloadProfile, model: ModelArch, load: Load, a: dict[str, float], where: Where,
) -> tuple[list[SelfHostCost], list[SelfHostCost]]:
    """Costed self-host options within where it may run: (meeting the targets cheapest first, the rest
    nearest first)."""
    devices = list(k.devices)
    owned_id = None
    if p.hardware:
        owned = k.devices.get(p.hardware)
        owned_id = owned.id
        devices = [owned, *(d for d in devices if d is not owned)]
    targets = targets_for(k, p)

    def costed() -> tuple[list[SelfHostCost], list[SelfHostCost]]:
        cands = candidates(k, model, output_share=load.output_share, targets=targets, devices=devices)
        opts = best_self_host(k, cands, load, a, skills=p.infra_skills, where=where, owned_device=owned_id,
                              owned_count=p.hardware_count)
        meeting = [o for o in opts if o.candidate.meets]
        near = sorted((o for o in opts if not o.candidate.meets),
                      key=lambda o: (round(targets.shortfall(o.candidate.throughput), 2), o.monthly))
        return meeting, near

    meeting, near = k.memoised(plan_key(p, model, load, a, where, targets), costed)
    return list(meeting), list(near)


def plan_key(p: WorkloadProfile, model: ModelArch, load: Load, a: dict[str, float], where: Where,
             targets: Targets) -> tuple[Any, ...]:
    """What the costed options depend on (they are memoised on the knowledge base by it)."""
    return ("plan_options", model.id, load, tuple(sorted(a.items())), where, p.infra_skills, p.hardware,
            p.hardware_count, targets)


def options_break_even(k: Knowledge, key: tuple[Any, ...], api_per_m: float, options: list[SelfHostCost],
                       load: Load) -> float | None:
    """``break_even`` of the options costed under ``key`` (memoised: the same options, the same API price)."""
    return k.memoised(("break_even_of", key, api_per_m), lambda: break_even(api_per_m, options, load, k))


def own_hardware(ctx: Context) -> SelfHostCost | None:
    """The team's own devices as an option even when they cannot carry the load (shown with the reason)."""
    p = ctx.profile
    if not p.hardware or ctx.load is None or any(o.own_limit is not None for o in [*ctx.options, *ctx.near]):
        return None
    device = ctx.k.devices.get(p.hardware)
    cands = candidates(ctx.k, ctx.model, output_share=ctx.load.output_share, targets=ctx.targets, devices=[device])
    if device.price is None or not cands:
        return None
    own = [self_host_cost(c, ctx.load, ctx.a, skills=p.infra_skills, ha=ctx.where.ha, capex_sunk=True,
                          own_limit=p.hardware_count or c.setup.devices) for c in cands]
    return min(own, key=lambda o: (not o.candidate.meets, o.devices))


def load_for(p: WorkloadProfile, a: dict[str, float], tokens_per_day: float) -> Load:
    return Load(tokens_per_day, p.output_share if p.output_share is not None else a["output_share"],
                p.peak_to_average or a["peak_to_average"], a["target_utilisation"])


# --- facts worked out from others ------------------------------------------------------------------


def infer_volume(k: Knowledge, p: WorkloadProfile, a: dict[str, float]) -> tuple[WorkloadProfile, list[Inferred],
                                                                                    list[str]]:
    """A monthly API spend with no volume gives the volume (at the API's list price); with a volume, a
    disagreement over 2× is flagged."""
    spend = p.monthly_api_spend_usd
    if not spend:
        return p, [], []
    team = team_api(k, p)
    share = p.output_share if p.output_share is not None else a["output_share"]
    per_m = api_per_million(team, share, a.get("cached_input_share", 0.0))
    implied = min(spend / DAYS_PER_MONTH / per_m * 1e6, MAX_TOKENS_PER_DAY)
    working = (f"{money(spend)}/month ÷ {DAYS_PER_MONTH:g} days ÷ {money(per_m)} per 1M tokens on "
               f"{price_label(team)} ({share:.0%} output) = {human(implied)} tokens/day")
    if p.tokens_per_day is None:
        inferred = Inferred(field="tokens_per_day", value=implied, working=working)
        return p.model_copy(update={"tokens_per_day": implied}), [inferred], []
    given = p.tokens_per_day
    ratio = max(implied, given) / min(implied, given) if min(implied, given) > 0 else float("inf")
    if ratio <= SPEND_MISMATCH:
        return p, [], []
    apart = f"{ratio:.1f}× apart" if ratio != float("inf") else "one of them is 0"
    return p, [], [f"Your spend and your volume disagree ({apart}): {working}, but the volume given is "
                   f"{human(given)} tokens/day. The plan uses {human(given)}; check the API model, the output "
                   "share, or either figure."]


# --- the hybrid ------------------------------------------------------------------------------------


def hybrid_plan(ctx: Context) -> tuple[HybridPlan | None, float | None, SelfHostCost | None]:
    """Route the simple share to a small local model; (plan or None, the volume above which it saves enough, the
    option the local plan runs on)."""
    p, k, load, a = ctx.profile, ctx.k, ctx.load, ctx.a
    share = p.simple_share
    if not share or share <= 0 or load is None:
        return None, None, None
    small = k.models.find(DEFAULT_MODEL["small"]) or min(k.models, key=lambda m: m.params_b)
    simple_load = load.at(load.tokens_per_day * share)
    options, _ = plan_options(k, p.model_copy(update={"open_model": None}), small, simple_load, a, ctx.where)
    if not options:
        return None, None, None
    api_m = api_per_million(ctx.api, load.output_share, a.get("cached_input_share", 0.0))
    small_p = p.model_copy(update={"open_model": None})
    key = plan_key(small_p, small, simple_load, a, ctx.where, targets_for(k, small_p))
    be = options_break_even(k, key, api_m * (1 - HYBRID_SAVING), options, simple_load)
    best = options[0]
    api_only = load.tokens_per_day * DAYS_PER_MONTH * api_m / 1e6
    monthly = best.option.monthly_usd + api_only * (1 - share)
    plan = HybridPlan(simple_share=share, local_plan=best.plan, api_model=ctx.api.name, monthly_usd=monthly,
                      api_only_monthly_usd=api_only, savings_monthly_usd=api_only - monthly,
                      rivals=hybrid_rivals(ctx, small, share, api_only))
    return plan, (be / share if be is not None else None), best


def hybrid_rivals(ctx: Context, small: ModelArch, share: float, api_only: float) -> dict[str, float]:
    """What else could carry the same work: a hosted open-weight model for all of it (when the quality bar is
    known to allow it), or the simple share on a hosted small open-weight model and the rest on the API."""
    assert ctx.load is not None
    out: dict[str, float] = {}
    volume = ctx.load.tokens_per_day * DAYS_PER_MONTH / 1e6
    if ctx.hosted is not None and ctx.profile.capability in ("small", "mid"):
        out[f"all on a hosted {ctx.model.name} ({price_label(ctx.hosted)})"] = (
            volume * api_per_million(ctx.hosted, ctx.load.output_share))
    hosted_small = hosted_open(ctx.k, small, ctx.profile)
    if hosted_small is not None and ctx.base.usable:
        out[f"the simple {share:.0%} on a hosted {small.name} ({price_label(hosted_small)}), the rest on the API"] = (
            volume * share * api_per_million(hosted_small, ctx.load.output_share) + api_only * (1 - share))
    return out


# --- assembling ------------------------------------------------------------------------------------


def build_context(k: Knowledge, given: WorkloadProfile) -> Context:
    a = assumptions(k, given.assumptions)
    p, inferred, checks = infer_volume(k, given, a)
    model, assumed = choose_model(k, p)
    share = p.output_share if p.output_share is not None else a["output_share"]
    targets = targets_for(k, p)
    hosted = hosted_open(k, model, p, bool(p.fine_tuned), targets.min_tps)
    ctx = Context(k, p, a, model, assumed, baseline(k, p, share), hosted, where_from(p), targets,
                  inferred=inferred, checks=checks)
    if p.tokens_per_day is None or p.tokens_per_day <= 0:
        return ctx
    ctx.load = load_for(p, a, p.tokens_per_day)
    ctx.options, ctx.near = plan_options(k, p, model, ctx.load, a, ctx.where)
    key = plan_key(p, model, ctx.load, a, ctx.where, targets)
    cached = a.get("cached_input_share", 0.0)
    ctx.break_even_api = options_break_even(k, key, api_per_million(ctx.api, share, cached), ctx.options, ctx.load)
    if ctx.hosted is not None:
        ctx.break_even_hosted = options_break_even(k, key, api_per_million(ctx.hosted, share), ctx.options,
                                                   ctx.load)
    ctx.hybrid, ctx.hybrid_break_even, ctx.hybrid_option = hybrid_plan(ctx)
    return ctx


def probe_load(ctx: Context) -> Load:
    """With no volume: light traffic, to size a first deployment of one replica."""
    return Load(1e6, ctx.a["output_share"], 1.0, ctx.a["target_utilisation"])


def probe_options(ctx: Context) -> tuple[list[SelfHostCost], list[SelfHostCost]]:
    return plan_options(ctx.k, ctx.profile, ctx.model, probe_load(ctx), ctx.a, ctx.where)
