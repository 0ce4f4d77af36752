"""Shared CLI helpers: loading knowledge once, printing JSON, mapping domain errors to exit codes."""

from __future__ import annotations

import json
import sys
from functools import cache
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
    """The shipped knowledge plus the models the local workspace added (when the local database exists)."""
    try:
        base = load_knowledge()
    except KnowledgeError as e:
        raise CliError(f"knowledge base is invalid: {e}", code=3) from None
    return with_local_models(base)


def with_local_models(base: Knowledge) -> Knowledge:
    from bot.store import Store, Workspace, db_path_from_env
    from bot.workspace_knowledge import for_workspace

    path = db_path_from_env()
    if not path.is_file():
        return base
    try:
        with Store.open(path) as store:
            return for_workspace(base, store, Workspace(None, "local"))
    except Exception:  # an unreadable database must not stop estimates; `models list` reports it
        return base


def emit_json(obj: BaseModel | Any) -> None:
    text = obj.model_dump_json(indent=2) if isinstance(obj, BaseModel) else json.dumps(obj, indent=2, default=str)
    sys.stdout.write(text + "\n")

