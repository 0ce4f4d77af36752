"""A fake time source for code that waits: ``monotonic`` moves only when someone ``sleep``s."""

from __future__ import annotations


class FakeTime:
    def __init__(self, start: float = 1000.0):
        self.now = start
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
