"""API prices from genai-prices: the snapshot date in every listing, `prices refresh` against a local server
serving newer data and against no network, staleness warnings, and price changes in the weekly digest."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from genai_prices.data import providers
from localhttp import serving

from bot.core.knowledge import load
from bot.core.staleness import STALE_AFTER_DAYS, age_line, data_age
from bot.digest.compose import ProfileInput, compose, price_moves
from bot.store import open_store

K = load()
SNAPSHOT = K.price_data.as_of
WHEN = dt.datetime.combine(SNAPSHOT, dt.time(12), tzinfo=dt.UTC)


def _raw(provider_ids: tuple[str, ...]) -> list[dict]:
    """A genai-prices v2 payload (its published JSON shape) built from the bundled data, simple prices only."""
    out = []
    for p in providers:
        if p.id not in provider_ids:
            continue
        models = []
        for m in p.models:
            price = m.get_prices(WHEN)
            values = {k: float(getattr(v, "base", v)) for k, v in vars(price).items()
                      if k in ("input_mtok", "output_mtok", "cache_read_mtok") and v is not None}
            if "input_mtok" in values and "output_mtok" in values:
                models.append({"id": m.id, "name": m.name or m.id, "match": {"equals": m.id}, "prices": values})
        out.append({"id": p.id, "name": p.name, "api_pattern": p.api_pattern, "pricing_urls": p.pricing_urls,
                    "models": models})
    return out


def newer_payload() -> list[dict]:
    raw = _raw(("openai", "anthropic", "groq"))
    openai = next(p for p in raw if p["id"] == "openai")
    gpt4o = next(m for m in openai["models"] if m["id"] == "gpt-4o")
    gpt4o["prices"]["input_mtok"] = 2.0
    openai["models"].append({"id": "gpt-6", "name": "GPT-6", "match": {"equals": "gpt-6"},
                             "prices": {"input_mtok": 3.0, "output_mtok": 12.0}})
    return raw


@pytest.fixture
def server():
    routes = {"/data.json": (200, json.dumps(newer_payload()).encode()),
                      "/broken.json": (200, b"<html>not json</html>"), "/down.json": (503, b"busy")}
    with serving(routes) as url:
        yield url


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SELFHOST_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "bot", "prices", *args], capture_output=True, text=True, env=env,
                          timeout=180)


def test_prices_json_lists_current_models_of_major_providers_with_the_snapshot_date(tmp_path: Path) -> None:
    out = cli("--json", db=tmp_path / "s.db")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    providers_seen = {r["provider"] for r in rows}
    assert {"openai", "anthropic", "google", "groq", "together", "fireworks", "deepseek"} <= providers_seen
    assert {r["as_of"] for r in rows if "genai-prices" in r["source"]} == {SNAPSHOT.isoformat()}
    ids = {r["id"] for r in rows}
    assert {"openai/gpt-5.5", "anthropic/claude-sonnet-4-5", "groq/openai/gpt-oss-120b"} <= ids
    assert not any(r["deprecated"] for r in rows)


def test_prices_table_names_the_snapshot_and_its_age(tmp_path: Path) -> None:
    out = cli("anthropic", db=tmp_path / "s.db")
    first = out.stdout.splitlines()[0]
    assert out.returncode == 0 and first.startswith("Prices: genai-prices") and f"checked {SNAPSHOT}" in first


def test_refresh_fetches_newer_data_keeps_it_and_reports_what_changed(tmp_path: Path, server: str) -> None:
    db = tmp_path / "s.db"
    out = cli("refresh", "--url", f"{server}/data.json", "--json", db=db)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"id": "openai/gpt-4o", "name": "GPT-4o", "input_per_m": [2.5, 2.0], "output_per_m": [10.0, 10.0]} \
        in report["changed"]
    assert "openai/gpt-6" in report["added"] and report["after"]["as_of"] == dt.date.today().isoformat()
    with open_store(db) as store:
        assert store.price_snapshots.latest() is not None
    row = next(r for r in json.loads(cli("--json", "openai/gpt-4o", db=db).stdout) if r["id"] == "openai/gpt-4o")
    assert row["input_per_m"] == 2.0 and row["as_of"] == dt.date.today().isoformat()
    text = cli("refresh", "--url", f"{server}/data.json", db=db)
    assert text.returncode == 0 and "0 price change(s)" in text.stdout  # same data again: nothing moved


@pytest.mark.parametrize("path", ["/broken.json", "/down.json", "/missing.json"])
def test_a_bad_answer_is_one_sentence_and_changes_nothing(tmp_path: Path, server: str, path: str) -> None:
    db = tmp_path / "s.db"
    out = cli("refresh", "--url", f"{server}{path}", db=db)
    assert out.returncode == 1 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "prices not refreshed" in out.stderr and f"still using {K.price_data.label}" in out.stderr
    with open_store(db) as store:
        assert store.price_snapshots.latest() is None


def test_no_network_says_so_and_keeps_the_shipped_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = cli("refresh", "--url", "http://127.0.0.1:9/data.json", db=db)
    assert out.returncode == 1 and "could not be reached" in out.stderr and "Traceback" not in out.stderr
    row = next(r for r in json.loads(cli("--json", "openai/gpt-4o", db=db).stdout) if r["id"] == "openai/gpt-4o")
    assert row["input_per_m"] == 2.5 and row["as_of"] == SNAPSHOT.isoformat()


def test_staleness_names_the_age_and_says_how_to_refresh() -> None:
    fresh = data_age(K.as_of, SNAPSHOT + dt.timedelta(days=10))
    assert fresh.prices_age_days == 10 and fresh.stale == [] and "⚠" not in age_line(fresh)
    old = data_age(K.as_of, SNAPSHOT + dt.timedelta(days=STALE_AFTER_DAYS + 30))
    assert "prices" in old.stale and "prices refresh" in (old.advice or "")
    assert f"{STALE_AFTER_DAYS + 30} days ago" in age_line(old) and "⚠" in age_line(old)


def test_recommend_json_carries_the_data_age(tmp_path: Path) -> None:
    env = {**os.environ, "SELFHOST_DB": str(tmp_path / "s.db")}
    out = subprocess.run([sys.executable, "-m", "bot", "recommend", "--tokens-per-day", "50M", "--json"],
                         capture_output=True, text=True, env=env, timeout=180)
    assert out.returncode == 0, out.stderr
    age = json.loads(out.stdout)["data_age"]
    assert age["prices_as_of"] == SNAPSHOT.isoformat() and age["prices_age_days"] >= 0


def test_the_digest_reports_api_price_changes_since_the_previous_one() -> None:
    from bot.core.profile import build_profile

    profile = build_profile({"team": "t", "tokens_per_day": 50e6, "capability": "mid"})
    now = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    first = compose(K, "C", "2026-W49", [ProfileInput("p", profile, now)], now).profiles[0]
    last = first.record() | {"api_prices": {**first.api_prices, "openai/gpt-4o": [3.0, 12.0]}}
    second = compose(K, "C", "2026-W50", [ProfileInput("p", profile, now, last=last)], now).profiles[0]
    assert any("API list prices changed" in r and "openai/gpt-4o $3/$12 → $2.5/$10" in r for r in second.reasons)
    assert price_moves({"a": [1, 2]}, {"a": [1, 2]}) == ""
