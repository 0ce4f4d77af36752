"""A Hugging Face ``config.json`` (already parsed) → the architecture fields of a ``ModelArch``.

Pure: no files, no network. Knows the config dialects of the families in use (Llama, Mistral/Mixtral, Qwen2/3
dense and MoE, Phi-3/4, Gemma 2/3, gpt-oss, DeepSeek-V2/V3/V3.2, Kimi K2, GLM-4.5+, Llama 4, MiniMax-M2);
anything else is refused with one sentence naming the architecture, never guessed.
"""

from __future__ import annotations

from typing import Any

DENSE = {"llama", "mistral", "qwen2", "qwen3", "phi3", "gemma2", "gemma3", "gemma3_text", "olmo2", "exaone4"}
MOE = {"mixtral", "qwen2_moe", "qwen3_moe", "gpt_oss", "deepseek_v2", "deepseek_v3", "deepseek_v32", "kimi_k2",
       "glm4_moe", "llama4", "llama4_text", "minimax_m2"}
TIED_BY_DEFAULT = {"gemma2", "gemma3", "gemma3_text"}
ALWAYS_MOE_EVERY_LAYER = {"mixtral", "gpt_oss", "minimax_m2"}  # intermediate_size is the expert's size


class ConfigError(ValueError):
    """The config cannot describe a model we can size; the message is one sentence naming the problem."""


def text_config(config: dict[str, Any]) -> dict[str, Any]:
    """Multimodal wrappers (Llama 4, Gemma 3, Kimi K2.5) keep the language model under ``text_config``."""
    inner = config.get("text_config")
    if isinstance(inner, dict):
        return {"tie_word_embeddings": config.get("tie_word_embeddings"), **inner,
                "model_type": inner.get("model_type") or config.get("model_type")}
    return config


def _int(c: dict[str, Any], *keys: str, default: int | None = None) -> int:
    for key in keys:
        value = c.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and value > 0:
            return value
        if isinstance(value, float) and value.is_integer() and value > 0:
            return int(value)
    if default is not None:
        return default
    raise ConfigError(f"config.json has no usable {keys[0]!r} (a positive integer).")


def model_type(config: dict[str, Any]) -> str:
    if not isinstance(config, dict):
        raise ConfigError("config.json is not a JSON object.")
    kind = text_config(config).get("model_type")
    if not isinstance(kind, str) or not kind:
        raise ConfigError("config.json has no 'model_type', so its architecture is unknown.")
    if kind not in DENSE | MOE:
        raise ConfigError(f"architecture {kind!r} is not supported yet (supported: {', '.join(sorted(DENSE | MOE))}).")
    return kind


