"""The model-assisted reader's failure modes and validation, against a local fake OpenAI-compatible server (no
network): whatever the model does, the rules' reading stands and the log says why in one sentence; what the
model reads passes the same profile rules as every other entrance."""

from __future__ import annotations

import logging
import time

import pytest

from bot.core.parse import extract
from bot.core.parse_model import facts_of_reply
from bot.core.profile import ProfileError, build_profile
from bot.llm import OpenAICompatibleReader, read_message
from tests.fakellm import FakeLLM
from tests.parse_support import catalogs

MESSAGE = "should we self-host our support bot? it handles lots of tickets for hospital staff"
SECRET = "sk-test-do-not-log-0123456789"


def reader(url: str, timeout_s: float = 2.0, api_key: str | None = None) -> OpenAICompatibleReader:
    return OpenAICompatibleReader(url, "fake-llama", timeout_s, api_key)


def failure_logs(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "model-assisted reading" in r.getMessage()]


def rules_stand(ex, text: str = MESSAGE) -> None:
    rules = extract(text, catalogs())
    assert ex.facts == rules.facts and ex.warnings == rules.warnings and ex.language == rules.language
    assert all(f.by == "rules" for f in ex.facts.values())


@pytest.mark.parametrize(("mode", "reason"), [
    (401, "HTTP 401"), (404, "HTTP 404"), (429, "HTTP 429"), (503, "HTTP 503"),
    ("redirect", "HTTP 307"),
    ("huge", "larger than 1 MB"),
    ("deep", "nested too deep"),
    ('{"tokens_per_day": 4e7', "not JSON"),
    ("", "not JSON"),
    ("[1, 2]", "not an object"),
])
def test_each_failure_leaves_the_rules_answer_and_one_sentence_in_the_log(mode, reason, caplog):
    with FakeLLM(mode) as llm, caplog.at_level(logging.WARNING):
        ex = read_message(MESSAGE, catalogs(), reader(llm.url))
    rules_stand(ex)
    (record,) = failure_logs(caplog)
    line = record.getMessage()
    assert reason in line and "fake-llama" in line and line.endswith("the answer uses the rules alone")
    assert "\n" not in line


def test_a_redirect_is_not_followed_so_the_message_goes_nowhere_else(caplog):
    with FakeLLM("redirect") as llm, caplog.at_level(logging.WARNING):
        read_message(MESSAGE, catalogs(), reader(llm.url))
    assert [r["path"] for r in llm.requests] == ["/v1/chat/completions"]


def test_a_server_trickling_bytes_cannot_hold_the_answer_past_the_timeout(caplog):
    with FakeLLM("trickle") as llm, caplog.at_level(logging.WARNING):
        start = time.monotonic()
        ex = read_message(MESSAGE, catalogs(), reader(llm.url, timeout_s=0.3))
        took = time.monotonic() - start
    rules_stand(ex)
    assert took < 5  # the whole body would take ~10 s at a byte per 50 ms
    assert "too slow" in failure_logs(caplog)[0].getMessage()


def test_a_crashing_reader_costs_nothing_but_a_log_line(caplog):
    class Broken:
        name = "broken"

        def read(self, text: str) -> dict:
            raise ZeroDivisionError("bug")

    with caplog.at_level(logging.WARNING):
        ex = read_message(MESSAGE, catalogs(), Broken())
    rules_stand(ex)
    (record,) = failure_logs(caplog)
    assert record.levelno == logging.ERROR and "crashed (broken: ZeroDivisionError)" in record.getMessage()


def test_the_api_key_is_sent_as_a_bearer_token_and_never_logged(caplog):
    with FakeLLM(500) as llm, caplog.at_level(logging.DEBUG):
        read_message(MESSAGE, catalogs(), reader(llm.url, api_key=SECRET))
    assert llm.requests[0]["auth"] == f"Bearer {SECRET}"
    assert failure_logs(caplog)
    assert all(SECRET not in r.getMessage() and SECRET not in str(r.__dict__) for r in caplog.records)


# --- the model's facts obey the rules every entrance obeys ------------------------------------------

BAD_VALUES = [
    ("tokens_per_day", float("nan")), ("tokens_per_day", float("inf")), ("tokens_per_day", -1),
    ("tokens_per_day", 1e30), ("output_share", 1.5), ("peak_to_average", 0.5), ("latency_ms", 0),
    ("hardware_count", 0), ("hardware_count", 10**9), ("monthly_api_spend_usd", -20),
    ("min_tokens_per_s", float("-inf")), ("capability", "galaxy-brain"), ("data_region", "mars"),
    ("compliance", ["hipaa", "iso-9001"]), ("infra_skills", {"nested": "object"}), ("api_model", "gpt\u202e4o"),
]


@pytest.mark.parametrize(("field", "value"), BAD_VALUES, ids=[f"{f}={v!r}"[:40] for f, v in BAD_VALUES])
def test_a_value_any_entrance_would_refuse_is_dropped(field, value):
    with pytest.raises(ProfileError):
        build_profile({field: value})  # what the CLI, the modal and profile import say to it
    with FakeLLM({field: value, "infra_skills": "basic"} if field != "infra_skills" else {field: value}) as llm:
        ex = read_message(MESSAGE, catalogs(), reader(llm.url))
    assert field not in ex.facts or ex.facts[field].by == "rules"


def test_numbers_as_strings_go_through_the_same_quantity_grammar():
    facts, dropped = facts_of_reply({"choices": [{"message": {"content": '{"tokens_per_day": "40M"}'}}]})
    assert facts == {"tokens_per_day": 4e7} and dropped == []


def test_model_names_become_catalog_ids_and_unknown_ones_are_dropped(caplog):
    reply = {"api_model": "gpt-4o", "open_model": "totally-made-up-model-9000", "hardware": "h100"}
    with FakeLLM(reply) as llm, caplog.at_level(logging.WARNING):
        ex = read_message(MESSAGE, catalogs(), reader(llm.url))
    assert ex.facts["api_model"].value == "openai/gpt-4o" and ex.facts["api_model"].by == "model"
    assert catalogs().devices.find("h100").id == ex.facts["hardware"].value
    assert "open_model" not in ex.facts
    assert any("catalog does not know" in r.getMessage() for r in caplog.records)


def test_a_message_in_another_language_is_sent_and_the_rules_numbers_stay():
    text = "Wir verarbeiten etwa 50 Millionen Tokens pro Tag mit Kundendaten."
    rules = extract(text, catalogs())
    assert rules.language == "de" and rules.warnings  # the rules say they read English
    with FakeLLM({"tokens_per_day": 1e6, "data_sensitivity": "confidential"}) as llm:
        ex = read_message(text, catalogs(), reader(llm.url))
    assert len(llm.requests) == 1
    for field, fact in rules.facts.items():
        assert ex.facts[field] == fact  # what the rules read is never replaced by the model
    assert ex.facts["tokens_per_day"].value == 5e7 and ex.facts["data_sensitivity"].by == "model"
    assert ex.warnings == rules.warnings
