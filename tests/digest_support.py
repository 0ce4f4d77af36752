"""Shared set-up for digest tests: a real store with channels subscribed and a profile bound."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from bot.core.profile import build_profile
from bot.store import SqliteStore, Subscription, Workspace

WS = Workspace(None, "T1")
SUBSCRIBED_AT = dt.datetime(2025, 1, 10, tzinfo=dt.UTC)  # a Friday
MONDAY = dt.datetime(2025, 1, 13, 9, 30, tzinfo=dt.UTC)  # a Monday, after 09:00 UTC (period 2025-W03)
TOKEN = "xoxb-1234-5678-testbottoken"


def seed(path: Path, channels: int, tz: str = "UTC") -> SqliteStore:
    store = SqliteStore(path)
    store.profiles.save(WS, "payments", build_profile({"tokens_per_day": "60M", "capability": "mid"}),
                        by="U1", now=SUBSCRIBED_AT)
    for i in range(channels):
        ch = channel(i)
        store.profiles.bind(WS, ch, "payments", by="U1", now=SUBSCRIBED_AT)
        store.subscriptions.subscribe(WS, Subscription(ch, 0, "09:00", tz, created_by="U1"), SUBSCRIBED_AT)
    return store


def channel(i: int) -> str:
    return f"C{i:05d}"


def posted_keys(fake) -> Counter:
    """How many digest messages with each outbox key the fake Slack holds."""
    seen: Counter = Counter()
    for msgs in list(fake.messages.values()):
        for m in msgs:
            meta = m.get("metadata") or {}
            if meta.get("event_type") == "selfhost_digest":
                seen[meta["event_payload"]["key"]] += 1
    return seen
