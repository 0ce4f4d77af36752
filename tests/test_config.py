"""Settings from the environment, log masking, and the Slack manifests."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
import yaml

from bot.config import DEFAULT_SCOPES, ConfigError, Settings, load_settings
from bot.logging_setup import MASK, Masker, configure, make_handler

ROOT = Path(__file__).resolve().parents[1]
ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "SLACK_CLIENT_ID",
       "SLACK_CLIENT_SECRET", "SLACK_SCOPES", "SELFHOST_DB", "SELFHOST_ADMINS_ONLY", "PORT")


@pytest.fixture
def env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_no_credentials_means_console(env):
    s = load_settings()
    assert s.mode == "console"
    assert s.slack_api_url == "https://slack.com/api/"
    assert s.selfhost_db.name.endswith(".db")


def test_modes_from_the_environment(env):
    env.setenv("SLACK_BOT_TOKEN", "xoxb-1-2")
    env.setenv("SLACK_SIGNING_SECRET", "abcdef123456")
    assert load_settings().mode == "http"
    env.setenv("SLACK_APP_TOKEN", "xapp-1-A-3")
    assert load_settings().mode == "socket"
    env.delenv("SLACK_BOT_TOKEN")
    env.setenv("SLACK_CLIENT_ID", "123.456")
    env.setenv("SLACK_CLIENT_SECRET", "s3cr3tvalue")
    s = load_settings()
    assert s.oauth_enabled and s.mode == "socket"


def test_values_are_parsed_and_secrets_hidden(env, tmp_path):
    env.setenv("SLACK_BOT_TOKEN", "xoxb-1-2")
    env.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    env.setenv("SELFHOST_DB", str(tmp_path / "x.db"))
    env.setenv("SELFHOST_ADMINS_ONLY", "true")
    env.setenv("SLACK_SCOPES", "commands, chat:write")
    env.setenv("PORT", "8080")
    s = load_settings()
    assert s.slack_api_url == "http://127.0.0.1:9/api/"
    assert s.selfhost_db == tmp_path / "x.db"
    assert s.selfhost_admins_only is True and s.port == 8080
    assert s.scopes == ["commands", "chat:write"]
    assert "xoxb-1-2" not in repr(s) and "xoxb-1-2" not in str(s.model_dump())


@pytest.mark.parametrize("name,value,needle", [
    ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN: must start with xoxb-"),
    ("SLACK_APP_TOKEN", "xoxb-1", "SLACK_APP_TOKEN: must start with xapp-"),
    ("SELFHOST_ADMINS_ONLY", "maybe", "SELFHOST_ADMINS_ONLY"),
    ("PORT", "70000", "PORT"),
    ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL: must start with http"),
    ("SELFHOST_LOG_FORMAT", "xml", "SELFHOST_LOG_FORMAT"),
])
def test_bad_values_are_one_sentence_naming_the_variable(env, name, value, needle):
    env.setenv(name, value)
    with pytest.raises(ConfigError) as e:
        load_settings()
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_missing_credentials_are_named():
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        Settings(slack_bot_token="xoxb-1").require_http()
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        Settings(slack_signing_secret="abcdefgh").require_http()
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        Settings(slack_bot_token="xoxb-1").require_socket()


# --- logging ---------------------------------------------------------------------------------------

def test_masker_hides_token_shapes_and_configured_secrets():
    m = Masker(["my-signing-secret-value"])
    text = m("a xoxb-123-456-abc b xoxp-1-2 c xapp-1-A0-xyz d xoxe.xoxb-1-ab e xoxe-1-zz my-signing-secret-value")
    for secret in ("xoxb-123", "xoxp-1", "xapp-1", "xoxe", "my-signing-secret-value"):
        assert secret not in text
    assert text.count(MASK) == 6


def test_json_logs_mask_args_extras_and_tracebacks():
    stream = io.StringIO()
    handler = make_handler(["topsecretvalue"], "json", stream)
    log = logging.getLogger("test.masking")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        log.debug("body: %s", {"token": "xoxb-9-9-zz"}, extra={"auth": "Bearer topsecretvalue"})
        try:
            raise RuntimeError("failed with xoxb-7-7-qq")
        except RuntimeError:
            log.exception("boom")
    finally:
        log.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [r["level"] for r in lines] == ["DEBUG", "ERROR"]
    out = stream.getvalue()
    assert "xoxb-" not in out and "topsecretvalue" not in out and "RuntimeError" in out


def test_configure_replaces_its_own_handler():
    s = Settings(slack_signing_secret="abcdefghij", selfhost_log_format="text")
    root = logging.getLogger()
    level = root.level
    try:
        configure(s, io.StringIO())
        configure(s, io.StringIO())
        assert sum(h.get_name() == "selfhost" for h in root.handlers) == 1
    finally:
        for h in [h for h in root.handlers if h.get_name() == "selfhost"]:
            root.removeHandler(h)
        root.setLevel(level)


# --- Slack manifests -------------------------------------------------------------------------------

def _manifest(mode: str) -> dict:
    return yaml.safe_load((ROOT / "deploy" / f"slack-manifest-{mode}.yaml").read_text())


def test_manifests_agree_and_match_the_app():
    from bot.slack.commands import COMMAND

    socket, http = _manifest("socket"), _manifest("http")
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["socket_mode_enabled"] is False
    for key in (("oauth_config", "scopes", "bot"), ("settings", "event_subscriptions", "bot_events")):
        a, b = socket, http
        for k in key:
            a, b = a[k], b[k]
        assert sorted(a) == sorted(b), key
    assert socket["oauth_config"]["scopes"]["bot"] == DEFAULT_SCOPES.split(",")
    commands = [[c["command"] for c in m["features"]["slash_commands"]] for m in (socket, http)]
    assert commands == [[COMMAND], [COMMAND]]
    events = set(http["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "app_home_opened", "app_uninstalled", "tokens_revoked"} <= events
    for m in (socket, http):
        assert m["settings"]["interactivity"]["is_enabled"] is True
        assert m["features"]["app_home"]["home_tab_enabled"] is True
        assert m["features"]["app_home"]["messages_tab_enabled"] is True


def test_http_manifest_points_at_the_served_paths():
    from bot.app import REDIRECT_PATH
    from bot.server import EVENTS_PATH

    http = _manifest("http")
    urls = [http["settings"]["event_subscriptions"]["request_url"],
            http["settings"]["interactivity"]["request_url"],
            http["features"]["slash_commands"][0]["url"]]
    assert all(u == f"https://YOUR-HOST{EVENTS_PATH}" for u in urls)
    assert http["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]
    assert "request_url" not in _manifest("socket")["settings"]["event_subscriptions"]
