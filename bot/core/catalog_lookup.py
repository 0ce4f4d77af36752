"""Forgiving look-ups the sizing engine needs beyond exact catalog names.

- a bare size ("70B", "7b", "8x7B") → the strongest catalog model of that class;
- a hardware name with a memory size ("M2 Max 64GB") → the device and that unified-memory option;
- the engine: default by quant format and device, and the combinations that make no sense refused.
"""

from __future__ import annotations

import re

from .knowledge import Device, Engine, Knowledge, ModelArch, NotFound, Quant, normalise

_DENSE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*b\s*$", re.IGNORECASE)
_MOE = re.compile(r"^\s*(\d+)\s*x\s*(\d+(?:\.\d+)?)\s*b\s*$", re.IGNORECASE)
_MEMORY = re.compile(r"^(?P<name>.*?)[\s,(-]*(?P<gb>\d+)\s*gb\)?\s*$", re.IGNORECASE)
SIZE_TOLERANCE = 0.12  # "7B" matches 6.2-7.8 B parameters


def resolve_model(k: Knowledge, text: str) -> ModelArch:
    """A catalog name, or a bare size: "70B" → the strongest ~70B dense model, "8x7B" → Mixtral 8x7B."""
    found = k.models.find(text)
    if found is not None:
        return found
    moe, dense = _MOE.match(text), _DENSE.match(text)
    if moe:
        token = f"{moe.group(1)}x{moe.group(2)}b"
        hits = [m for m in k.models if m.is_moe and token in normalise(m.name).replace(" ", "")]
    elif dense:
        size = float(dense.group(1))
        hits = [m for m in k.models if not m.is_moe and abs(m.params_b - size) / size <= SIZE_TOLERANCE]
    else:
        hits = []
    if not hits:
        return k.models.get(text)  # raises NotFound with the closest names
    # the size written in the name first, then an original release over a distill, then the strongest
    token = normalise(text).replace(" ", "")
    return max(
        hits,
        key=lambda m: (
            token in normalise(m.name).replace(" ", ""),
            "distill" not in m.id,
            m.quality_rank,
            -abs(m.params_b - _size(text)),
        ),
    )


def _size(text: str) -> float:
    moe = _MOE.match(text)
    if moe:
        return float(moe.group(1)) * float(moe.group(2))
    dense = _DENSE.match(text)
    return float(dense.group(1)) if dense else 0.0


def resolve_device(k: Knowledge, text: str) -> tuple[Device, float]:
    """The device and its memory (GB): a named unified-memory option, else the largest configuration."""
    found = k.devices.find(text)
    if found is not None:
        return found, _named_memory(found, text) or found.memory_gb
    match = _MEMORY.match(text)
    if match and match.group("name"):
        found = k.devices.find(match.group("name"))
        if found is not None:
            gb = float(match.group("gb"))
            if found.memory_options_gb and gb not in found.memory_options_gb:
                options = ", ".join(f"{o:g}" for o in found.memory_options_gb)
                raise ValueError(f"hardware: {found.name} is sold with {options} GB, not {gb:g} GB")
            return found, gb if found.memory_options_gb else found.memory_gb
    raise NotFound("hardware", text, k.devices.suggest(text))


def _named_memory(d: Device, text: str) -> float | None:
    match = _MEMORY.match(text)
    if match and d.memory_options_gb and float(match.group("gb")) in d.memory_options_gb:
        return float(match.group("gb"))
    return None


def choose_engine(
    k: Knowledge, name: str | None, quant: Quant, device: Device | None
) -> tuple[Engine, Quant, list[str]]:
    """The named engine (or the default: llama.cpp for GGUF, MLX for other formats on Apple, else vLLM; when that
    one does not run on the device or load the quant, the first of vLLM, llama.cpp, MLX that does), the
    quant as that engine stores it (``loads_as``: llama.cpp keeps MXFP4 experts in its MXFP4_MOE GGUF), and
    notes to show; combinations that cannot run are refused with a ValueError."""
    notes: list[str] = []
    if name is None:
        apple = device is not None and device.unified
        default = "llama.cpp" if quant.format == "gguf" else ("mlx" if apple else "vllm")
        # the usual engine for the format, else the first that runs on this device and loads this quant
        # (MXFP4 on a CPU server or Strix Halo: llama.cpp, not vLLM, which does not run there)
        engine = next((e for e in (k.engines.get(i) for i in (default, "vllm", "llama.cpp", "mlx"))
                       if _runs(k, e, quant, device)), k.engines.get(default))
    else:
        engine = k.engines.get(name)
        if engine.note and normalise(name) not in {normalise(engine.id), normalise(engine.name)}:
            notes.append(engine.note)
    if device is not None and device.family not in engine.devices:
        where = ", ".join(f.replace("_", " ") for f in engine.devices)
        raise ValueError(f"engine: {engine.name} does not run on {device.name} (it runs on: {where})")
    stored = k.quants.find(engine.loads_as.get(quant.id, quant.id)) or quant
    if stored is not quant:
        notes.append(f"{engine.name} stores {quant.name} as {stored.name}.")
    _check_format(engine, stored, notes)
    return engine, stored, notes


def _runs(k: Knowledge, engine: Engine, quant: Quant, device: Device | None) -> bool:
    """Whether ``engine`` runs on ``device``'s family and loads ``quant`` (as it stores it)."""
    if device is not None and device.family not in engine.devices:
        return False
    try:
        _check_format(engine, k.quants.find(engine.loads_as.get(quant.id, quant.id)) or quant, [])
    except ValueError:
        return False
    return True


def _check_format(engine: Engine, quant: Quant, notes: list[str]) -> None:
    universal = quant.bits_per_weight >= 16 and quant.expert_bits is None  # F16/BF16 load everywhere
    if quant.format in engine.formats or universal:
        return
    if engine.id == "vllm" and quant.format == "gguf":
        notes.append(
            "vLLM's GGUF loader is experimental and slower than its native formats; figures assume native speed."
        )
        return
    kind = "GGUF (llama.cpp)" if quant.format == "gguf" else "safetensors (HF)"
    raise ValueError(
        f"quant: {quant.name} is a {kind} format, which {engine.name} does not load; "
        f"pick a {'/'.join(engine.formats)} quant or another engine"
    )
