"""The word-based reader (team, data, hosting, connectivity, capability, iteration, names): regression rows for
the general mechanisms of issue #17 — cue families, residency masks, name spellings. Written by the parser's
author: regression tests, not accuracy (accuracy is measured on held-out messages by bench/parse_holdout.py)."""

from __future__ import annotations

import pytest

from bot.core.parse import extract
from tests.parse_support import catalogs

ROWS = [
    # skills: what the team runs, not where data stays or what it owns
    ("PHI must never leave our own servers", {"data_sensitivity": "restricted", "hosting": "on_prem"},
     ["infra_skills"]),
    ("Patient data must stay in our own data centre", {"hosting": "on_prem"}, ["infra_skills"]),
    ("We don't own a single GPU, but renting is fine", {}, ["infra_skills"]),
    ("the team is all frontend people, nobody touches servers", {"infra_skills": "none"}, []),
    ("we're a team of 3 data scientists, we only know notebooks", {"infra_skills": "none"}, []),
    ("we have never deployed anything ourselves, we use SaaS for everything", {"infra_skills": "none"}, []),
    ("We've been running our own Llama cluster on Kubernetes for a year", {"infra_skills": "mlops"}, []),
    ("we self-host whisper and a couple of embedding models already", {"infra_skills": "mlops"}, []),
    ("our platform team runs everything on EKS", {"infra_skills": "basic"}, []),
    # capability: tasks by word, not by a word inside another sense
    ("Our data is classified so it can't touch the internet",
     {"data_sensitivity": "restricted", "connectivity": "offline"}, ["capability"]),
    ("Bullet summary from our planning doc: 5M tokens a day", {}, ["capability"]),
    ("it's a coding agent doing multi-step refactors, needs to be really smart", {"capability": "frontier"}, []),
    # connectivity by cue families
    ("the ship gets satellite internet a few hours a day", {"connectivity": "intermittent"}, []),
    ("the robots roam warehouses where wifi is patchy", {"connectivity": "intermittent"}, []),
    ("It has to keep answering when the truck is out of coverage", {"connectivity": "intermittent"}, []),
    # data, hosting, availability, compliance, iteration
    ("We can't send anything to third-party APIs", {"data_sensitivity": "restricted"}, []),
    ("Our legal team says no customer data can go to OpenAI", {"data_sensitivity": "restricted"}, []),
    ("employee salaries and performance data", {"data_sensitivity": "confidential"}, []),
    ("happy to rent GPUs from whoever is cheapest", {"hosting": "any"}, []),
    ("Downtime during the night is acceptable", {"availability": "best_effort"}, []),
    ("it's fine if it falls over occasionally", {"availability": "best_effort"}, []),
    ("SOC II and HIPPA both apply", {"compliance": ["soc2", "hipaa"]}, []),
    ("we always jump on the newest release", {"rapid_iteration": True}, []),
    # names: spellings and the main one of two
    ("we have two rtx4090s and an a6000", {"hardware": "rtx-4090", "hardware_count": 2}, []),
    ("we're running Qwen 2.5 72B on 4x A100", {"open_model": "qwen2.5-72b", "hardware_count": 4}, []),
    ("mostly gpt4o, some gpt-4o-mini for the easy stuff", {"api_model": "openai/gpt-4o"}, []),
]


@pytest.mark.parametrize(("text", "facts", "absent"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_words(text, facts, absent):
    e = extract(text, catalogs())
    for field, value in facts.items():
        assert field in e.facts, f"{field} not read from {text!r}: {e.profile_facts()}"
        got = e.facts[field].value
        assert (sorted(got) == sorted(value)) if isinstance(value, list) else got == value, f"{field}: {e.facts[field]}"
        assert e.facts[field].span in text
    for field in absent:
        assert field not in e.facts, f"{field} should not be read from {text!r}: {e.facts[field]}"
