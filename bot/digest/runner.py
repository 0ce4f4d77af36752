"""The outbox runner: enqueue due digests, claim each with a lease, post it once, record the ts.

Exactly once: one outbox row per (workspace, channel, period); a runner claims a row with a lease before
posting; the message carries the row's key in its metadata; after an ambiguous failure (5xx, timeout,
dropped connection), or when a row is re-claimed after a crash, the channel's history is checked for
that key before posting again. The ts is recorded together with the recommendations log in one
transaction. 429 is retried by the client's RateLimitErrorRetryHandler (it waits Retry-After); 5xx and
connection errors back off here; posts to one channel are paced to about one a second.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.core.curves import cost_curves
from bot.core.knowledge import Knowledge
from bot.digest.gather import EVENT_TYPE, payload_for, record_posted
from bot.digest.schedule import latest_due, period_range
from bot.render.chart import available as charts_available
from bot.render.chart import render_png
from bot.store import OutboxRow, Store, Workspace

log = logging.getLogger(__name__)

LEASE_S = 300.0
TRIES = 4
PERMANENT_RETRY_S = 3600.0
PACE_S = 1.0


class LeaseLost(RuntimeError):
    """Another runner took the row over (our lease expired); nothing is recorded."""


def runner_client(client: WebClient) -> WebClient:
    """A client for posting digests: same token and URL, retries only 429s (waiting Retry-After).

    5xx and dropped connections are not retried blindly: the post may have gone through, so the runner
    checks the channel first.
    """
    return WebClient(token=client.token, base_url=client.base_url, timeout=30,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)])


@dataclass
class RunReport:
    enqueued: int = 0
    sent: int = 0
    reconciled: int = 0  # found already posted (after a crash or an ambiguous failure)
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Pacer:
    """At most one post per ``interval`` seconds per channel (``monotonic`` and ``sleep`` are injected
    together, so a test's clock moves only when the pacer waits)."""

    interval: float = PACE_S
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def wait(self, channel: str) -> None:
        last = self._last.get(channel)
        if last is not None:
            left = self.interval - (self.monotonic() - last)
            if left > 0:
                self.sleep(left)
        self._last[channel] = self.monotonic()

    def landed(self, channel: str) -> None:
        """Count the interval from when Slack took the message, not from when we started sending it."""
        self._last[channel] = self.monotonic()


class Runner:
    def __init__(
        self, store: Store, knowledge: Knowledge, client: WebClient, *,
        clock: Callable[[], dt.datetime], sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic, owner: str | None = None, lease_s: float = LEASE_S,
        backoff_s: float = 1.0, charts: bool = True, token_for: Callable[[Workspace], str | None] | None = None,
    ):
        self.store, self.k, self.clock, self.sleep = store, knowledge, clock, sleep
        self.base = client
        self.token_for = token_for
        self._clients: dict[Workspace, WebClient] = {}
        self.owner = owner or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.lease_s, self.backoff_s, self.charts = lease_s, backoff_s, charts
        self.pacer = Pacer(sleep=sleep, monotonic=monotonic)
        self._png: dict[str, bytes] = {}

    # --- the run ---------------------------------------------------------------------------------

    def run_once(self) -> RunReport:
        report = RunReport(enqueued=self.enqueue_due())
        while (row := self.store.outbox.claim(self.clock(), self.owner, self.lease_s)) is not None:
            try:
                self.deliver(row, report)
            except LeaseLost:
                log.warning("digest lease lost", extra={"channel": row.channel_id, "period": row.period})
        return report

    def enqueue_due(self) -> int:
        now, n = self.clock(), 0
        for ws in self.store.workspaces():
            for sub in self.store.subscriptions.list(ws, enabled_only=True):
                due = latest_due(sub.weekday, sub.time, sub.tz, now, since=sub.created_at)
                if due is None or self.store.outbox.get(ws, sub.channel_id, due.period) is not None:
                    continue
                try:
                    payload = payload_for(self.k, self.store, ws, sub.channel_id, due.period, now)
                except ValueError as e:  # a bad stored profile (ProfileError, InvalidRowError): skip this one
                    log.warning("digest skipped: %s", e, extra={"channel": sub.channel_id, "reason": str(e)})
                    continue
                except Exception:  # anything else is a bug, but it must not stop everyone's digest
                    log.exception("digest skipped", extra={"channel": sub.channel_id})
                    continue
                self.store.outbox.enqueue(ws, sub.channel_id, due.period, payload, now)
                n += 1
        return n

    def client_for(self, ws: Workspace) -> WebClient:
        """The workspace's bot client: the one token, or (OAuth installs) the token ``token_for`` finds."""
        if ws not in self._clients:
            token = self.token_for(ws) if self.token_for else self.base.token
            self._clients[ws] = runner_client(WebClient(token=token, base_url=self.base.base_url))
        return self._clients[ws]

    def deliver(self, row: OutboxRow, report: RunReport) -> None:
        payload = row.payload
        ts = self.find_posted(row) if row.attempts > 1 else None
        reconciled = ts is not None
        if ts is None:
            ts, error, retry_s = self.post(row)
            if ts is None:
                report.failed += 1
                report.errors.append(f"{row.channel_id} {row.period}: {error}")
                self.store.outbox.release(row, error, self.clock(), retry_after_s=retry_s)
                return
            self.upload_chart(row, ts)
        with self.store.transaction():
            if not self.store.outbox.mark_sent(row, ts, self.clock()):
                raise LeaseLost(row.channel_id)
            record_posted(self.store, row.workspace, row.channel_id, payload, ts, self.clock())
        if reconciled:
            report.reconciled += 1
        else:
            report.sent += 1

    # --- Slack -----------------------------------------------------------------------------------

    def post(self, row: OutboxRow) -> tuple[str | None, str, float]:
        """Post the row's message: (ts, "", 0) or (None, error, retry after seconds)."""
        p = row.payload
        error = ""
        for attempt in range(TRIES):
            if attempt:  # the previous try failed ambiguously: back off, then look before posting again
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
                found = self.find_posted(row)
                if found:
                    return found, "", 0
            self.pacer.wait(row.channel_id)
            try:
                r = self.client_for(row.workspace).chat_postMessage(
                    channel=row.channel_id, text=p["text"], blocks=p["blocks"], unfurl_links=False,
                    metadata={"event_type": EVENT_TYPE, "event_payload": {"key": p["key"]}})
                self.pacer.landed(row.channel_id)
                return r["ts"], "", 0
            except SlackApiError as e:
                status = e.response.status_code
                error = f"{status} {e.response.get('error', '') if isinstance(e.response.data, dict) else ''}"
                if status == 429 or status < 500:  # definitive: Slack said no (429 retries ran out)
                    wait = PERMANENT_RETRY_S if status != 429 else float(e.response.headers.get("Retry-After", 60))
                    return None, error.strip(), wait
            except Exception as e:  # dropped connection, timeout: the post may or may not have happened
                error = type(e).__name__
        return None, error or "failed", self.backoff_s * 2 ** TRIES

    def find_posted(self, row: OutboxRow) -> str | None:
        """The ts of this row's message if it is already in the channel (metadata carries the key)."""
        monday, _ = period_range(row.period)
        oldest = dt.datetime.combine(monday - dt.timedelta(days=7), dt.time(), dt.UTC).timestamp()
        cursor = None
        for _ in range(10):
            try:
                r = self.client_for(row.workspace).conversations_history(
                    channel=row.channel_id, oldest=f"{oldest:.6f}", limit=200, include_all_metadata=True,
                    cursor=cursor)
            except Exception as e:  # cannot look: post (at worst twice) rather than never
                log.warning("digest reconcile: history unavailable", extra={"error": type(e).__name__})
                return None
            for m in r.get("messages") or []:
                meta = m.get("metadata") or {}
                if meta.get("event_type") == EVENT_TYPE and (meta.get("event_payload") or {}).get("key") == \
                        row.payload["key"]:
                    return m["ts"]
            cursor = (r.get("response_metadata") or {}).get("next_cursor")
            if not r.get("has_more") or not cursor:
                return None
        return None

    def upload_chart(self, row: OutboxRow, ts: str) -> None:
        chart = row.payload.get("chart")
        if not chart or not self.charts or not charts_available():
            return
        try:
            png = self.chart_png(chart)
            self.pacer.wait(row.channel_id)  # the chart is a message in the channel too: keep ~1/s
            self.client_for(row.workspace).files_upload_v2(
                channel=row.channel_id, thread_ts=ts, file=png, filename="break-even.png",
                title=chart["title"][:250], alt_txt="Monthly cost against tokens per day", request_file_info=False)
        except Exception as e:  # the digest itself is posted; a missing chart is logged, not retried
            log.warning("digest chart upload failed", extra={"error": type(e).__name__})

    def chart_png(self, chart: dict[str, Any]) -> bytes:
        from bot.core.profile import build_profile

        key = repr(sorted(chart["profile"].items())) + f"|{chart['volume']}"
        if key not in self._png:
            curves = cost_curves(self.k, build_profile(chart["profile"]), chart["volume"], title=chart["title"])
            self._png[key] = render_png(curves)
        return self._png[key]


# --- the in-process scheduler for `serve` ---------------------------------------------------------


class SchedulerHandle:
    """The scheduler thread: ``stop()`` ends it; ``wait_runs(n)`` blocks until it finished n runs."""

    def __init__(self, thread: threading.Thread, stop: threading.Event):
        self._thread, self._stop = thread, stop
        self._done = threading.Condition()
        self.runs = 0

    def finished_run(self) -> None:
        with self._done:
            self.runs += 1
            self._done.notify_all()

    def wait_runs(self, n: int = 1, timeout: float | None = None) -> bool:
        with self._done:
            return self._done.wait_for(lambda: self.runs >= n, timeout)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()


def installed_token(store: Store) -> Callable[[Workspace], str | None]:
    """For OAuth (many workspaces): each workspace's bot token from the installation store."""
    installs = store.installation_store()

    def token(ws: Workspace) -> str | None:
        org_wide = ws.team_id is None
        bot = installs.find_bot(enterprise_id=ws.enterprise_id, team_id=ws.team_id, is_enterprise_install=org_wide)
        return bot.bot_token if bot else None

    return token


def start_scheduler(deps: Any, client: WebClient, interval_s: float = 60, **runner_kw: Any) -> SchedulerHandle:
    """Run ``run_once`` now and every ``interval_s`` seconds in a daemon thread (one replica only).

    ``client`` gives the Slack API URL and, for a single-workspace app, the bot token; without a token
    (OAuth) each workspace's token comes from the installation store. The runner reads the time from
    ``deps.clock``; ``runner_kw`` (``sleep``, ``monotonic``, ``charts``...) go to the ``Runner``.
    """
    stop = threading.Event()
    token_for = None if client.token else installed_token(deps.store)
    runner = Runner(deps.store, deps.knowledge, client, clock=deps.clock, token_for=token_for, **runner_kw)
    thread = threading.Thread(target=lambda: _loop(runner, handle, stop, interval_s), name="digest-scheduler",
                              daemon=True)
    handle = SchedulerHandle(thread, stop)
    thread.start()
    return handle


def _loop(runner: Runner, handle: SchedulerHandle, stop: threading.Event, interval_s: float) -> None:
    while not stop.is_set():
        try:
            report = runner.run_once()
            if report.sent or report.failed or report.reconciled:
                log.info("digest run", extra={"sent": report.sent, "failed": report.failed,
                                              "reconciled": report.reconciled})
        except Exception:
            log.exception("digest run failed")
        handle.finished_run()
        stop.wait(interval_s)
