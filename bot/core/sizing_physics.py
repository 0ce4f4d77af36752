"""The physics under the sizing engine: bytes, FLOPs and seconds for one model on one replica.

Pure arithmetic over knowledge entries, in SI units (bytes, seconds, FLOP/s). ``sizing.py`` turns these
into the public results. Calibrated constants live in ``knowledge/engines.yaml`` (formulas there too).
A whole configuration is a ``Setup`` (first argument, the rest keyword-only); functions over one or two of
its parts take them in its order: model, quant, device, engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .knowledge import Device, Engine, ModelArch, Quant
from .setup import Setup

FitMode = Literal["single", "tensor_parallel", "layer_split", "unified", "cpu_offload", "none"]
GB = 1e9
GIB = 2.0**30
KV_BYTES = {"f16": 2.0, "fp8": 1.0, "q8_0": 1.0625, "q4_0": 0.5625}  # per element, with block scales
DEFAULT_CPU_BANDWIDTH_GBPS = 80.0  # dual-channel DDR5 desktop, achievable
MAX_OFFLOAD_FRACTION = 0.75  # beyond this, CPU offload "does not fit": < 1 token/s for mid models
PCIE_GBPS = 25.0  # host-to-device copy for offloaded layers during prompt processing
LOGITS_BATCH = 512  # llama.cpp n_ubatch / vLLM profiling rows of fp32 logits kept in the compute buffer


# --- memory -------------------------------------------------------------------------------------


def embedding_params(m: ModelArch) -> float:
    return float(m.split.embedding)


def output_params(m: ModelArch) -> float:
    return float(m.split.output)


def body_params(m: ModelArch, *, active: bool = False) -> float:
    """Parameters of the repeating blocks (all of them, or those used per token for MoE)."""
    total = (m.active_b if active else m.params_b) * 1e9
    return max(total - embedding_params(m) - output_params(m), 0.0)


def expert_params(m: ModelArch, *, active: bool = False) -> float:
    """Routed-expert parameters (all, or those one token uses): the part a quant may store at expert_bits."""
    return m.split.active_routed if active else float(m.split.routed_experts)


def _block_bits(m: ModelArch, q: Quant, *, active: bool) -> float:
    """Bits of the repeating blocks: experts at the quant's expert_bits where it has them (gpt-oss MXFP4)."""
    body = body_params(m, active=active)
    if q.expert_bits is None:
        return body * q.bits_per_weight
    experts = expert_params(m, active=active)
    return (body - experts) * q.bits_per_weight + experts * q.expert_bits


def weight_bytes(m: ModelArch, q: Quant) -> float:
    """Whole-file weight bytes: blocks at bits_per_weight, embedding/output at their own bits."""
    emb_bits = q.embedding_bits or q.bits_per_weight
    out_bits = q.output_bits or q.bits_per_weight
    bits = _block_bits(m, q, active=False) + embedding_params(m) * emb_bits
    bits += output_params(m) * out_bits
    return bits / 8.0


def streamed_bytes(m: ModelArch, q: Quant) -> float:
    """Weight bytes read for one decode step: active blocks + the lm head (one embedding row is free)."""
    head_bits = (q.embedding_bits if m.tied_embeddings else q.output_bits) or q.bits_per_weight
    head = m.vocab_size * m.hidden_size * head_bits
    return (_block_bits(m, q, active=True) + head) / 8.0


def batch_weight_bytes(m: ModelArch, q: Quant, batch: int) -> float:
    """Weight bytes one decode step reads for `batch` sequences. Dense: the active weights once. MoE: each
    token routes to its experts, so a batch touches a growing share: 1 - (1 - active share)^batch."""
    one = streamed_bytes(m, q)
    if not m.is_moe or batch <= 1:
        return one
    share = body_params(m, active=True) / max(body_params(m), 1.0)
    touched = 1.0 - (1.0 - share) ** batch
    return one + body_params(m) * (touched - share) * (q.expert_bits or q.bits_per_weight) / 8.0


