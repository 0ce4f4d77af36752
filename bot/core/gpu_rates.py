"""Cloud GPU offers (dstack's gpuhunt catalog) → on-demand rental rates for the catalog's devices.

Pure: the shell (``bot/gpu_refresh.py``) fetches the catalog and hands over its rows as ``Offer``s. Each offer
is one instance type in one location at one hourly price for ``gpus`` GPUs; a device's rate is its cheapest
on-demand offer per GPU (the whole instance's price and GPU count are kept, so the per-GPU figure is computed,
never typed). gpuhunt names GPUs without form factor: "H100" with "pcie" in the instance name is the PCIe card,
otherwise the SXM part (which is also what "H100" means in this catalog); likewise A100.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .knowledge import Device, Knowledge, Rental

# gpuhunt GPU name (upper case) → (device id, memory GB the name must have or None, id of the PCIe variant)
GPU_NAMES: dict[str, list[tuple[str, float | None, str | None]]] = {
    "A10": [("a10", None, None)], "A10G": [("a10g", None, None)], "A40": [("a40", None, None)],
    "A100": [("a100-sxm-40gb", 40, "a100-pcie-40gb"), ("a100-sxm-80gb", 80, "a100-pcie-80gb")],
    "A5000": [("rtx-a5000", None, None)], "A6000": [("rtx-a6000", None, None)],
    "H100": [("h100-sxm", None, "h100-pcie")], "H100NVL": [("h100-nvl", None, None)],
    "H200": [("h200", None, None)], "H200NVL": [("h200-nvl", None, None)],
    "B200": [("b200", None, None)], "B300": [("b300", None, None)], "GB200": [("gb200", None, None)],
    "L4": [("l4", None, None)], "L40": [("l40", None, None)], "L40S": [("l40s", None, None)],
    "T4": [("t4", None, None)],
    "V100": [("v100-32gb", 32, None)], "P40": [("tesla-p40", None, None)],
    "RTX3060": [("rtx-3060-12gb", 12, None)], "RTX3080": [("rtx-3080-10gb", 10, None)],
    "RTX3080TI": [("rtx-3080-ti", None, None)], "RTX3090": [("rtx-3090", None, None)],
    "RTX3090TI": [("rtx-3090-ti", None, None)], "RTX4060TI": [("rtx-4060-ti-16gb", 16, None)],
    "RTX4070TISUPER": [("rtx-4070-ti-super", None, None)], "RTX4080": [("rtx-4080", None, None)],
    "RTX4090": [("rtx-4090", None, None)], "RTX5080": [("rtx-5080", None, None)], "RTX5090": [("rtx-5090", None, None)],
    "RTX6000ADA": [("rtx-6000-ada", None, None)],
    "RTXPRO6000": [("rtx-pro-6000-blackwell-server", None, None)],  # clouds rent the passive Server Edition
    "MI300X": [("mi300x", None, None)], "MI325X": [("mi325x", None, None)], "MI355X": [("mi355x", None, None)],
    "GAUDI3": [("gaudi-3", None, None)],
}
PROVIDER_NAMES = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud", "lambdalabs": "Lambda", "nebius": "Nebius",
                  "oci": "Oracle Cloud", "runpod": "RunPod", "verda": "Verda", "cloudrift": "CloudRift"}
NOT_ON_DEMAND = ("dws", "calendar", "flex-start", "reserv")  # gpuhunt flags of capacity that is not on-demand
MEMORY_SLACK_GB = 4.0  # catalogs round GPU memory (80 vs 79.6 GiB-ish); 40 vs 80 GB stays apart


@dataclass(frozen=True)
class Offer:
    provider: str  # gpuhunt provider id ("lambdalabs")
    instance: str
    location: str
    usd_per_hour: float  # the whole instance
    gpus: int
    gpu_name: str
    gpu_memory_gb: float | None
    spot: bool = False
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeviceRate:
    """A device's cheapest on-demand offer, and how many offers it was chosen from."""

    device: str
    provider: str  # display name ("Lambda")
    instance: str
    location: str
    instance_usd_per_hour: float
    gpus: int
    offers: int
    median_usd_per_gpu_hour: float

    @property
    def usd_per_gpu_hour(self) -> float:
        return self.instance_usd_per_hour / self.gpus

    def as_json(self) -> dict[str, Any]:
        return {"device": self.device, "usd_per_gpu_hour": round(self.usd_per_gpu_hour, 4), "provider": self.provider,
                "instance": self.instance, "location": self.location,
                "instance_usd_per_hour": self.instance_usd_per_hour, "gpus": self.gpus, "offers": self.offers,
                "median_usd_per_gpu_hour": round(self.median_usd_per_gpu_hour, 4)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> DeviceRate:
        return cls(str(d["device"]), str(d["provider"]), str(d["instance"]), str(d["location"]),
                   float(d["instance_usd_per_hour"]), int(d["gpus"]), int(d["offers"]),
                   float(d["median_usd_per_gpu_hour"]))


def device_for(offer: Offer) -> str | None:
    """The catalog device an offer rents, or None (a GPU the catalog does not list, or an ambiguous memory)."""
    for device, memory, pcie in GPU_NAMES.get(offer.gpu_name.replace(" ", "").replace("-", "").upper(), []):
        if memory is not None and (offer.gpu_memory_gb is None or abs(offer.gpu_memory_gb - memory) > MEMORY_SLACK_GB):
            continue
        return pcie if pcie and "pcie" in offer.instance.lower() else device
    return None


def on_demand(offer: Offer) -> bool:
    return (not offer.spot and 1 <= offer.gpus <= 72 and 0 < offer.usd_per_hour < 1e6
            and not any(word in flag for flag in offer.flags for word in NOT_ON_DEMAND))


def cheapest(offers: Iterable[Offer], known: Iterable[str]) -> dict[str, DeviceRate]:
    """Per catalog device (of ``known`` ids): its cheapest on-demand offer per GPU."""
    wanted = set(known)
    by_device: dict[str, list[Offer]] = {}
    for o in offers:
        d = device_for(o)
        if d in wanted and on_demand(o):
            by_device.setdefault(d, []).append(o)
    out = {}
    for d, group in sorted(by_device.items()):
        best = min(group, key=lambda o: (o.usd_per_hour / o.gpus, o.provider, o.instance, o.location))
        median = statistics.median(o.usd_per_hour / o.gpus for o in group)
        out[d] = DeviceRate(d, PROVIDER_NAMES.get(best.provider, best.provider), best.instance, best.location,
                            best.usd_per_hour, best.gpus, len(group), median)
    return out


def rental(rate: DeviceRate, fetched: dt.date, source_url: str) -> Rental:
    return Rental.model_validate({  # the per-GPU rate is computed from the instance's price and GPU count
        "instance_usd_per_hour": rate.instance_usd_per_hour, "instance_devices": rate.gpus, "provider": rate.provider,
        "source": (f"gpuhunt catalog ({source_url}): cheapest on-demand of {rate.offers} offer(s), {rate.provider} "
                   f"{rate.instance} in {rate.location} at ${rate.instance_usd_per_hour:g}/h for {rate.gpus} GPU(s)"),
        "as_of": fetched,
    })


def with_rates(k: Knowledge, rates: Mapping[str, DeviceRate], fetched: dt.date, source_url: str) -> Knowledge:
    """``k`` with these devices' rental replaced by their fetched rate (the others keep the catalog's)."""
    if not rates:
        return k
    devices: list[Device] = [d.model_copy(update={"rental": rental(rates[d.id], fetched, source_url)})
                             if d.id in rates else d for d in k.devices]
    return k.with_devices(devices)


@dataclass
class RateChange:
    device: str
    name: str
    before: float | None  # $ per GPU-hour; None: the device could not be rented at a known price
    after: float
    before_provider: str | None
    after_provider: str

    def as_json(self) -> dict[str, Any]:
        return {"device": self.device, "name": self.name,
                "usd_per_gpu_hour": [None if self.before is None else round(self.before, 4), round(self.after, 4)],
                "provider": [self.before_provider, self.after_provider]}


@dataclass
class GpuRefreshReport:
    url: str
    fetched_on: dt.date
    catalogs: dict[str, str]  # provider → catalog version fetched
    offers: int  # on-demand offers of catalog devices
    rates: dict[str, DeviceRate]
    changed: list[RateChange] = field(default_factory=list)  # includes devices that gained a rate
    unrentable: list[str] = field(default_factory=list)  # datacenter devices still without any rate

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "fetched_on": self.fetched_on.isoformat(), "catalogs": self.catalogs,
                "offers": self.offers, "rates": [r.as_json() for r in self.rates.values()],
                "changed": [c.as_json() for c in self.changed], "unrentable": self.unrentable}


def compare(k: Knowledge, rates: Mapping[str, DeviceRate], *, url: str, fetched_on: dt.date,
            catalogs: Mapping[str, str]) -> GpuRefreshReport:
    """What the fetched rates change against the rates ``k`` uses now (shipped, or an earlier refresh)."""
    report = GpuRefreshReport(url, fetched_on, dict(catalogs), sum(r.offers for r in rates.values()), dict(rates))
    for d in k.devices:
        r = rates.get(d.id)
        before = d.rental.usd_per_hour if d.rental else None
        if r is not None and (before is None or abs(before - r.usd_per_gpu_hour) > 1e-9):
            report.changed.append(RateChange(d.id, d.name, before, r.usd_per_gpu_hour,
                                             d.rental.provider if d.rental else None, r.provider))
        elif r is None and d.rental is None and d.family in ("nvidia_datacenter", "amd_datacenter", "intel_datacenter"):
            report.unrentable.append(d.id)
    return report


__all__ = ["GPU_NAMES", "PROVIDER_NAMES", "DeviceRate", "GpuRefreshReport", "Offer", "RateChange", "cheapest",
           "compare", "device_for", "on_demand", "rental", "with_rates"]
