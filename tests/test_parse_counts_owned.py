"""Hardware is the team's only when they have it, and its count is read however it is said (issue #17, retired
held-out v1-v3 and tuning e). Each mechanism on phrasings written for this test."""

from __future__ import annotations

import pytest

from tests.parse_support import facts

NOT_OWNED = [
    # quotes, proposals, prices, plans
    "Dell quoted us $310k for a box with 8 H200s.",
    "The integrator proposed 4x L40S for the pilot.",
    "A100 80GB goes for about $1.60/hr on the marketplace we checked.",
    "We'd need something like 2 H100s to make the latency target, right?",
    # the message says they do not have it
    "Would a single RTX 5090 be enough? We don't own one yet.",
    "Thinking of a Mac Studio M3 Ultra for the office. we have no GPUs of our own yet",
    "The plan assumes 8x B200 in a colo. We don't have those GPUs today.",
    # what they have is spoken for
    "There are 32 A100s in the research cluster, but they're reserved for training.",
]


@pytest.mark.parametrize("text", NOT_OWNED)
def test_devices_the_team_does_not_have_are_not_hardware(text: str) -> None:
    got = facts(text)
    assert "hardware" not in got and "hardware_count" not in got, got


OWNED = [
    # an ownership cue after the device keeps it even in a sentence about plans
    ("We'd serve it from the 4 A10G cards we already own.", "a10g", 4),
    ("Hardware on hand: one RTX 4090 workstation. We'd start there.", "rtx-4090", 1),
    # a total said outright after the device
    ("Three DGX-style boxes of H100s in the cage: 24 GPUs.", "h100-sxm", 24),
    ("Each of our 6 stores has one server with 2 L4 GPUs, 12 in total.", "l4", 12),
    ("Correction: it's 3 nodes with 4 GPUs each, A100 80GB, so 12 GPUs, not 16.", "a100-sxm-80gb", 12),
    # hosts with one device each
    ("The field team carries 30 laptops with RTX 4090 cards.", "rtx-4090", 30),
    ("We have 3 MacBook Pros with M3 Max chips for the pilot.", "apple-m3-max-40c", 3),
    ("i have a Mac mini with M4 Pro on my desk, just the one", "apple-m4-pro", 1),
    # one device, said to be theirs
    ("The M2 Ultra Mac Studio we already have could host it.", "apple-m2-ultra", 1),
    ("Compute: single GPU (RTX 4090).", "rtx-4090", 1),
    # a count said after the device while the sentence is about wanting to run something
    ("We want to run Gemma on Mac Studio M2 Ultra (we have 2 of them).", "apple-m2-ultra", 2),
]


@pytest.mark.parametrize(("text", "device", "count"), OWNED)
def test_owned_devices_and_their_count(text: str, device: str, count: int) -> None:
    got = facts(text)
    assert got.get("hardware") == device and got.get("hardware_count") == count, got


@pytest.mark.parametrize(("text", "count"), [
    ("sorry, it's 6 GPUs not 4", 6),
    ("oops — 16 GPUs, not 8", 16),
])
def test_a_corrected_gpu_count_with_no_device_named(text: str, count: int) -> None:
    assert facts(text).get("hardware_count") == count
