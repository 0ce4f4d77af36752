"""Apple silicon prompt processing: the M5 family's GPU Neural Accelerators (matrix units beside the shader ALUs)
speed up the engines whose kernels program them (MLX, llama.cpp's Metal backend through Metal 4's tensor API), by
about Apple's stated 4x over the M4 generation for MLX; decode (bandwidth bound) and chips without them are left
alone, and an engine that does not use them runs at the shader rate."""

from __future__ import annotations

import pytest

from bot.core import sizing
from bot.core import sizing_time as timing
from bot.core.knowledge import load
from bot.core.setup import Setup

K = load()


def _setup(model: str, quant: str, device: str, engine: str) -> Setup:
    return Setup(K.models.get(model), K.quants.get(quant), K.devices.get(device), K.engines.get(engine), 1)


def _prefill(model: str, quant: str, device: str, engine: str, tokens: int = 4096) -> float:
    rate = sizing.prefill_rate(_setup(model, quant, device, engine), tokens=tokens)
    assert rate is not None
    return rate


@pytest.mark.parametrize(("m5", "m4"), [("M5", "M4"), ("M5 Pro", "M4 Pro"), ("M5 Max", "M4 Max")])
def test_every_m5_chip_has_neural_accelerators_at_four_times_its_predecessors_gpu_and_the_m4_none(m5, m4) -> None:
    new, old = K.devices.get(m5), K.devices.get(m4)
    assert new.matrix_fp16_tflops == pytest.approx(4 * old.fp16_tflops)
    assert old.matrix_fp16_tflops is None
    assert new.fp16_tflops < new.matrix_fp16_tflops  # the shader rate stays what it was


def test_mlx_prefills_a_dense_model_about_four_times_faster_on_an_m5_than_an_m4() -> None:
    """Apple's MLX/M5 post: time to first token 3.3-4.1x shorter on an M5 than an M4 MacBook Pro (Qwen3-14B 4-bit
    about 36 s -> 8 s), the ratio of the two chips' AI peaks."""
    ratio = _prefill("Qwen3-14B", "MLX_4bit", "M5", "mlx") / _prefill("Qwen3-14B", "MLX_4bit", "M4", "mlx")
    assert 3.3 <= ratio <= 4.3


def test_llama_cpp_metal_gains_less_from_the_accelerators_than_mlx() -> None:
    """lmstudio-bug-tracker #2040: llama.cpp's tensor-API kernels prefill 2-3x faster on an M5 Max than its shader
    kernels; MLX reaches its shader share of the accelerators' peak."""
    cpp = _setup("Qwen3-14B", "Q4_K_M", "M5 Max", "llama.cpp")
    shader = timing.compute_peak(cpp)
    without = Setup(cpp.model, cpp.quant, cpp.device.model_copy(update={"matrix_fp16_tflops": None}), cpp.engine, 1)
    gain = shader / timing.compute_peak(without)
    assert 2.0 <= gain <= 3.0
    mlx = _setup("Qwen3-14B", "MLX_4bit", "M5 Max", "mlx")
    assert timing.compute_peak(mlx) > timing.compute_peak(cpp)


def test_an_engine_that_does_not_program_the_accelerators_runs_at_the_shader_rate() -> None:
    ollama = _setup("Qwen3-14B", "Q4_K_M", "M5 Max", "ollama")
    assert "apple" not in ollama.engine.matrix_efficiency
    assert timing.matrix_units(ollama) is None
    assert timing.compute_peak(ollama) == pytest.approx(
        ollama.device.fp16_tflops * 1e12 * ollama.engine.compute_efficiency["apple"])


def test_decode_on_an_m5_is_bandwidth_bound_and_unchanged_by_the_accelerators() -> None:
    s = _setup("gpt-oss-20b", "MXFP4", "M5 Max", "mlx")
    without = Setup(s.model, s.quant, s.device.model_copy(update={"matrix_fp16_tflops": None}), s.engine, 1)
    with_na = sizing.single_stream(K, s, context_tokens=512)[0]
    plain = sizing.single_stream(K, without, context_tokens=512)[0]
    assert with_na == pytest.approx(plain, rel=0.01)


def _moe_share(device: str) -> float:
    return timing.moe_gemm_efficiency(_setup("gpt-oss-20b", "MXFP4", device, "mlx"))


def test_mlx_expert_gemms_reach_more_of_its_dense_rate_from_the_m3_generation_on() -> None:
    """MLX's dispatch tunes M1/M2 (GPU generations 13-14) apart from later GPUs; M3 brought Dynamic Caching. The
    M1 Pro (mlx-lm #858) and M2 Max rows sit at 0.4 of the dense rate, M3 Max and M4 Max rows higher."""
    assert _moe_share("M1 Pro") == _moe_share("M2 Max") == pytest.approx(0.4)
    assert _moe_share("M3 Max") == _moe_share("M4 Max") == _moe_share("M5 Max") > 0.6


def test_each_touched_expert_pays_the_kernels_token_tile_the_accelerators_a_larger_one() -> None:
    """A 2048-token chunk gives gpt-oss-120b's 128 experts 64 rows each and gpt-oss-20b's 32 experts 256: the 64-row
    tile of MLX's Neural Accelerator gather kernel costs the many-expert model more, so it gains less from an M5."""
    def gain(model: str) -> float:
        return _prefill(model, "MXFP4", "M5 Max", "mlx", 21800) / _prefill(model, "MXFP4", "M4 Max", "mlx", 21800)
    assert gain("gpt-oss-120b") < gain("gpt-oss-20b")
    s = _setup("gpt-oss-20b", "MXFP4", "M5 Max", "mlx")
    plain = _setup("gpt-oss-20b", "MXFP4", "M4 Max", "mlx")
    padded = timing.gemm_flop_parts(s, tokens=2048, context=0)[1]
    assert padded > timing.gemm_flop_parts(plain, tokens=2048, context=0)[1]
    assert timing.gemm_flop_parts(s, tokens=1, context=0)[1] == timing.gemm_flop_parts(plain, tokens=1, context=0)[1]


@pytest.mark.parametrize(("engine", "quant", "old", "new"), [
    ("llama.cpp", "Q4_K_M", "b6500", "b7000"), ("mlx", "MLX_4bit", "2025-10", "2026-03-30"),
])
def test_a_build_from_before_the_engines_accelerator_kernels_prefills_an_m5_at_the_shader_rate(
        engine, quant, old, new) -> None:
    """llama.cpp's Metal tensor-API kernels (PR #16634, November 2025) and MLX's NAX kernels (0.30.0, 2025-11-19):
    an older build runs an M5's prompt GEMMs at the shader rate; a later one, or the current build, on the
    accelerators; an M4's prompt is the same on either build."""
    def rate(device: str, build: str | None) -> float:
        est = sizing.estimate(K, sizing.EstimateRequest(model="Qwen3-14B", quant=quant, hardware=device,
                                                        engine=engine, build=build, input_tokens=4096, context=8192))
        assert est.prefill_tokens_per_s
        return est.prefill_tokens_per_s
    assert rate("M5 Max", old) < rate("M5 Max", new) == pytest.approx(rate("M5 Max", None))
    assert rate("M5 Max", new) / rate("M5 Max", old) > 1.8
    assert rate("M4 Max", old) == pytest.approx(rate("M4 Max", new))
