"""Sizing Estimate rendering: verdict by fit, figures, limits."""

from __future__ import annotations

import re

from bot.core.sizing import Estimate
from bot.render.estimate import render_estimate, render_estimate_text
from bot.render.limits import check_message


def estimate(**over) -> Estimate:
    base = dict(model="llama-3.3-70b", quant="fp8", hardware="H100 SXM 80GB", gpus=2, engine="vllm",
                weights_gb=70.6, kv_cache_gb=20.0, overhead_gb=5.8, total_gb=96.4, available_gb=160.0,
                fits=True, fit_mode="tensor_parallel", decode_tokens_per_s=38.5, prefill_tokens_per_s=4200.0,
                ttft_ms=180.0, concurrency=32, max_concurrency=48, serving_output_tokens_per_s=2400.0,
                context=8192, kv_dtype="f16", notes=["fp8 KV cache would double the batch."])
    base.update(over)
    return Estimate(**base)


def test_fitting_estimate_blocks():
    message = render_estimate(estimate(), title="hardware llama-3.3-70b fp8 on H100")
    assert check_message(message) == []
    assert message["blocks"][0]["text"]["text"] == ":white_check_mark: Fits — llama-3.3-70b fp8 on 2 × H100 SXM 80GB"
    fields = [f["text"] for b in message["blocks"] for f in b.get("fields", [])]
    assert "*Memory*\n96.4 GB = 70.6 GB weights + 20.0 GB KV + 5.8 GB overhead" in fields
    assert "*Concurrency*\n32 (max 48)" in fields
    assert len(fields) <= 10


def test_not_fitting_and_memory_only():
    no = render_estimate(estimate(fits=False, fit_mode="none", decode_tokens_per_s=None, concurrency=None,
                                  max_concurrency=None, serving_output_tokens_per_s=None))
    assert no["blocks"][0]["text"]["text"].startswith(":x: Does not fit")
    assert check_message(no) == []
    mem = render_estimate(estimate(hardware=None, available_gb=None, fits=None, fit_mode=None))
    assert mem["blocks"][0]["text"]["text"] == ":abacus: Memory estimate — llama-3.3-70b fp8"


def test_offload_fraction_is_shown():
    text = render_estimate_text(estimate(fit_mode="cpu_offload", offload_fraction=0.3), color=False)
    assert "partly offloaded to CPU RAM (30% of weights in CPU RAM)" in text


def test_text_is_aligned_and_plain_without_colour():
    text = render_estimate_text(estimate(), color=False)
    assert not re.search(r"\x1b\[", text)
    lines = text.splitlines()
    assert lines[0] == "Fits — llama-3.3-70b fp8 on 2 × H100 SXM 80GB"
    starts = {re.match(r"^\S.*?\s{2,}(?=\S)", line).end() for line in lines[1:10]}
    assert len(starts) == 1, lines  # every value starts in the same column
    assert "\x1b[" in render_estimate_text(estimate(), color=True)


def test_many_notes_stay_within_limits():
    message = render_estimate(estimate(notes=[f"note {i} " + "bandwidth " * 200 for i in range(300)]))
    assert check_message(message) == []
    assert "more notes" in message["blocks"][-1]["text"]["text"]
