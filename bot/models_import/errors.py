"""The one error ``models add`` raises: its message is one sentence naming the problem."""

from __future__ import annotations


class ModelImportError(ValueError):
    """The source cannot be read as an open model; nothing was stored."""
