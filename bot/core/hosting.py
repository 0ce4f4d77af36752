"""Where a self-hosted model may run: your racks (owned), your own cloud account, or a third party's GPU cloud.

``Where`` is computed once from the profile: the hosting modes allowed, the availability asked for, and the
data region and compliance regimes a cloud must meet. ``rates`` lists the ways to rent a device within it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .knowledge import Device, Knowledge
from .profile import WorkloadProfile

HostingMode = Literal["owned", "own_cloud", "gpu_cloud"]
MODES: dict[str, frozenset[str]] = {
    "on_prem": frozenset({"owned"}),
    "own_cloud": frozenset({"owned", "own_cloud"}),
    "any": frozenset({"owned", "own_cloud", "gpu_cloud"}),
}
MODE_WORDS = {"owned": "your own hardware", "own_cloud": "GPU instances in your own cloud account",
              "gpu_cloud": "a GPU cloud"}


@dataclass(frozen=True)
class Rate:
    """One way to rent a device: per GPU, or as an instance of ``gpus`` GPUs (own cloud)."""

    mode: HostingMode
    provider: str
    usd_per_gpu_hour: float
    gpus: int = 1  # GPUs per instance; 1 = rented singly
    instance: str | None = None
    as_of: dt.date | None = None  # the price page's date, or the `prices refresh --gpus` that fetched it


@dataclass(frozen=True)
class Where:
    modes: frozenset[str]
    ha: bool
    region: str | None = None  # None or "any": no constraint
    compliance: tuple[str, ...] = ()
    assumed: bool = False  # hosting not given; the strictest reading was taken (restricted data)

    def allows(self, mode: str) -> bool:
        return mode in self.modes


def where_from(p: WorkloadProfile) -> Where:
    """The hosting modes a profile allows, and whether that was assumed."""
    edge = p.connectivity in ("offline", "intermittent")
    assumed = p.hosting is None and p.data_sensitivity == "restricted" and not edge
    if edge:
        modes = MODES["on_prem"]
    elif p.hosting is not None:
        modes = MODES[p.hosting]
    else:
        modes = MODES["on_prem"] if assumed else MODES["any"]
    return Where(modes, ha=availability(p) == "ha", region=p.data_region,
                 compliance=tuple(p.compliance), assumed=assumed)


def availability(p: WorkloadProfile) -> str:
    """``ha`` unless asked otherwise; edge deployments (a box per site, a laptop) are one box each."""
    if p.availability is not None:
        return p.availability
    return "best_effort" if p.connectivity in ("offline", "intermittent") else "ha"


def rates(k: Knowledge, device: Device, where: Where) -> list[Rate]:
    """Ways to rent ``device`` within ``where``: hyperscaler instances (own cloud) and GPU clouds."""
    out: list[Rate] = []
    if device.rental is not None:
        cloud = k.terms.cloud(device.rental.provider) if k.terms else None
        mode = "own_cloud" if cloud is not None and cloud.kind == "hyperscaler" else "gpu_cloud"
        if where.allows(mode) and (mode == "own_cloud" or cloud_blocker(k, device.rental.provider, where) is None):
            out.append(Rate(mode, device.rental.provider or "cloud", device.rental.usd_per_hour,  # type: ignore[arg-type]
                            as_of=device.rental.as_of))
    if where.allows("own_cloud") and k.terms is not None:
        for inst in k.terms.instances_for(device.id):
            out.append(Rate("own_cloud", inst.provider, inst.usd_per_hour / inst.gpus, inst.gpus, inst.instance,
                            inst.as_of))
    return out


def cloud_blocker(k: Knowledge, provider: str | None, where: Where) -> str | None:
    """Why a third party's GPU cloud cannot take this data (region or compliance), or None."""
    cloud = k.terms.cloud(provider) if k.terms else None
    name = provider or "this GPU cloud"
    if where.region not in (None, "any") and (cloud is None or where.region not in cloud.regions):
        return f"{name} has no {where.region.upper()} region on record"
    for regime in where.compliance:
        term = k.terms.requirements.get(regime) if k.terms else None
        if cloud is None or term not in cloud.compliance:
            return f"{name} does not sign {regime.upper()} terms on record"
    return None
