"""Mixture-of-experts and multi-device physics: experts touched, EP vs TP, traffic, the single-stream floor."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import sizing, sizing_run
from bot.core import sizing_moe as moe
from bot.core import sizing_physics as phys
from bot.core import sizing_time as timing
from bot.core.backends import choose_backend
from bot.core.knowledge import load
from bot.core.setup import Setup

K = load()
DS, OSS, QWEN, DENSE = (K.models.get(n) for n in ("deepseek-r1", "gpt-oss-120b", "qwen3-30b-a3b", "llama-3.1-8b"))


def _setup(model, quant="FP8", device="H200", engine="vllm", n=1, **kw) -> Setup:
    return Setup(model, K.quants.get(quant), K.devices.get(device), K.engines.get(engine), n, **kw)


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_experts_touched_start_at_k_grow_with_batch_and_stop_at_e(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    for m in (DS, OSS, QWEN):
        e, k = m.split.experts, m.split.experts_per_token
        assert moe.experts_touched(m, 1) == pytest.approx(k)
        assert k - 1e-9 <= moe.experts_touched(m, lo) <= moe.experts_touched(m, hi) <= e + 1e-9
    assert moe.experts_touched(DENSE, 64) == 0.0


def test_a_step_reads_the_touched_experts_dense_models_read_the_same_at_any_batch() -> None:
    q = K.quants.get("FP8")
    one, many = moe.step_weight_bytes(DS, q, 1), moe.step_weight_bytes(DS, q, 4096)
    assert one < 0.1 * phys.weight_bytes(DS, q)  # 37 B of 671 B
    assert many > 0.9 * phys.weight_bytes(DS, q)  # at batch 4096 nearly every expert is read
    # correlated routing: a batch of 256 touches fewer experts than 256 independent tokens would
    assert moe.experts_touched(DS, 256) < 256 * (1 - (1 - 8 / 256) ** 256)
    assert moe.step_weight_bytes(DENSE, q, 1) == moe.step_weight_bytes(DENSE, q, 256)
    # dense-first layers count as fixed weights: DeepSeek's 3 dense layers are read by every token
    assert DS.dense_layers == 3 and moe.fixed_block_params(DS) > DS.split.attention


def test_expert_parallel_busiest_device_reads_more_than_a_tensor_parallel_share_at_batch_1() -> None:
    tp, ep = _setup(DS, n=8), _setup(DS, n=8, expert_parallel=True)
    assert moe.device_weight_bytes(ep, batch=1, split=8) > moe.device_weight_bytes(tp, batch=1, split=8)
    # at large batch the experts are spread evenly either way
    big_tp, big_ep = (moe.device_weight_bytes(s, batch=4096, split=8) for s in (tp, ep))
    assert big_ep == pytest.approx(big_tp, rel=0.05)


def test_resizing_an_expert_parallel_setup_keeps_its_experts_whole() -> None:
    """with_devices / with_memory (minimum GPUs, candidate widening, memory notes) keep the EP placement: an EP
    replica resized to 8 GPUs reads what an EP replica built on 8 does, not a tensor-parallel share."""
    ep = _setup(DS, n=4, expert_parallel=True)
    built = _setup(DS, n=8, expert_parallel=True)
    resized = ep.with_devices(8)
    assert resized.expert_parallel and resized == built
    assert moe.device_weight_bytes(resized, batch=1, split=8) == moe.device_weight_bytes(built, batch=1, split=8)
    assert moe.device_weight_bytes(resized, batch=1, split=8) > moe.device_weight_bytes(
        _setup(DS, n=8), batch=1, split=8)
    assert ep.with_memory(100.0).expert_parallel


def test_communication_costs_nothing_on_one_device_and_more_across_machines() -> None:
    one, eight, sixteen = _setup(DS), _setup(DS, n=8), _setup(DS, n=16)
    assert moe.communication_s(one, tokens=1, tensor_parallel=True) == 0.0
    assert moe.link(eight) == "sxm" and moe.link(sixteen) == "network"
    assert moe.communication_s(sixteen, tokens=1, tensor_parallel=True) > moe.communication_s(
        eight, tokens=1, tensor_parallel=True
    )
    ep = _setup(DS, n=8, expert_parallel=True)
    assert moe.alltoall_s(ep, tokens=64) > 0.0 and moe.alltoall_s(eight.with_devices(1), tokens=64) == 0.0


def test_expert_parallel_inside_a_tensor_parallel_group_moves_tokens_no_more_than_tensor_parallel() -> None:
    """'-tp 8 --enable-expert-parallel' (SGLang '--tp 8 --ep 8') spreads whole experts but every rank already holds
    every token after attention's all-reduce: the layer ends in TP's all-reduce, no all-to-all. The public pairs say
    so: GLM-4.6 FP8 on 8 A100s 1,345 (TP) vs 1,306 (TP+EP) tok/s, on 8 H100s with SGLang 1,831 vs 1,861 (gpustack
    performance lab). Only under attention data parallelism do tokens travel to their experts' ranks."""
    tp, ep = _setup(DS, n=8), _setup(DS, n=8, expert_parallel=True)
    dp_ep = _setup(DS, n=8, expert_parallel=True, attention_dp=True)
    for tokens in (1, 64, 1024):
        assert moe.communication_s(ep, tokens=tokens, tensor_parallel=True) == moe.communication_s(
            tp, tokens=tokens, tensor_parallel=True)
        assert moe.communication_s(dp_ep, tokens=tokens, tensor_parallel=True) == pytest.approx(
            moe.allreduce_s(dp_ep, tokens=tokens, per_layer=1) + moe.alltoall_s(dp_ep, tokens=tokens))
    # the placement still differs: at batch 1 the busiest EP rank reads more expert bytes than a TP share
    assert moe.device_weight_bytes(ep, batch=1, split=8) > moe.device_weight_bytes(tp, batch=1, split=8)


