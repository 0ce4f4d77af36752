"""Knowledge base: strict pydantic models for ``knowledge/*.yaml`` and their loader.

Every figure in the knowledge base carries ``source`` and ``as_of``. Derived figures (KV bytes per token,
$ per 1M tokens, GPU-usable unified memory) are computed by the engine, never typed into the files.

The loader is the only function here that touches the file system; it is called once at start-up by the
shell and the result is passed into the pure core.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from .assumption_keys import REQUIRED_ASSUMPTIONS
from .model_arch import Mla as Mla
from .model_arch import ModelArch as ModelArch
from .model_arch import Moe as Moe
from .model_arch import ParamSplit as ParamSplit
from .names import Catalog
from .names import NotFound as NotFound  # re-exported: what callers catch
from .names import normalise as normalise  # re-exported
from .sourced import Fraction, NonNegFloat, PositiveFloat, Sourced, Strict


class Price(Sourced):
    """A purchase price for one device (street or list price, USD)."""

    usd: PositiveFloat


class Rental(Sourced):
    """An on-demand rental rate for one device (USD per device-hour).

    A provider that only rents whole instances (a 4-GPU GB200 node) is recorded as published:
    ``instance_usd_per_hour`` for ``instance_devices`` devices; the per-device rate is computed from them."""

    usd_per_hour: PositiveFloat
    instance_usd_per_hour: PositiveFloat | None = None
    instance_devices: int = Field(default=1, ge=1, le=72)
    provider: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _per_device(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        price, devices = data.get("instance_usd_per_hour"), data.get("instance_devices", 1)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in (price, devices)):
            return data  # absent or malformed: the field validators say which field and why
        per_device = price / devices
        typed = data.get("usd_per_hour")
        if typed is not None and abs(typed - per_device) > 1e-9:
            raise ValueError("usd_per_hour is computed from instance_usd_per_hour / instance_devices; remove it")
        return {**data, "usd_per_hour": per_device}


DeviceFamily = Literal[
    "nvidia_consumer", "nvidia_workstation", "nvidia_datacenter", "amd_datacenter", "amd_consumer",
    "intel_datacenter", "apple", "cpu",
]

# GB/s one PCIe lane moves in one direction, by generation: the PCI-SIG transfer rate (8, 16, 32, 64 GT/s) x 128/130
# line coding / 8 bits (PCIe 6.0's FLIT encoding taken as the same share)
PCIE_LANE_GBPS = {3: 0.985, 4: 1.969, 5: 3.938, 6: 7.877}


class Device(Sourced):
    """One accelerator (a GPU, or an Apple silicon chip with its unified memory)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    aliases: list[str] = []
    vendor: Literal["nvidia", "amd", "apple", "intel"]
    family: DeviceFamily
    memory_gb: PositiveFloat  # the largest configuration (unified memory for Apple)
    memory_options_gb: list[PositiveFloat] = []  # Apple: the unified-memory sizes sold
    bandwidth_gbps: PositiveFloat
    fp16_tflops: PositiveFloat  # dense FP16/BF16 (tensor cores where present)
    fp8_tflops: PositiveFloat | None = None  # dense
    int8_tops: PositiveFloat | None = None  # dense
    # peak of the vector units where fp16_tflops counts matrix units beside them (a Xeon's AMX): the AVX-512 BF16
    # dot-product rate, as fp16_tflops already is on CPUs without matrix units; None: taken from fp16_tflops
    vector_tflops: PositiveFloat | None = None
    fp4_tflops: PositiveFloat | None = None  # dense FP4 (NVFP4 / MXFP4 tensor cores: Blackwell, MI355X)
    # dense FP16 matmul peak of matrix units beside the shader ALUs that only some engines program (Apple M5's
    # per-core GPU Neural Accelerators, reached through Metal 4's tensor API); fp16_tflops stays the shader rate
    matrix_fp16_tflops: PositiveFloat | None = None
    power_w: PositiveFloat  # board power / package power under load
    interconnect: Literal["pcie", "nvlink", "sxm", "infinity_fabric", "ethernet", "unified"] = "pcie"
    # NVLink bandwidth per GPU, both directions summed, as the datasheets state it (A100 600, H100/H200 900, B200 1800);
    # None where the device has none or the catalog does not give it
    nvlink_gbps: PositiveFloat | None = None
    # the host link (PCIe generation and lanes) as the vendor's datasheet states it; None: not catalogued (read as
    # PCIe 4.0 x16, the link the engines' PCIe all-reduce figures were set on). See ``pcie_gbps``.
    pcie_gen: int | None = Field(default=None, ge=3, le=6)
    pcie_lanes: int = Field(default=16, ge=1, le=16)
    dies: int = Field(default=1, ge=1, le=8)  # multi-die packages (M-Ultra, B200, MI300X)
    gpu_cores: int | None = None
    # CPU devices: physical cores of one socket, the thread count llama.cpp runs with by default
    cores: int | None = Field(default=None, ge=1)
    # CPU devices: the cores' base clock, GHz (the product page's figure; a prompt pass's rate is cores x clock x the
    # engine's FLOPs per core per cycle for the weight format, Engine.cpu_gemm_flops_per_clock)
    clock_ghz: PositiveFloat | None = None
    price: Price | None = None
    rental: Rental | None = None
    # smallest number you can buy: SXM/OAM modules come on 8-GPU baseboards (HGX, OAM UBB); cloud rents singles
    min_purchase: int = Field(default=1, ge=1, le=72)  # GB200 NVL72 racks: 72
    released: int | None = Field(default=None, ge=2010, le=2030)
    # False: catalogued only so public measurements on it can be scored (a CPU SKU or memory configuration no
    # sizing offers); never listed among the options ``estimate`` proposes
    proposed: bool = True

    @model_validator(mode="after")
    def _options_within_max(self) -> Device:
        if self.memory_options_gb and max(self.memory_options_gb) != self.memory_gb:
            raise ValueError("memory_gb must equal the largest of memory_options_gb")
        return self

    @property
    def unified(self) -> bool:
        return self.family == "apple"

    @property
    def pcie_gbps(self) -> float | None:
        """One direction of the host link, GB/s: the generation's signalling rate per lane (PCIe 3.0 8 GT/s, 4.0 16,
        5.0 32, 6.0 64; 128b/130b coding up to 5.0, FLIT at 6.0 taken the same) x lanes. None where not catalogued."""
        if self.pcie_gen is None:
            return None
        return PCIE_LANE_GBPS[self.pcie_gen] * self.pcie_lanes


