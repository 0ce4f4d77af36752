"""The outbox runner against the fake Slack Web API with a real SQLite store and an injected clock."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from clocks import FakeTime
from digest_support import MONDAY, TOKEN, WS, channel, posted_keys, seed
from fakeslack import FakeSlack
from slack_sdk import WebClient

from bot.digest.runner import PACE_S, Runner, start_scheduler
from bot.render.limits import check_message
from bot.slack.deps import Deps


class LossySlack(FakeSlack):
    """Posts the message, then drops the connection before answering: the worst ambiguous failure."""

    lose = 0

    def answer(self, method, body):
        out = super().answer(method, body)
        if method == "chat.postMessage" and self.lose > 0:
            self.lose -= 1
            raise ConnectionAbortedError("response lost after the post")
        return out


@pytest.fixture
def fake():
    with LossySlack() as f:
        yield f


def runner(store, knowledge, fake, now, **kw):
    kw.setdefault("charts", False)
    time = kw.pop("time", FakeTime())
    return Runner(store, knowledge, WebClient(base_url=fake.api_url, token=TOKEN), clock=lambda: now,
                  sleep=time.sleep, monotonic=time.monotonic, backoff_s=0.01, **kw)


def test_due_digests_post_once_per_period_and_again_next_period(tmp_path, knowledge, fake):
    store = seed(tmp_path / "d.db", 3)
    early = runner(store, knowledge, fake, MONDAY - dt.timedelta(hours=1)).run_once()  # 08:30: not yet
    assert (early.enqueued, early.sent) == (0, 0) and posted_keys(fake) == {}
    first = runner(store, knowledge, fake, MONDAY).run_once()
    assert first.sent == 3 and first.failed == 0
    again = runner(store, knowledge, fake, MONDAY + dt.timedelta(hours=5)).run_once()
    assert again.enqueued == 0 and again.sent == 0
    assert sorted(posted_keys(fake).values()) == [1, 1, 1]
    for post in fake.calls("chat.postMessage"):
        assert check_message(post.body) == []
        assert post.body["metadata"]["event_type"] == "selfhost_digest"
    nxt = runner(store, knowledge, fake, MONDAY + dt.timedelta(days=7)).run_once()
    assert nxt.sent == 3
    keys = posted_keys(fake)
    assert len(keys) == 6 and set(keys.values()) == {1}
    assert {r.status for r in store.outbox.list(WS)} == {"sent"}
    assert all(r.message_ts for r in store.outbox.list(WS))
    last = store.recommendations.last(WS, "payments", channel(0))
    assert last.details["source"] == "digest" and last.message_ts
    second_week = fake.messages[channel(0)][-1]
    assert "no change" in str(second_week["blocks"])  # nothing changed: one short line


def test_not_due_before_the_hour_in_the_subscribers_zone(tmp_path, knowledge, fake):
    store = seed(tmp_path / "d.db", 1, tz="America/New_York")
    report = runner(store, knowledge, fake, dt.datetime(2025, 1, 13, 13, 59, tzinfo=dt.UTC)).run_once()
    assert report.enqueued == 0 and store.outbox.list(WS) == []  # 08:59 in New York
    report = runner(store, knowledge, fake, dt.datetime(2025, 1, 13, 14, 0, tzinfo=dt.UTC)).run_once()
    assert [r.period for r in store.outbox.list(WS)] == ["2025-W03"] and report.sent == 1


@pytest.mark.parametrize("kind", ["429", "500", "drop", "lost"])
def test_faults_still_deliver_every_digest_once(tmp_path, knowledge, fake, kind):
    store = seed(tmp_path / "d.db", 4)
    if kind == "lost":
        fake.lose = 2
    else:
        fake.fail("chat.postMessage", kind, times=2, retry_after=1)
    report = runner(store, knowledge, fake, MONDAY).run_once()
    keys = posted_keys(fake)
    assert len(keys) == 4 and set(keys.values()) == {1}, keys
    assert report.sent + report.reconciled == 4 and report.failed == 0
    if kind == "429":
        faults = [c for c in fake.calls("chat.postMessage", faults=True) if c.fault == "429"]
        ok = fake.calls("chat.postMessage")
        assert len(faults) == 2 and ok[0].at - faults[-1].at >= 0.9  # waited Retry-After
    if kind == "lost":
        assert fake.calls("conversations.history")  # looked before posting again


def test_lost_lease_and_crash_resume_without_duplicates(tmp_path, knowledge, fake):
    store = seed(tmp_path / "d.db", 2)
    r1 = runner(store, knowledge, fake, MONDAY)
    r1.enqueue_due()
    row = store.outbox.claim(MONDAY, "crashed-runner", 60)
    ts, _, _ = r1.post(row)  # posted, then "crashed" before recording the ts
    assert ts
    later = runner(store, knowledge, fake, MONDAY + dt.timedelta(seconds=61)).run_once()
    assert later.reconciled == 1 and later.sent == 1
    assert set(posted_keys(fake).values()) == {1} and len(posted_keys(fake)) == 2
    assert store.outbox.get(WS, row.channel_id, row.period).message_ts == ts


def test_two_concurrent_runners_never_both_post(tmp_path, knowledge, fake):
    from bot.store import SqliteStore

    seed(tmp_path / "d.db", 30).close()
    reports = []

    def go(name: str) -> None:
        with SqliteStore(tmp_path / "d.db") as store:
            reports.append(runner(store, knowledge, fake, MONDAY, owner=name).run_once())

    threads = [threading.Thread(target=go, args=(f"r{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    keys = posted_keys(fake)
    assert len(keys) == 30 and set(keys.values()) == {1}
    assert sum(r.sent for r in reports) == 30


def test_chart_is_uploaded_in_the_digest_thread(tmp_path, knowledge, fake):
    store = seed(tmp_path / "d.db", 1)
    runner(store, knowledge, fake, MONDAY, charts=True).run_once()
    (_post,) = fake.calls("chat.postMessage")
    (done,) = fake.calls("files.completeUploadExternal")
    assert done.body["channel_id"] == channel(0) and done.body["thread_ts"] == fake.messages[channel(0)][0]["ts"]
    (png,) = [v for v in fake.uploads.values() if v]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_scheduler_thread_runs_and_stops(tmp_path, knowledge, fake):
    store = seed(tmp_path / "d.db", 1)
    deps = Deps(store=store, knowledge=knowledge, settings=None, clock=lambda: MONDAY)
    time = FakeTime()
    handle = start_scheduler(deps, WebClient(base_url=fake.api_url, token=TOKEN), interval_s=0.05,
                             sleep=time.sleep, monotonic=time.monotonic)
    try:
        assert handle.wait_runs(2, timeout=120)  # returns as soon as the second run is over
    finally:
        handle.stop(timeout=120)
    assert not handle.alive
    assert set(posted_keys(fake).values()) == {1}  # the second run found nothing left to post


def test_each_workspace_posts_with_its_own_token(tmp_path, knowledge, fake):
    from digest_support import SUBSCRIBED_AT

    from bot.core.profile import build_profile
    from bot.store import Subscription, Workspace

    store = seed(tmp_path / "d.db", 1)
    other = Workspace("E9", "T2")
    store.profiles.save(other, "search", build_profile({"tokens_per_day": "2B"}), by="U9", now=SUBSCRIBED_AT)
    store.profiles.bind(other, "C9", "search", by="U9", now=SUBSCRIBED_AT)
    store.subscriptions.subscribe(other, Subscription("C9", 0, "09:00", "UTC"), SUBSCRIBED_AT)
    tokens = {WS: "xoxb-t1", other: "xoxb-t2"}
    time = FakeTime()
    r = Runner(store, knowledge, WebClient(base_url=fake.api_url), clock=lambda: MONDAY, sleep=time.sleep,
               monotonic=time.monotonic, charts=False, token_for=tokens.get).run_once()
    assert r.sent == 2
    assert {(c.body["channel"], c.token) for c in fake.calls("chat.postMessage")} == {
        (channel(0), "xoxb-t1"), ("C9", "xoxb-t2")}


def test_chart_upload_is_paced_like_a_post(tmp_path, knowledge, fake):
    """The digest and its chart are two messages in one channel: the second waits out the ~1/s pace."""
    store = seed(tmp_path / "d.db", 1)
    time = FakeTime()
    r = runner(store, knowledge, fake, MONDAY, charts=True, time=time)
    assert r.run_once().sent == 1
    assert fake.calls("chat.postMessage") and fake.calls("files.completeUploadExternal")
    # one wait between the post and the upload: the full second, as no (fake) time passed while rendering
    assert time.slept == [PACE_S]
