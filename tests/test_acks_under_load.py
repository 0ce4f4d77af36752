"""Acks never wait on Slack (issue #15, item 2).

Slack answering 429 used to put Bolt's five listener threads to sleep in the retry handler, and every
`/selfhost` command (even `help`) then got no ack within 3 s. Acks now run on their own executor and
every Web API call on the work executor, so a rate-limited Slack delays answers, never acks.

Scaled so the test is quick: Slack is rate-limited for 4 s with Retry-After 3 (the defect report: 30 s,
Retry-After 20); ten mentions keep the work executor busy retrying through the window, and are
answered once it ends (their third attempt).

The 3 s is Slack's deadline, but wall time carries the machine's load: under `pytest -n 8` on two cores even
a healthy Slack's acks can near 3 s. So the same 20 commands are first acked with a healthy Slack, and under
the 429 each ack must beat 3 s or come within 1 s of that healthy round's slowest. The defect made an ack wait
out Retry-After (3 s here) on top, so either bound catches it.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from slackclient import Response

WINDOW_S = 4
SLACK_ACK_DEADLINE_S = 3.0


def mention(app, i: int) -> Response:
    return app.sender.event({"type": "app_mention", "user": "U1", "channel": "C1", "ts": f"1700000000.{i:06d}",
                             "text": "<@UBOT> 300M tokens/day of internal data, should we self-host?"})


def timed_command(app, text: str) -> tuple[Response, float]:
    start = time.monotonic()
    r = app.command(text)
    return r, time.monotonic() - start


TEXTS = ["help", "recommend 300M tokens/day", "prices openai", "hardware llama-3.1-8b q4_k_m"] * 5


def slowest_ack(app) -> float:
    """The 20 commands at once: every one acked 200; the slowest ack in seconds."""
    with ThreadPoolExecutor(len(TEXTS)) as pool:
        results = list(pool.map(lambda t: timed_command(app, t), TEXTS))
    assert [r.status for r, _ in results] == [200] * len(TEXTS)
    return max(s for _, s in results)


def test_20_commands_are_acked_within_3s_while_slack_answers_429(slack_app) -> None:
    app = slack_app
    healthy = slowest_ack(app)
    answered = len(app.fake.wait_for("response_url", 15, timeout=20))
    app.fake.rate_limit(WINDOW_S, retry_after=3)
    assert all(mention(app, i).status == 200 for i in range(10))
    time.sleep(0.3)  # the mentions' work is now retrying inside the rate-limit window
    slowest = slowest_ack(app)
    assert slowest < SLACK_ACK_DEADLINE_S or slowest < healthy + 1.0, (slowest, healthy)
    app.fake.wait_for("response_url", answered + 15, timeout=20)  # the answers still come (not rate-limited)
    app.fake.wait_for("chat.postMessage", 10, timeout=20)  # and the mentions are answered after the window


def test_a_retry_after_longer_than_a_minute_is_not_waited_for() -> None:
    from slack_sdk.http_retry.request import HttpRequest
    from slack_sdk.http_retry.response import HttpResponse
    from slack_sdk.http_retry.state import RetryState

    from bot.slack.retry import BoundedRateLimitRetry

    slept: list[float] = []
    handler = BoundedRateLimitRetry(max_retry_count=2, give_up_after_s=60, sleep=slept.append)
    request = HttpRequest(method="POST", url="https://slack.test/api/chat.postMessage", headers={})
    state = RetryState()
    long = HttpResponse(status_code=429, headers={"Retry-After": ["600"]})
    short = HttpResponse(status_code=429, headers={"retry-after": "3"})
    assert not handler.can_retry(state=state, request=request, response=long)
    assert handler.can_retry(state=state, request=request, response=short)
    handler.prepare_for_next_attempt(state=state, request=request, response=short)
    handler.prepare_for_next_attempt(state=state, request=request, response=short)
    assert slept == [3.0, 3.0]
    assert not handler.can_retry(state=state, request=request, response=short)  # bounded: 2 retries
