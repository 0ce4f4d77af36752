"""A ``.gguf`` file → architecture fields and exact parameter counts, read with the ``gguf`` package.

The header says the shapes (``{arch}.block_count``, ``.attention.head_count_kv``, ``.expert_count`` ...);
the tensor table gives exact sizes, split by role from llama.cpp's tensor names (``token_embd``,
``blk.N.attn_*``, ``blk.N.ffn_*_exps`` routed experts, ``*_shexp`` shared experts, ``ffn_gate_inp`` router).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from bot.core.model_arch import ParamSplit

from .errors import ModelImportError

SUPPORTED = {"llama", "mistral3", "qwen2", "qwen3", "qwen2moe", "qwen3moe", "phi3", "gemma2", "gemma3", "gpt-oss",
             "deepseek2", "glm4moe", "llama4", "mixtral", "minimax-m2", "olmo2"}
_BLOCK = re.compile(r"^blk\.\d+\.(.+)\.(weight|bias|scale)$")


def read_gguf(path: Path) -> tuple[dict[str, Any], ParamSplit, str]:
    """(ModelArch shape fields, exact ParamSplit, a display name) or ModelImportError."""
    try:
        from gguf import GGUFReader, LlamaFileType

        reader = GGUFReader(path)
    except ModuleNotFoundError:
        raise ModelImportError("reading GGUF files needs the gguf package (pip install gguf).") from None
    except Exception as e:  # the reader raises ValueError, struct errors, IndexError... on a broken file
        raise ModelImportError(f"{path.name}: not a readable GGUF file ({e.__class__.__name__}).") from None
    meta = {name: _value(field) for name, field in reader.fields.items() if not name.startswith("tokenizer.ggml.m")}
    arch = meta.get("general.architecture")
    if not isinstance(arch, str):
        raise ModelImportError(f"{path.name}: the GGUF header has no general.architecture.")
    if arch not in SUPPORTED:
        raise ModelImportError(f"{path.name}: architecture {arch!r} is not supported yet.")
    tensors = {t.name: int(t.n_elements) for t in reader.tensors}
    fields = _shapes(meta, arch, tensors, path.name)
    file_type = meta.get("general.file_type")
    if isinstance(file_type, int):
        with contextlib.suppress(ValueError):
            fields["native_quant"] = LlamaFileType(file_type).name.removeprefix("MOSTLY_").removeprefix("ALL_")
    split = _split(tensors, fields)
    label = meta.get("general.name") if isinstance(meta.get("general.name"), str) else path.stem
    return fields, split, str(label)


def _value(field: Any) -> Any:
    try:
        value = field.contents()
    except Exception:
        return None
    if isinstance(value, list) and value and not isinstance(value[0], str):
        return value
    return value


def _num(meta: dict[str, Any], key: str, where: str, default: int | None = None) -> int:
    value = meta.get(key)
    if isinstance(value, list):  # per-layer arrays (head_count_kv, feed_forward_length): the largest
        value = max((v for v in value if isinstance(v, int | float)), default=None)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return int(value)
    if default is not None:
        return default
    raise ModelImportError(f"{where}: the GGUF header has no usable {key}.")


def _shapes(meta: dict[str, Any], arch: str, tensors: dict[str, int], where: str) -> dict[str, Any]:
    a = arch
    layers = _num(meta, f"{a}.block_count", where)
    hidden = _num(meta, f"{a}.embedding_length", where)
    heads = _num(meta, f"{a}.attention.head_count", where)
    tokens = meta.get("tokenizer.ggml.tokens")
    vocab = len(tokens) if isinstance(tokens, list) and tokens else tensors.get("token_embd.weight", 0) // hidden
    fields: dict[str, Any] = {
        "layers": layers,
        "hidden_size": hidden,
        "attention_heads": heads,
        "kv_heads": _num(meta, f"{a}.attention.head_count_kv", where, default=heads),
        "head_dim": _num(meta, f"{a}.attention.key_length", where, default=hidden // heads),
        "context_length": _num(meta, f"{a}.context_length", where, default=4096),
        "vocab_size": vocab or _num(meta, f"{a}.vocab_size", where),
        "tied_embeddings": "output.weight" not in tensors,
    }
    experts = _num(meta, f"{a}.expert_count", where, default=0)
    if experts > 1:
        dense = _num(meta, f"{a}.leading_dense_block_count", where, default=0)
        fields["moe"] = {
            "experts": experts,
            "experts_per_token": _num(meta, f"{a}.expert_used_count", where),
            "expert_ffn_size": _num(meta, f"{a}.expert_feed_forward_length", where,
                                    default=_num(meta, f"{a}.feed_forward_length", where, default=1)),
            "shared_experts": _num(meta, f"{a}.expert_shared_count", where, default=0),
            "first_dense_layers": dense,
        }
        if dense:
            fields["ffn_size"] = _num(meta, f"{a}.feed_forward_length", where)
    else:
        fields["ffn_size"] = _num(meta, f"{a}.feed_forward_length", where)
    fields.update(_mla(meta, a, where))
    fields.update(_window(meta, a, layers))
    return fields


def _mla(meta: dict[str, Any], a: str, where: str) -> dict[str, Any]:
    if not meta.get(f"{a}.attention.kv_lora_rank"):
        return {}
    rope = _num(meta, f"{a}.rope.dimension_count", where)
    key = _num(meta, f"{a}.attention.key_length", where)
    q_rank = meta.get(f"{a}.attention.q_lora_rank")
    return {"mla": {"kv_lora_rank": _num(meta, f"{a}.attention.kv_lora_rank", where),
                    "q_lora_rank": q_rank if isinstance(q_rank, int) and q_rank > 0 else None,
                    "rope_head_dim": rope, "nope_head_dim": key - rope,
                    "v_head_dim": _num(meta, f"{a}.attention.value_length", where)}}


def _window(meta: dict[str, Any], a: str, layers: int) -> dict[str, Any]:
    window = meta.get(f"{a}.attention.sliding_window")
    if not isinstance(window, int) or window <= 0:
        return {}
    local = {"gemma3": layers - layers // 6, "gemma2": (layers + 1) // 2, "gpt-oss": layers // 2}.get(a)
    return {"sliding_window": window, **({"sliding_window_layers": local} if local is not None else {})}


def _split(tensors: dict[str, int], fields: dict[str, Any]) -> ParamSplit:
    parts = dict.fromkeys(("embedding", "output", "attention", "dense_ffn", "shared_experts", "routed_experts",
                           "router", "norms"), 0)
    for name, count in tensors.items():
        parts[_role(name)] += count
    moe = fields.get("moe") or {}
    return ParamSplit(**parts, experts=moe.get("experts", 0), experts_per_token=moe.get("experts_per_token", 0))


def _role(name: str) -> str:
    if name == "token_embd.weight":
        return "embedding"
    if name == "output.weight":
        return "output"
    m = _BLOCK.match(name)
    part = m.group(1) if m else name
    if "norm" in part:
        return "norms"
    if part.endswith("_exps"):
        return "routed_experts"
    if part.endswith("_shexp"):
        return "shared_experts"
    if part.startswith("ffn_gate_inp"):
        return "router"
    if part.startswith("ffn_"):
        return "dense_ffn"
    return "attention" if part.startswith("attn_") else "norms"
