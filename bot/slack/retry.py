"""Bounded retries for Slack's Web API: a 429 waits Retry-After, a few times at most, and never forever.

slack_sdk's ``RateLimitErrorRetryHandler`` sleeps whatever Retry-After says, as often as it is allowed
to retry. Ours caps both the number of retries and the longest wait it will accept: when Slack asks for
more than ``give_up_after_s``, the call fails at once (the caller logs it; the answer is lost or posted
later by the digest outbox) instead of holding a worker thread for minutes. These retries only ever
run on the work executor (lazy listeners, the digest runner), never where a request is acknowledged.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

MAX_RATE_LIMIT_RETRIES = 2
GIVE_UP_AFTER_S = 60.0  # a Retry-After longer than this is not waited for


def retry_after(response: HttpResponse) -> float:
    """Slack's Retry-After in seconds (1 when absent or unreadable)."""
    for key, values in response.headers.items():
        if key.lower() == "retry-after":
            try:
                return max(0.0, float(values[0] if isinstance(values, list) else values))
            except (TypeError, ValueError, IndexError):
                return 1.0
    return 1.0


class BoundedRateLimitRetry(RetryHandler):
    """Retry 429s at most ``max_retry_count`` times, each after Retry-After, unless that is too long."""

    def __init__(
        self, max_retry_count: int = MAX_RATE_LIMIT_RETRIES, give_up_after_s: float = GIVE_UP_AFTER_S,
        sleep: Callable[[float], None] = time.sleep,
    ):
        super().__init__(max_retry_count=max_retry_count)
        self.give_up_after_s, self.sleep = give_up_after_s, sleep

    def _can_retry(
        self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429 and retry_after(response) <= self.give_up_after_s

    def prepare_for_next_attempt(
        self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self.sleep(retry_after(response) if response is not None else 1.0)
        state.increment_current_attempt()