class Quant(Sourced):
    """A weight format with its effective bits per weight."""

    id: str = Field(pattern=r"^[A-Za-z0-9_]+$")
    name: str
    aliases: list[str] = []
    format: Literal["gguf", "hf"]  # gguf: llama.cpp family; hf: safetensors for vLLM/TRT-LLM/MLX
    bits_per_weight: PositiveFloat  # effective, over the repeating transformer blocks
    embedding_bits: PositiveFloat | None = None  # token embedding table, when stored differently
    output_bits: PositiveFloat | None = None  # output projection (lm head), when stored differently
    expert_bits: PositiveFloat | None = None  # routed-expert weights, when stored differently (gpt-oss MXFP4)
    compute_dtype: Literal["fp16", "fp8", "fp4", "int8", "int4"] = "fp16"  # what the tensor cores run
    quality: str  # one line on the quality cost
    quality_loss: Literal["none", "negligible", "small", "noticeable", "large"]


class GqaPacking(Sourced):
    """How an engine's decode flash-attention kernel shares one pass over a KV head's cache among the query heads of
    its group (grouped-query attention: g = attention_heads / kv_heads query heads read the same K and V). A kernel
    that packs P heads of a group into one block reads that KV head's cache g / P times per step; one that cannot pack
    a group reads it once per head. Read by ``sizing_time.kv_passes``.

    ``heads_per_pass``: the pack sizes the kernel is built for (llama.cpp's HIP tile kernel: 8, 4, 2); a group of g
    takes the largest that divides g, in g / P passes. ``max_group``: the kernel packs a whole group of up to this many
    heads into one pass and none of a larger one (one pass per head; llama.cpp's Vulkan shader: 8). One of the two.
    ``reread_share``: what each pass after the first costs next to the first (1: streamed from memory again; below 1:
    partly served from cache because the blocks of one group run side by side). ``kv_bandwidth_efficiency``: the
    packed kernel's own share of peak bandwidth (None: the family's). ``head_dims``: the head sizes the description
    holds for (the kernels pick other configurations, or other kernels, for other sizes); empty: any."""

    heads_per_pass: list[int] = []
    max_group: int | None = Field(default=None, ge=1)
    reread_share: Fraction = 1.0
    kv_bandwidth_efficiency: Fraction | None = None
    head_dims: list[int] = []  # head sizes it holds for (empty: any)

    @model_validator(mode="after")
    def _one_rule(self) -> GqaPacking:
        if bool(self.heads_per_pass) == (self.max_group is not None):
            raise ValueError("gqa_packing: give heads_per_pass or max_group, not both or neither")
        if any(n < 1 for n in self.heads_per_pass):
            raise ValueError("gqa_packing: heads_per_pass must be positive")
        return self

    def passes(self, group: int) -> int:
        """Passes over one KV head's cache per step for a group of ``group`` query heads."""
        if group <= 1:
            return 1
        if self.max_group is not None:
            return 1 if group <= self.max_group else group
        pack = max((n for n in self.heads_per_pass if group % n == 0), default=1)
        return group // pack


