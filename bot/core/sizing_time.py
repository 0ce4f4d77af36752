"""Seconds: one decode step and one prompt pass for a setup, from bytes, FLOPs and a few calibrated costs.

A decode step over ``batch`` sequences takes the longest of three overlapping streams — weights + KV read
from memory, tensor-core math, dequantise ALU work — plus what does not overlap: serial per-step work on
the vector ALUs, fixed launch/sync costs per step, per layer and per MoE layer, and inter-device traffic
(``sizing_moe``). A prompt pass is compute bound, plus the weights streamed once per chunk. The formulas'
constants are per engine × device family in ``knowledge/engines.yaml`` (with the rows they were fitted on).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from . import sizing_moe as moe
from .knowledge import Device, Engine, GqaPacking, ModelArch, Quant
from .setup import Setup
from .sizing_physics import GB, Placement, kv_bytes, kv_copies

# Dequantisation + multiply-add work per weight at batch 1, FLOP-equivalents on the shader ALUs. It overlaps
# with the memory stream, so it only shows where ALUs are slow next to bandwidth. Relative costs follow the
# kernels' per-weight work: a plain FMA (F16/FP8/INT8) < Q8_0 (one scale per 32) < Q4_0 (nibble unpack +
# offset) < K-quants (two-level 6-bit scales and mins per 256-weight super-block) < I-quants (codebooks).
# MXFP4 (a 4-bit float per weight with one power-of-two scale per 32) unpacks like Q4_0.
DEQUANT_FLOPS = {"plain": 1.0, "q8": 3.0, "legacy": 6.0, "k": 15.0, "iq": 18.0}
GEMV_MAX_BATCH = 8  # up to 8 tokens per pass the engines use mat-vec kernels (llama.cpp MMVQ_MAX_BATCH_SIZE)
EXPERT_TILE_TOKENS = 128  # tokens per tile of llama.cpp's routed MMQ GEMM (mmq.cuh get_mmq_x_max_host; the width
# upstream picks for a MoE prompt pass, ggml-org/llama.cpp PR #26977)
DEFAULT_CPU_BANDWIDTH_GBPS = 80.0  # dual-channel DDR5 desktop, achievable
PCIE_GBPS = 25.0  # host-to-device copy for offloaded layers during prompt processing
# FP32 vector (CUDA-core / shader) rate as a share of the catalog's dense FP16 tensor rate, where a device
# gives no fp32 figure: GeForce tensor FP16 (FP32 accumulate) is 2× its FP32 rate, workstation/L-series 4×,
# A100/H100-class datacenter parts ~15× (A100 312 vs 19.5 TFLOPS; H100 SXM 989 vs 67). Apple's catalog
# FP16 figure is already the shader rate.
VECTOR_SHARE = {"nvidia_consumer": 0.5, "nvidia_workstation": 0.25, "nvidia_datacenter": 1 / 15,
                "amd_datacenter": 1 / 8, "amd_consumer": 1.0, "apple": 1.0, "cpu": 1.0}


def dequant_class(q: Quant) -> str:
    """The dequantise class of a format's weights; a GGUF whose routed experts are stored apart (gpt-oss's MXFP4
    experts beside F16/BF16 tensors) takes its experts' class, since they are the quantized weights the kernels
    unpack."""
    name = q.id.upper()
    if q.format == "hf" or (q.bits_per_weight >= 16 and (q.expert_bits or q.bits_per_weight) >= 16):
        return "plain"
    if name.startswith("IQ"):
        return "iq"
    if name.startswith("Q8"):
        return "q8"
    return "k" if "_K" in name else "legacy"


def compute_dtype(q: Quant, d: Device) -> str:
    """The tensor-core dtype a weight format actually runs at on a device: FP8/FP4 need the hardware (else
    the engines dequantise to FP16: weight-only kernels such as Marlin); GGUF int kernels are fitted
    against the FP16 peak."""
    want: str = q.compute_dtype
    if want == "fp4" and getattr(d, "fp4_tflops", None):
        return "fp4"
    if want == "fp8" and d.fp8_tflops:
        return "fp8"
    if want in ("int8", "int4") and d.int8_tops and q.format == "hf":
        return "int8"
    return "fp16"


def peak_flops(q: Quant, d: Device) -> float:
    """Dense tensor peak, FLOP/s, for the dtype the format runs at on this device."""
    dtype = compute_dtype(q, d)
    rate = {"fp4": getattr(d, "fp4_tflops", None), "fp8": d.fp8_tflops, "int8": d.int8_tops}.get(dtype)
    return (rate or d.fp16_tflops) * 1e12


def vector_flops(d: Device) -> float:
    """FP32 vector (non-tensor) FLOP/s: what mat-vec and elementwise kernels run on. A device that gives its vector
    units' peak apart from matrix units (``Device.vector_tflops``: a Xeon's AVX-512 beside its AMX) uses it."""
    return (d.vector_tflops or d.fp16_tflops * VECTOR_SHARE.get(d.family, 0.25)) * 1e12


def die_factor(d: Device, e: Engine) -> float:
    return max(1.0 - e.multi_die_penalty * (d.dies - 1), 0.1)


def weight_dtype(q: Quant) -> str | None:
    """The float dtype the weights are stored in, where a backend may lack it (bf16); None for the rest."""
    return "bf16" if q.id.upper() == "BF16" else None


def backend_factor(s: Setup, name: str) -> float:
    """The setup's backend multiplier ``name`` (compute, moe_gemm, attention, bandwidth, kv_bandwidth) on the engine's
    figure for this device family, which is the family's default backend's (knowledge/backends.yaml); 1 if none.
    Weights in a dtype the backend does not run natively there (BF16 on Vulkan/RADV) also pay its fallback's cost on
    the weight stream (bandwidth) and the weight GEMMs (compute); the KV cache and attention do not."""
    f, b = s.factors, s.backend
    factor = 1.0 if f is None else float(getattr(f, name))
    dtype = weight_dtype(s.quant)
    fallback = b.fallback_for(dtype, s.device.family) if b is not None and dtype is not None else None
    if fallback is not None and name in ("bandwidth", "compute"):  # moe_gemm: on top of compute_peak already
        factor *= fallback.bandwidth if name == "bandwidth" else fallback.compute
    return factor


def matrix_units(s: Setup) -> float | None:
    """Achievable FLOP/s of the device's matrix units (``Device.matrix_fp16_tflops``: Apple M5's GPU Neural
    Accelerators) where the engine's GEMMs program them (``Engine.matrix_efficiency``, for its backend) and the
    weights run at FP16; None where the device has none, the engine (or its build: knowledge/engine_builds.yaml)
    does not use them, or the dtype is another."""
    d, e = s.device, s.engine
    eff = e.matrix_efficiency.get(d.family)
    if not d.matrix_fp16_tflops or eff is None or compute_dtype(s.quant, d) != "fp16":
        return None
    if s.build is not None and not s.build.uses_matrix_units:  # a build from before the engine's matrix kernels
        return None
    return d.matrix_fp16_tflops * 1e12 * min(eff * backend_factor(s, "compute"), 1.0) * die_factor(d, e)


def cpu_gemm_flops(s: Setup) -> float | None:
    """Achievable FLOP/s of a CPU prompt pass: cores x base clock x the FLOPs per core per cycle the engine's CPU
    matmul kernels reach for this weight format's class (``Engine.cpu_gemm_flops_per_clock``). Which kernel a format
    takes sets the rate, not the socket's paper peak (``cpu_kernel``): llama.cpp runs Q4_0 and Q8_0 as tiled int8
    GEMMs on repacked rows, most K-quants and I-quants as a dot product per weight row and token, BF16 on the vector
    units, and none of them at the matrix-unit (AMX) rate a Xeon's BF16 peak counts. None where the device is not a
    CPU with cores and a clock, or the engine gives no figure for the kernel."""
    d = s.device
    per_clock = s.engine.cpu_gemm_flops_per_clock.get(cpu_kernel(s))
    if d.family != "cpu" or not d.cores or not d.clock_ghz or per_clock is None:
        return None
    return d.cores * d.clock_ghz * 1e9 * per_clock


def cpu_kernel(s: Setup) -> Literal["tiled", "per_row", "float"]:
    """The CPU backend's matmul kernel for this setup's weight format: float for 16-bit floats, tiled for the formats
    the engine repacks into interleaved rows (``Engine.cpu_tiled_formats``) unless the build predates that format's
    repack (engine_builds.yaml, effect cpu_tiled_gemm), else per_row."""
    q = s.quant
    if dequant_class(q) == "plain":
        return "float"
    if q.id in s.engine.cpu_tiled_formats and not (s.build is not None and s.build.runs_per_row(q.id)):
        return "tiled"
    return "per_row"


def float_weights(q: Quant) -> bool:
    """Weights (experts included) stored as 16-bit floats in a Hugging Face checkpoint: the engines multiply them
    with the vendor BLAS (cuBLAS), not with a dequantising kernel (Marlin, FP8/FP4 weight-only paths)."""
    return q.format == "hf" and q.bits_per_weight >= 16 and (q.expert_bits or q.bits_per_weight) >= 16


def compute_peak(s: Setup, *, experts: bool = False) -> float:
    """Achievable FLOP/s on one device for this setup's weight format: the engine's share of the peak (for its
    backend), times its share for low-precision dtypes (FP8/FP4 GEMMs reach less of their paper peak than FP16);
    on matrix units the engine programs, their rate instead (``matrix_units``); on a CPU, its cores' kernel rate
    (``cpu_gemm_flops``). Where the engine gives a GPU generation's share for 16-bit float GEMMs
    (``float_gemm_efficiency_by_generation``: A100) the non-expert GEMMs of BF16/FP16 weights take it; ``experts``:
    the routed experts' grouped GEMMs, which run in the engine's own kernels at the family's share."""
    matrix = matrix_units(s)
    if matrix is not None:
        return matrix
    cpu = cpu_gemm_flops(s)
    if cpu is not None:
        return cpu
    d, e = s.device, s.engine
    dtype = compute_dtype(s.quant, d)
    family = by_generation(e.compute_efficiency_by_generation, d, e.compute_efficiency.get(d.family, 0.4))
    if not experts and float_weights(s.quant):
        family = by_generation(e.float_gemm_efficiency_by_generation, d, family)
    eff = min(family * backend_factor(s, "compute"), 1.0) * e.dtype_efficiency.get(dtype, 1.0)
    eff *= e.dtype_efficiency_by_family.get(d.family, {}).get(dtype, 1.0)
    return peak_flops(s.quant, d) * eff * die_factor(d, e)


