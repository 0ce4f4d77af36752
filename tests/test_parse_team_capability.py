"""Capability and team skills read as a careful reader would (issue #17, session 2026-12-03): behaviour rows for
each mechanism, in phrasings of their own (not the tuning sentences). Regression tests, not accuracy."""

from __future__ import annotations

import pytest

from bot.core.parse import extract
from tests.parse_support import catalogs

CAPABILITY = [
    # A model named as what the team runs, plans, tries or asks about is not the quality it needs
    ("We're running Mistral 7B on two L4s today", {"open_model": "mistral-7b-v0.1"}, ["capability"]),
    ("planning to move to Qwen3 32B next quarter", {"open_model": "qwen3-32b"}, ["capability"]),
    ("would Llama 3.3 70B fit on one H200?", {"open_model": "llama-3.3-70b"}, ["capability"]),
    ("the 13B checkpoint took ages to download", {}, ["capability"]),
    ("meeting in room 7B at noon", {}, ["capability"]),
    ("we own a DGX with 8 B200s", {}, ["capability"]),
    # ... but a size or a class judged, needed or used as a yardstick is
    ("a 14B model does the job for us", {"capability": "small"}, []),
    ("we need at least a 70B for this", {"capability": "mid"}, []),
    ("Qwen3 32B passed our internal evals", {"capability": "mid"}, []),
    ("we tried a 3B and it was fine", {"capability": "small"}, []),
    ("the 8B kept hallucinating product names", {"capability": "mid"}, []),
    # too slow / too big is not a quality verdict
    ("Llama 3.1 405B was too slow on our cards", {}, ["capability"]),
    # a generic class with a verdict
    ("honestly a tiny model handles this fine", {"capability": "small"}, []),
    ("small LLM ok for that", {"capability": "small"}, []),
    ("a medium-sized open model would do", {"capability": "mid"}, []),
    ("a small model is not enough, answers must be careful", {}, []),
    # a judged size outranks a task word elsewhere in the message
    ("It's summarising tickets; a 7B model is plenty, we checked", {"capability": "small"}, []),
    # a small-model task in a share sentence is the simple share, not the whole workload's class
    ("around 40% of messages are language detection, the rest is drafting", {"simple_share": 0.4}, ["capability"]),
    ("Half the calls are plain tagging that a tiny model could do.", {"simple_share": 0.5}, ["capability"]),
    ("a third of it is routing; the rest needs a 70B-class model", {"capability": "mid"}, []),
    ("about 95% is sentiment classification", {"capability": "small"}, []),
    ("it is all invoice extraction", {"capability": "small"}, []),
    # a size or class said to be enough or needed beats a yardstick of a higher class
    ("the bar is GPT-4.1 level, though Qwen3 32B passed the same eval", {"capability": "mid"}, []),
    ("it has to match Claude Sonnet 4, so realistically a 70B open model at least", {"capability": "mid"}, []),
    # an open model compared with is still the model they would run, classed by the model catalog
    ("how much would hosting something like gpt-oss-120b cost us?", {"open_model": "gpt-oss-120b"}, ["capability"]),
    ("answers as good as Gemma 3 27B are what we need", {"open_model": "gemma-3-27b", "capability": "mid"}, []),
    ("Gemma 3 27B quality is our bar", {"capability": "mid", "open_model": "gemma-3-27b"}, []),
    # task words in another sense
    ("Quick summary for the bot: 4M tokens a day, EU only", {}, ["capability"]),
    ("Information classification: confidential", {}, ["capability"]),
    ("we trained on 20k labelled emails", {}, ["capability"]),
    ("our prompts have a long context, about 20k tokens", {}, ["capability"]),
    ("we label support emails by product line", {"capability": "small"}, []),
    # added 2026-12-03 (parse-team, evening): phrasings of our own for each mechanism
    # "X or equivalent / or better" is a bar, not the API they use
    ("we need Sonnet 4.5 or better for the legal drafting", {"capability": "frontier"}, ["api_model"]),
    ("o3 or something comparable, nothing weaker", {"capability": "frontier"}, ["api_model"]),
    # a verdict hung on the model in a clause of its own
    ("we tried Mistral 7B - good enough for us", {"capability": "small", "open_model": "mistral-7b-v0.1"}, []),
    ("tested Gemma 3 27B, which was fine on our evals", {"capability": "mid"}, []),
    # a generic class: hyphenated, possessive, "all we need"; "open" models enough or not
    ("Honestly small-model quality is plenty here", {"capability": "small"}, []),
    ("a tiny model's output is all we need", {"capability": "small"}, []),
    ("open models are fine for this", {"capability": "mid"}, []),
    ("the open-source models we tried weren't good enough", {"capability": "frontier"}, []),
    ("only the best proprietary models are good enough for the proofs", {"capability": "frontier"}, []),
    # a class or size that falls short: the class above
    ("small models keep hallucinating on our contracts", {"capability": "mid"}, []),
    ("7B models struggled with the German text", {"capability": "mid"}, []),
    ("Small models struggle with our German text; mid-size ones are fine.", {"capability": "mid"}, []),
    # a class or size that is overkill: a ceiling one class below (nothing below 30-70B for a 405B)
    ("frontier models are overkill for this, it's drafting replies", {"capability": "mid"}, []),
    ("anything bigger than 30B would be overkill", {"capability": "small"}, []),
    ("Llama 3.1 405B would be overkill", {"capability": "mid"}, []),
    ("a 70B is the most we'd need", {"capability": "mid"}, []),
    # work said to need no cleverness
    ("it just rephrases product titles", {"capability": "small"}, []),
    ("the bot looks things up in our wiki, nothing fancy", {"capability": "small"}, []),
    # "nothing below X" and "only X" with a verdict are bars; "only X" without one is not
    ("nothing below Claude Opus works for us", {"capability": "frontier"}, ["api_model"]),
    ("only GPT-5 gets these right", {"capability": "frontier"}, []),
    ("we pay for GPT-5, only GPT-5 for the hard cases", {"api_model": "openai/gpt-5"}, ["capability"]),
    ("quality similar to Claude Haiku 4.5 is fine", {}, ["api_model"]),
    ("open models can't handle our reasoning workload", {"capability": "frontier"}, []),
    # GPT-4o-level work is what 30-70B open models do
    ("it has to be on par with GPT-4o", {"capability": "mid"}, []),
    ("Qwen3 235B quality is what we're after", {"capability": "mid", "open_model": "qwen3-235b-a22b"}, []),
]


