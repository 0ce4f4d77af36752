"""Setup: a frozen configuration whose key separates everything the sizing memo must keep apart."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.costs import candidate, candidates
from bot.core.setup import Setup
from bot.core.sizing import single_stream


@pytest.fixture(scope="module")
def h100(knowledge) -> Setup:
    k = knowledge
    return Setup(k.models.get("llama-3.1-70b"), k.quants.get("FP8"), k.devices.get("h100-sxm"), k.engines.get("vllm"))


def test_setup_is_frozen_and_hashable_by_its_parts(h100):
    with pytest.raises(dataclasses.FrozenInstanceError):
        h100.devices = 2  # type: ignore[misc]
    same = Setup(h100.model, h100.quant, h100.device, h100.engine)
    assert same == h100 and hash(same) == hash(h100) and len({same, h100}) == 1
    assert h100.with_devices(2) != h100 and h100.with_devices(2).key != h100.key
    assert h100.memory == h100.device.memory_gb  # None: the catalog's figure


def test_the_candidate_memo_keeps_device_counts_apart(knowledge, h100):
    one = candidate(knowledge, h100, output_share=0.25)
    two = candidate(knowledge, h100.with_devices(2), output_share=0.25)
    assert one is not None and two is not None
    assert (one.setup.devices, two.setup.devices) == (1, 2)
    assert two.tokens_per_s > one.tokens_per_s  # a different sizing, not the first one served again
    assert candidate(knowledge, h100, output_share=0.25) is one  # and each is computed once


def test_the_memo_keeps_memory_configurations_apart(knowledge):
    mac = knowledge.devices.get("M2 Max")
    assert mac.memory_options_gb and min(mac.memory_options_gb) < mac.memory_gb
    k = knowledge
    s = Setup(k.models.get("llama-3.3-70b"), k.quants.get("Q4_K_M"), mac, k.engines.get("llama.cpp"))
    small = s.with_memory(min(mac.memory_options_gb))
    assert small.key != s.key
    assert candidate(knowledge, s, output_share=0.25) is not None  # 70B at 4 bits fits the largest Mac
    assert candidate(knowledge, small, output_share=0.25) is None  # but not the smallest
    assert single_stream(knowledge, small, context_tokens=512)[0] is None


def test_candidates_are_sized_on_the_fewest_devices_that_hold_the_model(knowledge):
    model = knowledge.models.get("llama-3.1-70b")
    by_setup = {(c.setup.device.id, c.setup.quant.id): c for c in candidates(knowledge, model, output_share=0.25)}
    assert by_setup[("h100-sxm", "FP8")].setup.devices == 1  # 70 GB of FP8 weights fit one 80 GB H100
    assert all(c.setup.model is model and c.setup.memory_gb is None for c in by_setup.values())
