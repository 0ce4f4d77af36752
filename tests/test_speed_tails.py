"""MoE decode tails: the mechanisms behind the rows the estimator missed by the most, each tested on its physics.

The gpt-oss 'F16' / 'BF16' GGUFs (the files of the first weeks after release) keep the routed experts in MXFP4 but
store attention, router, embedding and lm head in 16 bits, where the MXFP4_MOE file has them in Q8_0: 12.83 GiB
instead of 11.27 for the 20B, and about 1.4x the bytes read per decoded token."""

from __future__ import annotations

import pytest

from bot.core import sizing
from bot.core import sizing_physics as phys
from bot.core import sizing_time as timing
from bot.core.bench_parse import quant_from_label
from bot.core.builds import choose_build
from bot.core.catalog_lookup import choose_engine
from bot.core.knowledge import load
from bot.core.setup import Setup

K = load()
GIB = 2**30


def _decode(model: str, quant: str, device: str, engine: str = "llama.cpp") -> float:
    s = Setup(K.models.get(model), K.quants.get(quant), K.devices.get(device), K.engines.get(engine), 1)
    rate = sizing.single_stream(K, s, context_tokens=64)[0]
    assert rate is not None
    return rate


@pytest.mark.parametrize(("quant", "gib"), [("MXFP4_F16", 12.83), ("MXFP4_BF16", 12.83), ("MXFP4_MOE", 11.27)])
def test_gpt_oss_20b_gguf_files_weigh_what_llama_bench_prints(quant: str, gib: float) -> None:
    size = phys.weight_bytes(K.models.get("gpt-oss-20b"), K.quants.get(quant)) / GIB
    assert size == pytest.approx(gib, rel=0.03)


@pytest.mark.parametrize("model", ["gpt-oss-20b", "gpt-oss-120b"])
def test_the_16_bit_gpt_oss_file_decodes_slower_by_its_extra_bytes_per_token(model: str) -> None:
    m = K.models.get(model)
    extra = phys.streamed_bytes(m, K.quants.get("MXFP4_F16")) / phys.streamed_bytes(m, K.quants.get("MXFP4_MOE"))
    assert 1.3 <= extra <= 1.5
    slower = _decode(model, "MXFP4_MOE", "Ryzen AI Max+ 395") / _decode(model, "MXFP4_F16", "Ryzen AI Max+ 395")
    assert 1.2 <= slower <= extra  # the fixed per-step costs do not grow with the bytes


def test_the_16_bit_gpt_oss_file_unpacks_its_experts_like_mxfp4() -> None:
    assert timing.dequant_class(K.quants.get("MXFP4_F16")) == timing.dequant_class(K.quants.get("MXFP4_MOE"))
    assert timing.dequant_class(K.quants.get("F16")) == "plain"


@pytest.mark.parametrize(("label", "quant"), [
    ("gpt-oss ?B F16", "MXFP4_F16"), ("gpt-oss 20B BF16", "MXFP4_BF16"), ("gpt-oss 120B MXFP4 MoE", "MXFP4"),
    ("llama 7B F16", "F16"), ("qwen3moe 30B.A3B BF16", "BF16"),
])
def test_llama_bench_labels_of_the_16_bit_gpt_oss_files_name_their_mxfp4_experts(label: str, quant: str) -> None:
    assert quant_from_label(label) == quant


@pytest.mark.parametrize(("model", "library_gb"), [("gpt-oss-20b", 14.0), ("gpt-oss-120b", 65.0)])
def test_ollama_runs_gpt_oss_as_its_library_model_mxfp4_experts_beside_bf16(model: str, library_gb: float) -> None:
    """ollama.com/library/gpt-oss lists gpt-oss:20b at 14 GB and gpt-oss:120b at 65 GB: the 16-bit layout, not the
    MXFP4_MOE GGUF (12 / 63 GB) llama.cpp loads."""
    device = K.devices.get("RTX 5090")
    _, ollama_quant, _ = choose_engine(K, "ollama", K.quants.get("MXFP4"), device)
    _, llama_quant, _ = choose_engine(K, "llama.cpp", K.quants.get("MXFP4"), device)
    m = K.models.get(model)
    assert phys.weight_bytes(m, ollama_quant) / 1e9 == pytest.approx(library_gb, abs=0.5)
    assert phys.weight_bytes(m, llama_quant) / 1e9 < library_gb - 1.5


def test_ollama_gpt_oss_bytes_cost_most_where_bandwidth_is_scarce() -> None:
    """Its library model reads 1.4x the bytes a token: on a 273 GB/s DGX Spark that is most of a step (LMSYS, Oct
    2025: Ollama 49.7 tok/s there, llama.cpp 80-88 in other sources); on an RTX 5090 the fixed per-layer costs are."""
    def cost(device: str) -> float:
        ours = _decode("gpt-oss-20b", "MXFP4_BF16", device, "ollama")
        return _decode("gpt-oss-20b", "MXFP4_MOE", device, "ollama") / ours
    assert 1.3 <= cost("DGX Spark") <= 1.45
    assert cost("RTX 5090") < cost("DGX Spark")


def _rocm_decode(model: str, build: str | None, backend: str = "rocm") -> float:
    engine, device = K.engines.get("llama.cpp"), K.devices.get("Ryzen AI Max+ 395")
    b = K.backends.find(backend)
    s = Setup(K.models.get(model), K.quants.get("Q4_K_M"), device, engine, 1, backend=b,
              build=choose_build(K, build, engine, b))
    rate = sizing.single_stream(K, s, context_tokens=64)[0]
    assert rate is not None
    return rate


def test_hip_builds_before_the_fused_moe_router_pay_per_moe_layer_at_decode() -> None:
    """PR #16130 fused the MoE router's softmax / top-k / gather into one kernel; HIP builds of the time launched each
    kernel on its own (GGML_HIP_GRAPHS off), so an older ROCm build pays the removed launches on every MoE layer:
    Qwen3-30B-A3B (48 MoE layers) loses more than gpt-oss-20b (24)."""
    def loss(model: str) -> float:
        return 1.0 / _rocm_decode(model, "b6194") - 1.0 / _rocm_decode(model, "b7938")
    layers = {m: K.models.get(m).moe_layers for m in ("Qwen3-30B-A3B", "gpt-oss-20b")}
    assert loss("Qwen3-30B-A3B") / layers["Qwen3-30B-A3B"] == pytest.approx(0.086e-3, rel=0.01)
    assert loss("gpt-oss-20b") / layers["gpt-oss-20b"] == pytest.approx(0.086e-3, rel=0.01)


def test_vulkan_builds_of_the_same_date_and_dense_models_do_not_pay_it() -> None:
    old, current = _rocm_decode("Qwen3-30B-A3B", "b6194", "vulkan"), _rocm_decode("Qwen3-30B-A3B", None, "vulkan")
    assert old == pytest.approx(current)
    assert _rocm_decode("Qwen3-8B", "b6194") == pytest.approx(_rocm_decode("Qwen3-8B", None))
