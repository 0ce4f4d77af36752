"""The slack_sdk installation and OAuth state stores on our database; tokens never leak into dumps."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from helpers_store import T0, WS_A
from slack_sdk.oauth.installation_store import Installation

from bot.store import SqliteStore, Workspace
from bot.store.slack_oauth import SqliteInstallationStore, SqliteOAuthStateStore

SECRETS = ("xoxb-secret-bot", "xoxp-secret-user", "xoxe-secret-refresh", "https://hooks.slack.com/secret")


@pytest.fixture
def store(tmp_path):
    with SqliteStore(tmp_path / "bot.db") as s:
        yield s


def _install(team="TAAAA", enterprise=None, user="U1", bot_token="xoxb-secret-bot", org=False, at=1.7e9):
    return Installation(
        app_id="A1",
        enterprise_id=enterprise,
        team_id=None if org else team,
        user_id=user,
        bot_token=bot_token,
        bot_id="B1",
        bot_user_id="UBOT",
        bot_scopes=["chat:write", "commands"],
        bot_refresh_token="xoxe-secret-refresh",
        bot_token_expires_in=43200,
        user_token="xoxp-secret-user",
        incoming_webhook_url="https://hooks.slack.com/secret",
        is_enterprise_install=org,
        installed_at=at,
        custom_values={"plan": "team"},
    )


def test_save_and_find_round_trip(store):
    inst = SqliteInstallationStore(store)
    inst.save(_install())
    found = inst.find_installation(enterprise_id=None, team_id="TAAAA")
    assert (found.bot_token, found.user_token, found.bot_scopes) == (
        "xoxb-secret-bot",
        "xoxp-secret-user",
        ["chat:write", "commands"],
    )
    assert found.bot_token_expires_at == _install().bot_token_expires_at
    assert found.custom_values == {"plan": "team"}
    bot = inst.find_bot(enterprise_id=None, team_id="TAAAA")
    assert (bot.bot_token, bot.bot_user_id) == ("xoxb-secret-bot", "UBOT")
    assert inst.find_bot(enterprise_id=None, team_id="TBBBB") is None


def test_latest_installation_wins_and_user_lookup_gets_the_latest_bot(store):
    inst = SqliteInstallationStore(store)
    inst.save(_install(user="U1", bot_token="xoxb-old", at=1.7e9))
    inst.save(_install(user="U2", bot_token="xoxb-new", at=1.8e9))
    assert inst.find_installation(enterprise_id=None, team_id="TAAAA").user_id == "U2"
    by_u1 = inst.find_installation(enterprise_id=None, team_id="TAAAA", user_id="U1")
    assert (by_u1.user_id, by_u1.bot_token) == ("U1", "xoxb-new")


def test_org_wide_install_is_found_from_any_team_in_the_enterprise(store):
    inst = SqliteInstallationStore(store)
    inst.save(_install(enterprise="E1", org=True))
    found = inst.find_bot(enterprise_id="E1", team_id="TANY", is_enterprise_install=True)
    assert found is not None and found.is_enterprise_install
    assert inst.find_bot(enterprise_id="E1", team_id="TANY", is_enterprise_install=False) is None
    inst.delete_all(enterprise_id="E1", team_id=None)
    assert inst.find_installation(enterprise_id="E1", team_id="TANY", is_enterprise_install=True) is None


def test_uninstall_deletes_only_that_workspace(store):
    inst = SqliteInstallationStore(store)
    inst.save(_install(team="TAAAA"))
    inst.save(_install(team="TBBBB"))
    inst.delete_all(enterprise_id=None, team_id="TAAAA")
    assert inst.find_installation(enterprise_id=None, team_id="TAAAA") is None
    assert inst.find_bot(enterprise_id=None, team_id="TAAAA") is None
    assert inst.find_installation(enterprise_id=None, team_id="TBBBB") is not None


def test_dump_masks_every_token(store):
    SqliteInstallationStore(store).save(_install())
    text = json.dumps(store.dump())
    for secret in SECRETS:
        assert secret not in text
    assert '"bot_token": "***"' in text
    assert store.dump()["slack_installations"][0]["user_id"] == "U1"


def test_delete_workspace_data_removes_tokens(store):
    SqliteInstallationStore(store).save(_install())
    store.delete_workspace_data(WS_A)
    raw = store.conn.execute("SELECT count(*) FROM slack_installations").fetchone()[0]
    assert raw == 0 and store.conn.execute("SELECT count(*) FROM slack_bots").fetchone()[0] == 0


def test_oauth_state_is_single_use_and_expires(store):
    now = [T0]
    states = SqliteOAuthStateStore(store, expiration_seconds=600, clock=lambda: now[0])
    a, b = states.issue(), states.issue()
    assert a != b
    assert states.consume(a)
    assert not states.consume(a)  # single use
    assert not states.consume("forged")
    now[0] = T0 + timedelta(seconds=601)
    assert not states.consume(b)  # expired
    c = states.issue()
    assert store.purge_expired(now[0] + timedelta(seconds=601)) == 1  # c (expired b went when c was issued)
    assert not states.consume(c)


def test_workspace_for_org_install():
    assert Workspace.for_install("E1", "T1", True).key == ("E1", "")
