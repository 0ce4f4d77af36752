"""An open-weight model's architecture, described the way its Hugging Face ``config.json`` describes it.

Dense and mixture-of-experts feed-forward blocks, MHA/GQA/MQA and multi-head latent attention (MLA),
sliding-window or chunked local attention on some layers, tied embeddings. Parameter counts are derived from
these shapes (``ParamSplit``), or read exactly from the weight files when a model was imported from them
(``counted``); they are never typed next to the shapes. ``params_b`` / ``active_params_b`` / ``active_b``
keep their old meaning for callers.

Names of config.json keys are given next to each field so an importer (``bot/models_import``) and a reader
can map one to the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from .sourced import NonNegFloat, Sourced, Strict

Count = int


class Moe(Strict):
    """Mixture-of-experts feed-forward layers (config keys in brackets)."""

    experts: int = Field(gt=1)  # routed experts per MoE layer [num_local_experts, num_experts, n_routed_experts]
    experts_per_token: int = Field(gt=0)  # [num_experts_per_tok, experts_per_token]
    expert_ffn_size: int = Field(gt=0)  # one expert's intermediate size [moe_intermediate_size, intermediate_size]
    shared_experts: int = Field(default=0, ge=0)  # always-on experts per MoE layer [n_shared_experts]
    shared_ffn_size: int | None = Field(default=None, gt=0)  # one shared expert's size; default expert_ffn_size
    first_dense_layers: int = Field(default=0, ge=0)  # leading dense layers [first_k_dense_replace]
    layer_step: int = Field(default=1, ge=1)  # every Nth layer after those is MoE [interleave_moe_layer_step]

    @model_validator(mode="after")
    def _active_within_routed(self) -> Moe:
        if self.experts_per_token > self.experts:
            raise ValueError("experts_per_token cannot exceed experts")
        return self

    def layer_count(self, layers: int) -> int:
        """MoE layers among `layers`: layer i ≥ first_dense_layers with (i - first_dense_layers + 1) % step == 0."""
        return max(layers - self.first_dense_layers, 0) // self.layer_step

    @property
    def shared_size(self) -> int:
        return self.shared_ffn_size or self.expert_ffn_size


class Mla(Strict):
    """Multi-head latent attention (DeepSeek-V2/V3, Kimi K2): K and V are cached as one compressed latent
    of kv_lora_rank values plus a shared rotary key of rope_head_dim values per layer."""

    kv_lora_rank: int = Field(gt=0)  # [kv_lora_rank]
    q_lora_rank: int | None = Field(default=None, gt=0)  # [q_lora_rank]; None = full-rank query projection
    rope_head_dim: int = Field(gt=0)  # [qk_rope_head_dim]
    nope_head_dim: int = Field(gt=0)  # [qk_nope_head_dim]
    v_head_dim: int = Field(gt=0)  # [v_head_dim]


class ParamSplit(Strict):
    """Parameter counts by role. ``routed_experts`` holds every expert of every MoE layer; ``other`` is loaded
    but off the decode path (vision tower, projector)."""

    embedding: Count = Field(ge=0)
    output: Count = Field(ge=0)  # lm head; 0 when tied to the embedding
    attention: Count = Field(ge=0)  # all layers: projections (+ MLA down/up projections)
    dense_ffn: Count = Field(ge=0)  # feed-forward of the dense layers
    shared_experts: Count = Field(default=0, ge=0)
    routed_experts: Count = Field(default=0, ge=0)
    router: Count = Field(default=0, ge=0)
    norms: Count = Field(default=0, ge=0)
    other: Count = Field(default=0, ge=0)
    experts_per_token: int = Field(default=0, ge=0)  # to derive the routed share read per token
    experts: int = Field(default=0, ge=0)

    @property
    def total(self) -> int:
        return (
            self.embedding + self.output + self.attention + self.dense_ffn + self.shared_experts
            + self.routed_experts + self.router + self.norms + self.other
        )

    @property
    def active_routed(self) -> float:
        """Routed-expert parameters one token uses (experts_per_token of experts in every MoE layer)."""
        if not self.experts:
            return float(self.routed_experts)
        return self.routed_experts * self.experts_per_token / self.experts

    @property
    def active(self) -> float:
        """Parameters one token touches (every part but the unused experts and the off-path `other`)."""
        return self.total - self.other - self.routed_experts + self.active_routed


AttentionKind = Literal["mha", "gqa", "mqa", "mla"]


class ModelArch(Sourced):
    """An open-weight model's architecture facts (from its config.json; keys in brackets)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    aliases: list[str] = []
    family: str
    layers: int = Field(gt=0)  # [num_hidden_layers]
    hidden_size: int = Field(gt=0)  # [hidden_size]
    attention_heads: int = Field(gt=0)  # [num_attention_heads]
    kv_heads: int = Field(gt=0)  # [num_key_value_heads]
    head_dim: int = Field(gt=0)  # [head_dim], else hidden/heads; MLA: qk_nope + qk_rope
    context_length: int = Field(gt=0)  # [max_position_embeddings]
    vocab_size: int = Field(gt=0)  # [vocab_size]
    tied_embeddings: bool = False  # [tie_word_embeddings]
    ffn_size: int | None = Field(default=None, gt=0)  # dense layers' FFN [intermediate_size]; None if all MoE
    ffn_matrices: Literal[2, 3] = 3  # 3 = gated (SwiGLU/GeGLU: gate, up, down); 2 = plain MLP
    moe: Moe | None = None
    mla: Mla | None = None
    sliding_window: int | None = Field(default=None, gt=0)  # local window / chunk, tokens [sliding_window]
    sliding_window_layers: int | None = Field(default=None, ge=0)  # layers using it; None = all (when set)
    extra_params_b: NonNegFloat = 0.0  # loaded but off the decode path (vision tower), billions; say so in source
    counted: ParamSplit | None = None  # exact counts read from the weight files (GGUF/safetensors) when imported
    native_quant: str | None = None  # quant id of the published weights (BF16, FP8, MXFP4_MOE, ...)
    capability: Literal["small", "mid", "large"]  # the class of work it does well
    quality_rank: int = Field(default=50, ge=0, le=100)  # higher = stronger, to pick the best that fits
    license: str | None = None
    released: dt.date | None = None

    _split: ParamSplit | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> ModelArch:
        if self.mla is None and self.attention_heads % self.kv_heads:
            raise ValueError("attention_heads must be a multiple of kv_heads")
        if self.mla is not None and self.head_dim != self.mla.nope_head_dim + self.mla.rope_head_dim:
            raise ValueError("head_dim must equal mla.nope_head_dim + mla.rope_head_dim for MLA models")
        if self.dense_layers and self.ffn_size is None:
            raise ValueError(f"ffn_size is required: {self.dense_layers} layer(s) have a dense feed-forward block")
        if self.sliding_window_layers is not None:
            if self.sliding_window is None:
                raise ValueError("sliding_window_layers needs sliding_window")
            if self.sliding_window_layers > self.layers:
                raise ValueError("sliding_window_layers cannot exceed layers")
        if self.moe is not None and self.moe.layer_count(self.layers) == 0:
            raise ValueError("moe describes no MoE layer (first_dense_layers / layer_step too large)")
        return self

    def model_post_init(self, context: Any, /) -> None:
        self._split = self.counted or derive_split(self)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> ModelArch:
        """A changed copy is re-validated, so derived counts follow the changed shapes."""
        if update:
            return type(self).model_validate({**self.model_dump(), **update})
        return super().model_copy(deep=deep)

    # --- derived facts --------------------------------------------------------------------------

    @property
    def split(self) -> ParamSplit:
        # read from pydantic's private-attribute dict directly: ``self._split`` goes through BaseModel.__getattr__
        # (6 µs a read, 100x this), and the sizing engine reads it ~17,000 times on a cold answer
        found: ParamSplit | None = self.__pydantic_private__["_split"]  # type: ignore[index]
        assert found is not None
        return found

    @property
    def params_b(self) -> float:
        """Total parameters, billions (what memory holds)."""
        return self.split.total / 1e9

    @property
    def active_params_b(self) -> float | None:
        """MoE: parameters used per token, billions; None for dense models."""
        return self.split.active / 1e9 if self.is_moe else None

    @property
    def active_b(self) -> float:
        return self.split.active / 1e9

    @property
    def is_moe(self) -> bool:
        return self.moe is not None or self.split.routed_experts > 0

    @property
    def moe_layers(self) -> int:
        return self.moe.layer_count(self.layers) if self.moe else 0

    @property
    def dense_layers(self) -> int:
        return self.layers - self.moe_layers

    @property
    def attention_kind(self) -> AttentionKind:
        if self.mla is not None:
            return "mla"
        if self.kv_heads == self.attention_heads:
            return "mha"
        return "mqa" if self.kv_heads == 1 else "gqa"

    @property
    def kv_values_per_layer(self) -> int:
        """Cached values per token per layer: K and V per KV head, or MLA's latent + rotary key."""
        if self.mla is not None:
            return self.mla.kv_lora_rank + self.mla.rope_head_dim
        return 2 * self.kv_heads * self.head_dim

    @property
    def window_layers(self) -> int:
        """Layers whose cache holds at most `sliding_window` tokens."""
        if self.sliding_window is None:
            return 0
        return self.layers if self.sliding_window_layers is None else self.sliding_window_layers

    @property
    def full_attention_layers(self) -> int:
        return self.layers - self.window_layers


