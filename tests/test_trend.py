"""What moved a verdict since last week (pure): the counterfactual on last week's facts names a fact, a price
or a model; old log rows (any shape) still give a snapshot."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.profile import build_profile
from bot.core.trend import Snapshot, compare, from_record, snapshot, status

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
# data kept in the UK: no catalogued open-weight host serves it, so volume can move the verdict to self-hosting
BIG = {"tokens_per_day": 2e9, "capability": "mid", "data_region": "uk"}
SMALL = {"tokens_per_day": 5e6, "capability": "mid", "data_region": "uk"}


def _now(knowledge, facts):
    rec, _ = status(knowledge, build_profile(facts), None, NOW)
    return snapshot(rec, build_profile(facts), NOW)


def test_same_verdict_gives_the_cost_change_and_no_badge(knowledge):
    now = _now(knowledge, SMALL)
    t = compare(knowledge, now, Snapshot(verdict=now.verdict, monthly=now.monthly * 2, facts=now.facts))
    assert not t.changed and t.moved_by == () and t.change_pct == pytest.approx(-50)


def test_a_fact_moved_it_when_last_weeks_facts_still_give_last_weeks_verdict(knowledge):
    now = _now(knowledge, BIG)
    then = Snapshot(verdict="api", monthly=700.0, facts=build_profile(SMALL).known(), api_per_m=now.api_per_m)
    t = compare(knowledge, now, then)
    assert now.verdict == "self_host" and t.changed and t.moved_by == ("fact",)
    assert t.reasons == ("tokens_per_day 5M → 2B",)


def test_a_price_moved_it_when_the_facts_are_the_same(knowledge):
    now = _now(knowledge, BIG)
    then = Snapshot(verdict="api", facts=now.facts, api_per_m=0.5, api_label="GPT-4o (openai)")
    t = compare(knowledge, now, then)
    assert t.moved_by == ("price",) and t.reasons[0].endswith("per 1M tokens (was $0.500)")
    by_date = compare(knowledge, now, Snapshot(verdict="api", facts=now.facts, prices_as_of="2020-01-01"))
    assert by_date.moved_by == ("price",) and "was 2020-01-01" in by_date.reasons[0]


def test_a_model_moved_it_and_unknown_causes_say_so(knowledge):
    now = _now(knowledge, BIG)
    t = compare(knowledge, now, Snapshot(verdict="api", facts=now.facts, model="Llama 2 70B"))
    assert t.moved_by == ("model",) and t.reasons == (f"model Llama 2 70B → {now.model}",)
    plain = compare(knowledge, now, Snapshot(verdict="api", facts=now.facts))
    assert plain.moved_by == ("knowledge",)
    unknown = compare(knowledge, now, Snapshot(verdict="api", facts=None))
    assert unknown.changed and unknown.moved_by == () and unknown.reasons


def test_old_and_odd_log_rows_still_make_a_snapshot():
    old = from_record("self_host", {"api": 10.0, "self_host": 4.0}, None, None, NOW)
    assert (old.monthly, old.prices_as_of, old.model) == (4.0, None, None)
    digest = from_record("api", {"api": 9.0}, {"prices_as_of": "2025-08-15", "api_per_m": "x"}, {"team": "a"}, NOW)
    assert (digest.monthly, digest.prices_as_of, digest.api_per_m, digest.facts) == (9.0, "2025-08-15", None,
                                                                                     {"team": "a"})
    ours = from_record("hybrid", {"recommended": 3.0, "hybrid": 5.0, "api_label": "GPT-4o"},
                       {"as_of": {"prices": "2026-11-01"}, "model": "M", "api_per_m": 2.5}, {}, NOW)
    assert (ours.monthly, ours.prices_as_of, ours.model, ours.api_per_m, ours.api_label) == (
        3.0, "2026-11-01", "M", 2.5, "GPT-4o")
