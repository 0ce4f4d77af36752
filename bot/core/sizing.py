"""Sizing engine: memory (weights, KV cache, overhead), fit, decode/prefill speed, serving throughput.

Pure functions over knowledge entries. INTERFACE STUB — the implementation is being written; the
signatures and result models below are the contract other modules (costs, tree, CLI) rely on.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .knowledge import Device, Engine, Knowledge, ModelArch, Quant

FitMode = Literal["single", "tensor_parallel", "layer_split", "unified", "cpu_offload", "none"]
KvDtype = Literal["f16", "fp8", "q8_0", "q4_0"]


class EstimateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str
    quant: str
    hardware: str | None = None
    gpus: int = Field(default=1, ge=1, le=1024)
    engine: str | None = None  # default: llama.cpp for GGUF quants, vllm otherwise
    context: int | None = Field(default=None, ge=1, le=10_000_000)  # tokens per sequence held in KV
    concurrency: int | Literal["max"] | None = None
    input_tokens: int = Field(default=512, ge=1, le=10_000_000)
    output_tokens: int = Field(default=128, ge=1, le=10_000_000)
    kv_dtype: KvDtype = "f16"


class Estimate(BaseModel):
    """What ``selfhost-bot estimate --json`` prints (keys are a public interface)."""

    model_config = ConfigDict(extra="forbid")

    model: str
    quant: str
    hardware: str | None
    gpus: int
    engine: str
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
    notes: list[str] = Field(default_factory=list)


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


def estimate(k: Knowledge, req: EstimateRequest) -> Estimate:
    raise NotImplementedError


def replica_throughput(
    k: Knowledge,
    model: ModelArch,
    quant: Quant,
    device: Device,
    n: int,
    engine: Engine,
    input_tokens: int,
    output_tokens: int,
    concurrency: int | None = None,
) -> Throughput:
    """Aggregate throughput of one replica; ``concurrency=None`` means the largest batch that fits."""
    raise NotImplementedError


def min_devices(
    k: Knowledge, model: ModelArch, quant: Quant, device: Device, engine: Engine, context: int
) -> int | None:
    """Fewest devices (1, 2, 4, 8, ...) that hold the model plus one sequence of KV; None if > 8."""
    raise NotImplementedError
