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
    try:
        return load_knowledge()
    except KnowledgeError as e:
        raise CliError(f"knowledge base is invalid: {e}", code=3) from None


def emit_json(obj: BaseModel | Any) -> None:
    text = obj.model_dump_json(indent=2) if isinstance(obj, BaseModel) else json.dumps(obj, indent=2, default=str)
    sys.stdout.write(text + "\n")

