"""Block Kit rendering of Recommendations: content, wording and Slack's limits."""

from __future__ import annotations

import re

import pytest

from bot.render.blocks import (
    answer_field,
    render_change,
    render_error,
    render_question,
    render_recommendation,
)
from bot.render.limits import check_message
from tests import fixtures_recs as fx


def texts(message: dict) -> list[str]:
    """Every piece of visible text in a message."""
    out = []
    for b in message["blocks"]:
        if isinstance(b.get("text"), dict):
            out.append(b["text"]["text"])
        out += [f["text"] for f in b.get("fields", [])]
        out += [e["text"]["text"] if isinstance(e.get("text"), dict) else e.get("text", "")
                for e in b.get("elements", [])]
    return out


def all_text(message: dict) -> str:
    return "\n".join(texts(message))


def duplicate_action_ids(blocks: list[dict]) -> list[str]:
    """Slack rejects two elements with the same action_id in one block (limits.py does not check it)."""
    dups = []
    for b in blocks:
        ids = [e.get("action_id") for e in b.get("elements", []) if e.get("action_id")]
        dups += [i for i in set(ids) if ids.count(i) > 1]
    return dups


TOKEN = re.compile(r"[\s*_~`'()…,.:;]+")


def cut_words(message: dict) -> list[str]:
    """Tokens that are a strict prefix of a fixture word: a word cut in the middle.

    Words of our own wording ("Way through") are taken from a small fixture's render.
    """
    ours = set(TOKEN.split(all_text(render_recommendation(fx.conflict_restricted_frontier()))))
    bad = []
    for token in TOKEN.split(all_text(message)):
        if token in ours or token in fx._WORDS:
            continue
        if len(token) >= 3 and any(w.startswith(token) for w in fx._WORDS):
            bad.append(token)
    return bad


@pytest.mark.parametrize("name", sorted(fx.ALL))
@pytest.mark.parametrize("full", [False, True])
def test_every_fixture_renders_within_slack_limits(name, full):
    message = render_recommendation(fx.ALL[name](), full=full, title="payments team")
    assert check_message(message) == []
    assert duplicate_action_ids(message["blocks"]) == []
    assert message["text"].strip()


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("self_host_restricted", ":house: Self-host — on-prem GPUs"),
        ("api_low_volume", ":cloud: Use the API"),
        ("hybrid", ":twisted_rightwards_arrows: Hybrid"),
    ],
)
def test_header_names_the_verdict(name, header):
    block = render_recommendation(fx.ALL[name]())["blocks"][0]
    assert block["type"] == "header"
    assert block["text"]["text"].startswith(header)


@pytest.mark.parametrize("name", ["self_host_restricted", "api_low_volume", "hybrid", "conflict"])
def test_every_finding_id_and_why_appears(name):
    rec = fx.ALL[name]()
    text = all_text(render_recommendation(rec))
    for f in [*rec.triggers, *rec.blockers]:
        assert f"`{f.id}`" in text
        assert f.why in text
        if f.source_text:
            assert f"from your message: '{f.source_text}'" in text
    for x in rec.conflicts:
        assert x.id in text and x.way_through in text


def test_key_figures_are_fields_with_formatted_money():
    message = render_recommendation(fx.self_host_restricted())
    fields = next(b["fields"] for b in message["blocks"] if "fields" in b)
    labels = {f["text"].split("\n")[0].strip("*"): f["text"].split("\n", 1)[1] for f in fields}
    assert labels["API"] == "$7,500/mo"
    assert labels["Self-host"] == "$4,200/mo"
    assert labels["Break-even"] == "240M tokens/day"
    assert labels["Volume"] == "300M tokens/day"
    assert labels["Confidence"] == "high"
    assert len(fields) <= 10


def test_costs_mark_cheapest_and_strike_impossible():
    rec = fx.impossible_hardware()
    text = all_text(render_recommendation(rec))
    assert "~Own 4 × H100 (vLLM, fp8) — $4,200/mo" in text
    assert "does not fit: 440 GB needed" in text
    cheapest_line = next(line for line in text.splitlines() if "*cheapest*" in line)
    assert "Rent 4 × H100" in cheapest_line
    assert "$1.10 / 1M" in text