def test_single_stream_deepseek_on_8_gpus_is_floor_bound_not_bandwidth_bound() -> None:
    """Issue #14: the old engine said 208 tok/s for DeepSeek-V3 on 8×H200; public single-stream figures on vLLM
    are 25-30 tok/s (DeepSeek-V3.2 on 8×H20: 30, the calibration row sd-263)."""
    tps, place = sizing.single_stream(K, _setup(DS, n=8), context_tokens=512)
    assert place.mode == "tensor_parallel" and tps is not None
    assert 20 <= tps <= 55
    bandwidth_only = 1.0 / (moe.device_weight_bytes(_setup(DS, n=8), batch=1, split=8) / (4800e9 * 0.78))
    assert bandwidth_only > 4 * tps


def test_gpt_oss_120b_on_one_a100_is_near_the_public_90_tokens_per_second() -> None:
    tps, _ = sizing.single_stream(K, _setup(OSS, "MXFP4", "A100 SXM 80GB"), context_tokens=512)
    assert tps is not None and 55 <= tps <= 130  # the old engine said 334


def test_vllm_single_stream_gpt_oss_120b_on_a100_sits_on_its_measured_moe_layer_floor() -> None:
    """sh-017/sh-018 (vllm issue #22331): 88-90 tok/s on one A100 80GB, single request. The weight stream is only
    ~2.3 ms of the ~11 ms a token; the rest is launches, most of them per MoE layer."""
    s = _setup(OSS, "MXFP4", "A100 SXM 80GB")
    tps, place = sizing.single_stream(K, s, context_tokens=256)
    assert tps is not None and 89 * 0.85 <= tps <= 89 * 1.15
    assert timing.fixed_step_s(s, mode=place.mode) > 0.5 / tps


def test_vllm_moe_layer_floor_is_lower_where_the_experts_run_in_the_gpus_own_dtype() -> None:
    """vLLM's per-MoE-layer floor on datacenter GPUs: 0.08 ms where the experts run natively (BF16, FP8 on Hopper,
    NVFP4 on Blackwell), 0.2 ms where a dequantising kernel multiplies them (MXFP4 on an A100 or H100, FP8 on an
    A100, AWQ). Qwen3-30B-A3B BF16 single-stream on one A100 is measured at 94-104 tok/s (tenstorrent
    tt-inference-server issue #340), where the one 0.2 ms floor for every path said 64-68."""
    qwen = _setup(QWEN, "BF16", "A100 SXM 80GB")
    assert not timing.weight_only_experts(qwen) and timing.moe_layer_ms(qwen) == pytest.approx(0.08)
    for quant, device in (("MXFP4", "A100 SXM 80GB"), ("MXFP4", "H100 SXM"), ("FP8", "A100 SXM 80GB")):
        s = _setup(OSS if quant == "MXFP4" else QWEN, quant, device)
        assert timing.weight_only_experts(s) and timing.moe_layer_ms(s) == pytest.approx(0.2)
    for quant, device in (("FP8", "H100 SXM"), ("FP8", "B200"), ("NVFP4", "B200")):
        assert not timing.weight_only_experts(_setup(QWEN, quant, device))
    tps, _ = sizing.single_stream(K, qwen, context_tokens=1088)
    assert tps is not None and 100 * 0.85 <= tps <= 100 * 1.15
    # a llama.cpp GGUF is never 'weight-only' in this sense: its engine gives one floor per family
    assert not timing.weight_only_experts(_setup(QWEN, "Q4_K_M", "A100 SXM 80GB", "llama.cpp"))


def test_a_latent_attention_layer_costs_launches_a_gqa_layer_does_not() -> None:
    """DeepSeek's MLA layers pay a per-layer cost on vLLM datacenter GPUs; a GQA MoE (gpt-oss) does not, and an
    engine that names no MLA cost (llama.cpp) adds none."""
    vllm = K.engines.get("vllm")
    mla = _setup(DS)
    without = Setup(DS.model_copy(update={"mla": None}), mla.quant, mla.device, mla.engine, 1)
    extra = timing.fixed_step_s(mla, mode="single") - timing.fixed_step_s(without, mode="single")
    assert extra == pytest.approx(DS.layers * vllm.mla_layer_overhead_ms["nvidia_datacenter"] / 1000.0)
    assert extra > 0
    cpp = _setup(DS, "Q4_K_M", engine="llama.cpp")
    cpp_without = Setup(DS.model_copy(update={"mla": None}), cpp.quant, cpp.device, cpp.engine, 1)
    assert timing.fixed_step_s(cpp, mode="single") == timing.fixed_step_s(cpp_without, mode="single")


