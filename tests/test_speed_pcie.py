"""Multi-GPU boxes without NVLink: collectives over each card's PCIe link, and pipeline parallelism."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.core import sizing
from bot.core import sizing_moe as moe
from bot.core import sizing_physics as phys
from bot.core import sizing_time as timing
from bot.core.knowledge import PCIE_LANE_GBPS, load
from bot.core.setup import Setup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))  # bench/ holds plain scripts, not a package
from accuracy_rows import speed_row

K = load()
LLAMA70, QWEN30 = K.models.get("llama-3.3-70b"), K.models.get("qwen3-30b-a3b")


def _setup(model, quant="FP8", device="L40S", engine="tensorrt-llm", n=1, **kw) -> Setup:
    return Setup(model, K.quants.get(quant), K.devices.get(device), K.engines.get(engine), n, **kw)


def test_the_host_link_is_derived_from_generation_and_lanes() -> None:
    assert K.devices.get("RTX PRO 6000 Blackwell").pcie_gbps == pytest.approx(16 * PCIE_LANE_GBPS[5])
    assert K.devices.get("RTX 4090").pcie_gbps == pytest.approx(16 * PCIE_LANE_GBPS[4])
    assert K.devices.get("RTX 4060 Ti 16GB").pcie_gbps == pytest.approx(8 * PCIE_LANE_GBPS[4])
    assert K.devices.get("H100 SXM").pcie_gen is None  # NVLink parts: not needed, not catalogued


def test_every_pcie_gpu_states_its_link() -> None:
    missing = [d.id for d in K.devices if d.interconnect == "pcie" and d.vendor in ("nvidia", "amd")
               and d.family != "cpu" and d.pcie_gen is None]
    assert missing == []


@pytest.mark.parametrize("model", [LLAMA70, QWEN30])
def test_a_pcie5_all_reduce_moves_its_bytes_twice_as_fast_as_pcie4(model) -> None:
    """RTX PRO 6000 (PCIe 5.0 x16) against L40S (PCIe 4.0 x16), same engine and GPU count: the bytes part of a large
    all-reduce halves, the latency per collective stays."""
    gen4, gen5 = (_setup(model, "FP8", d, n=4) for d in ("L40S", "RTX PRO 6000 Blackwell"))
    latency = moe.allreduce_s(gen4, tokens=0)
    assert moe.allreduce_s(gen5, tokens=0) == pytest.approx(latency)
    gen4_bytes = moe.allreduce_s(gen4, tokens=4096) - latency
    assert moe.allreduce_s(gen5, tokens=4096) - latency == pytest.approx(gen4_bytes / 2, rel=0.01)


QWEN235 = K.models.get("qwen3-235b-a22b")


def _pp(n=8, pipeline=4, model=QWEN235, quant="NVFP4", device="RTX PRO 6000 Blackwell") -> Setup:
    return _setup(model, quant, device, n=n, pipeline=pipeline)


def test_a_pipeline_stage_is_a_tensor_parallel_group_of_its_share_of_the_devices() -> None:
    s = _pp()
    assert s.tensor_parallel_size == 2 and s.stage().devices == 2 and s.stage().pipeline == 1
    # Qwen3-235B-A22B has 4 KV heads: TP8 holds each twice, TP2 x PP4 once
    assert phys.kv_copies(_pp(pipeline=1)) == 2.0 and phys.kv_copies(s) == 1.0


def test_a_pipelined_batch_costs_the_group_running_batch_over_stages() -> None:
    """Every device reads its stage's weights once per micro-batch and all-reduces only inside its TP group: a full
    step of B sequences takes what the group takes for B / stages, plus the other sequences' per-sequence cost."""
    s = _pp()
    place = phys.place(s, kv_bytes=0.0)
    whole = timing.decode_step(s, placement=place, kv_tokens=1500, kv_dtype="fp8", batch=1600).seconds
    group = timing.decode_step(s.stage(), placement=place, kv_tokens=1500, kv_dtype="fp8", batch=400).seconds
    per_seq = s.engine.per_sequence_overhead_us / 1e6
    assert whole == pytest.approx(group + 1200 * per_seq)


def test_one_stream_gains_nothing_from_more_stages() -> None:
    """Below one sequence per stage the stages run in turn: batch 1 through TP2 x PP4 is the TP2 group's step."""
    s = _pp()
    place = phys.place(s, kv_bytes=0.0)
    one, group = (timing.decode_step(x, placement=place, kv_tokens=256, kv_dtype="fp8", batch=1).seconds
                  for x in (s, s.stage()))
    assert one == pytest.approx(group)


def test_on_pcie_pipeline_stages_outrun_tensor_parallel_over_eight_cards() -> None:
    """8 RTX PRO 6000 without NVLink: TP8 all-reduces every layer's hidden states over PCIe; TP2 x PP4 only inside
    pairs. NVIDIA's trtllm-bench table runs Qwen3-235B-A22B there as TP2,PP4 (10,697 output tok/s at 1000/1000)."""
    tp8, pp4 = (sizing.replica_throughput(K, _pp(pipeline=p), input_tokens=1000, output_tokens=1000, kv_dtype="fp8")
                for p in (1, 4))
    assert tp8.fits and pp4.fits
    assert pp4.output_tokens_per_s > 1.5 * tp8.output_tokens_per_s


def test_a_row_that_says_pp_is_scored_with_it() -> None:
    row = speed_row(dict(id="x", kind="serving", model="Qwen3-235B-A22B", quant="NVFP4", engine="tensorrt-llm",
                         hardware="RTX PRO 6000 Blackwell", gpus=8, tp=2, pp=4, measured=1.0, source="s",
                         input_tokens=1000, output_tokens=1000))
    assert row.pp == 4
