"""The API side of the comparison: blended list prices, the team's API baseline, hosted open-weight APIs."""

from __future__ import annotations

from typing import Literal

from .knowledge import ApiPrice, Knowledge, ModelArch, NotFound
from .profile import WorkloadProfile
from .recommendation import CostOption
from .units import DAYS_PER_MONTH


def api_per_million(price: ApiPrice, output_share: float, cached_share: float = 0.0) -> float:
    """Blended $ per 1M tokens for an input/output split (cached input billed at the cached rate)."""
    cached_rate = price.cached_input_per_m if price.cached_input_per_m is not None else price.input_per_m
    input_rate = (1 - cached_share) * price.input_per_m + cached_share * cached_rate
    return (1 - output_share) * input_rate + output_share * price.output_per_m


def price_label(price: ApiPrice) -> str:
    """ "GPT-4o (openai)", but "Llama 3.3 70B Versatile (Groq)" stays as it is."""
    return price.name if price.provider.lower() in price.name.lower() else f"{price.name} ({price.provider})"


PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google", "groq": "Groq",
                  "together": "Together AI", "fireworks": "Fireworks", "deepseek": "DeepSeek", "nebius": "Nebius",
                  "bedrock": "Amazon Bedrock", "azure": "Azure OpenAI", "vertex": "Vertex AI"}


def provider_name(price: ApiPrice) -> str:
    return PROVIDER_NAMES.get(price.provider, price.provider)


def api_option(
    price: ApiPrice, tokens_per_day: float, output_share: float, cached_share: float = 0.0
) -> CostOption:
    per_m = api_per_million(price, output_share, cached_share)
    monthly = tokens_per_day * DAYS_PER_MONTH * per_m / 1e6
    output_monthly = tokens_per_day * DAYS_PER_MONTH * output_share * price.output_per_m / 1e6
    kind: Literal["hosted_open", "api"] = "hosted_open" if price.open_model else "api"
    return CostOption(
        id=f"api:{price.id}",
        label=price_label(price),
        kind=kind,
        monthly_usd=monthly,
        per_million_usd=per_m,
        breakdown={"input": monthly - output_monthly, "output": output_monthly},
        note=f"${price.input_per_m:g} in / ${price.output_per_m:g} out per 1M, list price as of {price.as_of}",
    )


def resolve_api(k: Knowledge, name: str | None, capability: str | None) -> ApiPrice:
    """The team's API baseline: named, or the usual choice for the capability it needs."""
    if name:
        return k.prices.get(name)
    default = {"small": "gpt-4o-mini", "mid": "gpt-4o", "frontier": "gpt-5"}.get(
        capability or "mid", "gpt-4o"
    )
    try:
        return k.prices.get(default)
    except NotFound:
        return next(p for p in k.prices if p.capability == (capability or "mid"))


def assumed_class(k: Knowledge, p: WorkloadProfile) -> str | None:
    """The capability class the API baseline is chosen for when the team names an open model but not the
    quality it needs: the named model's class ("Llama 3.1 8B" → small). The reader does not read it as a fact
    (naming a model is not stating a quality bar); the answer states it as an assumption. None otherwise."""
    if p.capability is not None or p.api_model or not p.open_model:
        return None
    model = k.models.find(p.open_model)
    return None if model is None else ("small" if model.capability == "small" else "mid")


def team_api(k: Knowledge, p: WorkloadProfile) -> ApiPrice:
    """The team's API baseline for a profile: the one named, else the usual one for the capability it needs
    (given, or assumed from the open model named)."""
    return resolve_api(k, p.api_model, p.capability or assumed_class(k, p))


def hosted_open_api(k: Knowledge, model: ModelArch, adapters: bool = False) -> ApiPrice | None:
    """The cheapest hosted API serving the same open-weight model (Together, Groq, Fireworks...).

    With ``adapters``, only hosts that serve a customer's fine-tuned adapter on the base model count.
    """
    hosted = [p for p in k.prices if p.open_model and (p.serves_adapters or not adapters)]
    same = [p for p in hosted if k.models.find(p.open_model) is model]
    if not same:
        same = [p for p in hosted if getattr(k.models.find(p.open_model), "capability", None) == model.capability]
    return min(same, key=lambda p: p.input_per_m + p.output_per_m, default=None)