def attention_params(m: ModelArch) -> int:
    """Projection weights of one attention block (biases and norms are under 0.1% and left out)."""
    h, heads = m.hidden_size, m.attention_heads
    if m.mla is None:
        q_and_o = 2 * h * heads * m.head_dim
        return q_and_o + 2 * h * m.kv_heads * m.head_dim
    a = m.mla
    q = h * heads * m.head_dim if a.q_lora_rank is None else a.q_lora_rank * (h + heads * m.head_dim + 1)
    kv_down = h * (a.kv_lora_rank + a.rope_head_dim) + a.kv_lora_rank
    kv_up = a.kv_lora_rank * heads * (a.nope_head_dim + a.v_head_dim)
    return q + kv_down + kv_up + heads * a.v_head_dim * h


def derive_split(m: ModelArch) -> ParamSplit:
    """Parameter counts from the shapes (what a config.json implies)."""
    h, mats = m.hidden_size, m.ffn_matrices
    emb = m.vocab_size * h
    moe, moe_layers = m.moe, m.moe_layers
    return ParamSplit(
        embedding=emb,
        output=0 if m.tied_embeddings else emb,
        attention=m.layers * attention_params(m),
        dense_ffn=m.dense_layers * mats * h * (m.ffn_size or 0),
        shared_experts=moe_layers * moe.shared_experts * mats * h * moe.shared_size if moe else 0,
        routed_experts=moe_layers * moe.experts * mats * h * moe.expert_ffn_size if moe else 0,
        router=moe_layers * moe.experts * h if moe else 0,
        norms=(2 * m.layers + 1) * h,
        other=round(m.extra_params_b * 1e9),
        experts_per_token=moe.experts_per_token if moe else 0,
        experts=moe.experts if moe else 0,
    )
