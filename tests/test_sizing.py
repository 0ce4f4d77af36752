"""Sizing engine: properties (hypothesis) and specific cases, through the public functions and the CLI."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.cli import main as cli_main
from bot.core import sizing_moe as moe
from bot.core import sizing_physics as phys
from bot.core import sizing_time as timing
from bot.core.catalog_lookup import choose_engine, resolve_device, resolve_model
from bot.core.knowledge import NotFound, load
from bot.core.setup import Setup
from bot.core.sizing import (
    EstimateRequest,
    estimate,
    min_devices,
    replica_throughput,
    single_stream,
)

K = load()
MODELS = [m.id for m in K.models]
QUANTS = [q.id for q in K.quants]
DEVICES = [d.id for d in K.devices]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PUBLIC_KEYS = {
    "model",
    "quant",
    "hardware",
    "gpus",
    "engine",
    "weights_gb",
    "kv_cache_gb",
    "total_gb",
    "fits",
    "decode_tokens_per_s",
    "prefill_tokens_per_s",
    "serving_output_tokens_per_s",
    "notes",
}


def _runs(quant_id: str, device_id: str) -> bool:
    try:
        choose_engine(K, None, K.quants.get(quant_id), K.devices.get(device_id))
    except ValueError:
        return False
    return True


def _engine_for(quant_id: str, device_id: str):
    q, d = K.quants.get(quant_id), K.devices.get(device_id)
    if q.format == "gguf" or q.bits_per_weight >= 16:
        return K.engines.get("mlx" if d.unified and q.format != "gguf" else "llama.cpp")
    return K.engines.get("mlx" if d.unified else "vllm")


def _finite_nonneg(x) -> bool:
    return x is None or (isinstance(x, bool)) or (math.isfinite(x) and x >= 0)


# --- properties --------------------------------------------------------------------------------


@FAST
@given(st.sampled_from(MODELS), st.sampled_from(QUANTS), st.integers(1, 200_000), st.integers(1, 400_000))
def test_memory_never_decreases_with_context(model, quant, c1, c2):
    lo, hi = sorted((c1, c2))
    a = estimate(K, EstimateRequest(model=model, quant=quant, context=lo))
    b = estimate(K, EstimateRequest(model=model, quant=quant, context=hi))
    assert b.kv_cache_gb >= a.kv_cache_gb and b.total_gb >= a.total_gb


@FAST
@given(st.sampled_from(MODELS), st.sampled_from(QUANTS), st.integers(1, 512), st.integers(1, 512))
def test_memory_never_decreases_with_concurrency(model, quant, n1, n2):
    lo, hi = sorted((n1, n2))
    a = estimate(K, EstimateRequest(model=model, quant=quant, concurrency=lo))
    b = estimate(K, EstimateRequest(model=model, quant=quant, concurrency=hi))
    assert b.total_gb >= a.total_gb


@FAST
@given(
    st.sampled_from(MODELS),
    st.sampled_from(QUANTS),
    st.sampled_from(DEVICES),
    st.sampled_from([1, 2, 4, 8]),
    st.integers(1, 131_072),
    st.sampled_from([None, 1, 7, 64, "max"]),
)
def test_no_negative_nan_or_infinite_figure(model, quant, device, gpus, context, concurrency):
    d = K.devices.get(device)
    if d.unified:
        gpus = 1
    try:
        e = estimate(
            K,
            EstimateRequest(
                model=model, quant=quant, hardware=device, gpus=gpus, context=context, concurrency=concurrency
            ),
        )
    except ValueError as err:  # an engine/format combination refused with a sentence
        assert ":" in str(err)
        return
    for value in e.model_dump().values():
        if isinstance(value, float | int):
            assert _finite_nonneg(value)


@FAST
@given(st.sampled_from(MODELS), st.sampled_from(QUANTS), st.sampled_from(DEVICES), st.integers(1, 32_768))
def test_decode_never_beats_the_bandwidth_roofline(model, quant, device, context):
    m, q, d = K.models.get(model), K.quants.get(quant), K.devices.get(device)
    tps, place = single_stream(K, Setup(m, q, d, _engine_for(quant, device)), context_tokens=context)
    if tps is None:
        return
    roofline = d.bandwidth_gbps * 1e9 / (phys.streamed_bytes(m, q) * (1 - place.offload_fraction))
    assert tps <= roofline


@FAST
@given(st.sampled_from(MODELS), st.sampled_from(QUANTS), st.sampled_from([d for d in DEVICES if "apple" not in d]))
def test_more_gpus_never_reduce_memory_available(model, quant, device):
    assume(_runs(quant, device))  # e.g. no engine runs safetensors on a CPU-only server or GGUF on Gaudi
    avail = [
        estimate(K, EstimateRequest(model=model, quant=quant, hardware=device, gpus=n)).available_gb
        for n in (1, 2, 4, 8)
    ]
    assert avail == sorted(avail)


# --- specific cases ------------------------------------------------------------------------------


def test_llama3_70b_q4km_on_one_4090_needs_offload_and_is_slow():
    e = estimate(K, EstimateRequest(model="Llama 3 70B", quant="Q4_K_M", hardware="RTX 4090"))
    assert e.fit_mode == "cpu_offload" and 0.3 < e.offload_fraction < 0.6
    assert 1 <= e.decode_tokens_per_s <= 6
    assert any("system RAM" in n for n in e.notes)


def test_llama3_70b_q4km_on_two_4090s_fits_by_layer_split():
    e = estimate(K, EstimateRequest(model="Llama 3 70B", quant="Q4_K_M", hardware="RTX 4090", gpus=2))
    assert e.fits is True and e.fit_mode == "layer_split"
    assert 12 <= e.decode_tokens_per_s <= 25


def test_mixtral_decodes_faster_than_a_dense_model_of_its_size():
    mix = K.models.get("Mixtral 8x7B")
    assert mix.moe is not None
    # the same parameters in one dense feed-forward block per layer (every expert, always active)
    wide = mix.moe.experts * mix.moe.expert_ffn_size
    dense = mix.model_copy(update={"moe": None, "ffn_size": wide, "id": "dense-47b"})
    q, d, eng = K.quants.get("Q4_K_M"), K.devices.get("A100 80GB"), K.engines.get("llama.cpp")
    fast, _ = single_stream(K, Setup(mix, q, d, eng), context_tokens=512)
    slow, _ = single_stream(K, Setup(dense, q, d, eng), context_tokens=512)
    assert fast > 2 * slow
    assert phys.weight_bytes(mix, q) == pytest.approx(phys.weight_bytes(dense, q), rel=1e-3)  # memory holds all experts


def test_bare_sizes_resolve():
    assert resolve_model(K, "8x7B").id == "mixtral-8x7b"
    assert "70" in resolve_model(K, "70B").name
    assert resolve_model(K, "7B").params_b == pytest.approx(7, rel=0.12)


def test_apple_unified_memory_share_and_option():
    _, gb = resolve_device(K, "M2 Max 64GB")
    assert gb == 64
    e = estimate(K, EstimateRequest(model="Llama 3 70B", quant="Q4_K_M", hardware="M2 Max 64GB"))
    assert e.available_gb == pytest.approx(64 * 2**30 * 0.75 / 1e9, rel=1e-3)
    assert any("iogpu.wired_limit_mb" in n for n in e.notes)


@pytest.mark.parametrize(
    "kind, kwargs",
    [
        ("model", {"model": "Llama 9 900B"}),
        ("quantisation", {"quant": "Q9_Z"}),
        ("hardware", {"hardware": "GTX 9999 Ultra"}),
    ],
)
def test_unknown_names_raise_not_found_with_suggestions(kind, kwargs):
    req = {"model": "Llama 3 8B", "quant": "Q4_K_M", **kwargs}
    with pytest.raises(NotFound) as err:
        estimate(K, EstimateRequest(**req))
    assert err.value.kind == kind and err.value.suggestions


def test_nonsense_combinations_are_refused_naming_the_field():
    with pytest.raises(ValueError, match="engine"):
        estimate(K, EstimateRequest(model="Llama 3 8B", quant="Q4_K_M", hardware="RTX 4090", engine="mlx"))
    with pytest.raises(ValueError, match="quant"):
        estimate(K, EstimateRequest(model="Llama 3 8B", quant="Q4_K_M", hardware="H100", engine="trtllm"))
    with pytest.raises(ValueError, match="gpus"):
        estimate(K, EstimateRequest(model="Llama 3 8B", quant="Q4_K_M", hardware="M2 Ultra", gpus=2))


def test_serving_max_concurrency_is_bounded_by_kv_memory():
    m, q, d = K.models.get("Llama 3.1 8B"), K.quants.get("FP8"), K.devices.get("H100 SXM")
    eng = K.engines.get("vllm")
    full = replica_throughput(K, Setup(m, q, d, eng), input_tokens=1000, output_tokens=1000)
    one = replica_throughput(K, Setup(m, q, d, eng), input_tokens=1000, output_tokens=1000, concurrency=1)
    assert 1 < full.concurrency <= eng.max_batch
    assert full.output_tokens_per_s > 10 * one.output_tokens_per_s
    assert full.decode_tokens_per_s < one.decode_tokens_per_s


def test_min_devices():
    q, d, eng = K.quants.get("FP8"), K.devices.get("H100 SXM"), K.engines.get("vllm")
    assert min_devices(Setup(K.models.get("Llama 3.1 8B"), q, d, eng), context=4096) == 1
    assert min_devices(Setup(K.models.get("Llama 3.1 70B"), K.quants.get("F16"), d, eng), context=4096) == 2
    assert min_devices(Setup(K.models.get("Llama 3.1 405B"), K.quants.get("F16"), d, eng), context=4096) is None


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_json_has_every_public_key(capsys):
    code = cli_main(
        [
            "estimate",
            "--model",
            "Llama 3.1 8B",
            "--quant",
            "FP8",
            "--hardware",
            "H100 SXM",
            "--concurrency",
            "max",
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and set(out) >= PUBLIC_KEYS
    assert out["fits"] is True and out["serving_output_tokens_per_s"] > 1000


def test_cli_without_hardware_gives_nulls(capsys):
    assert cli_main(["estimate", "--model", "70B", "--quant", "Q4_K_M", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fits"] is None and out["decode_tokens_per_s"] is None and out["weights_gb"] > 40


def test_cli_text_is_short(capsys):
    assert cli_main(["estimate", "--model", "8x7B", "--quant", "Q4_K_M", "--hardware", "RTX 3090"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) <= 25


@pytest.mark.parametrize(
    "args",
    [
        ["--model", "nope-9000", "--quant", "Q4_K_M"],
        ["--model", "70B", "--quant", "Q4_K_M", "--hardware", "Voodoo 2"],
        ["--model", "70B", "--quant", "Q4_K_M", "--concurrency", "-3"],
        ["--model", "70B", "--quant", "Q4_K_M", "--gpus", "0"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args):
    proc = subprocess.run([sys.executable, "-m", "bot", "estimate", *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_m1_generation_dequantises_slower_than_later_apple_gpus():
    llama = K.engines.get("llama.cpp")
    m1_max, m3_max = K.devices.get("M1 Max"), K.devices.get("M3 Max (40-core GPU)")
    assert timing.alu_efficiency(m1_max, llama) < timing.alu_efficiency(m3_max, llama)
    # the prefix is a generation, not a substring: "apple-m1" must not catch a hypothetical "apple-m10"
    assert timing.alu_efficiency(m1_max.model_copy(update={"id": "apple-m10-max"}), llama) == pytest.approx(
        timing.alu_efficiency(m3_max, llama)
    )


def test_multi_die_does_not_slow_the_alus():
    llama = K.engines.get("llama.cpp")
    ultra = K.devices.get("M2 Ultra")
    one_die = ultra.model_copy(update={"dies": 1})
    model, quant = resolve_model(K, "Llama 3 70B"), K.quants.get("Q4_K_M")
    assert timing.alu_s(Setup(model, quant, ultra, llama), params=7e10, split=1) == timing.alu_s(
        Setup(model, quant, one_die, llama), params=7e10, split=1
    )
    assert timing.effective_bandwidth(ultra, llama) < timing.effective_bandwidth(one_die, llama)


def test_tensor_parallel_all_reduce_grows_with_batch_and_devices():
    trt = K.engines.get("tensorrt-llm")
    h100, model = K.devices.get("H100 SXM"), resolve_model(K, "Llama 3.1 405B")
    on = Setup(model, K.quants.get("FP8"), h100, trt)  # the format plays no part in the all-reduce
    assert moe.allreduce_s(on, tokens=256) == 0.0
    eight = on.with_devices(8)
    small, big = moe.allreduce_s(eight, tokens=16), moe.allreduce_s(eight, tokens=256)
    assert 0.0 < small < big
    assert moe.allreduce_s(on.with_devices(2), tokens=256) < big


def test_every_displayed_memory_figure_is_decimal_gb():
    est = estimate(K, EstimateRequest(model="Llama 3 70B", quant="Q4_K_M", hardware="M3 Max (40-core GPU)"))
    usable = f"{est.available_gb:.1f} GB"
    assert est.available_gb == pytest.approx(128 * 2**30 * 0.75 / 1e9, abs=0.01)
    assert any(usable in note for note in est.notes), est.notes  # the note and the total agree
    assert any("137.4 GB" in note and "decimal" in note for note in est.notes), est.notes


@pytest.mark.parametrize(
    ("model", "quant", "hardware", "context", "fits"),
    [
        ("Llama 3 8B", "Q4_K_M", "M1 8GB", 2048, True),  # runs on an 8 GB M1 (XiongjieDai table)
        ("Llama 3 8B", "Q8_0", "M1 8GB", 2048, False),
        ("Llama 3 8B", "Q8_0", "M2 16GB", 8192, True),
        ("Llama 3.1 8B", "BF16", "RTX 4090", 32768, True),  # vLLM holds one 32k sequence on 24 GB
        ("Llama 3.1 8B", "BF16", "RTX 4090", 65536, False),
    ],
)
def test_fits_on_small_macs_and_24gb_gpus_with_long_contexts(model, quant, hardware, context, fits):
    est = estimate(K, EstimateRequest(model=model, quant=quant, hardware=hardware, context=context))
    assert est.fits is fits, (est.total_gb, est.available_gb)
    assert (est.total_gb <= est.available_gb) is fits


@pytest.mark.parametrize(("device", "engine"), [("epyc-9965", "llama.cpp"), ("xeon-6980p", "llama.cpp")])
def test_the_default_engine_is_one_that_runs_there(device, engine):
    """MXFP4 with no engine named: vLLM is the usual engine for it, but not on a CPU-only server, where llama.cpp
    runs it (as its MXFP4_MOE GGUF); the answer is an estimate, not 'vLLM does not run on EPYC'."""
    q, d = K.quants.get("mxfp4"), K.devices.get(device)
    chosen, stored, _ = choose_engine(K, None, q, d)
    assert chosen.id == engine and stored.format == "gguf"
    assert choose_engine(K, None, q, K.devices.get("h100-sxm"))[0].id == "vllm"  # the usual one where it runs
    with pytest.raises(ValueError, match="engine: vLLM does not run"):
        choose_engine(K, "vllm", q, d)  # a named engine is never swapped


def test_no_engine_loads_a_safetensors_awq_quant_on_a_cpu_server():
    with pytest.raises(ValueError, match="does not run on"):
        choose_engine(K, None, K.quants.get("awq"), K.devices.get("epyc-9965"))
