"""Hostile files and bodies get one sentence and change nothing (issue #15, item 7).

Before: `serve` on a garbage, truncated or read-only database, `db check` on a database corrupted
mid-file, `profile import` of a 200,000-digit integer and of a 476-byte "billion laughs" YAML printed
tracebacks (the last grew past 3 GB formatting its expanded value), `/healthz` said ok on a corrupted
database, and a signed JSON body nested 100,000 deep got a 500.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.profile import build_profile
from bot.server import store_health
from bot.store import SqliteStore, Workspace

BOMB = """team:
  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  - &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  - &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  - &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  - &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  - &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  - &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  - &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""  # 9^8 = 43M strings once expanded: formatting it in an error message took > 3 GB


def cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


def one_sentence(text: str) -> bool:
    return "Traceback" not in text and text.startswith("error: ") and text.count("\n") == 1 and len(text) < 400


# --- profile files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [("profile", "import"), ("recommend", "--profile")])
def test_an_alias_bomb_is_refused_before_anything_is_expanded(tmp_path, command) -> None:
    f = tmp_path / "bomb.yaml"
    f.write_text(BOMB)
    assert len(BOMB.encode()) < 500
    started = time.monotonic()
    code, err = cli(*command, str(f), "--db", str(tmp_path / "x.db")) if command[0] == "profile" else \
        cli(*command, str(f))
    assert code != 0 and one_sentence(err), err
    assert "alias" in err
    assert time.monotonic() - started < 5
    db = tmp_path / "x.db"
    assert not db.exists() or not SqliteStore(db).profiles.list(Workspace(None, "local"))


def test_a_200000_digit_integer_is_refused_with_a_sentence(tmp_path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text("tokens_per_day: " + "9" * 200_000 + "\n")
    code, err = cli("profile", "import", str(f), "--db", str(tmp_path / "x.db"))
    assert code != 0 and one_sentence(err), err[:300]
    assert "digits" in err


# --- databases -----------------------------------------------------------------------------------------


def serve_with(db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SELFHOST_DB": str(db), "SLACK_SIGNING_SECRET": "s" * 32, "SLACK_BOT_TOKEN": "xoxb-1-2-3",
           "SLACK_API_URL": "http://127.0.0.1:9/api/", "SELFHOST_SCHEDULER": "false", "PORT": "0"}
    env.pop("SLACK_APP_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"], env=env,
                          capture_output=True, text=True, timeout=60)


def read_only(path: Path, on: bool) -> None:
    """Read-only even for root (who ignores permission bits): the immutable attribute; else chmod."""
    if os.geteuid() == 0:  # file and directory, so SQLite cannot create its -wal and -shm files either
        for p in (path, path.parent) if on else (path.parent, path):
            subprocess.run(["chattr", "+i" if on else "-i", str(p)], check=on)
    else:
        path.chmod(stat.S_IRUSR if on else stat.S_IRUSR | stat.S_IWUSR)
        path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR if on else stat.S_IRWXU)


def seeded(path: Path, rows: int = 3000) -> Path:
    with SqliteStore(path) as store:
        ws = Workspace(None, "T1")
        store.profiles.save(ws, "p", build_profile({"tokens_per_day": "1M"}), by="U1",
                            now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        with store.transaction() as conn:
            conn.executemany("INSERT INTO seen_events VALUES ('', 'T1', ?, '2026', '2999')",
                             [(f"Ev{i:08d}" + "x" * 60,) for i in range(rows)])
    return path


def corrupt_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 2 - (size // 2) % 4096)
        f.write(os.urandom(4096 * 2))


@pytest.mark.parametrize("kind", ["garbage", "truncated", "read-only"])
def test_serve_refuses_a_bad_database_with_a_sentence(tmp_path, kind: str) -> None:
    db = tmp_path / "bad.db"
    if kind == "garbage":
        db.write_bytes(os.urandom(50_000))
    elif kind == "truncated":
        seeded(db)
        data = db.read_bytes()
        db.write_bytes(data[:len(data) // 3 + 100])
    else:
        seeded(db)
        read_only(db, True)
    try:
        r = serve_with(db)
    finally:
        read_only(db, False)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    assert str(db) in r.stderr and "SELFHOST_DB" in r.stderr


def test_db_check_on_a_database_corrupted_mid_file_says_so_and_health_is_not_ok(tmp_path, knowledge) -> None:
    db = seeded(tmp_path / "c.db")
    corrupt_middle(db)
    code, err = cli("db", "check", "--db", str(db))
    assert code == 1 and "Traceback" not in err
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["db", "check", "--db", str(db), "--json"])
    report = json.loads(out.getvalue())
    assert report["integrity"] != "ok"
    with SqliteStore(db, migrate=False) as store:
        assert store_health(store, knowledge)()["db"] is False


def test_health_turns_not_ok_when_the_file_is_damaged_while_serving(tmp_path, knowledge) -> None:
    db = seeded(tmp_path / "s.db")
    now = [0.0]
    with SqliteStore(db) as store:
        health = store_health(store, knowledge, clock=lambda: now[0])
        assert health() == {"db": True, "knowledge": True}
        corrupt_middle(db)
        now[0] += 61  # the integrity check runs at most once a minute
        assert health()["db"] is False


# --- request bodies ------------------------------------------------------------------------------------


def test_signed_json_nested_100000_deep_is_a_400(slack_app) -> None:
    body = ("[" * 100_000 + "]" * 100_000).encode()
    r = slack_app.sender.post(body, "application/json")
    assert r.status == 400 and r.json["error"] == "malformed_body"
    nested_payload = "payload=" + "%5B" * 50_000 + "%5D" * 50_000
    r = slack_app.sender.post(nested_payload.encode(), "application/x-www-form-urlencoded")
    assert r.status == 400
    assert slack_app.sender.get("/healthz").status == 200