class Engine(Sourced):
    """A serving engine and its calibrated efficiencies (a few constants, fitted on public rows)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    aliases: list[str] = []
    formats: list[Literal["gguf", "hf"]]
    batching: bool  # continuous batching server (vLLM class) or one stream at a time
    overhead_gb: NonNegFloat  # runtime overhead per device (CUDA context, buffers)
    overhead_gb_by_family: dict[DeviceFamily, NonNegFloat] = {}  # overrides overhead_gb (e.g. Metal: no CUDA context)
    memory_fraction: Fraction  # share of device memory the engine lets itself use
    devices: list[DeviceFamily]
    # achievable share of peak memory bandwidth on decode, by device family
    bandwidth_efficiency: dict[DeviceFamily, Fraction]
    # fixed cost per generated token (kernel launches, sampling, sync), milliseconds, by device family
    per_token_overhead_ms: dict[DeviceFamily, NonNegFloat]
    # achievable share of peak tensor FLOPs on prefill / batched decode
    compute_efficiency: dict[DeviceFamily, Fraction]
    # extra latency per token for each additional device in tensor/layer split, milliseconds
    multi_device_overhead_ms: NonNegFloat = 0.0
    # throughput lost per extra die on a multi-die package (M-Ultra), as a fraction of bandwidth
    multi_die_penalty: Fraction = 0.0
    # --- optional calibrated constants added by the sizing engine (bot/core/sizing_physics.py) ---
    # fixed cost per transformer layer per decode step (kernel launches, sync), ms, by device family
    per_layer_overhead_ms: dict[DeviceFamily, NonNegFloat] = {}
    # the same by device-id prefix (e.g. "h100"), where one generation's chips pay more than their family's figure
    per_layer_overhead_ms_by_generation: dict[str, NonNegFloat] = {}
    # share of peak FP16 the dequantise + mat-vec work reaches at batch 1 (time ∝ weights, not batch)
    decode_compute_efficiency: dict[DeviceFamily, Fraction] = {}
    # share of peak FP16 the dequantise ALU work reaches at batch 1 (overlaps with the weight stream)
    alu_efficiency: dict[DeviceFamily, Fraction] = {}
    # tensor-parallel all-reduce latency per all-reduce (two per layer), microseconds, by interconnect
    allreduce_us: dict[str, NonNegFloat] = {}
    # achievable all-reduce bus bandwidth (NCCL busbw), GB/s, by interconnect: the activations each step moves
    allreduce_gbps: dict[str, PositiveFloat] = {}
    # ALU share by GPU generation, keyed by device-id prefix (e.g. "apple-m1"); overrides alu_efficiency
    alu_efficiency_by_generation: dict[str, Fraction] = {}
    # compute share by device-id prefix where one chip reaches less of its peak than its family (DGX Spark)
    compute_efficiency_by_generation: dict[str, Fraction] = {}
    # compute share by device-id prefix for the GEMMs of 16-bit float weights (BF16/FP16 through the vendor BLAS) where
    # a GPU generation reaches more of its peak than the engine's family figure; routed-expert GEMMs (the engine's own
    # grouped kernels) and weight-only quantized GEMMs keep the family's share (sizing_time.compute_peak)
    float_gemm_efficiency_by_generation: dict[str, Fraction] = {}
    # fixed cost per MoE layer per forward pass (router, top-k, token sort/gather/scatter kernels), ms, by family
    moe_layer_overhead_ms: dict[DeviceFamily, NonNegFloat] = {}
    # the same where the routed experts run in a dequantising (weight-only) kernel: a quantized checkpoint whose dtype
    # the GPU's tensor cores do not run (MXFP4 before Blackwell, FP8 on an A100, AWQ/GPTQ/INT4 Marlin); where absent,
    # moe_layer_overhead_ms holds for both (sizing_time.moe_layer_ms)
    moe_layer_overhead_weight_only_ms: dict[DeviceFamily, NonNegFloat] = {}
    # fixed cost per attention layer per forward pass of a multi-head latent attention model (DeepSeek MLA: the
    # absorbed-projection, latent-cache and decode-metadata kernels a GQA layer does not launch), ms, by family
    mla_layer_overhead_ms: dict[DeviceFamily, NonNegFloat] = {}
    # cost of running one expert's mat-vecs in turn across every thread (thread hand-off, per-thread slices too
    # small to stream at full rate), microseconds per expert per thread per MoE layer, by family: CPU backends that
    # run a layer's touched experts one after another, each split over all of the socket's cores
    moe_expert_thread_us: dict[DeviceFamily, NonNegFloat] = {}
    # bandwidth one decode thread streams, GB/s, by family (CPU): a socket's decode stops gaining threads once
    # threads x this reach its achievable bandwidth, and a MoE decode may run fewer to pay fewer expert turns
    cpu_thread_gbps: dict[DeviceFamily, PositiveFloat] = {}
    # FLOPs per core per base-clock cycle the engine's CPU matmul kernels reach in a prompt pass (many tokens), by the
    # kernel a weight format takes: tiled (a GEMM over repacked rows), per_row (one dot product per weight row and
    # token), float (BF16/F16); the kernel sets it, not the chip's matrix-unit peak
    cpu_gemm_flops_per_clock: dict[Literal["tiled", "per_row", "float"], PositiveFloat] = {}
    # the quant ids the engine's CPU backend runs as tiled GEMMs on the current build (the rest of the quantized
    # formats: per_row; 16-bit floats: float); engine_builds.yaml dates when each joined (effect cpu_tiled_gemm)
    cpu_tiled_formats: list[str] = []
    # rows every touched expert's grouped GEMM is padded to (the kernel's tile on the token dimension), by family
    moe_gemm_pad_rows: dict[DeviceFamily, NonNegFloat] = {}
    # the same where the engine's expert GEMMs run on the device's matrix units (matrix_efficiency): their tile
    matrix_moe_gemm_pad_rows: dict[DeviceFamily, NonNegFloat] = {}
    # share of the engine's dense GEMM rate its grouped expert GEMMs reach (gather, per-expert tiles), by family
    moe_gemm_efficiency: dict[DeviceFamily, Fraction] = {}
    # moe_gemm_efficiency by device-id prefix where a GPU generation's expert GEMMs reach a different share than its
    # family's (e.g. "apple-m1", "apple-m2"); overrides moe_gemm_efficiency
    moe_gemm_efficiency_by_generation: dict[str, Fraction] = {}
    # vector-ALU FLOP-equivalents a MoE prompt pass spends per touched routed weight per token tile of its grouped
    # quantized expert GEMMs, however few tokens the tile holds (loading and converting the expert's weight tiles), by
    # family: a floor under the expert GEMMs where each expert sees few tokens (sizing_time.expert_tile_s)
    moe_tile_flops: dict[DeviceFamily, NonNegFloat] = {}
    # times a MoE prompt pass redoes the dequantisation of every touched routed weight (DEQUANT_FLOPS of its format,
    # on the vector ALUs) per token tile of its grouped quantized expert GEMMs, ADDED to the GEMM's math, by family:
    # where the matrix instructions issue from the same SIMDs that convert the weights (RDNA's WMMA / dot products),
    # so the conversion does not overlap the math (sizing_time.expert_convert_s)
    moe_tile_convert: dict[DeviceFamily, NonNegFloat] = {}
    # flash-attention kernels' share of the engine's GEMM rate (score and value FLOPs over the cache); default 1
    attention_efficiency: dict[DeviceFamily, Fraction] = {}
    # expert-parallel all-to-all latency (dispatch or combine), microseconds, by interconnect
    alltoall_us: dict[str, NonNegFloat] = {}
    # share of peak bandwidth the attention kernels reach streaming a batch's paged KV cache (default: as weights)
    kv_bandwidth_efficiency: dict[DeviceFamily, Fraction] = {}
    # how the decode flash-attention kernel packs the query heads of a GQA group, by family (None: one pass per group)
    gqa_packing: dict[DeviceFamily, GqaPacking] = {}
    # per sequence in a decode step (sampling, scheduler and detokeniser bookkeeping), microseconds
    per_sequence_overhead_us: NonNegFloat = 0.0
    # share of a device's matrix_fp16_tflops the engine's GEMMs reach where it programs those units, by family;
    # a family absent here: the engine's kernels do not use them and run at the shader rate (compute_efficiency)
    matrix_efficiency: dict[DeviceFamily, Fraction] = {}
    # share of the paper peak low-precision GEMMs reach next to FP16's, by compute dtype (fp8, fp4, int8)
    dtype_efficiency: dict[str, Fraction] = {}
    # the same by device family where one family's low-precision GEMMs reach a different share of their paper peak
    # (multiplies dtype_efficiency): vLLM's and SGLang's FP8 kernels on AMD Instinct
    dtype_efficiency_by_family: dict[DeviceFamily, dict[str, Fraction]] = {}
    # what memory_fraction is a share of: the whole device (vLLM) or what is free after the weights (TRT-LLM)
    memory_fraction_of: Literal["total", "free"] = "total"
    # a quant this engine stores differently: requested id -> the id it loads (llama.cpp: MXFP4 -> MXFP4_MOE)
    loads_as: dict[str, str] = {}
    max_batch: int = Field(default=256, ge=1, le=4096)  # sequences in flight (vLLM max_num_seqs class)
    # on devices with >= 70 GiB and FP8 tensor cores (H100 class; vLLM's larger defaults skip A100)
    max_batch_large: int | None = Field(default=None, ge=1, le=4096)
    prefill_chunk_tokens: int = Field(default=8192, ge=1)  # prompt tokens per forward pass (max_num_batched_tokens)
    prefill_chunk_tokens_large: int | None = Field(default=None, ge=1)  # on the large devices above
    tensor_parallel: bool = False  # splits each layer across devices (else llama.cpp-style layer split)
    note: str | None = None  # said in the estimate's notes whenever this engine is used


BackendId = Literal["cuda", "rocm", "vulkan", "metal", "sycl", "cpu"]


class BackendFactors(Sourced):
    """How one engine built for a backend runs on one device family, next to the engine's own figures for that
    family (which are its default backend's): multipliers on compute_efficiency (prompt GEMMs), moe_gemm_efficiency,
    attention_efficiency, bandwidth_efficiency (decode weight stream) and kv_bandwidth_efficiency. A product
    above 1 is read as 1 (the whole peak)."""

    engine: str
    family: DeviceFamily
    compute: PositiveFloat = 1.0
    moe_gemm: PositiveFloat = 1.0
    attention: PositiveFloat = 1.0
    bandwidth: PositiveFloat = 1.0
    kv_bandwidth: PositiveFloat = 1.0
    gqa_packing: GqaPacking | None = None  # this backend's decode attention kernel, in place of the engine's


class DtypeFallback(Sourced):
    """A weight dtype a backend does not run natively on some device families (its driver lacks the type), and what
    the slow path costs there: multipliers on the weight stream (``bandwidth``: decode, and a prompt pass's weight
    reads) and on the weight GEMMs (``compute``: dense and expert prompt GEMMs); 1 = no cost."""

    dtype: Literal["bf16", "fp8", "fp4"]
    families: list[DeviceFamily] = Field(min_length=1)
    bandwidth: PositiveFloat = 1.0
    compute: PositiveFloat = 1.0


class Backend(Sourced):
    """A compute backend an engine is built for (llama.cpp's CUDA, ROCm/HIP, Vulkan, Metal, SYCL or CPU builds)."""

    id: BackendId
    name: str
    aliases: list[str] = []
    families: list[DeviceFamily]  # device families it runs on
    default_for: list[DeviceFamily] = []  # families where a team runs it unless told otherwise
    engines: list[str]  # engine ids built for it
    factors: list[BackendFactors] = []  # per engine x family, relative to the engine's (default-backend) figures
    non_native: list[DtypeFallback] = []  # weight dtypes it runs on a slow path on some families (see DtypeFallback)

    @model_validator(mode="after")
    def _consistent(self) -> Backend:
        if not set(self.default_for) <= set(self.families):
            raise ValueError("default_for must be among families")
        seen = set()
        for f in self.factors:
            if f.family not in self.families:
                raise ValueError(f"factors: family {f.family!r} is not among families")
            if f.engine not in self.engines:
                raise ValueError(f"factors: engine {f.engine!r} is not among engines")
            if (f.engine, f.family) in seen:
                raise ValueError(f"factors: {f.engine} on {f.family} given twice")
            seen.add((f.engine, f.family))
        for n in self.non_native:
            stray = sorted(set(n.families) - set(self.families))
            if stray:
                raise ValueError(f"non_native: {n.dtype} on {stray[0]!r}, which is not among families")
        return self

    def fallback_for(self, dtype: str, family: str) -> DtypeFallback | None:
        """The slow path this backend takes for ``dtype`` weights on ``family`` (None: it runs them natively)."""
        for n in self.non_native:
            if n.dtype == dtype and family in n.families:
                return n
        return None

    def factors_for(self, engine: str, family: str) -> BackendFactors | None:
        for f in self.factors:
            if f.engine == engine and f.family == family:
                return f
        return None


class BuildMilestone(Sourced):
    """A dated change to an engine's source that moved its speed on some backends (a merged llama.cpp pull request).
    A build older than it (``builds.choose_build``) runs the way the engine ran before, which ``effect`` names:

    - ``moe_prompt_expert_overhead``: a MoE prompt pass costs ``before_us_per_expert`` microseconds more per routed
      expert per MoE layer (the grouped expert GEMM's routing and launch work, paid for every expert whatever its
      size: many small experts pay it most);
    - ``matrix_units``: the engine's GEMMs do not program the device's matrix units (``Device.matrix_fp16_tflops``,
      Apple M5's GPU Neural Accelerators) and run at the shader rate;
    - ``cpu_tiled_gemm``: the CPU backend runs the weight ``formats`` as tiled GEMMs on repacked rows since; before
      it, a prompt pass ran them as one dot product per weight row and token (``Engine.cpu_gemm_flops_per_clock``
      per_row instead of tiled);
    - ``moe_layer_launches``: every forward pass costs ``before_us_per_moe_layer`` microseconds more per MoE layer
      (the kernels a fused routing kernel replaced, each launched on its own where the backend does not replay the
      step as a graph: felt at decode, where a step is a few milliseconds)."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=3)
    engine: str
    backends: list[BackendId] = Field(min_length=1)
    pr: int = Field(gt=0)  # the pull request's number in the engine's repository
    merged: dt.date
    # the first build number (llama.cpp bNNNN) that has it; None for an engine without build numbers (MLX's
    # releases are versions), whose builds are read by date
    build: int | None = Field(default=None, gt=0)
    effect: Literal["moe_prompt_expert_overhead", "matrix_units", "cpu_tiled_gemm", "moe_layer_launches"]
    before_us_per_expert: PositiveFloat | None = None  # moe_prompt_expert_overhead only
    before_us_per_moe_layer: PositiveFloat | None = None  # moe_layer_launches only
    formats: list[str] = []  # cpu_tiled_gemm only: the quant ids it moved onto the tiled path

    @model_validator(mode="after")
    def _effect_has_its_figure(self) -> BuildMilestone:
        if (self.effect == "moe_prompt_expert_overhead") != (self.before_us_per_expert is not None):
            raise ValueError("before_us_per_expert is given for (and only for) effect moe_prompt_expert_overhead")
        if (self.effect == "moe_layer_launches") != (self.before_us_per_moe_layer is not None):
            raise ValueError("before_us_per_moe_layer is given for (and only for) effect moe_layer_launches")
        if (self.effect == "cpu_tiled_gemm") != bool(self.formats):
            raise ValueError("formats is given for (and only for) effect cpu_tiled_gemm")
        return self


class Assumption(Sourced):
    value: float = Field(allow_inf_nan=False)
    unit: str
    description: str
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _in_range(self) -> Assumption:
        if self.min is not None and self.value < self.min:
            raise ValueError(f"value {self.value} is below min {self.min}")
        if self.max is not None and self.value > self.max:
            raise ValueError(f"value {self.value} is above max {self.max}")
        return self


ApiTier = Literal["frontier", "flagship", "mid", "small", "reasoning", "open_hosted"]


class PriceTier(Strict):
    """A long-prompt price tier: above this many input tokens the whole request is billed at these rates."""

    above_tokens: int = Field(gt=0)
    input_per_m: PositiveFloat
    output_per_m: PositiveFloat | None = None


class ApiPrice(Sourced):
    """One API model's list prices, USD per 1M tokens (from genai-prices, or api_prices.yaml where it lacks one).

    ``id`` is ``PROVIDER/MODEL`` with genai-prices' provider and model ids, lower-cased (``openai/gpt-5.1``,
    ``groq/openai/gpt-oss-120b``); the bare model id is an alias."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._:/-]*$")
    name: str
    provider: str
    aliases: list[str] = []
    tier: ApiTier
    capability: Literal["small", "mid", "frontier"]
    input_per_m: PositiveFloat
    output_per_m: PositiveFloat
    cached_input_per_m: PositiveFloat | None = None
    batch_input_per_m: PositiveFloat | None = None
    batch_output_per_m: PositiveFloat | None = None
    open_model: str | None = None  # for hosted open-weight APIs: the model catalog id
    serves_adapters: bool = False  # hosts a customer's fine-tuned (LoRA) adapter on the shared base model
    tiers: list[PriceTier] = []  # long-context tiers (genai-prices TieredPrices)
    deprecated: bool = False  # the provider marks it deprecated (still billable)

    @model_validator(mode="after")
    def _plausible(self) -> ApiPrice:
        for name in ("input_per_m", "output_per_m", "cached_input_per_m"):
            value = getattr(self, name)
            if value is not None and not (0.001 <= value <= 1000):
                raise ValueError(f"{name}={value} $/1M tokens is implausible (expected 0.001-1000)")
        if self.cached_input_per_m is not None and self.cached_input_per_m > self.input_per_m:
            raise ValueError("cached_input_per_m cannot exceed input_per_m")
        return self


