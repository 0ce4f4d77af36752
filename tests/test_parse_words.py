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
    # from tuning sets B and C
    ("Our platform team is strong on Kubernetes and Terraform but has never run GPU workloads.",
     {"infra_skills": "basic"}, []),
    ("we're all data scientists; we've all run models locally with ollama but nobody's run a production inference "
     "server", {"infra_skills": "basic"}, []),
    ("Honestly the closest thing we have to infra people is our Heroku account.", {"infra_skills": "none"}, []),
    ("Our IT team is two people who look after Microsoft 365 — no one has run anything like this.",
     {"infra_skills": "none"}, []),
    ("we have k8s ppl but no gpu exp", {"infra_skills": "basic"}, []),
    ("we're marketing folks, we don't even have a dev team", {"infra_skills": "none"}, []),
    ("Patient notes. PHI under HIPAA, and our CISO says it does not leave our own data centre, full stop.",
     {"hosting": "on_prem", "data_sensitivity": "restricted"}, []),
    ("source code from a client under NDA — contract says it can only ever be processed on machines we own",
     {"hosting": "on_prem"}, []),
    ("medical records — PHI (HIPAA). has to stay inside our hospital's own network and servers",
     {"hosting": "on_prem"}, []),
    ("We'd need it hosted on our own servers in the UK — it's patient data, NHS rules",
     {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("we're SOC 2 + HIPPA, and the PHI cant leav the bulding", {"hosting": "on_prem"}, []),
    ("no wait, we can't use runpod or any GPU cloud — it has to be our own GCP account", {"hosting": "own_cloud"},
     []),
    ("Zero in-house ops. We're two founders and a contractor, and we'd rent GPUs anywhere cheap.",
     {"hosting": "any"}, []),
    ("ttft <1s, 25tps/user, HA, own aws acct", {"hosting": "own_cloud", "availability": "ha"}, []),
    ("Runs on a laptop in the field, so HA isn't a thing here.", {"availability": "best_effort"}, []),
    ("If the server dies, we'll just restart it in the morning — no redundancy needed.",
     {"availability": "best_effort"}, []),
    ("Needs two replicas minimum; we had an outage last year when a node died", {"availability": "ha"}, []),
    ("if it ever needed to be HA we'd add a second box, but for now one is fine", {"availability": "best_effort"},
     []),
    ("Needs to be SOC 2 and FedRAMP authorised if we're ever going to sell to the government; for now just SOC 2.",
     {"compliance": ["soc2"]}, []),
    ("Fed Ramp High, it's DoD-adjacent work, and the data must stay in the US", {"compliance": ["fedramp"],
                                                                                "data_region": "us"}, []),
    ("customer emails w/ names + addresses, ok with a vendor under a DPA as long as it's US-hosted",
     {"data_region": "us", "data_sensitivity": "confidential"}, []),
    ("data can go to a us cloud, we have 0 gpu ppl", {"data_region": "us", "infra_skills": "none"}, []),
    ("doesn't matter where the data is processed, and it's all public product info",
     {"data_region": "any", "data_sensitivity": "public"}, []),
    ("Our region is wrong in the profile — should be UK, not EU. We left, remember", {"data_region": "uk"}, []),
    ("employee handbook and IT FAQs, nothing secret but not for outsiders either", {"data_sensitivity": "internal"},
     []),
    ("The inputs are public case law.", {"data_sensitivity": "public"}, []),
    ("it's all open-source documentation anyway", {"data_sensitivity": "public"}, []),
    ("we don't chase new model releases. stability > novelty.", {"rapid_iteration": False}, []),
    ("We re-evaluate models once a year at most.", {"rapid_iteration": False}, []),
    ("compliance needs a frozen model version, we can't hop to new releases", {"rapid_iteration": False}, []),
    ("we want to swap in new models whenever they're better, every month or two", {"rapid_iteration": True}, []),
    ("Branch offices have flaky DSL that goes down most afternoons.", {"connectivity": "intermittent"}, []),
    ("It mostly works without signal (tunnels, rural roads) and reconnects when it can.",
     {"connectivity": "intermittent"}, []),
    ("field techs on tablets, signal comes n goes in rural areas", {"connectivity": "intermittent"}, []),
    ("- offline: no\n- region: EU\n- HA: not needed, it's a batch job",
     {"connectivity": "online", "availability": "best_effort"}, []),
    ("oh and it's offline, no internet on the factory floor", {"connectivity": "offline"}, []),
    ("quality is the whole product so we can't go below that tier, nothing open has matched it in our tests",
     {"capability": "frontier"}, []),
    ("on Claude Opus 4.1, because nothing else could do the multi-document reasoning; we tried Llama 3.3 70B and "
     "Qwen3 32B and both fell over.", {"capability": "frontier", "api_model": "anthropic/claude-opus-4-1"},
     ["open_model"]),
    ("Llama 3.3 70B was too slow on our 2 L40S", {}, ["open_model"]),
    ("I said we own 2 H100s — they're H200s actually, same count.", {"hardware": "h200"}, []),
    ("if we bought 4 H200 would that be enough?", {}, ["hardware"]),
    # families seen in no tuning set (the author's own probes)
    ("our devs have shipped a couple of models to prod using BentoML", {"infra_skills": "mlops"}, []),
    ("2x RTX 4090 and we serve Qwen2.5-Coder-32B", {"infra_skills": "mlops", "hardware_count": 2}, []),
    ("Running Qwen3 32B would be fine quality-wise", {}, ["infra_skills"]),
    ("we'd want to upgrade the model every time Meta or Qwen put out something new", {"rapid_iteration": True}, []),
    ("we don't care about the newest models, the current one works", {"rapid_iteration": False}, []),
    ("It runs on trawlers far offshore for weeks with no connection", {"connectivity": "offline"}, []),
    ("The data includes social security numbers", {"data_sensitivity": "confidential"}, []),
    ("this is production, customers notice within minutes if it's down", {"availability": "ha"}, []),
    ("we're running gpt-4o-mini and o3 for the hard ones", {"api_model": "openai/gpt-4o-mini"}, []),
    ("What if we had to go air-gapped later?", {}, ["connectivity", "hosting"]),
    ("The IT is outsourced to a partner", {}, ["rapid_iteration"]),
    ("We're not planning to fine-tune anything", {"fine_tuned": False}, []),
    ("We're thinking about an on-prem deployment eventually, but for now any cloud is fine", {"hosting": "any"}, []),
    ("ops is handled by an MSP, we have no in-house IT", {"infra_skills": "none"}, []),
    ("Think Uber for dog walkers; we store users' home addresses", {"data_sensitivity": "confidential"}, []),
    ("The legal team wants nothing leaving the EU", {"data_region": "eu"}, []),
    ("We have Starlink on the rigs, works most of the time", {"connectivity": "intermittent"}, []),
    ("hardware: 4x L40S, 2x A10G (the A10Gs are for dev)", {"hardware": "l40s", "hardware_count": 4}, []),
    ("we need reproducibility, same weights for the whole audit period", {"rapid_iteration": False}, []),
    ("data sensitivity: high, it's biometric data", {"data_sensitivity": "restricted"}, []),
    ("its all fake test data, nothing real", {"data_sensitivity": "public"}, []),
    ("hosting: on our premises only", {"hosting": "on_prem", "data_sensitivity": "restricted"}, []),
    ("Data residency: Switzerland", {"data_region": "eu"}, []),
    ("if it goes down for a few hours no one will even notice", {"availability": "best_effort"}, []),
    ("simple yes/no questions mostly", {"capability": "small"}, []),
    ("we've got an H200 box with 8 GPUs", {"hardware": "h200", "hardware_count": 8}, []),
    ("we dont need fancy reasoning, just reformatting text", {"capability": "small"}, []),
    ("We're a team of Rails devs; the closest we've come to ops is Heroku deploys", {"infra_skills": "none"}, []),
    ("we'll lock the model version for the life of the contract", {"rapid_iteration": False}, []),
    ("the ambulances lose 4G in tunnels and rural areas", {"connectivity": "intermittent"}, []),
    ("It's all anonymous telemetry, no user info", {"data_sensitivity": "internal"}, []),
    ("transcripts of therapy sessions", {"data_sensitivity": "restricted"}, []),
    ("We handle loan applications with income and credit scores", {"data_sensitivity": "confidential"}, []),
    ("Happy to use Together or Fireworks GPUs", {"hosting": "any"}, []),
    ("uptime isn't a big concern, it's a weekly report generator", {"availability": "best_effort"}, []),
    ("needs top-tier quality, it writes legal briefs", {"capability": "frontier"}, []),
    ("We send about 2.1e8 tokens/day through Mistral Small (mistral-small-latest).",
     {"api_model": "mistral/mistral-small-latest"}, []),
    ("Insurance, US: 1.5B tokens/month, SOC 2 + HIPAA; can't go down.", {}, ["data_region"]),
    ("In our company (automotive supplier, Germany) the process is slow", {}, ["data_region"]),
    # precision: where things run is not what the team runs; a regime's name is not the data's sensitivity
    ("The mine site has no outside network at all, by design. Everything runs on our own servers underground.",
     {"connectivity": "offline"}, ["infra_skills"]),
    ("* data: confidential, must stay in Canada\n* hosting: our own datacentre only", {"hosting": "on_prem"},
     ["infra_skills"]),
    ("a colo rack in Equinix is where it'd go, we don't do cloud GPUs", {"hosting": "on_prem"}, ["infra_skills"]),
    ("a self-hosted model would have to run in our own AWS account", {"hosting": "own_cloud"}, ["infra_skills"]),
    ("also we're SOC2 type 2 so any host needs the same", {"compliance": ["soc2"]}, ["data_sensitivity", "hosting"]),
    ("The data is customer support chats: confidential, but a certified cloud is fine.",
     {"data_sensitivity": "confidential"}, ["hosting"]),
    ("on a 1 A100 PCIe 40GB, c'est tout lol. ~2M tokens/jour", {"tokens_per_day": 2e6}, []),
    ("Hoi, we draaien nu op gpt-4o-mini met ongeveer 20M tokens per dag. We hebben 2 L4 kaarten.",
     {"tokens_per_day": 20e6, "hardware": "l4"}, []),
]


@pytest.mark.parametrize("text", ["on a 1 A100 PCIe 40GB, c'est tout lol. ~2M tokens/jour",
                                  "Hoi, we draaien nu op gpt-4o-mini met ongeveer 20M tokens per dag."])
def test_other_languages_are_signalled(text):
    assert extract(text, catalogs()).language != "en"


@pytest.mark.parametrize("text", ["we do 5M tokens per day", "about 2M tokens/day on a Mac", "we pay 5k per month"])
def test_english_is_english(text):
    assert extract(text, catalogs()).language == "en"


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
