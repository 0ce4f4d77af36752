"""Cost engine: what each self-host option costs a month — owned (amortised capex, power for the whole
machine × PUE, colocation per kW or per U), in your own cloud account or on a GPU cloud — plus ops labour by
machines, for a fleet laid out with N+1 when the team needs high availability.

Everything is computed from raw inputs (device prices, rental and instance rates, board power, the operating
assumptions) and the sizing engine's throughput. ``monthly_at(replicas)`` is the one cost function: the plan,
the break-even and the cost-at-other-volumes all call it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .candidates import (  # re-exported: the candidate list is part of the cost engine's interface
    Candidate,
    Targets,
    candidate,
    candidates,
    request_shape,
    serving_configs,
    stream_floor,
)
from .capacity import MAX_REPLICAS, Fleet, Load, Shape, provision, replicas_for, spreads
from .hosting import Rate, Where, rates
from .knowledge import Knowledge
from .lazy import lazy
from .plan_words import hardware_plan, quant_label
from .profile import check_assumptions
from .recommendation import CostOption, HardwarePlan
from .units import DAYS_PER_MONTH

__all__ = ["Candidate", "Load", "SelfHostCost", "Targets", "assumptions", "best_self_host", "candidate",
           "candidates", "quant_label", "replicas_needed", "request_shape", "self_host_cost", "serving_configs",
           "stream_floor"]

HOURS_PER_MONTH = 24 * DAYS_PER_MONTH
IDLE_POWER_FRACTION = 0.3  # an idle accelerator still draws about a third of its loaded power
GPUS_PER_SERVER = 8  # a PCIe GPU server holds up to 8 cards
GPU_CLOUD_HOST_GPUS = 8  # rented singles are managed like 8-GPU hosts when counting machines for labour
SMALL_FLEET = 2  # one or two machines: a share of the usual ops labour (small_fleet_labour_factor)
DESK_SIDE_FAMILIES = ("apple", "nvidia_consumer")  # one or two of these sit in an office: no colocation
DESK_SIDE_HOST_SHARE = 1 / 3  # a Mac or a tower's host draws about a third of a server's

# NVIDIA's GeForce driver licence forbids datacenter deployment: GeForce cards are planned only for office
# workstations of up to this many cards (two of them for HA), never for a fleet
GEFORCE_MAX_DEVICES = 4


# --- assumptions -----------------------------------------------------------------------------------


def assumptions(k: Knowledge, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The knowledge base's operating assumptions with a profile's overrides applied."""
    values = {key: a.value for key, a in k.assumptions.items()}
    check_assumptions(overrides or {}, k.assumptions)  # the same rule as at every entrance (ProfileError)
    values.update({key: float(value) for key, value in (overrides or {}).items()})
    return values


def labour_fraction(a: Mapping[str, float], skills: str | None) -> float:
    """Share of one MLOps engineer a serving fleet needs, by the team's skills (None: assume basic)."""
    return a.get(f"mlops_fraction_{skills or 'basic'}", 0.5)


def replicas_needed(c: Candidate, load: Load) -> int:
    return replicas_for(c.tokens_per_s, load)


# --- the cost of one option ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Prices:
    """$/month rates of one option: per device and per machine by component, colocation, labour terms."""

    per_device: Mapping[str, float]  # amortised capex, power (GPU and its share of the host), or rental per GPU
    per_machine: Mapping[str, float]  # the host's power, or a whole cloud instance
    colo_kw_device: float  # colocation $ per device for its provisioned kW
    colo_kw_machine: float  # colocation $ per machine for its host's kW
    colo_u_machine: float  # colocation $ per machine by rack units
    office: bool  # desk-side boxes: no colocation for one or two
    labour: float  # $/month of the engineer share the team's skills call for
    small_factor: float
    engineer: float  # $/month of one engineer
    machines_per_engineer: float
    hosts_by_devices: bool  # GPU-cloud singles: labour counts 8-GPU host equivalents
    amortisation_months: float = 36.0

    @lazy
    def device_total(self) -> float:
        return sum(self.per_device.values())

    @lazy
    def machine_total(self) -> float:
        return sum(self.per_machine.values())


