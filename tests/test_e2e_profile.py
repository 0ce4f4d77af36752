"""End to end: profile set/show/history/use, the edit modal (open, invalid and valid submit), admins-only."""

from __future__ import annotations

import json

import pytest
from surface_support import all_payloads_within_limits, ask, texts

from bot.core.profile import WorkloadProfile
from bot.render.limits import check_view
from bot.render.profile import MODAL_CALLBACK
from bot.store import Workspace

WS = Workspace(None, "T1")


def _state(**fields: str) -> dict:
    """A view_submission's state.values as Slack sends it (text inputs and selects)."""
    selects = {"capability", "data_sensitivity", "connectivity", "infra_skills", "fine_tuned", "rapid_iteration"}
    values = {}
    for field, value in fields.items():
        if field in selects:
            element = {"type": "static_select", "selected_option": {"value": value}}
        else:
            element = {"type": "plain_text_input", "value": value}
        values[f"f_{field}"] = {"v": element}
    return values


def test_set_show_history(slack_app):
    saved = ask(slack_app, 'profile set team="Payments Core" tokens_per_day=300M capability=mid')
    assert "Saved profile *payments-core*, version 1" in texts(saved["blocks"])
    record = slack_app.store.profiles.bound(WS, "C1")
    assert record.name == "payments-core" and record.profile.tokens_per_day == 3e8
    ask(slack_app, "profile set tokens_per_day=500M data_sensitivity=restricted", user_id="U2")
    shown = ask(slack_app, "profile")
    fields = texts(shown["blocks"])
    assert "*tokens_per_day*\n500M" in fields and "*data_sensitivity*\nrestricted" in fields
    assert "Version 2 · last changed by <@U2>" in fields and "<#C1>" in fields
    history = texts(ask(slack_app, "profile history")["blocks"])
    assert history.index("*v2* · <@U2>") < history.index("*v1* · <@U1>")
    assert "`tokens_per_day`: 300M → 500M" in history and "`data_sensitivity`: — → restricted" in history


def test_set_where_it_may_run_and_the_regimes_it_must_meet(slack_app):
    ask(slack_app, "profile set hosting=on_prem availability=best_effort data_region=eu compliance=hipaa,gdpr "
                   "min_tokens_per_s=30")
    profile = slack_app.store.profiles.bound(WS, "C1").profile
    assert (profile.hosting, profile.availability, profile.data_region) == ("on_prem", "best_effort", "eu")
    assert profile.compliance == ["hipaa", "gdpr"] and profile.min_tokens_per_s == 30
    assert "*compliance*\nhipaa,gdpr" in texts(ask(slack_app, "profile")["blocks"])
    ask(slack_app, "profile set compliance=")
    assert slack_app.store.profiles.bound(WS, "C1").profile.compliance == []


@pytest.mark.parametrize(("text", "expected"), [
    ("profile set tokens_per_dya=3M", "'tokens_per_dya' is not a profile field. Did you mean tokens_per_day"),
    ("profile set capability=huge", "capability: 'huge' is not valid"),
    ("profile set capability", "'capability' is not key=value"),
    ('profile set team="unclosed', "A quote is not closed"),
    ("profile use paymnets", "There is no profile named 'paymnets'. Closest: payments."),
    ("profile frobnicate", "I don't know `profile frobnicate`."),
    ("profile set tokens_per_month=lots", "tokens_per_month"),
    ("profile set compliance=hipaa,sox", "compliance: 'sox' is not valid"),
    ("profile set hosting=colo", "allowed: one of on_prem, own_cloud, any"),
])
def test_bad_profile_commands_get_one_friendly_sentence(slack_app, text, expected):
    ask(slack_app, "profile set team=payments capability=mid")
    body = ask(slack_app, text)
    assert expected in body["text"], body["text"]
    assert "Traceback" not in body["text"] and "blocks" not in body
    if "capability=huge" in text:
        assert "allowed: one of small, mid, frontier" in body["text"]
    assert slack_app.store.profiles.get(WS, "payments").version == 1


def test_use_and_new_bind_profiles_to_the_channel(slack_app):
    ask(slack_app, "profile set team=search tokens_per_day=10M", channel_id="C2")
    body = ask(slack_app, "profile use search")
    assert "This channel now uses profile *search*" in texts(body["blocks"])
    assert slack_app.store.profiles.bound(WS, "C1").name == "search"
    ask(slack_app, "profile new ads tokens_per_day=1B capability=small")
    assert slack_app.store.profiles.bound(WS, "C1").name == "ads"
    listing = texts(ask(slack_app, "profile list")["blocks"])
    assert "*ads* (v1)" in listing and "*search* (v1)" in listing and "<#C2>" in listing


def test_edit_opens_a_modal_with_every_field_prefilled(slack_app):
    ask(slack_app, "profile set team=payments tokens_per_day=300M capability=mid fine_tuned=true "
                   "output_share=0.3 api_model=gpt-4o")
    before = len(slack_app.fake.calls("response_url"))
    slack_app.command("profile edit")
    (call,) = slack_app.fake.wait_for("views.open")
    view = call.body["view"]
    assert call.body["trigger_id"].startswith("trig.")
    assert check_view(view) == [] and len(view["title"]["text"]) <= 24
    assert json.loads(view["private_metadata"]) == {"name": "payments", "channel": "C1", "version": 1}
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert set(inputs) == {f"f_{f}" for f in WorkloadProfile.model_fields}
    assert inputs["f_team"]["initial_value"] == "payments"
    assert inputs["f_tokens_per_day"]["initial_value"] == "300M"
    assert inputs["f_output_share"]["initial_value"] == "0.3"
    assert inputs["f_capability"]["initial_option"]["value"] == "mid"
    assert inputs["f_fine_tuned"]["initial_option"]["value"] == "true"
    assert inputs["f_api_model"]["initial_value"] == "gpt-4o"
    assert "initial_value" not in inputs["f_latency_ms"]
    assert len(slack_app.fake.calls("response_url")) == before  # the modal is the answer


