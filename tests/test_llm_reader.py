"""The optional model-assisted reader against a local fake OpenAI-compatible server: good answers, garbage,
slow, down, errors; what leaves the process; and the conversation never saving a model-read fact unconfirmed."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest

from bot.chat import converse, save_team_profile, thread_profile
from bot.config import load_settings
from bot.core.parse import extract
from bot.core.parse_model import facts_of_reply, needs_model, schema
from bot.llm import OpenAICompatibleReader, read_message, reader_from
from bot.render.chat import CONFIRM_ACTION, render_turn
from bot.store import SqliteStore, Workspace
from tests.fakellm import FakeLLM
from tests.parse_support import catalogs

MESSAGE = "should we self-host our support bot? it handles lots of tickets for hospital staff"
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
WS = Workspace(None, "T1")
KEY = ("C1", "1700000000.000100")


def reader(url: str, timeout_s: float = 2.0) -> OpenAICompatibleReader:
    return OpenAICompatibleReader(url, "fake-llama", timeout_s)


@pytest.fixture
def store(tmp_path):
    with SqliteStore(tmp_path / "t.db") as s:
        yield s


def test_the_rules_leave_this_message_incomplete():
    assert needs_model(extract(MESSAGE, catalogs()))
    assert not needs_model(extract("hi there", catalogs()))


def test_good_answer_fills_only_what_the_rules_missed():
    reply = {"tokens_per_day": 40_000_000, "data_sensitivity": "restricted", "capability": "mid"}
    with FakeLLM(reply) as llm:
        ex = read_message(MESSAGE + ", no PHI", catalogs(), reader(llm.url))
    assert ex.facts["tokens_per_day"].value == 4e7 and ex.facts["tokens_per_day"].by == "model"
    assert "read by the model fake-llama" in ex.facts["tokens_per_day"].note
    assert ex.facts["data_sensitivity"].by == "rules"  # the rules read "no PHI": the model does not override
    assert ex.facts["data_sensitivity"].value != "restricted"


def test_invalid_fields_are_dropped_one_by_one(caplog):
    reply = {"tokens_per_day": -5, "capability": "galaxy-brain", "infra_skills": "basic", "favourite_colour": "red"}
    with FakeLLM(reply) as llm, caplog.at_level(logging.WARNING):
        ex = read_message(MESSAGE, catalogs(), reader(llm.url))
    assert ex.facts["infra_skills"].value == "basic"
    assert ("tokens_per_day" not in ex.facts and "capability" not in ex.facts) or ex.facts["capability"].by == "rules"
    assert any("dropped invalid facts" in r.message for r in caplog.records)


@pytest.mark.parametrize("mode", ["garbage", "error", "not json at all", '["a", "list"]'])
def test_garbage_and_errors_fall_back_to_the_rules_loudly_in_the_logs(mode, caplog):
    rules = extract(MESSAGE, catalogs())
    with FakeLLM(mode) as llm, caplog.at_level(logging.WARNING):
        ex = read_message(MESSAGE, catalogs(), reader(llm.url))
    assert ex.facts == rules.facts
    assert ex.warnings == rules.warnings  # silent in the answer
    assert any("model-assisted reading failed" in r.message for r in caplog.records)


def test_slow_model_times_out_and_the_rules_answer(caplog):
    rules = extract(MESSAGE, catalogs())
    with FakeLLM("slow") as llm, caplog.at_level(logging.WARNING):
        start = time.monotonic()
        ex = read_message(MESSAGE, catalogs(), reader(llm.url, timeout_s=0.3))
        took = time.monotonic() - start
    assert ex.facts == rules.facts
    assert took < 5  # bounded by the timeout, not by the model
    assert any("too slow" in getattr(r, "error", "") for r in caplog.records)


def test_model_down_falls_back_to_the_rules(caplog):
    with caplog.at_level(logging.WARNING):
        ex = read_message(MESSAGE, catalogs(), reader(FakeLLM.down_url()))
    assert ex.facts == extract(MESSAGE, catalogs()).facts
    assert any("unreachable" in getattr(r, "error", "") for r in caplog.records)


def test_only_the_message_instructions_and_schema_leave_the_process():
    with FakeLLM({}) as llm:
        read_message("<@U123> " + MESSAGE, catalogs(), reader(llm.url))
    (sent,) = llm.requests
    assert sent["path"] == "/v1/chat/completions"
    body = sent["body"]
    assert set(body) == {"model", "temperature", "messages", "response_format"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "<@U123> " + MESSAGE  # the message, as given to the reader
    assert body["response_format"]["json_schema"]["schema"] == schema()
    assert "team" not in schema()["properties"] and "assumptions" not in schema()["properties"]


def test_no_call_when_the_rules_read_everything_that_matters():
    full = ("30M tokens/day, internal docs, a small model is fine, we run vLLM ourselves, "
            "on-prem in our own data centre, data stays in the EU")
    with FakeLLM({"tokens_per_day": 1}) as llm:
        ex = read_message(full, catalogs(), reader(llm.url))
    assert llm.requests == []
    assert ex.facts["tokens_per_day"].value == 3e7


def test_reply_parsing_accepts_fenced_json_and_rejects_non_completions():
    facts, dropped = facts_of_reply({"choices": [{"message": {"content": '```json\n{"hosting": "on_prem"}\n```'}}]})
    assert facts == {"hosting": "on_prem"} and not dropped
    with pytest.raises(ValueError):
        facts_of_reply({"nope": 1})


def test_off_unless_both_settings_are_given(monkeypatch):
    assert reader_from(load_settings()) is None
    assert reader_from(load_settings(selfhost_llm_url="http://127.0.0.1:9/v1")) is None
    monkeypatch.setenv("SELFHOST_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SELFHOST_LLM_MODEL", "qwen3-8b")
    r = reader_from(load_settings())
    assert isinstance(r, OpenAICompatibleReader) and r.timeout_s == 2.0 and r.name == "qwen3-8b"


def test_conversation_uses_model_facts_but_saves_them_only_after_confirm(store):
    k = catalogs()
    with FakeLLM({"tokens_per_day": 40_000_000, "infra_skills": "mlops"}) as llm:
        turn = converse(store, k, WS, KEY, "U1", MESSAGE, NOW, reader=reader(llm.url))
    assert turn.model_facts == {"tokens_per_day": 4e7, "infra_skills": "mlops"}
    assert turn.recommendation is not None and turn.recommendation.profile["tokens_per_day"] == 4e7  # used
    assert "tokens_per_day" not in turn.facts  # ...but not the thread's own facts
    message = render_turn(turn)
    actions = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert CONFIRM_ACTION in {e["action_id"] for e in actions}
    assert "Read by the model" in str(message["blocks"])

    profile = thread_profile(store, WS, KEY)
    assert profile is None or profile.tokens_per_day is None  # Save now would not take the model's facts

    turn = converse(store, k, WS, KEY, "U1", "confirm", NOW)
    assert turn.model_facts == {} and turn.facts["tokens_per_day"] == 4e7
    record = save_team_profile(store, WS, KEY, "support", "U1", NOW)
    assert record.profile.tokens_per_day == 4e7 and record.profile.infra_skills == "mlops"


def test_a_later_stated_fact_replaces_the_pending_one(store):
    k = catalogs()
    with FakeLLM({"tokens_per_day": 40_000_000}) as llm:
        converse(store, k, WS, KEY, "U1", MESSAGE, NOW, reader=reader(llm.url))
        turn = converse(store, k, WS, KEY, "U1", "actually it's 5M tokens/day", NOW, reader=reader(llm.url))
    assert turn.facts["tokens_per_day"] == 5e6
    assert "tokens_per_day" not in turn.model_facts
