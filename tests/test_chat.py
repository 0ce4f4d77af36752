"""converse() over a real SQLite store: questions, answers, changes explained, concepts, team profiles."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat import apply_answer, converse, read_answer, save_team_profile
from bot.core.units import DAYS_PER_MONTH
from bot.render.chat import blocks_to_text, render_turn, render_turn_text, thread_of_block
from bot.render.limits import check_message
from bot.store import SqliteStore, Workspace

WS = Workspace(None, "T1")
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
KEY = ("C1", "1700000000.000100")


@pytest.fixture
def store(tmp_path):
    with SqliteStore(tmp_path / "chat.db") as s:
        yield s


def say(store, knowledge, text, key=KEY):
    turn = converse(store, knowledge, WS, key, "U1", text, NOW)
    message = render_turn(turn)
    assert check_message(message) == [], text
    assert render_turn_text(turn, color=False)
    return turn


def test_asks_for_volume_when_it_is_missing_then_answers(store, knowledge):
    turn = say(store, knowledge, "<@UBOT> should we self-host our support bot? EU customer data")
    assert turn.kind == "question"
    assert turn.question.field == "tokens_per_day"
    assert turn.facts == {"data_sensitivity": "confidential", "data_region": "eu"}
    assert turn.sources["data_sensitivity"] in ("EU customer data", "EU")  # the region lock or the data type
    buttons = next(b for b in render_turn(turn)["blocks"] if b["type"] == "actions")["elements"]
    assert [b["value"] for b in buttons] == ["1M", "10M", "100M", "1B"]
    assert thread_of_block(render_turn(turn)["blocks"][1]["block_id"]) == KEY[1]

    turn = say(store, knowledge, "about 5M tokens/day")  # (50M self-hosts on gpt-oss-120b, today's default)
    assert turn.kind == "answer" and turn.recommendation.verdict == "api"
    assert turn.facts["tokens_per_day"] == 5e6 and turn.facts["data_sensitivity"] == "confidential"
    assert turn.question is None or turn.question.field != "tokens_per_day"  # never asked twice
    state = store.threads.get(WS, *KEY)
    assert state.last_verdict == "api" and len(state.history) == 2


def test_correction_changes_the_verdict_and_names_the_break_even(store, knowledge_without_hosts):
    knowledge = knowledge_without_hosts
    say(store, knowledge, "we do 20M tokens/day of internal data, 70B is good enough")
    turn = say(store, knowledge, "actually it's 2B/day")
    assert turn.recommendation.verdict == "self_host"
    change = turn.change
    assert (change.old_verdict, change.new_verdict) == ("api", "self_host")
    assert "20M → 2B tokens/day crosses the" in change.reasons[0] and "break-even" in change.reasons[0]
    assert [f.field for f in change.facts] == ["tokens_per_day"]
    text = blocks_to_text(render_turn(turn)["blocks"])
    assert "Verdict `api` → `self_host`" in text or "Verdict api → self_host" in text
    assert "from your message: '2B/day'" in text


def test_request_rate_asks_for_tokens_per_request_and_multiplies(store, knowledge):
    turn = say(store, knowledge, "should we run our own Llama? about 2M chats a month, EU customer data")
    assert turn.kind == "question" and turn.question.field == "tokens_per_request"
    turn = say(store, knowledge, "about 1,500 tokens each")
    assert turn.kind == "answer"
    assert turn.facts["tokens_per_day"] == pytest.approx(2e6 / DAYS_PER_MONTH * 1500, rel=1e-3)
    assert "requests/day ×" in turn.sources["tokens_per_day"]


def test_button_answer_continues_the_thread(store, knowledge):
    say(store, knowledge, "we do 100M tokens/day")
    turn = apply_answer(store, knowledge, WS, KEY, "U2", "data_sensitivity", "restricted", NOW)
    assert turn.recommendation.verdict == "self_host"
    assert turn.change.verdict_changed and any("restricted" in r for r in turn.change.reasons)
    assert store.threads.get(WS, *KEY).facts["profile"]["data_sensitivity"] == "restricted"


def test_bare_reply_answers_the_question(store, knowledge):
    say(store, knowledge, "should we self-host?")
    assert say(store, knowledge, "100M").facts["tokens_per_day"] == 100e6
    assert say(store, knowledge, "restricted").facts["data_sensitivity"] == "restricted"


def test_bad_button_value_is_one_sentence_naming_the_field(store, knowledge):
    turn = apply_answer(store, knowledge, WS, KEY, "U1", "tokens_per_day", "lots", NOW)
    assert turn.kind == "error" and turn.error.startswith("tokens_per_day")
    assert store.threads.get(WS, *KEY) is None  # nothing stored from a bad answer


def test_at_most_three_questions_per_thread(store, knowledge):
    asked = []
    for text in ["should we self-host?", "10M", "hmm", "ok", "well", "fine"]:
        turn = say(store, knowledge, text)
        if turn.question:
            asked.append(turn.question.field)
    assert len(asked) == len(set(asked)) <= 3


@pytest.mark.parametrize("question, entry", [
    ("what is quantisation?", "quant"),
    ("what are the five triggers?", "trigger"),
    ("how much VRAM for 70B?", ""),
])
def test_concept_questions_are_answered_from_the_knowledge_base(store, knowledge, question, entry):
    turn = say(store, knowledge, question)
    assert turn.kind == "concept" and turn.concept.found
    assert entry in (turn.concept.entry_id or "")
    assert store.threads.get(WS, *KEY).facts["profile"] == {}  # a concept question adds no facts


def test_unknown_concept_is_an_honest_i_dont_know(store, knowledge):
    turn = say(store, knowledge, "what is the capital of France?")
    assert turn.kind == "concept" and not turn.concept.found
    assert "I don't know that" in blocks_to_text(render_turn(turn)["blocks"])
    assert turn.concept.alternatives


def test_reset_forgets_the_thread(store, knowledge):
    say(store, knowledge, "we do 100M tokens/day")
    assert say(store, knowledge, "start over").kind == "reset"
    assert say(store, knowledge, "should we self-host?").question.field == "tokens_per_day"


def test_threads_are_separate(store, knowledge):
    say(store, knowledge, "we do 100M tokens/day", key=("C1", "1.1"))
    assert say(store, knowledge, "should we self-host?", key=("C1", "2.2")).kind == "question"


def test_save_team_profile_binds_the_channel_and_records_the_clicker(store, knowledge):
    say(store, knowledge, "team payments, 300M tokens/day, HIPAA")
    record = save_team_profile(store, WS, KEY, "ml-infra", "U9", NOW)
    assert store.profiles.bound(WS, "C1").name == record.name
    assert record.profile.tokens_per_day == 300e6 and record.created_by == "U9" and record.version == 1


@pytest.mark.parametrize("field, text, expected", [
    ("data_sensitivity", "it is restricted data", "restricted"),
    ("fine_tuned", "yes we do", True),
    ("fine_tuned", "no", False),
    ("latency_ms", "under 200 ms", 200.0),
    ("tokens_per_request", "roughly 2k", 2000.0),
    ("connectivity", "no idea", None),
])
def test_read_answer(field, text, expected):
    from bot.chat import _options

    assert read_answer(field, text, _options(field)) == expected


def test_any_text_gets_an_answer_within_slack_limits(tmp_path, knowledge):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(["50M", "tokens/day", "actually", "HIPAA", "no", "restricted", "1e400", "nan", "?",
                             "what is", "quantisation", "70B", "offline", "٣", "reset", "yes", "2M chats a month"])
    text = st.one_of(st.text(max_size=60), st.lists(words, max_size=8).map(" ".join))

    with SqliteStore(tmp_path / "fuzz.db") as store:
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(text, min_size=1, max_size=3))
        def run(messages):
            for message in messages:
                turn = converse(store, knowledge, WS, ("C9", "9.9"), "U1", message, NOW)
                assert check_message(render_turn(turn)) == []
                assert render_turn_text(turn, color=False) is not None
            store.threads.delete(WS, "C9", "9.9")

        run()