class ApiPriceEntry(Sourced):
    """An ``api_prices.yaml`` entry: what genai-prices lacks for one of its models (tier/capability class, the
    open model a host serves, adapter serving, old ids), keyed by its ``PROVIDER/MODEL`` id; or, for a provider
    genai-prices does not cover, a whole entry with its own prices."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._:/-]*$")
    name: str | None = None
    provider: str | None = None
    aliases: list[str] = []
    tier: ApiTier | None = None
    capability: Literal["small", "mid", "frontier"] | None = None
    input_per_m: PositiveFloat | None = None
    output_per_m: PositiveFloat | None = None
    cached_input_per_m: PositiveFloat | None = None
    batch_input_per_m: PositiveFloat | None = None
    batch_output_per_m: PositiveFloat | None = None
    open_model: str | None = None
    serves_adapters: bool | None = None

    @model_validator(mode="after")
    def _plausible(self) -> ApiPriceEntry:
        for name in ("input_per_m", "output_per_m", "cached_input_per_m"):
            value = getattr(self, name)
            if value is not None and not (0.001 <= value <= 1000):
                raise ValueError(f"{name}={value} $/1M tokens is implausible (expected 0.001-1000)")
        if (self.input_per_m is None) != (self.output_per_m is None):
            raise ValueError("give both input_per_m and output_per_m (a whole entry) or neither (an extra)")
        return self

    @property
    def has_prices(self) -> bool:
        return self.input_per_m is not None and self.output_per_m is not None

    def overrides(self) -> dict[str, Any]:
        """Our fields over a genai-prices entry (aliases are added, prices are never overridden)."""
        out: dict[str, Any] = {k: v for k, v in (("name", self.name), ("tier", self.tier),
                               ("capability", self.capability), ("open_model", self.open_model),
                               ("serves_adapters", self.serves_adapters)) if v is not None}
        if self.open_model and self.tier is None:
            out["tier"] = "open_hosted"
        if self.aliases:
            out["aliases"] = self.aliases
        return out

    def to_price(self) -> ApiPrice:
        data = self.model_dump(exclude_none=True)
        return ApiPrice.model_validate({"tier": "mid", "capability": "mid", **data})


class FaqEntry(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    question: str
    keywords: list[str]
    answer: str
    source: str
    as_of: dt.date


# --- the loaded knowledge base -------------------------------------------------------------------


class KnowledgeError(ValueError):
    """A knowledge file is broken; the message names the file, the entry and the field."""


class Knowledge:
    """Everything the core knows, loaded and validated once."""

    def __init__(
        self,
        devices: list[Device],
        models: list[ModelArch],
        quants: list[Quant],
        engines: list[Engine],
        prices: list[ApiPrice],
        assumptions: dict[str, Assumption],
        faq: list[FaqEntry],
        tree: Any = None,
        backends: Iterable[Backend] = (),
        milestones: Iterable[BuildMilestone] = (),
    ):
        self.devices = Catalog("hardware", devices, lambda d: [d.id, d.name, *d.aliases])
        self.models = Catalog("model", models, lambda m: [m.id, m.name, *m.aliases])
        self.quants = Catalog("quantisation", quants, lambda q: [q.id, q.name, *q.aliases])
        self.engines = Catalog("engine", engines, lambda e: [e.id, e.name, *e.aliases])
        self.prices = Catalog("API model", prices, lambda p: [p.id, p.name, *p.aliases])
        self.backends = Catalog("backend", list(backends), lambda b: [b.id, b.name, *b.aliases])
        self.milestones: tuple[BuildMilestone, ...] = tuple(milestones)  # engine_builds.yaml
        self.assumptions = assumptions
        self.faq = faq
        self.tree = tree
        self.terms: Any = None  # bot.core.terms.Terms: API and cloud terms (api_terms.yaml, clouds.yaml)
        self.memo: dict[Any, Any] = {}  # pure-function results keyed by their inputs (see costs.candidate)
        self.price_data: Any = None  # the genai-prices snapshot the prices came from (price_data.PriceData)

    def with_models(self, extra: Iterable[ModelArch]) -> Knowledge:
        """This knowledge base plus a workspace's added models (``models add``); the shipped ids win."""
        added = [m for m in extra if self.models.find(m.id) is None]
        if not added:
            return self
        other = copy.copy(self)
        other.models = Catalog("model", [*self.models, *added], lambda m: [m.id, m.name, *m.aliases])
        other.memo = {}
        return other

    def with_devices(self, devices: Iterable[Device]) -> Knowledge:
        """This knowledge base with its devices replaced (same ids; e.g. rates from ``prices refresh --gpus``)."""
        other = copy.copy(self)
        other.devices = Catalog("hardware", list(devices), lambda d: [d.id, d.name, *d.aliases])
        other.memo = {}
        return other

    def memoised(self, key: Any, compute: Any) -> Any:
        """``compute()`` once per key for the life of this knowledge base (pure results only)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def assumption(self, key: str) -> float:
        return self.assumptions[key].value

    @property
    def as_of(self) -> dict[str, dt.date]:
        """The newest `as_of` date of each part, for the context line under every answer. Scanned once per set
        of catalogs (every answer reads it; the scan of ~600 entries took 0.15 ms), a new dict each time."""
        catalogs = (self.devices, self.models, self.prices, self.assumptions, self.price_data)
        found = self.memo.get("as_of")
        if found is None or any(a is not b for a, b in zip(found[0], catalogs, strict=True)):
            parts: dict[str, Iterable[Sourced]] = {
                "hardware": self.devices,
                "models": self.models,
                "prices": self.prices,
                "assumptions": self.assumptions.values(),
            }
            out = {k: max((e.as_of for e in v), default=dt.date.min) for k, v in parts.items()}
            if self.price_data is not None:  # the snapshot's date, not the newest hand-typed entry
                out["prices"] = self.price_data.as_of
            found = self.memo["as_of"] = (catalogs, out)
        return dict(found[1])


# --- loading -------------------------------------------------------------------------------------

FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "hardware.yaml": ("devices", Device),
    "models.yaml": ("models", ModelArch),
    "quants.yaml": ("quants", Quant),
    "engines.yaml": ("engines", Engine),
    "backends.yaml": ("backends", Backend),
    "engine_builds.yaml": ("milestones", BuildMilestone),
    "api_prices.yaml": ("prices", ApiPriceEntry),
    "faq.yaml": ("entries", FaqEntry),
}


def default_dir() -> Path:
    """The knowledge folder: inside the installed wheel, or the repository's ``knowledge/``."""
    packaged = Path(__file__).resolve().parent.parent / "_knowledge"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "knowledge"


