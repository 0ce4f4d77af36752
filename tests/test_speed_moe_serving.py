"""Serving physics of multi-GPU MoE replicas: where the KV cache lives under tensor parallelism, attention data
parallelism, NVFP4 on the B200, NVLink generations, and TensorRT-LLM's per-sequence step cost (issue #14)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.core import sizing
from bot.core import sizing_moe as moe
from bot.core import sizing_physics as phys
from bot.core import sizing_time as timing
from bot.core.knowledge import load
from bot.core.setup import Setup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))  # bench/ holds plain scripts, not a package
from accuracy_rows import speed_row

K = load()
DS, QWEN235, LLAMA70, DENSE8 = (K.models.get(n) for n in ("deepseek-r1", "qwen3-235b-a22b", "llama-3.3-70b",
                                                           "llama-3.1-8b"))


def _setup(model, quant="FP8", device="H200", engine="vllm", n=1, **kw) -> Setup:
    return Setup(model, K.quants.get(quant), K.devices.get(device), K.engines.get(engine), n, **kw)


def test_kv_heads_are_split_until_each_rank_has_one_then_replicated() -> None:
    """vLLM keeps max(1, kv_heads // tp) KV heads per GPU: Qwen3-235B-A22B's 4 heads fill 4 GPUs once, 8 GPUs
    twice; a latent-attention model (one latent per token that every head reads) is held whole on every GPU."""
    assert QWEN235.kv_heads == 4
    assert phys.kv_copies(_setup(QWEN235, n=1)) == 1.0
    assert phys.kv_copies(_setup(QWEN235, n=4)) == 1.0
    assert phys.kv_copies(_setup(QWEN235, n=8)) == 2.0
    assert phys.kv_copies(_setup(DS, n=8)) == 8.0
    assert phys.kv_copies(_setup(LLAMA70, n=8)) == 1.0  # 8 KV heads over 8 GPUs: one each, no copy
    assert phys.kv_copies(_setup(DS, n=8, attention_dp=True)) == 1.0  # each rank caches only its own sequences


def test_replicated_kv_lowers_the_batch_that_fits_and_slows_the_step() -> None:
    tp8, tp4 = _setup(QWEN235, n=8), _setup(QWEN235, n=4)
    tokens = 4096
    per_seq = phys.kv_bytes(QWEN235, "f16", tokens)
    free8 = 8 * (phys.usable_bytes(tp8, weights_per_device=0) - phys.overhead_bytes(QWEN235, tp8.device, tp8.engine))
    free8 -= phys.weight_bytes(QWEN235, tp8.quant)
    # 8 GPUs hold each head twice: half the sequences a naive split of the free memory would give
    assert sizing.max_batch(tp8, tokens=tokens, kv_dtype="f16") == pytest.approx(free8 / per_seq / 2, abs=1)
    assert sizing.max_batch(tp4, tokens=tokens, kv_dtype="f16") > 0
    # the step streams each rank's copy: DeepSeek's latent cache on 8 GPUs costs 8x its share
    place = phys.place(_setup(DS, n=8), kv_bytes=0.0)
    steps = [timing.decode_step(s, placement=place, kv_tokens=4000, kv_dtype="f16", batch=256)
             for s in (_setup(DS, n=8), _setup(DS, n=8, attention_dp=True))]
    assert steps[0].memory_s > steps[1].memory_s


def test_attention_data_parallel_fits_more_deepseek_sequences_but_holds_attention_whole() -> None:
    tp, dp = _setup(DS, n=8), _setup(DS, n=8, attention_dp=True)
    assert sizing.max_batch(dp, tokens=4200, kv_dtype="f16") > 4 * sizing.max_batch(tp, tokens=4200, kv_dtype="f16")
    whole = phys.replicated_attention_bytes(dp)
    assert whole == pytest.approx(DS.split.attention * 1.0, rel=0.01)  # FP8: one byte per weight
    assert phys.replicated_attention_bytes(tp) == 0.0
    # every rank reads all attention projections each step
    assert moe.device_weight_bytes(dp, batch=64, split=8) > moe.device_weight_bytes(tp, batch=64, split=8)
    assert dp.with_devices(4).attention_dp and dp.with_memory(100.0).attention_dp


def test_nvfp4_runs_at_the_b200_fp4_tensor_rate() -> None:
    """The HGX B200 datasheet gives 9 PF dense FP4 per GPU, twice its FP8: an NVFP4 prompt on TensorRT-LLM
    prefills well above the FP8 one (it ran at the FP16 rate when the catalog lacked the figure)."""
    b200 = K.devices.get("b200")
    assert b200.fp4_tflops == 2 * b200.fp8_tflops
    fp4, fp8 = (sizing.prefill_rate(_setup(LLAMA70, q, "B200", "tensorrt-llm"), tokens=8192)
                for q in ("NVFP4", "FP8"))
    assert fp4 is not None and fp8 is not None and fp4 > 1.4 * fp8  # FP4 GEMMs at 0.8 of their share


def test_all_reduce_moves_bytes_at_the_nvlink_generation_rate() -> None:
    """NVLink 3 (A100, 600 GB/s), 4 (H100/H200, 900) and 5 (B200, 1800): the bandwidth part of a large all-reduce
    scales inversely; the latency part per collective stays."""
    tokens = 4096
    a100, h100, b200 = (_setup(LLAMA70, "BF16", d, "tensorrt-llm", n=8) for d in ("A100 SXM 80GB", "H100 SXM", "B200"))
    latency = moe.allreduce_s(h100, tokens=0)
    assert moe.allreduce_s(a100, tokens=0) == latency == moe.allreduce_s(b200, tokens=0)
    bytes_h100 = moe.allreduce_s(h100, tokens=tokens) - latency
    assert moe.allreduce_s(b200, tokens=tokens) - latency == pytest.approx(bytes_h100 / 2)
    assert moe.allreduce_s(a100, tokens=tokens) - latency == pytest.approx(bytes_h100 * 1.5)
    # a PCIe 4.0 x16 box keeps the engine's PCIe figure (tests/test_speed_pcie.py: other PCIe links)
    assert moe.link_gbps(_setup(LLAMA70, "FP8", "L40S", "tensorrt-llm", n=4)) == pytest.approx(K.engines.get(
        "tensorrt-llm").allreduce_gbps["pcie"])


def test_tensorrt_llm_pays_per_sequence_in_every_step() -> None:
    s = _setup(DENSE8, "FP8", "B200", "tensorrt-llm")
    place = phys.place(s, kv_bytes=0.0)
    per_seq = K.engines.get("tensorrt-llm").per_sequence_overhead_us / 1e6
    small, large = (timing.decode_step(s, placement=place, kv_tokens=128, kv_dtype="fp8", batch=b).seconds
                    for b in (1000, 2000))
    assert per_seq > 0 and large - small >= 1000 * per_seq


def test_a_row_that_says_dp_attention_is_scored_with_it() -> None:
    base = dict(id="x", kind="serving", model="DeepSeek-R1", quant="FP8", engine="sglang", hardware="H200", gpus=8,
                measured=1.0, source="s", input_tokens=1000, output_tokens=1000)
    assert speed_row({**base, "parallel": "TP8 + DP attention"}).attention_dp
    assert speed_row({**base, "parallel": "TP8 EP8 + attention DP"}).attention_dp
    assert not speed_row({**base, "parallel": "TP8 EP8"}).attention_dp
    assert not speed_row(base).attention_dp


def test_a_second_gpu_slows_single_stream_gpt_oss_on_vllm() -> None:
    """vllm issue #22331: gpt-oss-120b decodes 88-90 tok/s on one A100 and 77 on two; at batch 1 the 72 all-reduces
    of a two-GPU step cost more than the halved weight stream saves."""
    oss = K.models.get("gpt-oss-120b")
    one, two = (sizing.single_stream(K, _setup(oss, "MXFP4", "A100 SXM 80GB", "vllm", n=n), context_tokens=256)[0]
                for n in (1, 2))
    assert one is not None and two is not None and two < one


def test_a100_bf16_gemms_reach_more_of_their_peak_than_quantized_or_expert_gemms() -> None:
    """vLLM and SGLang multiply BF16 weights with cuBLAS, which reaches 0.45 of an A100's 312 TFLOPS: the gpustack
    ShareGPT runs need at least 0.34-0.46 of peak for their weight GEMMs alone (Qwen3-14B, 11.3 PFLOP in 79-107 s).
    A dequantising GEMM (AWQ Marlin, FP8 weight-only on an A100) and the routed experts' fused-MoE kernels keep the
    family's 0.3; an H100 keeps 0.3 for all of them."""
    q14 = K.models.get("qwen3-14b")
    for engine in ("vllm", "sglang"):
        bf16, awq = _setup(q14, "BF16", "A100 SXM 80GB", engine), _setup(q14, "AWQ", "A100 SXM 80GB", engine)
        assert timing.compute_peak(bf16) == pytest.approx(312e12 * 0.45, rel=0.01)
        assert timing.compute_peak(awq) == pytest.approx(312e12 * 0.3, rel=0.01)
        moe_bf16 = _setup(QWEN235, "BF16", "A100 SXM 80GB", engine, 8)
        assert timing.compute_peak(moe_bf16, experts=True) == pytest.approx(312e12 * 0.3, rel=0.01)
        assert timing.compute_peak(moe_bf16) > timing.compute_peak(moe_bf16, experts=True)
        h100 = _setup(q14, "BF16", "H100 SXM", engine)
        assert timing.compute_peak(h100) == pytest.approx(timing.compute_peak(h100, experts=True))
    # a batch of 256 BF16 sequences on one A100 decodes faster than at the family share, as the runs measured
    s = _setup(q14, "BF16", "A100 SXM 80GB")
    fast = sizing.replica_throughput(K, s, input_tokens=217, output_tokens=202, concurrency=256).output_tokens_per_s
    slow_engine = s.engine.model_copy(update={"float_gemm_efficiency_by_generation": {}})
    slow = sizing.replica_throughput(K, Setup(s.model, s.quant, s.device, slow_engine, 1), input_tokens=217,
                                     output_tokens=202, concurrency=256).output_tokens_per_s
    assert fast > 1.3 * slow


def test_fp8_gemms_on_an_mi300x_run_slower_than_its_bf16_ones_in_vllm_and_sglang() -> None:
    """vLLM issue #31475: FP8 inference on MI300X is slower than BF16 for large MoE models. The engines' FP8 GEMMs on
    AMD Instinct reach 0.35 of the FP8 peak's share (0.7 of the BF16 rate); FP8 on an H100 and BF16 or MXFP4 on an
    MI300X keep theirs."""
    q30 = K.models.get("qwen3-30b-a3b")
    for engine in ("vllm", "sglang"):
        fp8, bf16 = _setup(q30, "FP8", "Instinct MI300X", engine), _setup(q30, "BF16", "Instinct MI300X", engine)
        assert timing.compute_peak(fp8) < timing.compute_peak(bf16)
        assert timing.compute_peak(fp8) == pytest.approx(0.7 * timing.compute_peak(bf16), rel=0.01)
        h100_fp8, h100_bf16 = _setup(q30, "FP8", "H100 SXM", engine), _setup(q30, "BF16", "H100 SXM", engine)
        assert timing.compute_peak(h100_fp8) > 1.9 * timing.compute_peak(h100_bf16)
        mxfp4 = _setup(K.models.get("gpt-oss-120b"), "MXFP4", "Instinct MI300X", engine)
        assert timing.compute_peak(mxfp4) == pytest.approx(timing.compute_peak(bf16))