def kv_bytes_per_token(m: ModelArch, kv_dtype: str) -> float:
    """Cache bytes one token adds on every layer while the context is within any sliding window:
    layers · (2 · kv_heads · head_dim) · bytes (GQA-aware), or layers · (kv_lora_rank + rope dim) for MLA."""
    return float(m.layers * m.kv_values_per_layer) * KV_BYTES[kv_dtype]


def kv_bytes(m: ModelArch, kv_dtype: str, tokens: float) -> float:
    """Cache bytes of one sequence of `tokens` tokens: full-attention layers keep every token; sliding-window
    (or chunked local) layers keep at most `sliding_window` tokens (gpt-oss: 128 on half the layers)."""
    per_layer = m.kv_values_per_layer * KV_BYTES[kv_dtype]
    kept = m.full_attention_layers * tokens
    if m.window_layers:
        kept += m.window_layers * min(tokens, float(m.sliding_window or 0))
    return per_layer * kept


def overhead_bytes(m: ModelArch, d: Device | None, e: Engine) -> float:
    """Per device: runtime (CUDA context, graphs, allocator slack; by device family where the engine says)
    + a logits/compute buffer. ``d`` None: no device named (the engine's default runtime)."""
    runtime = e.overhead_gb_by_family.get(d.family, e.overhead_gb) if d is not None else e.overhead_gb
    return runtime * GB + LOGITS_BATCH * m.vocab_size * 4.0


def gpu_memory_share(memory_gb: float) -> float:
    """macOS default recommendedMaxWorkingSetSize: ~2/3 of unified memory up to 36 GB, ~3/4 above."""
    return 2.0 / 3.0 if memory_gb <= 36 else 0.75


def usable_bytes(s: Setup) -> float:
    """What the engine may allocate on one device, in bytes. Vendors' memory sizes are binary ("24 GB" on an
    RTX 4090 or "64 GB" on a Mac is 24 or 64 GiB), so the catalog's figure is read as GiB; every figure the
    engine shows is then decimal GB (1e9 bytes): a 128 GB Mac has 137.4 GB, a 24 GB GPU 25.8 GB."""
    d, e, memory_gb = s.device, s.engine, s.memory
    if d.unified:
        return memory_gb * GIB * min(gpu_memory_share(memory_gb), e.memory_fraction)
    return memory_gb * GIB * e.memory_fraction


@dataclass(frozen=True)
class Placement:
    mode: FitMode
    fits: bool
    need_per_device: float  # bytes on the busiest device (GPU part only when offloading)
    usable_per_device: float
    offload_fraction: float = 0.0  # share of weights + KV left in system RAM


def place(s: Setup, *, kv_bytes: float) -> Placement:
    """Where the weights and ``kv_bytes`` of KV cache go: one device, a split over the setup's devices, or
    llama.cpp partial CPU offload."""
    m, d, e, n = s.model, s.device, s.engine, s.devices
    usable = usable_bytes(s)
    over = overhead_bytes(m, d, e)
    payload = weight_bytes(m, s.quant) + kv_bytes
    mode: FitMode
    if n == 1:
        mode = "unified" if d.unified else "single"
        per_dev = payload + over
    elif e.tensor_parallel:
        mode, per_dev = "tensor_parallel", payload / n + over
    else:  # layer split: the busiest device holds ceil(layers / n) layers
        mode = "layer_split"
        per_dev = payload * math.ceil(m.layers / n) / m.layers + over
    if per_dev <= usable:
        return Placement(mode, True, per_dev, usable)
    if e.id != "llama.cpp" or d.unified:
        return Placement("none", False, per_dev, usable)
    room = max(n * (usable - over), 0.0)
    offload = min(max(1.0 - room / payload, 0.0), 1.0)
    fits = offload <= MAX_OFFLOAD_FRACTION
    return Placement("cpu_offload" if fits else "none", fits, min(usable, per_dev), usable, offload)


# --- time ---------------------------------------------------------------------------------------


