"""A costed option in words for people: the hardware plan (fleet, machines, N+1, speed, capacity with one
machine down) and the short names plans use."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .capacity import MAX_REPLICAS, Load, fullest_machine
from .hosting import MODE_WORDS
from .knowledge import Quant
from .recommendation import HardwarePlan
from .units import SECONDS_PER_DAY

if TYPE_CHECKING:
    from .candidates import Candidate
    from .costs import SelfHostCost

DEVICE_NOTES = {
    "nvidia_consumer": (
        "GeForce cards: NVIDIA's GeForce driver licence does not permit datacenter deployment; fine in an office "
        "or on a workstation, use RTX 6000 Ada / L40S-class cards in a datacenter",
    ),
    "apple": ("Apple silicon serves one or a few streams well; llama.cpp/MLX batch far less than vLLM on GPUs",),
}


def quant_label(q: Quant) -> str:
    """A format's name without its parenthesis or qualifiers ("FP8 (E4M3)" → "FP8", "MXFP4 experts + BF16
    (gpt-oss native)" → "MXFP4"): a plan reads in one line; the estimate and knowledge keep the full name."""
    return re.split(r" \(| \+ | experts", q.name, maxsplit=1)[0]


def hardware_plan(c: Candidate, load: Load, *, cost: SelfHostCost) -> HardwarePlan:
    s, fleet = c.setup, cost.fleet
    needed = cost.needed
    serving = fleet.replicas - (fullest_machine(fleet, cost.shape) if cost.shape.ha else 0)  # one machine down
    capacity = c.tokens_per_s * load.utilisation * serving * SECONDS_PER_DAY / load.peak_to_average
    need = load.tokens_per_day
    possible = needed <= MAX_REPLICAS
    ha = cost.shape.ha
    spare = "N+1" if ha else "no spare"
    machines = f"{fleet.machines} machine{'s' if fleet.machines > 1 else ''}"
    if cost.owned and s.device.min_purchase > 1 and cost.shape.whole:
        machines = f"{fleet.machines} × {s.device.min_purchase}-GPU node{'s' if fleet.machines > 1 else ''}"
    plan_kind = "apple_silicon" if s.device.vendor == "apple" else "on_prem_gpu" if cost.owned else "rented_gpu"
    where = "" if cost.owned else f" {cost.where_words}"
    if cost.own_limit is not None:  # the team's own devices, topped up with new ones where they fall short
        extra = cost.bought(fleet.devices)
        where = f" ({fleet.devices - extra} yours" + (f" + {extra} bought" if extra else "") + ")"
    return HardwarePlan(
        kind=plan_kind,  # type: ignore[arg-type]
        summary=f"{fleet.devices}× {s.device.name}{where} ({machines}, {fleet.replicas} "
        f"replica{'s' if fleet.replicas > 1 else ''} of {s.devices}, {spare}), {s.model.name} {quant_label(s.quant)} "
        f"on {s.engine.name}",
        model=s.model.name,
        quant=quant_label(s.quant),
        engine=s.engine.name,
        device=s.device.name,
        gpus_per_replica=s.devices,
        replicas=fleet.replicas,
        devices=fleet.devices,
        machines=fleet.machines,
        hosting=cost.mode,  # type: ignore[arg-type]
        availability="ha" if ha else "best_effort",
        decode_tokens_per_s=c.throughput.decode_tokens_per_s,
        replica_tokens_per_s=c.tokens_per_s,
        capacity_tokens_per_day=capacity,
        required_tokens_per_day=need,
        headroom=capacity / need - 1 if need > 0 else None,
        ttft_ms=c.throughput.ttft_ms,
        memory_gb=c.throughput.memory_gb,
        meets_targets=c.meets,
        possible=possible,
        reason=None if possible else f"needs {needed:,} replicas; more than {MAX_REPLICAS:,}",
        notes=[f"bound by {c.throughput.bound}; {c.throughput.concurrency} sequences in flight per replica",
               f"runs on {MODE_WORDS[cost.mode]}",
               (f"N+1: {needed} replica{'s' if needed > 1 else ''} carry the load; with any one of the "
                f"{fleet.machines} machines down the rest still do" if ha else
                "best effort: one of each, no spare machine"),
               *DEVICE_NOTES.get(s.device.family, ())],
    )
