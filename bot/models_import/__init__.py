"""``models add SOURCE``: an open model's architecture from its own files.

SOURCE is a Hugging Face ``config.json`` (with ``model.safetensors.index.json`` beside it when present), a
local model folder, a ``.gguf`` file, or ``hf:ORG/NAME`` (fetched with ``huggingface_hub``; ``HF_ENDPOINT``
points it elsewhere). Every failure is one ``ModelImportError`` sentence naming the problem; nothing is
returned half-built. The parsing of a config is pure (``bot/core/hf_config.py``); this package reads files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.core.hf_config import ConfigError, arch_fields
from bot.core.model_arch import ModelArch

from .errors import ModelImportError
from .gguf_file import read_gguf

__all__ = ["ModelImportError", "load_source", "model_id"]

MAX_CONFIG_BYTES = 2_000_000  # a config.json is a few KB; refuse anything that is clearly not one
_ID_BAD = re.compile(r"[^a-z0-9._-]+")


def model_id(name: str) -> str:
    """A catalog id from a name: 'Qwen/Qwen3-8B' → 'qwen3-8b'."""
    tail = name.strip().rsplit("/", 1)[-1].lower()
    ident = _ID_BAD.sub("-", tail).strip("-._")
    if not ident:
        raise ModelImportError(f"{name!r} gives no usable model id; pass --name with letters or digits.")
    return ident


def load_source(source: str, name: str | None, today: dt.date) -> ModelArch:
    """The model a SOURCE describes, validated; raises ModelImportError (one sentence)."""
    if source.startswith("hf:"):
        from .hub import fetch_config

        repo = source[3:].strip()
        config, index = fetch_config(repo)
        return _from_config(config, index, name or repo, f"config.json of huggingface.co/{repo}", today)
    path = Path(source).expanduser()
    if path.is_dir():
        return _from_folder(path, name, today)
    if not path.exists():
        raise ModelImportError(f"{source}: no such file or folder (or write hf:ORG/NAME for a Hugging Face repo).")
    if path.suffix.lower() == ".gguf":
        fields, counted, label = read_gguf(path)
        return _validated({**fields, "counted": counted}, name or label, f"GGUF file {path.name}", today)
    return _from_config(_read_json(path), _index_beside(path), name or _name_from(path), f"{path.name}", today)


def _from_folder(path: Path, name: str | None, today: dt.date) -> ModelArch:
    config = path / "config.json"
    if config.is_file():
        return _from_config(_read_json(config), _index_beside(config), name or path.name, f"{path.name}/config.json",
                            today)
    ggufs = sorted(path.glob("*.gguf"))
    if ggufs:
        fields, counted, label = read_gguf(ggufs[0])
        return _validated({**fields, "counted": counted}, name or label, f"GGUF file {ggufs[0].name}", today)
    raise ModelImportError(f"{path}: the folder has neither a config.json nor a .gguf file.")


def _name_from(path: Path) -> str:
    return path.parent.name if path.name == "config.json" and path.parent.name else path.stem


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ModelImportError(f"{path.name}: {path.stat().st_size:,} bytes is too large for a config.json.")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ModelImportError(f"{path.name}: cannot read the file ({e.__class__.__name__}).") from None
    except json.JSONDecodeError as e:
        raise ModelImportError(f"{path.name}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}).") from None


def _index_beside(config: Path) -> Any:
    index = config.parent / "model.safetensors.index.json"
    return _read_json(index) if index.is_file() else None


def _from_config(config: Any, index: Any, name: str, where: str, today: dt.date) -> ModelArch:
    try:
        fields = arch_fields(config)
    except ConfigError as e:
        raise ModelImportError(f"{where}: {e}") from None
    note = ""
    exact = _index_params(index, fields.get("native_quant"))
    if exact:
        derived = _validated(fields, name, where, today).split.total
        extra = exact - derived
        if extra > 0.005 * derived and _has_extra_tower(index):
            fields["extra_params_b"] = round(extra / 1e9, 4)
        note = f"; safetensors index: {exact / 1e9:.3f} B parameters (derived {derived / 1e9:.3f} B)"
    return _validated(fields, name, where + note, today)


def _index_params(index: Any, native: str | None) -> int | None:
    """Exact parameter count from ``metadata.total_size`` when every weight is 16-bit (2 bytes each)."""
    if not isinstance(index, dict) or native not in ("BF16", "F16"):
        return None
    total = (index.get("metadata") or {}).get("total_size")
    return int(total) // 2 if isinstance(total, int | float) and total > 0 else None


def _has_extra_tower(index: dict[str, Any]) -> bool:
    names = index.get("weight_map") or {}
    return any(k in n for n in names for k in ("vision", "visual", "mm_projector", "multi_modal_projector"))


def _validated(fields: dict[str, Any], name: str, where: str, today: dt.date) -> ModelArch:
    entry = {
        **fields,
        "id": model_id(name),
        "name": name.strip().rsplit("/", 1)[-1][:80],
        "aliases": [name.strip()] if "/" in name else [],
        "family": "custom",
        "capability": "mid",  # replaced below by the class its parameter count puts it in
        "source": f"added with `models add` from {where}",
        "as_of": today,
    }
    try:
        model = ModelArch.model_validate(entry)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "config"
        raise ModelImportError(f"{where}: the architecture is inconsistent ({field}: {first['msg']}).") from None
    return model.model_copy(update={"capability": _capability_of(model)})


def _capability_of(m: ModelArch) -> str:
    """The catalog's size classes: small ≤ 16 B, mid ≤ 80 B, large above."""
    return "small" if m.params_b <= 16 else ("mid" if m.params_b <= 80 else "large")
