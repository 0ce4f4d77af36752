"""Cost engine: API cost, owned and rented self-host cost, capacity, break-even and sensitivity.

Everything is computed from raw inputs (list prices, device prices and rates, power, measured-physics throughput
from the sizing engine). A configuration that cannot carry the volume or hold the model is reported as
impossible, with the reason and the smallest configuration that would work.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .knowledge import Device, Engine, Knowledge, ModelArch, Quant
from .profile import check_assumptions
from .recommendation import CostOption, HardwarePlan
from .setup import Setup
from .sizing import DEFAULT_CONTEXT, Throughput, min_devices, replica_throughput
from .units import DAYS_PER_MONTH, SECONDS_PER_DAY

HOURS_PER_MONTH = 24 * DAYS_PER_MONTH
MAX_REPLICAS = 10_000
OUTPUT_TOKENS_PER_REQUEST = 256  # request shape used for capacity; input follows from the output share
DESK_SIDE_RACK_SHARE = 0.25  # colocation of a Mac or a GeForce tower relative to a GPU server slot
IDLE_POWER_FRACTION = 0.3  # an idle accelerator still draws about a third of its loaded power


# --- assumptions -----------------------------------------------------------------------------------


def assumptions(k: Knowledge, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The knowledge base's operating assumptions with a profile's overrides applied."""
    values = {key: a.value for key, a in k.assumptions.items()}
    check_assumptions(overrides or {}, k.assumptions)  # the same rule as at every entrance (ProfileError)
    values.update({key: float(value) for key, value in (overrides or {}).items()})
    return values


SMALL_FLEET = 2  # one or two machines: a share of the usual ops labour (small_fleet_labour_factor)
DESK_SIDE_FAMILIES = ("apple", "nvidia_consumer")  # one or two of these sit in an office: no colocation


# NVIDIA's GeForce driver licence forbids datacenter deployment: GeForce cards are planned only for an office
# workstation or small server (up to this many cards), never for a fleet
GEFORCE_MAX_DEVICES = 4
DEVICE_NOTES = {
    "nvidia_consumer": (
        "GeForce cards: NVIDIA's GeForce driver licence does not permit datacenter deployment; fine in an office "
        "or on a workstation, use RTX 6000 Ada / L40S-class cards in a datacenter",
    ),
    "apple": ("Apple silicon serves one or a few streams well; llama.cpp/MLX batch far less than vLLM on GPUs",),
}


def labour_fraction(a: Mapping[str, float], skills: str | None) -> float:
    """Share of one MLOps engineer a serving fleet needs, by the team's skills (None: assume basic).

    One or two machines share monitoring and on-call with what the team already runs: they need
    ``small_fleet_labour_factor`` of it (see self_host_cost).
    """
    return a.get(f"mlops_fraction_{skills or 'basic'}", 0.5)


# --- self-hosting: candidates -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One way to serve a model, sized: a Setup (its devices make one replica) and what that replica sustains."""

    setup: Setup
    throughput: Throughput

    @property
    def tokens_per_s(self) -> float:
        return self.throughput.total_tokens_per_s


def request_shape(output_share: float) -> tuple[int, int]:
    """A representative request for the split: 256 output tokens and the matching input."""
    out = OUTPUT_TOKENS_PER_REQUEST
    share = min(max(output_share, 0.02), 0.98)
    return max(1, round(out * (1 - share) / share)), out


def _quant(k: Knowledge, *names: str) -> Quant | None:
    for name in names:
        found = k.quants.find(name)
        if found is not None:
            return found
    return None


def serving_configs(k: Knowledge, model: ModelArch, device: Device) -> list[tuple[Quant, Engine]]:
    """The sensible (format, engine) pairs for a device: batching server for NVIDIA/AMD, llama.cpp for Apple."""
    return k.memoised(("serving_configs", device.id, model.params_b <= 16), lambda: _serving_configs(k, model, device))


def _serving_configs(k: Knowledge, model: ModelArch, device: Device) -> list[tuple[Quant, Engine]]:
    configs: list[tuple[Quant | None, Engine | None]] = []
    if device.vendor == "apple":
        configs.append((_quant(k, "Q4_K_M"), k.engines.find("llama.cpp")))
        if model.params_b <= 16:
            configs.append((_quant(k, "Q8_0"), k.engines.find("llama.cpp")))
    elif (device.released or 2020) < 2018:  # Pascal/Volta: no FP8, no fast 4-bit kernels in vLLM
        configs.append((_quant(k, "Q4_K_M"), k.engines.find("llama.cpp")))
        if model.params_b <= 16:
            configs.append((_quant(k, "F16"), k.engines.find("vllm")))
    else:
        vllm = k.engines.find("vllm")
        if device.fp8_tflops:
            configs.append((_quant(k, "FP8"), vllm))
        configs.append((_quant(k, "AWQ", "GPTQ"), vllm))
        if model.params_b <= 16:
            configs.append((_quant(k, "BF16", "F16"), vllm))
        if device.family == "nvidia_consumer":
            configs.append((_quant(k, "Q4_K_M"), k.engines.find("llama.cpp")))
    return [(q, e) for q, e in configs if q is not None and e is not None and device.family in e.devices]


