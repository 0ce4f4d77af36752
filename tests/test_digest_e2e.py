"""`/selfhost digest …` and `/selfhost usage …` end to end: signed HTTP → real app → fake Slack."""

from __future__ import annotations

import datetime as dt

from digest_support import posted_keys
from slack_sdk import WebClient

from bot.core.profile import build_profile
from bot.digest.runner import Runner
from bot.render.limits import check_message
from bot.store import Workspace

WS = Workspace(None, "T1")


def reply(app, text: str, n: int, **kw) -> dict:
    app.command(text, **kw)
    body = app.fake.wait_for("response_url", n)[n - 1].body
    assert check_message(body) == [], body
    return body


def test_digest_on_status_preview_off_and_usage(slack_app):
    store, now = slack_app.store, dt.datetime.now(dt.UTC)
    store.profiles.save(WS, "payments", build_profile({"tokens_per_day": "60M", "capability": "mid"}),
                        by="U1", now=now)
    store.profiles.bind(WS, "C1", "payments", by="U1", now=now)

    body = reply(slack_app, "digest on", 1)
    assert "Mondays at 09:00 Europe/Berlin" in body["text"], body["text"]  # the user's zone from users.info
    assert slack_app.fake.calls("users.info")
    sub = store.subscriptions.get(WS, "C1")
    assert (sub.weekday, sub.time, sub.tz, sub.enabled) == (0, "09:00", "Europe/Berlin", True)

    body = reply(slack_app, "digest on <#C2|general> fri 17:30 America/New_York", 2)
    assert "<#C2>" in body["text"] and "Fridays at 17:30 America/New_York" in body["text"]
    assert "No profile is bound" in body["text"]

    body = reply(slack_app, "digest status", 3)
    assert "Next" in body["text"] and "None sent yet" in body["text"]

    body = reply(slack_app, "digest preview", 4)
    assert body["response_type"] == "ephemeral"
    assert body["blocks"][0]["text"]["text"].startswith("LLM cost digest")
    assert "payments" in body["text"]

    body = reply(slack_app, "usage 120M 2025-01-13", 5)
    assert "Recorded 120M tokens on 2025-01-13 for *payments*" in body["text"]
    (u,) = store.usage.series(WS, "payments")
    assert (u.date, u.tokens, u.recorded_by) == (dt.date(2025, 1, 13), 1.2e8, "U1")

    body = reply(slack_app, "usage lots", 6)
    assert "tokens" in body["text"] and "Try `/selfhost usage 120M`" in body["text"]
    body = reply(slack_app, "digest on sometime", 7)
    assert "'sometime' is not a weekday" in body["text"]
    body = reply(slack_app, "digest on mon 9:00 Mars/Olympus", 8)
    assert "time zone" in body["text"]

    body = reply(slack_app, "digest off", 9)
    assert "turned off" in body["text"] and not store.subscriptions.get(WS, "C1").enabled


def test_subscribed_channel_gets_its_digest_with_a_chart(slack_app, slack_knowledge):
    store, now = slack_app.store, dt.datetime.now(dt.UTC)
    store.profiles.save(WS, "payments", build_profile({"tokens_per_day": "60M", "capability": "mid"}),
                        by="U1", now=now)
    store.profiles.bind(WS, "C1", "payments", by="U1", now=now)
    reply(slack_app, "digest on", 1)
    client = WebClient(base_url=slack_app.fake.api_url, token=slack_app.client.token)
    later = now + dt.timedelta(days=8)
    report = Runner(store, slack_knowledge, client, clock=lambda: later, sleep=lambda s: None).run_once()
    assert report.sent == 1 and report.failed == 0
    (post,) = slack_app.fake.calls("chat.postMessage")
    assert post.body["channel"] == "C1" and check_message(post.body) == []
    assert set(posted_keys(slack_app.fake).values()) == {1}
    assert slack_app.fake.calls("files.completeUploadExternal")
    body = reply(slack_app, "digest status", 2)
    assert "Last sent for" in body["text"]
