"""End to end: signed Events API payloads and button clicks through the real HTTP server and fake Slack."""

from __future__ import annotations

import datetime as dt
import time

from clocks import PATIENCE_S

from bot.render.chat import blocks_to_text
from bot.render.limits import check_message
from bot.store import Workspace

WS = Workspace(None, "T1")
MENTION_TS = "1700000000.000100"


def mention(text: str, ts: str = MENTION_TS, thread_ts: str | None = None, channel: str = "C1") -> dict:
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": channel,
             "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(text: str, ts: str, thread_ts: str | None = None, channel: str = "C1", channel_type: str = "channel",
            **extra) -> dict:
    event = {"type": "message", "user": "U1", "text": text, "ts": ts, "channel": channel,
             "channel_type": channel_type, "event_ts": ts, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def posts(app, count: int, settle: bool = False) -> list:
    found = app.fake.wait_for("chat.postMessage", count)
    if settle:
        time.sleep(0.3)  # let any unwanted extra answer arrive before counting
        found = app.fake.calls("chat.postMessage")
    for call in found:
        assert check_message(call.body) == []
    return found


def text_of(call) -> str:
    return blocks_to_text(call.body["blocks"]) + "\n" + call.body["text"]


def test_mention_is_answered_in_its_thread_and_a_follow_up_names_the_change(slack_app):
    r = slack_app.sender.event(mention("should we self-host? we do 50M tokens/day of internal data"))
    assert r.status == 200
    (first,) = posts(slack_app, 1)
    assert first.body["channel"] == "C1" and first.body["thread_ts"] == MENTION_TS
    assert "Use the API" in text_of(first)

    correction = "actually it's patient records, they must stay on our servers"
    slack_app.sender.event(message(correction, "1700000000.000200", thread_ts=MENTION_TS))
    _, second = posts(slack_app, 2)
    assert second.body["thread_ts"] == MENTION_TS
    assert "Verdict `api` → `self_host`" in text_of(second)
    assert "internal → restricted" in text_of(second)
    deadline = time.monotonic() + PATIENCE_S  # logged before posting; the message ts is attached once Slack acks
    while time.monotonic() < deadline:
        logged = slack_app.store.recommendations.list(WS, channel_id="C1")
        if len(logged) == 2 and all(r.message_ts for r in logged):
            break
        time.sleep(0.01)
    assert [r.verdict for r in logged] == ["self_host", "api"]  # newest first, for App Home and the digest
    assert all(r.message_ts for r in logged) and logged[0].message_ts != logged[1].message_ts
    assert all(r.details["source"] == "conversation" for r in logged)


def test_button_answer_continues_the_conversation(slack_app):
    slack_app.sender.event(mention("we do 100M tokens/day"))
    (first,) = posts(slack_app, 1)
    buttons = next(b for b in first.body["blocks"] if b.get("block_id", "").endswith("_data_sensitivity_a"))
    restricted = next(el for el in buttons["elements"] if el["value"] == "restricted")
    assert restricted["action_id"] == "answer_data_sensitivity:3"
    r = slack_app.sender.button(restricted["action_id"], "restricted", block_id=buttons["block_id"],
                                ephemeral=False, response_url=slack_app.fake.response_url("act"))
    assert r.status == 200
    _, second = posts(slack_app, 2)
    assert second.body["thread_ts"] == MENTION_TS
    assert "Verdict `api` → `self_host`" in text_of(second) and "restricted" in text_of(second)
    assert slack_app.store.threads.get(WS, "C1", MENTION_TS).facts["profile"]["data_sensitivity"] == "restricted"


def test_direct_message_is_answered(slack_app):
    slack_app.sender.event(message("what is quantisation?", "1700000000.000300", channel="D1",
                                   channel_type="im"))
    (call,) = posts(slack_app, 1, settle=True)
    assert call.body["channel"] == "D1" and "thread_ts" not in call.body
    assert "Quantisation" in text_of(call)


def test_retry_of_a_recorded_event_is_not_answered_twice(slack_app):
    event = mention("we do 100M tokens/day")
    slack_app.sender.event(event, event_id="EvSAME")
    posts(slack_app, 1)
    r = slack_app.sender.event(event, event_id="EvSAME", retry_num=1)
    assert r.status == 200
    assert len(posts(slack_app, 1, settle=True)) == 1
    assert slack_app.store.events.seen(WS, "EvSAME", dt.datetime.now(dt.UTC))


def test_retry_whose_first_delivery_never_arrived_is_answered(slack_app):
    r = slack_app.sender.event(mention("we do 100M tokens/day"), event_id="EvLOST", retry_num=1)
    assert r.status == 200
    (call,) = posts(slack_app, 1)
    assert call.body["thread_ts"] == MENTION_TS


def test_bot_messages_are_ignored(slack_app):
    slack_app.sender.event(mention("we do 100M tokens/day"))
    posts(slack_app, 1)
    own = message("Use the API …", "1700000000.000400", thread_ts=MENTION_TS, bot_id="BBOT")
    own["user"] = "UBOT"
    slack_app.sender.event(own)
    other = message("beep", "1700000000.000500", thread_ts=MENTION_TS, subtype="bot_message", bot_id="BOTHER")
    slack_app.sender.event(other)
    slack_app.sender.event(message("thanks!", "1700000000.000600", channel="D1", channel_type="im"))
    calls = posts(slack_app, 2, settle=True)  # only the DM sentinel is answered besides the mention
    assert len(calls) == 2 and calls[1].body["channel"] == "D1"


def test_mention_that_also_arrives_as_a_message_is_answered_once(slack_app):
    slack_app.sender.event(mention("we do 100M tokens/day"))
    posts(slack_app, 1)
    ts = "1700000000.000700"
    in_thread = mention("actually it's patient records that must stay on our servers", ts=ts, thread_ts=MENTION_TS)
    slack_app.sender.event(message(in_thread["text"], ts, thread_ts=MENTION_TS))
    slack_app.sender.event(in_thread)
    calls = posts(slack_app, 2, settle=True)
    assert len(calls) == 2
    assert "Verdict `api` → `self_host`" in text_of(calls[1])


def test_messages_in_threads_the_bot_never_answered_are_ignored(slack_app):
    slack_app.sender.event(message("we do 100M tokens/day", "1700000000.000800", thread_ts="1600000000.000001"))
    slack_app.sender.event(message("we do 100M tokens/day", "1700000000.000900"))
    slack_app.sender.event(message("hello", "1700000000.001000", channel="D1", channel_type="im"))
    (call,) = posts(slack_app, 1, settle=True)
    assert call.body["channel"] == "D1"


def test_save_as_team_profile_binds_the_channel(slack_app):
    slack_app.sender.event(mention("team payments: 300M tokens/day, HIPAA"))
    (first,) = posts(slack_app, 1)
    save = next(el for b in first.body["blocks"] if b["type"] == "actions" for el in b["elements"]
                if el["action_id"] == "save_team_profile")
    r = slack_app.sender.button("save_team_profile", save["value"], block_id="chat_actions", user_id="U7",
                                ephemeral=False, response_url=slack_app.fake.response_url("act"))
    assert r.status == 200
    _, saved = posts(slack_app, 2)
    assert saved.body["thread_ts"] == MENTION_TS and "Saved as team profile" in saved.body["text"]
    record = slack_app.store.profiles.bound(WS, "C1")
    assert record is not None and record.profile.tokens_per_day == 300e6
    assert record.profile.data_sensitivity == "restricted"
    (version,) = slack_app.store.profiles.history(WS, record.name)
    assert version.changed_by == "U7"