def candidate(
    k: Knowledge, s: Setup, *, output_share: float, max_ttft_ms: float | None = None, min_tps: float | None = None
) -> Candidate | None:
    """Size one replica of a setup at the request shape of ``output_share`` (None if it does not fit).

    Results are memoised on the Knowledge object: the same configuration is sized once per process.
    """
    def size() -> Candidate | None:
        isl, osl = request_shape(output_share)
        tp = replica_throughput(k, s, input_tokens=isl, output_tokens=osl)
        if not tp.fits:
            return None
        floor = stream_floor(k, min_tps)
        if (max_ttft_ms is not None and tp.ttft_ms > max_ttft_ms) or tp.decode_tokens_per_s < floor:
            tp = _within_targets(k, s, tp, isl=isl, osl=osl, max_ttft_ms=max_ttft_ms, min_tps=floor)
        return Candidate(s, tp)

    return k.memoised(("candidate", s.key, round(output_share, 4), max_ttft_ms, min_tps), size)


def stream_floor(k: Knowledge, min_tps: float | None) -> float:
    """Tokens/s every stream must get: the profile's ``min_tokens_per_s``, else the knowledge default."""
    if min_tps is not None:
        return min_tps
    return k.assumption("min_tokens_per_s") if "min_tokens_per_s" in k.assumptions else 0.0


def _within_targets(
    k: Knowledge, s: Setup, tp: Throughput, *, isl: int, osl: int, max_ttft_ms: float | None, min_tps: float
) -> Throughput:
    """Lower the batch until the first token comes within ``max_ttft_ms`` and every stream still generates
    at least ``min_tps`` tokens/s (a chat people can read as it streams); throughput falls with the batch."""
    batch = tp.concurrency
    while batch > 1:
        batch = max(1, round(batch / 1.5))
        tp = replica_throughput(k, s, input_tokens=isl, output_tokens=osl, concurrency=batch)
        if (max_ttft_ms is None or tp.ttft_ms <= max_ttft_ms) and tp.decode_tokens_per_s >= min_tps:
            break
    return tp


def candidates(
    k: Knowledge,
    model: ModelArch,
    *,
    output_share: float,
    devices: Iterable[Device] | None = None,
    max_ttft_ms: float | None = None,
    min_tps: float | None = None,
) -> list[Candidate]:
    """Every configuration that can serve the model, one per (device, format, engine), each on the fewest
    devices that hold it with a sequence of DEFAULT_CONTEXT tokens (at most 8); memoised."""
    pool = tuple(devices if devices is not None else k.devices)

    def size_all() -> list[Candidate]:
        out = []
        for device in pool:
            if device.price is None and device.rental is None:
                continue
            for quant, engine in serving_configs(k, model, device):
                s = Setup(model, quant, device, engine)
                n = min_devices(s, context=DEFAULT_CONTEXT)
                c = (candidate(k, s.with_devices(n), output_share=output_share, max_ttft_ms=max_ttft_ms,
                               min_tps=min_tps) if n else None)
                if c is not None:
                    out.append(c)
        return out

    key = ("candidates", model.id, round(output_share, 4), tuple(d.id for d in pool), max_ttft_ms, min_tps)
    return list(k.memoised(key, size_all))


# --- self-hosting: capacity and cost ----------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    tokens_per_day: float
    output_share: float
    peak_to_average: float
    utilisation: float

    @property
    def peak_tokens_per_s(self) -> float:
        return self.tokens_per_day / SECONDS_PER_DAY * self.peak_to_average


def replicas_needed(c: Candidate, load: Load) -> int:
    usable = c.tokens_per_s * load.utilisation
    if usable <= 0:
        return MAX_REPLICAS + 1
    return max(1, math.ceil(min(load.peak_tokens_per_s / usable, 1e12) - 1e-9))


