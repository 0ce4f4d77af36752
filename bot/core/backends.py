"""Compute backends: which one a setup runs on (the device family's default unless named) and reading one from
free text (a benchmark table's ``backend`` column: 'ROCm 7.2.3 fa=1', 'Vulkan RADV', 'llama.cpp-hip hipblaslt=1').

The figures are in ``knowledge/backends.yaml``; ``sizing_time.backend_factor`` applies them."""

from __future__ import annotations

import re

from .knowledge import Backend, Device, Engine, Knowledge, NotFound

# words that name a backend in benchmark output and READMEs, first match wins (Vulkan before ROCm: an AMDVLK
# build is 'llama.cpp-vulkan_amdvlk', a HIP build may mention the Vulkan one it is compared with only after it)
_WORDS: tuple[tuple[str, str], ...] = (
    (r"vulkan|radv|amdvlk", "vulkan"),
    (r"rocm|\bhip|hipblas|rocblas|rocwmma", "rocm"),
    (r"cuda|cublas", "cuda"),
    (r"metal|\bmlx\b|\bmps\b", "metal"),
    (r"sycl|oneapi", "sycl"),
    (r"\bcpu\b|\bblas\b|avx", "cpu"),
)


def backend_from_text(text: str | None) -> str | None:
    """The backend id a free-text label names ('ROCm 7.2 fa=1 mmap=0' -> 'rocm', 'Vulkan (AMDVLK)' -> 'vulkan',
    'CUDA FA' -> 'cuda', 'Metal,BLAS' -> 'metal'); None when it names none ('NVIDIA NIM 1.8.0')."""
    low = (text or "").lower()
    for pattern, backend in _WORDS:
        if re.search(pattern, low):
            return backend
    return None


def default_backend(k: Knowledge, device: Device) -> Backend | None:
    """The backend a team runs on this device family unless it says otherwise (backends.yaml ``default_for``)."""
    for b in k.backends:
        if device.family in b.default_for:
            return b
    return None


def choose_backend(k: Knowledge, name: str | None, engine: Engine, device: Device) -> Backend | None:
    """The named backend (an id, name or alias: 'vulkan', 'HIP', 'radv'), else the device family's default.
    A backend the device or the engine does not run on is refused with a ValueError naming the field."""
    if name is None or not name.strip():
        return default_backend(k, device)
    try:
        b = k.backends.get(name)
    except NotFound:
        known = ", ".join(x.id for x in k.backends)
        raise ValueError(f"backend: unknown backend {name!r} (known: {known})") from None
    if device.family not in b.families:
        runs = ", ".join(x.id for x in k.backends if device.family in x.families)
        raise ValueError(f"backend: {b.name} does not run on {device.name} (there: {runs})")
    if engine.id not in b.engines:
        builds = ", ".join(x.id for x in k.backends if engine.id in x.engines and device.family in x.families)
        raise ValueError(f"backend: {engine.name} is not built for {b.name} on {device.name} (it is for: {builds})")
    return b
