"""Time in tests: a fake time source for code that waits, and how long a test may wait for another thread.

``FakeTime.monotonic`` moves only when someone ``sleep``s. ``PATIENCE_S`` bounds every wait for work done by
another thread or process (a reply reaching the fake Slack, a server starting): each wait returns as soon as
the thing happens, so a generous bound costs nothing on a quiet machine and keeps a loaded one (``pytest -n 8``
on 2 cores) from failing a test that was only slow.
"""

from __future__ import annotations

PATIENCE_S = 120.0


class FakeTime:
    def __init__(self, start: float = 1000.0):
        self.now = start
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
