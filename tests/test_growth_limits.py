"""Unauthenticated requests cannot grow the database without bound (issue #15, item 6).

Every `GET /slack/install` stored an OAuth state row and neither states nor seen events were ever
purged (about 1 GB an hour from one client). Now each client may start a few installs a minute, the
number of installs in progress is capped, and expired states and seen events are purged as new ones
are written.
"""

from __future__ import annotations

import datetime as dt

import pytest
from slackclient import AppHarness

from bot.store import SqliteStore, StoreError, Workspace
from bot.store.slack_oauth import SqliteOAuthStateStore

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def rows(store: SqliteStore, table: str) -> int:
    return store.row(f"SELECT count(*) AS n FROM {table}")["n"]


@pytest.fixture
def oauth_app(tmp_path, slack_knowledge):
    with AppHarness(tmp_path / "o.db", slack_knowledge, oauth=True) as app:
        yield app


def test_one_client_cannot_create_install_states_without_limit(oauth_app) -> None:
    statuses = [oauth_app.sender.get("/slack/install").status for _ in range(40)]
    assert statuses.count(200) == 10 and set(statuses[10:]) == {429}
    assert rows(oauth_app.store, "oauth_states") == 10


def test_expired_states_are_purged_and_pending_ones_are_capped(tmp_path) -> None:
    now = [T0]
    store = SqliteStore(tmp_path / "s.db")
    states = SqliteOAuthStateStore(store, expiration_seconds=600, clock=lambda: now[0], max_pending=5)
    issued = [states.issue() for _ in range(5)]
    with pytest.raises(StoreError, match="installs"):
        states.issue()
    now[0] = T0 + dt.timedelta(seconds=601)
    states.issue()
    assert rows(store, "oauth_states") == 1  # the five expired ones went when the new one was written
    assert not states.consume(issued[0])
    store.close()


def test_expired_seen_events_are_purged_as_new_ones_arrive(tmp_path) -> None:
    store = SqliteStore(tmp_path / "e.db")
    ws = Workspace(None, "T1")
    for i in range(50):
        assert store.events.mark_seen(ws, f"Ev{i}", T0)
    assert rows(store, "seen_events") == 50
    assert store.events.mark_seen(ws, "EvNew", T0 + dt.timedelta(days=1, seconds=1))
    assert rows(store, "seen_events") == 1
    store.close()
