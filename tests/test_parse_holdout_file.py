"""The parser message files are well formed, and the grader scores by its rules.

The files share one schema: the frozen held-out sets (tests/data/parse_holdout.yaml, `hNNN`,
tests/data/parse_holdout_v2.yaml, `vNNN`, tests/data/parse_holdout_v3.yaml, `xNNN`, and
tests/data/parse_holdout_v4.yaml, `yNNN`, retired to tuning later on 2026-12-03, and
tests/data/parse_holdout_v5.yaml, `zNNN`, frozen on 2026-12-03 before the late session's parser work, and
tests/data/parse_holdout_v6.yaml, `kNNN`, frozen on 2026-12-03 before the night's parser work, and
tests/data/parse_holdout_v7.yaml, `mNNN`, frozen on 2026-12-03 before the late-night parser work) and
the tuning sets (tests/data/parse_tuning*.yaml, among them set G, `gNNN`, written 2026-12-03 night),
which the parser may be tuned on. Every file check below runs on
each of them.
Only the files and the grader are tested here, never the parser's score: the score is reported by
`python bench/parse_holdout.py [--file ...]` (docs/benchmarks.md), not asserted.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, get_args

import pytest
import yaml

from bot.core.profile import WorkloadProfile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # bench/ holds plain scripts, not a package

import parse_holdout as grader  # noqa: E402

DATA = ROOT / "tests" / "data"
# Fields the lead's contract adds to the profile (TEAM.md); the rest must be WorkloadProfile fields.
CONTRACT_FIELDS = {"hosting", "availability", "data_region", "compliance", "min_tokens_per_s"}


@dataclass(frozen=True)
class MessageFile:
    """One file of parser messages: where it is, how its ids start, how many it must hold, what its header says."""

    path: Path
    prefix: str
    minimum: int
    header_words: tuple[str, ...]


FILES = {
    "holdout": MessageFile(DATA / "parse_holdout.yaml", "h", 170,
                           ("held-out", "2026-12-02", "had not read the parser", "do not tune", "do not edit")),
    "holdout_v2": MessageFile(DATA / "parse_holdout_v2.yaml", "v", 200,
                              ("held-out v2", "2026-12-03", "had not read the parser", "do not tune", "do not edit",
                               "frozen before this session's parser work")),
    "holdout_v3": MessageFile(DATA / "parse_holdout_v3.yaml", "x", 200,
                              ("held-out v3", "2026-12-03", "had not read the parser", "do not tune", "do not edit",
                               "frozen before this session's parser work")),
    "holdout_v4": MessageFile(DATA / "parse_holdout_v4.yaml", "y", 220,
                              ("held-out v4", "2026-12-03", "had not read the parser", "do not tune", "do not edit",
                               "frozen before the evening's parser work")),
    "holdout_v5": MessageFile(DATA / "parse_holdout_v5.yaml", "z", 250,
                              ("held-out v5", "2026-12-03", "had not read the parser", "do not tune", "do not edit",
                               "frozen before the evening's parser work")),
    "holdout_v6": MessageFile(DATA / "parse_holdout_v6.yaml", "k", 250,
                              ("held-out v6", "2026-12-03", "had not read the parser", "do not tune", "do not edit",
                               "frozen before the night's parser work")),
    "holdout_v7": MessageFile(DATA / "parse_holdout_v7.yaml", "m", 250,
                              ("held-out v7", "2026-12-03", "had not read the parser", "do not tune", "do not edit",
                               "frozen before the late-night parser work", "by `holdout-v7`")),
    "tuning": MessageFile(DATA / "parse_tuning.yaml", "t", 220,
                          ("tuning", "2026-12-02", "had read neither the parser", "nor the held-out",
                           "may be developed and tuned")),
    "tuning_c": MessageFile(DATA / "parse_tuning_c.yaml", "c", 257,
                            ("tuning", "2026-12-03", "without reading the parser", "may be developed and tuned")),
    "tuning_b": MessageFile(DATA / "parse_tuning_b.yaml", "b", 290,
                            ("tuning", "2026-12-03", "had not read the parser", "nor the held-out",
                             "may be developed and tuned")),
    "tuning_d": MessageFile(DATA / "parse_tuning_d.yaml", "d", 250,
                            ("tuning", "2026-12-03", "had not read the parser", "nor the held-out",
                             "may be developed and tuned")),
    "tuning_e": MessageFile(DATA / "parse_tuning_e.yaml", "e", 250,
                            ("tuning", "2026-12-03", "had not read the parser", "nor the held-out",
                             "may be developed and tuned")),
    "tuning_f": MessageFile(DATA / "parse_tuning_f.yaml", "f", 200,
                            ("tuning set f", "2026-12-03", "had not read the parser", "without reading the parser",
                             "may be developed and tuned")),
    "tuning_g": MessageFile(DATA / "parse_tuning_g.yaml", "g", 200,
                            ("tuning set g", "2026-12-03", "had not read the parser", "without reading the parser",
                             "may be developed and tuned", "by `tuning-g`")),
}


@pytest.fixture(scope="module", params=sorted(FILES))
def spec(request) -> MessageFile:
    return FILES[request.param]


@pytest.fixture(scope="module")
def doc(spec) -> dict[str, Any]:
    return yaml.safe_load(spec.path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(doc) -> list[dict[str, Any]]:
    return doc["messages"]


def test_file_is_valid(doc):
    assert grader.validate(doc) == []


def test_enough_messages_with_unique_ids(spec, messages):
    ids = [m["id"] for m in messages]
    assert len(ids) >= spec.minimum
    assert len(set(ids)) == len(ids)
    assert all(i[0] == spec.prefix and i[1:].isdigit() and len(i) == 4 for i in ids)


def test_header_says_what_the_file_is_and_by_whom(spec):
    header = spec.path.read_text(encoding="utf-8").split("messages:", 1)[0].lower()
    for words in spec.header_words:
        assert words in header


def test_no_tuning_set_shares_a_message_with_a_held_out_set():
    texts = {name: {m["text"].strip().lower() for m in yaml.safe_load(f.path.read_text(encoding="utf-8"))["messages"]}
             for name, f in FILES.items()}
    held_out = [name for name in FILES if name.startswith("holdout")]
    for h in held_out:
        for t in (name for name in FILES if name not in held_out):
            shared = texts[h] & texts[t]  # only the shared texts are ever shown
            assert not shared, (h, t)


def used_fields(msg: dict[str, Any]) -> set[str]:
    return set(msg["facts"]) | set(msg.get("absent", [])) | set(msg.get("not", {}))


def test_every_field_is_a_profile_field_or_in_the_contract(messages):
    allowed = (set(WorkloadProfile.model_fields) - {"team", "assumptions"}) | CONTRACT_FIELDS
    unknown = {(m["id"], f) for m in messages for f in used_fields(m) if f not in allowed}
    assert unknown == set()


def literal_values(name: str) -> set[str]:
    info = WorkloadProfile.model_fields.get(name)
    args = get_args(info.annotation) if info else ()
    return {v for a in args for v in get_args(a) if isinstance(v, str)}


def test_choices_agree_with_the_profile_where_it_has_them(messages):
    for name in grader.ENUMS:
        allowed = literal_values(name)
        if allowed:  # a contract field the profile does not have yet is checked by the grader's table
            used = {m["facts"][name] for m in messages if name in m["facts"]}
            assert used <= allowed, name


def test_spread_of_lengths_languages_and_fact_counts(messages):
    words = [len(m["text"].split()) for m in messages]
    assert min(words) >= 3 and max(words) <= 80
    assert 6 <= sum(m.get("english") is False for m in messages) <= 12
    one = sum(len(m["facts"]) == 1 for m in messages) / len(messages)
    many = sum(len(m["facts"]) >= 4 for m in messages) / len(messages)
    assert 0.10 <= one <= 0.25 and many >= 0.15


def test_every_field_and_class_is_exercised(messages):
    expected = {f for m in messages for f in m["facts"]}
    assert expected == set(grader.FIELDS)
    tags = {t for m in messages for t in m["tags"]}
    assert tags == set(grader.TAGS)


BROKEN = [
    ("unknown field", lambda m: m["facts"].update(tokens_per_week=5)),
    ("outside", lambda m: m["facts"].update(output_share=1.5)),
    ("not one of", lambda m: m["facts"].update(capability="huge")),
    ("compliance", lambda m: m["facts"].update(compliance=["iso27001"])),
    ("true or false", lambda m: m["facts"].update(fine_tuned="yes")),
    ("expected and absent", lambda m: m.update(absent=list(m["facts"]))),
    ("english may only be false", lambda m: m.update(english=True)),
    ("unknown tag", lambda m: m.update(tags=["vibes"])),
    ("unknown key", lambda m: m.update(expected={})),
    ("non-empty string", lambda m: m.update(text="")),
]


@pytest.mark.parametrize(("why", "breakage"), BROKEN, ids=[b[0] for b in BROKEN])
def test_validator_names_each_broken_entry(doc, why, breakage):
    bad = copy.deepcopy(doc)
    breakage(bad["messages"][0])
    errors = grader.validate(bad)
    assert any(why in e and e.startswith(bad["messages"][0]["id"]) for e in errors), errors


def test_validator_catches_duplicate_ids(doc):
    bad = copy.deepcopy(doc)
    bad["messages"].append(copy.deepcopy(bad["messages"][0]))
    assert any("duplicate id" in e for e in grader.validate(bad))


# --- the grader's rules, against a hand-written reader (not the parser) ----------------------------------


def reader(facts: dict[str, Any], **extra: Any):
    """A stand-in reader returning fixed facts in the public shape (``.facts[name].value``)."""
    ex = SimpleNamespace(facts={k: SimpleNamespace(value=v) for k, v in facts.items()}, warnings=[], **extra)
    return lambda text, k: ex


def score(knowledge, msg: dict[str, Any], facts: dict[str, Any], **extra: Any) -> grader.Outcome:
    msg = {"id": "h999", "text": "x", "tags": ["spend"], **msg}
    return grader.score_message(msg, reader(facts, **extra), knowledge, grader.Names(knowledge))


def test_numbers_within_two_percent_names_through_the_catalog_lists_as_sets(knowledge):
    msg = {"facts": {"tokens_per_day": 1e8, "api_model": "GPT-4o", "compliance": ["soc2", "gdpr"]}}
    assert score(knowledge, msg, {"tokens_per_day": 1.019e8, "api_model": "gpt-4o",
                                  "compliance": ["gdpr", "soc2"]}).passed
    assert not score(knowledge, msg, {"tokens_per_day": 1.03e8, "api_model": "gpt-4o",
                                      "compliance": ["gdpr", "soc2"]}).passed
    assert not score(knowledge, msg, {"tokens_per_day": 1e8, "api_model": "gpt-4o-mini",
                                      "compliance": ["soc2"]}).passed


def test_absent_not_and_unknown_catalog_names_fail(knowledge):
    assert not score(knowledge, {"facts": {}, "absent": ["tokens_per_day"]}, {"tokens_per_day": 5.0}).passed
    assert score(knowledge, {"facts": {}, "not": {"monthly_api_spend_usd": 4}},
                 {"monthly_api_spend_usd": 20000}).passed
    assert not score(knowledge, {"facts": {}, "not": {"monthly_api_spend_usd": 4}},
                     {"monthly_api_spend_usd": 4.0}).passed
    out = score(knowledge, {"facts": {"hardware": "Quantum Abacus 9000"}}, {"hardware": "quantum-abacus"})
    assert not out.passed and "unknown to the catalog" in out.problems[0][1]


def test_non_english_needs_a_signal_and_english_must_not_get_one(knowledge):
    foreign = {"facts": {"tokens_per_day": 2e8}, "english": False}
    assert not score(knowledge, foreign, {"tokens_per_day": 2e8}).passed
    assert score(knowledge, foreign, {"tokens_per_day": 2e8}, language="de").passed
    assert not score(knowledge, {"facts": {}}, {}, english=False).passed


def test_fields_the_reader_lacks_are_misses_not_crashes(knowledge):
    out = score(knowledge, {"facts": {"hosting": "on_prem", "tokens_per_day": 1e6}}, {"tokens_per_day": 1e6})
    assert not out.passed and out.passed_on(["tokens_per_day"])
