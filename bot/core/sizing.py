"""Sizing engine: memory (weights, KV cache, overhead), fit, decode/prefill speed, serving throughput.

Pure functions over knowledge entries; the signatures and result models below are the contract other
modules (costs, tree, CLI) rely on: the knowledge base first where it is needed, then the ``Setup``, then
keyword-only inputs. The formulas are in ``sizing_physics``; the calibrated constants in
``knowledge/engines.yaml``. Decimal GB (1e9 bytes) throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import calibration_model as calib
from . import sizing_physics as phys
from . import sizing_time as timing
from .backends import choose_backend
from .builds import choose_build
from .catalog_lookup import choose_engine, resolve_device, resolve_model
from .knowledge import Knowledge, ModelArch, Quant
from .setup import Setup
from .sizing_notes import DEFAULT_CONTEXT, context_notes, fit_notes
from .sizing_physics import FitMode

KvDtype = Literal["f16", "fp8", "q8_0", "q4_0"]


class EstimateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str
    quant: str
    hardware: str | None = None
    gpus: int = Field(default=1, ge=1, le=1024)
    engine: str | None = None  # default: llama.cpp for GGUF quants, vllm otherwise
    backend: str | None = None  # cuda | rocm | vulkan | metal | sycl | cpu; default: the device family's usual one
    build: str | None = None  # the engine build ('b5863' or a date '2025-07'); default: the current one
    context: int | None = Field(default=None, ge=1, le=10_000_000)  # tokens per sequence held in KV
    concurrency: int | Literal["max"] | None = None
    input_tokens: int = Field(default=512, ge=1, le=10_000_000)
    output_tokens: int = Field(default=128, ge=1, le=10_000_000)
    kv_dtype: KvDtype = "f16"


class DeviceCount(BaseModel):
    """One entry of ``estimate --json``'s ``minimum_devices``: a device class, the fewest of it that hold the
    model, and one stream's decode speed there."""

    model_config = ConfigDict(extra="forbid")

    device: str
    count: int
    decode_tokens_per_s: float | None


class Estimate(BaseModel):
    """What ``selfhost-bot estimate --json`` prints (keys are a public interface)."""

    model_config = ConfigDict(extra="forbid")

    model: str
    quant: str
    hardware: str | None
    gpus: int
    engine: str
    backend: str | None = None  # the compute backend assumed (CUDA, ROCm/HIP, Vulkan, Metal...); None: no hardware
    build: str | None = None  # the engine build estimated for, as asked ('b5863', '2025-07'); None: the current one
    weights_gb: float  # decimal GB (1e9 bytes)
    kv_cache_gb: float
    overhead_gb: float
    total_gb: float
    available_gb: float | None
    fits: bool | None
    fit_mode: FitMode | None
    offload_fraction: float | None = None  # share of weights left in CPU RAM when partially offloaded
    decode_tokens_per_s: float | None  # one stream, batch 1
    prefill_tokens_per_s: float | None
    ttft_ms: float | None
    concurrency: int | None
    max_concurrency: int | None
    serving_output_tokens_per_s: float | None
    context: int
    kv_dtype: KvDtype
    # without hardware, or when it does not fit: per device class the fewest that hold the model, and its speed
    minimum_devices: list[DeviceCount] | None = None
    notes: list[str] = Field(default_factory=list)
    # the team's own measurement this estimate used (speed figures above are then calibrated); None: none
    calibration: calib.Applied | None = None


class Throughput(BaseModel):
    """What one replica (``n`` devices serving one copy of the model) sustains."""

    model_config = ConfigDict(extra="forbid")

    fits: bool
    fit_mode: FitMode
    concurrency: int  # sequences in flight
    output_tokens_per_s: float  # aggregate generated tokens/s
    total_tokens_per_s: float  # aggregate (input + output) tokens/s at the given input/output split
    decode_tokens_per_s: float  # per stream at this concurrency
    ttft_ms: float  # time to first token for one request of input_tokens at this load
    memory_gb: float
    bound: str  # what limits it: "memory bandwidth", "compute", "KV memory", "does not fit"


LARGE_DEVICE_GIB = 70  # vLLM's larger scheduling defaults start at 70 GiB (and FP8 tensor cores: not A100)


