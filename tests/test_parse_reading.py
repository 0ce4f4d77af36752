"""The reader on phrasings written for issue #17 (by the parser's author: regression tests, not accuracy).

Each row: a message and the facts it must give; ``absent`` fields must not be read. Accuracy is measured
on the held-out messages (bench/parse_holdout.py), never on these.
"""

from __future__ import annotations

import math

import pytest

from bot.core.parse import extract
from tests.parse_support import catalogs

ROWS = [
    # corrections, negation, what-ifs
    ("oops, typo above — it's 8M tokens a day, not 80M", {"tokens_per_day": 8e6}, []),
    ("Correction to my earlier message: we have two A100s, not four.", {"hardware_count": 2}, []),
    ("We're on 4o, not 4o-mini, sorry for the confusion", {"api_model": "openai/gpt-4o"}, []),
    ("scratch that, data has to stay in the EU, not the US", {"data_region": "eu"}, []),
    ("If we ever get to a billion tokens a day we'd look at our own GPUs, but today it's small.", {},
     ["tokens_per_day"]),
    ("Hypothetically if we had HIPAA data, could we still use the API?", {}, ["compliance", "data_sensitivity"]),
    ("Not HIPAA — we're B2B HR software. GDPR and SOC 2 though.", {"compliance": ["gdpr", "soc2"]}, []),
    ("No compliance requirements beyond SOC 2.", {"compliance": ["soc2"]}, []),
    # numbers and volumes
    ("Roughly 2.5 billion tokens per month, about a fifth of which is output.",
     {"tokens_per_day": 2.5e9 / 30.4375, "output_share": 0.2}, []),
    ("We're at maybe 300M tokens/mo, split 70/30 input/output.", {"output_share": 0.3}, []),
    ("Input tokens: 20M/day; output tokens: 5M/day.", {"tokens_per_day": 25e6, "output_share": 0.2}, []),
    ("In 2025 we processed 12B tokens in total.", {"tokens_per_day": 12e9 / 365.25}, []),
    ("Each employee (about 400) makes maybe 5-10 calls a day at 1k tokens.", {"tokens_per_day": 3e6}, []),
    ("Running it on 2x RTX 6000 Ada for 60 developers, maybe 400 completions per dev per day, 1,500 tokens each.",
     {"tokens_per_day": 60 * 400 * 1500, "hardware_count": 2}, []),
    ("We average 25 requests per second with spikes to 100, ~2,000 tokens per request.",
     {"peak_to_average": 4, "tokens_per_day": 25 * 86_400 * 2000}, []),
    ("Tier 5 on OpenAI, 30k RPM limit, but we only use ~2k requests per minute at peak, average 800 per minute. "
     "Each request ~1k tokens.", {"peak_to_average": 2.5, "tokens_per_day": 800 * 1440 * 1000}, []),
    ("Peak of 2M tokens/hour. Daily total is ~24M.", {"tokens_per_day": 24e6, "peak_to_average": 2}, []),
    ("Max we've ever seen is 600 rps on Black Friday.", {}, ["tokens_per_day", "peak_to_average"]),
    ("Decode speed: 50+ tokens/sec per user.", {"min_tokens_per_s": 50}, ["tokens_per_day"]),
    ("Throughput across the cluster is ~8,000 tokens per second on average.", {"tokens_per_day": 8000 * 86_400},
     ["min_tokens_per_s"]),
    # money
    ("We spent $210,000 on the OpenAI API last year.", {"monthly_api_spend_usd": 17_500}, []),
    ("Cost is about 30 grand a quarter.", {"monthly_api_spend_usd": 10_000}, []),
    ("Budget for the project: 250k USD total, one-off.", {}, ["monthly_api_spend_usd"]),
    ("the H100 would cost us about $30k each", {}, ["monthly_api_spend_usd"]),
    ("We pay now 25 000 dollar each month.", {"monthly_api_spend_usd": 25_000}, []),
    # who the team is
    ("Our platform team runs a few hundred pods on GKE and is comfortable with Helm charts.",
     {"infra_skills": "basic"}, []),
    ("None of our engineers has any experience with GPUs or model hosting.", {"infra_skills": "none"}, []),
    ("we'd go with vllm on k8s, our platform team runs k8s already", {"infra_skills": "basic"}, []),
    ("Our ML engineers have built and operated our own inference cluster for two years.",
     {"infra_skills": "mlops"}, []),
    ("It's a research prototype, nobody cares if it goes down over the weekend.",
     {"availability": "best_effort"}, ["infra_skills"]),
    ("We need five nines of uptime.", {"availability": "ha"}, []),
    ("Internet is always available in our offices.", {"connectivity": "online"}, ["availability"]),
    ("The app runs on tablets in the field with patchy 4G coverage.", {"connectivity": "intermittent"}, []),
    ("Deploy into our existing Azure subscription please.", {"hosting": "own_cloud"}, []),
    ("Highly confidential M&A documents, strictly on-prem.", {"data_sensitivity": "restricted",
                                                              "hosting": "on_prem"}, []),
    ("Data must not leave Australia.", {"data_region": "apac", "data_sensitivity": "confidential"}, []),
    ("No restrictions on where the data is processed.", {"data_region": "any"}, []),
    ("We have an NDA with our client so their code can't go to OpenAI.", {"data_sensitivity": "restricted"}, []),
    ("Our patient records can go to Azure under our BAA.", {"data_sensitivity": "confidential"}, []),
    # names
    ("We have 2 servers with 4x A100 80GB each.", {"hardware_count": 8}, []),
    ("Our stack: vLLM serving Qwen3-235B-A22B on 8xH200.", {"hardware_count": 8, "infra_skills": "mlops"}, []),
    ("We'd use Mistral Large through the API.", {}, ["open_model"]),
    # capability by comparison: the named model's class comes from the catalog; "overkill" is a ceiling
    ("needs Opus-class reasoning for legal analysis", {"capability": "frontier"}, ["api_model"]),
    ("anything at the level of gemini flash works", {"capability": "mid"}, ["api_model"]),
    ("GPT-5 would be overkill for this", {"capability": "mid"}, ["api_model"]),
    ("we don't need Claude Opus for this, it is just tagging", {"capability": "small"}, ["api_model"]),
    ("we use gpt-4o today, 20M tokens a day", {"api_model": "openai/gpt-4o"}, ["capability"]),
    # a one-off budget elsewhere in the sentence does not cancel a monthly spend
    ("Our GPU budget is $50k one-off, API spend is 8k/mo", {"monthly_api_spend_usd": 8000}, []),
    ("our API bill is about $8k/mo and we have a one-off $50k hardware budget", {"monthly_api_spend_usd": 8000}, []),
    ("We have a $250k budget, one-off, for the whole project.", {}, ["monthly_api_spend_usd"]),
    # output share in words, availability, connectivity, iteration, cloud regions, DPA
    ("output is about a quarter of the tokens", {"output_share": 0.25}, []),
    ("half the tokens are generated", {"output_share": 0.5}, []),
    ("we need five 9s, it's customer facing", {"availability": "ha"}, []),
    ("it's an internal tool, if it's down for a day nobody dies", {"availability": "best_effort"}, []),
    ("our factory floor loses internet a few times a week", {"connectivity": "intermittent"}, []),
    ("the connection on the ships is satellite and drops out regularly", {"connectivity": "intermittent"}, []),
    ("we want to swap to whatever new open model comes out each month", {"rapid_iteration": True}, []),
    ("we'd deploy in our own AWS account, eu-west-1", {"data_region": "eu", "hosting": "own_cloud"},
     ["data_sensitivity"]),
    ("our GCP project is in us-central1", {"data_region": "us"}, []),
    ("vendors are fine under our standard DPA", {"data_sensitivity": "confidential"}, []),
    ("data is HIPAA-regulated; BAA in place with Azure", {"data_sensitivity": "confidential"}, []),
    # names: open weights are not the API model, a device's name is not a model, a former employer is not a provider
    ("we've been testing Llama 3.1 8B and it's good enough for the task", {"open_model": "llama-3.1-8b"},
     ["api_model"]),
    ("gpt-oss-120b on a single H100", {"open_model": "gpt-oss-120b", "hardware_count": 1}, ["api_model"]),
    ("We have 2 x RTX 6000 Ada in our own server room.", {"hardware_count": 2}, ["api_model"]),
    ("tried Mistral 7B, too dumb for this", {}, ["api_model", "open_model"]),
    ("our team: 1 ML engineer (ex-Google, ran TPU serving), 3 backend devs", {"infra_skills": "mlops"},
     ["api_model"]),
    ("We'd run Phi-4 on the 2 L4s we already have", {"open_model": "phi-4"}, ["data_sensitivity"]),
    ("we already serve embeddings models in-house with TEI", {"infra_skills": "mlops"}, []),
    # volumes and money
    ("Current usage (from the OpenAI dashboard): 1,234,567,890 tokens in November.",
     {"tokens_per_day": 1_234_567_890 / 30.4375}, []),
    ("we used 900M tokens last month", {"tokens_per_day": 9e8 / 30.4375}, []),
    ("Our budget for hardware is 200k", {}, ["monthly_api_spend_usd"]),
    ("we have a GPU budget of $300k", {}, ["monthly_api_spend_usd"]),
    # per-person token rates times the people; a what-if volume is not a model size; a purchase maybe is not owned
    ("~50 devs using copilot-style completions, ~300k tokens per dev per day", {"tokens_per_day": 1.5e7}, []),
    ("50 developers, each about 300k tokens per day", {"tokens_per_day": 1.5e7}, []),
    ("if we grew to 1B tokens a day, would self-hosting make sense? today we're at 50M tokens a day",
     {"tokens_per_day": 5e7}, ["capability"]),
    ("we might get 2 H100s next year", {}, ["hardware", "hardware_count"]),
    ("we have 2 H100s and are considering buying 4 more", {"hardware_count": 2}, []),
    # where it may run; data and capability words
    ("we don't care where it runs as long as it's cheap", {"hosting": "any"}, []),
    ("we'd like to run it on the laptops our field engineers carry", {"hosting": "on_prem"}, []),
    ("all our infra is on GCP", {"hosting": "own_cloud"}, []),
    ("we can't put anything in the public cloud", {"hosting": "on_prem", "data_sensitivity": "restricted"}, []),
    ("private cloud only (our OpenStack)", {"hosting": "on_prem"}, []),
    ("We run a chatbot for a public library: FAQ answers, public info only.", {"data_sensitivity": "public"}, []),
    ("Tiny model is fine (just work-instruction lookup).", {"capability": "small"}, []),
    ("response streaming needs to feel instant, like ChatGPT", {}, ["api_model"]),
    ("peak-to-average is around 3", {"peak_to_average": 3}, []),
    ("monday mornings are 4 times busier than usual", {"peak_to_average": 4}, []),
    ("5 billion tokens in Q3", {"tokens_per_day": 5e9 / (365.25 / 4)}, []),
    ("traffic spikes 3x at lunch; we do 400k requests a day, 1.5k tokens each",
     {"tokens_per_day": 6e8, "peak_to_average": 3}, []),
    # other languages: the numbers still count
    ("Ciao, abbiamo circa 2 miliardi di token al mese, dati sanitari, 4 H100 in casa.",
     {"tokens_per_day": 2e9 / 30.4375, "hardware_count": 4}, []),
    ("Hallo zusammen, Spitzenlast ist etwa 3x der Durchschnitt, 400k Anfragen pro Tag à 1.500 Tokens.",
     {"tokens_per_day": 6e8, "peak_to_average": 3}, []),
    # skills and capability by task
    ("our data science team knows PyTorch but has never deployed anything to prod", {"infra_skills": "none"}, []),
    ("we outsourced all our IT", {"infra_skills": "none"}, []),
    ("we have zero in-house ML expertise", {"infra_skills": "none"}, []),
    ("the task is complex multi-step reasoning over financial filings", {"capability": "frontier"}, []),
    ("mostly simple chit-chat and FAQ", {"capability": "small"}, []),
    # denials and corrections
    ("ignore what I said about HIPAA, it doesn't apply", {}, ["compliance"]),
    ("correction: the spend is per quarter, $60k", {"monthly_api_spend_usd": 20000}, []),
    ("Actually we don't need HA after all", {"availability": "best_effort"}, []),
    ("we are NOT using OpenAI, we use Anthropic", {"api_model": "anthropic/claude-sonnet-4-0"}, []),
    # NVIDIA's 8-GPU systems
    ("we have a DGX H100 box on prem", {"hardware_count": 8}, []),
    ("we run two DGX A100s", {"hardware_count": 16}, []),
    ("we have a DGX Spark on my desk", {"hardware_count": 1}, []),
    # a projection is not today's volume; items the message prices in tokens
    ("we're going from 10M to 40M tokens/day next quarter when we launch in Europe", {"tokens_per_day": 1e7}, []),
    ("we grew from 5M to 20M tokens a day this year", {"tokens_per_day": 2e7}, []),
    ("Doctors' notes summarization: ~1,200 visits/day, ~6k tokens per visit incl. the summary.",
     {"tokens_per_day": 7.2e6}, []),
    ("we handle 300 shipments a day, about 2k tokens per shipment", {"tokens_per_day": 6e5}, []),
    ("B2B SaaS, ~300 customers, our AI feature does roughly 15k generations/day at ~900 tokens.",
     {"tokens_per_day": 1.35e7}, []),
    ("we have 400 employees, each sending 20 requests a day at 1k tokens", {"tokens_per_day": 8e6}, []),
    ("We're on Azure OpenAI (gpt-4o) in West Europe.", {"data_region": "eu"}, ["data_sensitivity"]),
    # typos
    ("data must stay in the E.U.", {"data_region": "eu"}, []),
    ("we need hight availability", {"availability": "ha"}, []),
    ("anual spend ~ $180k on openai", {"monthly_api_spend_usd": 15000}, []),
    ("we have 2 H100's and 1 A100", {"hardware": "h100-sxm", "hardware_count": 2}, []),
    # kinds of data
    ("employee HR records, performance reviews", {"data_sensitivity": "confidential"}, []),
    ("internal Slack messages and Jira tickets", {"data_sensitivity": "internal"}, []),
    ("marketing blog drafts, nothing secret", {"data_sensitivity": "public"}, []),
    ("bank statements and transaction histories", {"data_sensitivity": "confidential"}, []),
    ("trade secrets, our formulas", {"data_sensitivity": "restricted"}, []),
    ("prompts contain customer names and emails", {"data_sensitivity": "confidential"}, []),
    ("legal discovery documents under protective order", {"data_sensitivity": "restricted"}, []),
    ("our own product docs that are on the website anyway", {"data_sensitivity": "public"}, []),
    ("the data is already anonymized and aggregated", {"data_sensitivity": "internal"}, []),
    ("our engineers' salaries are the real cost here", {}, ["data_sensitivity"]),
    # capability words
    ("we need the smartest model we can get", {"capability": "frontier"}, []),
    ("a mid-sized open model should be fine", {"capability": "mid"}, []),
    ("we need reasoning models (o1-style)", {"capability": "frontier"}, ["api_model"]),
    ("it's basically autocomplete", {"capability": "small"}, []),
    ("users need to see words appearing at reading speed at least", {"min_tokens_per_s": 10}, []),
    ("streaming speed per user of 15 words per second", {"min_tokens_per_s": 20}, ["tokens_per_day"]),
    # fractions are not request parts; an open model named as the bar sets the class and is a model that meets it
    # (README: open_model), as "answers as good as Gemma 3 27B" always was
    ("4 in 5 requests are trivial (routing), 1 in 5 need real reasoning. ~1M requests/day at ~400 tokens.",
     {"simple_share": 0.8, "tokens_per_day": 4e8}, ["output_share"]),
    ("We process ~25M tok/day, Llama 3.3 70B quality is the bar", {"capability": "mid", "open_model": "llama-3.3-70b"},
     []),
    ("need very clever model like the Claude Opus", {"capability": "frontier"}, ["api_model"]),
    ("something like Llama 3 70B would do", {"open_model": "llama-3-70b", "capability": "mid"}, []),
    # how often the model changes
    ("we upgrade whenever something better comes along", {"rapid_iteration": True}, []),
    ("we always want the latest Llama", {"rapid_iteration": True}, []),
    ("we'll stay on whatever we pick for at least a year", {"rapid_iteration": False}, []),
    ("model churn is a real concern, we can't re-validate every month", {"rapid_iteration": False}, []),
    ("the clinics have decent internet", {"connectivity": "online"}, []),
    ("ships at sea with Starlink most of the time", {"connectivity": "intermittent"}, []),
    ("we blew $90k on OpenAI in Q2", {"monthly_api_spend_usd": 30000}, []),
    # shares
    ("prompts are long (~4k tokens), answers short (~200)", {"output_share": 200 / 4200}, []),
    ("ratio of input to output is about 4:1", {"output_share": 0.2}, []),
    ("only 10% of queries need a strong model", {"simple_share": 0.9}, []),
    ("roughly 20% are hard questions", {"simple_share": 0.8}, []),
]


def _same(expected, got) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, int | float):
        return isinstance(got, int | float) and math.isclose(got, expected, rel_tol=0.01)
    if isinstance(expected, list):
        return sorted(expected) == sorted(got)
    return expected == got


@pytest.mark.parametrize(("text", "facts", "absent"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_reading(text, facts, absent):
    e = extract(text, catalogs())
    for field, value in facts.items():
        assert field in e.facts, f"{field} not read from {text!r}: {e.profile_facts()}"
        assert _same(value, e.facts[field].value), f"{field}: {e.facts[field]}"
        assert e.facts[field].span in text
    for field in absent:
        assert field not in e.facts, f"{field} should not be read from {text!r}: {e.facts[field]}"