def test_mlx_prefills_gpt_oss_slower_than_llama_cpp_metal_on_the_same_mac() -> None:
    """ml-explore/mlx-lm #858: on one M1 Pro, MLX prefilled gpt-oss-20b about 1.5x slower than llama.cpp (its
    grouped expert GEMMs reach less of its dense rate), while decode stays close."""
    model, quant, mac = K.models.get("gpt-oss-20b"), K.quants.get("MXFP4"), K.devices.get("M1 Pro")
    mlx = Setup(model, quant, mac, K.engines.get("mlx"), 1)
    cpp = Setup(model, quant, mac, K.engines.get("llama.cpp"), 1)
    mlx_pp, cpp_pp = sizing.prefill_rate(mlx, tokens=14745), sizing.prefill_rate(cpp, tokens=14745)
    assert mlx_pp is not None and cpp_pp is not None
    assert 1.2 <= cpp_pp / mlx_pp <= 1.8


def test_llama_cpp_on_a100_gains_far_less_than_its_bandwidth_over_an_rtx_4090() -> None:
    """llama.cpp's batch-1 kernels run on CUDA cores: the A100's 19.5 TFLOPS vector rate (vs 82.6 on an RTX 4090)
    eats most of its 2× bandwidth; the old engine scaled this work with the tensor-core peak and read ~2× fast."""
    a100 = _setup(K.models.get("llama-2-7b"), "Q4_0", "A100 SXM 80GB", "llama.cpp")
    rtx = _setup(K.models.get("llama-2-7b"), "Q4_0", "RTX 4090", "llama.cpp")
    (fast, _), (slow, _) = (sizing.single_stream(K, s, context_tokens=64) for s in (rtx, a100))
    assert fast is not None and slow is not None
    assert slow < 1.25 * fast < 2039 / 1008 * fast
    assert timing.vector_flops(a100.device) < timing.vector_flops(rtx.device) / 3


def test_llama_cpp_decode_on_hbm_datacenter_dies_barely_scales_with_their_bandwidth() -> None:
    """llama.cpp's single-token kernels on the A100/H100/H200/B300 compute dies pay a per-layer floor the GeForce and
    workstation dies do not (pavlokhmel.com, 2026-06-07: gpt-oss-20b 286 / 292 / 327 tok/s on H100 SXM / H200 / B300,
    2.4x the bandwidth for 1.14x the speed, 266 on an RTX 4090): an H200 is not much faster than an RTX PRO 6000, the
    B300 gains little over the H100, and the cost is per layer (a dense model pays it too) and by generation (an L40S,
    an Ada die in the datacenter family, and the DGX Spark's GB10 keep the family's)."""
    oss = K.models.get("gpt-oss-20b")
    speed = {d: sizing.single_stream(K, _setup(oss, "Q4_K_M", d, "llama.cpp"), context_tokens=256)[0]
             for d in ("H100 SXM", "H200", "B300", "RTX 4090", "RTX PRO 6000 Blackwell")}
    assert all(v is not None for v in speed.values())
    assert speed["B300"] < 1.35 * speed["H100 SXM"]  # 2.4x the bandwidth
    assert speed["H200"] < 1.2 * speed["RTX PRO 6000 Blackwell"]  # 2.7x the bandwidth
    assert speed["H100 SXM"] < 1.3 * speed["RTX 4090"]  # 3.3x the bandwidth
    cpp = K.engines.get("llama.cpp")
    for d, per_layer in (("H100 SXM", 0.07), ("A100 PCIe 40GB", 0.07), ("L40S", 0.015), ("DGX Spark", 0.015)):
        dense = _setup(K.models.get("llama-2-7b"), "Q4_0", d, "llama.cpp")
        assert timing.per_layer_ms(dense.device, cpp) == per_layer
        assert timing.fixed_step_s(dense, mode="single") == pytest.approx((0.2 + 32 * per_layer) / 1000.0)


def test_llama_cpp_prefills_on_hbm_datacenter_dies_near_a_geforce_not_at_their_tensor_peak() -> None:
    """llama.cpp's MMQ prompt GEMMs use Ampere-style integer mma tiles and are bound by per-SM work, so the H100's and
    B200's tensor peaks do not show: XiongjieDai's one-build table has Llama-2-7B Q4_0 pp512 at 0.88x an RTX 4090's
    on an H100 PCIe and 0.62x on an A100 (the old 0.5 share of the FP16 peak said 2.1x and 0.95x)."""
    llama = K.models.get("llama-2-7b")
    pp = {d: sizing.prefill_rate(_setup(llama, "Q4_0", d, "llama.cpp"), tokens=512)
          for d in ("RTX 4090", "H100 PCIe", "A100 PCIe 80GB", "H100 SXM", "B200")}
    assert all(v is not None for v in pp.values())
    assert 0.8 < pp["H100 PCIe"] / pp["RTX 4090"] < 0.95
    assert 0.55 < pp["A100 PCIe 80GB"] / pp["RTX 4090"] < 0.7
    assert 0.9 < pp["B200"] / pp["H100 SXM"] < 1.2  # 2.3x the FP16 peak, about the same SMs x clock


