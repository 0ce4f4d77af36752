"""Engine builds: reading a build from a number or a date, the dated llama.cpp milestones a build lacks, what an
older build costs a MoE prompt (per routed expert, so 128 small experts pay more than 16 large ones), what it
leaves alone (decode, dense models, other backends, the current build), calibrate reading the build llama-bench
printed, the estimate CLI's --build, and broken engine_builds.yaml entries."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from bot.core import sizing
from bot.core.builds import choose_build, parse_build
from bot.core.knowledge import KnowledgeError, load
from bot.core.sizing import EstimateRequest

K = load()
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
STRIX = "Ryzen AI Max+ 395"
LLAMA = K.engines.get("llama.cpp")


def _prefill(model: str, quant: str, *, build: str | None = None, backend: str | None = None,
             hardware: str = STRIX) -> float:
    est = sizing.estimate(K, EstimateRequest(model=model, quant=quant, hardware=hardware, engine="llama.cpp",
                                             backend=backend, build=build, input_tokens=512, context=4096))
    assert est.prefill_tokens_per_s
    return est.prefill_tokens_per_s


def _decode(model: str, quant: str, *, build: str | None = None, backend: str | None = None) -> float:
    est = sizing.estimate(K, EstimateRequest(model=model, quant=quant, hardware=STRIX, engine="llama.cpp",
                                             backend=backend, build=build, context=4096))
    assert est.decode_tokens_per_s
    return est.decode_tokens_per_s


@pytest.mark.parametrize(("text", "number", "date"), [
    ("b5863", 5863, None), ("~b5863", 5863, None), ("b7938 (e0c93af2a)", 7938, None), ("6096", 6096, None),
    ("2025-07", None, dt.date(2025, 7, 1)), ("2025-08-07", None, dt.date(2025, 8, 7)),
    ("2025-07 (lhl sweeps)", None, dt.date(2025, 7, 1)), ("", None, None), (None, None, None),
])
def test_a_build_is_read_from_a_number_or_a_date(text, number, date) -> None:
    assert parse_build(text) == (number, date)


def test_a_build_before_the_milestones_lacks_them_and_a_later_one_does_not() -> None:
    rocm, vulkan, cuda = (K.backends.get(b) for b in ("rocm", "vulkan", "cuda"))
    old = choose_build(K, "b5863", LLAMA, rocm)
    assert old is not None and sorted(m.pr for m in old.lacks) == [15525, 16130]
    assert [m.pr for m in choose_build(K, "2025-07", LLAMA, vulkan).lacks] == [15524]
    assert choose_build(K, "b6767", LLAMA, rocm).lacks == ()  # October 2025: has both
    assert choose_build(K, "2025-10-15", LLAMA, vulkan).lacks == ()
    assert choose_build(K, "b5863", LLAMA, cuda).lacks == ()  # no CUDA milestone: its size there is not known
    assert choose_build(K, None, LLAMA, rocm) is None and choose_build(K, "current", LLAMA, rocm) is None


def test_a_build_that_is_neither_number_nor_date_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="build"):
        choose_build(K, "last summer", LLAMA, K.backends.get("rocm"))


def test_an_old_build_runs_many_small_experts_prompts_about_half_as_fast() -> None:
    """July 2025 builds: Qwen3-30B-A3B (128 experts x 48 layers) pp512 about half the current build's on ROCm
    (se-108 measured 552 t/s where the current build's prediction is ~1,090), GLM-4.5-Air on Vulkan under half."""
    now, old = _prefill("qwen3-30b-a3b", "UD-Q4_K_XL"), _prefill("qwen3-30b-a3b", "UD-Q4_K_XL", build="2025-07")
    assert 0.4 < old / now < 0.6
    now_v = _prefill("glm-4.5-air", "UD-Q4_K_XL", backend="vulkan")
    old_v = _prefill("glm-4.5-air", "UD-Q4_K_XL", backend="vulkan", build="b5863")
    assert 0.35 < old_v / now_v < 0.6


def test_few_large_experts_barely_pay_for_an_old_build() -> None:
    """Llama-4-Scout's 16 experts pay an eighth of a 128-expert model's cost per layer on FLOPs ~5x larger: the
    same-build row (sd-084) reads within 2% of the current model."""
    now, old = _prefill("llama-4-scout", "UD-Q4_K_XL"), _prefill("llama-4-scout", "UD-Q4_K_XL", build="2025-07")
    assert 0.9 < old / now < 1.0


def test_an_old_build_leaves_decode_dense_models_and_cuda_alone() -> None:
    """Decode: only the ROCm build's MoE router launches (PR #16130) move it; Vulkan's July 2025 MoE decode is left."""
    assert (_decode("qwen3-30b-a3b", "UD-Q4_K_XL", build="b5863", backend="vulkan")
            == _decode("qwen3-30b-a3b", "UD-Q4_K_XL", backend="vulkan"))
    assert _decode("llama-2-7b", "Q4_0", build="b5863") == _decode("llama-2-7b", "Q4_0")
    assert _prefill("llama-2-7b", "Q4_0", build="b5863") == _prefill("llama-2-7b", "Q4_0")
    assert (_prefill("qwen3-30b-a3b", "Q4_K_M", build="b5863", hardware="RTX 4090")
            == _prefill("qwen3-30b-a3b", "Q4_K_M", hardware="RTX 4090"))


def test_the_estimate_names_the_build_and_says_what_it_lacks() -> None:
    est = sizing.estimate(K, EstimateRequest(model="qwen3-30b-a3b", quant="UD-Q4_K_XL", hardware=STRIX,
                                             engine="llama.cpp", build="b5863"))
    assert est.build == "b5863"
    assert any("15525" in n and "MoE prompts" in n for n in est.notes)
    assert any("16130" in n and "MoE decode" in n for n in est.notes)
    current = sizing.estimate(K, EstimateRequest(model="qwen3-30b-a3b", quant="UD-Q4_K_XL", hardware=STRIX,
                                                 engine="llama.cpp"))
    assert current.build is None and not any("predates" in n for n in current.notes)


def test_the_cli_takes_build_and_shows_it(capsys) -> None:
    from bot.cli import main

    argv = ["estimate", "--model", "qwen3-30b-a3b", "--quant", "UD-Q4_K_XL", "--engine", "llama.cpp",
            "--hardware", STRIX, "--uncalibrated"]
    assert main([*argv, "--build", "b5863"]) == 0
    assert "build b5863" in capsys.readouterr().out
    assert main([*argv, "--build", "last summer"]) != 0
    assert "build" in capsys.readouterr().err


LLAMA_BENCH_JULY = """| model                          |      size |  params | backend | ngl |  test |           t/s |
| ------------------------------ | --------: | ------: | ------- | --: | ----: | ------------: |
| qwen3moe 30B.A3B Q4_K - Medium | 16.47 GiB | 30.53 B | ROCm    |  99 | pp512 | 550.00 ± 3.00 |
| qwen3moe 30B.A3B Q4_K - Medium | 16.47 GiB | 30.53 B | ROCm    |  99 | tg128 |  64.00 ± 0.10 |

build: 8cf427ff (5863)
"""


def test_calibrate_predicts_for_the_build_it_measured_so_a_current_estimate_is_not_slowed() -> None:
    """A pp512 of 550 t/s on b5863 is about what the old build's model predicts: the calibration factor stays near
    1, and an estimate for the current build keeps (about) the current build's figure instead of halving it."""
    from bot.core import calibration as cal

    c, _ = cal.from_text(K, LLAMA_BENCH_JULY, cal.Request(model="qwen3-30b-a3b", quant="UD-Q4_K_XL", hardware=STRIX),
                         today=dt.date(2026, 12, 3))
    assert c.build == "8cf427ff (5863)"
    prefill = next(p for p in c.points if p.kind == "prefill")
    assert 0.8 < prefill.factor < 1.25
    req = EstimateRequest(model="qwen3-30b-a3b", quant="UD-Q4_K_XL", hardware=STRIX, engine="llama.cpp",
                          input_tokens=512)
    calibrated = sizing.estimate(K, req, [c]).prefill_tokens_per_s
    assert calibrated and calibrated > 1.5 * 550


def test_the_bench_reads_each_rows_build() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from accuracy_rows import row_build

    assert row_build({"engine": "llama.cpp", "engine_version": "b7938 (e0c93af2a)", "date": "2026-02-04"}) == "b7938"
    assert row_build({"engine_version": "~b5863", "source": "x"}) == "b5863"
    assert row_build({"date": "2025-07 (lhl/strix-halo-testing llm-bench sweeps)", "source": "x"}) == "2025-07"
    assert row_build({"date": "undated: lhl", "source": "README (Framework Desktop, mid-2025 builds)"}) == "2025-07"
    assert row_build({"date": "undated", "source": "table (Framework Desktop, July 2025 builds)"}) == "2025-07"
    assert row_build({"engine_version": "f5acfb2ff", "date": "undated: AGENTS.md", "source": "x"}) is None
    assert row_build({"engine": "vllm", "engine_version": "v0.11.0", "date": "2025-10-01", "source": "x"}) is None


# --- broken engine_builds.yaml ---------------------------------------------------------------------


def _broken(tmp_path: Path, mutate) -> Path:
    for name in KNOWLEDGE.iterdir():
        if name.suffix == ".yaml":
            shutil.copy(name, tmp_path / name.name)
    data = yaml.safe_load((KNOWLEDGE / "engine_builds.yaml").read_text(encoding="utf-8"))
    mutate(data["milestones"][0])
    (tmp_path / "engine_builds.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("mutate", "needles"), [
    (lambda m: m.update(before_us_per_expert=-5), ["engine_builds.yaml", "llama.cpp-vulkan", "before_us_per_expert"]),
    (lambda m: m.pop("source"), ["engine_builds.yaml", "llama.cpp-vulkan", "source"]),
    (lambda m: m.update(merged="last summer"), ["engine_builds.yaml", "llama.cpp-vulkan", "merged"]),
    (lambda m: m.update(effect="faster"), ["engine_builds.yaml", "llama.cpp-vulkan", "effect"]),
    (lambda m: m.update(speedup=2), ["engine_builds.yaml", "llama.cpp-vulkan", "speedup"]),
    (lambda m: m.update(backends=["opencl"]), ["engine_builds.yaml", "llama.cpp-vulkan", "backends"]),
    (lambda m: m.update(engine="llama-cpp-turbo"), ["engine_builds.yaml", "llama.cpp-vulkan", "llama-cpp-turbo"]),
    (lambda m: m.update(engine="vllm"), ["engine_builds.yaml", "llama.cpp-vulkan", "backends", "vulkan"]),
])
def test_a_broken_milestone_names_file_entry_and_field(tmp_path: Path, mutate, needles) -> None:
    with pytest.raises(KnowledgeError) as err:
        load(_broken(tmp_path, mutate))
    for needle in needles:
        assert needle in str(err.value)