def arch_fields(config: dict[str, Any]) -> dict[str, Any]:
    """The ModelArch shape fields a config describes (no names, sources or editorial fields)."""
    kind = model_type(config)
    c = text_config(config)
    heads = _int(c, "num_attention_heads")
    hidden = _int(c, "hidden_size")
    fields: dict[str, Any] = {
        "layers": _int(c, "num_hidden_layers"),
        "hidden_size": hidden,
        "attention_heads": heads,
        "kv_heads": _int(c, "num_key_value_heads", default=heads),
        "head_dim": _int(c, "head_dim", default=hidden // heads),
        "context_length": _int(c, "max_position_embeddings", default=4096),
        "vocab_size": _int(c, "vocab_size"),
        "tied_embeddings": _tied(c, kind),
    }
    fields.update(_mla(c))
    fields.update(_ffn(c, kind, fields["layers"]))
    fields.update(_window(c, kind, fields["layers"], fields["context_length"]))
    native = native_quant({**c, **{k: v for k, v in config.items() if k in ("quantization_config", "torch_dtype")}},
                          moe="moe" in fields)
    if native:
        fields["native_quant"] = native
    return fields


def _tied(c: dict[str, Any], kind: str) -> bool:
    value = c.get("tie_word_embeddings")
    return bool(value) if isinstance(value, bool) else kind in TIED_BY_DEFAULT


def _mla(c: dict[str, Any]) -> dict[str, Any]:
    if not c.get("kv_lora_rank"):
        return {}
    rope, nope = _int(c, "qk_rope_head_dim"), _int(c, "qk_nope_head_dim")
    mla = {
        "kv_lora_rank": _int(c, "kv_lora_rank"),
        "q_lora_rank": c.get("q_lora_rank") or None,
        "rope_head_dim": rope,
        "nope_head_dim": nope,
        "v_head_dim": _int(c, "v_head_dim"),
    }
    return {"mla": mla, "head_dim": rope + nope}


def _ffn(c: dict[str, Any], kind: str, layers: int) -> dict[str, Any]:
    experts = _int(c, "n_routed_experts", "num_local_experts", "num_experts", default=0)
    if kind in DENSE or experts <= 1:
        return {"ffn_size": _int(c, "intermediate_size")}
    every_layer = kind in ALWAYS_MOE_EVERY_LAYER
    expert_size = _int(c, "intermediate_size") if every_layer else _int(c, "moe_intermediate_size", "intermediate_size")
    moe: dict[str, Any] = {
        "experts": experts,
        "experts_per_token": _int(c, "num_experts_per_tok", "experts_per_token", "num_experts_per_token"),
        "expert_ffn_size": expert_size,
        "first_dense_layers": _int(c, "first_k_dense_replace", default=0) if "first_k_dense_replace" in c else 0,
        "layer_step": _int(c, "interleave_moe_layer_step", "decoder_sparse_step", "moe_layer_freq", default=1),
    }
    moe.update(_shared(c, kind))
    out: dict[str, Any] = {"moe": moe}
    dense_size = c.get("intermediate_size_mlp") if kind.startswith("llama4") else c.get("intermediate_size")
    dense_layers = layers - max(layers - moe["first_dense_layers"], 0) // moe["layer_step"]
    if dense_layers and not every_layer:
        out["ffn_size"] = _int({"s": dense_size}, "s")
    return out


def _shared(c: dict[str, Any], kind: str) -> dict[str, Any]:
    size = c.get("shared_expert_intermediate_size")
    if isinstance(size, int) and size > 0:  # Qwen2-MoE: one shared expert of its own size
        return {"shared_experts": 1, "shared_ffn_size": size}
    if kind.startswith("llama4"):  # one shared expert the size of a routed one
        return {"shared_experts": 1}
    shared = c.get("n_shared_experts") or 0
    return {"shared_experts": int(shared)} if isinstance(shared, int) and shared > 0 else {}


def _window(c: dict[str, Any], kind: str, layers: int, context: int) -> dict[str, Any]:
    """Layers that cache at most a window (or chunk) of tokens, from the config's own description."""
    if kind.startswith("llama4") and c.get("attention_chunk_size"):
        flags = c.get("no_rope_layers")  # 1 = chunked local attention with RoPE, 0 = global NoPE layer
        local = sum(1 for f in flags if f) if isinstance(flags, list) and flags else layers * 3 // 4
        return {"sliding_window": _int(c, "attention_chunk_size"), "sliding_window_layers": local}
    window = c.get("sliding_window")
    if not isinstance(window, int) or window <= 0 or window >= context or c.get("use_sliding_window") is False:
        return {}
    types = c.get("layer_types")
    if isinstance(types, list) and types:
        local = sum(1 for t in types if t == "sliding_attention")
    elif kind.startswith("gemma3"):
        local = layers - layers // _int(c, "sliding_window_pattern", default=6)
    elif kind == "gemma2":
        local = (layers + 1) // 2
    else:
        return {"sliding_window": window}  # every layer (Mistral 7B v0.1)
    return {"sliding_window": window, "sliding_window_layers": local} if local else {}


def native_quant(config: dict[str, Any], *, moe: bool = False) -> str | None:
    """The catalog quant id of the published weights, from quantization_config or torch_dtype."""
    q = config.get("quantization_config")
    if isinstance(q, dict):
        method = str(q.get("quant_method", "")).lower()
        if method == "mxfp4":
            return "MXFP4_EXPERTS"
        if method == "fp8":
            return "FP8"
        if method in ("compressed-tensors", "awq", "gptq"):
            bits = _bits(q)
            if bits == 4:
                return "INT4_MOE" if moe else ("AWQ" if method == "awq" else "GPTQ")
            return "INT8" if bits == 8 else None
        return None
    dtype = str(config.get("torch_dtype") or config.get("dtype") or "").lower()
    return {"bfloat16": "BF16", "float16": "F16"}.get(dtype)


def _bits(q: dict[str, Any]) -> int | None:
    if isinstance(q.get("bits"), int):
        return int(q["bits"])
    for group in (q.get("config_groups") or {}).values():
        weights = group.get("weights") if isinstance(group, dict) else None
        if isinstance(weights, dict) and isinstance(weights.get("num_bits"), int):
            return int(weights["num_bits"])
    return None
