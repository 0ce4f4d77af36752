"""Digest posting pace against Slack's per-channel limit (about one message a second per channel).

    python bench/digest_pace.py [--channels 50] [--charts | --no-charts]

A real store with ``--channels`` subscribed channels (tests/digest_support.seed), the real outbox
runner with the real clock and sleep, posting to the fake Slack on 127.0.0.1. Reported: digests sent,
wall time, overall posts per second, and per channel the smallest gap between two messages that land
in it (the digest and its break-even chart, uploaded into the digest's thread).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from harness import table, verdict  # first: puts the repository and tests/ on sys.path

# isort: split
from digest_support import MONDAY, TOKEN, seed
from fakeslack import FakeSlack
from slack_sdk import WebClient

from bot.core.knowledge import load
from bot.digest.runner import Runner

MESSAGE_CALLS = ("chat.postMessage", "files.completeUploadExternal")


def run(channels: int, charts: bool) -> list[str]:
    with FakeSlack() as fake, tempfile.TemporaryDirectory(prefix="bench-pace-") as tmp:
        store = seed(Path(tmp) / "pace.db", channels)
        client = WebClient(base_url=fake.api_url, token=TOKEN)
        runner = Runner(store, load(), client, clock=lambda: MONDAY, charts=charts)
        t0 = time.monotonic()
        report = runner.run_once()
        wall = time.monotonic() - t0
        store.close()
        by_channel: dict[str, list[float]] = defaultdict(list)
        for call in fake.calls():
            if call.method in MESSAGE_CALLS:
                channel = call.body.get("channel") or call.body.get("channel_id") or "?"
                by_channel[channel].append(call.at)
    gaps = [b - a for times in by_channel.values() for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    posts = sum(len(t) for t in by_channel.values())
    busiest = max((len(t) for t in by_channel.values()), default=0)
    return [str(channels), "on" if charts else "off", f"{report.sent}/{report.enqueued}", str(report.failed),
            f"{wall:.2f}", str(posts), f"{posts / wall:.1f}", str(busiest),
            f"{min(gaps):.3f}" if gaps else "-"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--channels", type=int, default=50)
    args = ap.parse_args()
    rows = [run(args.channels, charts) for charts in (False, True)]
    print(table(["channels", "charts", "sent/enqueued", "failed", "wall s", "messages", "messages/s overall",
                 "max messages in one channel", "min gap in one channel s"], rows))
    print("\nSlack: chat.postMessage allows about 1 message per second per channel (short bursts tolerated).")
    gap = rows[0][-1]
    verdict("digest posts per channel (no charts): smallest gap between two messages in one channel",
            "one message per channel" if gap == "-" else f"{gap} s", "≥ 1 s", gap == "-" or float(gap) >= 1.0)
    gap = rows[1][-1]
    verdict("digest + chart upload in the same channel: smallest gap", f"{gap} s", "≥ 1 s (1 msg/s)",
            gap == "-" or float(gap) >= 1.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
