from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from helpers_store import T0, WS_A, WS_B

from bot.core.profile import build_profile
from bot.store import (
    MIGRATIONS,
    ConflictError,
    NotFoundError,
    PostedRecommendation,
    SqliteStore,
    StoreError,
    Subscription,
    ThreadState,
    Workspace,
    db_path_from_env,
    default_db_path,
)


@pytest.fixture
def store(tmp_path):
    with SqliteStore(tmp_path / "bot.db") as s:
        yield s


def test_open_sets_wal_foreign_keys_and_busy_timeout(store):
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
    assert store.schema_version() == len(MIGRATIONS)
    assert store.integrity_check() == "ok"


def test_db_path_from_env_prefers_selfhost_db(tmp_path):
    assert db_path_from_env({"SELFHOST_DB": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert db_path_from_env({}) == default_db_path()
    assert default_db_path().name == "selfhost.db"


def test_history_shows_who_changed_what(store):
    store.profiles.save(WS_A, "payments", build_profile({"tokens_per_day": "300M"}), by="U1", now=T0)
    store.profiles.update(
        WS_A, "payments", {"tokens_per_day": "500M", "capability": "mid"}, by="U2", now=T0 + timedelta(days=1)
    )
    store.profiles.update(
        WS_A, "payments", {"assumptions": {"pue": 1.3}}, by="U3", now=T0 + timedelta(days=2)
    )
    hist = store.profiles.history(WS_A, "payments")
    assert [v.version for v in hist] == [1, 2, 3]
    assert [v.changed_by for v in hist] == ["U1", "U2", "U3"]
    assert {(c.field, c.old, c.new) for c in hist[1].changes} == {
        ("capability", None, "mid"),
        ("tokens_per_day", 3e8, 5e8),
    }
    assert [(c.field, c.old, c.new) for c in hist[2].changes] == [("assumptions.pue", None, 1.3)]
    assert hist[1].changed_at == T0 + timedelta(days=1)
    assert store.profiles.snapshot(WS_A, "payments", 1).tokens_per_day == 3e8
    rec = store.profiles.get(WS_A, "payments")
    assert (rec.version, rec.created_by, rec.updated_by) == (3, "U1", "U3")


def test_saving_the_same_profile_writes_no_new_version(store):
    p = build_profile({"team": "x", "tokens_per_day": 1e6})
    store.profiles.save(WS_A, "x", p, by="U1", now=T0)
    store.profiles.save(WS_A, "x", p, by="U2", now=T0 + timedelta(hours=1))
    assert store.profiles.get(WS_A, "x").version == 1
    assert len(store.profiles.history(WS_A, "x")) == 1


def test_expected_version_guards_against_lost_edits(store):
    store.profiles.save(WS_A, "x", build_profile({"team": "x"}), by="U1", now=T0)
    store.profiles.save(WS_A, "x", build_profile({"team": "y"}), by="U2", now=T0, expected_version=1)
    with pytest.raises(ConflictError, match="version 2, not 1"):
        store.profiles.save(WS_A, "x", build_profile({"team": "z"}), by="U3", now=T0, expected_version=1)
    assert store.profiles.get(WS_A, "x").profile.team == "y"


def test_bad_update_changes_nothing_and_names_the_field(store):
    store.profiles.save(WS_A, "x", build_profile({"tokens_per_day": 10}), by="U1", now=T0)
    with pytest.raises(ValueError, match="capability"):
        store.profiles.update(WS_A, "x", {"capability": "huge"}, by="U2", now=T0)
    assert store.profiles.get(WS_A, "x").version == 1
    with pytest.raises(StoreError, match="name"):
        store.profiles.save(WS_A, " ", build_profile({}), by="U1", now=T0)


def test_bindings_follow_profiles_and_cascade_on_delete(store):
    for name in ("a", "b"):
        store.profiles.save(WS_A, name, build_profile({"team": name}), by="U1", now=T0)
    store.profiles.bind(WS_A, "C1", "a", by="U1", now=T0)
    store.profiles.bind(WS_A, "C1", "b", by="U1", now=T0)  # rebinding replaces
    store.profiles.bind(WS_A, "C2", "b", by="U1", now=T0)
    assert store.profiles.bound(WS_A, "C1").name == "b"
    assert store.profiles.channels(WS_A, "b") == ["C1", "C2"]
    with pytest.raises(NotFoundError):
        store.profiles.bind(WS_A, "C3", "missing", by="U1", now=T0)
    assert store.profiles.delete(WS_A, "b")
    assert store.profiles.bound(WS_A, "C1") is None
    assert store.profiles.history(WS_A, "b") == []


def test_binding_cannot_point_at_another_workspaces_profile(store):
    """The composite foreign key makes a cross-workspace binding impossible even in raw SQL."""
    store.profiles.save(WS_B, "theirs", build_profile({}), by="U1", now=T0)
    pid = store.conn.execute("SELECT id FROM profiles").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            "INSERT INTO channel_bindings VALUES (?, ?, 'C1', ?, 'U1', 'now')", (*WS_A.key, pid)
        )


def test_naive_datetimes_are_refused(store):
    with pytest.raises(StoreError, match="now"):
        store.events.mark_seen(WS_A, "Ev1", T0.replace(tzinfo=None))


def test_seen_events_are_atomic_and_expire(store):
    assert store.events.mark_seen(WS_A, "Ev1", T0)
    assert not store.events.mark_seen(WS_A, "Ev1", T0 + timedelta(minutes=5))
    assert store.events.seen(WS_A, "Ev1", T0)
    later = T0 + timedelta(days=2)
    assert not store.events.seen(WS_A, "Ev1", later)
    assert store.events.mark_seen(WS_A, "Ev1", later)  # an expired record counts as new
    assert store.events.mark_seen(WS_A, "Ev2", T0)
    assert store.purge_expired(T0 + timedelta(days=1, seconds=1)) == 1  # Ev2 only
    assert store.events.seen(WS_A, "Ev1", later)


def test_usage_upserts_per_date_and_rejects_bad_numbers(store):
    d = date(2024, 6, 1)
    store.usage.record(WS_A, "p", d, 1e8, source="slack", now=T0)
    store.usage.record(WS_A, "p", d, 2e8, source="csv", now=T0)
    store.usage.record(WS_A, "p", d + timedelta(days=1), 3e8, source="csv", now=T0)
    series = store.usage.series(WS_A, "p")
    assert [(u.date, u.tokens, u.source) for u in series] == [
        (d, 2e8, "csv"),
        (d + timedelta(days=1), 3e8, "csv"),
    ]
    assert len(store.usage.series(WS_A, "p", start=d + timedelta(days=1))) == 1
    for bad in (float("nan"), float("inf"), -1, "5"):
        with pytest.raises(StoreError, match="tokens"):
            store.usage.record(WS_A, "p", d, bad, source="x", now=T0)


def test_recommendations_last_is_the_newest(store):
    for i, verdict in enumerate(("api", "hybrid", "self_host")):
        store.recommendations.record(
            WS_A,
            PostedRecommendation(
                verdict, {"api": 100.0 * i}, T0 + timedelta(days=7 * i), "p", "C1", f"{i}.0"
            ),
        )
    assert store.recommendations.last(WS_A, "p").verdict == "self_host"
    prev = store.recommendations.last(WS_A, "p", before=T0 + timedelta(days=14))
    assert (prev.verdict, prev.monthly_costs) == ("hybrid", {"api": 100.0})


def test_thread_state_round_trips(store):
    st = ThreadState("C1", "1717.001", {"tokens_per_day": 5e7}, [{"role": "user", "text": "hi"}], "api")
    store.threads.save(WS_A, st, T0)
    got = store.threads.get(WS_A, "C1", "1717.001")
    assert (got.facts, got.history, got.last_verdict, got.updated_at) == (st.facts, st.history, "api", T0)
    assert store.threads.delete_older_than(WS_A, T0 + timedelta(days=30)) == 1


def test_subscriptions_validate_fields(store):
    sub = store.subscriptions.subscribe(WS_A, Subscription("C1", 2, "08:30", "Europe/Berlin", "U1"), T0)
    assert (sub.weekday, sub.time, sub.tz, sub.enabled) == (2, "08:30", "Europe/Berlin", True)
    assert store.subscriptions.set_enabled(WS_A, "C1", False)
    assert store.subscriptions.list(WS_A, enabled_only=True) == []
    for bad, field in (
        (Subscription("C1", 7), "weekday"),
        (Subscription("C1", time="25:00"), "time"),
        (Subscription("C1", tz="Mars/Base"), "tz"),
    ):
        with pytest.raises(StoreError, match=field):
            store.subscriptions.subscribe(WS_A, bad, T0)


def test_workspace_needs_an_id():
    with pytest.raises(StoreError, match="workspace"):
        Workspace(None, None)
    assert Workspace.for_install("E1", "T1", is_enterprise_install=True) == Workspace("E1", None)
