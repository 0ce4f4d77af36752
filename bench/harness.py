"""Shared pieces for the benches: a timing fake Slack, server subprocesses, signed load, statistics.

Everything stays on 127.0.0.1. Servers run in their own processes (as in production) so the load
generator's threads do not share a GIL with the app under test; the fake Slack Web API runs in the
bench process and stamps each ``response_url`` arrival with ``time.monotonic()``, the same clock the
clients use to stamp their sends.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from fakeslack import Call, FakeSlack  # noqa: E402
from slackclient import BOT_TOKEN, SIGNING_SECRET, SlackSender  # noqa: E402

BARE_APP = ROOT / "bench" / "bare_bolt_app.py"
MESSAGES = [
    "400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team",
    "50M tokens/day, internal data, no GPU team",
    "we do 2B tokens a day of public docs summarisation, 8B model is fine, latency under 2 s",
    "about 300M tokens/day of customer support chats, confidential, we own 4 H100s",
]


# --- the fake Slack, timing each answer ----------------------------------------------------------


class TimedSlack(FakeSlack):
    """FakeSlack that wakes a waiter per response_url path and keeps no unbounded call log."""

    def __init__(self) -> None:
        super().__init__()
        self._waiters: dict[str, threading.Event] = {}
        self.arrivals: dict[str, float] = {}
        self.seen = 0

    def expect(self, path: str) -> threading.Event:
        event = threading.Event()
        with self._lock:
            self._waiters[path] = event
        return event

    def record(self, call: Call) -> None:
        with self._lock:
            self.seen += 1
            if call.method == "response_url":
                self.arrivals[call.path] = call.at
                event = self._waiters.pop(call.path, None)
                if event is not None:
                    event.set()


# --- server subprocesses ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def slack_env(fake: FakeSlack, db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SELFHOST_"))}
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url,
               SELFHOST_DB=str(db), SELFHOST_LOG_FORMAT="json", **extra)
    return env


@dataclass
class ServerProc:
    """A server in its own process: ``.url``, ``.pid``, ``.stop()``."""

    name: str
    proc: subprocess.Popen
    port: int
    log: Any = None
    started_s: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return int(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.log is not None:
            self.log.close()


def wait_listening(proc: subprocess.Popen, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listening on {port} after {timeout}s")


def start_server(name: str, argv: list[str], env: dict[str, str], port: int, log_path: Path) -> ServerProc:
    log = open(log_path, "wb")  # noqa: SIM115 - closed by ServerProc.stop
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_listening(proc, port)
    except Exception:
        proc.kill()
        log.close()
        raise
    return ServerProc(name, proc, port, log, time.monotonic() - t0)


def start_selfhost(fake: FakeSlack, workdir: Path, **env: str) -> ServerProc:
    """``selfhost-bot serve --http`` (the production entry point) on a free port."""
    port = free_port()
    exe = shutil.which("selfhost-bot")
    argv = [exe] if exe else [sys.executable, "-m", "bot"]
    argv += ["serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    return start_server("selfhost", argv, slack_env(fake, workdir / "bench.db", **env), port,
                        workdir / "selfhost.log")


def start_bare(fake: FakeSlack, workdir: Path) -> ServerProc:
    """The bare Bolt app on Bolt's own development HTTP server."""
    port = free_port()
    argv = [sys.executable, str(BARE_APP), "--port", str(port)]
    return start_server("bare", argv, slack_env(fake, workdir / "unused.db"), port, workdir / "bare.log")


# --- load ------------------------------------------------------------------------------------------


@dataclass
class Sample:
    ack_s: float
    answer_s: float | None  # None: no answer within the timeout


@dataclass
class Load:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def answers(self) -> list[float]:
        return [s.answer_s for s in self.samples if s.answer_s is not None]

    def extend(self, other: Load) -> None:
        self.samples += other.samples
        self.errors += other.errors
        self.wall_s += other.wall_s


_counter = iter(range(10**9))
_counter_lock = threading.Lock()


def one_request(fake: TimedSlack, sender: SlackSender, text: str, timeout: float = 15.0) -> Sample | str:
    """Send one signed ``/selfhost recommend`` and wait for its answer at the response_url."""
    with _counter_lock:
        n = next(_counter)
    path = f"/response/r{n}"
    done = fake.expect(path)
    t0 = time.monotonic()
    try:
        r = sender.command(f"recommend {text}", response_url=fake.url.rstrip("/") + path)
    except OSError as e:
        return f"send: {type(e).__name__}"
    ack = time.monotonic() - t0
    if r.status != 200:
        return f"ack status {r.status}"
    if not done.wait(timeout):
        return "no answer"
    return Sample(ack, fake.arrivals[path] - t0)


def drive(fake: TimedSlack, url: str, count: int, clients: int) -> Load:
    """``count`` requests from ``clients`` threads (1 = sequential); bounded, stops by itself."""
    sender = SlackSender(url, SIGNING_SECRET)
    out = Load()

    def job(i: int) -> Sample | str:
        return one_request(fake, sender, MESSAGES[i % len(MESSAGES)])

    t0 = time.monotonic()
    if clients == 1:
        results = [job(i) for i in range(count)]
    else:
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(job, range(count)))
    out.wall_s = time.monotonic() - t0
    for r in results:
        (out.samples if isinstance(r, Sample) else out.errors).append(r)  # type: ignore[arg-type]
    return out


# --- statistics and the machine --------------------------------------------------------------------


def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile (inclusive method; p in 1..99)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM (kB) of a process, from /proc/PID/status."""
    out: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{mem_kb / 2**20:.1f} GiB"
    except OSError:
        ram = "unknown"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "date": time.strftime("%a %d %b %Y %H:%M:%S %Z")}


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (it also reads well in a terminal)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def verdict(label: str, value: str, goal: str, ok: bool | None) -> str:
    """One line run_all.py collects into the results table: ``= label | value | goal | met``."""
    status = "n/a" if ok is None else ("met" if ok else "MISSED")
    line = f"= {label} | {value} | {goal} | {status}"
    print(line)
    return line
