"""Import API prices from LiteLLM's ``model_prices_and_context_window.json`` format (pure: data in, data out).

LiteLLM keeps one entry per model name with prices in USD *per token*; the catalog keeps USD *per 1M tokens*.
Entries that are not chat models are skipped; entries whose figures are implausible (a per-1M price typed into a
per-token field, a zero or negative price, text where a number belongs) are rejected with a reason naming the
entry and the field. Imported prices are merged into the existing catalog: a known model keeps its tier,
capability, aliases and ``open_model`` and gets the new prices; an unknown one is added with a tier guessed
from its price.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from .knowledge import ApiPrice, ApiTier, normalise

PER_M = 1_000_000
MIN_PER_M = 0.001  # $ per 1M tokens; below this a figure is almost certainly mis-scaled
MAX_PER_M = 1000.0  # $ per 1M tokens; above this a figure is almost certainly already per 1M

# LiteLLM field -> ApiPrice field; the first two are required.
FIELDS = {
    "input_cost_per_token": "input_per_m",
    "output_cost_per_token": "output_per_m",
    "cache_read_input_token_cost": "cached_input_per_m",
    "input_cost_per_token_batches": "batch_input_per_m",
    "output_cost_per_token_batches": "batch_output_per_m",
}
REQUIRED = ("input_cost_per_token", "output_cost_per_token")

# LiteLLM provider names -> the catalog's provider names
PROVIDERS = {
    "together_ai": "together",
    "fireworks_ai": "fireworks",
    "gemini": "google",
    "vertex_ai-language-models": "google",
    "text-completion-openai": "openai",
}
HOSTED_OPEN = {"together", "fireworks", "groq", "deepinfra", "deepseek", "perplexity", "anyscale", "replicate"}
_ID_BAD = re.compile(r"[^a-z0-9._:/-]+")


class PriceImportError(ValueError):
    """The file as a whole cannot be imported (not a JSON object of entries)."""


@dataclass(frozen=True)
class Rejected:
    name: str
    reason: str


@dataclass
class ImportResult:
    accepted: list[ApiPrice] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: int = 0  # non-chat entries and the sample_spec key


@dataclass
class MergeResult:
    prices: list[ApiPrice]
    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def import_litellm(
    raw: Any, as_of: dt.date, source: str = "LiteLLM model_prices_and_context_window.json"
) -> ImportResult:
    """Parse LiteLLM's price map into catalog entries; never raises for a bad entry, only for a bad file."""
    if not isinstance(raw, Mapping):
        raise PriceImportError("expected a JSON object mapping model names to price entries")
    result = ImportResult()
    for name, entry in raw.items():
        if name == "sample_spec" or (isinstance(entry, Mapping) and entry.get("mode") != "chat"):
            result.skipped += 1
            continue
        try:
            result.accepted.append(_entry(str(name), entry, as_of, source))
        except _Reject as e:
            result.rejected.append(Rejected(str(name), str(e)))
    return result


class _Reject(Exception):
    pass


def _entry(name: str, entry: Any, as_of: dt.date, source: str) -> ApiPrice:
    if not isinstance(entry, Mapping):
        raise _Reject("entry is not an object")
    prices: dict[str, Any] = {}
    for litellm_field, ours in FIELDS.items():
        value = entry.get(litellm_field)
        if value is None:
            if litellm_field in REQUIRED:
                raise _Reject(f"field {litellm_field!r} is missing")
            continue
        prices[ours] = _per_m(litellm_field, value)
    provider = _provider(name, entry)
    tier, capability = guess_tier(provider, prices["output_per_m"])
    try:
        return ApiPrice(
            id=make_id(name), name=name, provider=provider, tier=tier, capability=capability,
            source=f"{source} ({name})", as_of=as_of, **prices,
        )
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "entry"
        raise _Reject(f"field {loc!r}: {first['msg']}") from None