def devices_sharing_work(s: Setup, p: Placement) -> int:
    """Devices that split each layer's work: all of them in tensor parallel; one at a time in a layer split."""
    return s.devices if p.mode == "tensor_parallel" else 1


def effective_bandwidth(d: Device, e: Engine, *, factor: float = 1.0) -> float:
    """Achievable bytes/s on one device for the decode stream (``factor``: the backend's, on the engine's share)."""
    return d.bandwidth_gbps * GB * min(e.bandwidth_efficiency.get(d.family, 0.7) * factor, 1.0) * die_factor(d, e)


def kv_bandwidth(d: Device, e: Engine, *, factor: float = 1.0) -> float:
    """Achievable bytes/s streaming the KV cache of a batch (paged blocks, attention kernels)."""
    eff = e.kv_bandwidth_efficiency.get(d.family) or e.bandwidth_efficiency.get(d.family, 0.7)
    return d.bandwidth_gbps * GB * min(eff * factor, 1.0) * die_factor(d, e)


def gqa_packing(s: Setup) -> GqaPacking | None:
    """The decode flash-attention kernel's GQA packing on this setup: its backend's where it gives one, else the
    engine's for the device family (whose figures are the family's default backend's); None where neither describes
    the model's head size, or the model attends through one latent head (MLA) or without groups (MHA)."""
    m, f = s.model, s.factors
    pack = f.gqa_packing if f is not None and f.gqa_packing is not None else s.engine.gqa_packing.get(s.device.family)
    if pack is None or m.mla is not None or m.attention_heads == m.kv_heads:
        return None
    return pack if not pack.head_dims or m.head_dim in pack.head_dims else None


