"""Migrations: named, ordered, recorded; a failure rolls back cleanly and a rerun applies each once."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers_store import T0, WS_A

from bot.core.profile import build_profile
from bot.store import MIGRATIONS, Migration, MigrationError, SqliteStore


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


GOOD_1 = Migration("t1_first", ("CREATE TABLE a (x INTEGER)", "INSERT INTO a VALUES (1)"))
BROKEN = Migration(
    "t2_broken", ("CREATE TABLE b (x INTEGER)", "INSERT INTO b VALUES (1)", "INSERT INTO nope VALUES (1)")
)
FIXED = Migration("t2_broken", ("CREATE TABLE b (x INTEGER)", "INSERT INTO b VALUES (1)"))
GOOD_3 = Migration("t3_third", ("CREATE TABLE c (x INTEGER)",))


def test_a_failing_migration_rolls_back_and_the_rerun_applies_each_once(tmp_path):
    path = tmp_path / "m.db"
    with pytest.raises(MigrationError, match=r"t2_broken.*rolled back.*nope"):
        SqliteStore(path, migrations=[GOOD_1, BROKEN, GOOD_3])
    assert _tables(path) == {"migrations", "a"}  # b's CREATE and INSERT were rolled back; c never ran
    with SqliteStore(path, migrations=[GOOD_1, BROKEN, GOOD_3], migrate=False) as s:
        assert s.applied_migrations() == ["t1_first"]
        assert s.check()["pending"] == ["t2_broken", "t3_third"]
    with SqliteStore(path, migrations=[GOOD_1, FIXED, GOOD_3]) as s:
        assert s.applied_migrations() == ["t1_first", "t2_broken", "t3_third"]
        assert s.conn.execute("SELECT count(*) FROM a").fetchone()[0] == 1  # not run twice
        assert s.conn.execute("SELECT count(*) FROM b").fetchone()[0] == 1
        assert s.schema_version() == 3
    with SqliteStore(path, migrations=[GOOD_1, FIXED, GOOD_3]) as s:  # reopening changes nothing
        assert s.conn.execute("SELECT count(*) FROM a").fetchone()[0] == 1


def test_a_failing_python_step_rolls_back_too(tmp_path):
    def boom(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("disk on fire")

    with pytest.raises(MigrationError, match="disk on fire"):
        SqliteStore(tmp_path / "m.db", migrations=[GOOD_1, Migration("t2_py", (boom,))])
    assert "half" not in _tables(tmp_path / "m.db")


def test_opening_an_older_database_upgrades_it_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    with SqliteStore(path, migrations=MIGRATIONS[:1]) as old:
        old.profiles.save(WS_A, "p", build_profile({"tokens_per_day": 5}), by="U1", now=T0)
        assert old.schema_version() == 1
        assert "digest_outbox" not in _tables(path)
    with SqliteStore(path) as new:
        assert new.schema_version() == len(MIGRATIONS)
        assert new.profiles.get(WS_A, "p").profile.tokens_per_day == 5
        new.outbox.enqueue(WS_A, "C1", "2024-W01", {}, T0)
        assert new.integrity_check() == "ok"


def test_a_newer_database_reports_unknown_migrations(tmp_path):
    path = tmp_path / "new.db"
    SqliteStore(path, migrations=[GOOD_1, GOOD_3]).close()
    with SqliteStore(path, migrations=[GOOD_1], migrate=False) as s:
        assert s.check()["unknown"] == ["t3_third"]
        assert s.schema_version() == 1


def test_the_old_stream_floor_override_becomes_the_min_tokens_per_s_field(tmp_path):
    """Profiles saved with assumptions.min_stream_tokens_per_s still load, with the value in the new field."""
    path = tmp_path / "old.db"
    with SqliteStore(path, migrations=MIGRATIONS[:4]) as old:
        old.profiles.save(WS_A, "p", build_profile({"tokens_per_day": 5}), by="U1", now=T0)
        old.profiles.save(WS_A, "q", build_profile({"tokens_per_day": 6, "assumptions": {"pue": 1.2}}), by="U1",
                          now=T0)
        for name, floor in (("p", 25), ("q", 0)):
            data = json.loads(old.conn.execute("SELECT data FROM profiles WHERE name = ?", (name,)).fetchone()[0])
            data.setdefault("assumptions", {})["min_stream_tokens_per_s"] = floor
            old.conn.execute("UPDATE profiles SET data = ? WHERE name = ?", (json.dumps(data), name))
            old.conn.execute("UPDATE profile_versions SET snapshot = ?", (json.dumps(data),))
    with SqliteStore(path) as new:
        p, q = new.profiles.get(WS_A, "p").profile, new.profiles.get(WS_A, "q").profile
        assert p.min_tokens_per_s == 25 and p.assumptions == {}
        assert q.min_tokens_per_s == 1 and q.assumptions == {"pue": 1.2}  # 0 meant 'no floor'
        assert new.profiles.history(WS_A, "q")