def test_a_moe_prompt_pass_with_few_tokens_per_expert_is_bound_by_its_expert_tiles_on_a_big_gpu() -> None:
    """llama.cpp's routed GEMM loads and converts each touched expert's weights once per 128-token tile however few
    tokens the tile holds (PR #26977: sizing tiles to the tokens gains 2-14%), so at n_ubatch 512 an RTX 5090 prefills
    Qwen3-30B-A3B (128 experts, ~32 tokens each) far below its FLOP roof (public pp512: 5.5-11k tok/s), at a time that
    grows with the experts' weights, not their FLOPs; a 2048-token pass of gpt-oss-20b on an RTX 4090 (256 tokens per
    expert) and the DGX Spark (bound by its 273 GB/s) are not held by it; dense models, AMD and Apple pay nothing."""
    qwen, oss = K.models.get("qwen3-30b-a3b"), K.models.get("gpt-oss-20b")
    rtx5090 = _setup(qwen, "Q4_K_M", "RTX 5090", "llama.cpp")
    floor = timing.expert_tile_s(rtx5090, tokens=512, split=1)
    flops = timing.tensor_seconds(rtx5090, timing.gemm_flop_parts(rtx5090, tokens=512, context=256, logits=False),
                                  split=1)[1]
    assert floor > 2 * flops
    pp = sizing.prefill_rate(rtx5090, tokens=512)
    assert pp is not None and 5_000 < pp < 12_000
    # a floor per weight per tile: twice the tokens per expert past one tile, twice the floor
    assert timing.expert_tile_s(rtx5090, tokens=8192, split=1) == pytest.approx(
        2 * timing.expert_tile_s(rtx5090, tokens=4096, split=1), rel=0.01)
    rtx4090 = _setup(oss, "MXFP4", "RTX 4090", "llama.cpp")
    assert timing.expert_tile_s(rtx4090, tokens=2048, split=1) < timing.tensor_seconds(
        rtx4090, timing.gemm_flop_parts(rtx4090, tokens=2048, context=1024, logits=False), split=1)[1]
    for model, quant, device in ((DENSE, "Q4_K_M", "RTX 5090"), (qwen, "Q4_K_M", "Ryzen AI Max+ 395"),
                                 (qwen, "Q4_K_M", "M4 Max (40-core GPU)"), (qwen, "Q4_K_M", "H100 SXM")):
        assert timing.expert_tile_s(_setup(model, quant, device, "llama.cpp"), tokens=512, split=1) == 0.0
    assert timing.expert_tile_s(rtx5090, tokens=8, split=1) == 0.0  # mat-vec regime (decode)


def test_rdna_prompt_passes_pay_an_expert_conversion_per_tile_so_more_tokens_per_expert_prefill_faster() -> None:
    """On RDNA (Strix Halo, RX 7900) llama.cpp's routed GEMM dequantises every touched expert's weights once per token
    tile on the same SIMDs that issue the WMMA/dot instructions, so the conversion adds to the math instead of hiding
    under it: a pass whose experts see 16 tokens pays nearly what one whose experts see 64 does. Public Strix Halo ROCm
    figures: gpt-oss-120b pp2048 at n_ubatch 2048 998 tok/s (lhl/strix-halo-testing #33) vs pp512 at 512 625-707
    (kyuz0, Quozul), and gpt-oss-20b (32 experts, 64 tokens each at 512) pp512 1786, 2.5-2.9x the 120b's (16 each).
    The cost follows the format's unpacking (K-quants 2.5x MXFP4 / Q4_0); NVIDIA, Apple, dense and decode pay none."""
    def rocm(model: str, quant: str) -> Setup:
        engine, device = K.engines.get("llama.cpp"), K.devices.get("Strix Halo")
        return Setup(K.models.get(model), K.quants.get(quant), device, engine, 1,
                     backend=choose_backend(K, "rocm", engine, device))
    big, small = rocm("gpt-oss-120b", "MXFP4_MOE"), rocm("gpt-oss-20b", "MXFP4_MOE")
    wide, narrow = (sizing.prefill_rate(big, tokens=2048, chunk=c) for c in (2048, 512))
    pp_big, pp_small = (sizing.prefill_rate(x, tokens=512, chunk=512) for x in (big, small))
    assert wide is not None and narrow is not None and pp_big is not None and pp_small is not None
    assert 1.25 < wide / narrow < 1.8 and 800 < wide < 1200 and 550 < pp_big < 850
    assert pp_small > 1.8 * pp_big and 1300 < pp_small < 2100
    # one tile per expert at 16 and at 64 tokens each: the conversion per pass barely changes, per token it falls 4x
    per_pass = [timing.expert_convert_s(big, tokens=t, split=1) for t in (512, 2048)]
    assert per_pass[0] > 0 and per_pass[1] == pytest.approx(per_pass[0], rel=0.1)
    k_quant, legacy = (timing.expert_convert_s(rocm("qwen3-30b-a3b", q), tokens=512, split=1)
                       for q in ("Q4_K_M", "Q4_0"))
    assert k_quant == pytest.approx(2.5 * legacy)
    assert timing.expert_convert_s(big, tokens=8, split=1) == 0.0  # mat-vec regime (decode)
    for model, quant, device in ((DENSE, "Q4_K_M", "Strix Halo"), (QWEN, "Q4_K_M", "RTX 5090"),
                                 (QWEN, "Q4_K_M", "M4 Max (40-core GPU)"), (QWEN, "Q4_K_M", "H100 SXM")):
        assert timing.expert_convert_s(_setup(model, quant, device, "llama.cpp"), tokens=512, split=1) == 0.0