@dataclass
class SelfHostCost:
    """One costed self-host option: a candidate, where it runs, and the fleet it needs at a load."""

    candidate: Candidate
    load: Load
    mode: str  # owned, own_cloud, gpu_cloud
    shape: Shape
    prices: Prices
    capex_per_device: float
    rate: Rate | None = None
    own_limit: int | None = None  # the team's own devices (capex sunk): the plan may use at most these
    bought_capex: float = 0.0  # with own_limit: the price of each device bought beyond them (0: none may be)
    # fleets and costs by replicas needed, shared by every option built from the same rates (prices and shape):
    # the same layout at every volume that needs as many replicas (the digest and the chart cost many volumes)
    layouts: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def at(self, load: Load) -> SelfHostCost:
        """The same option (rates, shape, layouts) at another load."""
        return SelfHostCost(self.candidate, load, self.mode, self.shape, self.prices, self.capex_per_device,
                            self.rate, self.own_limit, self.bought_capex, self.layouts)

    def bought(self, devices: int) -> int:
        """Devices bought new to top up the team's own (0 unless topping up is allowed)."""
        return max(0, devices - self.own_limit) if self.own_limit is not None and self.bought_capex > 0 else 0

    @property
    def bought_monthly(self) -> float:
        """Amortised $/month of one device bought to top up the team's own."""
        return self.bought_capex / self.prices.amortisation_months if self.bought_capex else 0.0

    @property
    def owned(self) -> bool:
        return self.mode == "owned"

    @lazy
    def needed(self) -> int:
        return replicas_needed(self.candidate, self.load)

    @lazy
    def fleet(self) -> Fleet:
        return self.fleet_for(self.needed)

    def fleet_for(self, needed: int) -> Fleet:
        """The cheapest layout of ``needed`` replicas (for HA, over how many machines)."""
        key = (needed, self.own_limit, self.bought_capex)
        found: Fleet | None = self.layouts.get(key)
        if found is None:
            found = self.layouts[key] = self._layout(needed)
        return found

    def _layout(self, needed: int) -> Fleet:
        counts = spreads(needed, self.shape)
        if len(counts) == 1:
            return provision(needed, self.shape, counts[0])
        fleets = [provision(needed, self.shape, m) for m in counts]
        return min(fleets, key=lambda f: (self.total(f), f.machines))

    def total(self, fleet: Fleet) -> float:
        """``sum(components(fleet).values())`` without building the dict (the break-even calls it often)."""
        p, d, m = self.prices, fleet.devices, fleet.machines
        out = p.device_total * d + p.machine_total * m + self.labour(fleet) + self.bought_monthly * self.bought(d)
        if not (p.office and m <= SMALL_FLEET):
            out += max(p.colo_kw_device * d + p.colo_kw_machine * m, p.colo_u_machine * m, 0.0)
        return out

    @property
    def replicas(self) -> int:
        return self.fleet.replicas

    @property
    def devices(self) -> int:
        return self.fleet.devices

    @property
    def machines(self) -> int:
        return self.fleet.machines

    @property
    def capex(self) -> float:
        return self.devices * self.capex_per_device + self.bought(self.devices) * self.bought_capex

    def components(self, fleet: Fleet) -> dict[str, float]:
        """$/month by component for a fleet of this option."""
        p, d, m = self.prices, fleet.devices, fleet.machines
        out: dict[str, float] = {}
        for key, per in p.per_device.items():
            out[key] = out.get(key, 0.0) + per * d
        for key, per in p.per_machine.items():
            out[key] = out.get(key, 0.0) + per * m
        if self.bought(d):
            out["hardware (amortised)"] = out.get("hardware (amortised)", 0.0) + self.bought_monthly * self.bought(d)
        if not (p.office and m <= SMALL_FLEET):
            colo = max(p.colo_kw_device * d + p.colo_kw_machine * m, p.colo_u_machine * m)
            if colo > 0:
                out["colocation"] = colo
        out["ops labour"] = self.labour(fleet)
        return out

    def labour(self, fleet: Fleet) -> float:
        """The team's share of an engineer (less for one or two machines), or more when the fleet is large."""
        p = self.prices
        hosts = math.ceil(fleet.devices / GPU_CLOUD_HOST_GPUS) if p.hosts_by_devices else fleet.machines
        share = p.labour * (p.small_factor if hosts <= SMALL_FLEET else 1.0)
        return max(share, p.engineer * hosts / p.machines_per_engineer)

    def monthly_at(self, needed: int) -> float:
        key = ("at", needed, self.own_limit, self.bought_capex)
        found: float | None = self.layouts.get(key)
        if found is None:
            found = self.layouts[key] = self.total(self.fleet_for(needed))
        return found

    @lazy
    def monthly(self) -> float:
        """``sum(breakdown.values())``, kept by replicas needed (the breakdown is built only for shown options)."""
        key = ("monthly", self.needed, self.own_limit, self.bought_capex)
        found: float | None = self.layouts.get(key)
        if found is None:
            found = self.layouts[key] = sum(self.breakdown.values())
        return found

    @lazy
    def breakdown(self) -> dict[str, float]:
        return self.components(self.fleet)

    @property
    def fixed_monthly(self) -> float:
        return self.breakdown["ops labour"]

    def devices_at(self, load: Load) -> int:
        """Devices the same configuration needs for another load."""
        return self.fleet_for(replicas_needed(self.candidate, load)).devices

    @property
    def possible(self) -> bool:
        return self.needed <= MAX_REPLICAS and self.devices <= self.max_devices

    @property
    def why_impossible(self) -> str:
        if self.own_limit is not None and self.devices > self.own_limit:
            spare = f" ({self.devices} with N+1)" if self.shape.ha else ""
            return f"needs {self.needed * self.shape.gpus} devices for the load{spare}; you own {self.own_limit}"
        if self.devices > self.max_devices:
            return (f"needs {self.devices} GeForce cards; the GeForce driver licence does not allow a datacenter "
                    f"fleet (at most {self.max_devices} in office workstations)")
        return f"needs {self.needed:,} replicas; more than {MAX_REPLICAS:,}"

    @property
    def max_devices(self) -> int:
        """The largest deployment of this device the plan may use (GeForce: workstations; yours: what you own)."""
        limit = MAX_REPLICAS * 64
        if self.candidate.setup.device.family == "nvidia_consumer":
            limit = GEFORCE_MAX_DEVICES * (2 if self.shape.ha else 1)
        return min(limit, self.own_limit) if self.own_limit is not None and not self.bought_capex else limit

    def cost_bounds(self) -> tuple[float, float, float, float]:
        """(slope_low, low, slope_high, high): ``low + slope_low·R ≤ monthly_at(R) ≤ high + slope_high·R`` for
        every R ≥ 1 replicas needed; the break-even scans only between the lines' crossings with the API's."""
        p, m = self.prices, self.shape.per_machine
        rep_hi, mach_hi = per_replica(p, self.shape.gpus) + self.bought_monthly * self.shape.gpus, per_machine(p)
        slope_high = rep_hi + mach_hi / m
        high = rep_hi * m + mach_hi * 2 + p.labour + (p.engineer / p.machines_per_engineer if p.hosts_by_devices
                                                      else 0.0)
        kw = 0.0 if p.office else p.colo_kw_device * self.shape.gpus
        rep_lo = self.shape.gpus * p.device_total + kw + _device_labour(p, self.shape.gpus)
        mach_lo = p.machine_total + (0.0 if p.office else p.colo_kw_machine) + _machine_labour(p)
        slope_low = rep_lo + mach_lo / m
        low = 0.0
        if p.office:  # colocation starts after two machines: below that the lower line is lower still
            low = -(p.colo_kw_device * self.shape.gpus * 2 * m + p.colo_kw_machine * 2 + p.colo_u_machine * 2)
        return slope_low, low, slope_high, high

    @lazy
    def plan(self) -> HardwarePlan:
        return hardware_plan(self.candidate, self.load, cost=self)

    @property
    def option_id(self) -> str:
        """The id of this option's row in a cost table."""
        s = self.candidate.setup
        prefix = "yours" if self.own_limit is not None else "owned" if self.owned else (
            "own_cloud" if self.mode == "own_cloud" else "rented")
        return f"{prefix}:{s.device.id}:{s.quant.id}:{s.engine.id}"

    @lazy
    def option(self) -> CostOption:
        s, tokens = self.candidate.setup, self.load.tokens_per_day
        per_m = self.monthly / (tokens * DAYS_PER_MONTH) * 1e6 if tokens > 0 else 0.0
        return CostOption(
            id=self.option_id,
            label=f"{self.devices}× {s.device.name} {self.where_words}, {quant_label(s.quant)} on {s.engine.name}",
            kind="owned" if self.owned else "rented",
            monthly_usd=self.monthly,
            per_million_usd=per_m,
            capex_usd=self.capex,
            breakdown=self.breakdown,
            devices=self.devices,
            possible=self.possible,
            note=None if self.possible else self.why_impossible,
            hosting=self.mode,  # type: ignore[arg-type]
            machines=self.machines,
            meets_targets=self.candidate.meets,
        )

    @property
    def where_words(self) -> str:
        if self.own_limit is not None:
            extra = self.bought(self.devices)
            return (f"(yours: {self.own_limit} owned, capex already spent, + {extra} bought)" if extra else
                    f"(yours: {self.own_limit} owned, capex already spent)")
        if self.owned:
            return "owned"
        assert self.rate is not None
        if self.mode == "own_cloud":
            inst = f", {self.machines} × {self.rate.instance}" if self.rate.instance else ""
            return f"in your {self.rate.provider} account{inst}"
        return f"rented ({self.rate.provider})"


