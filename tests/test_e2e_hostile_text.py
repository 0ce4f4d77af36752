"""Hostile text through the real app: nothing a user types reaches Slack as a live mention or link.

Every message, ephemeral reply and view the app sends to the fake Slack is checked: its mrkdwn strings
and fallback text may hold only the mentions the app writes itself (the acting user, this channel).
"""

from __future__ import annotations

import datetime as dt
import re

from surface_support import all_payloads_within_limits
from test_broadcast import parsed_strings

from bot.digest.runner import Runner
from bot.store import Subscription, Workspace

OURS = re.compile(r"<@U1>|<#C1>")
WS = Workspace(None, "T1")


def assert_nothing_live(app) -> int:
    checked = 0
    for call in app.fake.calls():
        payload = call.body.get("view") if call.method.startswith("views.") else call.body
        for text in parsed_strings(payload or {}):
            rest = OURS.sub("", text)
            assert "<" not in rest and ">" not in rest, (call.method, text)
            checked += 1
    return checked


def share(app, value: str) -> None:
    before = len(app.fake.calls("chat.postMessage"))
    r = app.sender.button("post_to_channel", value, response_url=app.fake.response_url("share"))
    assert r.status == 200
    app.fake.wait_for("chat.postMessage", before + 1)


def test_team_and_profile_names_with_broadcasts_stay_text(slack_app) -> None:
    app = slack_app
    app.command('profile set team="Payments <!channel>" tokens_per_day=300M capability=mid')
    app.fake.wait_for("response_url", 1)
    share(app, "profile")  # the profile card's fallback text goes to the channel
    app.command("profile new <!here>")
    app.command("profile use <!everyone>")
    app.command("profile history <https://evil.example|click>")
    app.command("<!channel>")  # unknown sub-command: echoed in the help
    app.fake.wait_for("response_url", 4)
    posted = app.fake.calls("chat.postMessage")[-1].body
    assert "Payments &lt;!channel&gt;" in posted["text"]
    assert assert_nothing_live(app) > 5
    assert all_payloads_within_limits(app)


def test_share_footer_code_span_cannot_be_broken_out_of(slack_app) -> None:
    app = slack_app
    share(app, "recommend 300M tokens/day ` <!here> `<@UEVIL>` <https://evil.example|x>")
    footer = app.fake.calls("chat.postMessage")[-1].body["blocks"][-1]["elements"][0]["text"]
    assert footer.startswith("Shared by <@U1> · `/selfhost recommend 300M")
    assert footer.count("`") == 2 and footer.endswith("`")
    assert_nothing_live(app)


def test_digest_of_a_profile_named_channel_is_inert(slack_app) -> None:
    app = slack_app
    now = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    app.command("profile new <!channel> tokens_per_day=60M capability=mid")
    app.fake.wait_for("response_url", 1)
    app.store.subscriptions.subscribe(WS, Subscription("C1", 0, "09:00", "UTC", created_by="U1"),
                                      now - dt.timedelta(days=3))
    runner = Runner(app.store, app.knowledge, app.client, clock=lambda: now, sleep=lambda s: None, charts=False)
    assert runner.run_once().sent == 1
    digest = app.fake.calls("chat.postMessage")[-1].body
    assert "&lt;!channel&gt;" in digest["text"]
    app.command("digest preview")
    app.fake.wait_for("response_url", 2)
    assert_nothing_live(app)


def test_long_team_value_is_echoed_within_slack_limits(slack_app) -> None:
    app = slack_app
    app.command("profile set team=" + "<!here>" * 1_100)  # 7,700 characters: refused, and quoted back cut
    app.command("profile set team=" + "<!here>" * 15_000)  # ~100 KB: refused before it is parsed
    first, second = (c.body for c in app.fake.wait_for("response_url", 2))
    replies = sorted([first, second], key=lambda b: "characters long" in b["text"])
    assert "team" in replies[0]["text"] and len(replies[0]["text"]) <= 3000
    assert "105,009 characters long" in replies[1]["text"]  # "set team=" + 105,000
    assert_nothing_live(app)
    assert all_payloads_within_limits(app)
