"""Shared by the parser tests: the real catalogs, loaded even before knowledge/faq.yaml exists."""

from __future__ import annotations

from functools import cache

from bot.core.knowledge import FILES, Knowledge, KnowledgeError, default_dir, load, parse_entries, read_yaml


@cache
def catalogs() -> Knowledge:
    """The real knowledge base; if a file other than the catalogs the parser reads is missing, build the
    catalogs alone (the parser only uses devices, models, quants and prices)."""
    try:
        return load()
    except KnowledgeError:
        parts = {}
        for file, (key, model) in FILES.items():
            if file in ("hardware.yaml", "models.yaml", "quants.yaml", "api_prices.yaml"):
                parts[key] = parse_entries(file, read_yaml(default_dir() / file), key, model)
        return Knowledge(devices=parts["devices"], models=parts["models"], quants=parts["quants"], engines=[],
                         prices=parts["prices"], assumptions={}, faq=[])
