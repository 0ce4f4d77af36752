"""Request checks before Bolt: signatures, timestamps, headers, sizes, bodies → 4xx, no listener runs."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from slackclient import SIGNING_SECRET, signature

FORM = "application/x-www-form-urlencoded"


def _help_body(fake, name: str = "sec") -> bytes:
    return urlencode({"command": "/selfhost", "text": "usage 1M", "team_id": "T1", "user_id": "U1",
                      "channel_id": "C1", "response_url": fake.response_url(name), "trigger_id": "t"}).encode()


def _assert_rejected(slack_app, r, status: int) -> None:
    assert r.status == status, r.body
    assert r.headers["content-type"] == "application/json"
    assert r.json["ok"] is False and len(r.body) < 100
    # control: a valid request sent afterwards is answered, and it is the only thing Slack saw
    slack_app.sender.post(_help_body(slack_app.fake, "control"), FORM)
    slack_app.fake.wait_for("response_url")
    assert [c.path for c in slack_app.fake.calls(faults=True)] == ["/response/control"]


def test_valid_signature_is_accepted(slack_app):
    r = slack_app.sender.post(_help_body(slack_app.fake), FORM)
    assert r.status == 200
    slack_app.fake.wait_for("response_url")


def test_forged_signature(slack_app):
    r = slack_app.sender.post(_help_body(slack_app.fake), FORM, headers={"X-Slack-Signature": "v0=" + "a" * 64})
    _assert_rejected(slack_app, r, 401)


def test_signature_with_another_secret(slack_app):
    body = _help_body(slack_app.fake)
    ts = str(int(time.time()))
    r = slack_app.sender.post(body, FORM, headers={"X-Slack-Signature": signature("not-the-secret", ts, body),
                                                   "X-Slack-Request-Timestamp": ts})
    _assert_rejected(slack_app, r, 401)


def test_body_changed_after_signing(slack_app):
    body = _help_body(slack_app.fake)
    headers = slack_app.sender.signed_headers(body, FORM)
    r = slack_app.sender.request("POST", "/slack/events", body.replace(b"usage", b"digest"), headers)
    _assert_rejected(slack_app, r, 401)


@pytest.mark.parametrize("age", [301, 3600, -301])
def test_stale_or_future_timestamp(slack_app, age):
    r = slack_app.sender.post(_help_body(slack_app.fake), FORM, ts=str(int(time.time()) - age))
    _assert_rejected(slack_app, r, 401)


@pytest.mark.parametrize("missing", ["X-Slack-Signature", "X-Slack-Request-Timestamp"])
def test_missing_header(slack_app, missing):
    r = slack_app.sender.post(_help_body(slack_app.fake), FORM, headers={missing: None})
    _assert_rejected(slack_app, r, 401)


@pytest.mark.parametrize("headers", [
    {"X-Slack-Request-Timestamp": "12ab"},  # non-numeric: plain Bolt answers 500
    {"X-Slack-Request-Timestamp": "-5"},
    {"X-Slack-Request-Timestamp": "1e9"},
    {"X-Slack-Request-Timestamp": ""},
    {"X-Slack-Signature": "v1=" + "a" * 64},
    {"X-Slack-Signature": "v0=" + "A" * 64},
    {"X-Slack-Signature": "v0=abc"},
    {"X-Slack-Signature": "garbage"},
])
def test_malformed_headers(slack_app, headers):
    r = slack_app.sender.post(_help_body(slack_app.fake), FORM, headers=headers)
    _assert_rejected(slack_app, r, 400)


def test_body_too_large(slack_app):
    body = b"text=" + b"a" * 1_100_000
    r = slack_app.sender.post(body, FORM)
    _assert_rejected(slack_app, r, 413)


@pytest.mark.parametrize("body,ctype", [
    (b"payload=not-json", FORM),
    (b"payload=%5B1%2C2%5D", FORM),  # JSON, but not an object
    (b"{not json", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"\xff\xfe\x00", FORM),
    (b"text=hi", "text/plain"),
])
def test_malformed_body(slack_app, body, ctype):
    r = slack_app.sender.post(body, ctype)
    _assert_rejected(slack_app, r, 400)


def test_url_verification_only_when_signed(slack_app):
    good = slack_app.sender.url_verification("c-42")
    assert good.status == 200 and good.json == {"challenge": "c-42"}
    bad = slack_app.sender.url_verification("c-42", headers={"X-Slack-Signature": "v0=" + "0" * 64})
    _assert_rejected(slack_app, bad, 401)
    assert b"c-42" not in bad.body


def test_get_on_events_path_and_unknown_path(slack_app):
    assert slack_app.sender.get("/slack/events").status == 405
    assert slack_app.sender.get("/nope").status == 404
    assert slack_app.sender.get("/slack/install").status == 404  # OAuth off in single-workspace mode


def test_healthz(slack_app):
    r = slack_app.sender.get("/healthz")
    assert r.status == 200
    assert r.json == {"ok": True, "db": True, "knowledge": True}


def test_healthz_reports_a_closed_database(slack_app, tmp_path):
    from bot.server import store_health

    class Broken:
        @property
        def conn(self):
            raise OSError("disk gone")

    assert store_health(Broken(), object())() == {"db": False, "knowledge": True}
    assert store_health(slack_app.store, None)() == {"db": True, "knowledge": False}


def test_retry_headers_pass_through(slack_app):
    body = json.dumps({"type": "url_verification", "challenge": "r"}).encode()
    r = slack_app.sender.post(body, "application/json", headers={"X-Slack-Retry-Num": "1"})
    assert r.status == 200
    assert SIGNING_SECRET.encode() not in r.body


def test_no_secret_in_debug_logs_of_a_full_run(slack_app):
    import io
    import logging

    from slackclient import BOT_TOKEN

    from bot.logging_setup import configure

    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure(slack_app.settings.model_copy(update={"selfhost_log_level": "DEBUG"}), stream)
    try:
        slack_app.command("help")
        slack_app.command("usage 5M")
        slack_app.fake.wait_for("response_url")
        slack_app.sender.url_verification("c")
        slack_app.sender.post(b"payload=not-json", FORM)
        slack_app.sender.post(_help_body(slack_app.fake), FORM, headers={"X-Slack-Signature": "v0=" + "b" * 64})
        slack_app.client.auth_test()  # slack_sdk logs request and response at DEBUG
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    logs = stream.getvalue()
    assert "auth.test" in logs and "rejected request" in logs  # the run really was logged
    assert BOT_TOKEN not in logs and SIGNING_SECRET not in logs and "xoxb-" not in logs
