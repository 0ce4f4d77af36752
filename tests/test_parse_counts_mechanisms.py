"""Counts, volumes and measures read by general mechanisms (issue #17, tuning set d), each shown on phrasings
written for this test, beyond the tuning sentence that exposed it."""

from __future__ import annotations

import pytest

from tests.parse_support import check

DEVICES = [
    # a look-back window that starts inside a word ('Currently' → 'rently') must not read as 'rent'
    ("Currently own: 3 nodes with 2x L40S each.", {"hardware": "l40s", "hardware_count": 6}),
    ("Apparently we have 2 A10s in the lab", {"hardware": "a10", "hardware_count": 2}),
    # devices per unit of anything the message counts elsewhere, whatever the unit is called
    ("One L4 per ambulance, 35 ambulances in the fleet.", {"hardware": "l4", "hardware_count": 35}),
    ("an RTX 4090 per analyst desk, 12 analysts", {"hardware": "rtx-4090", "hardware_count": 12}),
    ("We run 4 A100s per rack. Three racks in total.", {"hardware": "a100-sxm-80gb", "hardware_count": 12}),
    ("2 L40S per server; we have 5 servers", {"hardware": "l40s", "hardware_count": 10}),
    ("one A10 for each branch office, 9 branch offices", {"hardware": "a10", "hardware_count": 9}),
    # boxes counted before the device, GPUs per box after it (the GPU noun may be left out)
    ("we own a pair of H200 servers with 8 each", {"hardware": "h200", "hardware_count": 16}),
    ("three A100 nodes, 4 each", {"hardware": "a100-sxm-80gb", "hardware_count": 12}),
    # a total said in brackets right after the device phrase
    ("we have 4 H100 boxes (32 GPUs) in the basement", {"hardware": "h100-sxm", "hardware_count": 32}),
    ("3 L40S machines [12 cards total]", {"hardware": "l40s", "hardware_count": 12}),
    ("our 3 H200 nodes (8 GPUs each)", {"hardware": "h200", "hardware_count": 24}),
    # boxes × a per-box GPU count written as an adjective
    ("We own 3x 4-GPU L40S servers", {"hardware": "l40s", "hardware_count": 12}),
    # a count of cards, then which cards
    ("the box has 4 NVIDIA datacenter cards: L4s", {"hardware": "l4", "hardware_count": 4}),
    # counter words in other languages
    ("Mamy 6 kart A100 w serwerowni.", {"hardware": "a100-sxm-80gb", "hardware_count": 6}),
    ("Wij hebben 3 stuks L40S.", {"hardware": "l40s", "hardware_count": 3}),
    ("L4 4장으로 운영 중입니다", {"hardware": "l4", "hardware_count": 4}),
    ("社内に H200 16台 があります", {"hardware": "h200", "hardware_count": 16}),
    # an 'each' of another clause with other numbers is not a fleet ('30 requests each')
    ("Qwen3 8B on 1 L4, 40 users, 25 requests each per day, ~800 tokens", {"hardware": "l4", "hardware_count": 1}),
    # digits inside a device name are never a fleet ('6000 Ada box')
    ("7 sites, each with one RTX 6000 Ada box", {"hardware": "rtx-6000-ada", "hardware_count": 7}),
    # memory and form factor after the name pick the variant
    ("we own 2 A100s, the 80GB PCIe ones", {"hardware": "a100-pcie-80gb", "hardware_count": 2}),
    ("8 H100s - PCIe", {"hardware": "h100-pcie", "hardware_count": 8}),
]


@pytest.mark.parametrize(("text", "expected"), DEVICES)
def test_device_counts(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


VOLUMES = [
    # units of anything counted, then spoken of one at a time: the rate per unit times the units
    ("We have 60 branches. Each branch sends ~200 emails a day through it, about 900 tokens an email.",
     {"tokens_per_day": 60 * 200 * 900}),
    ("450 franchisees, each maybe 12 questions a day at ~700 tokens", {"tokens_per_day": 450 * 12 * 700}),
    ("It runs in our call centres, 9 of them. Each one handles 3,000 calls a day, 2k tokens per call.",
     {"tokens_per_day": 9 * 3000 * 2000}),
    ("Every clinic (there are 25) logs about 80 notes a day, ~1,500 tokens per note.",
     {"tokens_per_day": 25 * 80 * 1500}),
    ("A copilot in each of 12 warehouses: 400 lookups/day per warehouse, ~300 tokens each.",
     {"tokens_per_day": 12 * 400 * 300}),
    ("Each tenant is about 5M tokens a week and we host 14 of them.", {"tokens_per_day": 14 * 5e6 / 7}),
    # not every counted noun is a unit of the workload
    ("We are 12 people. We process 2,000 tickets a day at ~1k tokens each.", {"tokens_per_day": 2e6}),
    # 'of them' is a GPU count only where GPUs were spoken of
    ("We serve 30 schools; we have 30 of them on the pilot, each asks 10 questions a day at 500 tokens.",
     {"hardware_count": None}),
    # a cost question asks about the workload it describes unless another volume is stated
    ("How much would it cost to serve 300 agents, each doing 40 requests a day of 2k tokens?",
     {"tokens_per_day": 300 * 40 * 2000}),
    ("What would 80M tokens/day cost us? Today we're at 8M.", {"tokens_per_day": 8e6}),
    # a shift is a day's work unless said otherwise
    ("25 nurses, ~30 queries per shift, ~1.2k tokens each", {"tokens_per_day": 25 * 30 * 1200}),
]


@pytest.mark.parametrize(("text", "expected"), VOLUMES)
def test_volumes(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


PEAKS = [
    # a peak word, a few words, then a multiplier in the same clause
    ("about 20M tokens a day, exam weeks 3x", {"tokens_per_day": 20e6, "peak_to_average": 3}),
    ("Rush hour is roughly 2.5x. Otherwise ~5M tokens/day.", {"peak_to_average": 2.5, "tokens_per_day": 5e6}),
    ("cyber monday we hit 6x, regular days ~10M tokens", {"peak_to_average": 6, "tokens_per_day": 10e6}),
    # ... but not a multiplier of something else
    ("at peak we'd need 3x more GPUs", {"peak_to_average": None}),
    # an adjective before the average word
    ("the busiest minute was 5x the hourly average", {"peak_to_average": 5}),
    # the average as a part of the peak said before it
    ("We hit 200 requests/s at peak and about half of that on average, 1k tokens per request.",
     {"peak_to_average": 2, "tokens_per_day": 100 * 86_400 * 1000}),
    ("The 90M I quoted is the peak. Average is roughly a third of that.", {"peak_to_average": 3}),
    # any count at peak and on average
    ("800 drivers online at peak, ~200 on a normal afternoon", {"peak_to_average": 4}),
    ("3,000 concurrent sessions at the peak, 600 on average", {"peak_to_average": 5}),
    # 'averaging' is an average word; 'worst hour' names a peak; plural period labels
    ("9,000 calls an hour at peak, averaging 3,000 an hour, ~1k tokens per call",
     {"tokens_per_day": 3000 * 24 * 1000, "peak_to_average": 3}),
    ("Usual load is 600 requests/hour; the worst hour I've seen was 1,800. 2k tokens per request.",
     {"peak_to_average": 3, "tokens_per_day": 600 * 24 * 2000}),
    ("on normal days ~12M tokens", {"tokens_per_day": 12e6}),
]


@pytest.mark.parametrize(("text", "expected"), PEAKS)
def test_peaks(text: str, expected: dict[str, object]) -> None:
    check(text, expected)