def _device_labour(p: Prices, gpus: int) -> float:
    return p.engineer * gpus / GPU_CLOUD_HOST_GPUS / p.machines_per_engineer if p.hosts_by_devices else 0.0


def _machine_labour(p: Prices) -> float:
    return 0.0 if p.hosts_by_devices else p.engineer / p.machines_per_engineer


def per_replica(p: Prices, gpus: int) -> float:
    """$/month one more replica adds at most (devices, their colocation kW, their labour share)."""
    return gpus * (p.device_total + p.colo_kw_device) + _device_labour(p, gpus)


def per_machine(p: Prices) -> float:
    """$/month one more machine adds at most (host power, colocation kW and U, labour share)."""
    return p.machine_total + p.colo_kw_machine + p.colo_u_machine + _machine_labour(p)


def self_host_cost(
    c: Candidate,
    load: Load,
    a: Mapping[str, float],
    *,
    mode: str = "owned",
    rate: Rate | None = None,
    skills: str | None = None,
    ha: bool = True,
    capex_sunk: bool = False,
    own_limit: int | None = None,
    top_up: bool = False,
    k: Knowledge | None = None,
    akey: tuple[tuple[str, float], ...] | None = None,
) -> SelfHostCost:
    """Monthly cost of a candidate at a load, where it runs (``mode``; ``rate`` for the clouds), with N+1
    machines when ``ha``. ``own_limit``: the team's own devices, capex sunk; the plan uses what the load needs,
    and with ``top_up`` buys the same device new for what its own cannot carry.

    The rates (prices, machine shape) do not depend on the volume; with ``k`` they are memoised on it, keyed by
    the candidate and ``akey`` (the assumptions as a sorted tuple)."""
    def terms() -> tuple[Prices, Shape, float, dict[Any, Any]]:
        capex = 0.0
        if mode == "owned":
            capex = 0.0 if capex_sunk else new_capex(c, a)
        prices = _prices(c, load, a, mode=mode, rate=rate, skills=skills, unit_capex=capex)
        shape = machine_shape(c, mode=mode, rate=rate, ha=ha, own=own_limit is not None)
        weight = per_machine(prices) / max(per_replica(prices, c.setup.devices), 1e-9)
        return prices, dataclasses.replace(shape, machine_weight=weight), capex, {}

    if k is None:
        prices, shape, capex, layouts = terms()
    else:
        key = ("self_host_terms", id(c), mode, rate, skills, ha, capex_sunk, own_limit is not None,
               load.peak_to_average, load.utilisation, akey or tuple(sorted(a.items())))
        prices, shape, capex, layouts = k.memoised(key, terms)
    bought = new_capex(c, a) if top_up and own_limit is not None else 0.0
    return SelfHostCost(c, load, mode, shape, prices, capex, rate, own_limit, bought, layouts)


