"""Shared CLI helpers: loading knowledge once, printing JSON, mapping domain errors to exit codes."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.core.knowledge import Knowledge, KnowledgeError
from bot.core.knowledge import load as load_knowledge


class CliError(Exception):
    """A user-facing error: printed as one sentence, exit code 2 (usage/input) unless told otherwise."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@cache
def knowledge() -> Knowledge:
    """The shipped knowledge with the last good API prices ``prices refresh`` kept, the GPU rental rates
    ``prices refresh --gpus`` kept, plus the models the local workspace added (all read from the local database
    when it exists)."""
    from bot.store import Workspace, db_path_from_env, open_store

    path = db_path_from_env()
    if not path.is_file():
        return _load(None, path.parent)
    try:
        with open_store(path) as store:
            return local_knowledge(store, Workspace(None, "local"), path.parent)
    except CliError:
        raise
    except Exception:  # an unreadable database must not stop estimates; `db check` reports it
        return _load(None, path.parent)


def local_knowledge(store: Any, ws: Any, cache_dir: Path | None = None) -> Knowledge:
    from bot.gpu_refresh import apply_saved
    from bot.price_refresh import saved
    from bot.workspace_knowledge import for_workspace

    prices = saved(store)
    try:
        base = load_knowledge(prices=prices) if prices is not None else _load(None, cache_dir)
    except KnowledgeError:  # saved data this version cannot use: the bundled snapshot
        base = _load(None, cache_dir)
    return for_workspace(apply_saved(base, store), store, ws)  # + GPU rates `prices refresh --gpus` kept


def _load(prices: Any, cache_dir: Path | None = None) -> Knowledge:
    """``cache_dir`` (the database's folder) keeps the price list built from genai-prices' bundled snapshot, so
    later starts skip importing genai-prices (bot/price_cache.py); same answers either way."""
    from bot.price_cache import PriceCache

    try:
        return load_knowledge(prices=prices, cache=PriceCache(cache_dir) if cache_dir is not None else None)
    except KnowledgeError as e:
        raise CliError(f"knowledge base is invalid: {e}", code=3) from None


def emit_json(obj: BaseModel | Any) -> None:
    text = obj.model_dump_json(indent=2) if isinstance(obj, BaseModel) else json.dumps(obj, indent=2, default=str)
    sys.stdout.write(text + "\n")

