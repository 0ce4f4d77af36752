"""Weight dtypes a backend runs on a slow path on some device families (backends.yaml ``non_native``): BF16 on
Vulkan/RADV on Radeon streams its weights at the fallback's share, other formats, other backends and other
families do not, the KV cache is not slowed, and a broken entry names file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.core import sizing
from bot.core.knowledge import KnowledgeError, load
from bot.core.sizing import EstimateRequest

K = load()
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
STRIX = "Ryzen AI Max+ 395"
VULKAN = K.backends.get("vulkan")


def _decode(quant: str, backend: str | None, *, hardware: str = STRIX, context: int = 256,
            model: str = "qwen3-30b-a3b") -> float:
    est = sizing.estimate(K, EstimateRequest(model=model, quant=quant, hardware=hardware, engine="llama.cpp",
                                             backend=backend, context=context))
    assert est.decode_tokens_per_s
    return est.decode_tokens_per_s


def test_vulkan_on_radeon_lacks_bf16_and_says_what_it_costs() -> None:
    fallback = VULKAN.fallback_for("bf16", "amd_consumer")
    assert fallback is not None and fallback.bandwidth < 1.0 and "RADV" in fallback.source
    assert VULKAN.fallback_for("bf16", "nvidia_consumer") is None  # NVIDIA's driver has VK_KHR_shader_bfloat16
    assert K.backends.get("rocm").fallback_for("bf16", "amd_consumer") is None


def test_bf16_weights_decode_much_slower_on_vulkan_than_on_rocm_where_other_formats_do_not() -> None:
    """se-026 / se-024: Qwen3-30B-A3B BF16 on Strix Halo, Vulkan 8.3 tok/s where ROCm is ~2.4x faster."""
    assert _decode("BF16", "vulkan") < 0.5 * _decode("BF16", None)
    assert _decode("Q8_0", "vulkan") > 0.9 * _decode("Q8_0", None)


def test_the_fallback_slows_the_weights_not_the_kv_cache() -> None:
    """At a long cache the KV read is a larger share of the step, so the BF16 penalty (on weights only) shrinks."""
    short = _decode("BF16", "vulkan") / _decode("BF16", None)
    long = _decode("BF16", "vulkan", context=65536) / _decode("BF16", None, context=65536)
    assert short < long


def test_bf16_on_vulkan_on_nvidia_is_not_slowed() -> None:
    plain = _decode("BF16", None, hardware="RTX 5090", model="qwen3-8b")
    assert _decode("BF16", "vulkan", hardware="RTX 5090", model="qwen3-8b") == pytest.approx(plain, rel=1e-9)


def _broken(tmp_path: Path, mutate) -> Path:
    for name in KNOWLEDGE.iterdir():
        if name.suffix == ".yaml":
            shutil.copy(name, tmp_path / name.name)
    data = yaml.safe_load((KNOWLEDGE / "backends.yaml").read_text(encoding="utf-8"))
    mutate(next(b for b in data["backends"] if b["id"] == "vulkan")["non_native"][0])
    (tmp_path / "backends.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("mutate", "needles"), [
    (lambda n: n.update(bandwidth=0), ["backends.yaml", "vulkan", "bandwidth"]),
    (lambda n: n.update(dtype="bf17"), ["backends.yaml", "vulkan", "dtype"]),
    (lambda n: n.pop("source"), ["backends.yaml", "vulkan", "source"]),
    (lambda n: n.update(families=["apple"]), ["backends.yaml", "vulkan", "non_native", "apple"]),
    (lambda n: n.update(speed=2), ["backends.yaml", "vulkan", "speed"]),
])
def test_a_broken_fallback_names_file_entry_and_field(tmp_path: Path, mutate, needles) -> None:
    with pytest.raises(KnowledgeError) as err:
        load(_broken(tmp_path, mutate))
    for needle in needles:
        assert needle in str(err.value)