# Dequantisation + multiply-add work per weight at batch 1, FLOP-equivalents on the shader ALUs. It overlaps
# with the memory stream, so it only shows where ALUs are slow next to bandwidth. Relative costs follow the
# kernels' per-weight work: a plain FMA (F16/FP8/INT8) < Q8_0 (one scale per 32) < Q4_0 (nibble unpack +
# offset) < K-quants (two-level 6-bit scales and mins per 256-weight super-block) < I-quants (codebooks).
# The engine's alu_efficiency (by family, or by GPU generation) says how much of the FP16 peak these integer
# and bit-manipulation instructions get: M1-generation Apple GPUs get half of what M2 and later get.
DEQUANT_FLOPS = {"plain": 1.0, "q8": 3.0, "legacy": 6.0, "k": 15.0, "iq": 18.0}
ACTIVATION_BYTES = 2.0  # bf16/fp16 hidden states exchanged by tensor-parallel all-reduces


def dequant_class(q: Quant) -> str:
    name = q.id.upper()
    if q.format == "hf" or q.bits_per_weight >= 16:
        return "plain"
    if name.startswith("IQ"):
        return "iq"
    if name.startswith("Q8"):
        return "q8"
    return "k" if "_K" in name else "legacy"


def peak_flops(q: Quant, d: Device) -> float:
    """Tensor peak for the quant's compute dtype where the device has it, else FP16. GGUF quants are
    calibrated against the FP16 peak (llama.cpp's int8 MMQ kernels are fitted that way)."""
    if q.compute_dtype == "fp8" and d.fp8_tflops:
        return d.fp8_tflops * 1e12
    if q.compute_dtype in ("int8", "int4") and d.int8_tops and q.format == "hf":
        return d.int8_tops * 1e12
    return d.fp16_tflops * 1e12


def die_factor(d: Device, e: Engine) -> float:
    return max(1.0 - e.multi_die_penalty * (d.dies - 1), 0.1)


def compute_peak(s: Setup) -> float:
    """Achievable FLOP/s on one device for this setup's weight format."""
    d, e = s.device, s.engine
    return peak_flops(s.quant, d) * e.compute_efficiency.get(d.family, 0.4) * die_factor(d, e)


def devices_sharing_work(s: Setup, p: Placement) -> int:
    """Devices that split each layer's work: all of them in tensor parallel; one at a time in a layer split."""
    return s.devices if p.mode == "tensor_parallel" else 1


def effective_bandwidth(d: Device, e: Engine) -> float:
    """Achievable bytes/s on one device for the decode stream."""
    return d.bandwidth_gbps * GB * e.bandwidth_efficiency.get(d.family, 0.7) * die_factor(d, e)


def attention_flops(m: ModelArch, context: float) -> float:
    """Score and weighted-sum FLOPs for one new token attending over `context` tokens."""
    return 4.0 * m.layers * m.attention_heads * m.head_dim * context


def fixed_step_s(s: Setup, *, mode: str) -> float:
    """Launches, sync and sampling per decode step, plus multi-device communication (``mode``: the fit)."""
    m, d, e, n = s.model, s.device, s.engine, s.devices
    ms = e.per_token_overhead_ms.get(d.family, 0.5)
    ms += m.layers * e.per_layer_overhead_ms.get(d.family, 0.02)
    if n > 1 and mode == "tensor_parallel":
        ms += 2 * m.layers * e.allreduce_us.get(d.interconnect, 25.0) / 1000.0
    elif n > 1:
        ms += (n - 1) * e.multi_device_overhead_ms
    return ms / 1000.0


def dequant_s(s: Setup, *, split: int) -> float:
    """Serial per-step compute (activation quantisation, norms, small kernels between the mat-vecs),
    ∝ active weights (not batch), shared over ``split`` devices; does not overlap with the weight stream."""
    d, e = s.device, s.engine
    eff = e.decode_compute_efficiency.get(d.family, 0.3)
    return 2.0 * s.model.active_b * 1e9 / (d.fp16_tflops * 1e12 * eff * die_factor(d, e)) / split


def alu_efficiency(d: Device, e: Engine) -> float:
    """Share of the FP16 peak the dequantise kernels reach: the longest matching GPU-generation prefix of the
    device id (e.g. "apple-m1" for M1, M1 Pro/Max/Ultra), else the device family's value."""
    best, eff = 0, e.alu_efficiency.get(d.family, 1.0)
    for prefix, value in e.alu_efficiency_by_generation.items():
        if len(prefix) > best and (d.id == prefix or d.id.startswith(prefix + "-")):
            best, eff = len(prefix), value
    return max(eff, 0.01)


