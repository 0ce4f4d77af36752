"""Shared pieces of the store: the workspace scope, errors, timestamps and JSON helpers."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, overload


class StoreError(ValueError):
    """Bad input to the store; ``field`` names what was wrong (one readable sentence)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


class NotFoundError(StoreError):
    """A named row (profile, thread, ...) does not exist in this workspace."""


class InvalidRowError(StoreError):
    """A stored row no longer passes validation (written by an older version, or edited by hand)."""


class ConflictError(StoreError):
    """Someone else changed the row first (optimistic version check failed)."""


@dataclass(frozen=True, slots=True)
class Workspace:
    """The scope of every read and write.

    A single-workspace install has ``team_id`` (and ``enterprise_id`` on Enterprise Grid); an org-wide
    Enterprise Grid install is scoped to the enterprise alone (``team_id`` None). None is stored as ''.
    """

    enterprise_id: str | None
    team_id: str | None

    def __post_init__(self) -> None:
        if not (self.enterprise_id or self.team_id):
            raise StoreError("workspace", "needs an enterprise_id or a team_id")

    @classmethod
    def for_install(
        cls, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool = False
    ) -> Workspace:
        """The scope of an event: org-wide installs share one scope across the enterprise's teams."""
        return cls(enterprise_id or None, None if is_enterprise_install else team_id or None)

    @property
    def key(self) -> tuple[str, str]:
        """The two scope column values (None → '')."""
        return (self.enterprise_id or "", self.team_id or "")

    def __str__(self) -> str:
        return f"{self.enterprise_id or '-'}/{self.team_id or '*'}"


# Every scoped table has these two columns; every scoped statement includes this clause.
SCOPE = "enterprise_id = ? AND team_id = ?"
SCOPE_COLUMNS = "enterprise_id TEXT NOT NULL, team_id TEXT NOT NULL"


def ws_from_row(row: dict[str, Any]) -> Workspace:
    return Workspace(row["enterprise_id"] or None, row["team_id"] or None)


def ts(now: datetime) -> str:
    """An aware datetime → sortable UTC ISO-8601 text (microseconds kept)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise StoreError("now", "must be a timezone-aware datetime")
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@overload
def parse_ts(text: str) -> datetime: ...
@overload
def parse_ts(text: str | None) -> datetime | None: ...
def parse_ts(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def check_text(field: str, value: str, max_len: int = 200) -> str:
    """Names and ids: non-empty, bounded, printable."""
    if not isinstance(value, str) or not value.strip():
        raise StoreError(field, "must be a non-empty string")
    if len(value) > max_len:
        raise StoreError(field, f"is {len(value)} characters long; at most {max_len} allowed")
    bad = next((c for c in value if unicodedata.category(c) in INVISIBLE), None)
    if bad is not None:
        raise StoreError(field, f"must be visible characters and spaces only (it holds U+{ord(bad):04X}, "
                                f"{unicodedata.name(bad, 'an invisible character').lower()})")
    return value


# Format (bidi controls, zero-width joiners, soft hyphen, BOM), control, private-use, unassigned and
# surrogate characters, and line/paragraph separators: a name that holds them can read like another.
INVISIBLE = frozenset({"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp"})
