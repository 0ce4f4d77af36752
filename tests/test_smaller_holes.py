"""The smaller holes of issue #15, item 8: replayed share clicks, invisible characters in profile names,
world-readable database files, tokens in plaintext, an unused state secret."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slackclient import AppHarness

from bot.config import ConfigError, load_settings
from bot.core.profile import build_profile
from bot.store import SqliteStore, StoreError, Workspace
from bot.store.crypto import TokenCipher, parse_keys
from bot.store.slack_oauth import SqliteInstallationStore, rekey

WS = Workspace(None, "T1")


# --- share clicks -------------------------------------------------------------------------------------


def test_a_replayed_share_click_posts_once(slack_app) -> None:
    """The same signed click three times (a replay within the 5-minute window): one post."""
    app = slack_app
    raw = click_body(app)
    for _ in range(3):
        assert app.sender.post(raw, "application/x-www-form-urlencoded").status == 200
    app.fake.wait_for("chat.postMessage", 1)
    app.sender.button("post_to_channel", "help", response_url=app.fake.response_url("share"))  # a new click
    app.fake.wait_for("chat.postMessage", 2)
    time.sleep(0.5)  # any extra post from the replays would have arrived by now
    assert len(app.fake.calls("chat.postMessage")) == 2


def click_body(app) -> bytes:
    """A "Post to channel" click as Slack sends it, with fixed ids."""
    payload = {"type": "block_actions", "team": {"id": "T1", "domain": "acme"},
               "user": {"id": "U1", "username": "alice", "team_id": "T1"}, "api_app_id": "A1",
               "trigger_id": "trig.replayed", "response_url": app.fake.response_url("share"),
               "container": {"type": "message", "message_ts": "1700000001.000200", "channel_id": "C1",
                             "is_ephemeral": True},
               "channel": {"id": "C1", "name": "ml-infra"},
               "actions": [{"type": "button", "action_id": "post_to_channel", "block_id": "share",
                            "value": "prices openai", "action_ts": "1700000999.000300",
                            "text": {"type": "plain_text", "text": "Post to channel"}}]}
    return urlencode({"payload": json.dumps(payload)}).encode()


# --- names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pay\u202ements", "pay\u200bments", "pay\u2066ments", "\u200f", "pay\ufeff",
                                  "pay\u00adments", "pay\x00ments"])
def test_profile_names_must_be_visible_characters(tmp_path, name: str) -> None:
    with SqliteStore(tmp_path / "n.db") as store:
        with pytest.raises(StoreError, match="visible"):
            store.profiles.save(WS, name, build_profile({"tokens_per_day": "1M"}), by="U1",
                                now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert store.profiles.list(WS) == []


def test_visible_names_in_any_script_are_fine(tmp_path) -> None:
    with SqliteStore(tmp_path / "n.db") as store:
        for name in ("payments team", "Zahlungen-Ü", "支付", "платежи 2"):
            store.profiles.save(WS, name, build_profile({"tokens_per_day": "1M"}), by="U1",
                                now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def test_slack_refuses_an_invisible_profile_name(slack_app) -> None:
    slack_app.command("profile new pay\u202ements")
    reply = slack_app.fake.wait_for("response_url", 1)[0].body
    assert "visible" in reply["text"] and slack_app.store.profiles.list(WS) == []


# --- files ------------------------------------------------------------------------------------------


def test_database_wal_and_backups_are_private(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        with SqliteStore(tmp_path / "p.db") as store:
            store.profiles.save(WS, "p", build_profile({"tokens_per_day": "1M"}), by="U1",
                                now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
            backup = store.backup(tmp_path / "b" / "copy.db")
            files = [tmp_path / "p.db", tmp_path / "p.db-wal", backup]
            modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files if f.exists()}
    finally:
        os.umask(old)
    assert set(modes) >= {"p.db", "copy.db"}
    assert set(modes.values()) == {0o600}, modes


# --- tokens at rest ------------------------------------------------------------------------------------


def _installation(token: str = "xoxb-secret-bot-token") -> Installation:
    return Installation(app_id="A1", enterprise_id=None, team_id="T9", user_id="U9", bot_token=token,
                        bot_id="B9", bot_user_id="UBOT9", bot_scopes="chat:write", bot_refresh_token="xoxe-1-refresh",
                        bot_token_expires_in=43200)


def test_tokens_are_encrypted_at_rest_and_read_back(tmp_path) -> None:
    key = Fernet.generate_key()
    with SqliteStore(tmp_path / "t.db", cipher=TokenCipher([key])) as store:
        SqliteInstallationStore(store).save(_installation())
        raw = (tmp_path / "t.db").read_bytes() + (tmp_path / "t.db-wal").read_bytes()
        assert b"xoxb-secret-bot-token" not in raw and b"xoxe-1-refresh" not in raw
        bot = SqliteInstallationStore(store).find_bot(enterprise_id=None, team_id="T9")
        assert bot.bot_token == "xoxb-secret-bot-token" and bot.bot_refresh_token == "xoxe-1-refresh"


def test_key_rotation_reads_old_values_and_rekey_moves_them_to_the_new_key(tmp_path) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    with SqliteStore(tmp_path / "r.db", cipher=TokenCipher([old])) as store:
        SqliteInstallationStore(store).save(_installation())
    with SqliteStore(tmp_path / "r.db", cipher=TokenCipher([new, old])) as store:
        assert SqliteInstallationStore(store).find_bot(enterprise_id=None, team_id="T9").bot_token.startswith("xoxb")
        assert rekey(store) >= 2
    with SqliteStore(tmp_path / "r.db", cipher=TokenCipher([new])) as store:
        assert SqliteInstallationStore(store).find_bot(enterprise_id=None, team_id="T9").bot_token.startswith("xoxb")


@pytest.mark.parametrize("keys", ["wrong", "none"])
def test_a_wrong_or_missing_key_is_a_clear_error(tmp_path, keys: str) -> None:
    with SqliteStore(tmp_path / "w.db", cipher=TokenCipher([Fernet.generate_key()])) as store:
        SqliteInstallationStore(store).save(_installation())
    cipher = TokenCipher([Fernet.generate_key()]) if keys == "wrong" else TokenCipher()
    with SqliteStore(tmp_path / "w.db", cipher=cipher) as store, pytest.raises(StoreError) as e:
        SqliteInstallationStore(store).find_bot(enterprise_id=None, team_id="T9")
    assert "SELFHOST_ENCRYPTION_KEY" in str(e.value)


def test_a_malformed_key_stops_start_up_with_the_variable_named(monkeypatch) -> None:
    monkeypatch.setenv("SELFHOST_ENCRYPTION_KEY", "not-a-key")
    with pytest.raises(ConfigError, match="SELFHOST_ENCRYPTION_KEY"):
        load_settings()
    assert len(parse_keys(f"{Fernet.generate_key().decode()}, {Fernet.generate_key().decode()}")) == 2


def test_the_state_secret_is_gone_and_the_key_is_masked_in_logs(monkeypatch) -> None:
    from bot.config import Settings

    assert "selfhost_state_secret" not in Settings.model_fields
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("SELFHOST_ENCRYPTION_KEY", key)
    assert key in load_settings().secret_values()


def test_the_app_stores_installed_tokens_encrypted(tmp_path, slack_knowledge) -> None:
    key = Fernet.generate_key().decode()
    with AppHarness(tmp_path / "o.db", slack_knowledge, oauth=True, selfhost_encryption_key=key) as app:
        assert app.store.cipher.enabled
