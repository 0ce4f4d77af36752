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
    # from tuning set C (thread replies, status posts, phone typing)
    ("we tried llama 3.3 70b and qwen3 235b, neither comes close to claude opus 4.5 for the agentic coding stuff. "
     "we need opus-level, opus is what we pay for today", {"api_model": "anthropic/claude-opus-4-5",
                                                           "capability": "frontier"}, []),
    ("we'd be on Sonnet 4.5 otherwise, which is $3/M in and $15/M out right? and we have zero GPU experience btw",
     {"api_model": "anthropic/claude-sonnet-4-5", "infra_skills": "none"}, []),
    ("would gpt-oss-120b fit on 2x H100 NVL? we own those two", {"hardware": "h100-nvl", "hardware_count": 2}, []),
    ("gpt-4o-mini wasn't good enough for our legal summaries but GPT-4.1 is fine, that's what we use now. a 70b "
     "class open model would probably do", {"capability": "mid"}, []),
    ("EU. and GDPR obviously", {"data_region": "eu", "compliance": ["gdpr"]}, []),
    ("k8s yes, gpus no. nobody knows vllm", {"infra_skills": "basic"}, []),
    ("online, normal office wifi", {"connectivity": "online"}, []),
    ("nope, stable is better for us", {"rapid_iteration": False}, []),
    ("kiosks in train stations, on 4G that cuts out now and then", {"connectivity": "intermittent"}, []),
    ("once a model is validated by QA we literally can't change it without a 6-month recertification",
     {"rapid_iteration": False}, []),
    ("~50k calls a day and it has to survive a GPU node dying", {"availability": "ha"}, []),
    ("only needs to be up in business hours, a single box is ok", {"availability": "best_effort"}, []),
    ("Citizens' data must stay in the UK, on our own kit.",
     {"data_region": "uk", "data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("if we self-host it has to be GPU instances in our own account", {"hosting": "own_cloud"}, []),
    ("the model only has to sort catch-log entries into 20 categories", {"capability": "small"}, []),
    ("a. customer PII; an EU cloud provider may process it", {"data_region": "eu"}, []),
    # other families
    ("It's on tablets used by field engineers in mines, often underground with no signal",
     {"connectivity": "intermittent"}, []),
    ("the boxes sit in a shielded lab with no outside network at all", {"connectivity": "offline"}, []),
    ("Mental health therapy session notes", {"data_sensitivity": "restricted"}, []),
    ("Source code from our private repos", {"data_sensitivity": "confidential"}, []),
    ("it's mostly public domain books", {"data_sensitivity": "public"}, []),
    ("We'd use the stock instruct model, no custom training", {"fine_tuned": False}, []),
    ("Ideally always on the latest Qwen", {"rapid_iteration": True}, ["availability"]),
    ("We have a sysadmin who keeps our VMware cluster alive", {"infra_skills": "basic"}, []),
    ("Hosting location doesn't matter to us", {"hosting": "any"}, []),
    ("for the FAQ bot we moved to gpt-4o last year", {}, ["capability"]),
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
