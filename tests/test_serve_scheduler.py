"""`serve` starts the weekly digest scheduler in-process unless SELFHOST_SCHEDULER=false."""

from __future__ import annotations

import datetime as dt

from bot.cli.serve_cmd import _start_digests


def test_scheduler_runs_digests_in_serve_and_stops(slack_app):
    from bot.core.profile import build_profile
    from bot.store import Workspace
    from bot.store.digests import Subscription

    ws = Workspace(None, "T1")
    week_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    store = slack_app.store
    store.profiles.save(ws, "payments", build_profile({"tokens_per_day": "300M"}), by="U1", now=week_ago)
    store.profiles.bind(ws, "C1", "payments", by="U1", now=week_ago)
    sub = Subscription("C1", weekday=week_ago.weekday(), time="00:00", tz="UTC", created_by="U1")
    store.subscriptions.subscribe(ws, sub, now=week_ago)
    handle = _start_digests(slack_app.app, slack_app.settings, slack_app.store)
    try:
        assert handle is not None and handle.alive
        assert handle.wait_runs(1, timeout=120)  # returns as soon as the first run is over
        posts = slack_app.fake.calls("chat.postMessage")
        assert [p.body["channel"] for p in posts] == ["C1"]
    finally:
        handle.stop(timeout=120)
    assert not handle.alive


def test_scheduler_off_when_a_cronjob_runs_digests(slack_app):
    settings = slack_app.settings.model_copy(update={"selfhost_scheduler": False})
    assert _start_digests(slack_app.app, settings, slack_app.store) is None
