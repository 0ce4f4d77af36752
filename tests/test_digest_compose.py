"""Digest composition (figures, reasons, alerts, nudges), its Block Kit, usage file parsing (the chart: test_chart)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.advise import cost_report
from bot.core.profile import build_profile
from bot.digest.compose import Edit, ProfileInput, compose, evaluate, round_sig
from bot.digest.usage_import import UsageImportError, parse_usage
from bot.render.digest import digest_message
from bot.render.limits import check_message

NOW = dt.datetime(2025, 9, 15, 9, 0, tzinfo=dt.UTC)  # prices as of 2025-08-15: fresh
MID = build_profile({"tokens_per_day": "60M", "capability": "mid", "infra_skills": "basic"})
# data kept in the UK: no catalogued open-weight host serves it, so self-hosting has a break-even against the API
UK_MID = MID.model_copy(update={"data_region": "uk"})


def days(tokens: float, n: int = 7, end: dt.date = NOW.date()) -> list[tuple[dt.date, float]]:
    return [(end - dt.timedelta(days=i), tokens) for i in range(n)]


def test_first_digest_shows_costs_verdict_and_is_within_limits(knowledge):
    d = compose(knowledge, "C1", "2025-W38", [ProfileInput("payments", MID, NOW)], NOW)
    (p,) = d.profiles
    rep = cost_report(knowledge, MID)
    api = next(o for o in rep.costs.options if o.id == rep.costs.api_option)
    assert p.figures.api_monthly == pytest.approx(api.monthly_usd)
    assert p.volume_source == "declared" and p.changed and p.nudges == []
    msg = digest_message(d)
    assert check_message(msg) == []
    assert "15 Sep – 21 Sep 2025" in msg["blocks"][0]["text"]["text"]
    assert "First digest" in json.dumps(msg) and "payments" in msg["text"]


def test_unchanged_profile_gets_one_short_line(knowledge):
    first = compose(knowledge, "C1", "2025-W38", [ProfileInput("payments", MID, NOW)], NOW).profiles[0]
    later = NOW + dt.timedelta(days=7)
    d = compose(knowledge, "C1", "2025-W39", [ProfileInput("payments", MID, NOW, last=first.record())], later)
    assert not d.changed
    msg = digest_message(d)
    assert check_message(msg) == []
    sections = [b for b in msg["blocks"] if b["type"] == "section"]
    assert len(sections) == 1 and sections[0]["text"]["text"].count("\n") == 0
    assert "no change" in sections[0]["text"]["text"]


def test_usage_edits_and_prices_are_given_as_reasons(knowledge):
    last = compose(knowledge, "C1", "W", [ProfileInput("p", MID, NOW)], NOW).profiles[0].record()
    last = {**last, "api_per_m": last["api_per_m"] * 1.5, "prices_as_of": "2025-01-01"}
    edit = Edit("U42", NOW - dt.timedelta(days=2), (("infra_skills", "none", "basic"),))
    p = ProfileInput("p", MID, NOW, usage=days(2e8), last=last, edits=[edit])
    (d,) = compose(knowledge, "C1", "W", [p], NOW).profiles
    text = " | ".join(d.reasons)
    assert "60M → 200M tokens/day (usage reports)" in text
    assert "<@U42>" in text and "infra_skills none → basic" in text
    assert "was $" in text and "price catalog updated" in text
    assert d.volume_source == "observed" and d.changed


def test_alert_when_volume_crosses_or_nears_the_break_even(knowledge):
    be = evaluate(knowledge, UK_MID).break_even
    assert be is not None
    near = ProfileInput("p", UK_MID, NOW, usage=days(round_sig(be * 0.9)))
    assert "within 20%" in compose(knowledge, "C", "W", [near], NOW).profiles[0].alert
    last = {"volume": be / 4, "verdict": "api"}
    crossed = ProfileInput("p", UK_MID, NOW, usage=days(be * 3), last=last)
    assert "crossed the break-even" in compose(knowledge, "C", "W", [crossed], NOW).profiles[0].alert
    far = ProfileInput("p", UK_MID, NOW, usage=days(be / 10), last={"volume": be / 9})
    assert compose(knowledge, "C", "W", [far], NOW).profiles[0].alert is None


def test_nudges_for_old_profile_and_old_price_catalog(knowledge):
    late = dt.datetime.combine(knowledge.as_of["prices"] + dt.timedelta(days=120), dt.time(9), tzinfo=dt.UTC)
    p = ProfileInput("p", MID, late - dt.timedelta(days=31))
    (d,) = compose(knowledge, "C", "W", [p], late).profiles
    assert any("31 days ago" in n for n in d.nudges)
    assert any("price catalog" in n and "prices refresh" in n for n in d.nudges)
    fresh = ProfileInput("p", MID, NOW - dt.timedelta(days=29))
    assert compose(knowledge, "C", "W", [fresh], NOW).profiles[0].nudges == []


def test_verdict_change_is_shown(knowledge):
    big = UK_MID.model_copy(update={"tokens_per_day": 5e9})
    (d,) = compose(knowledge, "C", "W", [ProfileInput("p", big, NOW, last={"verdict": "api", "volume": 5e9})],
                   NOW).profiles
    assert d.figures.verdict != "api" and d.verdict_changed
    assert "changed from" in json.dumps(digest_message(compose(knowledge, "C", "2025-W38", [
        ProfileInput("p", big, NOW, last={"verdict": "api", "volume": 5e9})], NOW)))


def test_many_profiles_stay_within_limits(knowledge):
    items = [ProfileInput(f"team-{i}", MID.model_copy(update={"tokens_per_day": 1e6 * (i + 1)}), NOW)
             for i in range(80)]
    msg = digest_message(compose(knowledge, "C", "2025-W38", items, NOW))
    assert check_message(msg) == [] and len(msg["blocks"]) <= 50


def test_usage_formats():
    assert parse_usage("date,tokens\n2025-01-02,120M\n2025-01-01,5e7\n") == [
        (dt.date(2025, 1, 1), 5e7), (dt.date(2025, 1, 2), 1.2e8)]
    legacy = ("aggregation_timestamp,n_requests,operation,snapshot_id,n_context_tokens_total,"
              "n_generated_tokens_total\n1735689600,3,completion,gpt-4o,1000,500\n1735732800,1,completion,gpt-4o,10,5\n")
    assert parse_usage(legacy) == [(dt.date(2025, 1, 1), 1515.0)]
    org = {"object": "page", "data": [{"object": "bucket", "start_time": 1735776000, "end_time": 1735862400,
           "results": [{"object": "organization.usage.completions.result", "input_tokens": 700,
                        "output_tokens": 300, "input_cached_tokens": 100, "num_model_requests": 4}]}]}
    assert parse_usage(json.dumps(org)) == [(dt.date(2025, 1, 2), 1000.0)]
    assert parse_usage("start_time,input_tokens,output_tokens\n2025-01-03T00:00:00Z,5,6\n") == [
        (dt.date(2025, 1, 3), 11.0)]


@pytest.mark.parametrize("text, where", [
    ("", "empty"), ("a,b\n1,2\n", "unknown columns"), ("date,tokens\n2025-13-01,5\n", "line 2: date"),
    ("date,tokens\n2025-01-01,lots\n", "line 2: tokens"), ("date,tokens\n2025-01-01,-5\n", "line 2"),
    ('{"data": [{"start_time": 1, "results": [{"input_tokens": "x", "output_tokens": 1}]}]}', "input_tokens"),
    ("{not json", "not valid JSON"),
])
def test_usage_errors_name_the_line_and_field(text, where):
    with pytest.raises(UsageImportError, match=where):
        parse_usage(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_usage_parser_never_raises_anything_else(text):
    with contextlib.suppress(UsageImportError):
        parse_usage(text)


@pytest.mark.parametrize("facts", [
    {"tokens_per_day": "5M", "capability": "small"},
    {"tokens_per_day": "2B", "capability": "mid", "infra_skills": "mlops"},
    {"tokens_per_day": "300M", "capability": "frontier", "data_sensitivity": "restricted"},
    {"tokens_per_day": "80M", "capability": "mid", "connectivity": "offline"},
    {"tokens_per_day": "400M", "capability": "mid", "simple_share": 0.7, "api_model": "gpt-4o-mini"},
])
def test_digest_figures_are_the_engines(knowledge, facts):
    from bot.core.advise import recommend

    profile = build_profile(facts)
    rec = recommend(knowledge, profile)
    f = evaluate(knowledge, profile)
    assert (f.verdict, f.headline) == (rec.verdict, rec.headline)
    by_id = {o.id: o for o in rec.costs.options}
    assert f.api_monthly == by_id[rec.costs.api_option].monthly_usd
    best = by_id.get(rec.costs.self_host_option or "")
    assert f.self_host_monthly == (best.monthly_usd if best else None)
    assert f.break_even == rec.costs.break_even_tokens_per_day


def test_unchanged_inputs_reuse_the_last_figures_without_the_engine(knowledge):
    from bot.core.knowledge import load

    first = compose(knowledge, "C", "2025-W38", [ProfileInput("p", MID, NOW)], NOW).profiles[0]
    fresh = load()  # a new process (a weekly CronJob): nothing memoised
    again = compose(fresh, "C", "2025-W39", [ProfileInput("p", MID, NOW, last=first.record())], NOW).profiles[0]
    assert again.figures == first.figures and not again.changed
    assert not any(isinstance(key, tuple) and key[0] == "digest.evaluate" for key in fresh.memo)
    stale = {**first.record(), "fingerprint": "knowledge-or-code-changed"}
    compose(fresh, "C", "2025-W39", [ProfileInput("p", MID, NOW, last=stale)], NOW)
    assert any(isinstance(key, tuple) and key[0] == "digest.evaluate" for key in fresh.memo)


def test_price_map_is_built_once_per_price_catalog_and_follows_a_replaced_one():
    from bot.core.knowledge import load
    from bot.core.names import Catalog
    from bot.digest.compose import price_map

    k = load()

    def uncached() -> dict[str, list[float]]:
        return {p.id: [p.input_per_m, p.output_per_m] for p in k.prices
                if not p.deprecated and (p.tier != "open_hosted" or p.open_model)}

    first = price_map(k)
    assert first == uncached() and price_map(k) == first
    first.clear()  # each digest owns its dict: emptying one leaves the next intact
    assert price_map(k) == uncached()
    dropped = next(iter(uncached()))
    k.prices = Catalog("API model", [p for p in k.prices if p.id != dropped], lambda p: [p.id, p.name, *p.aliases])
    assert dropped not in price_map(k) and price_map(k) == uncached()
