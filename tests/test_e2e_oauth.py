"""OAuth for many workspaces: install page, state check, oauth.v2.access on the fake, uninstall."""

from __future__ import annotations

import re
import time

import pytest
from slackclient import AppHarness

INSTALLED_TOKEN = "xoxb-9999-installed-token"


@pytest.fixture
def oauth_app(tmp_path, slack_knowledge):
    with AppHarness(tmp_path / "oauth.db", slack_knowledge, oauth=True) as harness:
        harness.fake.oauth_codes["good-code"] = {
            "ok": True, "access_token": INSTALLED_TOKEN, "token_type": "bot", "scope": "commands,chat:write",
            "bot_user_id": "UBOT9", "app_id": "A1", "team": {"id": "T9", "name": "Nine"}, "enterprise": None,
            "is_enterprise_install": False, "authed_user": {"id": "U9"},
        }
        yield harness


def _install(sender) -> tuple[str, str]:
    page = sender.get("/slack/install")
    assert page.status == 200
    cookie = page.headers["set-cookie"].split(";")[0]
    state = re.search(r"state=([\w-]+)", page.text).group(1)
    return state, cookie


def test_install_then_commands_use_the_installed_token_then_uninstall(oauth_app):
    sender, fake = oauth_app.sender, oauth_app.fake
    state, cookie = _install(sender)
    done = sender.request("GET", f"/slack/oauth_redirect?code=good-code&state={state}", headers={"Cookie": cookie})
    assert done.status == 200, done.text
    (access,) = fake.calls("oauth.v2.access")
    assert access.body["code"] == "good-code"
    bot = oauth_app.app.installation_store.find_bot(enterprise_id=None, team_id="T9")
    assert bot is not None and bot.bot_token == INSTALLED_TOKEN
    assert INSTALLED_TOKEN not in str(oauth_app.store.dump())  # dumps mask tokens

    sender.command("usage 1M", team_id="T9", response_url=fake.response_url("t9"))
    fake.wait_for("response_url")

    r = sender.event({"type": "app_uninstalled"}, team_id="T9")
    assert r.status == 200
    for _ in range(100):  # tokens are deleted by a listener that may still be running
        if oauth_app.app.installation_store.find_bot(enterprise_id=None, team_id="T9") is None:
            break
        time.sleep(0.02)
    assert oauth_app.app.installation_store.find_bot(enterprise_id=None, team_id="T9") is None


def test_redirect_with_a_forged_state_is_refused(oauth_app):
    _, cookie = _install(oauth_app.sender)
    r = oauth_app.sender.request("GET", "/slack/oauth_redirect?code=good-code&state=forged",
                                 headers={"Cookie": cookie})
    assert r.status >= 400
    assert oauth_app.fake.calls("oauth.v2.access") == []


def test_state_is_single_use(oauth_app):
    state, cookie = _install(oauth_app.sender)
    url = f"/slack/oauth_redirect?code=good-code&state={state}"
    assert oauth_app.sender.request("GET", url, headers={"Cookie": cookie}).status == 200
    assert oauth_app.sender.request("GET", url, headers={"Cookie": cookie}).status >= 400
    assert len(oauth_app.fake.calls("oauth.v2.access")) == 1


def test_command_from_a_workspace_that_never_installed_asks_to_reinstall(oauth_app):
    oauth_app.sender.command("usage 1M", team_id="T404", response_url=oauth_app.fake.response_url("x"))
    texts = [c.body.get("text", "") for c in oauth_app.fake.calls("response_url")]
    assert all("reinstall" in t for t in texts)  # Bolt's notice, not our listener's answer
    assert not any("/selfhost usage" in t for t in texts)