def kv_passes(s: Setup) -> float:
    """How many times a decode step streams each KV head's cache, as a multiple of once: the passes the attention
    kernel needs for the model's GQA group (``GqaPacking.passes``), each after the first at its re-read share. 1 for
    a kernel that serves the group in one pass, for multi-head attention and for MLA (one latent head)."""
    m, pack = s.model, gqa_packing(s)
    if pack is None:
        return 1.0
    passes = pack.passes(m.attention_heads // m.kv_heads)
    return 1.0 + (passes - 1) * pack.reread_share


def decode_kv_bandwidth(s: Setup) -> float:
    """Achievable bytes/s for one pass of the decode attention over the KV cache: the packing kernel's own rate where
    it gives one for this model, else the family's (and backend's) rate."""
    d, e, pack = s.device, s.engine, gqa_packing(s)
    if pack is not None and pack.kv_bandwidth_efficiency:
        return d.bandwidth_gbps * GB * pack.kv_bandwidth_efficiency * die_factor(d, e)
    return kv_bandwidth(d, e, factor=backend_factor(s, "kv_bandwidth"))


def attention_flops(m: ModelArch, context: float) -> float:
    """Score and weighted-sum FLOPs for one new token attending over ``context`` tokens: 2·heads·(qk + v dims)
    per cached token per layer (MLA attends in its latent space: 576-wide scores, 512-wide values);
    sliding-window layers see at most the window."""
    width = 2 * m.head_dim if m.mla is None else 2 * m.mla.kv_lora_rank + m.mla.rope_head_dim
    seen = m.full_attention_layers * context + m.window_layers * min(context, float(m.sliding_window or 0))
    return 2.0 * m.attention_heads * width * seen


def fixed_step_s(s: Setup, *, mode: str) -> float:
    """Launches, sync and sampling per forward pass: per pass, per layer, per MoE layer (router, top-k,
    token sort/gather/scatter kernels; more on an engine build from before its backend's fused routing kernel,
    knowledge/engine_builds.yaml) and, on a latent-attention (MLA) model, per MLA layer, plus one hop per extra
    device in a layer split."""
    m, d, e, n = s.model, s.device, s.engine, s.devices
    ms = e.per_token_overhead_ms.get(d.family, 0.5)
    ms += m.layers * per_layer_ms(d, e)
    ms += m.moe_layers * moe_layer_ms(s)
    if s.build is not None:  # a build from before its backend's fused MoE routing launches more kernels per layer
        ms += m.moe_layers * s.build.us_per_moe_layer() / 1000.0
    if m.mla is not None:
        ms += m.layers * e.mla_layer_overhead_ms.get(d.family, 0.0)
    if n > 1 and mode != "tensor_parallel":
        ms += (n - 1) * e.multi_device_overhead_ms
    return ms / 1000.0


def weight_only_experts(s: Setup) -> bool:
    """The routed experts are quantized in a format the device's tensor cores do not run, so the engine multiplies
    them in a dequantising kernel (Marlin, triton_kernels' MXFP4 upcast): a Hugging Face checkpoint below 16 bits
    whose compute dtype falls back to FP16 here (MXFP4 on Hopper or Ampere, FP8 on an A100, AWQ/GPTQ/INT4)."""
    q = s.quant
    return q.format == "hf" and not float_weights(q) and compute_dtype(q, s.device) == "fp16"


def moe_layer_ms(s: Setup) -> float:
    """Fixed milliseconds per MoE layer per forward pass: the engine's figure for the device family, or its figure for a
    dequantising expert path where it gives one and the experts take that path (``weight_only_experts``)."""
    e, family = s.engine, s.device.family
    native = e.moe_layer_overhead_ms.get(family, 0.0)
    if weight_only_experts(s):
        return e.moe_layer_overhead_weight_only_ms.get(family, native)
    return native


def per_layer_ms(d: Device, e: Engine) -> float:
    """Fixed milliseconds per layer per forward pass on this device: its generation's figure where the engine gives
    one (llama.cpp on the HBM datacenter dies, A100/H100/H200/B200/B300), else its family's."""
    return by_generation(e.per_layer_overhead_ms_by_generation, d, e.per_layer_overhead_ms.get(d.family, 0.02))


def saturating_threads(s: Setup) -> float:
    """Threads a CPU decode runs when nothing else limits it: every core, or as many as it takes to reach the
    socket's achievable bandwidth at the engine's per-thread stream (past that, threads add no bandwidth). 0 for a
    device whose core count the catalog does not give (GPUs)."""
    d, e = s.device, s.engine
    cores = float(d.cores or 0)
    per_thread = e.cpu_thread_gbps.get(d.family)
    if not cores or not per_thread:
        return cores
    bandwidth = effective_bandwidth(d, e, factor=backend_factor(s, "bandwidth")) / GB
    return max(1.0, min(cores, bandwidth / per_thread))


def expert_turns_s(s: Setup, *, tokens: float, threads: float | None = None) -> float:
    """Seconds a forward pass of ``tokens`` tokens spends handing experts to threads, on a backend that runs a MoE
    layer's touched experts one after another, each split over every thread (llama.cpp's CPU backend): per MoE
    layer, per expert run (the distinct routed experts the tokens pick, plus the shared ones), per thread. One token
    runs k + shared experts; a 512-token prompt pass runs nearly all of them. ``threads``: the pass's thread count
    (default: ``saturating_threads``). 0 for a dense model, for a device family without the figure (GPUs launch a
    layer's experts as one grouped kernel) and for a device whose core count the catalog does not give."""
    m, d = s.model, s.device
    us = s.engine.moe_expert_thread_us.get(d.family, 0.0)
    n = saturating_threads(s) if threads is None else threads
    if m.moe is None or not us or not n:
        return 0.0
    runs = moe.experts_touched(m, tokens) + m.moe.shared_experts
    return m.moe_layers * runs * n * us / 1e6


def decode_threads(s: Setup, *, memory_s: float, tokens: float) -> float:
    """The thread count a tuned CPU decode runs: the one that minimises streaming the step's bytes (``memory_s`` at
    ``saturating_threads``, slower in proportion below it) plus the expert turns (more threads, more hand-off):
    sqrt(memory_s x saturating / turns per thread), within [1, saturating]. Saturating where no turns are paid."""
    full = saturating_threads(s)
    per_thread = expert_turns_s(s, tokens=tokens, threads=1.0)
    if not full or per_thread <= 0.0 or memory_s <= 0.0:
        return full
    return min(full, max(1.0, math.sqrt(memory_s * full / per_thread)))


def serial_s(s: Setup, *, params: float, split: int) -> float:
    """Serial per-step compute on the vector ALUs (activation quantisation, norms, the mat-vecs' integer
    work that does not hide behind the memory stream), ∝ parameters read, shared over ``split`` devices."""
    d, e = s.device, s.engine
    eff = e.decode_compute_efficiency.get(d.family, 0.3)
    return 2.0 * params / (vector_flops(d) * eff * die_factor(d, e)) / split


def by_generation(table: dict[str, float], d: Device, default: float) -> float:
    """The value for the longest device-id prefix in ``table`` that names this device's generation (e.g.
    "apple-m1" for M1, M1 Pro/Max/Ultra, but not a hypothetical "apple-m10"), else ``default``."""
    best, value = 0, default
    for prefix, v in table.items():
        if len(prefix) > best and (d.id == prefix or d.id.startswith(prefix + "-")):
            best, value = len(prefix), v
    return value


def alu_efficiency(d: Device, e: Engine) -> float:
    """Share of the FP16 peak the dequantise kernels reach: by GPU generation where the engine says (M1-class
    Apple GPUs reach half of later ones), else the device family's value."""
    return max(by_generation(e.alu_efficiency_by_generation, d, e.alu_efficiency.get(d.family, 1.0)), 0.01)


def alu_s(s: Setup, *, params: float, split: int) -> float:
    """Dequantise + multiply-add ALU time per step for ``params`` weights, shared over ``split`` devices;
    overlaps with the weight stream (max, not sum). ALUs sit on every die, so a multi-die package adds no
    ALU penalty (its fabric cost is in the bandwidth)."""
    flops = params * DEQUANT_FLOPS[dequant_class(s.quant)]
    return flops / (s.device.fp16_tflops * 1e12 * alu_efficiency(s.device, s.engine)) / split


def gemm_flop_parts(s: Setup, *, tokens: float, context: float, logits: bool = True) -> tuple[float, float]:
    """Tensor-core FLOPs of one forward pass over ``tokens`` tokens (each attending over ``context``), in two
    parts: (attention, dense and shared weights, lm head; the routed experts). 2 per multiplied parameter per
    token, plus attention; a MoE layer's grouped GEMMs pad every touched expert's rows to the kernel's tile
    (``moe_gemm_pad_rows``) once a pass leaves the mat-vec regime.

    The token-embedding table is a row lookup, not a matmul: no FLOPs. The lm head multiplies only the tokens
    whose logits are wanted: every token of a decode step, but of a prompt only its last (llama.cpp outputs the
    last token of a batch unless asked for all; vLLM/SGLang gather the last position of each prompt before the
    head), so a prompt pass (``logits=False``) leaves it out. Counting both tables as matmuls (2 FLOPs per active
    parameter) overstated prompt FLOPs by 28 % on gpt-oss-20b (two 201k × 2880 tables of 4.2 B active), 19 % on
    Qwen3-30B-A3B, 13 % on Llama-3.1-8B, 4 % on Llama-2-7B."""
    m, e = s.model, s.engine
    routed = m.split.active_routed if m.is_moe else 0.0
    table = float(m.split.embedding + m.split.output)  # the embedding, and the head when untied
    matmul = m.active_b * 1e9 - routed - table
    head = float(m.vocab_size * m.hidden_size) if logits else 0.0
    fixed = tokens * (2.0 * (matmul + head) + attention_flops(m, context) / attention_efficiency(s))
    experts = tokens * 2.0 * routed
    if m.is_moe and tokens > GEMV_MAX_BATCH:
        pad = e.moe_gemm_pad_rows.get(s.device.family, 0.0)
        if matrix_units(s) is not None:  # the matrix units' kernels tile the token rows differently
            pad = e.matrix_moe_gemm_pad_rows.get(s.device.family, pad)
        per_expert = m.split.routed_experts / m.split.experts
        experts += 2.0 * per_expert * moe.experts_touched(m, tokens) * pad
    return fixed, experts


def attention_efficiency(s: Setup) -> float:
    """Flash-attention kernels (scores and weighted values over the cache, softmax between them, one tile of
    queries at a time) reach less of the peak than a weight GEMM: the tiles are small (head_dim 64-128 wide), the
    online softmax runs on the vector ALUs between the two matmuls, and on GPUs whose matrix units the kernel
    does not use (ROCm/Vulkan builds on RDNA) it runs on the shader ALUs. Counted as FLOP-equivalents (the
    attention FLOPs ÷ this share) at the GEMM rate, so it only matters where the cache is long."""
    eff = s.engine.attention_efficiency.get(s.device.family, 1.0) * backend_factor(s, "attention")
    return min(max(eff, 0.01), 1.0)


def moe_gemm_efficiency(s: Setup) -> float:
    """The grouped expert GEMMs' share of the engine's dense GEMM rate: by GPU generation where the engine gives one
    (``moe_gemm_efficiency_by_generation``), else the device family's, times the backend's factor."""
    e, d = s.engine, s.device
    share = by_generation(e.moe_gemm_efficiency_by_generation, d, e.moe_gemm_efficiency.get(d.family, 1.0))
    return min(share * backend_factor(s, "moe_gemm"), 1.0)


def build_moe_overhead_s(s: Setup, *, tokens: float) -> float:
    """Seconds a MoE prompt pass of ``tokens`` tokens adds on an engine build older than the grouped-expert-GEMM
    milestones of its backend (knowledge/engine_builds.yaml): a fixed cost per routed expert per MoE layer, so
    128 small experts (Qwen3-30B-A3B, GLM-4.5-Air) pay eight times what 16 large ones (Llama-4-Scout) do. None on
    the current build or a dense model, and none in the mat-vec regime (decode), which those changes left alone."""
    b, m = s.build, s.model
    if b is None or not b.lacks or m.moe is None or tokens <= GEMV_MAX_BATCH:
        return 0.0
    return b.us_per_expert() * 1e-6 * m.moe.experts * m.moe_layers


def expert_tile_s(s: Setup, *, tokens: float, split: int) -> float:
    """Seconds the grouped expert GEMMs of a prompt pass of ``tokens`` tokens take at least, however few tokens each
    expert sees: every touched expert's weights are loaded and converted once per tile of up to EXPERT_TILE_TOKENS
    tokens, at the engine's ``moe_tile_flops`` vector-ALU FLOP-equivalents per weight per tile (llama.cpp's routed
    MMQ on NVIDIA: ~1.1 weights per SM per clock). A floor beside the expert GEMMs' FLOPs and bytes (the larger
    counts); 0 for a dense model, in the mat-vec regime and where the engine gives no figure for the family."""
    ops = s.engine.moe_tile_flops.get(s.device.family, 0.0)
    if s.model.moe is None or not ops or tokens <= GEMV_MAX_BATCH:
        return 0.0
    return _expert_weight_tiles(s, tokens) * ops / (vector_flops(s.device) * split)


def expert_convert_s(s: Setup, *, tokens: float, split: int) -> float:
    """Seconds a prompt pass of ``tokens`` tokens spends converting its routed experts' quantized weights tile by
    tile, added to the expert GEMMs' math: every touched expert's weights are dequantised (DEQUANT_FLOPS of the
    format per weight) ``moe_tile_convert`` times per tile of up to EXPERT_TILE_TOKENS tokens, on the same vector
    ALUs that issue the matrix instructions (RDNA), so an expert seeing 16 tokens pays nearly what one seeing 128
    does. 0 for a dense model, in the mat-vec regime and where the engine gives no figure for the family."""
    times = s.engine.moe_tile_convert.get(s.device.family, 0.0)
    if s.model.moe is None or not times or tokens <= GEMV_MAX_BATCH:
        return 0.0
    ops = DEQUANT_FLOPS[dequant_class(s.quant)] * times
    return _expert_weight_tiles(s, tokens) * ops / (vector_flops(s.device) * split)


def _expert_weight_tiles(s: Setup, tokens: float) -> float:
    """Routed-expert weights a MoE prompt pass of ``tokens`` tokens handles, once per tile of up to
    EXPERT_TILE_TOKENS tokens of each touched expert (at least one tile each): the count both the tile floor and
    the per-tile conversion charge for."""
    m = s.model
    touched = moe.experts_touched(m, tokens)
    per_expert = m.split.routed_experts / m.split.experts
    tiles = max(1.0, tokens * m.split.experts_per_token / touched / EXPERT_TILE_TOKENS)
    return touched * per_expert * tiles


def tensor_seconds(s: Setup, flops: tuple[float, float], *, split: int) -> tuple[float, float]:
    """Seconds of tensor-core math for ``gemm_flop_parts`` over ``split`` devices: the expert part at the
    engine's grouped-GEMM share of its dense rate."""
    expert_peak = compute_peak(s, experts=True) * split
    return flops[0] / (compute_peak(s) * split), flops[1] / (expert_peak * moe_gemm_efficiency(s))


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
    s: Setup, *, placement: Placement, kv_tokens: float, kv_dtype: str, batch: float = 1, cpu_gbps: float | None = None
) -> Step:
    """Seconds for one decode step generating ``batch`` tokens (one per sequence) at ``kv_tokens`` context."""
    d, e, p = s.device, s.engine, placement
    if s.pipeline > 1 and p.mode == "tensor_parallel":
        return pipeline_step(s, placement=p, kv_tokens=kv_tokens, kv_dtype=kv_dtype, batch=batch)
    split = devices_sharing_work(s, p)
    kv = kv_bytes(s.model, kv_dtype, kv_tokens) * batch / split
    if p.mode == "tensor_parallel":  # each rank streams its own copy of a replicated head or of MLA's latent
        kv *= kv_copies(s)
    weights = moe.device_weight_bytes(s, batch=batch, split=split)
    gpu_share = 1.0 - p.offload_fraction
    bw, kv_bw = effective_bandwidth(d, e, factor=backend_factor(s, "bandwidth")), decode_kv_bandwidth(s)
    memory_s = (weights / bw + kv * kv_passes(s) / kv_bw) * gpu_share
    memory_s += (weights + kv) * p.offload_fraction / cpu_bandwidth(cpu_gbps)
    full, threads = saturating_threads(s), decode_threads(s, memory_s=memory_s, tokens=batch)
    if 0.0 < threads < full:  # a CPU MoE decode tuned to fewer threads streams its bytes that much slower
        memory_s *= full / threads
    flops = gemm_flop_parts(s, tokens=batch, context=kv_tokens)
    # layer split: the layers run one device after another, so compute does not add up
    compute_s = sum(tensor_seconds(s, flops, split=1 if p.mode == "layer_split" else split))
    params = moe.device_params_read(s, batch=batch, split=split)
    overlapped = max(memory_s, compute_s, alu_s(s, params=params, split=1) * gpu_share)
    seconds = overlapped + serial_s(s, params=params, split=1) * gpu_share + fixed_step_s(s, mode=p.mode)
    seconds += batch * e.per_sequence_overhead_us / 1e6
    seconds += expert_turns_s(s, tokens=batch, threads=threads)
    seconds += moe.communication_s(s, tokens=batch, tensor_parallel=p.mode == "tensor_parallel")
    return Step(seconds, memory_s, compute_s)


