"""End to end over signed HTTP: the first answer is a summary within a reading budget; its buttons show the
details (in place for an ephemeral answer, in the thread for a channel post); "Less" restores the summary;
button values are checked like any other input; every message stays within Slack's limits."""

from __future__ import annotations

import struct

import pytest
from clocks import PATIENCE_S
from surface_support import all_payloads_within_limits, ask, texts

from bot.render.summary_blocks import SUMMARY_BLOCKS, SUMMARY_CHARS
from bot.render.visible import visible_chars, visible_text
from bot.store import Workspace

WS = Workspace(None, "T1")
LONG_TEAM = "the-platform-&-<infrastructure>-group-for-payments-risk-and-fraud-detection-emea"  # 80 characters
KINDS = {  # the profile's facts → (verdict logged, words the header must have)
    "api": ("tokens_per_day=2M capability=mid", "api", "Use the API"),
    "self_host": ("tokens_per_day=400M data_sensitivity=restricted capability=mid infra_skills=mlops",
                  "self_host", "Self-host"),
    # data kept in the UK: no catalogued host of small open-weight models serves it, so the local model pays;
    # frontier work (mid work at this volume now self-hosts whole on gpt-oss-120b, cheaper than any split)
    "hybrid": ("tokens_per_day=100M simple_share=0.7 capability=frontier infra_skills=mlops data_region=uk",
               "hybrid", "Hybrid"),
    "impossible_plan": ("tokens_per_day=10T data_sensitivity=restricted capability=mid", "self_host",
                        "no catalogued plan works"),
    "long_team_many_missing": (f"team={LONG_TEAM} tokens_per_day=50M", "api", "Use the API"),
}


def _summary(app, facts: str) -> dict:
    ask(app, f"profile set {facts}")
    return ask(app, "recommend")


def _nav(body: dict) -> dict[str, str]:
    nav = next(b for b in body["blocks"] if b.get("block_id") == "rec_nav")
    return {e["action_id"]: e["value"] for e in nav["elements"]}


def _click(app, action: str, value: str, name: str, **kw) -> None:
    r = app.sender.button(action, value, block_id="rec_nav", response_url=app.fake.response_url(name), **kw)
    assert r.status == 200


def _wait_reply(app, name: str, n: int = 1) -> dict:
    import time

    deadline = time.monotonic() + PATIENCE_S  # a chart's first render imports matplotlib (seconds when busy)
    while time.monotonic() < deadline:
        found = [c for c in app.fake.calls("response_url") if c.path.endswith("/" + name)]
        if len(found) >= n:
            return found[n - 1].body
        time.sleep(0.01)
    raise TimeoutError(name)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_first_answer_is_a_summary_within_budget_for_each_verdict_kind(slack_app, kind):
    facts, verdict, header = KINDS[kind]
    body = _summary(slack_app, facts)
    blocks = body["blocks"]
    assert len(blocks) <= SUMMARY_BLOCKS and visible_chars(body) <= SUMMARY_CHARS, (len(blocks), visible_text(body))
    assert header in blocks[0]["text"]["text"]
    (logged,) = [r for r in slack_app.store.recommendations.list(WS) if r.details.get("source") == "command"]
    assert logged.verdict == verdict
    shown = visible_text(body)
    assert "Your API" in shown and "Break-even" in shown and "Plan:" in shown and "Confidence:" in shown
    assert set(_nav(body)) >= {"show_reasoning", "show_costs", "show_hardware"}
    assert blocks[-1]["block_id"] == "share"
    if kind == "impossible_plan":
        assert "Not possible:" in shown and "Smallest working:" in shown
    if kind == "long_team_many_missing":
        assert "6 more open questions" in shown  # many missing facts: one asked, the rest counted
        question = next(b for b in blocks if b.get("block_id", "").endswith("_a"))
        assert {e["action_id"].split(":")[0] for e in question["elements"]} == {"refine_capability"}
    all_payloads_within_limits(slack_app)


def test_long_team_names_and_hostile_text_are_escaped_and_stay_within_budget(slack_app):
    ask(slack_app, f"profile set team={LONG_TEAM} tokens_per_day=400M data_sensitivity=restricted")
    body = ask(slack_app, "recommend our <!channel> & <@U999> team, HIPAA PHI " + "very " * 200)
    assert len(body["blocks"]) <= SUMMARY_BLOCKS and visible_chars(body) <= SUMMARY_CHARS
    shown = _text_objects(body["blocks"])  # what Slack parses as mrkdwn (button values are not)
    assert "<!channel>" not in shown and "<@U999>" not in shown and "<infrastructure>" not in shown
    assert "from your message: 'PHI'" in shown and "Profile the-platform-infrastructure-group" in shown