def alu_s(s: Setup, *, split: int) -> float:
    """Dequantise + multiply-add ALU time per step, shared over ``split`` devices; overlaps with the weight
    stream (max, not sum). ALUs sit on every die, so a multi-die package adds no ALU penalty (its fabric cost
    is in the bandwidth)."""
    flops = s.model.active_b * 1e9 * DEQUANT_FLOPS[dequant_class(s.quant)]
    return flops / (s.device.fp16_tflops * 1e12 * alu_efficiency(s.device, s.engine)) / split


def allreduce_s(s: Setup, *, tokens: float) -> float:
    """Bytes of the two all-reduces per layer for `tokens` tokens in one forward pass (ring: 2(n-1)/n of the
    activations cross the links) over the interconnect's bus bandwidth; not overlapped with compute."""
    m, n = s.model, s.devices
    gbps = s.engine.allreduce_gbps.get(s.device.interconnect)
    if n <= 1 or not gbps:
        return 0.0
    volume = 2.0 * m.layers * tokens * m.hidden_size * ACTIVATION_BYTES * 2.0 * (n - 1) / n
    return volume / (gbps * GB)


@dataclass(frozen=True)
class Step:
    seconds: float
    memory_s: float
    compute_s: float

    @property
    def bound(self) -> str:
        return "compute" if self.compute_s > self.memory_s else "memory bandwidth"


def cpu_bandwidth(assumed_gbps: float | None) -> float:
    return (assumed_gbps or DEFAULT_CPU_BANDWIDTH_GBPS) * GB


def decode_step(
    s: Setup, *, placement: Placement, kv_tokens: float, kv_dtype: str, batch: int = 1, cpu_gbps: float | None = None
) -> Step:
    """Seconds for one decode step generating `batch` tokens (one per sequence) at `kv_tokens` context."""
    m, q, d, e, p = s.model, s.quant, s.device, s.engine, placement
    stream = batch_weight_bytes(m, q, batch) + kv_bytes(m, kv_dtype, kv_tokens) * batch
    flops = (2.0 * m.active_b * 1e9 + attention_flops(m, kv_tokens)) * batch
    peak = compute_peak(s)
    split = devices_sharing_work(s, p)
    gpu_share = 1.0 - p.offload_fraction
    memory_s = stream * gpu_share / split / effective_bandwidth(d, e)
    memory_s += stream * p.offload_fraction / cpu_bandwidth(cpu_gbps)
    # layer split: the layers run one device after another, so compute does not add up
    compute_s = flops / peak if p.mode == "layer_split" else flops / split / peak
    overlapped = max(memory_s, compute_s, alu_s(s, split=split) * gpu_share)
    seconds = overlapped + dequant_s(s, split=split) * gpu_share
    seconds += fixed_step_s(s, mode=p.mode)
    if p.mode == "tensor_parallel":
        seconds += allreduce_s(s, tokens=batch)
    return Step(seconds, memory_s, compute_s)


def prefill_seconds(s: Setup, *, placement: Placement, tokens: int, chunk: int = 512) -> float:
    """Prompt processing of `tokens` tokens: compute bound, plus the weights streamed once per chunk of
    `chunk` tokens (512 for llama.cpp; a batching server packs many prompts into one chunk, so the cost
    of streaming the weights is shared between them)."""
    m, q, d, e, p = s.model, s.quant, s.device, s.engine, placement
    flops = tokens * (2.0 * m.active_b * 1e9 + attention_flops(m, tokens / 2.0))
    split = devices_sharing_work(s, p)
    peak = compute_peak(s)
    chunks = tokens / chunk if chunk > tokens else math.ceil(tokens / chunk)
    seconds = flops / split / peak
    seconds += chunks * streamed_bytes(m, q) / split / effective_bandwidth(d, e)
    if p.offload_fraction:
        seconds += chunks * weight_bytes(m, q) * p.offload_fraction / (PCIE_GBPS * GB)
    if p.mode == "tensor_parallel":
        seconds += allreduce_s(s, tokens=tokens)
    return seconds + chunks * fixed_step_s(s, mode=p.mode)