def pipeline_step(s: Setup, *, placement: Placement, kv_tokens: float, kv_dtype: str, batch: float) -> Step:
    """A decode step of ``batch`` sequences through ``s.pipeline`` stages, each a tensor-parallel group of
    ``devices // pipeline`` devices holding 1/pipeline of the layers. The batch moves in ``pipeline`` micro-batches
    (vLLM's virtual engines, TensorRT-LLM's micro-batches), so while one stage runs a micro-batch the next runs
    another: every device reads its stage's weights once per micro-batch and the KV cache of all its sequences once,
    and all-reduces only inside its group. Per device that is the work of one tensor-parallel group running
    the whole model at batch / pipeline: a full step of the batch takes that long. Below ``pipeline`` sequences the
    stages idle in turn (one micro-batch per sequence, a layer split's serial pass). Hidden states handed from stage
    to stage (batch x hidden x 2 bytes per boundary) are left out: under 1 % of a step. The per-sequence cost is
    the whole batch's."""
    micro = max(batch / s.pipeline, 1.0)
    step = decode_step(s.stage(), placement=placement, kv_tokens=kv_tokens, kv_dtype=kv_dtype, batch=micro)
    extra = (batch - min(micro, batch)) * s.engine.per_sequence_overhead_us / 1e6
    return Step(step.seconds + extra, step.memory_s, step.compute_s)


