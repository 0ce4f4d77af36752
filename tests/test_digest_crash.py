"""SIGKILL a subprocess runner at random points of a 50-channel run, rerun it, repeat: 0 lost, 0 duplicate.

The fake Slack runs here, in the parent, and counts the posts. CI runs DIGEST_CRASH_ITERATIONS=3 (default);
the full proof is `DIGEST_CRASH_ITERATIONS=100 pytest tests/test_digest_crash.py` (50 channels each).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from clocks import PATIENCE_S
from digest_support import MONDAY, TOKEN, WS, channel, posted_keys, seed
from fakeslack import FakeSlack

from bot.digest.gather import outbox_key
from bot.digest.schedule import period_of
from bot.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
ITERATIONS = int(os.environ.get("DIGEST_CRASH_ITERATIONS", "3"))
CHANNELS = int(os.environ.get("DIGEST_CRASH_CHANNELS", "50"))
LEASE_S = 300


def run(db: Path, now: dt.datetime, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "digest", "run", "--once", "--no-chart", "--now", now.isoformat(),
         "--db", str(db)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_at_random(proc: subprocess.Popen, fake: FakeSlack, rng: random.Random) -> str:
    """Kill after a random number of this run's posts, or at a random moment (enqueue included)."""
    start = len(fake.calls("chat.postMessage", faults=True))
    if rng.random() < 0.5:
        target = start + rng.randrange(CHANNELS)
        deadline = time.monotonic() + PATIENCE_S
        while len(fake.calls("chat.postMessage", faults=True)) <= target and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.001)
        where = f"after post {target - start + 1}"
    else:
        delay = rng.uniform(0.3, 2.5)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(delay)
        where = f"at {delay:.2f}s"
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    return where


def test_sigkill_at_random_points_then_rerun_loses_and_duplicates_nothing(tmp_path):
    db = tmp_path / "crash.db"
    seed(db, CHANNELS).close()
    rng = random.Random(int(os.environ.get("DIGEST_CRASH_SEED", "7")))
    with FakeSlack() as fake:
        env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": fake.api_url, "PYTHONPATH": str(ROOT)}
        killed = reconciled = 0
        started = time.monotonic()
        for i in range(ITERATIONS):
            now = MONDAY + dt.timedelta(weeks=i)
            proc = run(db, now, env)
            kill_at_random(proc, fake, rng)
            killed += proc.returncode == -signal.SIGKILL
            looked = len(fake.calls("conversations.history"))
            rerun = run(db, now + dt.timedelta(seconds=LEASE_S + 1), env)
            _, err = rerun.communicate(timeout=60)
            reconciled += len(fake.calls("conversations.history")) > looked
            assert rerun.returncode == 0, err.decode()[-2000:]
            keys = posted_keys(fake)
            period = period_of(now.date())
            for c in range(CHANNELS):
                assert keys[outbox_key(WS, channel(c), period)] == 1, (i, c, keys[outbox_key(WS, channel(c), period)])
        assert sum(keys.values()) == len(keys) == ITERATIONS * CHANNELS  # 0 lost, 0 duplicate
        assert killed >= min(ITERATIONS, 1)
        print(f"\n{ITERATIONS} iterations x {CHANNELS} channels: {killed} killed mid-run, {reconciled} reruns "
              f"checked the channel history, {len(keys)} digests, each posted once "
              f"({time.monotonic() - started:.1f}s)")
    with SqliteStore(db) as store:
        rows = store.outbox.list(WS)
        assert len(rows) == ITERATIONS * CHANNELS and {r.status for r in rows} == {"sent"}
        assert store.integrity_check() == "ok"
