"""Decision tree model and validation (knowledge/tree.yaml). PLACEHOLDER until the tree lands."""

from __future__ import annotations

from typing import Any


def parse_tree(file: str, raw: Any) -> Any:
    return raw