def prefill_seconds(s: Setup, *, placement: Placement, tokens: int, chunk: int = 512, depth: int = 0) -> float:
    """Prompt processing of ``tokens`` tokens after ``depth`` already cached, ``chunk`` tokens per forward pass
    (llama.cpp's n_ubatch; a batching server packs many prompts into one chunk, so streaming the weights is
    shared between them). Each pass is two rooflines in turn: the attention, dense and shared weights (compute
    bound at any useful chunk), then the routed experts, each of which sees only its share of the chunk's
    tokens (chunk · k / E) and so may be bound by reading its weights rather than by its math, or, where the
    engine says so, by loading and converting them tile by tile (``expert_tile_s``)."""
    d, e, p = s.device, s.engine, placement
    if s.pipeline > 1 and p.mode == "tensor_parallel":
        # the stages work on successive chunks at once: a batching server's share of a packed chunk costs the group's
        # time over the stages; one prompt's own passes fill the pipeline first (passes + stages - 1 stage times)
        group = prefill_seconds(s.stage(), placement=p, tokens=tokens, chunk=chunk, depth=depth)
        n = tokens / chunk if chunk > tokens else math.ceil(tokens / chunk)
        return group / s.pipeline if chunk > tokens else group * (n + s.pipeline - 1) / (s.pipeline * n)
    split = devices_sharing_work(s, p)
    passes = tokens / chunk if chunk > tokens else math.ceil(tokens / chunk)
    per_pass = chunk if chunk > tokens else tokens / passes
    bandwidth = effective_bandwidth(d, e, factor=backend_factor(s, "bandwidth"))
    flops = gemm_flop_parts(s, tokens=per_pass, context=depth + tokens / 2.0, logits=False)
    flops = tensor_seconds(s, flops, split=split)
    weights = moe.device_weight_parts(s, batch=per_pass, split=split)
    fixed, experts = (max(f, b / bandwidth) for f, b in zip(flops, weights, strict=True))
    one = fixed + max(experts, expert_tile_s(s, tokens=per_pass, split=split))
    one += expert_convert_s(s, tokens=per_pass, split=split)
    one += build_moe_overhead_s(s, tokens=per_pass)
    one += expert_turns_s(s, tokens=per_pass)
    seconds = passes * one
    if p.offload_fraction:
        seconds += passes * moe.step_weight_bytes(s.model, s.quant, per_pass) * p.offload_fraction / (PCIE_GBPS * GB)
    seconds += passes * moe.communication_s(s, tokens=per_pass, tensor_parallel=p.mode == "tensor_parallel")
    return seconds + passes * fixed_step_s(s, mode=p.mode)
