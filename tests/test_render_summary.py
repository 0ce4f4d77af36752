"""The summary and detail renderers (pure): the reading budget, what each part holds, Slack's limits; and the
visible-characters measure the budget is checked with."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.options import cheapest_alternative, recommended_option
from bot.render.detail_blocks import render_detail
from bot.render.limits import check_message
from bot.render.summary import summarize
from bot.render.summary_blocks import DETAILS, SUMMARY_BLOCKS, SUMMARY_CHARS, render_summary
from bot.render.visible import visible_chars, visible_text
from tests import fixtures_recs as fx

FIXTURES = {
    "self_host": fx.self_host_restricted, "api": fx.api_low_volume, "hybrid": fx.hybrid,
    "conflict": fx.conflict_restricted_frontier, "sparse": fx.sparse_low_confidence,
    "impossible": fx.impossible_hardware, "huge": fx.huge,
}
REF = "rec:12:abcdefghij"


# --- visible characters ---------------------------------------------------------------------------------


def test_visible_text_reads_blocks_as_slack_shows_them():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": ":house: Self-host"}},
        {"type": "section",
         "text": {"type": "mrkdwn", "text": "*Bold* _it_ `code` <https://x.io|link> <@U1> &lt;b&gt;"},
         "fields": [{"type": "mrkdwn", "text": "*API*\n$5"}]},
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "~gone~ <#C1> <!here>"},
                                         {"type": "image", "image_url": "x", "alt_text": "not counted"}]},
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Costs"},
                                          "value": "rec:1:secret-value"}]},
    ]
    assert visible_text({"blocks": blocks}) == "◆ Self-host\nBold it code link @U1 <b>\nAPI\n$5\ngone #C1 @here\nCosts"
    assert visible_chars(blocks) == len("◆ Self-hostBold it code link @U1 <b>API$5gone #C1 @hereCosts")


def test_visible_chars_ignores_values_ids_and_line_breaks():
    a = {"blocks": [{"type": "section", "block_id": "x" * 200, "text": {"type": "mrkdwn", "text": "a\nb"}}]}
    assert visible_chars(a) == 2 and visible_chars({"blocks": []}) == 0


# --- the summary ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FIXTURES))
def test_summary_fits_the_budget_and_slacks_limits(name):
    msg = render_summary(FIXTURES[name](), ref=REF, title="Profile " + "x" * 200)
    assert check_message(msg) == []
    assert len(msg["blocks"]) <= SUMMARY_BLOCKS and visible_chars(msg) <= SUMMARY_CHARS, visible_text(msg)
    nav = msg["blocks"][-1]
    assert [e["action_id"] for e in nav["elements"]][:3] == list(DETAILS) and nav["elements"][0]["value"] == REF


def test_summary_leads_with_the_verdict_why_costs_plan_and_one_question():
    rec = fx.self_host_restricted()
    shown = visible_text(render_summary(rec, ref=REF))
    assert shown.startswith("◆ Self-host — on-prem GPUs")
    assert ("Data residency: Restricted data (HIPAA PHI) must not leave your infrastructure "
            "(a hard constraint).") in shown
    assert "from your message: '400M tokens/day of HIPAA PHI'" in shown
    assert "Your API\nClaude Sonnet API\n$7,500/mo (restricted data must not leave your infrastructure)" in shown
    assert "Recommended\nOwn 4 × H100 (vLLM, fp8)\n$4,200/mo" in shown
    assert "Cheapest alternative\nRent 4 × H100\n$5,460/mo" in shown  # the possible one, not the ruled-out API
    assert "Break-even\n240M tokens/day (you: 300M)" in shown
    assert "Plan: 4 × H100 SXM 80GB · llama-3.3-70b · fp8 · vllm (2 replicas), headroom +73%" in shown
    assert "Confidence: high" in shown and "What time to first token do you need?" in shown
    assert "Decision path" not in shown and "amortisation" not in shown  # details wait for the buttons


def test_the_why_is_the_deciding_finding_or_the_conflict_or_the_headline():
    assert summarize(fx.api_low_volume()).why.startswith("Low volume: 5M tokens/day")  # the first reason against
    assert summarize(fx.conflict_restricted_frontier()).why.startswith("Conflict: Restricted data may not reach")
    assert "Way through: Run the best open-weight model" in summarize(fx.conflict_restricted_frontier()).why
    assert summarize(fx.sparse_low_confidence()).why == fx.sparse_low_confidence().headline


def test_recommended_option_and_alternative_follow_the_verdict():
    api = fx.api_low_volume()
    assert recommended_option(api).id == "api:claude-sonnet"
    assert cheapest_alternative(api, recommended_option(api)).id == "hosted:llama-70b"
    impossible = fx.impossible_hardware()
    assert recommended_option(impossible) is None  # no working plan: nothing to recommend at a price
    shown = visible_text(render_summary(impossible, ref=REF))
    assert "but no catalogued plan works yet" in shown and "Not possible: Needs 440 GB" in shown
    assert "Smallest working: 8 × H200" in shown and shown.startswith("◆ Self-host")  # :x: icon


def test_without_a_reference_there_are_no_detail_or_answer_buttons():
    msg = render_summary(fx.self_host_restricted())
    assert not [b for b in msg["blocks"] if b["type"] == "actions"]
    chat = render_summary(fx.self_host_restricted(), question_prefix="chat.1", answer_action="answer")
    answers = next(b for b in chat["blocks"] if b["type"] == "actions")
    assert answers["elements"][0]["action_id"] == "answer_latency_ms:0" and answers["elements"][0]["value"] == "200"


def test_the_question_gives_way_when_the_caller_needs_the_blocks():
    msg = render_summary(fx.self_host_restricted(), ref=REF, max_blocks=5)
    assert len(msg["blocks"]) == 5 and not any(b.get("block_id", "").endswith("_q") for b in msg["blocks"])


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=0, max_size=3000), st.text(min_size=0, max_size=3000), st.text(max_size=2000))
def test_any_title_lead_and_notes_stay_within_limits(title, note, lead):
    msg = render_summary(fx.huge(), ref=REF, title=title, lead=lead, notes=[note, note])
    assert check_message(msg) == [] and len(msg["blocks"]) <= SUMMARY_BLOCKS
    assert visible_chars(msg) <= SUMMARY_CHARS + 200  # the last shrink step keeps every part ≥ 20 characters


# --- details --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FIXTURES))
@pytest.mark.parametrize("action", list(DETAILS))
def test_every_detail_is_within_slacks_limits(name, action):
    for in_thread in (False, True):
        msg = render_detail(FIXTURES[name](), action, ref=REF, title="t" * 500, in_thread=in_thread, note="n" * 3000)
        assert check_message(msg) == [], check_message(msg)
        nav = msg["blocks"][-1]["elements"]
        assert action not in [e["action_id"] for e in nav]
        assert ("show_summary" in [e["action_id"] for e in nav]) is (not in_thread)


def test_each_detail_shows_its_part():
    rec = fx.self_host_restricted()
    reasoning = visible_text(render_detail(rec, "show_reasoning", ref=REF))
    assert "Decision path" in reasoning and "300M ≥ 240M" in reasoning and "Missing facts" in reasoning
    costs = visible_text(render_detail(rec, "show_costs", ref=REF, note="Break-even chart: in this thread."))
    assert "capex $120,000" in costs and "amortisation $2,310/mo" in costs and "Break-even: 240M" in costs
    assert "electricity $0.15/kWh" in costs and "Break-even chart: in this thread." in costs
    hardware = visible_text(render_detail(rec, "show_hardware", ref=REF))
    assert "TTFT 180 ms" in hardware and "38 tok/s per stream" in hardware and "headroom +73%" in hardware
    assert "What would flip the verdict" in hardware and "api below 240M tokens/day" in hardware
    with pytest.raises(ValueError):
        render_detail(rec, "show_everything", ref=REF)


def test_hardware_detail_shows_targets_and_hosting_when_the_engine_sets_them():
    rec = fx.self_host_restricted()
    plan = rec.deployment.model_copy()
    object.__setattr__(plan, "__dict__", {**plan.__dict__, "meets_targets": False, "hosting": "gpu_cloud"})
    rec.deployment = plan
    hardware = visible_text(render_detail(rec, "show_hardware", ref=REF))
    assert "misses your latency or speed target" in hardware and "runs on a GPU cloud" in hardware
    assert "misses your latency or speed target" in visible_text(render_summary(rec, ref=REF))