@pytest.mark.parametrize(("text", "facts", "absent"), CAPABILITY, ids=[r[0][:50] for r in CAPABILITY])
def test_capability(text, facts, absent):
    check(text, facts, absent)


def check(text: str, facts: dict, absent: list[str]) -> None:
    e = extract(text, catalogs())
    for field, value in facts.items():
        assert field in e.facts, f"{field} not read from {text!r}: {e.profile_facts()}"
        got = e.facts[field].value
        assert got == pytest.approx(value) if isinstance(value, float) else got == value, f"{field}: {e.facts[field]}"
    for field in absent:
        assert field not in e.facts, f"{field} should not be read from {text!r}: {e.facts[field]}"


SKILLS = [
    # owning, renting or mentioning hardware is not a skill; operating it is
    ("we bought four GPU servers last spring and they sit in the basement", {}, ["infra_skills"]),
    ("there's an old inference cluster nobody has touched since 2023", {}, ["infra_skills"]),
    ("any GPU cloud can run it for all we care", {}, ["infra_skills"]),
    ("the drones run a 1B model on an onboard GPU", {}, ["infra_skills"]),
    ("our ops crew racks servers and patches Linux every month", {"infra_skills": "basic"}, []),
    ("three DGX boxes in the basement, looked after by our HPC group", {"infra_skills": "mlops"}, []),
    ("our platform people operate EKS with GPU node pools", {"infra_skills": "mlops"}, []),
    ("the admins can run virtual machines but GPUs are out of their depth", {"infra_skills": "basic"}, []),
    # nobody as the subject of a skill
    ("nobody in the office is technical", {"infra_skills": "none"}, []),
    ("we have no in-house IT team at all", {"infra_skills": "none"}, []),
    ("we've no hardware and not anyone who could manage it", {"infra_skills": "none"}, []),
    ("no one here does ops, it's all product work", {"infra_skills": "none"}, []),
    ("nobody uses the old boxes any more", {}, ["infra_skills"]),
    # added 2026-12-03 (parse-team, evening): phrasings of our own for each mechanism
    # a thing denied after it, list style; affirmed after it likewise
    ("stack: docker yes, kubernetes no, GPUs no", {"infra_skills": "basic"}, []),
    ("ML serving: none. k8s: yes", {"infra_skills": "basic"}, []),
    ("Model serving: no", {"infra_skills": "none"}, []),
    # "no X" for an infrastructure word is nobody running it
    ("A small accounting firm, no servers, no Linux.", {"infra_skills": "none"}, []),
    ("We're a Mac shop: no Docker or Kubernetes at all", {"infra_skills": "none"}, []),
    # the exception to a denial is had
    ("nobody here knows anything except Linux admin basics", {"infra_skills": "basic"}, []),
    ("no one on the team has touched more than Docker Compose", {"infra_skills": "basic"}, []),
    # "would be new to us" denies what is in its own clause, not across a contrast
    ("We know Docker well; vLLM and CUDA would be completely new to us.", {"infra_skills": "basic"}, []),
    ("Our admins handle Ansible and VMware, though GPU serving is new to them", {"infra_skills": "basic"}, []),
    # a verbless clause narrowing the one before takes its verb, not its denial
    ("we have no experience with GPUs, just with plain Ubuntu servers", {"infra_skills": "basic"}, []),
    # knowing a cloud is running infrastructure; a product on it or data in it is not
    ("We've never hosted a model but we're comfortable with GCP.", {"infra_skills": "basic"}, []),
    ("our two engineers are very familiar with Azure", {"infra_skills": "basic"}, []),
    ("The product runs on AWS.", {}, ["infra_skills"]),
    ("Our data lives in our own Azure subscription.", {}, ["infra_skills"]),
    # following a guide is some hands-on ability
    ("No ops background, but we're able to follow the docs", {"infra_skills": "basic"}, []),
    ("zero MLOps, though we could follow the vLLM quickstart", {"infra_skills": "basic"}, []),
    # operating GPUs is GPU serving infrastructure
    ("Our ops team manages GPUs for the vision models.", {"infra_skills": "mlops"}, []),
    ("We don't own any GPUs.", {}, ["infra_skills"]),
    # whether to run models is a question, not a skill
    ("my manager asked whether we should serve models ourselves", {}, ["infra_skills"]),
    # a practice the team is said to be good at; operations done by someone outside the team
    ("we've got solid DevOps but no ML people", {"infra_skills": "basic"}, []),
    ("ops: outsourced to an MSP", {"infra_skills": "none"}, []),
    ("our two servers are managed by an outside IT partner", {"infra_skills": "none"}, []),
    # not an expert is some skill
    ("none of us are experts in Kubernetes, but we get by", {"infra_skills": "basic"}, []),
    # serving done once, by one person or for a prototype is basic; serving that would be new is denied
    ("one engineer has served a model with vLLM for a hackathon", {"infra_skills": "basic"}, []),
    ("a single dev on the team tried TGI last year", {"infra_skills": "basic"}, []),
    ("they administer Windows servers; model serving would be completely new to them", {"infra_skills": "basic"}, []),
    ("we run vLLM in production on 16 GPUs", {"infra_skills": "mlops"}, []),
    # ML engineers on the team are people whose job is models in production; ones they only want are not
    ("there are three machine-learning engineers on the platform side", {"infra_skills": "mlops"}, []),
    ("team = 6 backend devs + 1 MLE", {"infra_skills": "mlops"}, []),
    ("zero ML engineers, it's all web folks", {"infra_skills": "none"}, []),
    ("we'd have to recruit an ML engineer before any of this", {}, ["infra_skills"]),
    ("still looking for our first ML engineer", {}, ["infra_skills"]),
]


@pytest.mark.parametrize(("text", "facts", "absent"), SKILLS, ids=[r[0][:50] for r in SKILLS])
def test_skills(text, facts, absent):
    check(text, facts, absent)


NAMES = [
    # an open model is the team's API only when its own sentence says so; "self-hosted" after it says otherwise
    ("Our API today is Claude Sonnet 4. Maybe Qwen3 32B self-hosted could take the easy half.",
     {"api_model": "anthropic/claude-sonnet-4-0", "open_model": "qwen3-32b"}, []),
    ("We pay for the OpenAI API. Separately, we'd run Llama 3.1 8B on our own box.",
     {"open_model": "llama-3.1-8b"}, []),
    # the host named picks that host's offering of the model
    ("all of it is Llama 3.3 70B through Groq, about $2k a month", {"api_model": "groq/llama-3.3-70b-versatile"}, []),
    ("mostly llama-3.3-70b-instruct on Together", {"api_model": "together/meta-llama/llama-3.3-70b-instruct-turbo"},
     []),
]


@pytest.mark.parametrize(("text", "facts", "absent"), NAMES, ids=[r[0][:50] for r in NAMES])
def test_names(text, facts, absent):
    check(text, facts, absent)