def batch_limits(s: Setup) -> tuple[int, int]:
    """Sequences in flight and prompt tokens per forward pass the engine allows by default on this device
    (vLLM: 1024 and 8192 on H100-class GPUs, 256 and 2048 below; see engines.yaml)."""
    e, d = s.engine, s.device
    large = s.memory >= LARGE_DEVICE_GIB and d.fp8_tflops is not None
    batch = (e.max_batch_large or e.max_batch) if large else e.max_batch
    chunk = (e.prefill_chunk_tokens_large or e.prefill_chunk_tokens) if large else e.prefill_chunk_tokens
    return batch, chunk


def _cpu_gbps(k: Knowledge) -> float | None:
    a = k.assumptions.get("cpu_ram_bandwidth_gbps")
    return a.value if a is not None and a.value > 0 else None


def _gb(x: float) -> float:
    return round(x / phys.GB, 3)


def max_batch(s: Setup, *, tokens: int, kv_dtype: str) -> int:
    """Largest number of sequences of `tokens` tokens whose KV fits beside the weights (capped by the
    engine's batch limit, e.g. vLLM max_num_seqs); 0 when not even one fits."""
    weights = phys.weight_bytes(s.model, s.quant)
    whole = phys.replicated_attention_bytes(s) * (1.0 - 1.0 / s.devices) if s.engine.tensor_parallel else 0.0
    usable = phys.usable_bytes(s, weights_per_device=weights / s.devices + whole)
    free = s.devices * (usable - phys.overhead_bytes(s.model, s.device, s.engine) - whole) - weights
    per_seq = phys.kv_bytes(s.model, kv_dtype, tokens)
    if s.engine.tensor_parallel:
        per_seq *= phys.kv_copies(s)  # heads replicated past one per rank, or MLA's latent on every rank
    if free <= 0:
        return 0
    return int(min(free // per_seq, batch_limits(s)[0]))


def replica_throughput(
    k: Knowledge,
    s: Setup,
    *,
    input_tokens: int,
    output_tokens: int,
    concurrency: int | None = None,
    kv_dtype: str = "f16",
) -> Throughput:
    """Aggregate throughput of one replica; ``concurrency=None`` means the largest batch that fits."""
    _check_devices(s)
    if concurrency is not None and concurrency < 1:
        raise ValueError("concurrency: must be at least 1 sequence")
    model, engine, n = s.model, s.engine, s.devices
    tokens = input_tokens + output_tokens
    limit = max_batch(s, tokens=tokens, kv_dtype=kv_dtype)
    one = phys.place(s, kv_bytes=phys.kv_bytes(model, kv_dtype, tokens))
    if not one.fits:
        return _no_fit()
    if one.mode == "cpu_offload":
        limit = 1
    batch = limit if concurrency is None else min(concurrency, max(limit, 1))
    kv = phys.kv_bytes(model, kv_dtype, tokens) * batch
    place = phys.place(s, kv_bytes=kv)
    step = timing.decode_step(
        s, placement=place, kv_tokens=input_tokens + output_tokens / 2, kv_dtype=kv_dtype, batch=batch,
        cpu_gbps=_cpu_gbps(k),
    )
    chunk = max(batch_limits(s)[1], input_tokens) if engine.batching else batch_limits(s)[1]
    prefill = timing.prefill_seconds(s, placement=place, tokens=input_tokens, chunk=chunk)
    per_request = prefill + output_tokens * step.seconds / batch  # device-seconds one request costs
    out_tps = output_tokens / per_request
    bound = step.bound
    if concurrency is not None and concurrency > batch:
        bound = "KV memory"
    return Throughput(
        fits=True,
        fit_mode=place.mode,
        concurrency=batch,
        output_tokens_per_s=out_tps,
        total_tokens_per_s=out_tps * tokens / output_tokens,
        decode_tokens_per_s=out_tps / batch,
        ttft_ms=(prefill + step.seconds) * 1000.0,
        memory_gb=_gb(phys.weight_bytes(model, s.quant) + kv + n * phys.overhead_bytes(model, s.device, engine)),
        bound=bound,
    )


def _no_fit() -> Throughput:
    return Throughput(fits=False, fit_mode="none", concurrency=0, output_tokens_per_s=0.0, total_tokens_per_s=0.0,
                      decode_tokens_per_s=0.0, ttft_ms=0.0, memory_gb=0.0, bound="does not fit")


def _check_devices(s: Setup) -> None:
    if s.devices < 1:
        raise ValueError("gpus: must be at least 1")
    if s.device.unified and s.devices > 1:
        raise ValueError(
            f"gpus: {s.device.name} is one chip per machine; splitting a model over several Macs is not modelled"
        )


def min_devices(s: Setup, *, context: int) -> int | None:
    """Fewest devices (1, 2, 4, 8) of the setup's kind that hold its model plus one sequence of ``context``
    tokens of KV without CPU offload; None if more than 8. The setup's own device count is not used."""
    kv = phys.kv_bytes(s.model, "f16", context)
    for n in (1, 2, 4, 8):
        if n > 1 and s.device.unified:
            return None
        p = phys.place(s.with_devices(n), kv_bytes=kv)
        if p.fits and p.mode != "cpu_offload":
            return n
    return None


def estimate(k: Knowledge, req: EstimateRequest, calibrations: Iterable[calib.Calibration] = ()) -> Estimate:
    """Memory, fit, single-stream speed and (with a concurrency) serving throughput for one request; speed is
    calibrated on the workspace's own measurement of that model family on that device, if ``calibrations`` has one."""
    model = resolve_model(k, req.model)
    quant = k.quants.get(req.quant)
    device, memory_gb = resolve_device(k, req.hardware) if req.hardware else (None, 0.0)
    engine, quant, notes = choose_engine(k, req.engine, quant, device)
    backend = choose_backend(k, req.backend, engine, device) if device is not None else None
    build = choose_build(k, req.build, engine, backend) if device is not None else None
    context = req.context or min(model.context_length, DEFAULT_CONTEXT)
    notes += context_notes(model, req, context)
    weights = phys.weight_bytes(model, quant)
    kv_one = phys.kv_bytes(model, req.kv_dtype, context)
    over = phys.overhead_bytes(model, device, engine) * req.gpus
    base: dict[str, Any] = dict(
        model=model.name,
        quant=quant.name,
        hardware=device.name if device else None,
        gpus=req.gpus,
        engine=engine.name,
        backend=backend.name if backend is not None else None,
        build=build.label if build is not None else None,
        weights_gb=_gb(weights),
        overhead_gb=_gb(over),
        context=context,
        kv_dtype=req.kv_dtype,
    )
    if device is None:
        seqs = req.concurrency if isinstance(req.concurrency, int) else 1
        notes.append("No hardware given: memory only, and the fewest devices of each kind that hold it "
                     "(minimum_devices); add --hardware for fit and speed.")
        return Estimate(
            minimum_devices=_minimum(k, req, model, quant, context),
            **base,
            kv_cache_gb=_gb(kv_one * seqs),
            total_gb=_gb(weights + kv_one * seqs + over),
            available_gb=None,
            fits=None,
            fit_mode=None,
            decode_tokens_per_s=None,
            prefill_tokens_per_s=None,
            ttft_ms=None,
            concurrency=None,
            max_concurrency=None,
            serving_output_tokens_per_s=None,
            notes=notes,
        )
    setup = Setup(model, quant, device, engine, req.gpus, memory_gb, backend=backend, build=build)
    moe_lacks = [m for m in build.lacks if m.effect == "moe_prompt_expert_overhead"] if build is not None else []
    if build is not None and moe_lacks and model.is_moe:
        notes.append(f"Build {build.label} predates " + "; ".join(f"{m.name} (PR #{m.pr}, {m.merged})"
                                                                   for m in moe_lacks)
                     + ": its MoE prompts run slower than a current build's.")
    launch_lacks = [m for m in build.lacks if m.effect == "moe_layer_launches"] if build is not None else []
    if build is not None and launch_lacks and model.is_moe:
        notes.append(f"Build {build.label} predates " + "; ".join(f"{m.name} (PR #{m.pr}, {m.merged})"
                                                                   for m in launch_lacks)
                     + ": it launches more kernels on every MoE layer, so its MoE decode runs slower than a current "
                       "build's.")
    cpu_lacks = [m for m in build.lacks if quant.id in m.formats] if build is not None else []
    if build is not None and cpu_lacks:
        notes.append(f"Build {build.label} predates " + "; ".join(f"{m.name} (PR #{m.pr}, {m.merged})"
                                                                   for m in cpu_lacks)
                     + f": its CPU backend runs {quant.id} prompts one weight row at a time, slower than a current "
                       "build's tiled kernels.")
    _check_devices(setup)
    est = _estimate_on(k, req, setup, context=context, base=base, notes=notes,
                       chunk=_chunk(setup, cal := calib.find(calibrations, setup)))
    if cal is not None:
        est = _calibrated(est, cal, setup, req)
    if est.fits is False or est.fit_mode == "cpu_offload":
        est = est.model_copy(update={"minimum_devices": _minimum(k, req, model, quant, context)})
    return est


def _chunk(s: Setup, cal: calib.Calibration | None) -> int:
    """Prompt tokens per forward pass: what the team measured with (llama.cpp -ub), else the engine's default
    (llama.cpp's n_ubatch 512, mlx-lm's 2048-token prefill step, a batching server's max_num_batched_tokens)."""
    return cal.prefill_chunk if cal is not None and cal.prefill_chunk else batch_limits(s)[1]


def _calibrated(est: Estimate, cal: calib.Calibration, s: Setup, req: EstimateRequest) -> Estimate:
    kv_tokens = decode_context(req, est.context)
    values, record = calib.applied(
        cal, s, decode=est.decode_tokens_per_s, prefill=est.prefill_tokens_per_s,
        serving=est.serving_output_tokens_per_s, decode_x=max(kv_tokens, 1.0), prefill_x=req.input_tokens / 2,
        serving_x=float(est.concurrency or 1),
    )
    decode, prefill = values["decode"], values["prefill"]
    ttft = (req.input_tokens / prefill + 1.0 / decode) * 1000.0 if decode and prefill else est.ttft_ms
    return est.model_copy(update=dict(
        decode_tokens_per_s=_r(decode), prefill_tokens_per_s=_r(prefill), ttft_ms=_r(ttft),
        serving_output_tokens_per_s=_r(values["serving"]), calibration=record, notes=[*est.notes, calib.note(record)],
    ))


def decode_context(req: EstimateRequest, context: int) -> float:
    """Tokens of context one stream decodes at: ``--context`` when given, else input + half the output."""
    return float(req.context) if req.context else min(context, req.input_tokens + req.output_tokens / 2)


def _minimum(k: Knowledge, req: EstimateRequest, model: ModelArch, quant: Quant, context: int) -> list[DeviceCount]:
    from .minimum import minimum_devices  # local: minimum sizes with this module's functions

    return minimum_devices(k, model, quant, engine=req.engine, context=context,
                           kv_tokens=decode_context(req, context), kv_dtype=req.kv_dtype)


def _estimate_on(
    k: Knowledge, req: EstimateRequest, s: Setup, *, context: int, base: dict[str, Any], notes: list[str], chunk: int
) -> Estimate:
    model = s.model
    limit = max_batch(s, tokens=context, kv_dtype=req.kv_dtype)
    seqs = 1
    if req.concurrency == "max":
        seqs = max(limit, 1)
    elif isinstance(req.concurrency, int):
        seqs = req.concurrency
    kv = phys.kv_bytes(model, req.kv_dtype, context) * seqs
    weights = phys.weight_bytes(model, s.quant)
    place = phys.place(s, kv_bytes=kv)
    single = phys.place(s, kv_bytes=kv / seqs)
    kv_tokens = decode_context(req, context)
    decode = prefill = ttft = None
    if single.fits:
        step = timing.decode_step(
            s, placement=single, kv_tokens=kv_tokens, kv_dtype=req.kv_dtype, cpu_gbps=_cpu_gbps(k)
        )
        pre_s = timing.prefill_seconds(s, placement=single, tokens=req.input_tokens,
                                       chunk=min(chunk, req.input_tokens))  # one prompt: nothing to pack with it
        decode, prefill, ttft = 1.0 / step.seconds, req.input_tokens / pre_s, (pre_s + step.seconds) * 1000
        why = "--context" if req.context else "input + half the output"
        notes.append(f"Decode speed is one stream at {kv_tokens:,.0f} tokens of context ({why}).")
    serving, conc = _serving(k, req, s, seqs=seqs, notes=notes)
    if conc is not None:  # serving holds input + output tokens per sequence, not the full context
        limit = max_batch(s, tokens=req.input_tokens + req.output_tokens, kv_dtype=req.kv_dtype)
    notes += fit_notes(s, place=place, single=single)
    return Estimate(
        **base,
        kv_cache_gb=_gb(kv),
        total_gb=round(_gb(phys.weight_bytes(model, s.quant) + kv) + base["overhead_gb"], 3),
        available_gb=_gb(s.devices * phys.usable_bytes(s, weights_per_device=weights / s.devices)),
        fits=place.fits if seqs > 1 else single.fits,
        fit_mode=(place if seqs > 1 else single).mode,
        offload_fraction=round(single.offload_fraction, 3) if single.offload_fraction else None,
        decode_tokens_per_s=_r(decode),
        prefill_tokens_per_s=_r(prefill),
        ttft_ms=_r(ttft),
        concurrency=conc,
        max_concurrency=limit,
        serving_output_tokens_per_s=_r(serving),
        notes=notes,
    )


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _serving(
    k: Knowledge, req: EstimateRequest, s: Setup, *, seqs: int, notes: list[str]
) -> tuple[float | None, int | None]:
    if req.concurrency is None:
        return None, None
    engine = s.engine
    t = replica_throughput(
        k, s, input_tokens=req.input_tokens, output_tokens=req.output_tokens,
        concurrency=None if req.concurrency == "max" else seqs, kv_dtype=req.kv_dtype,
    )
    if not t.fits:
        notes.append("Serving: not even one sequence fits beside the weights.")
        return None, None
    if isinstance(req.concurrency, int) and t.concurrency < req.concurrency:
        notes.append(
            f"Only {t.concurrency} sequences of {req.input_tokens + req.output_tokens:,} tokens fit; "
            "the rest queue, so throughput is that of the largest batch."
        )
    if not engine.batching:
        notes.append(
            f"{engine.name} serves up to {batch_limits(s)[0]} parallel slots, with less batching "
            "efficiency than vLLM-class servers."
        )
    notes.append(
        f"Serving at {t.concurrency} concurrent sequences of {req.input_tokens:,} in / "
        f"{req.output_tokens:,} out: bound by {t.bound}; {t.decode_tokens_per_s:.1f} tok/s per stream."
    )
    return t.output_tokens_per_s, t.concurrency


def single_stream(
    k: Knowledge, s: Setup, *, context_tokens: float, kv_dtype: str = "f16"
) -> tuple[float | None, phys.Placement]:
    """Batch-1 decode tokens/s at `context_tokens` of context (None if it does not fit), and the placement."""
    _check_devices(s)
    p = phys.place(s, kv_bytes=phys.kv_bytes(s.model, kv_dtype, max(context_tokens, 1.0)))
    if not p.fits:
        return None, p
    step = timing.decode_step(s, placement=p, kv_tokens=context_tokens, kv_dtype=kv_dtype, cpu_gbps=_cpu_gbps(k))
    return 1.0 / step.seconds, p


def prefill_rate(s: Setup, *, tokens: int, depth: int = 0, chunk: int | None = None) -> float | None:
    """Prompt-processing tokens/s for one prompt of ``tokens`` tokens after ``depth`` tokens already in the cache,
    at most ``chunk`` tokens per forward pass (llama.cpp's n_ubatch; default: the engine's own, see ``_chunk``);
    a lone prompt shorter than the chunk is one pass of its own length. None when it does not fit."""
    _check_devices(s)
    p = phys.place(s, kv_bytes=phys.kv_bytes(s.model, "f16", tokens + depth))
    if not p.fits:
        return None
    per_pass = min(chunk or batch_limits(s)[1], tokens)
    return tokens / timing.prefill_seconds(s, placement=p, tokens=tokens, depth=depth, chunk=per_pass)
