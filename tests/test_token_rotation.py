"""Token rotation (issue #15, item 8): OAuth installs with expiring tokens are refreshed and stored.

The OAuth manifest turns rotation on; Bolt's token rotator, running over our installation store,
trades the refresh token for a new pair when the bot token is within two hours of expiring, saves it
(encrypted when SELFHOST_ENCRYPTION_KEY is set) and the request goes on with the new token.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from cryptography.fernet import Fernet
from slackclient import AppHarness
from test_e2e_oauth import _install

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def test_the_oauth_manifest_enables_rotation_and_matches_the_http_one() -> None:
    oauth = yaml.safe_load((DEPLOY / "slack-manifest-oauth.yaml").read_text())
    http = yaml.safe_load((DEPLOY / "slack-manifest-http.yaml").read_text())
    assert oauth["settings"]["token_rotation_enabled"] is True
    assert oauth["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST/slack/oauth_redirect"]
    assert oauth["oauth_config"]["scopes"] == http["oauth_config"]["scopes"]
    assert oauth["settings"]["event_subscriptions"] == http["settings"]["event_subscriptions"]


def test_an_expiring_bot_token_is_rotated_stored_and_used(tmp_path, slack_knowledge) -> None:
    key = Fernet.generate_key().decode()
    with AppHarness(tmp_path / "r.db", slack_knowledge, oauth=True, selfhost_encryption_key=key) as app:
        fake = app.fake
        fake.oauth_codes["code-1"] = {
            "ok": True, "access_token": "xoxe.xoxb-first", "refresh_token": "xoxe-1-first", "expires_in": 60,
            "token_type": "bot", "scope": "commands,chat:write", "bot_user_id": "UBOT9", "app_id": "A1",
            "team": {"id": "T9", "name": "Nine"}, "enterprise": None, "is_enterprise_install": False,
            "authed_user": {"id": "U9"}}
        fake.refresh_tokens["xoxe-1-first"] = {
            "ok": True, "access_token": "xoxe.xoxb-second", "refresh_token": "xoxe-1-second", "expires_in": 43200,
            "token_type": "bot", "scope": "commands,chat:write", "bot_user_id": "UBOT9", "app_id": "A1",
            "team": {"id": "T9", "name": "Nine"}, "enterprise": None, "is_enterprise_install": False}
        state, cookie = _install(app.sender)
        done = app.sender.request("GET", f"/slack/oauth_redirect?code=code-1&state={state}", headers={"Cookie": cookie})
        assert done.status == 200, done.text

        event = {"type": "app_mention", "user": "U9", "channel": "C9", "ts": "1700000000.000100",
                 "text": "<@UBOT9> 300M tokens/day, should we self-host?"}
        assert app.sender.event(event, team_id="T9").status == 200
        (post,) = fake.wait_for("chat.postMessage", 1, timeout=15)
        assert post.token == "xoxe.xoxb-second"
        refresh = [c for c in fake.calls("oauth.v2.access") if c.body.get("grant_type") == "refresh_token"]
        assert [c.body["refresh_token"] for c in refresh] == ["xoxe-1-first"]
        bot = app.app.installation_store.find_bot(enterprise_id=None, team_id="T9")
        assert bot.bot_token == "xoxe.xoxb-second" and bot.bot_refresh_token == "xoxe-1-second"
        assert b"xoxe-1-second" not in (tmp_path / "r.db").read_bytes()
