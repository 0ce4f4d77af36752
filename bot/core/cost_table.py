"""The cost table of a recommendation: the API options (with where they keep data, what they sign and how
fast they answer; ruled out with the reason when they cannot take the data), the self-host options within
where the model may run, and the hybrid."""

from __future__ import annotations

from .api_choice import blocker, compliant_alternatives, hosts_of, latency, meets, open_model_of
from .api_pricing import api_option, price_label, provider_name, team_api
from .context import Context, own_hardware
from .costs import SelfHostCost
from .knowledge import ApiPrice
from .recommendation import CostOption, Costs
from .tree import decision_break_even
from .units import DAYS_PER_MONTH

MAX_OPTIONS = 8
MAX_SELF_HOST = 6


def cost_options(
    ctx: Context, no_cloud_api: bool = False, why_no_api: str = "no cloud API may be used"
) -> Costs | None:
    if ctx.load is None:
        return None
    load = ctx.load
    apis = api_options(ctx, no_cloud_api, why_no_api)
    own = self_host_options(ctx, len(apis))
    options = [*apis, *own]
    if ctx.hybrid is not None:
        h = ctx.hybrid
        options.append(CostOption(
            id="hybrid",
            label=f"Hybrid: {h.simple_share:.0%} local ({h.local_plan.device}), rest {ctx.api.name}",
            kind="hybrid",
            monthly_usd=h.monthly_usd,
            per_million_usd=h.monthly_usd / (load.tokens_per_day * DAYS_PER_MONTH) * 1e6,
            devices=h.local_plan.devices,
            hosting=h.local_plan.hosting,
            machines=h.local_plan.machines,
        ))
    possible = [o for o in options if o.possible and o.meets_targets]
    return Costs(
        tokens_per_day=load.tokens_per_day,
        output_share=load.output_share,
        options=options,
        cheapest=min(possible, key=lambda o: o.monthly_usd).id if possible else None,
        api_option=f"api:{ctx.api.id}",
        self_host_option=ctx.options[0].option.id if ctx.options else None,
        break_even_tokens_per_day=decision_break_even(ctx),
        break_even_api_tokens_per_day=ctx.break_even_api,
        break_even_hosted_tokens_per_day=ctx.break_even_hosted,
        assumptions=dict(ctx.a),
    )


def api_options(ctx: Context, no_cloud_api: bool, why_no_api: str) -> list[CostOption]:
    """The team's API, the baseline that may take the data (when another), the hosted open-weight option,
    and the cheapest compliant offerings when a region or compliance regime is asked for."""
    assert ctx.load is not None
    team = team_api(ctx.k, ctx.profile)
    shown: list[ApiPrice] = [team]
    if ctx.api is not team:
        shown.append(ctx.api)
    unfiltered = _cheapest_hosted(ctx)
    for hosted in (ctx.hosted, unfiltered):
        if hosted is not None and hosted not in shown:
            shown.append(hosted)
    shown += compliant_alternatives(ctx.k, ctx.profile, ctx.load.output_share, shown)
    return [_api_row(ctx, q, no_cloud_api, why_no_api) for q in shown]


def _cheapest_hosted(ctx: Context) -> ApiPrice | None:
    """The cheapest host of the planned open-weight model that cannot take the data (shown ruled out, so the
    reader sees why it is not the answer)."""
    same = [q for q in hosts_of(ctx.k, ctx.model) if blocker(ctx.k, q, ctx.profile) is not None]
    return min(same, key=lambda q: q.input_per_m + q.output_per_m, default=None)


def _api_row(ctx: Context, price: ApiPrice, no_cloud_api: bool, why_no_api: str) -> CostOption:
    assert ctx.load is not None
    cached = ctx.a.get("cached_input_share", 0.0) if price is ctx.api else 0.0
    row = api_option(price, ctx.load.tokens_per_day, ctx.load.output_share, cached)
    offering = ctx.k.terms.offering(price) if ctx.k.terms else None
    speed = latency(ctx.k, price)
    update: dict[str, object] = {
        "regions": list(offering.regions) if offering else None,
        "compliance": list(offering.compliance) if offering else None,
        "ttft_ms": speed.ttft_ms if speed else None,
    }
    if price.open_model:
        model = open_model_of(ctx.k, price)
        update["label"] = f"a hosted {model.name if model else price.open_model} ({provider_name(price)})"
    why = blocker(ctx.k, price, ctx.profile)
    if no_cloud_api:
        update |= {"possible": False, "note": f"ruled out: {why_no_api}"}
    elif why is not None:
        update |= {"possible": False, "note": f"ruled out: {price_label(price)} {why}"}
    if not meets(ctx.k, price, ctx.targets.max_ttft_ms, ctx.targets.min_tps):
        update["meets_targets"] = False
    return row.model_copy(update=update)


def self_host_options(ctx: Context, taken: int) -> list[CostOption]:
    """The team's own hardware first, then the cheapest of each device and place, a few of each vendor; when
    nothing meets the targets, the nearest plans (marked as missing them)."""
    pool: list[SelfHostCost] = ctx.options or ctx.near
    yours = [o for o in pool if o.own_limit is not None]
    out: list[CostOption] = []
    blocked = own_hardware(ctx)
    if blocked is not None:
        out.append(blocked.option)
    seen_kinds: set[tuple[str, str]] = set()
    seen: set[tuple[str, str, bool]] = set()
    for o in [*yours[:1], *pool]:
        device = o.candidate.setup.device
        kind = (o.mode, device.vendor)
        key = (o.mode, device.id, o.own_limit is not None)
        if key in seen or (kind in seen_kinds and len(out) >= 3):
            continue
        seen_kinds.add(kind)
        seen.add(key)
        out.append(o.option)
        if len(out) >= MAX_SELF_HOST or taken + len(out) >= MAX_OPTIONS + 2:
            break
    return out
