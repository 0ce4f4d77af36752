"""Candidates: every sensible way to serve a model (device, format, engine, devices per replica), sized
against the team's targets — time to first token at its request shape and tokens/s per stream.

Speeds come from the public sizing functions (``replica_throughput``, ``min_devices``); nothing here re-derives
them. A candidate that cannot meet the targets is kept (marked ``meets=False``) so the advisor can show the
nearest plan and say what would meet them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .knowledge import Device, Engine, Knowledge, ModelArch, Quant
from .setup import Setup
from .sizing import DEFAULT_CONTEXT, Throughput, min_devices, replica_throughput

MAX_DEVICES = 8  # devices per replica (one node); min_devices stops there too
OUTPUT_TOKENS_PER_REQUEST = 256  # request shape used for capacity; input follows from the output share


@dataclass(frozen=True)
class Targets:
    """What every stream must get: first token within ``max_ttft_ms`` (None: no target) and at least
    ``min_tps`` generated tokens/s."""

    max_ttft_ms: float | None
    min_tps: float

    def met_by(self, tp: Throughput) -> bool:
        return (self.max_ttft_ms is None or tp.ttft_ms <= self.max_ttft_ms) and tp.decode_tokens_per_s >= self.min_tps

    def shortfall(self, tp: Throughput) -> float:
        """How far a throughput misses the targets: 1 or less when met, 2 when twice too slow."""
        ttft = tp.ttft_ms / self.max_ttft_ms if self.max_ttft_ms else 0.0
        speed = self.min_tps / tp.decode_tokens_per_s if tp.decode_tokens_per_s > 0 else float("inf")
        return max(ttft, speed)


def stream_floor(k: Knowledge, min_tps: float | None) -> float:
    """Tokens/s every stream must get: the profile's ``min_tokens_per_s``, else the knowledge default."""
    if min_tps is not None:
        return min_tps
    return k.assumption("min_tokens_per_s") if "min_tokens_per_s" in k.assumptions else 0.0


@dataclass(frozen=True)
class Candidate:
    """One way to serve a model, sized: a Setup (its devices make one replica) and what that replica sustains."""

    setup: Setup
    throughput: Throughput
    meets: bool = True  # the targets it was sized against hold

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
    """The sensible (format, engine) pairs for a device: batching server for NVIDIA/AMD, llama.cpp for Apple.
    A model released already quantised (gpt-oss in MXFP4, Kimi K2 in INT4 experts) is served in its own
    format wherever the engine runs it: re-quantising it to AWQ/GPTQ only loses quality."""
    native = native_release(k, model)
    key = ("serving_configs", device.id, model.params_b <= 16, native.id if native else None)
    return k.memoised(key, lambda: _serving_configs(k, model, device, native))


def native_release(k: Knowledge, model: ModelArch) -> Quant | None:
    """The model's published format when it is a quantised release (4-bit experts or weights), else None."""
    native = k.quants.find(model.native_quant) if model.native_quant else None
    if native is None or native.quality_loss != "none":
        return None
    bits = native.expert_bits if native.expert_bits is not None else native.bits_per_weight
    return native if bits < 8 else None


def runs_native(device: Device) -> bool:
    """vLLM's kernels for 4-bit native releases (MXFP4, W4A16 experts via Marlin/Triton) need NVIDIA Ampere or
    later (2020+) or AMD Instinct; elsewhere such a model is served upcast (FP8/BF16)."""
    if device.vendor == "nvidia":
        return (device.released or 2020) >= 2020
    return device.family == "amd_datacenter"


def _serving_configs(
    k: Knowledge, model: ModelArch, device: Device, native: Quant | None
) -> list[tuple[Quant, Engine]]:
    llama = k.engines.find("llama.cpp")
    gguf = _quant(k, llama.loads_as.get(native.id, "")) if native and llama else None  # e.g. MXFP4_MOE
    configs: list[tuple[Quant | None, Engine | None]] = []
    if device.vendor == "apple":
        configs.append((gguf or _quant(k, "Q4_K_M"), llama))
        if model.params_b <= 16 and gguf is None:
            configs.append((_quant(k, "Q8_0"), llama))
    elif (device.released or 2020) < 2018:  # Pascal/Volta: no FP8, no fast 4-bit kernels in vLLM
        configs.append((gguf or _quant(k, "Q4_K_M"), llama))
        if model.params_b <= 16:
            configs.append((_quant(k, "F16"), k.engines.find("vllm")))
    else:
        configs.extend(_batching_configs(k, model, device, native))
        if device.family == "nvidia_consumer":
            configs.append((gguf or _quant(k, "Q4_K_M"), llama))
    return [(q, e) for q, e in configs if q is not None and e is not None and device.family in e.devices]


