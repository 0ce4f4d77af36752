"""Acks under load with a slow Slack: 200 concurrent `/selfhost` commands, every Slack call taking 1 s.

    python bench/acks.py [--commands 200] [--delay 1.0] [--runs 2]

`selfhost-bot serve --http` in its own process; the fake Slack (in this process) takes ``--delay``
seconds to answer every Web API call and every response_url post. 200 signed commands are sent at once
(one client thread each): a third `recommend <free text>`, a third `profile edit` (views.open), a third
`digest on` (users.info). Each command's ack time is the HTTP round trip of its POST; Slack gives up
on an ack after 3 s. Answers arrive later (they wait on the slow Slack) and are reported separately.
Run it against another checkout with PYTHONPATH=/path/to/checkout to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import TimedSlack, machine, pct, start_selfhost
from slackclient import SIGNING_SECRET, SlackSender

SLACK_DEADLINE_S = 3.0
TEXTS = ["recommend 400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team",
         "profile edit", "digest on"]


def one(sender: SlackSender, fake: TimedSlack, i: int, start: threading.Event) -> tuple[float, int]:
    start.wait()
    t0 = time.monotonic()
    try:
        r = sender.command(TEXTS[i % len(TEXTS)], response_url=fake.response_url(f"c{i}"), channel_id=f"C{i:04d}",
                           user_id=f"U{i:04d}")
        return time.monotonic() - t0, r.status
    except OSError:
        return time.monotonic() - t0, 0


def run(commands: int, delay: float) -> dict[str, float]:
    fake = TimedSlack()
    fake.start()
    fake.slow(delay, response_url=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_selfhost(fake, Path(tmp), SELFHOST_SCHEDULER="false")
        try:
            sender = SlackSender(server.url, SIGNING_SECRET)
            sender.command("help", response_url=fake.response_url("warm"))
            start = threading.Event()
            with ThreadPoolExecutor(commands) as pool:
                futures = [pool.submit(one, sender, fake, i, start) for i in range(commands)]
                time.sleep(0.5)  # every client thread is waiting on the start line
                sent = time.monotonic()
                start.set()
                results = [f.result() for f in futures]
            acks = sorted(t for t, _ in results)
            answered = wait_answers(fake, commands // 3, sent)
        finally:
            server.stop()
            fake.stop()
    ok = [t for t, status in results if status == 200]
    return {"n": commands, "ok": len(ok), "p50": pct(acks, 50), "p99": pct(acks, 99), "max": acks[-1],
            "within": sum(1 for t, s in results if s == 200 and t <= SLACK_DEADLINE_S) / commands,
            "answers_p50": pct(answered, 50) if answered else float("nan")}


def wait_answers(fake: TimedSlack, expected: int, sent: float, timeout: float = 120.0) -> list[float]:
    """Seconds from the burst to each `recommend` answer (they come through response_url)."""
    deadline = time.monotonic() + timeout
    paths = {f"/response/c{i}" for i in range(0, expected * 3, 3)}
    while time.monotonic() < deadline and len(paths & set(fake.arrivals)) < len(paths):
        time.sleep(0.2)
    return sorted(fake.arrivals[p] - sent for p in paths if p in fake.arrivals)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commands", type=int, default=200)
    ap.add_argument("--delay", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    m = machine()
    print(f"{dt.date.today()} · {m['cpu']} · {m['nproc']} cores · Python {m['python']}")
    print(f"{args.commands} concurrent commands, Slack {args.delay:g} s per call\n")
    print("| run | acks (HTTP 200) | ack p50 | ack p99 | ack max | acked within 3 s | recommend answer p50 |")
    print("|---|---|---|---|---|---|---|")
    for i in range(args.runs):
        r = run(args.commands, args.delay)
        print(f"| {i + 1} | {r['ok']}/{r['n']} | {r['p50']:.2f} s | {r['p99']:.2f} s | {r['max']:.2f} s | "
              f"{r['within']:.0%} | {r['answers_p50']:.1f} s |")


if __name__ == "__main__":
    main()