def _describe(error: ValidationError, file: str, entry: str) -> str:
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(entry)"
    return f"{file}: entry {entry}: field {field!r}: {first['msg']}"


def parse_entries(file: str, raw: Any, key: str, model: type[BaseModel]) -> list[Any]:
    """Validate one file's list of entries; the first error names file, entry and field."""
    if not isinstance(raw, dict) or key not in raw:
        raise KnowledgeError(f"{file}: expected a mapping with a top-level {key!r} list")
    extra = set(raw) - {key, "about"}
    if extra:
        raise KnowledgeError(f"{file}: unknown top-level key(s) {sorted(extra)}; expected {key!r}")
    items = raw[key]
    if not isinstance(items, list):
        raise KnowledgeError(f"{file}: {key!r} must be a list")
    out, seen = [], set()
    for i, item in enumerate(items):
        label = f"#{i + 1}"
        if isinstance(item, dict) and "id" in item:
            label += f" ({item['id']})"
        try:
            entry = model.model_validate(item)
        except ValidationError as e:
            raise KnowledgeError(_describe(e, file, label)) from None
        ident = getattr(entry, "id", None)
        if ident in seen:
            raise KnowledgeError(f"{file}: entry {label}: field 'id': duplicate id {ident!r}")
        seen.add(ident)
        out.append(entry)
    return out