def _text_objects(x) -> str:
    if isinstance(x, dict):
        own = [x["text"]] if x.get("type") in ("mrkdwn", "plain_text") and isinstance(x.get("text"), str) else []
        return "\n".join([*own, *(_text_objects(v) for k, v in x.items() if k != "value")])
    if isinstance(x, list):
        return "\n".join(_text_objects(v) for v in x)
    return ""


def test_each_button_shows_its_part_in_place_and_less_restores_the_summary(slack_app):
    first = _summary(slack_app, KINDS["self_host"][0])
    nav = _nav(first)
    ref = nav["show_reasoning"]
    expected = {"show_reasoning": ("Decision path", "Why"), "show_costs": ("Monthly cost of each option", "capex"),
                "show_hardware": ("Hardware plan", "per stream")}
    for i, (action, words) in enumerate(expected.items()):
        _click(slack_app, action, ref, f"d{i}")
        detail = _wait_reply(slack_app, f"d{i}")
        assert detail["replace_original"] is True and detail["blocks"][0]["block_id"] == "detail_header"
        shown = visible_text(detail)
        assert all(w in shown for w in words), (action, shown[:300])
        buttons = {e["action_id"] for b in detail["blocks"] if b["type"] == "actions" for e in b["elements"]}
        assert action not in buttons and "show_summary" in buttons  # the other parts, and Less
    assert "TTFT" in visible_text(_wait_reply(slack_app, "d2"))  # time to first token and per-stream speed
    slack_app.fake.wait_for("files.completeUploadExternal")  # Costs sent the chart to a direct message
    _click(slack_app, "show_summary", ref, "less")
    less = _wait_reply(slack_app, "less")
    assert less["replace_original"] is True
    assert less["blocks"] == first["blocks"] and less["text"] == first["text"]  # the same summary, share included
    all_payloads_within_limits(slack_app)


def test_costs_in_an_ephemeral_answer_send_the_chart_to_a_direct_message_once(slack_app):
    ref = _nav(_summary(slack_app, KINDS["self_host"][0]))["show_costs"]
    _click(slack_app, "show_costs", ref, "c1")
    costs = _wait_reply(slack_app, "c1")
    assert "on its way to you in a direct message" in visible_text(costs)  # the costs do not wait for the chart
    (upload,) = slack_app.fake.wait_for("files.completeUploadExternal")
    assert upload.body["channels"] == "U1" and not upload.body.get("channel_id")
    png = next(iter(slack_app.fake.uploads.values()))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (960, 540)
    _click(slack_app, "show_costs", ref, "c2")
    assert "sent to you in a direct message" in visible_text(_wait_reply(slack_app, "c2"))
    assert len(slack_app.fake.calls("files.completeUploadExternal")) == 1  # once per answer and place


def test_in_a_channel_post_details_go_to_the_thread_with_the_chart(slack_app):
    first = _summary(slack_app, KINDS["self_host"][0])
    ref = _nav(first)["show_costs"]
    slack_app.sender.button("post_to_channel", first["blocks"][-1]["elements"][0]["value"], block_id="share",
                            response_url=slack_app.fake.response_url("share"))
    (post,) = slack_app.fake.wait_for("chat.postMessage")
    assert post.body["blocks"][:-1] == first["blocks"][:-1] and "Shared by <@U1>" in texts(post.body["blocks"])
    assert len(post.body["blocks"]) <= SUMMARY_BLOCKS and visible_chars(post.body) <= SUMMARY_CHARS
    (chart,) = slack_app.fake.wait_for("files.completeUploadExternal", timeout=PATIENCE_S)
    ts = slack_app.fake.messages["C1"][0]["ts"]
    assert chart.body["channel_id"] == "C1" and chart.body["thread_ts"] == ts  # the shared post's chart
    assert slack_app.store.recommendations.list(WS)[0].message_ts == ts

    message = {"type": "message", "ts": ts, "blocks": post.body["blocks"]}
    _click(slack_app, "show_reasoning", ref, "t1", ephemeral=False, message=message)
    _, reasoning = slack_app.fake.wait_for("chat.postMessage", 2)
    assert reasoning.body["thread_ts"] == ts and reasoning.body["channel"] == "C1"
    assert "Decision path" in visible_text(reasoning.body)
    assert "show_summary" not in str(reasoning.body["blocks"])  # no Less in a thread: the summary is above
    assert not [c for c in slack_app.fake.calls("response_url") if c.path.endswith("/t1")]  # channel untouched

    detail = {"type": "message", "ts": "1700000200.000100", "thread_ts": ts, "blocks": reasoning.body["blocks"]}
    _click(slack_app, "show_costs", ref, "t2", ephemeral=False, message=detail)
    swapped = _wait_reply(slack_app, "t2")  # a button on a detail in the thread swaps that detail in place
    assert swapped["replace_original"] is True and "Monthly cost of each option" in visible_text(swapped)
    assert "in this thread" in visible_text(swapped)
    assert len(slack_app.fake.calls("files.completeUploadExternal")) == 1  # the thread has its chart already
    assert len(slack_app.fake.calls("chat.postMessage")) == 2
    all_payloads_within_limits(slack_app)


