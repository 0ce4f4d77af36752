"""The explanatory notes an estimate carries: context defaults, fit, unified memory, offload, MoE."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import sizing_physics as phys
from .knowledge import Device, ModelArch
from .setup import Setup

if TYPE_CHECKING:
    from .sizing import EstimateRequest

DEFAULT_CONTEXT = 4096  # tokens held in KV per sequence when --context is not given (capped by the model)


def context_notes(model: ModelArch, req: EstimateRequest, context: int) -> list[str]:
    notes = []
    if req.context is None:
        notes.append(f"Context {context:,} tokens per sequence (default: the model's, capped at {DEFAULT_CONTEXT:,}).")
    if context > model.context_length:
        notes.append(f"Context {context:,} exceeds {model.name}'s trained {model.context_length:,} tokens.")
    if req.input_tokens + req.output_tokens > context:
        notes.append("input + output tokens exceed the context; the request would be truncated.")
    return notes


def fit_notes(s: Setup, *, place: phys.Placement, single: phys.Placement) -> list[str]:
    """Notes on where the model went: ``single`` holds one sequence of KV, ``place`` all requested ones."""
    model, device, engine, n = s.model, s.device, s.engine, s.devices
    notes = [_units_note(device, s.memory)]
    if device.unified:
        share = phys.gpu_memory_share(s.memory)
        usable = phys.usable_bytes(s) / phys.GB
        notes.append(
            f"Unified memory: macOS lets the GPU use ~{share:.0%} of it ({usable:.1f} GB) by default; "
            "`sudo sysctl iogpu.wired_limit_mb=N` can raise it."
        )
        if not single.fits and device.memory_options_gb:
            notes += _bigger_mac(s, single)
    if single.mode == "cpu_offload":
        notes.append(
            f"Does not fit in GPU memory: llama.cpp keeps {single.offload_fraction:.0%} of the layers in "
            "system RAM (CPU bandwidth bound), so decoding is slow."
        )
    elif not single.fits:
        notes.append(
            f"Does not fit: needs {single.need_per_device / phys.GB:.1f} GB per device, "
            f"{single.usable_per_device / phys.GB:.1f} GB usable."
        )
    elif not place.fits:
        notes.append("The weights fit, but not the KV cache for all requested sequences.")
    if n > 1 and single.fits:
        how = "tensor parallel (each layer split)" if engine.tensor_parallel else "layer split (pipeline)"
        notes.append(f"{n} devices, {how}.")
    if model.is_moe:
        notes.append(
            f"MoE: memory holds all {model.params_b:g} B parameters; speed reads the "
            f"{model.active_b:g} B active per token."
        )
    return notes


def _units_note(device: Device, memory_gb: float) -> str:
    return (
        f"Sizes are decimal GB (1e9 bytes): the {memory_gb:g} GB of {device.name} is {memory_gb:g} GiB "
        f"= {memory_gb * phys.GIB / phys.GB:.1f} GB."
    )


def _bigger_mac(s: Setup, single: phys.Placement) -> list[str]:
    kv = single.need_per_device - phys.weight_bytes(s.model, s.quant) - phys.overhead_bytes(s.model, s.device, s.engine)
    for gb in sorted(s.device.memory_options_gb):
        if phys.place(s.with_memory(gb), kv_bytes=max(kv, 0.0)).fits:
            return [f"It fits on the {gb:g} GB configuration of {s.device.name}."]
    return []
