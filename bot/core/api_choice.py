"""Which APIs may take the team's data (data region, compliance terms), which one it is compared against, and
how fast they answer — from ``knowledge/api_terms.yaml`` over the price catalog's ids."""

from __future__ import annotations

from dataclasses import dataclass

from .api_pricing import api_per_million, price_label, team_api
from .knowledge import ApiPrice, Knowledge, ModelArch
from .profile import WorkloadProfile
from .terms import REGION_NAMES, TERM_NAMES, Latency

RANK = {"small": 0, "mid": 1, "frontier": 2}


def all_prices(k: Knowledge) -> list[ApiPrice]:
    """The price catalog plus the priced offerings of api_terms.yaml (Azure Data Zone, Bedrock, Vertex...)."""
    return [*k.prices, *(k.terms.extra_prices if k.terms else [])]


def open_model_of(k: Knowledge, price: ApiPrice) -> ModelArch | None:
    """The catalog model a hosted open-weight offering serves (memoised: names are matched once)."""
    if not price.open_model:
        return None
    return k.memoised(("open_model_of", price.id), lambda: k.models.find(price.open_model or ""))


def hosts_of(k: Knowledge, model: ModelArch) -> list[ApiPrice]:
    """Every offering that hosts this open-weight model."""
    return k.memoised(("hosts_of", model.id), lambda: [q for q in all_prices(k) if open_model_of(k, q) is model])


def blocker(k: Knowledge, price: ApiPrice, p: WorkloadProfile) -> str | None:
    """Why this offering cannot take the team's data (region or compliance), or None when it can."""
    region = p.data_region if p.data_region not in (None, "any") else None
    if region is None and not p.compliance:
        return None
    offering = k.terms.offering(price) if k.terms else None
    if offering is None:
        return f"no data-region or compliance terms on record for {price.provider}"
    if region is not None and region not in offering.regions:
        where = " and ".join(REGION_NAMES.get(r, r) for r in offering.regions) or "no stated region"
        return f"processes data in {where}; yours must stay in {REGION_NAMES[region]}"
    for regime in p.compliance:
        term = k.terms.requirements.get(regime)
        if term not in offering.compliance:
            return f"does not sign {TERM_NAMES.get(term or '', regime)} ({regime.upper()})"
    return None


@dataclass(frozen=True)
class Baseline:
    """The API the verdict compares against: the team's, or the nearest offering that may take its data."""

    price: ApiPrice
    usable: bool  # False: no catalogued API meets the team's region and compliance terms
    note: str | None = None  # why the baseline is not the team's own API


def baseline(k: Knowledge, p: WorkloadProfile, output_share: float) -> Baseline:
    team = team_api(k, p)
    why = blocker(k, team, p)
    if why is None:
        return Baseline(team, True)
    same = [q for q in all_prices(k) if q is not team and _same_model(k, q, team) and blocker(k, q, p) is None]
    alike = [q for q in all_prices(k) if RANK[q.capability] >= RANK[team.capability] and not q.open_model
             and blocker(k, q, p) is None]
    pool = same or alike
    if not pool:
        return Baseline(team, False, f"{price_label(team)} {why}, and no catalogued API of its class meets "
                                     "your data region and compliance terms")
    best = min(pool, key=lambda q: api_per_million(q, output_share))
    what = "the same model" if same else "the cheapest API of its class or above that does"
    return Baseline(best, True, f"{price_label(team)} {why}; compared with {price_label(best)} instead, {what}")


def _same_model(k: Knowledge, a: ApiPrice, b: ApiPrice) -> bool:
    """Two offerings of one model: an offering_prices entry names the other as ``same_as``."""
    extra: dict[str, str] = k.memoised(
        ("same_as",), lambda: {e.id: e.same_as for e in (k.terms.offering_prices if k.terms else [])})
    if extra.get(a.id) == b.id or extra.get(b.id) == a.id:
        return True
    return a.open_model is not None and a.open_model == b.open_model


def hosted_open(
    k: Knowledge, model: ModelArch, p: WorkloadProfile, adapters: bool = False, min_tps: float = 0.0
) -> ApiPrice | None:
    """The cheapest hosted API serving the same open-weight model that may take the data (else one of its
    class), among those fast enough for the team's targets when any is. Memoised on ``k`` by what it reads."""
    key = ("hosted_open", model.id, adapters, min_tps, p.data_region, tuple(p.compliance), p.latency_ms)
    found = k.memo.get(key)
    if found is None or found[0] is not model:
        found = k.memo[key] = (model, _hosted_open(k, model, p, adapters, min_tps))
    result: ApiPrice | None = found[1]
    return result


def _hosted_open(k: Knowledge, model: ModelArch, p: WorkloadProfile, adapters: bool, min_tps: float
                 ) -> ApiPrice | None:
    hosted = [q for q in all_prices(k) if q.open_model and (q.serves_adapters or not adapters)
              and blocker(k, q, p) is None]
    same = [q for q in hosted if open_model_of(k, q) is model]
    if not same:
        same = [q for q in hosted if getattr(open_model_of(k, q), "capability", None) == model.capability]
    fast = [q for q in same if meets(k, q, p.latency_ms, min_tps)]
    return min(fast or same, key=lambda q: q.input_per_m + q.output_per_m, default=None)


def meets(k: Knowledge, price: ApiPrice, max_ttft_ms: float | None, min_tps: float) -> bool:
    """The offering's typical speed meets the targets (True when its speed is not on record)."""
    speed = latency(k, price)
    if speed is None:
        return True
    return (max_ttft_ms is None or speed.ttft_ms <= max_ttft_ms) and speed.output_tokens_per_s >= min_tps


def latency(k: Knowledge, price: ApiPrice) -> Latency | None:
    return k.terms.speed(price) if k.terms else None


def compliant_alternatives(
    k: Knowledge, p: WorkloadProfile, output_share: float, shown: list[ApiPrice]
) -> list[ApiPrice]:
    """Offerings worth showing when terms matter: the compliant ones of the shown models' class, cheapest first."""
    if p.data_region in (None, "any") and not p.compliance:
        return []
    team, shown_ids = shown[0], {q.id for q in shown}
    usable = k.memoised(("compliant", p.data_region, tuple(p.compliance)),  # what blocker() depends on
                        lambda: [q for q in all_prices(k) if not q.open_model and blocker(k, q, p) is None])
    ok = [q for q in usable if q.id not in shown_ids]
    same = [q for q in ok if _same_model(k, q, team)]
    alike = sorted((q for q in ok if q.capability == team.capability and q not in same),
                   key=lambda q: api_per_million(q, output_share))
    return [*same, *alike][:2]
