"""Where APIs and clouds keep data, what they sign, how fast APIs answer: ``knowledge/api_terms.yaml`` and
``knowledge/clouds.yaml`` as strict models, their loader, and the lookups the advisor makes.

Keys are the price catalog's provider ids and price ids (or fnmatch patterns over them), so this file asks
nothing of the price list but its ids. Offerings the price list lacks (Azure OpenAI Data Zone, Bedrock,
Vertex) carry their own sourced prices here and borrow tier, capability and open model from ``same_as``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, Literal

from pydantic import Field, ValidationError

from .knowledge import ApiPrice, Knowledge, KnowledgeError
from .sourced import PositiveFloat, Sourced, Strict

Regime = Literal["hipaa", "gdpr", "soc2", "pci_dss", "fedramp"]
Term = Literal["hipaa_baa", "gdpr_dpa", "soc2", "pci_dss", "fedramp", "zero_retention", "eu_data_zone"]
RegionCode = Literal["us", "eu", "uk", "ca", "apac", "cn"]
REGION_NAMES = {"us": "the US", "eu": "the EU", "uk": "the UK", "ca": "Canada", "apac": "Asia-Pacific",
                "cn": "China"}
TERM_NAMES = {"hipaa_baa": "a HIPAA BAA", "gdpr_dpa": "a GDPR data processing agreement", "soc2": "SOC 2",
              "pci_dss": "PCI DSS", "fedramp": "FedRAMP", "zero_retention": "zero retention",
              "eu_data_zone": "an EU data zone"}


class Offering(Sourced):
    """The terms of one provider's API for the models its patterns match."""

    provider: str
    models: list[str] = Field(min_length=1)  # price ids or fnmatch patterns
    regions: list[RegionCode]
    compliance: list[Term]
    private_networking: bool = False
    notes: str | None = None


class OfferingPrice(Sourced):
    """A priced offering the price catalog lacks: the same model as ``same_as`` on another cloud."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._:/-]*$")
    name: str
    provider: str
    same_as: str
    input_per_m: PositiveFloat
    output_per_m: PositiveFloat
    cached_input_per_m: PositiveFloat | None = None


class Latency(Sourced):
    """Typical time to first token (network included) and output speed per stream of an API offering."""

    provider: str
    models: list[str] = Field(min_length=1)
    ttft_ms: PositiveFloat
    output_tokens_per_s: PositiveFloat


class CloudProvider(Sourced):
    name: str
    kind: Literal["hyperscaler", "gpu_cloud"]
    regions: list[RegionCode]
    compliance: list[Term]


class Instance(Sourced):
    """A hyperscaler GPU instance a team can run in its own cloud account."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    provider: str
    instance: str
    device: str
    gpus: int = Field(ge=1, le=16)
    usd_per_hour: PositiveFloat


class ApiTermsFile(Strict):
    about: str = ""
    requirements: dict[Regime, Term]
    offerings: list[Any]
    offering_prices: list[Any] = Field(default_factory=list)
    latency: list[Any] = Field(default_factory=list)


class CloudsFile(Strict):
    about: str = ""
    providers: list[Any]
    instances: list[Any] = Field(default_factory=list)


@dataclass
class Terms:
    requirements: dict[str, str]
    offerings: list[Offering]
    offering_prices: list[OfferingPrice]
    latency: list[Latency]
    providers: list[CloudProvider]
    instances: list[Instance]
    extra_prices: list[ApiPrice] = field(default_factory=list)  # offering_prices as ApiPrice, built on load
    _found: dict[tuple[str, str, str], Any] = field(default_factory=dict, repr=False)  # lookups, by price id

    def offering(self, price: ApiPrice) -> Offering | None:
        return self._lookup("offering", self.offerings, price)

    def speed(self, price: ApiPrice) -> Latency | None:
        return self._lookup("speed", self.latency, price)

    def _lookup(self, kind: str, entries: list[Any], price: ApiPrice) -> Any:
        key = (kind, price.provider, price.id)
        if key not in self._found:
            self._found[key] = _first(entries, price)
        return self._found[key]

    def cloud(self, name: str | None) -> CloudProvider | None:
        wanted = (name or "").strip().lower()
        return next((p for p in self.providers if p.name.lower() == wanted), None)

    def instances_for(self, device_id: str) -> list[Instance]:
        return [i for i in self.instances if i.device == device_id]