def test_prefill_slows_with_depth_and_moe_prefill_streams_all_experts_per_chunk() -> None:
    s = _setup(OSS, "MXFP4", "H100 SXM")
    assert sizing.prefill_rate(s, tokens=2048, depth=32768) < sizing.prefill_rate(s, tokens=2048)
    small, big = (sizing.prefill_rate(s, tokens=4096, chunk=c) for c in (512, 4096))
    assert small is not None and big is not None and small < big


def test_tensorrt_llm_keeps_its_share_of_free_memory_for_kv() -> None:
    """trtllm-bench gives the KV cache 0.95 of what is free after the weights; vLLM 0.9 of the whole GPU."""
    m = K.models.get("llama-3.1-70b")
    trt, vllm = _setup(m, engine="tensorrt-llm", device="H100 SXM"), _setup(m, device="H100 SXM")
    weights = phys.weight_bytes(m, K.quants.get("FP8"))
    assert phys.usable_bytes(trt, weights_per_device=weights) > phys.usable_bytes(vllm, weights_per_device=weights)
    trt_batch, vllm_batch = (sizing.max_batch(s, tokens=2000, kv_dtype="fp8") for s in (trt, vllm))
    assert trt_batch > 2 * max(vllm_batch, 1)


def test_vllm_batch_limits_follow_its_defaults_by_gpu() -> None:
    assert sizing.batch_limits(_setup(DENSE, device="H100 SXM")) == (1024, 8192)
    assert sizing.batch_limits(_setup(DENSE, "BF16", device="A100 SXM 80GB")) == (256, 2048)


@given(st.floats(20, 900), st.integers(1, 400))
def test_exponential_lengths_keep_their_mean_and_cap(mean: float, count: int) -> None:
    cap = 2000.0
    lengths = sizing_run.exponential_lengths(mean, count, cap)
    assert len(lengths) == count and max(lengths) <= cap + 1 and min(lengths) >= 1
    if count >= 100:
        assert sum(lengths) / count == pytest.approx(mean, rel=0.1)


def test_a_finite_run_is_slower_than_steady_state_because_of_its_drain() -> None:
    s = _setup(OSS, "MXFP4", "H100 SXM")
    lengths = sizing_run.exponential_lengths(221, 1000, 1800)
    run = sizing_run.run(s, input_tokens=233, output_lengths=lengths, concurrency=1000)
    steady = sizing.replica_throughput(K, s, input_tokens=233, output_tokens=221)
    assert run is not None and 0 < run.output_tokens_per_s < steady.output_tokens_per_s
    fixed = sizing_run.run(s, input_tokens=233, output_lengths=[200] * 4, concurrency=4)
    step = timing.decode_step(s, placement=phys.place(s, kv_bytes=0.0), kv_tokens=333, kv_dtype="f16", batch=4)
    assert fixed is not None and fixed.duration_s > 200 * step.seconds * 0.99


def test_a_moe_prompt_pass_at_a_small_ubatch_is_bound_by_rereading_every_expert() -> None:
    """gpt-oss-120b on a DGX Spark: 512 tokens × 4 of 128 experts touch all 128 in every layer, so each 512-token
    pass rereads ~60 GB at 273 GB/s (bandwidth bound); at 2048 tokens per pass the same bytes serve 4× the
    tokens and the experts' math is the bound."""
    s = _setup(OSS, "MXFP4_MOE", "DGX Spark", "llama.cpp")
    bandwidth = timing.effective_bandwidth(s.device, s.engine)
    bound = {}
    for chunk in (512, 2048):
        experts = moe.device_weight_parts(s, batch=chunk, split=1)[1]
        assert experts > 0.9 * moe.one_expert_bytes(OSS, s.quant) * OSS.split.experts
        math_s = timing.tensor_seconds(s, timing.gemm_flop_parts(s, tokens=chunk, context=1024), split=1)[1]
        bound[chunk] = "bandwidth" if experts / bandwidth > math_s else "compute"
    assert bound == {512: "bandwidth", 2048: "compute"}
    place = phys.place(s, kv_bytes=0.0)
    small, big = (2048 / timing.prefill_seconds(s, placement=place, tokens=2048, chunk=c) for c in (512, 2048))
    assert small < big < 512 / (moe.device_weight_parts(s, batch=512, split=1)[1] / bandwidth) * 4