def _per_m(litellm_field: str, value: Any) -> float:
    """Per-token $ -> per-1M $, rejecting non-numbers and implausible magnitudes."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Reject(f"field {litellm_field!r} must be a number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise _Reject(f"field {litellm_field!r} must be a positive price, got {value!r}")
    per_m = round(value * PER_M, 6)
    if per_m > MAX_PER_M:
        raise _Reject(
            f"field {litellm_field!r} = {value!r} would be ${per_m:,.0f} per 1M tokens; it looks like a "
            "per-1M price in a per-token field"
        )
    if per_m < MIN_PER_M:
        raise _Reject(
            f"field {litellm_field!r} = {value!r} is ${per_m:g} per 1M tokens, below ${MIN_PER_M} (mis-scaled?)"
        )
    return per_m


def _provider(name: str, entry: Mapping[str, Any]) -> str:
    provider = entry.get("litellm_provider")
    if not isinstance(provider, str) or not provider:
        provider = name.split("/", 1)[0] if "/" in name else "unknown"
    return PROVIDERS.get(provider, provider)


def make_id(name: str) -> str:
    """A catalog id from a LiteLLM key: lower case, characters outside [a-z0-9._:/-] become '-'."""
    ident = _ID_BAD.sub("-", name.lower()).strip("-./:_")
    if not ident:
        raise _Reject("name has no letters or digits to make an id from")
    return ident


def guess_tier(provider: str, output_per_m: float) -> tuple[ApiTier, Literal["small", "mid", "frontier"]]:
    """(tier, capability) for an entry the catalog does not know yet, from its provider and output price."""
    if provider in HOSTED_OPEN:
        return "open_hosted", "small" if output_per_m < 0.5 else "mid"
    if output_per_m >= 8:
        return "flagship", "frontier"
    if output_per_m >= 1:
        return "mid", "mid"
    return "small", "small"


def merge_prices(existing: Iterable[ApiPrice], imported: Iterable[ApiPrice]) -> MergeResult:
    """New prices over the catalog: a known model (same provider; id, name or alias match) gets updated prices
    and keeps its metadata; an unknown one is added. The first import for a catalog entry wins."""
    current = list(existing)
    index = _index(current)
    positions = {p.id: i for i, p in enumerate(current)}
    merged = MergeResult(prices=list(current))
    seen: set[str] = set()
    for new in imported:
        target = _match(index, new)
        if target is None:
            if new.id in positions or new.id in seen:
                continue
            merged.prices.append(new)
            merged.added.append(new.id)
        elif target.id not in seen:
            merged.prices[positions[target.id]] = _updated(target, new)
            merged.updated.append(target.id)
        seen.add(target.id if target else new.id)
    return merged


def _index(prices: list[ApiPrice]) -> dict[tuple[str, str], ApiPrice]:
    index: dict[tuple[str, str], ApiPrice] = {}
    for p in prices:
        for key in (p.id, p.name, *p.aliases):
            index.setdefault((p.provider, normalise(key)), p)
    return index


def _match(index: dict[tuple[str, str], ApiPrice], new: ApiPrice) -> ApiPrice | None:
    bare = new.name.split("/", 1)[1] if "/" in new.name else new.name
    for key in (new.name, new.id, bare):
        found = index.get((new.provider, normalise(key)))
        if found is not None:
            return found
    return None


def _updated(old: ApiPrice, new: ApiPrice) -> ApiPrice:
    """Old metadata with the new prices; an old optional price the import lacks is kept unless it conflicts."""
    stamp = {"source": new.source, "as_of": new.as_of}
    given = {k: getattr(new, k) for k in FIELDS.values() if getattr(new, k) is not None}
    try:
        return ApiPrice.model_validate({**old.model_dump(), **given, **stamp})
    except ValidationError:
        every = {k: getattr(new, k) for k in FIELDS.values()}
        return ApiPrice.model_validate({**old.model_dump(), **every, **stamp})


def to_yaml_data(prices: Iterable[ApiPrice]) -> dict[str, Any]:
    """The ``api_prices.yaml`` document for these entries (None fields left out)."""
    out = []
    for p in prices:
        data = p.model_dump(mode="json", exclude_none=True, exclude={"tiers", "deprecated"})
        data["source"], data["as_of"] = data.pop("source"), data.pop("as_of")  # provenance last, as in the file
        out.append(data)
    return {"prices": out}
