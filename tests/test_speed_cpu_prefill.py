"""CPU prompt processing (llama.cpp's CPU backend): a prompt pass runs at cores x base clock x the FLOPs per core per
cycle of the kernel its weight format takes (tiled GEMM on repacked rows, a dot product per row and token, or the
16-bit float path), not at the socket's matrix-unit peak; a build older than a format's repack runs it per row."""

from __future__ import annotations

import pytest

from bot.core import sizing
from bot.core import sizing_time as timing
from bot.core.builds import choose_build
from bot.core.knowledge import load
from bot.core.setup import Setup
from bot.core.sizing import EstimateRequest

K = load()
CPP = K.engines.get("llama.cpp")
CPU = K.backends.get("cpu")


def _setup(model: str, quant: str, device: str, build: str | None = None) -> Setup:
    return Setup(K.models.get(model), K.quants.get(quant), K.devices.get(device), CPP, 1, backend=CPU,
                 build=choose_build(K, build, CPP, CPU))


def _prefill(model: str, quant: str, device: str, build: str | None = None) -> float:
    rate = sizing.prefill_rate(_setup(model, quant, device, build), tokens=512)
    assert rate is not None
    return rate


def test_every_cpu_in_the_catalog_gives_its_cores_and_base_clock() -> None:
    cpus = [d for d in K.devices if d.family == "cpu"]
    assert cpus
    for d in cpus:
        assert d.cores and d.clock_ghz
        assert f"{d.clock_ghz:g} GHz" in d.source or f"{d.clock_ghz:.1f} GHz" in d.source


def test_a_xeon_prefills_at_its_vector_cores_rate_not_its_amx_peak() -> None:
    """Intel/LMSYS (2025-07): llama.cpp prefilled DeepSeek-R1-Distill-Llama-70B Q8_0 at ~50 tok/s on one Xeon 6980P
    socket: ~7 TFLOPS of its 262 TFLOPS AMX BF16 peak."""
    s = _setup("DeepSeek-R1-Distill-Llama-70B", "Q8_0", "Xeon 6980P")
    assert timing.compute_peak(s) < 0.05 * s.device.fp16_tflops * 1e12
    assert 35 <= _prefill("DeepSeek-R1-Distill-Llama-70B", "Q8_0", "Xeon 6980P") <= 75


def test_the_rate_scales_with_cores_times_clock_across_vendors() -> None:
    xeon, ryzen = _setup("Llama-3.1-8B", "Q8_0", "Xeon 6980P"), _setup("Llama-3.1-8B", "Q8_0", "Ryzen 9 7950X")
    ratio = timing.compute_peak(xeon) / timing.compute_peak(ryzen)
    assert ratio == pytest.approx((128 * 2.0) / (16 * 4.5))


def test_tiled_formats_prefill_faster_than_per_row_ones_and_bf16() -> None:
    """ik_llama.cpp discussion #164 (build b4384, Ryzen 7950X, Llama-3.1-8B pp512): Q4_0 154 and Q8_0 148 t/s, the
    K-quants 76-122, IQ4_XS 74, BF16 79."""
    q4_0 = _prefill("Llama-3.1-8B", "Q4_0", "Ryzen 9 7950X", "b4384")
    for quant in ("Q6_K", "Q5_K_S", "IQ4_XS", "BF16"):
        assert _prefill("Llama-3.1-8B", quant, "Ryzen 9 7950X", "b4384") < 0.7 * q4_0
    assert 130 <= q4_0 <= 175


def test_a_build_before_a_formats_repack_runs_it_per_row() -> None:
    old = _setup("Llama-3.1-8B", "Q4_K_M", "Ryzen 9 7950X", "b4384")
    new = _setup("Llama-3.1-8B", "Q4_K_M", "Ryzen 9 7950X")
    assert (timing.cpu_kernel(old), timing.cpu_kernel(new)) == ("per_row", "tiled")
    assert timing.cpu_kernel(_setup("gpt-oss-20b", "MXFP4_MOE", "Ryzen 9 7950X", "2025-08-10")) == "per_row"
    assert timing.cpu_kernel(_setup("gpt-oss-20b", "MXFP4_MOE", "Ryzen 9 7950X", "2026-03")) == "tiled"
    assert _prefill("Llama-3.1-8B", "Q4_K_M", "Ryzen 9 7950X") > _prefill("Llama-3.1-8B", "Q4_K_M", "Ryzen 9 7950X",
                                                                          "b4384")


def test_gpus_keep_their_tensor_core_rate() -> None:
    gpu = Setup(K.models.get("Llama-3.1-8B"), K.quants.get("Q4_0"), K.devices.get("RTX 4090"), CPP, 1)
    assert timing.cpu_gemm_flops(gpu) is None


def test_an_estimate_on_an_old_build_says_its_cpu_backend_runs_the_format_per_row() -> None:
    old = sizing.estimate(K, EstimateRequest(model="llama-3.1-8b", quant="Q4_K_M", hardware="Ryzen 9 7950X",
                                             engine="llama.cpp", build="b4384"))
    assert any("12332" in n and "one weight row at a time" in n for n in old.notes)
    new = sizing.estimate(K, EstimateRequest(model="llama-3.1-8b", quant="Q4_K_M", hardware="Ryzen 9 7950X",
                                             engine="llama.cpp"))
    assert not any("predates" in n for n in new.notes)
    assert new.prefill_tokens_per_s and old.prefill_tokens_per_s
    assert new.prefill_tokens_per_s > 1.5 * old.prefill_tokens_per_s


def test_a_xeons_vector_work_runs_on_its_avx512_units_not_its_amx() -> None:
    """The serial per-step vector work of a decode (norms, activation quantisation) runs on AVX-512, whose BF16 peak
    (128 cores x 2.0 GHz x 128) is an eighth of the AMX figure; CPUs without matrix units keep their BF16 peak."""
    xeon = K.devices.get("Xeon 6980P")
    assert xeon.vector_tflops and timing.vector_flops(xeon) == pytest.approx(128 * 2.0 * 128 * 1e9, rel=0.01)
    assert timing.vector_flops(xeon) < xeon.fp16_tflops * 1e12 / 7
    epyc = K.devices.get("EPYC 9554")
    assert epyc.vector_tflops is None and timing.vector_flops(epyc) == pytest.approx(epyc.fp16_tflops * 1e12)
