"""`selfhost-bot models add SOURCE [--name N]`, `models list`, `models remove ID`: a workspace's own models.

SOURCE: a config.json (the safetensors index beside it is read too), a model folder, a .gguf file, or
hf:ORG/NAME. Exit codes: 0 done; 1 nothing to remove; 2 bad input (one sentence, nothing stored); 3 database.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from bot.cli.common import CliError, emit_json, knowledge
from bot.cli.store_cmds import LOCAL_TEAM, _open, _ws
from bot.core.model_arch import ModelArch
from bot.models_import import ModelImportError, load_source
from bot.store import StoreError
from bot.workspace_knowledge import for_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "models", help="add, list or remove your own open models (from config.json, a folder, GGUF or hf:)",
        description="models add SOURCE [--name N]: read an open model's architecture from its config.json, "
        "model folder, .gguf file or hf:ORG/NAME and keep it for this workspace; models list; models remove ID.",
    )
    p.add_argument("action", choices=["add", "list", "remove"])
    p.add_argument("source", nargs="?", help="add: config.json | folder | file.gguf | hf:ORG/NAME; remove: ID")
    p.add_argument("--name", help="add: the model's name (default: from the source)")
    p.add_argument("--replace", action="store_true", help="add: replace an added model of the same id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--db", type=Path, help="SQLite file (default: $SELFHOST_DB or the user data dir)")
    p.add_argument("--team", default=LOCAL_TEAM, help="workspace team id (default: the local workspace)")
    p.add_argument("--enterprise", help="Enterprise Grid id")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.source:
        raise CliError(f"usage: selfhost-bot models {args.action} {'SOURCE' if args.action == 'add' else 'ID'}")
    store = _open(args)
    try:
        return {"add": add, "list": list_models, "remove": remove}[args.action](args, store)
    finally:
        store.close()


def add(args: argparse.Namespace, store: Any) -> int:
    now = dt.datetime.now(dt.UTC)
    try:
        model = load_source(args.source, args.name, now.date())
    except ModelImportError as e:
        raise CliError(str(e)) from None
    k = knowledge()
    if k.models.find(model.id) is not None:
        raise CliError(f"{model.id!r} is already in the shipped catalog; pass --name to add it under another name.")
    if model.native_quant and k.quants.find(model.native_quant) is None:
        model = model.model_copy(update={"native_quant": None})
    try:
        store.custom_models.add(_ws(args), model.id, model.model_dump(mode="json"), now, replace=args.replace)
    except StoreError as e:
        raise CliError(str(e)) from None
    if args.json:
        emit_json(summary(model))
    else:
        print(describe(model))
    return 0


def list_models(args: argparse.Namespace, store: Any) -> int:
    k = for_workspace(knowledge(), store, _ws(args))
    added = [m for m in k.models if m.family == "custom" or m.source.startswith("added with")]
    if args.json:
        emit_json([summary(m) for m in added])
    elif not added:
        print("No added models in this workspace; add one with `selfhost-bot models add SOURCE`.")
    else:
        print("\n".join(describe(m) for m in added))
    return 0


def remove(args: argparse.Namespace, store: Any) -> int:
    if not store.custom_models.remove(_ws(args), args.source):
        raise CliError(f"no added model {args.source!r} in this workspace (see `selfhost-bot models list`)", code=1)
    print(f"removed {args.source}")
    return 0


def summary(m: ModelArch) -> dict[str, Any]:
    return {
        "id": m.id, "name": m.name, "params": m.split.total, "params_b": round(m.params_b, 3),
        "active_params_b": None if m.active_params_b is None else round(m.active_params_b, 3),
        "attention": m.attention_kind, "layers": m.layers, "moe": m.moe.model_dump() if m.moe else None,
        "sliding_window": m.sliding_window, "window_layers": m.window_layers, "native_quant": m.native_quant,
        "context_length": m.context_length, "capability": m.capability, "source": m.source,
        "exact_counts": m.counted is not None,
    }


def describe(m: ModelArch) -> str:
    moe = ""
    if m.moe is not None:
        moe = f", MoE {m.moe.experts} experts / {m.moe.experts_per_token} per token, {m.active_b:.1f} B active"
    window = f", {m.window_layers} of {m.layers} layers windowed ({m.sliding_window} tokens)" if m.window_layers else ""
    return (f"{m.id}: {m.name} — {m.params_b:.2f} B parameters{moe}, {m.attention_kind.upper()} attention{window}, "
            f"{m.layers} layers, context {m.context_length:,}; native {m.native_quant or 'unknown'} "
            f"({'exact counts from the file' if m.counted else 'counts derived from the config'})")