def parse_assumptions(file: str, raw: Any) -> dict[str, Assumption]:
    if not isinstance(raw, dict) or not isinstance(raw.get("assumptions"), dict):
        raise KnowledgeError(f"{file}: expected a mapping with a top-level 'assumptions' mapping")
    out = {}
    for key, item in raw["assumptions"].items():
        try:
            out[key] = Assumption.model_validate(item)
        except ValidationError as e:
            raise KnowledgeError(_describe(e, file, key)) from None
    missing = REQUIRED_ASSUMPTIONS - set(out)
    if missing:
        raise KnowledgeError(f"{file}: missing assumption(s) {sorted(missing)}")
    return out


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    try:
        # the C implementation of safe_load's loader (same safe constructors): 45 ms instead of 273 ms at start-up
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: file not found in {path.parent}") from None
    except yaml.YAMLError as e:
        raise KnowledgeError(f"{path.name}: not valid YAML: {e}") from None


def load(directory: Path | None = None, prices: Any = None, cache: Any = None) -> Knowledge:
    """Read and validate every knowledge file. Raises KnowledgeError naming file, entry and field.

    ``prices`` is a ``price_data.PriceData`` snapshot (what ``prices refresh`` kept); default: the one bundled
    with genai-prices, against which every api_prices.yaml extra must match a model. ``cache`` (a
    ``price_data.PriceCache``) remembers the price list built from the bundled snapshot, so a later start need
    not import genai-prices at all; the same inputs give the same list either way."""
    from .terms import parse_terms  # local: the terms validate against the loaded catalogs
    from .tree_model import parse_tree

    directory = directory or default_dir()
    parts: dict[str, list[Any]] = {}
    for file, (key, model) in FILES.items():
        parts[key] = parse_entries(file, read_yaml(directory / file), key, model)
    assumptions = parse_assumptions("assumptions.yaml", read_yaml(directory / "assumptions.yaml"))
    api, data = _api_prices(parts["prices"], prices, cache)
    k = Knowledge(
        devices=parts["devices"],
        models=parts["models"],
        quants=parts["quants"],
        engines=parts["engines"],
        prices=api,
        assumptions=assumptions,
        faq=parts["entries"],
        backends=parts["backends"],
        milestones=parts["milestones"],
    )
    k.price_data = data
    check_references(k)
    k.tree = parse_tree("tree.yaml", read_yaml(directory / "tree.yaml"))
    k.terms = parse_terms(k, read_yaml(directory / "api_terms.yaml"), read_yaml(directory / "clouds.yaml"),
                          strict=prices is None)  # a refreshed price list may lack a model api_terms mirrors
    return k


