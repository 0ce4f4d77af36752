"""The knowledge a workspace sees: the shipped catalog plus the open models it added with ``models add``."""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError

from bot.core.knowledge import Knowledge, ModelArch
from bot.store import Workspace

log = logging.getLogger(__name__)


def for_workspace(base: Knowledge, store: Any, ws: Workspace) -> Knowledge:
    """``base`` with the workspace's added models; a row that no longer validates is skipped and logged."""
    repo = getattr(store, "custom_models", None)
    rows = repo.all(ws) if repo is not None else []
    if not rows:
        return base
    key = ("workspace_models", ws.key, json.dumps(rows, sort_keys=True, default=str))
    return base.memoised(key, lambda: base.with_models(_models(rows)))


def _models(rows: list[dict[str, Any]]) -> list[ModelArch]:
    out = []
    for row in rows:
        try:
            out.append(ModelArch.model_validate(row))
        except ValidationError as e:
            log.warning("skipping added model %r: %s", row.get("id"), e.errors()[0]["msg"])
    return out