def test_impossible_plan_shows_reason_and_smallest_working_config():
    text = all_text(render_recommendation(fx.impossible_hardware()))
    assert ":x: *Not possible:* Needs 440 GB; 2 × RTX 4090 hold 48 GB." in text
    assert "*Smallest working config:* 8 × H200 141GB (tensor parallel)" in text
    assert "Physically possible" not in text


def test_path_steps_are_numbered_in_order():
    rec = fx.self_host_restricted()
    text = all_text(render_recommendation(rec))
    positions = [text.index(f"*{i}.* {s.question}") for i, s in enumerate(rec.path, 1)]
    assert positions == sorted(positions)
    assert "`data_sensitivity` = restricted" in text


def test_sparse_profile_lists_missing_facts_in_order_and_no_costs():
    rec = fx.sparse_low_confidence()
    text = all_text(render_recommendation(rec))
    positions = [text.index(m.question) for m in rec.missing]
    assert positions == sorted(positions)
    assert "Cost comparison" not in text
    assert "Confidence: *low*" in text


def test_context_line_has_as_of_dates():
    message = render_recommendation(fx.self_host_restricted())
    context = next(b for b in message["blocks"] if b["type"] == "context")
    assert "hardware 2025-05-01" in context["elements"][0]["text"]
    assert len(context["elements"]) <= 10


def test_huge_fixture_summarises_steps_and_cuts_no_word():
    message = render_recommendation(fx.huge())
    assert len(message["blocks"]) <= 50
    assert check_message(message) == []
    text = all_text(message)
    assert "…and 28 more steps (see the full reasoning with `/selfhost recommend --full`)" in text
    assert cut_words(message) == []


def test_huge_fixture_in_full_stays_within_limits_without_cut_words():
    message = render_recommendation(fx.huge(), full=True)
    assert check_message(message) == []
    assert cut_words(message) == []
    assert "*40.*" in all_text(message) or "more steps" in all_text(message)


def test_actions_follow_the_flags():
    def action_ids(message):
        return [e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]

    rec = fx.api_low_volume()
    assert action_ids(render_recommendation(rec)) == ["post_to_channel", "profile_edit", "rerun"]
    assert action_ids(render_recommendation(rec, ephemeral_actions=False)) == ["profile_edit", "rerun"]
    assert action_ids(render_recommendation(rec, actions=False)) == []


def test_user_text_is_escaped_for_mrkdwn():
    rec = fx.api_low_volume()
    rec.blockers[0].why = "costs <@U123> & <!channel> more"
    text = all_text(render_recommendation(rec))
    assert "&lt;@U123&gt; &amp; &lt;!channel&gt;" in text
    assert "<!channel>" not in text


def test_question_has_one_button_per_option_with_unique_action_ids():
    missing = fx.sparse_low_confidence().missing[0]
    blocks = render_question(missing, "q1")
    assert check_message({"text": "q", "blocks": blocks}) == []
    buttons = blocks[1]["elements"]
    assert [b["value"] for b in buttons] == ["public", "internal", "confidential", "restricted"]
    assert {answer_field(b["action_id"]) for b in buttons} == {"data_sensitivity"}
    assert duplicate_action_ids(blocks) == []
    assert answer_field("rerun") is None


def test_question_without_options_asks_for_a_reply():
    missing = fx.sparse_low_confidence().missing[0].model_copy(update={"options": []})
    blocks = render_question(missing, "q2")
    assert check_message({"text": "q", "blocks": blocks}) == []
    assert all(b["type"] != "actions" for b in blocks)


def test_error_and_change():
    error = render_error("tokens_per_day: 'lots' is not a number like 100M.")
    assert check_message(error) == []
    assert "tokens_per_day" in error["text"]
    block = render_change("api", "self_host", ["50M → 500M tokens/day crosses the 240M break-even"])
    assert block["text"]["text"].endswith(
        "Verdict `api` → `self_host`: 50M → 500M tokens/day crosses the 240M break-even")
    assert check_message({"text": "x", "blocks": [block]}) == []


def test_max_blocks_leaves_room_for_the_caller_and_keeps_the_context_line():
    for budget in (6, 12, 20):
        message = render_recommendation(fx.huge(), max_blocks=budget)
        assert len(message["blocks"]) <= budget
        assert check_message(message) == []
        assert [b["type"] for b in message["blocks"]][-2:] == ["context", "actions"]
    small = render_recommendation(fx.huge(), max_blocks=12)
    assert "*Why*" in all_text(small)  # the first parts are kept, the last ones dropped