def _api_prices(entries: list[ApiPriceEntry], prices: Any, cache: Any) -> tuple[list[ApiPrice], Any]:
    from . import price_data

    if prices is None and cache is not None:
        hit = cache.get(entries)
        if hit is not None:
            return hit
    data = prices or price_data.bundled()
    api, unmatched = price_data.assemble(entries, data)
    if unmatched and prices is None:
        raise KnowledgeError(f"api_prices.yaml: entry {unmatched[0]}: field 'id': no such model in {data.label} "
                             "(and the entry has no prices of its own)")
    if prices is None and cache is not None:
        cache.put(entries, api, data)
    return api, data


def check_references(k: Knowledge) -> None:
    """Cross-file references must resolve (an API's open_model names a catalog model)."""
    defaults: dict[str, str] = {}
    engines = {e.id for e in k.engines}
    for b in k.backends:
        for e in b.engines:
            if e not in engines:
                raise KnowledgeError(f"backends.yaml: entry {b.id}: field 'engines': unknown engine {e!r}")
        for fam in b.default_for:
            if fam in defaults:
                raise KnowledgeError(f"backends.yaml: entry {b.id}: field 'default_for': {fam} is already "
                                     f"{defaults[fam]}'s")
            defaults[fam] = b.id
    for ms in k.milestones:
        if ms.engine not in engines:
            raise KnowledgeError(f"engine_builds.yaml: entry {ms.id}: field 'engine': unknown engine {ms.engine!r}")
        for b_id in ms.backends:
            if k.backends.find(b_id) is None or ms.engine not in k.backends.get(b_id).engines:
                raise KnowledgeError(f"engine_builds.yaml: entry {ms.id}: field 'backends': {ms.engine} is not built "
                                     f"for {b_id!r}")
    for m in k.models:
        if m.native_quant and k.quants.find(m.native_quant) is None:
            raise KnowledgeError(f"models.yaml: entry {m.id}: field 'native_quant': unknown quant {m.native_quant!r}")
    for p in k.prices:
        if p.open_model and k.models.find(p.open_model) is None:
            raise KnowledgeError(
                f"api_prices.yaml: entry {p.id}: field 'open_model': unknown model {p.open_model!r}"
            )
