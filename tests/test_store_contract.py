"""The Store protocol is the contract a backend implements; SqliteStore meets it (mypy checks the types
through ``open_store``; this checks the members exist and behave as the protocol's docstrings say).

A new backend (PostgreSQL...) adds itself to BACKENDS and must pass this file and the behaviour tests in
test_store.py that are not about SQLite itself (WAL, crash safety, migrations files).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.core.profile import build_profile
from bot.store import Store, Workspace, open_store
from bot.store import protocol as p

NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)
WS = Workspace(None, "T1")
BACKENDS = {"sqlite": lambda tmp_path: open_store(tmp_path / "contract.db")}
REPOSITORIES = {
    "profiles": p.ProfileRepository, "recommendations": p.RecommendationLog, "usage": p.UsageLog,
    "threads": p.ThreadRepository, "events": p.EventLog, "subscriptions": p.SubscriptionRepository,
    "outbox": p.OutboxRepository,
}


@pytest.fixture(params=sorted(BACKENDS))
def store(request, tmp_path):
    with BACKENDS[request.param](tmp_path) as s:
        yield s


def test_every_member_of_the_contract_is_there(store):
    assert isinstance(store, Store)
    for name, protocol in REPOSITORIES.items():
        assert isinstance(getattr(store, name), protocol), name
    assert isinstance(store.installation_store(), InstallationStore)
    assert isinstance(store.oauth_state_store(), OAuthStateStore)
    assert store.ping()


def test_a_failed_unit_of_work_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.profiles.save(WS, "payments", build_profile({"tokens_per_day": "300M"}), by="U1", now=NOW)
        raise RuntimeError("half-way")
    assert store.profiles.get(WS, "payments") is None
    with store.transaction():
        store.profiles.save(WS, "payments", build_profile({"tokens_per_day": "300M"}), by="U1", now=NOW)
        store.profiles.bind(WS, "C1", "payments", by="U1", now=NOW)
    bound = store.profiles.bound(WS, "C1")
    assert bound is not None and bound.name == "payments" and store.workspaces() == [WS]


def test_a_workspace_is_forgotten_whole(store):
    store.profiles.save(WS, "payments", build_profile({"tokens_per_day": "300M"}), by="U1", now=NOW)
    assert store.events.mark_seen(WS, "Ev1", NOW) and not store.events.mark_seen(WS, "Ev1", NOW)
    counts = store.delete_workspace_data(WS)
    assert counts["profiles"] == 1 and counts["seen_events"] == 1
    assert store.workspaces() == []


def test_a_logged_answer_is_read_back_by_id_in_its_workspace_only(store):
    from bot.store import PostedRecommendation

    rec_id = store.recommendations.record(WS, PostedRecommendation("api", {"api": 10.0}, NOW, "payments", "C1",
                                                                   details={"nonce": "n"}))
    assert isinstance(rec_id, int) and rec_id > 0
    got = store.recommendations.get(WS, rec_id)
    assert got is not None and (got.id, got.verdict, got.details, got.message_ts) == (rec_id, "api", {"nonce": "n"},
                                                                                      None)
    store.recommendations.attach_message(WS, rec_id, "C2", "1700000000.000100")
    got = store.recommendations.get(WS, rec_id)
    assert got is not None and (got.channel_id, got.message_ts) == ("C2", "1700000000.000100")
    other = Workspace(None, "T2")
    assert store.recommendations.get(other, rec_id) is None and store.recommendations.get(WS, rec_id + 1) is None
    store.recommendations.attach_message(other, rec_id, "C9", "1.2")  # another workspace changes nothing
    assert store.recommendations.get(WS, rec_id).channel_id == "C2"  # type: ignore[union-attr]
