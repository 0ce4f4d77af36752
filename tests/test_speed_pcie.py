"""Multi-GPU boxes without NVLink: collectives over each card's PCIe link, and pipeline parallelism."""

from __future__ import annotations

import pytest

from bot.core import sizing_moe as moe
from bot.core.knowledge import PCIE_LANE_GBPS, load
from bot.core.setup import Setup

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