def test_a_dense_prompt_pass_is_its_compute_not_compute_plus_weights() -> None:
    """Each part of a pass runs at its own roofline: a dense 8B at 512 tokens per pass is compute bound, and
    streaming its weights (which overlaps the math) adds nothing."""
    s = _setup(DENSE, "Q8_0", "DGX Spark", "llama.cpp")
    place = phys.place(s, kv_bytes=0.0)
    dense, experts = timing.gemm_flop_parts(s, tokens=512, context=256, logits=False)
    assert experts == 0.0
    compute = dense / timing.compute_peak(s)
    assert timing.prefill_seconds(s, placement=place, tokens=512, chunk=512) == pytest.approx(
        compute + timing.fixed_step_s(s, mode=place.mode), rel=1e-6
    )


def test_grouped_expert_gemms_run_at_the_engines_share_of_its_dense_rate() -> None:
    s = _setup(QWEN, "Q8_0", "RTX 4090", "llama.cpp")
    flops = timing.gemm_flop_parts(s, tokens=2048, context=1024)
    dense_s, expert_s = timing.tensor_seconds(s, flops, split=1)
    share = K.engines.get("llama.cpp").moe_gemm_efficiency["nvidia_consumer"]
    assert 0 < share < 1
    assert expert_s == pytest.approx(flops[1] / (timing.compute_peak(s) * share))
    assert dense_s == pytest.approx(flops[0] / timing.compute_peak(s))


def test_a_prompt_pass_multiplies_no_lm_head_and_no_embedding_table() -> None:
    """The engines compute logits only for a prompt's last token and look embeddings up by row: a prompt pass
    costs 2·vocab·hidden FLOPs per token less than a decode pass over as many tokens, and counting both tables as
    matmuls (2 × active parameters) overstates gpt-oss-20b's prompt FLOPs by over a third."""
    oss20 = K.models.get("gpt-oss-20b")
    s = _setup(oss20, "MXFP4_MOE", "RTX 4090", "llama.cpp")
    prompt, decode = (timing.gemm_flop_parts(s, tokens=512, context=0, logits=lg) for lg in (False, True))
    head = 2.0 * 512 * oss20.vocab_size * oss20.hidden_size
    assert decode[0] - prompt[0] == pytest.approx(head) and decode[1] == prompt[1]
    matmul = oss20.active_b * 1e9 - oss20.split.embedding - oss20.split.output
    assert prompt[0] + prompt[1] == pytest.approx(2.0 * 512 * matmul, rel=0.02)  # attention at context 0: ~nothing
    assert 2.0 * 512 * oss20.active_b * 1e9 > 1.35 * (prompt[0] + prompt[1])


MOE_SETUPS = [
    (OSS, "MXFP4_MOE", "DGX Spark", "llama.cpp"), (OSS, "MXFP4_MOE", "Strix Halo", "llama.cpp"),
    (QWEN, "Q8_0", "RTX 4090", "llama.cpp"), (QWEN, "Q4_K_M", "M4 Max", "llama.cpp"),
    (DS, "Q4_K_M", "M3 Ultra", "llama.cpp"), (OSS, "MXFP4", "H100 SXM", "vllm"), (QWEN, "BF16", "H200", "sglang"),
]


@pytest.mark.parametrize(("model", "quant", "device", "engine"), MOE_SETUPS)
@pytest.mark.parametrize("chunk", [64, 512, 2048, 8192])
def test_moe_prefill_is_never_faster_than_its_active_parameter_compute_roof(model, quant, device, engine, chunk):
    """Every prompt token multiplies each active (non-embedding, non-head) weight once, at 2 FLOPs, so no pass
    beats the device's whole tensor peak over those FLOPs; and a bandwidth-poor device is held further down by
    reading every expert once per pass."""
    s = _setup(model, quant, device, engine)
    rate = sizing.prefill_rate(s, tokens=max(chunk, 512), chunk=chunk)
    assert rate is not None
    matmul = model.active_b * 1e9 - model.split.embedding - model.split.output
    assert rate <= timing.peak_flops(s.quant, s.device) / (2.0 * matmul)
    stream = moe.device_weight_parts(s, batch=chunk, split=1)[1] / timing.effective_bandwidth(s.device, s.engine)
    assert rate <= chunk / stream * 1.0001


@pytest.mark.parametrize(("model", "quant", "device", "engine"), MOE_SETUPS)
def test_moe_decode_slows_as_a_step_touches_more_experts(model, quant, device, engine) -> None:
    """More sequences per step touch more distinct experts, so a step never gets cheaper per step; a model that
    routes each token to more experts (same shapes) decodes slower."""
    s = _setup(model, quant, device, engine)
    place = phys.place(s, kv_bytes=0.0)
    steps = [timing.decode_step(s, placement=place, kv_tokens=512, kv_dtype="f16", batch=b).seconds
             for b in (1, 2, 4, 8, 16, 64)]
    assert steps == sorted(steps)
    k = model.split.experts_per_token
    wider = model.model_copy(update={"moe": model.moe.model_copy(update={"experts_per_token": 2 * k}).model_dump()})
    assert wider.split.experts_per_token == 2 * k
    (narrow_tps, _), (wide_tps, _) = (sizing.single_stream(K, _setup(m, quant, device, engine), context_tokens=512)
                                      for m in (model, wider))
    assert narrow_tps is not None and wide_tps is not None and wide_tps < narrow_tps


