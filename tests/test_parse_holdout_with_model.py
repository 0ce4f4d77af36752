"""`bench/parse_holdout.py --with-model` scores the reader the bot runs when SELFHOST_LLM_URL is set (the rules,
completed by the model where they left a fact out), against a local fake OpenAI-compatible server; without the
settings it says so in one sentence and exits 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from tests.fakellm import FakeLLM

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import parse_holdout as grader  # noqa: E402

# m001: the rules read no volume, the "model" answers 40M; m002: the rules read 30M and the model's 40M must not
# replace it (the model fills only what the rules left out)
MESSAGES = {"messages": [
    {"id": "m001", "text": "should we self-host our support bot? it handles lots of tickets for hospital staff",
     "facts": {"tokens_per_day": 40_000_000}, "tags": ["words"]},
    {"id": "m002", "text": "We do 30M tokens a day.", "facts": {"tokens_per_day": 30_000_000},
     "tags": ["scale_suffix"]},
]}


@pytest.fixture
def holdout(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(MESSAGES), encoding="utf-8")
    return path


def test_the_model_fills_what_the_rules_left_and_the_score_says_so(holdout: Path, monkeypatch, capsys) -> None:
    rules, _ = grader.run(holdout)
    assert [o.passed for o in rules] == [False, True]
    with FakeLLM({"tokens_per_day": 40_000_000}) as llm:
        monkeypatch.setenv("SELFHOST_LLM_URL", llm.url)
        monkeypatch.setenv("SELFHOST_LLM_MODEL", "fake-llama")
        assert grader.main(["--file", str(holdout), "--with-model"]) == 0
        asked = [r["body"]["messages"][-1]["content"] for r in llm.requests]
    out = capsys.readouterr().out
    assert "completed by the model fake-llama" in out
    assert "100.0% (2/2)" in out  # m001 from the model, m002 still the rules' 30M
    assert any("hospital staff" in text for text in asked)


def test_without_the_settings_it_says_so_and_scores_nothing(holdout: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SELFHOST_LLM_URL", raising=False)
    monkeypatch.delenv("SELFHOST_LLM_MODEL", raising=False)
    assert grader.main(["--file", str(holdout), "--with-model"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "set SELFHOST_LLM_URL and SELFHOST_LLM_MODEL" in captured.err
