"""Interleaved operations from two workspaces and an org-wide install never see each other's rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers_store import ORG, T0, WS_A, WS_B

from bot.core.profile import build_profile
from bot.store import PostedRecommendation, SqliteStore, Subscription, ThreadState

SCOPES = (WS_A, WS_B, ORG)


@pytest.fixture
def store(tmp_path):
    with SqliteStore(tmp_path / "bot.db") as s:
        yield s


def _write_round(store: SqliteStore, ws, i: int) -> None:
    """The same names and ids in every workspace, with workspace-specific values."""
    tag = f"{ws}#{i}"
    store.profiles.update(ws, "shared-name", {"team": tag}, by=tag, now=T0 + timedelta(minutes=i))
    store.profiles.bind(ws, "CSAME", "shared-name", by=tag, now=T0)
    store.threads.save(ws, ThreadState("CSAME", "1.0", {"who": tag}), T0)
    store.subscriptions.subscribe(ws, Subscription("CSAME", i % 7, "09:00", "UTC", tag), T0)
    store.outbox.enqueue(ws, "CSAME", f"W{i}", {"who": tag}, T0)
    store.usage.record(ws, "shared-name", date(2024, 1, 1), i, source=tag, now=T0)
    store.recommendations.record(ws, PostedRecommendation("api", {"who": tag}, T0, "shared-name", "CSAME"))


def test_interleaved_workspaces_never_see_each_other(store):
    for i in range(5):
        for ws in SCOPES:  # interleave: A, B, org, A, B, org, ...
            _write_round(store, ws, i)
            assert store.events.mark_seen(ws, f"Ev{i}", T0)  # same event id in each scope: new in each
    for ws in SCOPES:
        tag = f"{ws}#4"
        rec = store.profiles.get(ws, "shared-name")
        assert rec.profile.team == tag and rec.version == 5
        assert [p.name for p in store.profiles.list(ws)] == ["shared-name"]
        assert {v.changed_by for v in store.profiles.history(ws, "shared-name")} == {
            f"{ws}#{i}" for i in range(5)
        }
        assert store.profiles.bound(ws, "CSAME").profile.team == tag
        assert store.threads.get(ws, "CSAME", "1.0").facts == {"who": tag}
        assert [s.created_by for s in store.subscriptions.list(ws)] == [tag]
        assert {r.payload["who"] for r in store.outbox.list(ws)} == {f"{ws}#{i}" for i in range(5)}
        assert [u.source for u in store.usage.series(ws, "shared-name")] == [tag]
        assert {r.monthly_costs["who"] for r in store.recommendations.list(ws)} == {
            f"{ws}#{i}" for i in range(5)
        }
        assert not store.events.mark_seen(ws, "Ev4", T0)
        assert store.events.mark_seen(ws, "only-here", T0)
    assert set(store.workspaces()) == set(SCOPES)


def test_deleting_one_workspace_leaves_the_others(store):
    for ws in SCOPES:
        _write_round(store, ws, 0)
    counts = store.delete_workspace_data(WS_B)
    assert counts["profiles"] == 1 and counts["digest_outbox"] == 1
    assert store.profiles.get(WS_B, "shared-name") is None
    assert store.threads.get(WS_B, "CSAME", "1.0") is None
    assert store.profiles.get(WS_A, "shared-name") is not None
    assert store.profiles.get(ORG, "shared-name") is not None
    assert set(store.workspaces()) == {WS_A, ORG}


def test_a_team_inside_the_enterprise_is_not_the_org_wide_scope(store):
    team_in_org = type(ORG)(ORG.enterprise_id, "T-IN-ORG")
    store.profiles.save(ORG, "org", build_profile({}), by="U1", now=T0)
    assert store.profiles.list(team_in_org) == []
    assert store.profiles.get(ORG, "org") is not None


def test_claimed_rows_carry_their_workspace(store):
    for ws in SCOPES:
        store.outbox.enqueue(ws, "C1", "W1", {"ws": str(ws)}, T0)
    rows = [store.outbox.claim(T0, "r", 60) for _ in SCOPES]
    assert {(str(r.workspace), r.payload["ws"]) for r in rows} == {(str(ws), str(ws)) for ws in SCOPES}