def test_a_lone_prompt_runs_in_the_engines_own_passes() -> None:
    """llama.cpp evaluates a prompt 512 tokens (n_ubatch) at a time, so a 128-expert model rereads every expert
    four times for 2,048 tokens; vLLM takes the whole prompt in one pass (max_num_batched_tokens). A prompt
    shorter than the pass is one pass of its own length: nothing else shares its weight reads."""
    spark = K.devices.get("DGX Spark")
    vllm, cpp = (_setup(OSS, q, "DGX Spark", e) for q, e in (("MXFP4", "vllm"), ("MXFP4_MOE", "llama.cpp")))
    assert sizing.batch_limits(cpp)[1] == 512 and sizing.batch_limits(vllm)[1] >= 2048
    one_pass, ubatched = sizing.prefill_rate(vllm, tokens=2048), sizing.prefill_rate(vllm, tokens=2048, chunk=512)
    assert one_pass is not None and ubatched is not None and one_pass > 1.5 * ubatched
    assert sizing.prefill_rate(cpp, tokens=2048) == sizing.prefill_rate(cpp, tokens=2048, chunk=512)
    short = sizing.prefill_rate(vllm, tokens=256)
    place = phys.place(vllm, kv_bytes=0.0)
    alone = 256 / timing.prefill_seconds(vllm, placement=place, tokens=256, chunk=256)
    assert short == pytest.approx(alone, rel=0.01) and spark.bandwidth_gbps == 273
    est = sizing.estimate(K, sizing.EstimateRequest(model="gpt-oss-120b", quant="MXFP4", hardware="DGX Spark",
                                                    engine="vllm", input_tokens=2048, context=4096))
    assert est.prefill_tokens_per_s == pytest.approx(one_pass, rel=0.05)


def test_flash_attention_at_a_long_cache_costs_more_than_its_flops_at_the_gemm_rate_on_strix_halo() -> None:
    """ROCm/Vulkan builds on RDNA 3.5 run flash attention at ~0.3 of their GEMM rate (the calibration's 32k-65k
    deep llama-bench rows): a 2,048-token prompt 32k tokens deep on Strix Halo slows far more than its FLOPs at
    the GEMM rate say, while a shallow prompt, where attention is a few percent of the work, barely changes."""
    s = _setup(QWEN, "Q4_K_M", "Strix Halo", "llama.cpp")
    assert timing.attention_efficiency(s) < 0.5
    at_gemm_rate = Setup(s.model, s.quant, s.device, s.engine.model_copy(update={"attention_efficiency": {}}), 1)
    assert timing.attention_efficiency(at_gemm_rate) == 1.0
    deep, deep_fast = (sizing.prefill_rate(x, tokens=2048, depth=32768, chunk=2048) for x in (s, at_gemm_rate))
    shallow, shallow_fast = (sizing.prefill_rate(x, tokens=512) for x in (s, at_gemm_rate))
    assert deep is not None and deep_fast is not None and shallow is not None and shallow_fast is not None
    assert deep < 0.6 * deep_fast and shallow > 0.9 * shallow_fast
    # decode streams the cache: at 32k tokens Strix Halo reads it at its KV share, slower than the weights
    tps_deep, _ = sizing.single_stream(K, s, context_tokens=32768)
    tps_short, _ = sizing.single_stream(K, s, context_tokens=64)
    assert tps_deep is not None and tps_short is not None and tps_deep < 0.6 * tps_short


def _no_turns(s: Setup) -> Setup:
    """The same setup on an engine without the CPU expert-turn figure."""
    engine = s.engine.model_copy(update={"moe_expert_thread_us": {}})
    return Setup(s.model, s.quant, s.device, engine, s.devices)


def test_a_cpu_moe_decode_pays_for_running_its_experts_in_turn_across_the_threads() -> None:
    """llama.cpp's CPU backend runs a token's k routed experts (and the shared one) one after another, each over every
    thread (ik_llama.cpp PR #287): DeepSeek-R1 Q8_0 on a DDR5-6400 Xeon 6980P socket saturates at 86 threads and pays
    1.5 us per expert per thread per MoE layer there, so it decodes ~1.7x slower than its weight stream alone says
    (sg-013: 6.2 tok/s measured)."""
    s = _setup(DS, "Q8_0", "Xeon 6980P DDR5-6400", "llama.cpp")
    cpu = s.engine
    assert timing.saturating_threads(s) == pytest.approx(0.7 * 614 / cpu.cpu_thread_gbps["cpu"])
    runs = DS.moe.experts_per_token + DS.moe.shared_experts
    expected = DS.moe_layers * runs * timing.saturating_threads(s) * cpu.moe_expert_thread_us["cpu"] / 1e6
    assert timing.expert_turns_s(s, tokens=1) == pytest.approx(expected)
    (slow, _), (fast, _) = (sizing.single_stream(K, x, context_tokens=256) for x in (s, _no_turns(s)))
    assert slow is not None and fast is not None
    assert 1 / slow - 1 / fast == pytest.approx(expected, rel=1e-6)  # the big model keeps every thread
    assert 6.2 * 0.95 <= slow <= 6.2 * 1.05 and fast / slow > 1.6


