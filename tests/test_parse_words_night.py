"""The word-based reader, night round of issue #17: general mechanisms read in phrasings of our own (other
industries, styles, orders and typos than any tuning sentence). Regression rows for the mechanisms, not accuracy
(accuracy is measured on held-out messages by bench/parse_holdout.py).

Each row: (message, facts that must be read, fields that must not be read)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import parse_stance
from tests.parse_support import check

ROWS: list[tuple[str, dict[str, object], list[str]]] = [
    # --- availability as a stance: the service failing, and what the sentence says of it --------------------
    ("an outage of a few hours would be annoying but acceptable", {"availability": "best_effort"}, []),
    ("can't afford any downtime during trading hours", {"availability": "ha"}, []),
    ("outages cost us money — every minute down is lost sales", {"availability": "ha"}, []),
    ("Outages aren't acceptable - the bot answers 911 dispatchers", {"availability": "ha"}, []),
    ("no downtime is acceptable in the ICU", {"availability": "ha"}, []),
    ("if the model server crashes, the warehouse staff just scan manually, no drama",
     {"availability": "best_effort"}, []),
    ("when the assistant is down our agents can't work", {"availability": "ha"}, []),
    ("the summariser being down for a day is survivable", {"availability": "best_effort"}, []),
    ("every hour of downtime costs us ~$40k", {"availability": "ha"}, []),
    ("downtime on weekends is fine, nobody's in", {"availability": "best_effort"}, []),
    ("must fail over automatically to a second GPU server", {"availability": "ha"}, []),
    # --- availability as a stance: uptime said to matter or not ----------------------------------------------
    ("Availability: high", {"availability": "ha"}, []),
    ("reliability: nice to have, not critical", {"availability": "best_effort"}, []),
    ("uptime: low priority, it's a nightly report", {"availability": "best_effort"}, []),
    ("HA would be nice but it's not required", {"availability": "best_effort"}, []),
    ("HA is non-negotiable for us", {"availability": "ha"}, []),
    ("Uptime matters less, a day's outage is survivable.", {"availability": "best_effort"}, []),
    # --- ... and what is not the service failing, or not a stance ------------------------------------------------
    ("token volume goes down a lot on weekends", {}, ["availability"]),
    ("our API spend went down after we cached prompts", {}, ["availability"]),
    ("what happens if the server goes down?", {}, ["availability"]),
    ("if it ever goes down, would we need a second box?", {}, ["availability"]),
    ("the price of H100s is going down, is it fine to wait?", {}, ["availability"]),
    ("reliability of the answers is critical, they go to auditors", {}, ["availability"]),
    # --- skills: a lack of people said as a subject, and general infrastructure operated ----------------------
    ("honestly we don't have anyone who could look after GPUs, we're all product people", {"infra_skills": "none"}, []),
    ("there's nobody here who knows linux", {"infra_skills": "none"}, []),
    ("we lack anyone who could run servers, it's all Google Workspace", {"infra_skills": "none"}, []),
    ("the clinic doesn't have a single person who can set up a server", {"infra_skills": "none"}, []),
    ("we self-host gitlab and sentry on a couple of VMs, that's about the extent of our ops",
     {"infra_skills": "basic"}, []),
    ("we can run containers on ECS fine, never hosted an LLM though", {"infra_skills": "basic"}, []),
    ("team: 4 full-stack devs, we manage our own AWS infra with CDK", {"infra_skills": "basic"}, []),
    ("our dev team runs everything in containers on Fargate", {"infra_skills": "basic"}, []),
    ("we run Grafana and Prometheus for our own stack", {"infra_skills": "basic"}, []),
    ("we pay for hosted Postgres and use the OpenAI API", {}, ["infra_skills"]),
    ("our customers host their own stores on Shopify", {}, ["infra_skills"]),
    ("we don't have anyone on call at night, so uptime matters", {}, ["infra_skills"]),
    # --- names listed together share the comparison said of the list ------------------------------------------
    ("we've tried everything open and only GPT-5 and Claude Opus are good enough", {"capability": "frontier"},
     ["api_model"]),
    ("it's multi-step tool use where only GPT-5 / Opus-level models have passed", {"capability": "frontier"},
     ["api_model"]),
    ("in our evals only the frontier closed models (gpt-5, opus) get it right", {"capability": "frontier"},
     ["api_model"]),
    ("the rest need real reasoning that only GPT-5 / o3 class models handle well", {"capability": "frontier"},
     ["api_model"]),
    ("Llama 3.3 70B is basically at parity with gpt-4o for this", {"capability": "mid"}, ["api_model"]),
    ("we don't need Opus or GPT-5 for this, it's tagging", {"capability": "small"}, ["api_model"]),
    ("We use GPT-4o and Claude Sonnet, about $5k/month", {"monthly_api_spend_usd": 5000}, []),
    # --- whose API a name is: asked about, a what-if, planned, someone else's, given up -------------------------
    ("what would GPT-5 cost us at 20M tokens a day?", {}, ["api_model"]),
    ("if we ever moved to Claude Opus, what would it cost for 5M tokens a day?", {}, ["api_model"]),
    ("is Gemini 2.5 Pro cheaper than self-hosting for 30M tokens a day?", {}, ["api_model"]),
    ("we're thinking about switching to Gemini 2.5 Pro next quarter", {}, ["api_model"]),
    ("evaluating Claude Haiku 4.5 for the triage step next month", {}, ["api_model"]),
    ("our competitor uses GPT-4o for this", {}, ["api_model"]),
    ("our biggest competitor runs their support bot on Claude Sonnet 4", {}, ["api_model"]),
    ("we used to use GPT-4 but cancelled it last year; now it's all in house on Llama", {}, ["api_model"]),
    ("we dropped GPT-4 Turbo last year when we went in-house", {}, ["api_model"]),
    # ... and the team's own: in use, being replaced, moved to, asked about as ours, priced for us
    ("we're on gpt-4o-mini today; considering Claude Sonnet for the harder stuff",
     {"api_model": "openai/gpt-4o-mini"}, []),
    ("We're on Claude Sonnet 4 and considering Gemini Flash for the cheap calls",
     {"api_model": "anthropic/claude-sonnet-4-0"}, []),
    ("we're replacing GPT-4o with something self-hosted, ~$9k/mo today", {"api_model": "openai/gpt-4o"}, []),
    ("switching from GPT-4o to an open model is the plan", {"api_model": "openai/gpt-4o"}, []),
    ("we moved to GPT-4.1 in March and pay about 7k a month", {"api_model": "openai/gpt-4.1"}, []),
    ("how do we cut our GPT-4o bill? it's $12k/month", {"api_model": "openai/gpt-4o"}, []),
    ("currently paying for Claude Sonnet 4, ~$6k/mo, would Llama 70B be as good?",
     {"api_model": "anthropic/claude-sonnet-4-0"}, []),
    ("GPT-4o is $2.50 per million input tokens, right? how does that compare to self-hosting?",
     {"api_model": "openai/gpt-4o"}, []),
    # --- skills: "nobody" with a place phrase, and verbs in the past -------------------------------------------
    ("Nobody on our side has touched a GPU, we're 4 backend devs doing Rails.", {"infra_skills": "none"}, []),
    ("no one in the company has ever managed a server", {"infra_skills": "none"}, []),
    ("Nobody at our clinic ran anything like this before", {"infra_skills": "none"}, []),
    ("none of us on the data side has operated GPUs", {"infra_skills": "none"}, []),
    ("nobody from my team handled infra before, we used Heroku", {"infra_skills": "none"}, []),
    # --- data that may not go to a cloud, and the team's own kit as the requirement ----------------------------
    ("Moderation has to run on-prem in our Helsinki racks; no cloud for player messages.",
     {"data_sensitivity": "restricted"}, []),
    ("no SaaS for patient notes, full stop", {"data_sensitivity": "restricted"}, []),
    ("No third-party cloud with our source code.", {"data_sensitivity": "restricted"}, []),
    ("no cloud for now, we're just prototyping", {}, ["data_sensitivity"]),
    ("editorial data must stay in the UK and can't go to any US API, so it would have to be our own kit",
     {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("the model has to be on our own servers, legal was clear", {"hosting": "on_prem"}, []),
    ("it needs to be inside our own data centre", {"hosting": "on_prem"}, []),
    # --- small: nothing fancy needed, and a small size said to be more than needed ------------------------------
    ("Product descriptions don't need anything fancy", {"capability": "small"}, []),
    ("the tagging doesn't need anything clever", {"capability": "small"}, []),
    ("no need for anything powerful, it's keyword extraction", {"capability": "small"}, []),
    ("Commit message generator, basically one-liners: a 4B model is overkill honestly.", {"capability": "small"}, []),
    ("even a 3B model would be overkill for yes/no intent", {"capability": "small"}, []),
    ("a 1.5B is more than we need", {"capability": "small"}, []),
    ("a mid-size model (30B-ish) handles it; 8B models missed too much.", {"capability": "mid"}, []),
    # --- a data level said of the data: with a copula, or as a terse item --------------------------------------
    ("Our data is internal (employee tickets), not customer data; nothing regulated.",
     {"data_sensitivity": "internal"}, []),
    ("210M tokens/day, output ~18%, data internal, HA needed", {"data_sensitivity": "internal"}, []),
    ("the data's all public, it's our docs site", {"data_sensitivity": "public"}, []),
    ("all data is confidential (client contracts)", {"data_sensitivity": "confidential"}, []),
    ("volume 5M/day; data confidential; EU only", {"data_sensitivity": "confidential"}, []),
    # --- model churn: plural pins, a bound, a cadence, chasing denied, newest expected -----------------------------
    ("Compliance wants models pinned and validated", {"rapid_iteration": False}, []),
    ("we can't change models more than once a year", {"rapid_iteration": False}, []),
    ("we won't swap the model more often than twice a year", {"rapid_iteration": False}, []),
    ("We're happy on a 6-month model cadence", {"rapid_iteration": False}, []),
    ("we run a two-week model upgrade cycle", {"rapid_iteration": True}, []),
    ("chasing releases isn't worth it for a back-office tool", {"rapid_iteration": False}, []),
    ("we chase new releases, it's part of the product", {"rapid_iteration": True}, []),
    ("users expect whatever's newest", {"rapid_iteration": True}, []),
    ("our customers want the latest models, always", {"rapid_iteration": True}, []),
    ("they expect the latest data in every answer", {}, ["rapid_iteration"]),
    # --- a network that goes down for a while ----------------------------------------------------------------------
    ("links are satellite and go down for hours", {"connectivity": "intermittent"}, []),
    ("the LTE modems are down for days at a time in winter", {"connectivity": "intermittent"}, []),
    ("our wifi goes out for minutes when the cranes move", {"connectivity": "intermittent"}, []),
    # --- regions: flags, a city named as a cloud's region, 'any US region', a region in a list of requirements ------
    ("Quick one: 🚀 250M tokens/day, 🇪🇺 data only, 🔒 SOC 2.", {"data_region": "eu"}, []),
    ("🇨🇦 data stays in country", {"data_region": "ca"}, []),
    ("We're in the Toronto region only.", {"data_region": "ca"}, []),
    ("everything is hosted in the Mumbai region", {"data_region": "apac"}, []),
    ("we're a Toronto startup, 5M tokens a day", {}, ["data_region"]),
    ("our office is in London, 3M tokens a day", {}, ["data_region"]),
    ("Data can go to any US region.", {"data_region": "us"}, []),
    ("any EU region works for us", {"data_region": "eu"}, []),
    ("any cloud region is fine", {"data_region": "any"}, []),
    ("tl;dr: 60M tok/day, GDPR, EU, best effort OK", {"data_region": "eu"}, []),
    ("HIPAA, US, 24/7", {"data_region": "us"}, []),
    ("offices in the UK, US and Canada; SOC 2, HIPAA", {}, ["data_region"]),
    # --- leaving an organisation's own servers, said without a determiner or with 'from' -------------------------
    ("Data cannot go outside from hospital servers.", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("patient letters must not leave clinic servers", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("records can't go out of the bank's data centre", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    # --- a prohibition said at the end of the sentence ----------------------------------------------------------
    ("Processing of special-category data outside Company-controlled infrastructure is prohibited.",
     {"data_sensitivity": "restricted"}, []),
    ("storage of claimant files off our premises is forbidden", {"data_sensitivity": "restricted"}, []),
    ("transfer of client data outside our own data centres is not allowed", {"data_sensitivity": "restricted"}, []),
    # --- a region denied by its clause --------------------------------------------------------------------------
    ("has to stay in the EU; a sovereign EU cloud is acceptable, US hyperscaler regions are not.",
     {"data_region": "eu"}, []),
    ("UK regions are fine, US ones aren't", {"data_region": "uk"}, []),
    ("legal says no more data to China-based providers", {}, ["data_region"]),
    ("data can't be sent to the US", {}, ["data_region"]),
    ("it must not go to any provider outside the EU", {"data_region": "eu"}, []),
    ("Bank in Kuala Lumpur; regulators require customer data to stay in Malaysia", {"data_region": "apac"}, []),
    ("our records have to remain in New Zealand", {"data_region": "apac"}, []),
    ("keep it all in Romania or at least in the EU", {"data_region": "eu"}, []),
    # --- "internal" said of who uses a tool is the weakest reading of the data ------------------------------------
    ("Internal research tool, no SLA. About 300k tokens a day, public web data only.",
     {"data_sensitivity": "public"}, []),
    ("an internal helpdesk bot that reads customer tickets", {"data_sensitivity": "confidential"}, []),
    ("it's an internal tool over our wiki", {"data_sensitivity": "internal"}, []),
    ("internal users only; the corpus is published papers", {"data_sensitivity": "public"}, []),
    # --- the UK OFFICIAL marking ------------------------------------------------------------------------------------
    ("It's government OFFICIAL data. UK cloud regions are acceptable, nothing outside the UK.",
     {"data_sensitivity": "confidential", "data_region": "uk"}, []),
    ("UK council, documents are OFFICIAL", {"data_sensitivity": "confidential"}, []),
    ("everything is marked official-sensitive", {"data_sensitivity": "confidential"}, []),
    ("Classification: OFFICIAL", {"data_sensitivity": "confidential"}, []),
    ("Data is OFFICIAL-SENSITIVE and must stay on our own accredited kit", {"data_sensitivity": "restricted"}, []),
    ("we read the official docs of Kubernetes", {}, ["data_sensitivity"]),
    ("THIS IS OUR OFFICIAL REQUEST FOR 5M TOKENS A DAY", {}, ["data_sensitivity"]),
    # --- a network with no way out ---------------------------------------------------------------------------------
    ("the plant floor network has no outside access at all", {"connectivity": "offline"}, []),
    ("the kiosks have no internet access", {"connectivity": "offline"}, []),
    ("our OT LAN gets no external connection, by design", {"connectivity": "offline"}, []),
    # --- the capability class said as a label ----------------------------------------------------------------------
    ("quality: mid", {"capability": "mid"}, []),
    ("Capability - frontier", {"capability": "frontier"}, []),
    ("model tier: small", {"capability": "small"}, []),
    ("Quality: best effort", {"availability": "best_effort"}, ["capability"]),
    # --- running an open model ourselves is serving; through someone's API it is not --------------------------------
    ("We run DeepSeek-V3.1 on rented H200s already for a side project, the infra team knows the drill.",
     {"infra_skills": "mlops"}, []),
    ("we run llama 3.1 8b on our own gpu server for the chatbot", {"infra_skills": "mlops"}, []),
    ("we ran llama on a laptop with ollama for a demo", {"infra_skills": "basic"}, []),
    ("we are running Llama 3 via Bedrock", {}, ["infra_skills"]),
    ("running Mistral 7B through the Together API", {}, ["infra_skills"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), ROWS)
def test_reads(text: str, expected: dict[str, object], absent: list[str]) -> None:
    check(text, {**expected, **dict.fromkeys(absent)})


# A property of the stance reader: any failure topic with any stance, in either order, negated or not.
FAILURES = ["downtime", "an outage", "the bot being down", "if the service is down", "a node dying",
            "outages", "when the assistant goes down"]
TOLERABLE = ["is acceptable", "is fine", "is no big deal", "is survivable", "is not the end of the world"]
INTOLERABLE = ["is unacceptable", "costs us revenue", "is a disaster", "is a big problem", "loses us orders"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FAILURES), st.sampled_from(TOLERABLE + INTOLERABLE), st.booleans(),
       st.sampled_from(["", "honestly ", "For the plant, ", "tbh "]))
def test_failure_stance_property(topic: str, stance: str, deny: bool, lead: str) -> None:
    said = stance.replace("is ", "is not ", 1) if deny and stance.startswith("is ") else stance
    denied = said != stance
    found = parse_stance.facts(f"{lead}{topic} {said}.")
    value = "best_effort" if stance in TOLERABLE else "ha"
    if denied:
        value = {"ha": "best_effort", "best_effort": "ha"}[value]
    assert [f.value for f in found] == [value], (topic, said, found)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["Uptime", "Availability", "HA", "Redundancy", "uptime"]),
       st.sampled_from([(": high", "ha"), (" is critical", "ha"), (" is a must", "ha"),
                        (": nice to have", "best_effort"),
                        (" is low priority", "best_effort"), (" is not critical", "best_effort"),
                        (" - optional", "best_effort"), (" is non-negotiable", "ha")]))
def test_uptime_stance_property(topic: str, stance: tuple[str, str]) -> None:
    found = parse_stance.facts(f"{topic}{stance[0]}, it's a claims workflow")
    assert [f.value for f in found] == [stance[1]], (topic, stance, found)
