"""The conversation's "Save as team profile" is a write like any other (issue #15, item 4).

It used to ignore SELFHOST_ADMINS_ONLY and silently replace a same-named profile. Now it asks Slack
whether the clicker may change profiles, and saving over an existing profile first says what it would
replace and needs a second click that carries the version seen (a change in between is refused).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fakeslack import User
from slackclient import AppHarness
from test_e2e_events import MENTION_TS, WS, mention, posts

from bot.core.profile import build_profile

THEN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def save_button(call) -> dict:
    return next(el for b in call.body["blocks"] if b["type"] == "actions" for el in b["elements"]
                if el["action_id"].startswith("save_team_profile"))


def click(app, element: dict, user: str = "U1"):
    r = app.sender.button(element["action_id"], element["value"], block_id="chat_actions", user_id=user,
                          ephemeral=False, response_url=app.fake.response_url("act"))
    assert r.status == 200


@pytest.fixture
def admins_only(tmp_path, slack_knowledge):
    users = [User("U1", is_admin=False), User("UADMIN", is_admin=True)]
    with AppHarness(tmp_path / "a.db", slack_knowledge, users=users, selfhost_admins_only=True) as app:
        yield app


def test_save_is_refused_for_a_non_admin_when_admins_only(admins_only) -> None:
    app = admins_only
    app.sender.event(mention("team payments: 300M tokens/day, HIPAA"))
    (answer,) = posts(app, 1)
    click(app, save_button(answer), user="U1")
    _, reply = posts(app, 2)
    assert "Only workspace admins" in reply.body["text"]
    assert app.store.profiles.list(WS) == [] and app.store.profiles.bound(WS, "C1") is None


def test_save_by_an_admin_when_admins_only(admins_only) -> None:
    app = admins_only
    app.sender.event(mention("team payments: 300M tokens/day, HIPAA"))
    (answer,) = posts(app, 1)
    click(app, save_button(answer), user="UADMIN")
    _, reply = posts(app, 2)
    assert "Saved as team profile" in reply.body["text"]
    assert app.store.profiles.bound(WS, "C1") is not None


def test_saving_over_a_profile_says_what_it_replaces_and_checks_the_version(slack_app) -> None:
    app = slack_app
    old = app.store.profiles.save(WS, "ml-infra", build_profile({"tokens_per_day": "5M"}),  # the channel name
                                  by="U2", now=THEN)
    app.sender.event(mention("team payments: 300M tokens/day, HIPAA"))
    (answer,) = posts(app, 1)
    click(app, save_button(answer))
    _, prompt = posts(app, 2)
    assert "ml-infra" in prompt.body["text"] and f"version {old.version}" in prompt.body["text"]
    assert app.store.profiles.get(WS, "ml-infra").profile.tokens_per_day == 5e6  # nothing written yet
    replace = save_button(prompt)
    assert replace["action_id"] == "save_team_profile_replace"

    click(app, replace)
    *_, saved = posts(app, 3)
    assert f"replacing version {old.version}" in saved.body["text"]
    record = app.store.profiles.get(WS, "ml-infra")
    assert record.version == old.version + 1 and record.profile.tokens_per_day == 300e6
    click(app, replace)  # the same click again: the profile moved on, so it is refused
    *_, stale = posts(app, 4)
    assert "changed" in stale.body["text"] and app.store.profiles.get(WS, "ml-infra").version == record.version
    assert MENTION_TS in {c.body.get("thread_ts") for c in app.fake.calls("chat.postMessage")}