def test_the_expert_turn_cost_grows_with_threads_and_experts_and_a_small_moe_runs_fewer_threads() -> None:
    """Threads saturate a socket at 5 GB/s each: a 614 GB/s EPYC 9965 and a DDR5-6400 Xeon 6980P both at 86, a
    16-core Ryzen 9 7950X at 11.6, so it pays 11.6/86 per expert run. 8 routed + 1 shared experts per layer cost more
    than gpt-oss's 4. Qwen3-30B-A3B streams so few bytes that a tuned decode on the EPYC runs ~26 threads: slower
    streaming, fewer turns, and faster than on the desktop."""
    per_run = {d: timing.expert_turns_s(_setup(DS, "Q8_0", d, "llama.cpp"), tokens=1)
               for d in ("EPYC 9965", "Xeon 6980P DDR5-6400", "Ryzen 9 7950X")}
    assert per_run["EPYC 9965"] == pytest.approx(per_run["Xeon 6980P DDR5-6400"])
    assert per_run["Ryzen 9 7950X"] == pytest.approx(per_run["EPYC 9965"] * (0.7 * 83.2 / 5.0) / 86, rel=0.01)
    oss20 = K.models.get("gpt-oss-20b")
    gpt = timing.expert_turns_s(_setup(oss20, "MXFP4", "Ryzen 9 7950X", "llama.cpp"), tokens=1)
    assert gpt / oss20.moe_layers < per_run["Ryzen 9 7950X"] / DS.moe_layers
    server = _setup(QWEN, "Q4_K_M", "EPYC 9965", "llama.cpp")
    assert timing.decode_threads(server, memory_s=0.0045, tokens=1) == pytest.approx(26, abs=2)
    assert timing.decode_threads(server, memory_s=10.0, tokens=1) == timing.saturating_threads(server)
    tuned, _ = sizing.single_stream(K, server, context_tokens=576)
    desktop, _ = sizing.single_stream(K, _setup(QWEN, "Q4_K_M", "Ryzen 9 7950X", "llama.cpp"), context_tokens=576)
    assert tuned is not None and desktop is not None and tuned > desktop
    # a prompt pass of 512 tokens runs nearly every expert, so it pays far more than one decode step
    s = _setup(DS, "Q8_0", "Xeon 6980P", "llama.cpp")
    assert timing.expert_turns_s(s, tokens=512) > 20 * timing.expert_turns_s(s, tokens=1)


def test_dense_models_on_a_cpu_and_moe_models_on_a_gpu_pay_no_expert_turns() -> None:
    """The cost is the CPU backend's and the MoE layer's: a dense model on the same socket decodes exactly as before,
    and a MoE model on a GPU (one grouped kernel per MoE layer) is untouched."""
    dense = _setup(DENSE, "Q4_K_M", "EPYC 9965", "llama.cpp")
    assert timing.expert_turns_s(dense, tokens=1) == 0.0
    assert sizing.single_stream(K, dense, context_tokens=576) == sizing.single_stream(
        K, _no_turns(dense), context_tokens=576)
    for gpu in (_setup(DS, "Q4_K_M", "H200", "llama.cpp"), _setup(OSS, "MXFP4", "RTX PRO 6000 Blackwell", "llama.cpp"),
                _setup(DS)):
        assert timing.expert_turns_s(gpu, tokens=1) == 0.0
        assert sizing.single_stream(K, gpu, context_tokens=576) == sizing.single_stream(
            K, _no_turns(gpu), context_tokens=576)


def test_every_catalogued_cpu_says_how_many_cores_it_has() -> None:
    """The expert-turn cost counts threads from the catalog's cores; a CPU without them would silently pay none."""
    cpus = [d for d in K.devices if d.family == "cpu"]
    assert cpus and all(d.cores for d in cpus)


@pytest.mark.parametrize("engine", ["vllm", "sglang"])
def test_a_serving_engines_moe_layer_floor_and_expert_tile_are_its_code_on_rocm_as_on_cuda(engine: str) -> None:
    """vLLM's and SGLang's ROCm builds launch the same router, top-k, alignment and fused-MoE kernels per MoE layer
    and tile expert rows the same way: an MI300X decode step pays the engine's per-MoE-layer floor and padded expert
    rows as an H100 does (without them the InferenceX MI300X gpt-oss-120b runs read 60-86% fast)."""
    gpt = K.models.get("gpt-oss-120b")
    mi300x, h100 = _setup(gpt, "MXFP4", "Instinct MI300X", engine), _setup(gpt, "MXFP4", "H100 SXM", engine)
    no_floor = mi300x.engine.model_copy(update={"moe_layer_overhead_ms": {}, "moe_layer_overhead_weight_only_ms": {}})
    without = Setup(gpt, mi300x.quant, mi300x.device, no_floor, 1)
    floor = timing.fixed_step_s(mi300x, mode="single") - timing.fixed_step_s(without, mode="single")
    assert floor == pytest.approx(gpt.moe_layers * timing.moe_layer_ms(h100) / 1000.0)
    on_amd = timing.gemm_flop_parts(mi300x, tokens=256, context=0)[1]
    on_nvidia = timing.gemm_flop_parts(h100, tokens=256, context=0)[1]
    assert on_amd == pytest.approx(on_nvidia)
