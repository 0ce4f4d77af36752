"""A regression floor for the free-text reader on its tuning sets: a message that reads right today keeps reading right.

The tuning sets (tests/data/parse_tuning*.yaml, and the retired held-out sets v1-v4) are the messages the reader
may be developed against, so their
score is not a result (the held-out sets in docs/benchmarks.md are). What this test guards is the ratchet: every
message not listed in tests/data/parse_known_failures.yaml must pass the grader's rules
(bench/parse_holdout.py). When a change fixes a listed message, remove it from the list; a change that breaks a
message that passed fails here, with the expected and read facts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import load
from bot.core.parse import extract

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import parse_holdout as grader  # noqa: E402

DATA = ROOT / "tests" / "data"
KNOWN = yaml.safe_load((DATA / "parse_known_failures.yaml").read_text(encoding="utf-8"))["known_failures"]
# Held-out sets whose last held-out score is recorded (docs/benchmarks.md) and that are tuning data since
# (their headers say when): the floor guards them like the tuning sets.
RETIRED = [DATA / "parse_holdout.yaml", DATA / "parse_holdout_v2.yaml", DATA / "parse_holdout_v3.yaml",
           DATA / "parse_holdout_v4.yaml", DATA / "parse_holdout_v5.yaml", DATA / "parse_holdout_v6.yaml"]
TUNING = sorted(DATA.glob("parse_tuning*.yaml")) + RETIRED


@pytest.fixture(scope="module")
def knowledge():  # type: ignore[no-untyped-def]
    return load()


def test_the_known_failures_name_tuning_files_only() -> None:
    assert set(KNOWN) <= {p.name for p in TUNING}
    assert all(p.name in KNOWN for p in TUNING), "every tuning file has an entry (an empty list when all pass)"


@pytest.mark.parametrize("path", TUNING, ids=lambda p: p.stem)
def test_messages_that_read_right_keep_reading_right(path: Path, knowledge) -> None:  # type: ignore[no-untyped-def]
    names = grader.Names(knowledge)
    known = set(KNOWN[path.name])
    messages = grader.load_messages(path)
    assert known <= {m["id"] for m in messages}, "a known failure names a message that is not in the file"
    broken = []
    for msg in messages:
        if msg["id"] in known:
            continue
        outcome = grader.score_message(msg, extract, knowledge, names)
        if not outcome.passed:
            broken.append(f"{msg['id']}: {outcome.problems}")
    assert not broken, "messages that passed before now fail:\n" + "\n".join(broken)
