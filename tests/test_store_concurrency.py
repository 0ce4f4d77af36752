"""Concurrency and crash safety with real SQLite files: threads, concurrent claims, SIGKILLed writers."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from clocks import PATIENCE_S
from helpers_store import T0, WS_A, WS_B

from bot.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]


def _run_threads(n: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            target(i)
        except BaseException as e:  # collected and asserted on below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_20_threads_x_1000_writes_lose_nothing(tmp_path):
    threads, writes = 20, 1000
    store = SqliteStore(tmp_path / "bot.db")

    def writer(i: int) -> None:
        ws = WS_A if i % 2 else WS_B
        for k in range(writes):  # each write is its own transaction
            store.usage.record(ws, f"p{i}", date(2020, 1, 1) + timedelta(days=k), k, source="t", now=T0)

    t0 = time.perf_counter()
    errors = _run_threads(threads, writer)
    elapsed = time.perf_counter() - t0
    assert errors == []
    assert store.usage.count(WS_A) + store.usage.count(WS_B) == threads * writes
    for i in range(threads):
        ws = WS_A if i % 2 else WS_B
        series = store.usage.series(ws, f"p{i}")
        assert [u.tokens for u in series] == [float(k) for k in range(writes)]
    total = threads * writes
    print(f"\n{total} writes in {elapsed:.2f}s = {total / elapsed:,.0f} writes/s, 0 errors")
    store.close()


def test_concurrent_profile_updates_keep_every_version(tmp_path):
    """Read-modify-write updates from 8 threads on one profile: versions 1..N, no gaps, no duplicates."""
    store = SqliteStore(tmp_path / "bot.db")
    threads, each = 8, 50

    def editor(i: int) -> None:
        for k in range(each):
            store.profiles.update(WS_A, "shared", {"tokens_per_day": i * 1000 + k + 1}, by=f"U{i}", now=T0)

    assert _run_threads(threads, editor) == []
    hist = store.profiles.history(WS_A, "shared")
    assert [v.version for v in hist] == list(range(1, threads * each + 1))
    assert store.profiles.get(WS_A, "shared").version == threads * each
    store.close()


def test_two_threads_claiming_never_get_the_same_row(tmp_path):
    store = SqliteStore(tmp_path / "bot.db")
    for c in range(200):
        store.outbox.enqueue(WS_A if c % 2 else WS_B, f"C{c}", "2024-W23", {"n": c}, T0)
    claimed: dict[int, list[int]] = {0: [], 1: []}

    def runner(i: int) -> None:
        while (row := store.outbox.claim(T0, f"runner-{i}", 60)) is not None:
            claimed[i].append(row.id)
            assert store.outbox.mark_sent(row, f"{row.id}.0", T0)

    assert _run_threads(2, runner) == []
    assert not set(claimed[0]) & set(claimed[1])
    assert sorted(claimed[0] + claimed[1]) == list(range(1, 201))
    assert all(r.status == "sent" and r.attempts == 1 for r in store.outbox.list(WS_A) + store.outbox.list(WS_B))
    store.close()


# A parent that imports the store once, then forks one writer per "go" line (so 50 runs cost no 50
# interpreter start-ups). Each writer prints its pid and updates profiles until the test SIGKILLs it;
# the parent reaps it and reports how it died.
ZYGOTE = """
import os, sys
from datetime import datetime, timedelta, UTC
from bot.store import SqliteStore, Workspace
path = sys.argv[1]
for line in sys.stdin:
    k = int(line)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        store = SqliteStore(path)
        ws = Workspace(None, "TKILL")
        t0 = datetime(2024, 1, 1, tzinfo=UTC)
        print(os.getpid(), flush=True)
        while True:
            k += 1
            store.profiles.update(ws, f"p{k % 3}", {"tokens_per_day": k, "team": "t" + "x" * (k % 50)},
                                  by="kid", now=t0 + timedelta(seconds=k))
    _, status = os.waitpid(pid, 0)
    print("killed" if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9 else f"exit {status}", flush=True)
"""


def _wait_for_a_write(path: Path, versions: int) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        conn = sqlite3.connect(path, timeout=PATIENCE_S)
        try:
            if conn.execute("SELECT count(*) FROM profile_versions").fetchone()[0] > versions:
                return
        finally:
            conn.close()
        time.sleep(0.005)
    raise AssertionError("the writer wrote nothing")


def _assert_consistent(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        bad = conn.execute(
            """SELECT p.name, p.version, max(v.version), count(v.version) FROM profiles p
               LEFT JOIN profile_versions v ON v.profile_id = p.id GROUP BY p.id
               HAVING p.version != max(v.version) OR count(v.version) != p.version
                   OR p.data != (SELECT snapshot FROM profile_versions
                                 WHERE profile_id = p.id AND version = p.version)"""
        ).fetchall()
        assert bad == []
        return conn.execute("SELECT count(*) FROM profile_versions").fetchone()[0]
    finally:
        conn.close()


def test_sigkill_during_profile_writes_leaves_no_half_written_version(tmp_path):
    path = tmp_path / "bot.db"
    SqliteStore(path).close()
    rng = random.Random(4)
    runs, versions = 50, 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
        bufsize=1,
    )
    try:
        for n in range(runs):
            zygote.stdin.write(f"{n * 100_000}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            _wait_for_a_write(path, versions)  # however loaded the machine, the child is writing when killed
            time.sleep(rng.uniform(0.0, 0.1))
            os.kill(pid, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "killed"
            versions = _assert_consistent(path)
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    with SqliteStore(path) as store:  # reopening after the crashes works, and the data is readable
        assert store.integrity_check() == "ok"
        records = store.profiles.list(store.workspaces()[0])
        assert all(r.version == len(store.profiles.history(r.workspace, r.name)) for r in records)
    took = time.perf_counter() - t0
    print(f"\n{runs} SIGKILLs in {took:.1f}s; {versions} versions written; 0 inconsistencies")
    assert versions >= runs  # every child had written at least once when it was killed


CLOSE_WHILE_READING = r"""
import sys, threading, time
from bot.store import SqliteStore, StoreError
store = SqliteStore(sys.argv[1])
outcome = []
def reader():
    try:
        for _ in range(200000):
            store.rows("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n")
        outcome.append("finished")
    except StoreError as e:
        outcome.append(str(e))
threads = [threading.Thread(target=reader) for _ in range(4)]
for t in threads:
    t.start()
time.sleep(0.2)
store.close()
for t in threads:
    t.join()
print(sorted(set(outcome)))
"""


def test_closing_the_store_while_other_threads_read_never_crashes(tmp_path):
    """Shutdown with requests in flight: close() waits for each statement, later use gets a clean error."""
    import subprocess
    import sys

    for attempt in range(5):
        r = subprocess.run([sys.executable, "-c", CLOSE_WHILE_READING, str(tmp_path / f"c{attempt}.db")],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr[-2000:]  # a segfault is -11
        assert "store: the database is closed" in r.stdout
