"""The API price list the advisor uses: a genai-prices snapshot plus ``api_prices.yaml``.

``PriceData`` is a snapshot (genai-prices ``Provider`` objects, the date its prices were last checked, and a
label naming it); the bundled one ships inside the ``genai-prices`` package, a newer one comes from
``prices refresh`` via the database. ``assemble`` turns it and our YAML entries into ``ApiPrice`` entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .genai_prices_adapter import from_genai, price_id, snapshot_date
from .knowledge import ApiPrice, ApiPriceEntry


@dataclass(frozen=True)
class PriceData:
    raw: list[Any] | None = field(repr=False)  # the providers; None: the bundled ones, imported when first needed
    as_of: dt.date
    label: str  # "genai-prices 0.2.3 (bundled)" / "genai-prices data fetched 2026-12-02"
    fetched: bool = False

    @property
    def providers(self) -> list[Any]:
        return self.raw if self.raw is not None else _bundled_providers()


@cache
def _bundled_providers() -> list[Any]:
    from genai_prices.data import providers  # ~0.3-0.6 s: the package, httpx2 and a 1.6 MB data module

    return list(providers)


def bundled_label() -> str:
    from importlib.metadata import version

    return f"genai-prices {version('genai-prices')} (bundled snapshot)"


@cache
def bundled() -> PriceData:
    """The snapshot inside the installed genai-prices package (no network)."""
    providers = _bundled_providers()
    as_of = snapshot_date(providers, dt.date.max) or dt.date(2026, 11, 1)
    return PriceData(providers, as_of, bundled_label())


def bundled_as(as_of: dt.date, label: str) -> PriceData:
    """The bundled snapshot as a price cache remembered it: its providers are imported only if someone asks."""
    return PriceData(None, as_of, label)


def from_payload(payload: Any, fetched_on: dt.date, url: str) -> PriceData:
    """A snapshot fetched by ``prices refresh`` (genai-prices' published JSON). Raises ValueError if unusable."""
    from genai_prices.types import _providers_from_raw

    if not isinstance(payload, list) or not payload:
        raise ValueError("the price data is not a non-empty list of providers")
    providers = _providers_from_raw(payload)
    as_of = min(snapshot_date(providers, fetched_on) or fetched_on, fetched_on)
    return PriceData(providers, as_of, f"genai-prices data fetched {fetched_on} from {url}", fetched=True)


def assemble(entries: Iterable[ApiPriceEntry], data: PriceData) -> tuple[list[ApiPrice], list[str]]:
    """(the price list, ids of our extras that match no model in the snapshot). Full YAML entries (providers
    genai-prices lacks) come after the snapshot's; prices are read on the snapshot's date."""
    entries = list(entries)
    extras = {e.id: e for e in entries if not e.has_prices}
    when = dt.datetime.combine(data.as_of, dt.time(12), tzinfo=dt.UTC)
    prices = from_genai(data.providers, extras, when, data.as_of, data.label)
    known = {p.id for p in prices}
    unmatched = [i for i in extras if i not in known]
    prices += [e.to_price() for e in entries if e.has_prices and e.id not in known]
    return prices, unmatched


__all__ = ["PriceData", "assemble", "bundled", "bundled_as", "bundled_label", "from_payload", "price_id"]
