"""Slack limits checker and the word-safe splitter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.limits import check_message, check_view, split_text
from bot.slack.help import help_reply


def section(text: str, **kw) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **kw}


def msg(*blocks: dict, text: str = "fallback") -> dict:
    return {"text": text, "blocks": list(blocks)}


def test_a_small_valid_message_passes():
    assert check_message(msg(section("hello"))) == []


@pytest.mark.parametrize("payload,needle", [
    (msg(*[section("x")] * 51), "51 blocks (limit 50)"),
    (msg(section("x" * 3001)), "3001 characters (limit 3000)"),
    (msg({"type": "section", "fields": [{"type": "mrkdwn", "text": "a"}] * 11}), "11 fields"),
    (msg({"type": "section", "fields": [{"type": "mrkdwn", "text": "a" * 2001}]}), "field 0 is 2001"),
    (msg({"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}), "header is 151"),
    (msg({"type": "header", "text": {"type": "mrkdwn", "text": "h"}}), "must be plain_text"),
    (msg({"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}), "11 elements"),
    (msg({"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "b"}, "action_id": f"a{i}"}
        for i in range(26)]}), "26 elements"),
    (msg(section("x", block_id="b" * 256)), "block_id longer than 255"),
    (msg({"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "b"}, "action_id": "a" * 256}]}),
     "action_id longer than 255"),
    (msg(section("x", block_id="same"), section("y", block_id="same")), "duplicate block_id"),
    (msg(section("x"), text=""), "no fallback text"),
    ({"blocks": [section("x")]}, "no fallback text"),
    (msg(section("   ")), "needs text or fields"),
    (msg({"text": "no type"}), "needs a type"),
])
def test_each_limit_is_reported(payload, needle):
    problems = check_message(payload)
    assert any(needle in p for p in problems), problems


def test_at_the_limits_is_fine():
    payload = msg(
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        section("x" * 3000, block_id="b" * 255),
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2000}] * 10},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 10},
        *[section(str(i)) for i in range(46)],
    )
    assert check_message(payload) == []


def test_views():
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 24},
             "blocks": [section(str(i)) for i in range(100)]}
    assert check_view(modal) == []
    assert any("title is 25" in p for p in check_view({**modal, "title": {"type": "plain_text", "text": "t" * 25}}))
    assert any("101 blocks" in p for p in check_view({**modal, "blocks": modal["blocks"] + [section("x")]}))
    assert any("private_metadata" in p for p in check_view({**modal, "private_metadata": "m" * 3001}))
    assert any("view type" in p for p in check_view({**modal, "type": "message"}))
    home = {"type": "home", "blocks": [section("x")]}
    assert check_view(home) == []
    inputs = {**modal, "blocks": [{"type": "input", "label": {"type": "plain_text", "text": "l"},
                                   "element": {"type": "plain_text_input", "action_id": "v"}}]}
    assert any("submit" in p for p in check_view(inputs))


def test_help_message_is_within_limits():
    for unknown in (None, "", "profil", "x" * 3000):
        reply = help_reply(unknown)
        assert check_message({"text": reply.text, "blocks": reply.blocks}) == []


# --- split_text --------------------------------------------------------------------------------------

def test_split_prefers_paragraphs_then_lines_then_words():
    text = "first paragraph here\n\nsecond one\nwith two lines"
    assert split_text(text, 25) == ["first paragraph here", "second one\nwith two lines"]
    assert split_text(text, 15) == ["first paragraph", "here", "second one", "with two lines"]
    assert split_text("short", 100) == ["short"]
    assert split_text("   ", 10) == []


def test_only_a_word_longer_than_the_limit_is_cut():
    assert split_text("ab " + "x" * 12, 5) == ["ab", "xxxxx", "xxxxx", "xx"]


def test_limit_must_be_positive():
    with pytest.raises(ValueError, match="limit"):
        split_text("x", 0)


words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=800), st.integers(min_value=1, max_value=200))
def test_split_properties(text, limit):
    chunks = split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert all(c == c.strip() for c in chunks)
    if all(len(w) <= limit for w in text.split()):
        assert " ".join(chunks).split() == text.split()  # no word cut, none lost, order kept
    else:
        assert re.sub(r"\s", "", "".join(chunks)) == re.sub(r"\s", "", text)  # nothing lost