def test_modal_submit_shows_per_field_errors_then_saves_a_version(slack_app):
    ask(slack_app, "profile set team=payments tokens_per_day=300M")
    meta = json.dumps({"name": "payments", "channel": "C1", "version": 1})
    r = slack_app.sender.view_submission(MODAL_CALLBACK, _state(
        team="payments", tokens_per_day="lots", output_share="1.5", capability="mid"), private_metadata=meta)
    assert r.status == 200
    errors = r.json["errors"]
    assert r.json["response_action"] == "errors" and set(errors) == {"f_tokens_per_day", "f_output_share"}
    assert "allowed" in errors["f_output_share"] and "f_capability" not in errors
    assert slack_app.store.profiles.get(WS, "payments").version == 1

    r = slack_app.sender.view_submission(MODAL_CALLBACK, _state(
        team="payments", tokens_per_day="1.5B", capability="frontier", fine_tuned="false",
        assumptions="pue=1.2"), private_metadata=meta, user_id="U2")
    assert r.status == 200 and r.body in (b"", b"{}")
    record = slack_app.store.profiles.get(WS, "payments")
    assert record.version == 2 and record.updated_by == "U2"
    assert record.profile.tokens_per_day == 1.5e9 and record.profile.assumptions == {"pue": 1.2}
    (confirm,) = slack_app.fake.wait_for("chat.postEphemeral")
    assert confirm.body["user"] == "U2" and "version 2" in confirm.body["text"]

    stale = slack_app.sender.view_submission(MODAL_CALLBACK, _state(team="x"), private_metadata=meta)
    assert "Someone saved this profile" in stale.json["errors"]["f_team"]
    all_payloads_within_limits(slack_app)


def test_edit_button_on_a_recommendation_opens_the_modal_prefilled_from_the_text(slack_app):
    slack_app.sender.button("profile_edit", "recommend 400M tokens/day of HIPAA PHI", block_id="rec_actions",
                            response_url=slack_app.fake.response_url("edit"))
    (call,) = slack_app.fake.wait_for("views.open")
    inputs = {b["block_id"]: b["element"] for b in call.body["view"]["blocks"] if b["type"] == "input"}
    assert inputs["f_tokens_per_day"]["initial_value"] == "400M"
    assert inputs["f_data_sensitivity"]["initial_option"]["value"] == "restricted"
    assert check_view(call.body["view"]) == []
    meta = call.body["view"]["private_metadata"]
    assert json.loads(meta) == {"name": "channel-c1", "channel": "C1", "version": 0}
    r = slack_app.sender.view_submission(MODAL_CALLBACK, _state(tokens_per_day="400M", data_sensitivity="restricted"),
                                         private_metadata=meta)
    assert r.status == 200 and not r.body.strip(b"{}")
    bound = slack_app.store.profiles.bound(WS, "C1")  # a channel's first profile is bound to it
    assert bound.name == "channel-c1" and bound.version == 1 and bound.profile.data_sensitivity == "restricted"


@pytest.fixture
def admins_only_app(tmp_path, slack_knowledge):
    from fakeslack import User
    from slackclient import AppHarness

    users = [User("U1", is_admin=False), User("UADMIN", is_admin=True)]
    with AppHarness(tmp_path / "admins.db", slack_knowledge, users=users, selfhost_admins_only=True) as h:
        yield h


def test_admins_only_refuses_members_and_leaves_the_profile_unchanged(admins_only_app):
    app = admins_only_app
    ok = ask(app, "profile set team=payments tokens_per_day=300M", user_id="UADMIN")
    assert "Saved profile" in texts(ok["blocks"])
    refused = ask(app, "profile set tokens_per_day=1B", user_id="U1")
    assert "Only workspace admins and owners can change this" in refused["text"]
    assert "blocks" not in refused
    calls = app.fake.calls("users.info")
    assert [c.body["user"] for c in calls] == ["UADMIN", "U1"]
    record = app.store.profiles.get(WS, "payments")
    assert record.version == 1 and record.profile.tokens_per_day == 3e8
    meta = json.dumps({"name": "payments", "channel": "C1", "version": 1})
    r = app.sender.view_submission(MODAL_CALLBACK, _state(tokens_per_day="1B"), private_metadata=meta)
    assert "Only workspace admins" in r.json["errors"]["f_team"]
    assert app.store.profiles.get(WS, "payments").version == 1
    shown = ask(app, "profile", user_id="U1")  # reading stays open
    assert "*tokens_per_day*\n300M" in texts(shown["blocks"])


def test_admins_only_denies_when_users_info_fails(admins_only_app):
    app = admins_only_app
    body = ask(app, "profile set team=payments", user_id="UNKNOWN")
    assert "Only workspace admins" in body["text"]
    assert app.store.profiles.list(WS) == []