def _batching_configs(
    k: Knowledge, model: ModelArch, device: Device, native: Quant | None
) -> list[tuple[Quant | None, Engine | None]]:
    vllm = k.engines.find("vllm")
    if native is not None and runs_native(device):
        return [(native, vllm)]
    configs: list[tuple[Quant | None, Engine | None]] = []
    if device.fp8_tflops:
        configs.append((_quant(k, "FP8"), vllm))
    if native is None:
        configs.append((_quant(k, "AWQ", "GPTQ"), vllm))
    if model.params_b <= 16 or native is not None:
        configs.append((_quant(k, "BF16", "F16"), vllm))
    return configs


def default_targets(k: Knowledge) -> Targets:
    """No first-token target; the knowledge base's tokens/s per stream."""
    return Targets(None, stream_floor(k, None))


def candidate(k: Knowledge, s: Setup, *, output_share: float, targets: Targets | None = None) -> Candidate | None:
    """Size one replica of a setup at the request shape of ``output_share`` (None if it does not fit): the
    largest batch whose streams still meet the targets (default: ``default_targets``). Memoised on the
    Knowledge object."""
    targets = targets or default_targets(k)

    def size() -> Candidate | None:
        isl, osl = request_shape(output_share)
        tp = replica_throughput(k, s, input_tokens=isl, output_tokens=osl)
        if not tp.fits:
            return None
        if not targets.met_by(tp):
            tp = _within_targets(k, s, tp, isl=isl, osl=osl, targets=targets)
        return Candidate(s, tp, targets.met_by(tp))

    return k.memoised(("candidate", s.key, round(output_share, 4), targets), size)


def _within_targets(k: Knowledge, s: Setup, tp: Throughput, *, isl: int, osl: int, targets: Targets) -> Throughput:
    """Lower the batch until the first token comes in time and every stream gets its tokens/s (a chat people
    can read as it streams); throughput falls with the batch. At batch 1 it is as fast as this setup goes."""
    batch = tp.concurrency
    while batch > 1:
        batch = max(1, round(batch / 1.5))
        tp = replica_throughput(k, s, input_tokens=isl, output_tokens=osl, concurrency=batch)
        if targets.met_by(tp):
            break
    return tp


def sized(k: Knowledge, s: Setup, *, output_share: float, targets: Targets) -> Candidate | None:
    """The setup on the fewest devices that hold it; when that misses the targets, more devices per replica
    (tensor parallel: faster prefill and decode) up to 8, keeping the first that meets them or else the
    nearest."""
    n = min_devices(s, context=DEFAULT_CONTEXT)
    if n is None:
        return None
    best = candidate(k, s.with_devices(n), output_share=output_share, targets=targets)
    while best is not None and not best.meets and not s.device.unified and n * 2 <= MAX_DEVICES:
        n *= 2
        wider = candidate(k, s.with_devices(n), output_share=output_share, targets=targets)
        if wider is None:
            break
        if wider.meets or targets.shortfall(wider.throughput) < targets.shortfall(best.throughput):
            best = wider
    return best


def candidates(
    k: Knowledge,
    model: ModelArch,
    *,
    output_share: float,
    targets: Targets | None = None,
    devices: Iterable[Device] | None = None,
) -> list[Candidate]:
    """Every configuration that can serve the model, one per (device, format, engine) with a price or a
    rental rate, each on the fewest devices that hold it and meet the targets (see ``sized``); memoised."""
    pool = tuple(devices if devices is not None else k.devices)
    chosen = targets or default_targets(k)

    def size_all() -> list[Candidate]:
        out = []
        for device in pool:
            if device.price is None and device.rental is None and not _instances(k, device):
                continue
            for quant, engine in serving_configs(k, model, device):
                c = sized(k, Setup(model, quant, device, engine), output_share=output_share, targets=chosen)
                if c is not None:
                    out.append(c)
        return out

    key = ("candidates", model.id, round(output_share, 4), tuple(d.id for d in pool), chosen)
    return list(k.memoised(key, size_all))


def _instances(k: Knowledge, device: Device) -> bool:
    return bool(k.terms and k.terms.instances_for(device.id))
