"""ModelArch describes an architecture as its config.json does; counts and KV bytes follow from the shapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core import sizing_physics as phys
from bot.core.knowledge import ModelArch, load

K = load()


def _arch(**over) -> ModelArch:
    base = dict(
        id="t", name="T", family="t", layers=4, hidden_size=64, attention_heads=4, kv_heads=2, head_dim=16,
        context_length=4096, vocab_size=1000, ffn_size=128, capability="small", source="unit test", as_of="2026-12-01",
    )
    return ModelArch.model_validate({**base, **over})


def test_dense_counts_follow_the_shapes() -> None:
    m = _arch()
    s = m.split
    assert s.embedding == s.output == 64_000
    assert s.attention == 4 * (2 * 64 * 64 + 2 * 64 * 32)
    assert s.dense_ffn == 4 * 3 * 64 * 128
    assert m.params_b * 1e9 == s.total and m.active_params_b is None and not m.is_moe
    assert _arch(tied_embeddings=True).split.output == 0


def test_moe_counts_routed_shared_and_dense_layers() -> None:
    m = _arch(moe=dict(experts=8, experts_per_token=2, expert_ffn_size=32, shared_experts=1, first_dense_layers=1))
    assert (m.moe_layers, m.dense_layers) == (3, 1)
    s = m.split
    assert s.routed_experts == 3 * 8 * 3 * 64 * 32 and s.shared_experts == 3 * 3 * 64 * 32
    assert s.dense_ffn == 1 * 3 * 64 * 128 and s.router == 3 * 8 * 64
    assert s.active == pytest.approx(s.total - s.routed_experts * 6 / 8)
    assert m.is_moe and m.active_params_b == pytest.approx(s.active / 1e9)


def test_interleaved_moe_layers_llama4_maverick_style() -> None:
    m = _arch(layers=48, moe=dict(experts=128, experts_per_token=1, expert_ffn_size=32, layer_step=2))
    assert (m.moe_layers, m.dense_layers) == (24, 24)


def test_published_totals_of_catalog_moe_models() -> None:
    """Model cards: DeepSeek-V3 671 B / 37 B active; Qwen3-235B-A22B 235 B; gpt-oss-120b 116.8 B."""
    ds = K.models.get("deepseek-v3")
    assert ds.params_b == pytest.approx(671, rel=0.002) and ds.active_b == pytest.approx(37, rel=0.02)
    assert K.models.get("qwen3-235b-a22b").params_b == pytest.approx(235, rel=0.002)
    assert K.models.get("gpt-oss-120b").params_b == pytest.approx(116.8, rel=0.002)


def test_mla_caches_one_latent_per_layer() -> None:
    ds = K.models.get("deepseek-v3")
    assert ds.attention_kind == "mla"
    assert phys.kv_bytes_per_token(ds, "f16") == 61 * (512 + 64) * 2  # 70,272 bytes, not 61·2·128·192·2
    assert phys.kv_bytes(ds, "f16", 1000) == 1000 * 61 * 576 * 2


def test_sliding_window_layers_stop_growing_at_the_window() -> None:
    oss = K.models.get("gpt-oss-120b")
    per_layer = 2 * 8 * 64 * 2
    assert (oss.full_attention_layers, oss.window_layers, oss.sliding_window) == (18, 18, 128)
    assert phys.kv_bytes(oss, "f16", 100_000) == per_layer * (18 * 100_000 + 18 * 128)
    assert phys.kv_bytes(oss, "f16", 100) == phys.kv_bytes_per_token(oss, "f16") * 100
    gemma = K.models.get("gemma-3-27b")
    assert phys.kv_bytes(gemma, "f16", 32_768) < 0.3 * phys.kv_bytes_per_token(gemma, "f16") * 32_768


@given(st.integers(1, 300_000), st.integers(1, 300_000))
def test_kv_bytes_grow_with_context_and_never_exceed_full_attention(a: int, b: int) -> None:
    for m in (K.models.get("gpt-oss-20b"), K.models.get("gemma-3-27b"), K.models.get("llama-3.1-8b")):
        lo, hi = sorted((a, b))
        assert phys.kv_bytes(m, "f16", lo) <= phys.kv_bytes(m, "f16", hi)
        assert phys.kv_bytes(m, "f16", hi) <= phys.kv_bytes_per_token(m, "f16") * hi


def test_expert_bits_apply_to_routed_experts_only() -> None:
    oss = K.models.get("gpt-oss-20b")
    bf16 = K.quants.get("BF16")
    mixed = bf16.model_copy(update={"expert_bits": 4.25})
    saved = phys.weight_bytes(oss, bf16) - phys.weight_bytes(oss, mixed)
    assert saved == pytest.approx(oss.split.routed_experts * (16 - 4.25) / 8)
    read = phys.streamed_bytes(oss, bf16) - phys.streamed_bytes(oss, mixed)
    assert read == pytest.approx(oss.split.active_routed * (16 - 4.25) / 8)


def test_changed_copies_are_revalidated() -> None:
    mix = K.models.get("mixtral-8x7b")
    dense = mix.model_copy(update={"moe": None, "ffn_size": 14336})
    assert not dense.is_moe and dense.params_b < mix.params_b / 5
    with pytest.raises(ValidationError):
        mix.model_copy(update={"moe": None})  # every layer would need a dense ffn_size


@pytest.mark.parametrize(
    ("over", "needle"),
    [
        (dict(moe=dict(experts=4, experts_per_token=5, expert_ffn_size=8)), "experts_per_token"),
        (dict(mla=dict(kv_lora_rank=8, rope_head_dim=4, nope_head_dim=8, v_head_dim=8)), "head_dim"),
        (dict(ffn_size=None), "ffn_size"),
        (dict(sliding_window_layers=2), "sliding_window"),
        (dict(sliding_window=64, sliding_window_layers=9), "cannot exceed layers"),
        (dict(moe=dict(experts=4, experts_per_token=1, expert_ffn_size=8, first_dense_layers=4)), "no MoE layer"),
        (dict(kv_heads=3), "multiple of kv_heads"),
    ],
)
def test_inconsistent_shapes_are_refused(over: dict, needle: str) -> None:
    with pytest.raises(ValidationError, match=needle):
        _arch(**over)
