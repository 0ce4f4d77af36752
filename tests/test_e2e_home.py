"""End to end: App Home lists the profiles with their last verdict and figures; its buttons work."""

from __future__ import annotations

import datetime as dt

from surface_support import all_payloads_within_limits, ask, texts

from bot.core.profile import build_profile
from bot.render.limits import check_view
from bot.store import PostedRecommendation, Subscription, Workspace

WS = Workspace(None, "T1")
UK = {"data_region": "uk"}  # no catalogued open-weight host serves the UK: volume can move a verdict to self-host


def _open_home(app, user: str = "U1") -> dict:
    before = len(app.fake.calls("views.publish"))
    r = app.sender.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    assert r.status == 200
    call = app.fake.wait_for("views.publish", before + 1)[before]
    assert call.body["user_id"] == user
    assert check_view(call.body["view"]) == []
    return call.body["view"]


def test_home_lists_profiles_with_todays_verdict_figures_and_digests(slack_app):
    ask(slack_app, "profile set team=payments tokens_per_day=400M data_sensitivity=restricted capability=mid "
                   "infra_skills=mlops")
    ask(slack_app, "recommend")
    ask(slack_app, "profile set team=search tokens_per_day=1M", channel_id="C2")
    slack_app.store.subscriptions.subscribe(WS, Subscription("C1", weekday=0, time="09:00"),
                                            slack_app.store.recommendations.list(WS)[0].created_at)
    view = _open_home(slack_app)
    assert view["type"] == "home"
    shown = texts(view["blocks"])
    assert "*payments* · v1 · <#C1>" in shown and "*search* · v1 · <#C2>" in shown
    assert "*Self-host — " in shown and "vs your API $" in shown
    assert "*Use the API* · *$" in shown  # search: computed today, though nobody asked for a recommendation
    assert "Data residency / privacy" in shown  # one sentence of why per profile
    assert "changed" not in shown.replace("the verdict moved", "")  # nothing to compare with yet
    assert "<#C1>: on, Mondays 09:00 UTC" in shown
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {(e["action_id"], e["value"]) for e in buttons} >= {("home_profile_edit", "payments"),
                                                              ("home_rerun", "search")}
    # opening Home keeps one snapshot a day per profile, so next week has something to compare with
    assert slack_app.store.recommendations.last(WS, "search").details["source"] == "home"
    _open_home(slack_app)
    assert len(slack_app.store.recommendations.list(WS, "search")) == 1


def _past(app, name: str, facts: dict, verdict: str, monthly: dict, details: dict | None = None,
          days: int = 8) -> None:
    """A profile as it was ``days`` ago and the answer recorded then (the store is real; only time is past)."""
    then = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    app.store.profiles.save(WS, name, build_profile(facts), by="U1", now=then)
    app.store.recommendations.record(WS, PostedRecommendation(verdict, monthly, then, name, details=details))


def _row(view: dict, name: str) -> str:
    return next(b["text"]["text"] for b in view["blocks"] if b.get("block_id") == f"home_profile_{name}")


def test_home_badges_a_verdict_moved_by_a_fact_a_price_or_a_model_and_shows_the_trend(slack_app):
    _past(slack_app, "growth", {"tokens_per_day": "5M", "capability": "mid", **UK}, "api", {"recommended": 700.0})
    slack_app.store.profiles.save(WS, "growth", build_profile({"tokens_per_day": "2B", "capability": "mid", **UK}),
                                  by="U2", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    _past(slack_app, "pricing", {"tokens_per_day": "2B", "capability": "mid", **UK}, "api",
          {"recommended": 9000.0, "api_label": "GPT-4o (openai)"}, {"api_per_m": 0.5, "model": "gpt-oss-120b"})
    _past(slack_app, "models", {"tokens_per_day": "2B", "capability": "mid", **UK}, "api", {"recommended": 9000.0},
          {"model": "Llama 3.1 70B"})
    _past(slack_app, "steady", {"tokens_per_day": "2M", "capability": "mid"}, "api", {"recommended": 300.0})
    view = _open_home(slack_app)
    growth, pricing, models, steady = (_row(view, n) for n in ("growth", "pricing", "models", "steady"))
    for moved in (growth, pricing, models):
        assert ":large_orange_diamond: *changed*" in moved and "verdict `api` → `self_host`" in moved
        assert "/mo → $" in moved and "%" not in moved  # last week's cost → today's: other options, no percentage
    assert "tokens_per_day 5M → 2B" in growth  # the fact moved it: last week's facts still give api today
    assert "per 1M tokens (was $0.500)" in pricing  # the facts did not change: the price did
    assert "model Llama 3.1 70B → gpt-oss-120b" in models  # today's default for mid work
    assert "changed" not in steady and ":arrow_down_small: -11% since" in steady
    assert "the verdict moved (3)" in texts(view["blocks"])


def test_home_with_no_profiles_explains_how_to_start(slack_app):
    shown = texts(_open_home(slack_app)["blocks"])
    assert "No profiles yet" in shown and "No weekly digests yet" in shown


def test_home_messages_tab_publishes_nothing(slack_app):
    slack_app.sender.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"})
    slack_app.sender.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    slack_app.fake.wait_for("views.publish")
    assert len(slack_app.fake.calls("views.publish")) == 1


def test_home_buttons_rerun_to_a_dm_and_open_the_modal(slack_app):
    ask(slack_app, "profile set team=payments tokens_per_day=400M")
    slack_app.sender.button("home_rerun", "payments", block_id="home_actions_payments",
                            response_url=slack_app.fake.response_url("home"))
    (dm,) = slack_app.fake.wait_for("chat.postMessage")
    assert dm.body["channel"] == "U1" and dm.body["blocks"][0]["type"] == "header"
    assert "Profile payments" in texts(dm.body["blocks"])
    assert slack_app.store.recommendations.last(WS, "payments") is not None
    (refreshed,) = slack_app.fake.wait_for("views.publish")  # Home shows the new verdict at once
    assert "No recommendation yet" not in texts(refreshed.body["view"]["blocks"])
    slack_app.sender.button("home_profile_edit", "payments", block_id="home_actions_payments",
                            response_url=slack_app.fake.response_url("home"))
    (modal,) = slack_app.fake.wait_for("views.open")
    assert '"name": "payments"' in modal.body["view"]["private_metadata"]
    assert "Self-host" in texts(_open_home(slack_app)["blocks"]) or "Use the API" in texts(
        _open_home(slack_app)["blocks"])
    all_payloads_within_limits(slack_app)