def test_a_thread_answer_opens_its_details_in_the_same_thread(slack_app):
    slack_app.sender.event({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1700000000.000100",
                            "text": "<@UBOT> 400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team"})
    (answer,) = slack_app.fake.wait_for("chat.postMessage")
    assert len(answer.body["blocks"]) <= SUMMARY_BLOCKS and visible_chars(answer.body) <= SUMMARY_CHARS
    ref = _nav(answer.body)["show_hardware"]
    assert any(e["action_id"] == "save_team_profile" for e in
               next(b for b in answer.body["blocks"] if b.get("block_id") == "rec_nav")["elements"])
    message = {"type": "message", "ts": "1700000101.000100", "thread_ts": "1700000000.000100",
               "blocks": answer.body["blocks"]}
    _click(slack_app, "show_hardware", ref, "h", ephemeral=False, message=message)
    _, hardware = slack_app.fake.wait_for("chat.postMessage", 2)
    assert hardware.body["thread_ts"] == "1700000000.000100" and "Hardware plan" in visible_text(hardware.body)
    all_payloads_within_limits(slack_app)


def test_the_question_buttons_answer_in_place(slack_app):
    first = _summary(slack_app, "tokens_per_day=400M data_sensitivity=restricted capability=mid hosting=on_prem")
    question = next(b for b in first["blocks"] if b.get("block_id") == "rec_infra_skills_a")
    mlops = next(e for e in question["elements"] if e["text"]["text"] == "mlops")
    assert mlops["action_id"] == "refine_infra_skills:2" and mlops["value"] == _nav(first)["show_costs"]
    slack_app.sender.button(mlops["action_id"], mlops["value"], block_id=question["block_id"],
                            response_url=slack_app.fake.response_url("q"))
    refined = _wait_reply(slack_app, "q")
    assert refined["replace_original"] is True and "+ infra_skills = mlops" in visible_text(refined)
    assert len(refined["blocks"]) <= SUMMARY_BLOCKS
    newest = slack_app.store.recommendations.list(WS)[0]
    assert newest.details["profile"]["infra_skills"] == "mlops" and newest.details["source"] == "refine"
    all_payloads_within_limits(slack_app)


@pytest.mark.parametrize("value", [
    "rec:999999:abcdefghij",  # no such answer
    "rec:1:wrong-nonce-00",  # a real id with another nonce
    "recommend 400M tokens/day",  # a command, not a reference
    "rec:1:" + "a" * 3000,  # oversized
    "'; DROP TABLE recommendations; --",
])
def test_button_values_are_checked_like_any_input(slack_app, value):
    _summary(slack_app, KINDS["api"][0])
    before = len(slack_app.store.recommendations.list(WS))
    _click(slack_app, "show_costs", value, "bad")
    reply = _wait_reply(slack_app, "bad")
    assert reply["replace_original"] is False and ("can't find" in reply["text"] or "not one of mine" in reply["text"])
    assert slack_app.fake.calls("chat.postMessage") == [] and slack_app.fake.calls("files.completeUploadExternal") == []
    assert len(slack_app.store.recommendations.list(WS)) == before


def test_another_workspace_or_channel_cannot_open_an_answer(slack_app):
    ref = _nav(_summary(slack_app, KINDS["api"][0]))["show_costs"]
    _click(slack_app, "show_costs", ref, "w2", team_id="T2")
    assert "can't find" in _wait_reply(slack_app, "w2")["text"]
    _click(slack_app, "show_costs", ref, "c9", channel_id="C9")
    assert "can't find" in _wait_reply(slack_app, "c9")["text"]
