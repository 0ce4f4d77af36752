"""Issue #14, "Done when": every model and device the issue names answers `estimate` for the engines that run
it, and MXFP4 on llama.cpp works. One case per model × device × engine that runs there."""

from __future__ import annotations

import pytest

from bot.core import sizing
from bot.core.knowledge import load
from bot.core.sizing import EstimateRequest

K = load()
# the list: gpt-oss, Qwen3 MoE, DeepSeek V3/R1, Llama 4, GLM-4.5, Kimi K2
MODELS = ["gpt-oss-20b", "gpt-oss-120b", "qwen3-30b-a3b", "qwen3-235b-a22b", "deepseek-v3", "deepseek-r1",
          "llama-4-scout", "llama-4-maverick", "glm-4.5", "glm-4.5-air", "kimi-k2"]
# DGX Spark, Strix Halo, Apple Ultra/Max, RTX PRO 6000; and the GPUs of the examples (8×H200, one A100)
DEVICES = ["dgx-spark", "ryzen-ai-max-395", "apple-m3-ultra", "apple-m2-max", "apple-m4-max-40c",
           "rtx-pro-6000-blackwell", "h200", "a100-sxm-80gb"]
GPT_OSS = ("gpt-oss-20b", "gpt-oss-120b")


def _quant(model: str, engine: str, device: str) -> str:
    """The format a team would run: gpt-oss's own MXFP4; else a 4-bit GGUF / MLX, or FP8 (NVFP4 on Blackwell)."""
    if engine == "mlx":
        return "MLX_4bit"
    if model in GPT_OSS:
        return "MXFP4"
    if engine in ("llama.cpp", "ollama"):
        return "Q4_K_M"
    return "NVFP4" if K.devices.get(device).fp4_tflops else "FP8"


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for device in DEVICES:
        family = K.devices.get(device).family
        for engine in K.engines:
            if family in engine.devices:
                out += [(m, device, engine.id) for m in MODELS]
    return out


def _gpus(device: str) -> int:
    """One box of a unified-memory device; else an 8-GPU node."""
    return 1 if K.devices.get(device).interconnect == "unified" else 8


@pytest.mark.parametrize(("model", "device", "engine"), _cases())
def test_a_named_model_on_a_named_device_answers_estimate(model: str, device: str, engine: str) -> None:
    gpus = _gpus(device)
    est = sizing.estimate(K, EstimateRequest(
        model=model, quant=_quant(model, engine, device), hardware=device, engine=engine, gpus=gpus,
    ))
    assert isinstance(est.fits, bool) and est.weights_gb > 0
    if not est.fits:
        assert est.total_gb > est.available_gb  # "does not fit" only when it really does not
        return
    d = K.devices.get(device)
    m = K.models.get(model)
    assert est.decode_tokens_per_s and est.prefill_tokens_per_s and est.ttft_ms
    # never faster than reading the active weights (at 4 bits or more) once per token at full bandwidth
    assert est.decode_tokens_per_s < gpus * d.bandwidth_gbps / (m.active_b * 4 / 8)
    assert est.prefill_tokens_per_s > est.decode_tokens_per_s


def test_every_named_model_fits_somewhere_named_and_every_named_device_runs_some_named_model() -> None:
    fitting = set()
    for model, device, engine in _cases():
        est = sizing.estimate(K, EstimateRequest(
            model=model, quant=_quant(model, engine, device), hardware=device, engine=engine,
            gpus=_gpus(device),
        ))
        if est.fits:
            fitting.add((model, device))
    assert {m for m, _ in fitting} == set(MODELS)
    assert {d for _, d in fitting} == set(DEVICES)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("engine", ["llama.cpp", "ollama"])
def test_mxfp4_on_llama_cpp_runs_gpt_oss_as_its_gguf_type(device: str, engine: str) -> None:
    if K.devices.get(device).family not in K.engines.get(engine).devices:
        pytest.skip(f"{engine} does not run on {device}")
    est = sizing.estimate(K, EstimateRequest(model="gpt-oss-120b", quant="MXFP4", hardware=device, engine=engine,
                                             gpus=_gpus(device)))
    if engine == "ollama":  # the Ollama library's gpt-oss:120b: MXFP4 experts beside BF16 tensors, 65 GB
        assert "MXFP4 experts + BF16" in est.quant
        assert est.weights_gb == pytest.approx(65.0, rel=0.03)
    else:
        assert "MXFP4_MOE" in est.quant
        assert est.weights_gb == pytest.approx(63.4, rel=0.03)  # the ggml-org GGUF: 63.37 GB
    assert est.fits and est.decode_tokens_per_s and est.prefill_tokens_per_s  # 96 GB M2 Max: 77 GB for the GPU