def new_capex(c: Candidate, a: Mapping[str, float]) -> float:
    """What one device costs bought new, with its share of the server it sits in."""
    assert c.setup.device.price is not None
    server = 0.0 if c.setup.device.family in DESK_SIDE_FAMILIES else a.get("server_overhead_fraction", 0.0)
    return c.setup.device.price.usd * (1 + server)


def machine_shape(c: Candidate, *, mode: str, rate: Rate | None, ha: bool, own: bool) -> Shape:
    """How replicas sit on machines for this option (see ``capacity.Shape``)."""
    d, g = c.setup.device, c.setup.devices
    if mode != "owned":
        assert rate is not None
        if rate.gpus > 1:  # a cloud instance of several GPUs, paid whole
            return Shape(g, max(1, rate.gpus // g), True, ha)
        return Shape(g, 1, False, ha)
    if d.family == "apple":
        return Shape(g, 1, False, ha)
    if d.family == "nvidia_consumer":
        return Shape(g, max(1, GEFORCE_MAX_DEVICES // g), False, ha)
    if d.min_purchase > 1 and not own:  # SXM/OAM: whole 8-GPU nodes
        node = max(d.min_purchase, math.ceil(g / d.min_purchase) * d.min_purchase)
        return Shape(g, max(1, node // g), True, ha)
    return Shape(g, max(1, GPUS_PER_SERVER // g), False, ha)


def _prices(
    c: Candidate, load: Load, a: Mapping[str, float], *, mode: str, rate: Rate | None, skills: str | None,
    unit_capex: float,
) -> Prices:
    d = c.setup.device
    engineer = a["mlops_engineer_usd_per_year"] / 12
    labour = dict(labour=labour_fraction(a, skills) * engineer, small_factor=a.get("small_fleet_labour_factor", 1.0),
                  engineer=engineer, machines_per_engineer=a.get("machines_per_engineer", 40.0))
    if mode != "owned":
        assert rate is not None
        hourly = {"rental": rate.usd_per_gpu_hour * HOURS_PER_MONTH}
        whole = rate.gpus > 1  # an instance is paid whole, however many of its GPUs the replicas use
        per_machine = {"rental": hourly["rental"] * rate.gpus} if whole else {}
        return Prices({} if whole else hourly, per_machine, 0.0, 0.0, 0.0, False, **labour,
                      hosts_by_devices=not whole)
    desk = d.family in DESK_SIDE_FAMILIES
    host_gpu_w = 0.0 if desk else a.get("host_power_w_per_gpu", 0.0)
    host_w = a.get("host_power_w_per_server", 0.0) * (DESK_SIDE_HOST_SHARE if desk else 1.0)
    kwh = HOURS_PER_MONTH * a["pue"] * a["electricity_usd_per_kwh"] / 1000  # $/month per average watt
    busy = IDLE_POWER_FRACTION + (1 - IDLE_POWER_FRACTION) * min(1.0, load.utilisation / load.peak_to_average)
    per_device = {"hardware (amortised)": unit_capex / a["amortisation_months"],
                  "power": (d.power_w * busy + host_gpu_w) * kwh}
    if a.get("hosting_usd_per_device_month", 0.0) > 0:
        per_device["hosting"] = a["hosting_usd_per_device_month"]
    kw_rate = a.get("colocation_usd_per_kw_month", 0.0) / 1000  # per watt provisioned
    return Prices(
        per_device, {"power": host_w * kwh}, (d.power_w + host_gpu_w) * kw_rate, host_w * kw_rate,
        a.get("colocation_usd_per_u_month", 0.0) * a.get("rack_units_per_server", 4.0), desk, **labour,
        hosts_by_devices=False, amortisation_months=a["amortisation_months"],
    )


# --- every option ----------------------------------------------------------------------------------


def best_self_host(
    k: Knowledge,
    cands: list[Candidate],
    load: Load,
    a: Mapping[str, float],
    *,
    skills: str | None,
    where: Where,
    owned_device: str | None = None,
    owned_count: int | None = None,
) -> list[SelfHostCost]:
    """Every possible costed option within ``where``, those meeting the targets first, each group cheapest
    first.

    Which options exist and their rates do not depend on the volume: they are listed once per candidate list
    and the rest of the inputs (memoised on ``k``), then re-loaded at each volume."""
    akey = tuple(sorted(a.items()))
    key = ("self_host_options", tuple(map(id, cands)), where, skills, owned_device, owned_count,
           load.peak_to_average, load.utilisation, akey)
    found = k.memo.get(key)
    if found is not None and all(x is y for x, y in zip(found[0], cands, strict=True)):
        out = [o.at(load) for o in found[1]]
    else:
        out = []
        for c in cands:
            device = c.setup.device
            if where.allows("owned") and device.price is not None:
                out.append(self_host_cost(c, load, a, skills=skills, ha=where.ha, k=k, akey=akey))
                if device.id == owned_device:  # the team's own devices: no capex, but no more of them than it has
                    out.append(self_host_cost(c, load, a, skills=skills, ha=where.ha, capex_sunk=True,
                                              own_limit=owned_count or c.setup.devices, top_up=True, k=k, akey=akey))
            for rate in rates(k, device, where):
                if rate.gpus == 1 or rate.gpus >= c.setup.devices:
                    out.append(self_host_cost(c, load, a, mode=rate.mode, rate=rate, skills=skills, ha=where.ha,
                                              k=k, akey=akey))
        k.memo[key] = (tuple(cands), out)  # the candidates kept alive: their ids in the key stay theirs
    possible = sorted((o for o in out if o.possible), key=lambda o: (not o.candidate.meets, o.monthly))
    return distinct(possible)


def distinct(options: list[SelfHostCost]) -> list[SelfHostCost]:
    """One of each option that differs only by a chip's edition (RTX PRO 6000 Workstation and Server Edition:
    the same memory, compute, plan and cost): the first, so an alternative is a real alternative."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for o in options:
        s = o.candidate.setup
        key = (o.mode, o.own_limit, s.quant.id, s.engine.id, o.devices, round(o.monthly),
               s.device.vendor, s.device.memory_gb, s.device.fp16_tflops)
        if key not in seen:
            seen.add(key)
            out.append(o)
    return out
