"""Compute backends: the default per device family, the fitted Vulkan-vs-ROCm figures on Strix Halo, refusals that
name the field, reading a benchmark's free-text backend, and broken backends.yaml entries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.core import sizing
from bot.core import sizing_time as timing
from bot.core.backends import backend_from_text, choose_backend, default_backend
from bot.core.knowledge import KnowledgeError, load
from bot.core.setup import Setup
from bot.core.sizing import EstimateRequest
from bot.core.sizing_physics import kv_bytes

K = load()
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
STRIX = "Ryzen AI Max+ 395"
VULKAN_STRIX = K.backends.get("vulkan").factors_for("llama.cpp", "amd_consumer")


def _est(model: str, quant: str, hardware: str, **kw) -> sizing.Estimate:
    return sizing.estimate(K, EstimateRequest(model=model, quant=quant, hardware=hardware, **kw))


@pytest.mark.parametrize(("device", "backend"), [("RTX 4090", "cuda"), ("H100 SXM", "cuda"), (STRIX, "rocm"),
                                                 ("Instinct MI300X", "rocm"), ("M3 Ultra", "metal")])
def test_each_device_family_has_the_usual_backend_by_default(device: str, backend: str) -> None:
    d = K.devices.get(device)
    assert default_backend(K, d) is K.backends.get(backend)


def test_the_estimate_names_the_backend_it_assumed() -> None:
    assert _est("llama-3.1-8b", "Q4_K_M", "RTX 4090").backend == "CUDA"
    assert _est("gpt-oss-120b", "MXFP4", STRIX, engine="llama.cpp").backend == "ROCm/HIP"
    assert _est("gpt-oss-120b", "MXFP4", STRIX, engine="llama.cpp", backend="radv").backend == "Vulkan"
    assert _est("llama-3.1-8b", "Q4_K_M", None).backend is None  # no hardware: no backend


def test_naming_the_default_backend_changes_nothing_on_cuda() -> None:
    for engine, quant in (("llama.cpp", "Q4_K_M"), ("vllm", "FP8")):
        plain = _est("llama-3.1-8b", quant, "H100 SXM", engine=engine, concurrency=16)
        named = _est("llama-3.1-8b", quant, "H100 SXM", engine=engine, concurrency=16, backend="cuda")
        assert named.decode_tokens_per_s == plain.decode_tokens_per_s
        assert named.prefill_tokens_per_s == plain.prefill_tokens_per_s
        assert named.serving_output_tokens_per_s == plain.serving_output_tokens_per_s


def test_vulkan_on_strix_halo_runs_moe_prompts_slower_than_rocm_by_the_fitted_share() -> None:
    """pp512 of a 128-expert model is all grouped expert GEMMs and expert reads: Vulkan is slower, but by less
    than the GEMM factor alone (reading the experts does not change)."""
    kw = dict(engine="llama.cpp", input_tokens=512, context=4096)
    rocm = _est("qwen3-235b-a22b", "UD-Q3_K_XL", STRIX, **kw).prefill_tokens_per_s
    vulkan = _est("qwen3-235b-a22b", "UD-Q3_K_XL", STRIX, backend="vulkan", **kw).prefill_tokens_per_s
    assert rocm and vulkan
    assert VULKAN_STRIX is not None and VULKAN_STRIX.moe_gemm < 1.0
    assert VULKAN_STRIX.moe_gemm * rocm <= vulkan < rocm


def test_a_dense_prompt_is_the_same_on_both_amd_backends() -> None:
    kw = dict(engine="llama.cpp", input_tokens=512)
    rocm = _est("llama-2-7b", "Q4_0", STRIX, **kw).prefill_tokens_per_s
    assert _est("llama-2-7b", "Q4_0", STRIX, backend="vulkan", **kw).prefill_tokens_per_s == rocm


def test_vulkan_on_strix_halo_decodes_a_long_cache_faster() -> None:
    kw = dict(engine="llama.cpp", context=65536)
    rocm = _est("gpt-oss-120b", "MXFP4", STRIX, **kw).decode_tokens_per_s
    vulkan = _est("gpt-oss-120b", "MXFP4", STRIX, backend="vulkan", **kw).decode_tokens_per_s
    assert rocm and vulkan and vulkan > 1.15 * rocm  # measured 35.0 vs 26.1 (se-049 / se-046)
    short = dict(engine="llama.cpp", context=128)
    a = _est("gpt-oss-120b", "MXFP4", STRIX, **short).decode_tokens_per_s
    b = _est("gpt-oss-120b", "MXFP4", STRIX, backend="vulkan", **short).decode_tokens_per_s
    assert a and b and abs(b / a - 1) < 0.05  # an empty cache: the weight stream, the same on both


QUANT = {"qwen3-30b-a3b": "Q4_K_M", "qwen3-235b-a22b": "UD-Q3_K_XL", "glm-4.5-air": "UD-Q4_K_XL",
         "minimax-m2": "UD-Q3_K_S"}  # the formats the kyuz0 rows ran, which fit the 128 GB box


def _decode(model: str, quant: str, context: int, backend: str | None = None) -> float:
    tps = _est(model, quant, STRIX, engine="llama.cpp", context=context, backend=backend).decode_tokens_per_s
    assert tps is not None
    return tps


def _cache_ms_per_gb(model: str, quant: str, backend: str | None = None) -> float:
    """Milliseconds per GB of KV cache one decode step adds from an empty cache to 32k tokens deep."""
    m = K.models.get(model)
    extra_s = 1 / _decode(model, quant, 32768, backend) - 1 / _decode(model, quant, 128, backend)
    cache_gb = (kv_bytes(m, "f16", 32768) - kv_bytes(m, "f16", 128)) / 1e9
    return extra_s * 1e3 / cache_gb


def test_the_hip_decode_attention_rereads_the_cache_of_a_group_it_cannot_pack_by_eight() -> None:
    """llama.cpp's HIP tile kernel packs 8, 4 or 2 query heads of a GQA group per pass: Qwen3-30B-A3B (group 8)
    streams each KV head once, Qwen3-235B-A22B (16) twice, GLM-4.5-Air (12) and MiniMax-M2 (6) three times, so a
    long cache costs them two and three times as much per byte (kyuz0 ROCm runs: 214, 234 and 210 GB/s x passes)."""
    once = _cache_ms_per_gb("qwen3-30b-a3b", "Q4_K_M")
    assert _cache_ms_per_gb("qwen3-235b-a22b", QUANT["qwen3-235b-a22b"]) == pytest.approx(2 * once, rel=0.1)
    for model in ("glm-4.5-air", "minimax-m2"):
        assert _cache_ms_per_gb(model, QUANT[model]) == pytest.approx(3 * once, rel=0.1)


def test_vulkan_packs_a_group_of_up_to_eight_heads_and_rereads_a_larger_one_mostly_from_cache() -> None:
    """The Vulkan shader packs a whole group of at most 8 query heads (one pass, faster than HIP's vec kernel
    rate); a group of 12 or 16 runs one workgroup per head, whose re-reads cost 0.11 of a pass each: Qwen3-235B-A22B
    at 32k decodes slower on Vulkan than on ROCm (measured 6.5 vs 9.65, se-022 / se-020), MiniMax-M2 faster (14.65
    vs 6.19, se-042 / se-040), and an empty cache reads the same on both."""
    vk = K.backends.get("vulkan").factors_for("llama.cpp", "amd_consumer").gqa_packing
    assert vk is not None and [vk.passes(g) for g in (1, 6, 8, 12, 16)] == [1, 1, 1, 12, 16]
    for model, faster in (("qwen3-235b-a22b", "rocm"), ("minimax-m2", "vulkan")):
        q = QUANT[model]
        rocm, vulkan = _decode(model, q, 32768), _decode(model, q, 32768, "vulkan")
        assert (rocm > vulkan) == (faster == "rocm")
        assert _decode(model, q, 128, "vulkan") == pytest.approx(_decode(model, q, 128), rel=0.05)


def test_multi_head_and_mla_models_read_their_cache_once_on_any_backend() -> None:
    d, e = K.devices.get(STRIX), K.engines.get("llama.cpp")
    for model in ("llama-2-7b", "deepseek-r1"):
        for backend in ("rocm", "vulkan"):
            s = Setup(K.models.get(model), K.quants.get("Q4_K_M"), d, e, backend=K.backends.get(backend))
            assert timing.kv_passes(s) == 1.0 and timing.gqa_packing(s) is None


@pytest.mark.parametrize(("backend", "hardware", "engine", "needles"), [
    ("opencl", STRIX, "llama.cpp", ["backend", "unknown backend 'opencl'", "vulkan"]),
    ("cuda", STRIX, "llama.cpp", ["backend", "CUDA does not run on", "rocm"]),
    ("vulkan", "H100 SXM", "vllm", ["backend", "vLLM is not built for Vulkan", "cuda"]),
    ("metal", "RTX 4090", "llama.cpp", ["backend", "Metal does not run on"]),
])
def test_a_backend_that_cannot_run_is_refused_with_a_sentence_naming_the_field(backend, hardware, engine,
                                                                                needles) -> None:
    with pytest.raises(ValueError) as err:
        _est("llama-3.1-8b", "Q4_K_M" if engine == "llama.cpp" else "FP8", hardware, engine=engine, backend=backend)
    for needle in needles:
        assert needle in str(err.value)


def test_the_cli_takes_backend_and_shows_it(capsys) -> None:
    from bot.cli import main

    argv = ["estimate", "--model", "gpt-oss-20b", "--quant", "MXFP4", "--engine", "llama.cpp", "--hardware", STRIX]
    assert main([*argv, "--backend", "vulkan", "--uncalibrated"]) == 0
    assert "llama.cpp (Vulkan)" in capsys.readouterr().out
    assert main([*argv, "--backend", "tpu", "--uncalibrated"]) != 0
    assert "backend" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "backend"), [
    ("ROCm 7.2.3 fa=1 mmap=0", "rocm"), ("ROCm/HIP hipBLASLt", "rocm"),
    ("llama.cpp-hip hipblaslt=1 (ROCm/HIP)", "rocm"),
    ("Vulkan RADV fa=1 mmap=0", "vulkan"), ("llama.cpp-vulkan_amdvlk (Vulkan AMDVLK)", "vulkan"),
    ("Vulkan (RADV), fa off", "vulkan"), ("CUDA, -fa 0", "cuda"), ("Metal,BLAS fa=1", "metal"),
    ("LM Studio (MLX)", "metal"), ("SYCL", "sycl"), ("CPU", "cpu"),
    ("NVIDIA NIM 1.8.0 (Llama-3.3-70b-instruct container)", None), ("", None), (None, None),
])
def test_a_free_text_backend_is_read_as_the_enum(text, backend) -> None:
    assert backend_from_text(text) == backend


def test_choose_backend_reads_aliases() -> None:
    d, e = K.devices.get(STRIX), K.engines.get("llama.cpp")
    assert choose_backend(K, "HIP", e, d).id == "rocm"
    assert choose_backend(K, "AMDVLK", e, d).id == "vulkan"
    assert choose_backend(K, None, e, d).id == "rocm"


# --- broken backends.yaml ------------------------------------------------------------------------


def _broken(tmp_path: Path, mutate) -> Path:
    for name in KNOWLEDGE.iterdir():
        if name.suffix == ".yaml":
            shutil.copy(name, tmp_path / name.name)
    data = yaml.safe_load((KNOWLEDGE / "backends.yaml").read_text(encoding="utf-8"))
    mutate(data["backends"])
    (tmp_path / "backends.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


def _vulkan(items: list) -> dict:
    return next(b for b in items if b["id"] == "vulkan")


@pytest.mark.parametrize(("mutate", "needles"), [
    (lambda items: _vulkan(items)["factors"][0].update(kv_bandwidth=-1), ["backends.yaml", "vulkan", "kv_bandwidth"]),
    (lambda items: _vulkan(items)["factors"][0].update(speed=2), ["backends.yaml", "vulkan", "speed"]),
    (lambda items: _vulkan(items)["factors"][0].pop("source"), ["backends.yaml", "vulkan", "source"]),
    (lambda items: _vulkan(items)["factors"][0].update(family="apple"), ["backends.yaml", "vulkan", "apple"]),
    (lambda items: _vulkan(items).update(id="opencl"), ["backends.yaml", "opencl", "id"]),
    (lambda items: _vulkan(items).update(default_for=["amd_consumer"], families=["amd_consumer"], factors=[]),
     ["backends.yaml", "vulkan", "default_for", "rocm"]),
    (lambda items: _vulkan(items)["engines"].append("llama-cpp-turbo"), ["backends.yaml", "vulkan", "llama-cpp-turbo"]),
    (lambda items: _vulkan(items)["factors"][0]["gqa_packing"].update(heads_per_pass=[8, 4]),
     ["backends.yaml", "vulkan", "heads_per_pass or max_group"]),
    (lambda items: _vulkan(items)["factors"][0]["gqa_packing"].update(reread_share=1.5),
     ["backends.yaml", "vulkan", "reread_share"]),
])
def test_a_broken_backend_entry_names_file_entry_and_field(tmp_path: Path, mutate, needles) -> None:
    with pytest.raises(KnowledgeError) as err:
        load(_broken(tmp_path, mutate))
    for needle in needles:
        assert needle in str(err.value)


# --- calibrate records the backend it measured on ------------------------------------------------

LLAMA_BENCH_VULKAN = """| model                  |       size |   params | backend | ngl | fa |  test |           t/s |
| ---------------------- | ---------: | -------: | ------- | --: | -: | ----: | ------------: |
| gpt-oss 120B MXFP4 MoE |  59.02 GiB | 116.83 B | Vulkan  |  99 |  1 | pp512 | 560.00 ± 2.00 |
| gpt-oss 120B MXFP4 MoE |  59.02 GiB | 116.83 B | Vulkan  |  99 |  1 | tg128 |  50.00 ± 0.10 |

build: 0253fb21f (9187)
"""


def test_calibrate_records_the_backend_and_applies_only_to_it() -> None:
    import datetime as dt

    from bot.core import calibration as cal

    c, report = cal.from_text(K, LLAMA_BENCH_VULKAN, cal.Request(model="gpt-oss-120b", hardware=STRIX),
                              today=dt.date(2026, 12, 3))
    assert report.backend_label == "Vulkan" and c.backend == "vulkan"
    kw = dict(engine="llama.cpp", input_tokens=512)
    on_vulkan = sizing.estimate(K, EstimateRequest(model="gpt-oss-120b", quant="MXFP4", hardware=STRIX,
                                                   backend="vulkan", **kw), [c])
    on_rocm = sizing.estimate(K, EstimateRequest(model="gpt-oss-120b", quant="MXFP4", hardware=STRIX, **kw), [c])
    assert on_vulkan.calibration is not None and on_vulkan.prefill_tokens_per_s == pytest.approx(560, rel=0.05)
    assert on_rocm.calibration is None  # a Vulkan measurement says nothing about the ROCm build
