"""Forgiving name lookup: exact id, name or alias first, then fuzzy matching with the closest names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from rapidfuzz import fuzz, process


class NotFound(LookupError):
    """A name matched nothing well enough; carries the closest names."""

    def __init__(self, kind: str, query: str, suggestions: Sequence[str]):
        self.kind = kind
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Closest: {', '.join(self.suggestions)}." if self.suggestions else ""
        super().__init__(f"Unknown {kind} {query!r}.{hint}")


_NORMALISE = re.compile(r"[^a-z0-9.]+")
_NOISE = ("nvidia", "geforce", "apple", "amd", "instinct", "tesla", "gpu", "the")


def normalise(name: str) -> str:
    """Fold a user-typed name to a comparable key: lower case, punctuation to spaces, vendor noise out."""
    words = _NORMALISE.sub(" ", name.lower()).split()
    return " ".join(w for w in words if w not in _NOISE)


T = TypeVar("T", bound=BaseModel)


class Catalog(Generic[T]):
    """A forgiving name → entry index: exact id, name or alias first, then fuzzy with suggestions."""

    def __init__(self, kind: str, entries: Iterable[T], keys: Any):
        self.kind = kind
        self.entries: list[T] = list(entries)
        self._index: dict[str, T] = {}
        for entry in self.entries:
            for key in keys(entry):
                self._index.setdefault(normalise(key), entry)
                self._index.setdefault(key.lower(), entry)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, query: str) -> T:
        found = self.find(query)
        if found is None:
            raise NotFound(self.kind, query, self.suggest(query))
        return found

    def find(self, query: str) -> T | None:
        key = normalise(query)
        if not key:
            return None
        return self._index.get(query.lower()) or self._index.get(key)

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        names = {normalise(k): k for k in self._index}
        found = process.extract(normalise(query), list(names), scorer=fuzz.WRatio, limit=limit * 3)
        out: list[str] = []
        for key, score, _ in found:
            entry = self._index[names[key]]
            label = getattr(entry, "name", key)
            if score >= 50 and label not in out:
                out.append(label)
        return out[:limit]
