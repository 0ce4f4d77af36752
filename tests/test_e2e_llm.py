"""End to end with the optional model-assisted reader on: signed Slack events through the real app and HTTP
server, the fake Slack Web API, and a local fake OpenAI-compatible model server (no network)."""

from __future__ import annotations

from datetime import UTC, datetime

from slackclient import AppHarness

from bot.chat import save_team_profile, thread_profile
from bot.render.chat import CONFIRM_ACTION, blocks_to_text
from bot.store import Workspace
from tests.fakellm import FakeLLM

WS = Workspace(None, "T1")
TS = "1700000000.000100"
MESSAGE = "should we self-host our support bot? it handles lots of tickets for hospital staff"


def mention(text: str, ts: str = TS, thread_ts: str | None = None) -> dict:
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C1",
             "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def buttons(call) -> dict[str, dict]:
    return {e["action_id"]: e for b in call.body["blocks"] if b["type"] == "actions" for e in b["elements"]}


def harness(tmp_path, knowledge, url: str) -> AppHarness:
    return AppHarness(tmp_path / "e2e.db", knowledge, selfhost_llm_url=url, selfhost_llm_model="fake-llama")


def test_model_read_facts_are_shown_used_and_saved_only_after_confirm(tmp_path, slack_knowledge):
    with FakeLLM({"tokens_per_day": 40_000_000, "infra_skills": "mlops"}) as llm, \
            harness(tmp_path, slack_knowledge, llm.url) as app:
        assert app.sender.event(mention(MESSAGE)).status == 200
        (first,) = app.fake.wait_for("chat.postMessage", 1)
        shown = blocks_to_text(first.body["blocks"])
        assert "Read by the model fake-llama" in shown and "tokens_per_day = 40000000" in shown
        confirm = buttons(first)[CONFIRM_ACTION]
        assert confirm["value"] == TS
        (sent,) = llm.requests
        assert sent["body"]["messages"][1]["content"] == MESSAGE  # the mention stripped; nothing else sent
        profile = thread_profile(app.store, WS, ("C1", TS))
        assert profile is None or profile.tokens_per_day is None  # a Save now would not take them

        r = app.sender.button(CONFIRM_ACTION, TS, ephemeral=False, response_url=app.fake.response_url("act"))
        assert r.status == 200
        _, second = app.fake.wait_for("chat.postMessage", 2)
        assert CONFIRM_ACTION not in buttons(second)
        record = save_team_profile(app.store, WS, ("C1", TS), "support", "U1", datetime.now(UTC))
        assert record.profile.tokens_per_day == 4e7 and record.profile.infra_skills == "mlops"


def test_model_server_down_the_rules_answer_with_no_trace_of_the_model(tmp_path, slack_knowledge):
    with harness(tmp_path, slack_knowledge, FakeLLM.down_url()) as app:
        app.sender.event(mention(MESSAGE + ", about 30M tokens a day"))
        (first,) = app.fake.wait_for("chat.postMessage", 1)
        text = blocks_to_text(first.body["blocks"]) + first.body["text"]
        assert CONFIRM_ACTION not in buttons(first)
        assert "Read by the model" not in text and "fake-llama" not in text
        profile = thread_profile(app.store, WS, ("C1", TS))
        assert profile is not None and profile.tokens_per_day == 3e7
