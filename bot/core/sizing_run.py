"""What a benchmark run measures: N requests sent at once to a batching server, to the last token.

``vllm bench serve`` / SGLang ``bench_serving`` with ``--request-rate inf`` queue every prompt at t=0; the
server keeps up to its batch limit in flight, admits the next request when one finishes, and the run ends
when the longest request does. Its "output token throughput" is total output tokens ÷ that duration, so it
includes the drain at the end, when a few long answers decode at small batch — on a MoE replica whose
single-stream step is slow, that tail can be half the run. Steady-state capacity (what a plan needs) is
``sizing.replica_throughput``; this module predicts the benchmark's own figure, for scoring and calibration.

Output lengths of a dataset run (ShareGPT) are long-tailed: modelled as exponential with the run's mean,
truncated where ``vllm bench serve`` drops ShareGPT pairs (prompt + output > 2048 tokens).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import sizing_physics as phys
from . import sizing_time as timing
from .setup import Setup

SHAREGPT_MAX_TOTAL = 2048  # vllm bench serve keeps ShareGPT pairs with prompt + output <= 2048 tokens


@dataclass(frozen=True)
class RunResult:
    duration_s: float
    output_tokens_per_s: float
    batch: int  # the most requests in flight


def exponential_lengths(mean: float, count: int, cap: float) -> list[int]:
    """``count`` output lengths with the given mean: quantiles of an exponential truncated at ``cap``,
    interleaved so that long and short answers arrive mixed (a deterministic stand-in for random order)."""
    scale = _scale_for_mean(mean, cap)
    tail = 1.0 - math.exp(-cap / scale)
    qs = [-scale * math.log(1.0 - tail * (i + 0.5) / count) for i in range(count)]
    stride = max(1, round(count * 0.618))
    while math.gcd(stride, count) != 1:
        stride += 1
    return [max(1, round(qs[(i * stride) % count])) for i in range(count)]


def _scale_for_mean(mean: float, cap: float) -> float:
    """The exponential's scale whose truncation at ``cap`` has the given mean (bisection)."""
    lo, hi = 1e-3, max(mean * 50.0, 1.0)
    for _ in range(60):
        mid = (lo + hi) / 2.0
        truncated = mid - cap * math.exp(-cap / mid) / (1.0 - math.exp(-cap / mid))
        lo, hi = (mid, hi) if truncated < mean else (lo, mid)
    return (lo + hi) / 2.0


def run(
    s: Setup, *, input_tokens: int, output_lengths: Sequence[int], concurrency: int, kv_dtype: str = "f16",
    chunk: int = 8192,
) -> RunResult | None:
    """Predicted duration and output tokens/s of a run of ``len(output_lengths)`` requests of ``input_tokens``
    prompt tokens, at most ``concurrency`` in flight (the server's batch limit or the client's
    --max-concurrency). None when not one request fits."""
    mean_out = sum(output_lengths) / len(output_lengths)
    kv_tokens = input_tokens + mean_out / 2.0
    one = phys.place(s, kv_bytes=phys.kv_bytes(s.model, kv_dtype, input_tokens + mean_out))
    if not one.fits:
        return None
    step = _step_time(s, kv_tokens=kv_tokens, kv_dtype=kv_dtype)
    decode_s, batch = _drain(output_lengths, max(concurrency, 1), step)
    prefill = timing.prefill_seconds(s, placement=one, tokens=input_tokens, chunk=max(chunk, input_tokens))
    duration = decode_s + prefill * len(output_lengths)
    return RunResult(duration, sum(output_lengths) / duration, batch)


def _step_time(s: Setup, *, kv_tokens: float, kv_dtype: str) -> Callable[[int], float]:
    cache: dict[int, float] = {}

    def seconds(batch: int) -> float:
        if batch not in cache:
            kv = phys.kv_bytes(s.model, kv_dtype, kv_tokens) * batch
            place = phys.place(s, kv_bytes=kv)
            cache[batch] = timing.decode_step(s, placement=place, kv_tokens=kv_tokens, kv_dtype=kv_dtype,
                                              batch=batch).seconds
        return cache[batch]

    return seconds


def _drain(lengths: Sequence[int], slots: int, step: Callable[[int], float]) -> tuple[float, int]:
    """Decode seconds of a FIFO run: up to ``slots`` requests decode together, one token each per step; a
    finished request's slot goes to the next in the queue. Advances from one finish to the next."""
    queue: deque[int] = deque(lengths)
    active: list[int] = []
    elapsed = 0.0
    done = 0  # steps taken so far
    most = 0
    while queue or active:
        while queue and len(active) < slots:
            active.append(done + queue.popleft())  # the step at which this request finishes
        most = max(most, len(active))
        active.sort()
        nxt = active[0]
        elapsed += (nxt - done) * step(len(active))
        done = nxt
        active = [a for a in active if a > done]
    return elapsed, most
