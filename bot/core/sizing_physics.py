"""The physics under the sizing engine, memory side: weight and KV bytes, usable memory, where a model fits.

Pure arithmetic over knowledge entries, in SI units (bytes). Time is in ``sizing_time`` (one decode step,
one prompt pass) and ``sizing_moe`` (experts touched, multi-device traffic); ``sizing.py`` turns these into
the public results. Calibrated constants live in ``knowledge/engines.yaml`` (formulas there too).
A whole configuration is a ``Setup`` (first argument, the rest keyword-only); functions over one or two of
its parts take them in its order: model, quant, device, engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .knowledge import Device, Engine, ModelArch, Quant
from .setup import Setup
from .sizing_moe import step_weight_bytes

FitMode = Literal["single", "tensor_parallel", "layer_split", "unified", "cpu_offload", "none"]
GB = 1e9
GIB = 2.0**30
KV_BYTES = {"f16": 2.0, "fp8": 1.0, "q8_0": 1.0625, "q4_0": 0.5625}  # per element, with block scales
MAX_OFFLOAD_FRACTION = 0.75  # beyond this, CPU offload "does not fit": < 1 token/s for mid models
# Linux unified-memory boxes (DGX Spark, Strix Halo with its GTT raised as AMD's Strix Halo guide shows):
# the GPU may map all but what the OS, desktop and page cache keep, ~8 of 128 GiB (kyuz0's Strix Halo
# toolboxes give the GPU 124 GB and the OS 4 GB; DGX Spark guides keep vLLM at <= 0.90 for the page cache).
UNIFIED_LINUX_SHARE = 0.94
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
    """Weight bytes read for one single-stream decode step: the non-expert blocks, the k experts a token picks
    in every MoE layer, and the lm head (one embedding row is free)."""
    return step_weight_bytes(m, q, 1)


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


def kv_copies(s: Setup) -> float:
    """How many of the setup's devices hold each cached token of a layer when they split attention by heads (tensor
    parallel), as a multiple of one copy: a GQA layer's KV heads are divided among the ranks until there are fewer
    heads than ranks, then each rank keeps one head and the heads are replicated (vLLM
    ``ModelConfig.get_num_kv_heads``: max(1, kv_heads // tp); TensorRT-LLM's trtllm-bench sizes its cache with
    max(tp, kv_heads) heads), so Qwen3-235B-A22B's 4 KV heads over 8 GPUs are held twice. A latent-attention (MLA)
    layer caches one latent vector per token that every head reads, so every rank holds all of it (vLLM counts it
    as one KV head per GPU), ``devices`` copies. 1 on one device, and under attention data parallelism (each rank
    caches only its own sequences). Under pipeline parallelism the heads are split over one stage's group only."""
    m, n = s.model, s.tensor_parallel_size
    if n <= 1 or s.attention_dp:
        return 1.0
    if m.mla is not None:
        return float(n)
    return max(1.0, n / m.kv_heads)


def replicated_attention_bytes(s: Setup) -> float:
    """Weight bytes every device holds whole instead of its share under attention data parallelism: the attention
    projections (each rank runs all heads for its own sequences); 0 otherwise."""
    if not s.attention_dp or s.devices <= 1:
        return 0.0
    return float(s.model.split.attention) * s.quant.bits_per_weight / 8.0


def overhead_bytes(m: ModelArch, d: Device | None, e: Engine) -> float:
    """Per device: runtime (CUDA context, graphs, allocator slack; by device family where the engine says)
    + a logits/compute buffer. ``d`` None: no device named (the engine's default runtime)."""
    runtime = e.overhead_gb_by_family.get(d.family, e.overhead_gb) if d is not None else e.overhead_gb
    return runtime * GB + LOGITS_BATCH * m.vocab_size * 4.0


def gpu_memory_share(memory_gb: float) -> float:
    """macOS default recommendedMaxWorkingSetSize: ~2/3 of unified memory up to 36 GB, ~3/4 above."""
    return 2.0 / 3.0 if memory_gb <= 36 else 0.75


def shares_memory(d: Device) -> bool:
    """One memory for CPU and GPU (Apple silicon, DGX Spark, Strix Halo): no PCIe, no CPU offload."""
    return d.unified or d.interconnect == "unified"


def os_share(s: Setup) -> float:
    """Share of a device's memory the operating system lets the GPU map: all of a discrete GPU's; macOS'
    working-set limit on a Mac; all but the OS's part on a Linux unified-memory box."""
    if s.device.unified:
        return gpu_memory_share(s.memory)
    return UNIFIED_LINUX_SHARE if shares_memory(s.device) else 1.0


def usable_bytes(s: Setup, *, weights_per_device: float = 0.0) -> float:
    """What the engine may allocate on one device, in bytes. Vendors' memory sizes are binary ("24 GB" on an
    RTX 4090 or "64 GB" on a Mac is 24 or 64 GiB), so the catalog's figure is read as GiB; every figure the
    engine shows is then decimal GB (1e9 bytes): a 128 GB Mac has 137.4 GB, a 24 GB GPU 25.8 GB.
    Most engines take a share of the whole memory (vLLM's gpu_memory_utilization); TensorRT-LLM takes its
    share of what is free once the weights and the runtime are loaded (kv_cache_free_gpu_mem_fraction), so it
    needs ``weights_per_device``."""
    e = s.engine
    memory = s.memory * GIB
    if e.memory_fraction_of == "free":
        cap = memory * os_share(s)
        loaded = weights_per_device + overhead_bytes(s.model, s.device, e)
        return min(cap, loaded + e.memory_fraction * max(cap - loaded, 0.0))
    return memory * min(os_share(s), e.memory_fraction)


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
    over = overhead_bytes(m, d, e)
    weights = weight_bytes(m, s.quant)
    payload = weights + kv_bytes
    mode: FitMode
    copies, whole = 1.0, 0.0
    if n == 1:
        mode = "unified" if shares_memory(d) else "single"
        share = 1.0
    elif e.tensor_parallel:
        mode, share, copies = "tensor_parallel", 1.0 / n, kv_copies(s)
        whole = replicated_attention_bytes(s) * (1.0 - share)
    else:  # layer split: the busiest device holds ceil(layers / n) layers
        mode, share = "layer_split", math.ceil(m.layers / n) / m.layers
    per_dev = (weights + kv_bytes * copies) * share + whole + over
    usable = usable_bytes(s, weights_per_device=weights * share + whole)
    if per_dev <= usable:
        return Placement(mode, True, per_dev, usable)
    if e.id != "llama.cpp" or shares_memory(d):
        return Placement("none", False, per_dev, usable)
    room = max(n * (usable - over), 0.0)
    offload = min(max(1.0 - room / payload, 0.0), 1.0)
    fits = offload <= MAX_OFFLOAD_FRACTION
    return Placement("cpu_offload" if fits else "none", fits, min(usable, per_dev), usable, offload)
