"""genai-prices (the Pydantic team's maintained price database) → the catalog's ``ApiPrice`` entries.

Pure: it reads a list of genai-prices ``Provider`` objects (the package's bundled snapshot, or a newer one
``prices refresh`` fetched) and our extras from ``knowledge/api_prices.yaml`` (tier/capability class,
hosted-open → catalog model links, adapter serving, old ids as aliases), keyed by ``PROVIDER/MODEL``: the
genai-prices provider id and model id, lower-cased. Prices are read at ``when`` (the shell's clock), so
scheduled price changes in the data take effect on their date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from .knowledge import ApiPrice, ApiPriceEntry, PriceTier
from .prices_import import guess_tier

# Providers whose list prices the advisor compares (first-party APIs, then hosts of open-weight models).
MAJOR = ("openai", "anthropic", "google", "x-ai", "deepseek", "mistral", "moonshotai", "zai", "minimax",
         "groq", "together", "fireworks", "cerebras")
HOSTS = {"groq", "together", "fireworks", "cerebras"}
NOT_CHAT = re.compile(r"embed|tts|whisper|transcri|voice|image|dall-?e|moderation|realtime|audio|ocr|rerank|"
                      r"robotics|nano-banana|live-|computer-use|search|guard|davinci|babbage|sora|veo|lyria",
                      re.IGNORECASE)
_DATE = re.compile(r"20\d\d-[01]\d-[0-3]\d")
_SAID = ("checked", "verified", "as of", "updated", "launched")  # words before a date that say it is past


def price_id(provider_id: str, model_id: str) -> str:
    """The catalog id of a genai-prices model: ``PROVIDER/MODEL`` lower-cased (``groq/openai/gpt-oss-120b``)."""
    return f"{provider_id}/{model_id}".lower()


def snapshot_date(providers: Iterable[Any], not_after: dt.date) -> dt.date | None:
    """The newest date the maintainers say they checked a price, from the data's own comments."""
    found: list[dt.date] = []
    for p in providers:
        texts = [p.price_comments or "", *((m.price_comments or "") for m in p.models)]
        for text in texts:
            for match in _DATE.finditer(text):
                before = text[max(match.start() - 48, 0):match.start()].lower()
                if not any(word in before for word in _SAID):
                    continue
                try:
                    day = dt.date.fromisoformat(match.group())
                except ValueError:
                    continue
                if day <= not_after:
                    found.append(day)
    return max(found, default=None)


def _money(value: Any) -> float | None:
    base = getattr(value, "base", value)
    return float(base) if isinstance(base, Decimal | int | float) and base > 0 else None


def _tiers(value: Any, output: Any) -> list[PriceTier]:
    out_tiers = {t.start: float(t.price) for t in getattr(output, "tiers", [])}
    return [PriceTier(above_tokens=t.start, input_per_m=float(t.price), output_per_m=out_tiers.get(t.start))
            for t in getattr(value, "tiers", [])]


def _entry(provider: Any, model: Any, when: dt.datetime, extra: ApiPriceEntry | None, as_of: dt.date,
           label: str) -> ApiPrice | None:
    std = model.get_prices(when)
    inp, out = _money(getattr(std, "input_mtok", None)), _money(getattr(std, "output_mtok", None))
    if inp is None or out is None:
        return None
    batch = model.get_prices(when, {"processing": "batch"})
    b_in, b_out = _money(getattr(batch, "input_mtok", None)), _money(getattr(batch, "output_mtok", None))
    cached = _money(getattr(std, "cache_read_mtok", None))
    ident = price_id(provider.id, model.id)
    tier, capability = guess_tier("groq" if provider.id in HOSTS else provider.id, out)
    fields: dict[str, Any] = {
        "id": ident, "name": model.name or model.id, "provider": provider.id,
        "aliases": [] if provider.id in HOSTS else [model.id.lower()],  # hosts share model ids: no bare alias
        "tier": tier, "capability": capability, "input_per_m": inp, "output_per_m": out,
        "cached_input_per_m": cached if cached is not None and cached <= inp else None,
        "batch_input_per_m": b_in if b_in is not None and b_in < inp else None,
        "batch_output_per_m": b_out if b_in is not None and b_in < inp else None,
        "tiers": _tiers(getattr(std, "input_mtok", None), getattr(std, "output_mtok", None)),
        "deprecated": bool(model.deprecated),
        "source": f"{label}: {(provider.pricing_urls or [provider.name])[0]}", "as_of": as_of,
    }
    if extra is not None:
        overrides = extra.overrides()
        overrides["aliases"] = [*fields["aliases"], *overrides.get("aliases", [])]
        fields.update(overrides)
    try:
        return ApiPrice.model_validate(fields)
    except ValidationError:
        return None  # an implausible figure in the data: left out rather than guessed


def from_genai(providers: Iterable[Any], extras: Mapping[str, ApiPriceEntry], when: dt.datetime, as_of: dt.date,
               label: str) -> list[ApiPrice]:
    """Every chat model of the major providers, with our extras applied; first-party providers first."""
    by_id = {p.id: p for p in providers}
    out: list[ApiPrice] = []
    for pid in MAJOR:
        provider = by_id.get(pid)
        for model in provider.models if provider is not None else ():
            if NOT_CHAT.search(model.id) or NOT_CHAT.search(model.name or ""):
                continue
            entry = _entry(provider, model, when, extras.get(price_id(pid, model.id)), as_of, label)
            if entry is not None:
                out.append(entry)
    return out
