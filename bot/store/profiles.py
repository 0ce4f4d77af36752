"""Team workload profiles: several per workspace, versioned (who changed what), bound to channels."""

from __future__ import annotations

import builtins
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.core.profile import ProfileError, WorkloadProfile, build_profile

from .base import (
    SCOPE,
    ConflictError,
    InvalidRowError,
    NotFoundError,
    Workspace,
    check_text,
    dumps,
    loads,
    parse_ts,
    ts,
)

if TYPE_CHECKING:
    from .db import SqliteStore

log = logging.getLogger(__name__)
MISSING = None  # a field absent from one side of a change is shown as None


@dataclass(frozen=True)
class ProfileRecord:
    workspace: Workspace
    name: str
    profile: WorkloadProfile
    version: int
    created_by: str | None
    created_at: datetime
    updated_by: str | None
    updated_at: datetime

    def data(self) -> dict[str, Any]:
        return stored_data(self.profile)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ProfileVersion:
    version: int
    changed_by: str | None
    changed_at: datetime
    changes: tuple[FieldChange, ...]
    snapshot: dict[str, Any]


def stored_data(profile: WorkloadProfile) -> dict[str, Any]:
    """The profile's validated JSON form as stored (None fields left out)."""
    return profile.model_dump(mode="json", exclude_none=True)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Changed top-level fields; assumptions are compared key by key (``assumptions.pue``)."""
    changes: list[FieldChange] = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, MISSING), new.get(key, MISSING)
        if key == "assumptions" and isinstance(a or {}, dict) and isinstance(b or {}, dict):
            changes += [FieldChange(f"assumptions.{c.field}", c.old, c.new) for c in diff(a or {}, b or {})]
        elif a != b or type(a) is not type(b):
            changes.append(FieldChange(key, a, b))
    return changes


class Profiles:
    def __init__(self, store: SqliteStore):
        self._store = store

    # --- reads ----------------------------------------------------------------------------------

    def get(self, ws: Workspace, name: str) -> ProfileRecord | None:
        row = self._store.row(f"SELECT * FROM profiles WHERE {SCOPE} AND name = ?", (*ws.key, name))
        return _record(ws, row) if row else None

    def require(self, ws: Workspace, name: str) -> ProfileRecord:
        found = self.get(ws, name)
        if found is None:
            names = ", ".join(r.name for r in self.list(ws)) or "none yet"
            raise NotFoundError("name", f"no profile named {name!r} in this workspace (profiles: {names})")
        return found

    def list(self, ws: Workspace) -> list[ProfileRecord]:
        """Every profile that loads; one that no longer validates is left out with a logged reason."""
        rows = self._store.rows(f"SELECT * FROM profiles WHERE {SCOPE} ORDER BY name", ws.key)
        out: builtins.list[ProfileRecord] = []
        for r in rows:
            try:
                out.append(_record(ws, r))
            except InvalidRowError as e:
                log.warning("skipping an invalid stored profile", extra={"workspace": str(ws), "reason": str(e)})
        return out

    def history(self, ws: Workspace, name: str) -> builtins.list[ProfileVersion]:
        """Every version, oldest first, with who changed which fields (old → new)."""
        rows = self._store.rows(
            """SELECT v.* FROM profile_versions v JOIN profiles p ON p.id = v.profile_id
                WHERE p.enterprise_id = ? AND p.team_id = ? AND p.name = ?
                ORDER BY v.version""",
            (*ws.key, name),
        )
        return [_version(r) for r in rows]

    def snapshot(self, ws: Workspace, name: str, version: int) -> WorkloadProfile | None:
        for v in self.history(ws, name):
            if v.version == version:
                return build_profile(v.snapshot)
        return None

    # --- writes ---------------------------------------------------------------------------------

    def save(
        self,
        ws: Workspace,
        name: str,
        profile: WorkloadProfile,
        *,
        by: str | None,
        now: datetime,
        expected_version: int | None = None,
    ) -> ProfileRecord:
        """Create or replace a profile; a new version is written only when something changed.

        ``expected_version`` (optional) guards against overwriting someone else's edit.
        """
        check_text("name", name, max_len=80)
        data = stored_data(profile)
        with self._store.transaction() as conn:
            self._write(conn, ws, name, data, by, ts(now), expected_version)
        return self.require(ws, name)

    def update(
        self, ws: Workspace, name: str, facts: Mapping[str, Any], *, by: str | None, now: datetime
    ) -> ProfileRecord:
        """Apply ``facts`` to a profile (creating it when missing) in one transaction: no lost updates."""
        check_text("name", name, max_len=80)
        with self._store.transaction() as conn:
            row = conn.execute(
                f"SELECT data FROM profiles WHERE {SCOPE} AND name = ?", (*ws.key, name)
            ).fetchone()
            current = loads(row[0]) if row else {}
            merged = stored_data(build_profile({**current, **dict(facts)}))
            self._write(conn, ws, name, merged, by, ts(now), None)
        return self.require(ws, name)

    def delete(self, ws: Workspace, name: str) -> bool:
        with self._store.transaction() as conn:
            cur = conn.execute(f"DELETE FROM profiles WHERE {SCOPE} AND name = ?", (*ws.key, name))
        return cur.rowcount > 0

    def _write(
        self,
        conn: sqlite3.Connection,
        ws: Workspace,
        name: str,
        data: dict[str, Any],
        by: str | None,
        at: str,
        expected: int | None,
    ) -> None:
        row = conn.execute(
            f"SELECT id, version, data FROM profiles WHERE {SCOPE} AND name = ?", (*ws.key, name)
        ).fetchone()
        if expected is not None and (row[1] if row else 0) != expected:
            found = row[1] if row else 0
            raise ConflictError("version", f"profile {name!r} is at version {found}, not {expected}")
        old = loads(row[2]) if row else {}
        changes = diff(old, data)
        if row and not changes:
            return
        if row:
            pid, version = row[0], row[1] + 1
            conn.execute(
                "UPDATE profiles SET data = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                (dumps(data), version, by, at, pid),
            )
        else:
            version = 1
            pid = conn.execute(
                """INSERT INTO profiles (enterprise_id, team_id, name, data, version,
                   created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)""",
                (*ws.key, name, dumps(data), by, at, by, at),
            ).lastrowid
        conn.execute(
            """INSERT INTO profile_versions (profile_id, enterprise_id, team_id, version, changed_by,
               changed_at, changes, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (pid, *ws.key, version, by, at, dumps([[c.field, c.old, c.new] for c in changes]), dumps(data)),
        )

    # --- channel bindings -----------------------------------------------------------------------

    def bind(self, ws: Workspace, channel_id: str, name: str, *, by: str | None, now: datetime) -> None:
        """Bind a profile to a channel (one profile per channel; rebinding replaces it)."""
        check_text("channel", channel_id, max_len=40)
        with self._store.transaction() as conn:
            row = conn.execute(
                f"SELECT id FROM profiles WHERE {SCOPE} AND name = ?", (*ws.key, name)
            ).fetchone()
            if row is None:
                raise NotFoundError("name", f"no profile named {name!r} in this workspace")
            conn.execute(
                """INSERT INTO channel_bindings
                   (enterprise_id, team_id, channel_id, profile_id, bound_by, bound_at)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (enterprise_id, team_id, channel_id)
                   DO UPDATE SET profile_id = excluded.profile_id, bound_by = excluded.bound_by,
                   bound_at = excluded.bound_at""",
                (*ws.key, channel_id, row[0], by, ts(now)),
            )

    def unbind(self, ws: Workspace, channel_id: str) -> bool:
        with self._store.transaction() as conn:
            sql = f"DELETE FROM channel_bindings WHERE {SCOPE} AND channel_id = ?"
            return conn.execute(sql, (*ws.key, channel_id)).rowcount > 0

    def bound(self, ws: Workspace, channel_id: str) -> ProfileRecord | None:
        row = self._store.row(
            """SELECT p.* FROM channel_bindings b JOIN profiles p ON p.id = b.profile_id
                WHERE b.enterprise_id = ? AND b.team_id = ? AND b.channel_id = ?""",
            (*ws.key, channel_id),
        )
        return _record(ws, row) if row else None

    def channels(self, ws: Workspace, name: str) -> builtins.list[str]:
        rows = self._store.rows(
            """SELECT b.channel_id FROM channel_bindings b JOIN profiles p ON p.id = b.profile_id
                WHERE b.enterprise_id = ? AND b.team_id = ? AND p.name = ? ORDER BY 1""",
            (*ws.key, name),
        )
        return [r["channel_id"] for r in rows]


def _record(ws: Workspace, row: dict[str, Any]) -> ProfileRecord:
    try:
        profile = build_profile(loads(row["data"]))
    except (ProfileError, ValueError, TypeError) as e:
        raise InvalidRowError("profile", f"{row['name']!r} is stored with an invalid value ({e}); "
                                         "fix it with `profile import` or the profile form") from None
    return ProfileRecord(
        workspace=ws,
        name=row["name"],
        profile=profile,
        version=row["version"],
        created_by=row["created_by"],
        created_at=parse_ts(row["created_at"]),
        updated_by=row["updated_by"],
        updated_at=parse_ts(row["updated_at"]),
    )


def _version(row: dict[str, Any]) -> ProfileVersion:
    return ProfileVersion(
        version=row["version"],
        changed_by=row["changed_by"],
        changed_at=parse_ts(row["changed_at"]),
        changes=tuple(FieldChange(f, o, n) for f, o, n in loads(row["changes"])),
        snapshot=loads(row["snapshot"]),
    )
