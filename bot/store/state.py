"""Bot state per workspace: posted recommendations, observed usage, conversation threads, seen events."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .base import SCOPE, StoreError, Workspace, check_text, dumps, loads, parse_ts, ts

if TYPE_CHECKING:
    from .db import SqliteStore


@dataclass(frozen=True)
class PostedRecommendation:
    verdict: str
    monthly_costs: dict[str, Any]
    created_at: datetime
    profile_name: str | None = None
    channel_id: str | None = None
    message_ts: str | None = None
    details: dict[str, Any] | None = None
    id: int | None = None  # set when read back from the store


class Recommendations:
    """What was posted where and when, so the digest can compare with the last one."""

    def __init__(self, store: SqliteStore):
        self._store = store

    def record(self, ws: Workspace, rec: PostedRecommendation) -> int:
        """Append to the log; returns the row's id (for ``get``: answers are rebuilt from it)."""
        check_text("verdict", rec.verdict, max_len=40)
        with self._store.transaction() as conn:
            cur = conn.execute(
                """INSERT INTO recommendations (enterprise_id, team_id, profile_name, channel_id, message_ts,
                   verdict, monthly_costs, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    *ws.key,
                    rec.profile_name,
                    rec.channel_id,
                    rec.message_ts,
                    rec.verdict,
                    dumps(rec.monthly_costs),
                    None if rec.details is None else dumps(rec.details),
                    ts(rec.created_at),
                ),
            )
            return int(cur.lastrowid or 0)

    def get(self, ws: Workspace, rec_id: int) -> PostedRecommendation | None:
        """One logged recommendation of this workspace (None: no such id here)."""
        rows = self._store.rows(f"SELECT * FROM recommendations WHERE {SCOPE} AND id = ?", [*ws.key, int(rec_id)])
        return _posted(rows[0]) if rows else None

    def attach_message(self, ws: Workspace, rec_id: int, channel_id: str, message_ts: str) -> None:
        """Where the answer was posted (known only after posting)."""
        with self._store.transaction() as conn:
            conn.execute(f"UPDATE recommendations SET channel_id = ?, message_ts = ? WHERE {SCOPE} AND id = ?",
                         (channel_id, message_ts, *ws.key, int(rec_id)))

    def last(
        self,
        ws: Workspace,
        profile_name: str | None,
        channel_id: str | None = None,
        before: datetime | None = None,
    ) -> PostedRecommendation | None:
        found = self.list(ws, profile_name, channel_id, before=before, limit=1)
        return found[0] if found else None

    def list(
        self,
        ws: Workspace,
        profile_name: str | None = None,
        channel_id: str | None = None,
        *,
        before: datetime | None = None,
        limit: int = 50,
    ) -> list[PostedRecommendation]:
        """Newest first, optionally for one profile / channel / before a time."""
        sql, params = f"SELECT * FROM recommendations WHERE {SCOPE}", list(ws.key)
        for col, val in (("profile_name", profile_name), ("channel_id", channel_id)):
            if val is not None:
                sql, params = sql + f" AND {col} = ?", [*params, val]
        if before is not None:
            sql, params = sql + " AND created_at < ?", [*params, ts(before)]
        rows = self._store.rows(sql + " ORDER BY created_at DESC, id DESC LIMIT ?", [*params, int(limit)])
        return [_posted(r) for r in rows]


def _posted(r: dict[str, Any]) -> PostedRecommendation:
    return PostedRecommendation(
        verdict=r["verdict"],
        monthly_costs=loads(r["monthly_costs"]),
        created_at=parse_ts(r["created_at"]),
        profile_name=r["profile_name"],
        channel_id=r["channel_id"],
        message_ts=r["message_ts"],
        details=loads(r["details"]),
        id=r["id"],
    )


@dataclass(frozen=True)
class UsageReport:
    date: date
    tokens: float
    source: str
    recorded_by: str | None
    recorded_at: datetime


class UsageReports:
    """Observed tokens per day, one row per (profile, date): a later report for a date replaces it."""

    def __init__(self, store: SqliteStore):
        self._store = store

    def record(
        self,
        ws: Workspace,
        profile_name: str,
        day: date,
        tokens: float,
        *,
        source: str,
        now: datetime,
        by: str | None = None,
    ) -> None:
        check_text("profile", profile_name, max_len=80)
        if (
            isinstance(tokens, bool)
            or not isinstance(tokens, int | float)
            or not math.isfinite(tokens)
            or tokens < 0
        ):
            raise StoreError("tokens", f"{tokens!r} is not a finite number of tokens, 0 or more")
        with self._store.transaction() as conn:
            conn.execute(
                """INSERT INTO usage_reports (enterprise_id, team_id, profile_name, date, tokens, source,
                   recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (enterprise_id, team_id, profile_name, date) DO UPDATE SET
                   tokens = excluded.tokens, source = excluded.source, recorded_by = excluded.recorded_by,
                   recorded_at = excluded.recorded_at""",
                (*ws.key, profile_name, day.isoformat(), float(tokens), source, by, ts(now)),
            )

    def series(
        self, ws: Workspace, profile_name: str, start: date | None = None, end: date | None = None
    ) -> list[UsageReport]:
        """Reports for a profile, oldest first, ``start`` ≤ date ≤ ``end``."""
        rows = self._store.rows(
            f"""SELECT * FROM usage_reports WHERE {SCOPE} AND profile_name = ?
                AND date >= ? AND date <= ? ORDER BY date""",
            (*ws.key, profile_name, (start or date.min).isoformat(), (end or date.max).isoformat()),
        )
        return [
            UsageReport(
                date.fromisoformat(r["date"]),
                r["tokens"],
                r["source"],
                r["recorded_by"],
                parse_ts(r["recorded_at"]),
            )
            for r in rows
        ]

    def count(self, ws: Workspace, profile_name: str | None = None) -> int:
        sql, params = f"SELECT count(*) AS n FROM usage_reports WHERE {SCOPE}", list(ws.key)
        if profile_name is not None:
            sql, params = sql + " AND profile_name = ?", [*params, profile_name]
        return self._store.row(sql, params)["n"]  # type: ignore[index]


@dataclass(frozen=True)
class ThreadState:
    channel_id: str
    thread_ts: str
    facts: dict[str, Any] = field(default_factory=dict)
    history: list[Any] = field(default_factory=list)
    last_verdict: str | None = None
    updated_at: datetime | None = None


class Threads:
    """Facts gathered in a conversation thread, kept across messages and restarts."""

    def __init__(self, store: SqliteStore):
        self._store = store

    def get(self, ws: Workspace, channel_id: str, thread_ts: str) -> ThreadState | None:
        r = self._store.row(
            f"SELECT * FROM thread_state WHERE {SCOPE} AND channel_id = ? AND thread_ts = ?",
            (*ws.key, channel_id, thread_ts),
        )
        if r is None:
            return None
        return ThreadState(
            r["channel_id"],
            r["thread_ts"],
            loads(r["facts"]),
            loads(r["history"]),
            r["last_verdict"],
            parse_ts(r["updated_at"]),
        )

    def save(self, ws: Workspace, state: ThreadState, now: datetime) -> None:
        check_text("channel", state.channel_id, max_len=40)
        check_text("thread_ts", state.thread_ts, max_len=40)
        with self._store.transaction() as conn:
            conn.execute(
                """INSERT INTO thread_state (enterprise_id, team_id, channel_id, thread_ts, facts, history,
                   last_verdict, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (enterprise_id, team_id, channel_id, thread_ts) DO UPDATE SET
                   facts = excluded.facts, history = excluded.history, last_verdict = excluded.last_verdict,
                   updated_at = excluded.updated_at""",
                (
                    *ws.key,
                    state.channel_id,
                    state.thread_ts,
                    dumps(state.facts),
                    dumps(state.history),
                    state.last_verdict,
                    ts(now),
                ),
            )

    def delete(self, ws: Workspace, channel_id: str, thread_ts: str) -> bool:
        with self._store.transaction() as conn:
            sql = f"DELETE FROM thread_state WHERE {SCOPE} AND channel_id = ? AND thread_ts = ?"
            return conn.execute(sql, (*ws.key, channel_id, thread_ts)).rowcount > 0

    def delete_older_than(self, ws: Workspace, cutoff: datetime) -> int:
        with self._store.transaction() as conn:
            sql = f"DELETE FROM thread_state WHERE {SCOPE} AND updated_at < ?"
            return conn.execute(sql, (*ws.key, ts(cutoff))).rowcount


class SeenEvents:
    """Slack event ids already received, so a retry is never answered twice."""

    DEFAULT_TTL = timedelta(days=1)

    def __init__(self, store: SqliteStore):
        self._store = store

    def mark_seen(self, ws: Workspace, event_id: str, now: datetime, ttl: timedelta = DEFAULT_TTL) -> bool:
        """Record ``event_id``; True the first time (or once its record expired), False when already seen.

        One atomic statement: of two concurrent deliveries exactly one gets True.
        """
        check_text("event_id", event_id, max_len=100)
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM seen_events WHERE expires_at <= ?", (ts(now),))  # housekeeping (indexed)
            cur = conn.execute(
                """INSERT INTO seen_events (enterprise_id, team_id, event_id, received_at, expires_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (enterprise_id, team_id, event_id) DO UPDATE SET
                   received_at = excluded.received_at, expires_at = excluded.expires_at
                   WHERE seen_events.expires_at <= excluded.received_at""",
                (*ws.key, event_id, ts(now), ts(now + ttl)),
            )
            return cur.rowcount == 1

    def seen(self, ws: Workspace, event_id: str, now: datetime) -> bool:
        r = self._store.row(
            f"SELECT 1 AS x FROM seen_events WHERE {SCOPE} AND event_id = ? AND expires_at > ?",
            (*ws.key, event_id, ts(now)),
        )
        return r is not None
