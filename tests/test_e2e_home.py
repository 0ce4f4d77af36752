"""End to end: App Home lists the profiles with their last verdict and figures; its buttons work."""

from __future__ import annotations

from surface_support import all_payloads_within_limits, ask, texts

from bot.render.limits import check_view
from bot.store import Subscription, Workspace

WS = Workspace(None, "T1")


def _open_home(app, user: str = "U1") -> dict:
    before = len(app.fake.calls("views.publish"))
    r = app.sender.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    assert r.status == 200
    call = app.fake.wait_for("views.publish", before + 1)[before]
    assert call.body["user_id"] == user
    assert check_view(call.body["view"]) == []
    return call.body["view"]


def test_home_lists_profiles_with_last_verdict_figures_and_digests(slack_app):
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
    assert "*Self-host*" in shown and "API $" in shown and "self-host $" in shown
    assert "No recommendation yet" in shown  # search has none
    assert "<#C1>: on, Mondays 09:00 UTC" in shown
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {(e["action_id"], e["value"]) for e in buttons} >= {("home_profile_edit", "payments"),
                                                              ("home_rerun", "search")}


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
