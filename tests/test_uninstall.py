"""Uninstall and token revocation: tokens always go; a workspace's data goes only on request (opt-in or CLI)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from clocks import PATIENCE_S
from slackclient import AppHarness

from bot.core.profile import WorkloadProfile
from bot.store import SqliteStore, Workspace
from bot.store.db import SCOPED_TABLES

TOKEN = "xoxb-9999-installed-token"
NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
NINE, EIGHT = Workspace(None, "T9"), Workspace(None, "T8")


def _oauth(tmp_path, knowledge, **settings):
    harness = AppHarness(tmp_path / "u.db", knowledge, oauth=True, **settings)
    harness.fake.oauth_codes["code9"] = {
        "ok": True, "access_token": TOKEN, "token_type": "bot", "scope": "commands,chat:write",
        "bot_user_id": "UBOT9", "app_id": "A1", "team": {"id": "T9", "name": "Nine"}, "enterprise": None,
        "is_enterprise_install": False, "authed_user": {"id": "U9"},
    }
    return harness


def _install_and_seed(h: AppHarness) -> None:
    page = h.sender.get("/slack/install")
    cookie = page.headers["set-cookie"].split(";")[0]
    state = re.search(r"state=([\w-]+)", page.text).group(1)
    done = h.sender.request("GET", f"/slack/oauth_redirect?code=code9&state={state}", headers={"Cookie": cookie})
    assert done.status == 200, done.text
    for ws in (NINE, EIGHT):
        h.store.profiles.save(ws, "payments", WorkloadProfile(tokens_per_day=100e6), by="U1", now=NOW)


def _rows(store: SqliteStore, ws: Workspace) -> int:
    return sum(store.conn.execute(f"SELECT count(*) FROM {t} WHERE enterprise_id = ? AND team_id = ?",
                                  ws.key).fetchone()[0] for t in SCOPED_TABLES)


def _bot(h: AppHarness):
    return h.app.installation_store.find_bot(enterprise_id=None, team_id="T9")


def _wait(cond, timeout: float = PATIENCE_S) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def test_uninstall_deletes_tokens_and_keeps_data_by_default(tmp_path, slack_knowledge):
    with _oauth(tmp_path, slack_knowledge) as h:
        _install_and_seed(h)
        assert _bot(h) is not None
        assert h.sender.event({"type": "app_uninstalled"}, team_id="T9").status == 200
        assert _wait(lambda: _bot(h) is None)
        assert h.store.profiles.get(NINE, "payments") is not None


def test_uninstall_with_opt_in_deletes_that_workspace_only(tmp_path, slack_knowledge):
    with _oauth(tmp_path, slack_knowledge, selfhost_delete_data_on_uninstall=True) as h:
        _install_and_seed(h)
        before_eight = _rows(h.store, EIGHT)
        assert _rows(h.store, NINE) >= 3  # profile, its version, installation + bot
        assert h.sender.event({"type": "app_uninstalled"}, team_id="T9").status == 200
        assert _wait(lambda: _rows(h.store, NINE) == 0), h.store.dump()
        assert _bot(h) is None
        assert _rows(h.store, EIGHT) == before_eight > 0


def test_tokens_revoked_deletes_the_bot_token_and_keeps_data(tmp_path, slack_knowledge):
    with _oauth(tmp_path, slack_knowledge, selfhost_delete_data_on_uninstall=True) as h:
        _install_and_seed(h)
        event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT9"]}}
        assert h.sender.event(event, team_id="T9").status == 200
        assert _wait(lambda: _bot(h) is None)
        assert h.store.profiles.get(NINE, "payments") is not None


def _forget(db, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "db", "forget", "--db", str(db), *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture
def two_workspaces(tmp_path):
    db = tmp_path / "f.db"
    with SqliteStore(db) as store:
        for ws in (NINE, EIGHT):
            store.profiles.save(ws, "payments", WorkloadProfile(tokens_per_day=100e6), by="U1", now=NOW)
    return db


def test_db_forget_deletes_one_workspace(two_workspaces):
    r = _forget(two_workspaces, "--team", "T9", "--yes")
    assert r.returncode == 0, r.stderr
    assert "forgot workspace -/T9" in r.stdout and "profiles 1" in r.stdout
    with SqliteStore(two_workspaces) as store:
        assert _rows(store, NINE) == 0
        assert store.profiles.get(EIGHT, "payments") is not None


def test_db_forget_without_yes_off_a_terminal_deletes_nothing(two_workspaces):
    r = _forget(two_workspaces, "--team", "T9")
    assert r.returncode != 0
    assert "--yes" in r.stderr and "Traceback" not in r.stderr
    with SqliteStore(two_workspaces) as store:
        assert store.profiles.get(NINE, "payments") is not None
