"""`selfhost-bot profile ...` and `selfhost-bot db ...` run in-process against a temporary database."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml
from helpers_store import T0
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.cli.store_cmds import export_yaml
from bot.core.profile import OVERRIDABLE, build_profile
from bot.store import MIGRATIONS, SqliteStore, Workspace
from bot.store.profiles import stored_data
from bot.store.slack_oauth import SqliteInstallationStore

PROFILE_YAML = """name: payments
profile:
  team: payments
  tokens_per_day: 300M
  capability: mid
  data_sensitivity: confidential
  assumptions: {pue: 1.3}
"""


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.db"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_show_history_export_round_trip(db, tmp_path, capsys):
    src = tmp_path / "payments.yaml"
    src.write_text(PROFILE_YAML)
    assert run(capsys, "profile", "import", str(src), "--db", str(db)) == (
        0,
        "created profile 'payments' (version 1)\n",
        "",
    )
    assert (
        run(capsys, "profile", "import", str(src), "--db", str(db))[1] == "profile 'payments' unchanged (version 1)\n"
    )
    src.write_text(PROFILE_YAML.replace("300M", "500M"))
    code, out, _ = run(capsys, "profile", "import", str(src), "--db", str(db), "--by", "alice")
    assert (code, out) == (0, "updated profile 'payments' to version 2\n")

    code, out, _ = run(capsys, "profile", "history", "payments", "--db", str(db))
    assert "by alice" in out and "tokens_per_day: 300000000.0 → 500000000.0" in out
    code, out, _ = run(capsys, "profile", "show", "payments", "--db", str(db), "--json")
    shown = json.loads(out)
    assert (shown["version"], shown["updated_by"], shown["profile"]["tokens_per_day"]) == (2, "alice", 5e8)

    code, exported, _ = run(capsys, "profile", "export", "payments", "--db", str(db))
    assert code == 0 and yaml.safe_load(exported)["name"] == "payments"
    copy = tmp_path / "exported.yaml"
    copy.write_text(exported)
    other = tmp_path / "other.db"
    assert run(capsys, "profile", "import", str(copy), "--db", str(other))[0] == 0
    assert run(capsys, "profile", "export", "payments", "--db", str(other))[1] == exported  # byte for byte
    with SqliteStore(db) as a, SqliteStore(other) as b:
        ws = Workspace(None, "local")
        assert a.profiles.get(ws, "payments").profile == b.profiles.get(ws, "payments").profile


def test_list_is_per_team(db, tmp_path, capsys):
    src = tmp_path / "flat.yaml"
    src.write_text("tokens_per_day: 1B\n")
    run(capsys, "profile", "import", str(src), "--db", str(db), "--team", "T1")
    code, out, _ = run(capsys, "profile", "list", "--db", str(db), "--team", "T1")
    assert code == 0 and out.startswith("flat\tv1")
    assert run(capsys, "profile", "list", "--db", str(db))[1].startswith("no profiles yet")
    assert json.loads(run(capsys, "profile", "list", "--db", str(db), "--json")[1]) == []


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("tokens_per_day: lots\n", "field 'tokens_per_day' is invalid"),
        ("capability: huge\n", "field 'capability' is invalid"),
        ("tokenz_per_day: 5\n", "Did you mean tokens_per_day"),
        ("a: [\n", "is not valid YAML at line"),
        ("- 1\n- 2\n", "expected a mapping"),
        ("name: x\nprofile: {}\nextra: 1\n", "field 'extra' is not allowed"),
        ("name: [1]\nprofile: {}\n", "field 'name' must be text"),
    ],
)
def test_bad_files_get_one_sentence_and_exit_2(db, tmp_path, capsys, content, needle):
    src = tmp_path / "bad.yaml"
    src.write_text(content)
    code, out, err = run(capsys, "profile", "import", str(src), "--db", str(db))
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_things_exit_2(db, tmp_path, capsys):
    code, _, err = run(capsys, "profile", "import", str(tmp_path / "nope.yaml"), "--db", str(db))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "profile", "show", "ghost", "--db", str(db))
    assert code == 2 and "no profile named 'ghost'" in err
    code, _, err = run(capsys, "db", "check", "--db", str(tmp_path / "absent.db"))
    assert code == 2 and "no database at" in err


def test_db_check_backup_and_dump(db, tmp_path, capsys, monkeypatch):
    with SqliteStore(db) as s:
        s.profiles.save(Workspace(None, "local"), "p", build_profile({"team": "x"}), by="U1", now=T0)
        SqliteInstallationStore(s).save(_installation())
    monkeypatch.setenv("SELFHOST_DB", str(db))  # the default --db
    code, out, _ = run(capsys, "db", "check")
    lines = out.splitlines()
    assert code == 0 and lines[:2] == ["integrity: ok", f"schema version: {len(MIGRATIONS)} of {len(MIGRATIONS)}"]
    assert "schema drift" not in out and "profiles 1," in lines[2] and "slack_installations 1" in lines[2]
    report = json.loads(run(capsys, "db", "check", "--json")[1])
    assert (report["integrity"], report["schema_version"], report["pending"]) == ("ok", len(MIGRATIONS), [])
    assert (report["drift"], report["tables"]["profiles"], report["tables"]["digest_outbox"]) == ([], 1, 0)

    dest = tmp_path / "backup" / "copy.db"
    code, out, _ = run(capsys, "db", "backup", str(dest))
    assert code == 0 and "integrity ok" in out
    conn = sqlite3.connect(dest)
    assert conn.execute("SELECT name FROM profiles").fetchall() == [("p",)]
    conn.close()
    code, _, err = run(capsys, "db", "backup", str(dest))
    assert code == 2 and "already exists" in err
    assert run(capsys, "db", "backup", str(dest), "--force")[0] == 0

    code, out, _ = run(capsys, "db", "dump")
    assert code == 0 and "xoxb-" not in out and "xoxp-" not in out
    dumped = json.loads(out)
    assert dumped["slack_installations"][0]["bot_token"] == "***"
    assert dumped["profiles"][0]["name"] == "p"


def test_db_check_reports_schema_drift_against_the_applied_migrations(db, capsys):
    """A hand-edited database (a dropped column, a dropped table, a retyped column) is named line by line and
    fails the check; an operator's extra table is not drift."""
    with SqliteStore(db) as s:
        s.profiles.save(Workspace(None, "local"), "p", build_profile({"team": "x"}), by="U1", now=T0)
    conn = sqlite3.connect(db)
    conn.executescript("""
        ALTER TABLE profiles DROP COLUMN updated_by;
        DROP TABLE digest_outbox;
        CREATE TABLE notes (body TEXT);
    """)
    conn.close()
    code, out, _ = run(capsys, "db", "check", "--db", str(db))
    assert code == 1
    assert "schema drift: table digest_outbox is missing" in out
    assert "schema drift: table profiles has no column updated_by" in out
    assert [line for line in out.splitlines() if line.startswith("schema drift")] == [
        "schema drift: table digest_outbox is missing", "schema drift: table profiles has no column updated_by"]
    report = json.loads(run(capsys, "db", "check", "--db", str(db), "--json")[1])
    assert report["drift"] == ["table digest_outbox is missing", "table profiles has no column updated_by"]
    assert report["tables"]["notes"] == 0


