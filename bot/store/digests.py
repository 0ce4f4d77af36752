"""Digest subscriptions per channel, and the outbox that makes each digest post exactly once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .base import SCOPE, StoreError, Workspace, check_text, dumps, loads, parse_ts, ts, ws_from_row

if TYPE_CHECKING:
    from .db import SqliteStore

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Subscription:
    channel_id: str
    weekday: int = 0  # Monday = 0 … Sunday = 6
    time: str = "09:00"
    tz: str = "UTC"
    created_by: str | None = None
    enabled: bool = True
    created_at: datetime | None = None

    def validate(self) -> Subscription:
        check_text("channel", self.channel_id, max_len=40)
        if isinstance(self.weekday, bool) or self.weekday not in range(7):
            raise StoreError("weekday", f"{self.weekday!r} is not a weekday number (Monday 0 … Sunday 6)")
        if not isinstance(self.time, str) or not _HHMM.match(self.time):
            raise StoreError("time", f"{self.time!r} is not a 24-hour time HH:MM such as 09:00")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise StoreError("tz", f"{self.tz!r} is not a known time zone (e.g. Europe/Berlin)") from None
        return self


class Subscriptions:
    def __init__(self, store: SqliteStore):
        self._store = store

    def subscribe(self, ws: Workspace, sub: Subscription, now: datetime) -> Subscription:
        """Create or replace the channel's subscription (enabled)."""
        sub.validate()
        with self._store.transaction() as conn:
            conn.execute(
                """INSERT INTO digest_subscriptions (enterprise_id, team_id, channel_id, weekday, time, tz,
                   created_by, created_at, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (enterprise_id, team_id, channel_id) DO UPDATE SET weekday = excluded.weekday,
                   time = excluded.time, tz = excluded.tz, created_by = excluded.created_by,
                   created_at = excluded.created_at, enabled = excluded.enabled""",
                (
                    *ws.key,
                    sub.channel_id,
                    sub.weekday,
                    sub.time,
                    sub.tz,
                    sub.created_by,
                    ts(now),
                    int(sub.enabled),
                ),
            )
        return self.get(ws, sub.channel_id)  # type: ignore[return-value]

    def set_enabled(self, ws: Workspace, channel_id: str, enabled: bool) -> bool:
        with self._store.transaction() as conn:
            sql = f"UPDATE digest_subscriptions SET enabled = ? WHERE {SCOPE} AND channel_id = ?"
            return conn.execute(sql, (int(enabled), *ws.key, channel_id)).rowcount > 0

    def get(self, ws: Workspace, channel_id: str) -> Subscription | None:
        r = self._store.row(
            f"SELECT * FROM digest_subscriptions WHERE {SCOPE} AND channel_id = ?", (*ws.key, channel_id)
        )
        return _subscription(r) if r else None

    def list(self, ws: Workspace, *, enabled_only: bool = False) -> list[Subscription]:
        sql = f"SELECT * FROM digest_subscriptions WHERE {SCOPE}" + (
            " AND enabled = 1" if enabled_only else ""
        )
        return [_subscription(r) for r in self._store.rows(sql + " ORDER BY channel_id", ws.key)]


def _subscription(r: dict[str, Any]) -> Subscription:
    return Subscription(
        r["channel_id"],
        r["weekday"],
        r["time"],
        r["tz"],
        r["created_by"],
        bool(r["enabled"]),
        parse_ts(r["created_at"]),
    )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    workspace: Workspace
    channel_id: str
    period: str
    status: str
    payload: Any
    attempts: int
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    message_ts: str | None = None
    last_error: str | None = None


class Outbox:
    """Rows keyed by (workspace, channel, period): claimed with a lease, marked sent with the message ts.

    ``claim`` spans workspaces by design (a runner serves them all); each row carries its workspace.
    """

    def __init__(self, store: SqliteStore):
        self._store = store

    def enqueue(self, ws: Workspace, channel_id: str, period: str, payload: Any, now: datetime) -> OutboxRow:
        """Add the period's row unless it exists; return the row (new or existing)."""
        check_text("channel", channel_id, max_len=40)
        check_text("period", period, max_len=40)
        with self._store.transaction() as conn:
            conn.execute(
                """INSERT OR IGNORE INTO digest_outbox (enterprise_id, team_id, channel_id, period, payload,
                   available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (*ws.key, channel_id, period, dumps(payload), ts(now), ts(now)),
            )
        return self.get(ws, channel_id, period)  # type: ignore[return-value]

    def get(self, ws: Workspace, channel_id: str, period: str) -> OutboxRow | None:
        r = self._store.row(
            f"SELECT * FROM digest_outbox WHERE {SCOPE} AND channel_id = ? AND period = ?",
            (*ws.key, channel_id, period),
        )
        return _outbox(r) if r else None

    def list(self, ws: Workspace) -> list[OutboxRow]:
        rows = self._store.rows(f"SELECT * FROM digest_outbox WHERE {SCOPE} ORDER BY id", ws.key)
        return [_outbox(r) for r in rows]

    def claim(self, now: datetime, owner: str, lease_s: float) -> OutboxRow | None:
        """Atomically take one due row: pending and available, or claimed with an expired lease."""
        check_text("owner", owner, max_len=100)
        t = ts(now)
        with self._store.transaction() as conn:
            cur = conn.execute(
                """UPDATE digest_outbox SET status = 'claimed', lease_owner = ?, lease_expires_at = ?,
                   attempts = attempts + 1 WHERE id = (
                     SELECT id FROM digest_outbox
                     WHERE (status = 'pending' AND available_at <= ?)
                        OR (status = 'claimed' AND lease_expires_at <= ?)
                     ORDER BY available_at, id LIMIT 1)
                   RETURNING *""",
                (owner, ts(now + timedelta(seconds=lease_s)), t, t),
            )
            keys = [d[0] for d in cur.description]
            found = cur.fetchone()
        return _outbox(dict(zip(keys, found, strict=True))) if found else None

    def mark_sent(self, row: OutboxRow, message_ts: str, now: datetime) -> bool:
        """Record the posted message; False if this runner no longer holds the lease."""
        with self._store.transaction() as conn:
            cur = conn.execute(
                """UPDATE digest_outbox SET status = 'sent', message_ts = ?, sent_at = ?,
                   lease_expires_at = NULL, last_error = NULL
                   WHERE id = ? AND status = 'claimed' AND lease_owner = ?""",
                (message_ts, ts(now), row.id, row.lease_owner),
            )
            return cur.rowcount == 1

    def release(self, row: OutboxRow, error: str | None, now: datetime, retry_after_s: float = 0) -> bool:
        """Give the row back (after a failure) so it is retried from ``now + retry_after_s``."""
        with self._store.transaction() as conn:
            cur = conn.execute(
                """UPDATE digest_outbox SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
                   last_error = ?, available_at = ?
                   WHERE id = ? AND status = 'claimed' AND lease_owner = ?""",
                (error, ts(now + timedelta(seconds=retry_after_s)), row.id, row.lease_owner),
            )
            return cur.rowcount == 1


def _outbox(r: dict[str, Any]) -> OutboxRow:
    return OutboxRow(
        id=r["id"],
        workspace=ws_from_row(r),
        channel_id=r["channel_id"],
        period=r["period"],
        status=r["status"],
        payload=loads(r["payload"]),
        attempts=r["attempts"],
        lease_owner=r["lease_owner"],
        lease_expires_at=parse_ts(r["lease_expires_at"]),
        message_ts=r["message_ts"],
        last_error=r["last_error"],
    )