def hardware_plan(
    c: Candidate, load: Load, *, kind: str, replicas: int | None = None, devices: int | None = None
) -> HardwarePlan:
    s = c.setup
    replicas = replicas or replicas_needed(c, load)
    capacity = c.tokens_per_s * load.utilisation * replicas * SECONDS_PER_DAY / load.peak_to_average
    need = load.tokens_per_day
    possible = replicas <= MAX_REPLICAS
    headroom = capacity / need - 1 if need > 0 else None
    devices = devices or replicas * s.devices
    plan_kind = "apple_silicon" if s.device.vendor == "apple" else kind
    nodes = ""
    if kind == "on_prem_gpu" and s.device.min_purchase > 1:
        count = devices // s.device.min_purchase
        nodes = f"{count} × {s.device.min_purchase}-GPU node{'s' if count > 1 else ''}: "
    return HardwarePlan(
        kind=plan_kind,  # type: ignore[arg-type]
        summary=f"{devices}× {s.device.name} ({nodes}{replicas} replica{'s' if replicas > 1 else ''} of "
        f"{s.devices}), {s.model.name} {s.quant.name} on {s.engine.name}",
        model=s.model.name,
        quant=s.quant.name,
        engine=s.engine.name,
        device=s.device.name,
        gpus_per_replica=s.devices,
        replicas=replicas,
        devices=devices,
        decode_tokens_per_s=c.throughput.decode_tokens_per_s,
        replica_tokens_per_s=c.tokens_per_s,
        capacity_tokens_per_day=capacity,
        required_tokens_per_day=need,
        headroom=headroom,
        ttft_ms=c.throughput.ttft_ms,
        memory_gb=c.throughput.memory_gb,
        possible=possible,
        reason=None if possible else f"needs {replicas:,} replicas; more than {MAX_REPLICAS:,}",
        notes=[f"bound by {c.throughput.bound}; {c.throughput.concurrency} sequences in flight per replica",
               *DEVICE_NOTES.get(s.device.family, ())],
    )


@dataclass
class SelfHostCost:
    """One costed self-host option. The figures are plain numbers; the models for people are built on demand."""

    candidate: Candidate
    load: Load
    owned: bool
    replicas: int  # provisioned (a whole purchase block may hold more than the load needs)
    blocks: int  # purchase blocks bought or rented
    block: tuple[int, int]  # (devices, replicas) per block: one replica, or a whole 8-GPU node
    monthly: float
    capex: float
    fixed_monthly: float  # labour: does not scale with devices
    per_device_monthly: float  # everything that scales with the device count
    small: tuple[float, float]  # (labour, per device) for one or two devices
    fleet: tuple[float, float]  # the same for a fleet (more than SMALL_FLEET devices)
    unit: dict[str, float]  # $/month per device by component, at this device count
    own_limit: int | None = None  # the team's own devices (capex sunk): the plan may use at most these

    @cached_property
    def breakdown(self) -> dict[str, float]:
        """$/month by component for the whole deployment."""
        return {**{k: v * self.devices for k, v in self.unit.items()}, "ops labour": self.fixed_monthly}

    def monthly_for(self, devices: int) -> float:
        """Monthly cost of the same configuration with another device count."""
        fixed, per_device = self.small if devices <= SMALL_FLEET else self.fleet
        return fixed + per_device * devices

    def devices_at(self, load: Load) -> int:
        """Devices the same configuration needs for another load (whole purchase blocks)."""
        return _blocks(replicas_needed(self.candidate, load), self.block[1]) * self.block[0]

    @property
    def devices(self) -> int:
        return self.blocks * self.block[0]

    @property
    def possible(self) -> bool:
        return self.replicas <= MAX_REPLICAS and self.devices <= self.max_devices

    @property
    def why_impossible(self) -> str:
        if self.own_limit is not None and self.devices > self.own_limit:
            return f"needs {self.devices} devices; you own {self.own_limit}"
        if self.devices > self.max_devices:
            return (f"needs {self.devices} GeForce cards; the GeForce driver licence does not allow a datacenter "
                    f"fleet (at most {self.max_devices} in one workstation)")
        return f"needs {self.replicas:,} replicas; more than {MAX_REPLICAS:,}"

    @property
    def max_devices(self) -> int:
        """The largest deployment of this device the plan may use (GeForce: one workstation; yours: what you own)."""
        limit = GEFORCE_MAX_DEVICES if self.candidate.setup.device.family == "nvidia_consumer" else MAX_REPLICAS * 64
        return min(limit, self.own_limit) if self.own_limit is not None else limit

    @cached_property
    def plan(self) -> HardwarePlan:
        kind = "on_prem_gpu" if self.owned else "rented_gpu"
        return hardware_plan(self.candidate, self.load, kind=kind, replicas=self.replicas, devices=self.devices)

    @cached_property
    def option(self) -> CostOption:
        s, tokens = self.candidate.setup, self.load.tokens_per_day
        per_m = self.monthly / (tokens * DAYS_PER_MONTH) * 1e6 if tokens > 0 else 0.0
        where = "owned" if self.owned else f"rented ({s.device.rental.provider or 'cloud'})" if s.device.rental else ""
        if self.own_limit is not None:
            where = f"(yours: {self.own_limit} owned, capex already spent)"
        prefix = "yours" if self.own_limit is not None else "owned" if self.owned else "rented"
        return CostOption(
            id=f"{prefix}:{s.device.id}:{s.quant.id}:{s.engine.id}",
            label=f"{self.devices}× {s.device.name} {where}, {s.quant.name} on {s.engine.name}",
            kind="owned" if self.owned else "rented",
            monthly_usd=self.monthly,
            per_million_usd=per_m,
            capex_usd=self.capex,
            breakdown=self.breakdown,
            devices=self.devices,
            possible=self.possible,
            note=None if self.possible else self.why_impossible,
        )