def test_db_check_of_a_database_with_pending_migrations_expects_only_what_was_applied(db, capsys):
    with SqliteStore(db, migrations=MIGRATIONS[:2]):
        pass
    report = json.loads(run(capsys, "db", "check", "--db", str(db), "--json")[1])
    assert report["drift"] == [] and len(report["pending"]) == len(MIGRATIONS) - 2


def _installation():
    from slack_sdk.oauth.installation_store import Installation

    return Installation(
        team_id="local",
        user_id="U1",
        bot_token="xoxb-hidden",
        bot_id="B",
        bot_user_id="UB",
        user_token="xoxp-hidden",
        installed_at=1.7e9,
    )


# --- property: any valid profile survives save → load and export → import unchanged ------------------

finite = st.floats(min_value=0, max_value=1, allow_nan=False)
PLAIN = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))  # names are plain text
profiles = st.fixed_dictionaries(
    {},
    optional={
        "team": st.text(PLAIN, min_size=1, max_size=80),
        "tokens_per_day": st.floats(min_value=0, max_value=1e13, allow_nan=False),
        "output_share": finite,
        "peak_to_average": st.floats(min_value=1, max_value=100),
        "capability": st.sampled_from(["small", "mid", "frontier"]),
        "latency_ms": st.floats(min_value=1e-3, max_value=600_000),
        "fine_tuned": st.booleans(),
        "hardware_count": st.integers(1, 4096),
        "open_model": st.text(PLAIN, max_size=40),
        "hosting": st.sampled_from(["on_prem", "own_cloud", "any"]),
        "availability": st.sampled_from(["ha", "best_effort"]),
        "data_region": st.sampled_from(["us", "eu", "uk", "ca", "apac", "any"]),
        "compliance": st.lists(st.sampled_from(["hipaa", "gdpr", "soc2", "pci_dss", "fedramp"]), unique=True),
        "min_tokens_per_s": st.floats(min_value=1e-3, max_value=1000),
        "assumptions": st.dictionaries(st.sampled_from(OVERRIDABLE), st.floats(0, 1e6), max_size=3),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=profiles)
def test_profile_save_load_and_yaml_round_trip(tmp_path_factory, data):
    profile = build_profile(data)
    path = tmp_path_factory.mktemp("prop") / "p.db"
    with SqliteStore(path) as store:
        ws = Workspace("E", "T")
        store.profiles.save(ws, "p", profile, by="U", now=T0)
        loaded = store.profiles.get(ws, "p").profile
    assert loaded == profile
    doc = yaml.safe_load(export_yaml("p", stored_data(profile)))
    assert build_profile(doc["profile"]) == profile


def test_list_in_an_empty_workspace_names_the_workspaces_that_hold_profiles(tmp_path, capsys):
    db = tmp_path / "bot.db"
    src = tmp_path / "p.yaml"
    src.write_text("tokens_per_day: 1B\n")
    run(capsys, "profile", "import", str(src), "--db", str(db), "--team", "T1")
    run(capsys, "profile", "import", str(src), "--db", str(db), "--enterprise", "E1", "--team", "T2")
    run(capsys, "profile", "import", str(src), "--db", str(db), "--name", "q", "--team", "T1")
    out = run(capsys, "profile", "list", "--db", str(db))[1]
    assert out.startswith("no profiles yet in the local workspace")
    assert "--team T1 (2 profiles)" in out and "--enterprise E1 --team T2 (1 profile)" in out
    assert run(capsys, "profile", "list", "--db", str(tmp_path / "empty.db"))[1].startswith(
        "no profiles yet (create one with")