def _first(entries: list[Any], price: ApiPrice) -> Any:
    for e in entries:
        if e.provider == price.provider and any(fnmatchcase(price.id, pattern) for pattern in e.models):
            return e
    return None


# --- loading ------------------------------------------------------------------------------------------


def _entries(file: str, section: str, items: list[Any], model: type[Sourced]) -> list[Any]:
    out = []
    for i, item in enumerate(items):
        label = f"{section} #{i + 1}"
        if isinstance(item, dict):
            label += f" ({item.get('id') or item.get('name') or item.get('provider')})"
        try:
            out.append(model.model_validate(item))
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(entry)"
            raise KnowledgeError(f"{file}: entry {label}: field {where!r}: {first['msg']}") from None
    return out


def _file(file: str, raw: Any, model: type[Strict]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise KnowledgeError(f"{file}: field {where!r}: {first['msg']}") from None


def parse_terms(k: Knowledge, api_terms: Any, clouds: Any, *, strict: bool = True) -> Terms:
    """Validate both files and their references to the catalogs; KnowledgeError names file, entry and field.
    Not ``strict`` (prices from a refreshed snapshot): an offering whose ``same_as`` the price list no longer
    has is left out instead of refused."""
    a = _file("api_terms.yaml", api_terms, ApiTermsFile)
    c = _file("clouds.yaml", clouds, CloudsFile)
    terms = Terms(
        requirements=dict(a.requirements),
        offerings=_entries("api_terms.yaml", "offerings", a.offerings, Offering),
        offering_prices=_entries("api_terms.yaml", "offering_prices", a.offering_prices, OfferingPrice),
        latency=_entries("api_terms.yaml", "latency", a.latency, Latency),
        providers=_entries("clouds.yaml", "providers", c.providers, CloudProvider),
        instances=_entries("clouds.yaml", "instances", c.instances, Instance),
    )
    if not strict:
        terms.offering_prices = [p for p in terms.offering_prices if k.prices.find(p.same_as) is not None]
    terms.extra_prices = [_as_price(k, terms, p) for p in terms.offering_prices]
    # same_as may name a price by an alias (e.g. the bare 'gpt-4o'): keep the catalog's own id
    terms.offering_prices = [p.model_copy(update={"same_as": k.prices.get(p.same_as).id})
                             for p in terms.offering_prices]
    for inst in terms.instances:
        if k.devices.find(inst.device) is None:
            raise KnowledgeError(f"clouds.yaml: entry {inst.id}: field 'device': unknown device {inst.device!r}")
        if terms.cloud(inst.provider) is None:
            raise KnowledgeError(f"clouds.yaml: entry {inst.id}: field 'provider': not among providers")
    return terms


def _as_price(k: Knowledge, terms: Terms, p: OfferingPrice) -> ApiPrice:
    base = k.prices.find(p.same_as)
    if base is None:
        raise KnowledgeError(f"api_terms.yaml: entry {p.id}: field 'same_as': unknown API model {p.same_as!r}")
    price = ApiPrice(
        id=p.id, name=p.name, provider=p.provider, tier=base.tier, capability=base.capability,
        input_per_m=p.input_per_m, output_per_m=p.output_per_m, cached_input_per_m=p.cached_input_per_m,
        open_model=base.open_model, source=p.source, as_of=p.as_of,
    )
    if terms.offering(price) is None:
        raise KnowledgeError(f"api_terms.yaml: entry {p.id}: field 'provider': no offerings entry for {p.provider!r}")
    return price
