"""Assumption overrides are checked with the same rules wherever a profile enters (issue #15, item 3).

The profile form and `profile import` used to accept `pue=nan`, `electricity_usd_per_kwh=inf`,
`amortisation_months=0` or `pue=-5`; `recommend --profile` then crashed and `digest run` posted nothing
for any channel. Now each is refused at save, import and load with the field named, and a stored profile
that is bad anyway (an older version wrote it) is skipped by the digest with a logged reason while every
other channel gets its digest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import subprocess

import pytest

from bot.cli import main
from bot.core.profile import ProfileError, build_profile, check_assumptions
from bot.digest.runner import Runner
from bot.slack.views import validate
from bot.store import SqliteStore, Subscription, Workspace

BAD = [("pue", "nan"), ("electricity_usd_per_kwh", "inf"), ("amortisation_months", "0"), ("pue", "-5"),
       ("pue", "1e400")]
WS = Workspace(None, "T1")
NOW = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)


def cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI in-process (the same ``main`` the console script runs; a traceback would propagate)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return subprocess.CompletedProcess(args, code, "", err.getvalue())


@pytest.mark.parametrize(("key", "value"), BAD)
def test_the_rule_refuses_non_finite_and_out_of_range_overrides(knowledge, key: str, value: str) -> None:
    with pytest.raises(ProfileError) as e:
        check_assumptions({key: float(value)}, knowledge.assumptions)
    assert e.value.field == "assumptions" and key in str(e.value)


@pytest.mark.parametrize(("key", "value"), BAD)
def test_the_form_refuses_them_on_its_assumptions_field(knowledge, key: str, value: str) -> None:
    profile, errors = validate({"tokens_per_day": "100M", "assumptions": f"{key}={value}"}, knowledge)
    assert profile is None and key in errors["f_assumptions"]


@pytest.mark.parametrize(("key", "value"), BAD)
def test_profile_import_refuses_them_and_writes_nothing(tmp_path, key: str, value: str) -> None:
    db, f = tmp_path / "p.db", tmp_path / "p.yaml"
    f.write_text(f"tokens_per_day: 100M\nassumptions:\n  {key}: {value}\n")
    r = cli("profile", "import", str(f), "--db", str(db), "--name", "p")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "assumptions" in r.stderr and key in r.stderr
    with SqliteStore(db) as store:
        assert store.profiles.list(Workspace(None, "local")) == []


@pytest.mark.parametrize(("key", "value"), BAD)
def test_recommend_profile_file_says_which_field(tmp_path, key: str, value: str) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(f"tokens_per_day: 100M\nassumptions:\n  {key}: {value}\n")
    r = cli("recommend", "--profile", str(f))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "assumptions" in r.stderr and key in r.stderr


def poison(store: SqliteStore, name: str, assumptions: dict) -> None:
    """Write a bad profile the way an older version could (straight into the row)."""
    data = json.dumps({"tokens_per_day": 6e7, "capability": "mid", "assumptions": assumptions})
    with store.transaction() as conn:
        conn.execute("UPDATE profiles SET data = ? WHERE team_id = ? AND name = ?", (data, "T1", name))


def test_a_poisoned_profile_is_skipped_and_every_other_digest_is_posted(tmp_path, knowledge, caplog) -> None:
    from fakeslack import FakeSlack
    from slack_sdk import WebClient

    store = SqliteStore(tmp_path / "d.db")
    since = NOW - dt.timedelta(days=3)
    for i in range(4):
        name, channel = f"team{i}", f"C{i}"
        store.profiles.save(WS, name, build_profile({"tokens_per_day": "60M", "capability": "mid"}), by="U1",
                            now=since)
        store.profiles.bind(WS, channel, name, by="U1", now=since)
        store.subscriptions.subscribe(WS, Subscription(channel, 0, "09:00", "UTC", created_by="U1"), since)
    poison(store, "team1", {"pue": float("nan")})
    poison(store, "team2", {"amortisation_months": 0})
    with FakeSlack() as fake, caplog.at_level(logging.WARNING):
        client = WebClient(base_url=fake.api_url, token="xoxb-1")
        report = Runner(store, knowledge, client, clock=lambda: NOW, sleep=lambda s: None, charts=False).run_once()
        posted = {c.body["channel"] for c in fake.calls("chat.postMessage")}
    assert posted == {"C0", "C3"}
    assert report.sent == 2
    skipped = " ".join(r.getMessage() + str(getattr(r, "reason", "")) for r in caplog.records)
    assert "team1" in skipped and "team2" in skipped and "pue" in skipped and "amortisation_months" in skipped
    store.close()


def test_listing_profiles_skips_a_poisoned_one_and_loading_it_names_the_problem(tmp_path) -> None:
    from bot.store import StoreError

    store = SqliteStore(tmp_path / "l.db")
    for name in ("a", "b"):
        store.profiles.save(WS, name, build_profile({"tokens_per_day": "1M"}), by="U1", now=NOW)
    poison(store, "a", {"pue": float("inf")})
    assert [r.name for r in store.profiles.list(WS)] == ["b"]
    with pytest.raises(StoreError) as e:
        store.profiles.get(WS, "a")
    assert "'a'" in str(e.value) and "pue" in str(e.value)
    store.close()
