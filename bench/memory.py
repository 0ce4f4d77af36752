"""Idle and peak RSS of ``selfhost-bot serve --http`` (goal: ≤ 100 MB idle), with the bare Bolt app for scale.

    python bench/memory.py [--requests 500] [--clients 50] [--settle 2]

Each server runs as its own process with SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET set and SLACK_API_URL
pointing at a fake Slack on 127.0.0.1. Idle = VmRSS ``--settle`` s after it listens and has answered one
request (so the lazily imported listener modules are in); peak = VmHWM after ``--requests`` signed
``/selfhost recommend`` from ``--clients`` threads. Read from /proc/PID/status.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from harness import TimedSlack, drive, proc_status, start_bare, start_selfhost, table, verdict


def mb(kb: int) -> str:
    return f"{kb / 1024:.1f}"


def measure(fake: TimedSlack, server, requests: int, clients: int, settle: float) -> list[str]:
    try:
        at_listen = proc_status(server.pid)["VmRSS"]
        drive(fake, server.url, 1, 1)
        time.sleep(settle)
        idle = proc_status(server.pid)["VmRSS"]
        load = drive(fake, server.url, requests, clients)
        after = proc_status(server.pid)
    finally:
        server.stop()
    return [server.name, mb(at_listen), mb(idle), mb(after["VmHWM"]), mb(after["VmRSS"]),
            f"{len(load.answers)}/{requests}"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--settle", type=float, default=2.0)
    args = ap.parse_args()
    rows = []
    with TimedSlack() as fake, tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        for start in (start_selfhost, start_bare):
            rows.append(measure(fake, start(fake, Path(tmp)), args.requests, args.clients, args.settle))
    print(table(["server", "RSS at listen MB", "idle RSS MB", f"peak (VmHWM, {args.clients} clients) MB",
                 "RSS after MB", "answered"], rows))
    idle, peak = float(rows[0][2]), float(rows[0][3])
    print()
    verdict("serve --http idle RSS", f"{idle:.1f} MB", "≤ 100 MB", idle <= 100)
    verdict(f"serve --http peak RSS (VmHWM, {args.clients} clients)", f"{peak:.1f} MB", "(none)", None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
