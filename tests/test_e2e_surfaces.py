"""End to end: recommend, cost, hardware, prices, Re-run and Post to channel through the signed HTTP server."""

from __future__ import annotations

from surface_support import all_payloads_within_limits, ask, texts

from bot.core.knowledge import load
from bot.store import Workspace

WS = Workspace(None, "T1")
MESSAGE = "400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team"


def test_recommend_with_text_quotes_spans_and_is_logged(slack_app):
    body = ask(slack_app, f"recommend {MESSAGE}")
    shown = texts(body["blocks"])
    assert body["blocks"][0]["type"] == "header" and "Self-host" in body["blocks"][0]["text"]["text"]
    assert "from your message: 'PHI'" in shown  # the deciding finding, in the summary
    actions = next(b for b in body["blocks"] if b.get("block_id") == "rec_nav")
    assert {e["action_id"] for e in actions["elements"]} == {"show_reasoning", "show_costs", "show_hardware",
                                                              "profile_edit", "rerun"}
    ref = actions["elements"][0]["value"]
    share = body["blocks"][-1]
    assert share["block_id"] == "share" and share["elements"][0]["value"] == ref
    (logged,) = slack_app.store.recommendations.list(WS)
    assert logged.verdict == "self_host" and logged.channel_id == "C1" and ref == f"rec:{logged.id}:" + \
        logged.details["nonce"]
    assert logged.monthly_costs["api"] > logged.monthly_costs["self_host"] > 0
    assert logged.monthly_costs["tokens_per_day"] == 4e8
    slack_app.sender.button("show_reasoning", ref, block_id="rec_nav", response_url=slack_app.fake.response_url("r"))
    reasoning = slack_app.fake.wait_for("response_url", 2)[1].body
    assert "from your message: '400M tokens/day'" in texts(reasoning["blocks"])  # every quote, in the reasoning


def test_recommend_without_text_or_profile_says_how_to_start(slack_app):
    body = ask(slack_app, "recommend")
    assert "no workload profile yet" in body["text"] and "/selfhost profile set" in body["text"]
    assert slack_app.store.recommendations.list(WS) == []


def test_recommend_merges_the_message_over_the_channel_profile(slack_app):
    ask(slack_app, "profile set team=payments tokens_per_day=5M data_sensitivity=public capability=mid")
    body = ask(slack_app, "recommend it is HIPAA PHI")
    assert "Profile payments + your message" in texts(body["blocks"])
    assert "from your message: 'PHI'" in texts(body["blocks"])
    (logged,) = slack_app.store.recommendations.list(WS)
    assert logged.profile_name == "payments" and logged.verdict == "self_host"
    assert slack_app.store.profiles.get(WS, "payments").profile.data_sensitivity == "public"  # not saved


def test_recommend_text_without_facts_is_a_friendly_sentence(slack_app):
    body = ask(slack_app, "recommend hello there")
    assert body["text"].startswith("I found no workload facts") and "blocks" not in body


def test_rerun_refreshes_the_ephemeral_answer(slack_app):
    ask(slack_app, f"recommend {MESSAGE}")
    url = slack_app.fake.response_url("rerun")
    r = slack_app.sender.button("rerun", f"recommend {MESSAGE}", block_id="rec_actions", response_url=url)
    assert r.status == 200
    answer = slack_app.fake.wait_for("response_url", 2)[1].body
    assert answer["replace_original"] is True
    assert "Self-host" in answer["blocks"][0]["text"]["text"]
    assert len(slack_app.store.recommendations.list(WS)) == 2


def test_rerun_from_another_surface_uses_the_channel_profile(slack_app):
    ask(slack_app, "profile set team=payments tokens_per_day=50M")
    slack_app.sender.button("rerun", "recommendation", block_id="rec_actions", ephemeral=False,
                            response_url=slack_app.fake.response_url("rerun"))
    answer = slack_app.fake.wait_for("response_url", 2)[1].body
    assert answer["replace_original"] is False and "Profile payments" in texts(answer["blocks"])
    assert slack_app.store.recommendations.last(WS, "payments") is not None
    slack_app.sender.button("rerun", "recommendation", block_id="rec_actions", channel_id="C9",
                            response_url=slack_app.fake.response_url("rerun"))
    refused = slack_app.fake.wait_for("response_url", 3)[2].body
    assert refused["text"].startswith("I can't tell what to re-run here")


def test_post_to_channel_posts_the_same_blocks(slack_app):
    first = ask(slack_app, f"recommend {MESSAGE}")
    value = first["blocks"][-1]["elements"][0]["value"]
    slack_app.sender.button("post_to_channel", value, block_id="share",
                            response_url=slack_app.fake.response_url("share"))
    (post,) = slack_app.fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "C1" and post.body["text"] == first["text"]
    assert post.body["blocks"][:-1] == first["blocks"][:-1]  # the share button gives way to "Shared by"
    assert "Shared by <@U1>" in texts(post.body["blocks"][-1:])
    assert slack_app.fake.wait_for("response_url", 2)[1].body["delete_original"] is True
    all_payloads_within_limits(slack_app)


def test_cost_replies_with_options_and_break_even(slack_app):
    body = ask(slack_app, "cost 100M output 0.3 vs gpt-4o model llama 3.1 70b on H100")
    shown = texts(body["blocks"])
    assert body["blocks"][0]["text"]["text"] == "Cost at 100M tokens/day: Llama 3.1 70B vs GPT-4o"
    assert "GPT-4o (openai)" in shown and "H100 SXM" in shown and "← cheapest" in shown
    assert "Break-even:" in shown and "*Output share*\n30%" in shown


def test_cost_on_an_api_name_and_bad_input(slack_app):
    body = ask(slack_app, "cost 50M tokens/day on gpt-4o-mini")
    assert "vs GPT-4o mini" in body["blocks"][0]["text"]["text"]
    bad = ask(slack_app, "cost lots vs gpt-4o")
    assert bad["text"].startswith("I can't read 'lots' as tokens per day")
    unknown = ask(slack_app, "cost 10M on H1000")
    assert "Unknown hardware 'H1000'" in unknown["text"] and "Closest:" in unknown["text"]


def test_hardware_replies_with_the_estimate(slack_app):
    body = ask(slack_app, "hardware llama 3.1 70b FP8 on H100 x2")
    head = body["blocks"][0]["text"]["text"]
    assert "Fits" in head and "2 × H100 SXM" in head and "FP8" in head
    assumed = ask(slack_app, "hardware llama-3.1-8b on rtx 4090")
    assert "Q4_K_M assumed" in texts(assumed["blocks"])
    unknown = ask(slack_app, "hardware lama 3.1 70b")
    assert "Unknown model" in unknown["text"] and "Closest:" in unknown["text"]


def test_prices_lists_the_catalog_and_filters(slack_app):
    body = ask(slack_app, "prices")
    shown = texts(body["blocks"])
    for name in ("GPT-4o", "Claude Sonnet 4", "Gemini 2.5 Pro"):
        assert name in shown
    current = [p for p in load().prices if not p.deprecated]  # genai-prices' current chat models + ours
    assert f"{len(current)} models" in body["text"]
    only = ask(slack_app, "prices anthropic")
    assert "Claude" in texts(only["blocks"]) and "GPT-4o" not in texts(only["blocks"])
    none = ask(slack_app, "prices zzzz-nothing")
    assert none["text"].startswith("No API model matches 'zzzz-nothing'")
    assert all_payloads_within_limits(slack_app) >= 3