def self_host_cost(
    c: Candidate,
    load: Load,
    a: Mapping[str, float],
    *,
    owned: bool,
    skills: str | None = None,
    capex_sunk: bool = False,
    own_limit: int | None = None,
) -> SelfHostCost:
    """Monthly cost of a candidate at a load: owned (amortised capex + power + hosting) or rented, plus labour.

    ``own_limit``: the team's own devices, capex sunk; the plan uses only as many as the load needs.
    """
    device = c.setup.device
    block = purchase_block(c, owned and own_limit is None)
    blocks = _blocks(replicas_needed(c, load), block[1])
    n = blocks * block[0]
    desk_side = device.family in DESK_SIDE_FAMILIES
    labour = labour_fraction(a, skills) * a["mlops_engineer_usd_per_year"] / 12
    small_labour = labour * a.get("small_fleet_labour_factor", 1.0)
    capex = 0.0
    if owned:
        assert device.price is not None
        server = 0.0 if desk_side else a.get("server_overhead_fraction", 0.0)
        unit_capex = 0.0 if capex_sunk else device.price.usd * (1 + server)
        capex = n * unit_capex
        avg_kw = device.power_w / 1000 * (IDLE_POWER_FRACTION + (1 - IDLE_POWER_FRACTION) * _busy(load))
        hosting = a["hosting_usd_per_device_month"]
        # a Mac Studio or a GeForce tower sits in an office; a fleet of them takes a share of a rack slot each
        small_hosting, fleet_hosting = (0.0, hosting * DESK_SIDE_RACK_SHARE) if desk_side else (hosting, hosting)
        base = {
            "hardware (amortised)": unit_capex / a["amortisation_months"],
            "power": avg_kw * HOURS_PER_MONTH * a["pue"] * a["electricity_usd_per_kwh"],
        }
        small_unit, fleet_unit = {**base, "hosting": small_hosting}, {**base, "hosting": fleet_hosting}
    else:
        assert device.rental is not None
        small_unit = fleet_unit = {"rental": device.rental.usd_per_hour * HOURS_PER_MONTH}
    small, fleet = (small_labour, sum(small_unit.values())), (labour, sum(fleet_unit.values()))
    fixed, per_device = small if n <= SMALL_FLEET else fleet
    return SelfHostCost(
        c, load, owned, blocks * block[1], blocks, block, fixed + per_device * n, capex, fixed, per_device,
        small, fleet, small_unit if n <= SMALL_FLEET else fleet_unit, own_limit,
    )


def purchase_block(c: Candidate, owned: bool) -> tuple[int, int]:
    """(devices, replicas) bought at a time: one replica, or for SXM/OAM parts a whole node of replicas."""
    m = c.setup.device.min_purchase if owned else 1
    g = c.setup.devices
    if m <= 1:
        return g, 1
    if g >= m:
        return math.ceil(g / m) * m, 1
    return m, m // g


def _blocks(replicas: int, replicas_per_block: int) -> int:
    return max(1, math.ceil(replicas / replicas_per_block))


def _busy(load: Load) -> float:
    """Average share of time the fleet is busy: average load over provisioned peak capacity."""
    return min(1.0, load.utilisation / load.peak_to_average)


def best_self_host(
    cands: list[Candidate],
    load: Load,
    a: Mapping[str, float],
    *,
    skills: str | None,
    allow_rented: bool = True,
    allow_owned: bool = True,
    owned_device: str | None = None,
    owned_count: int | None = None,
) -> list[SelfHostCost]:
    """Every possible costed option, cheapest first."""
    out = []
    for c in cands:
        device = c.setup.device
        if allow_owned and device.price is not None:
            out.append(self_host_cost(c, load, a, owned=True, skills=skills))
            if device.id == owned_device:  # the team's own devices: no capex, but no more of them than it has
                mine = owned_count or c.setup.devices
                out.append(self_host_cost(c, load, a, owned=True, skills=skills, capex_sunk=True,
                                          own_limit=mine))
        if allow_rented and device.rental is not None:
            out.append(self_host_cost(c, load, a, owned=False, skills=skills))
    possible = [o for o in out if o.possible]
    return sorted(possible, key=lambda o: o.monthly)

