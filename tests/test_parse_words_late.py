"""The word-based reader, late round of issue #17: general mechanisms, each read in phrasings of our own (other
industries and styles than the tuning sentence that showed the gap). Regression rows for the mechanisms, not
accuracy (accuracy is measured on held-out messages by bench/parse_holdout.py).

Each row: (message, facts that must be read, fields that must not be read)."""

from __future__ import annotations

import pytest

from tests.parse_support import check

ROWS: list[tuple[str, dict[str, object], list[str]]] = [
    # --- data may go anywhere: a place word or region said to be anything ---------------------------------
    ("the data can live anywhere, it's all public anyway", {"data_region": "any"}, []),
    ("Region: any.", {"data_region": "any"}, []),
    ("we're fine with whichever region, the content is published already", {"data_region": "any"}, []),
    ("it can be processed in any cloud region", {"data_region": "any"}, []),
    ("no preference on region for this one", {"data_region": "any"}, []),
    ("the documents can sit in any data centre in the world", {"data_region": "any"}, []),
    # --- a region lock said with a verb of keeping ------------------------------------------------------------
    ("Kids' records, so please keep everything in Canada.", {"data_region": "ca"}, []),
    ("we keep all member files in the EU", {"data_region": "eu"}, []),
    ("hold the transcripts in the UK", {"data_region": "uk"}, []),
    ("store it in Australia only", {"data_region": "apac"}, []),
    ("Loyalty data, which we house in the US.", {"data_region": "us"}, []),
    # --- online: a network said to be there all the time ----------------------------------------------------
    ("the kiosks are always on the store network", {"connectivity": "online"}, ["availability"]),
    ("standard corporate networking, always up", {"connectivity": "online"}, ["availability"]),
    ("networking is just the usual datacentre LAN", {"connectivity": "online"}, []),
    ("the plant is permanently connected over fibre", {"connectivity": "online"}, []),
    ("the tills stay connected to head office around the clock", {"connectivity": "online"}, []),
    # --- intermittent: cut off for a while, then back ----------------------------------------------------------
    ("the research vessel has no link for a month, then uploads everything when it docks",
     {"connectivity": "intermittent"}, []),
    ("our field units go dark for days and catch up when they're back in range", {"connectivity": "intermittent"}, []),
    ("the trucks are out of contact for hours, then sync back at the yard", {"connectivity": "intermittent"}, []),
    ("the handhelds are online only when parked at the depot", {"connectivity": "intermittent"}, []),
    ("the drones are connected only while charging at base", {"connectivity": "intermittent"}, []),
    ("scanners get a network only back at the warehouse", {"connectivity": "intermittent"}, []),
    # --- best effort: downtime said not to matter --------------------------------------------------------------
    ("an outage now and then is no biggie", {"availability": "best_effort"}, []),
    ("outages are tolerable for us, it's an internal helper", {"availability": "best_effort"}, []),
    ("we can live with some downtime", {"availability": "best_effort"}, []),
    ("uptime isn't critical here", {"availability": "best_effort"}, []),
    ("if the box is down for an afternoon nobody will care", {"availability": "best_effort"}, []),
    ("downtime is a big deal for us, it's the checkout flow", {}, ["availability"]),
    # --- one model kept: versions pinned -------------------------------------------------------------------------
    ("we pin model versions and upgrade rarely", {"rapid_iteration": False}, []),
    ("Weights get frozen once validated.", {"rapid_iteration": False}, []),
    ("no frequent upgrades please, audit hates change", {"rapid_iteration": False}, []),
    ("we lock versions per product release", {"rapid_iteration": False}, []),
    ("pinning versions is mandatory for our regulator", {"rapid_iteration": False}, []),
    # --- compliance: a regime answered no in a terse list ---------------------------------------------------
    ("GDPR yes, HIPAA no", {"compliance": ["gdpr"]}, []),
    ("SOC 2: yes. FedRAMP: no.", {"compliance": ["soc2"]}, []),
    ("PCI ❌, SOC2 ✅", {"compliance": ["soc2"]}, []),
    ("HIPAA - n/a. GDPR - yes", {"compliance": ["gdpr"]}, []),
    ("FedRAMP: not needed; SOC 2 type II: required", {"compliance": ["soc2"]}, []),
    # --- compliance in a conditional: "if we win X we'd need Y" ------------------------------------------------
    ("If we win the defence bid we would need FedRAMP. Today it's ~2M tokens a day.", {}, ["compliance"]),
    ("if the clinic deal closes we'd need HIPAA, but for now it's all internal docs", {}, ["compliance"]),
    ("If we sign the bank next quarter, PCI would apply.", {}, ["compliance"]),
    ("In case we onboard EU clients we'd need GDPR", {}, ["compliance"]),
    ("We need HIPAA if we keep the hospital as a client, and we will.", {}, []),
    # --- skills said as a label ----------------------------------------------------------------------------------
    ("Ops skills: zero. We're designers.", {"infra_skills": "none"}, []),
    ("Infra experience: none", {"infra_skills": "none"}, []),
    ("in-house expertise: nil, we outsource", {"infra_skills": "none"}, []),
    ("skills - none to speak of", {"infra_skills": "none"}, []),
    ("DevOps capacity: none, really", {"infra_skills": "none"}, []),
    # --- skills: operating GPU and training clusters ---------------------------------------------------------
    ("we operate a training cluster of 64 H100s with Slurm", {"infra_skills": "mlops"}, []),
    ("our team manages 16 A100 nodes for training", {"infra_skills": "mlops"}, []),
    ("the research group runs an HPC cluster with 200 GPUs", {"infra_skills": "mlops"}, []),
    ("we've been running a fleet of L40S boxes for fine-tuning", {"infra_skills": "mlops"}, []),
    ("we own 8 H100s", {}, ["infra_skills"]),
    # --- skills: a requirement in a list is not what the team runs -----------------------------------------------
    ("Needs:\n- host Qwen3 for the support bot\n- our devops folks run Docker and Terraform", {"infra_skills": "basic"},
     []),
    ("Goal:\n- serve Llama 3.1 8B internally\n- team: two SREs on Kubernetes, no model serving yet",
     {"infra_skills": "basic"}, []),
    ("- deploy a model in our own racks\n- 3 sysadmins who look after our VMware cluster", {"infra_skills": "basic"},
     []),
    # --- restricted: the team's own colo, estate or environment ---------------------------------------------------
    ("everything has to stay in our Leeds colo", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("the files must remain on our own estate", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("data stays in our colocation cage in Slough", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("can't leave our own Rechenzentrum (data centre)", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("lab results stay on-prem in our qualified environment",
     {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("the designs must remain on-premises", {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    # --- the team's own cloud account in a region: confidential; the account alone: restricted -----------------
    ("client data must stay in our own AWS account in eu-central-1",
     {"data_sensitivity": "confidential", "hosting": "own_cloud", "data_region": "eu"}, []),
    ("it all stays inside our own GCP project, Canadian region", {"data_sensitivity": "confidential",
                                                                  "hosting": "own_cloud"}, []),
    ("Claims data has to remain in our own Azure subscription in Australia East",
     {"data_sensitivity": "confidential", "hosting": "own_cloud"}, []),
    ("anything touching card data stays in our own AWS account", {"data_sensitivity": "restricted",
                                                                  "hosting": "own_cloud"}, []),
    # --- an open model's API host named with a possessive -------------------------------------------------------
    ("Using Together's Llama 3.3 70B Instruct Turbo for the chatbot API",
     {"api_model": "together/meta-llama/llama-3.3-70b-instruct-turbo"}, []),
    ("Groq's Llama 3.3 70B through their API", {"api_model": "groq/llama-3.3-70b-versatile"}, []),
    # --- hosting: any provider, whichever is cheapest -----------------------------------------------------------
    ("we'd rent whatever GPU cloud is cheapest", {"hosting": "any"}, []),
    ("happy with whichever provider is cheapest this month", {"hosting": "any"}, []),
    ("any neocloud will do", {"hosting": "any"}, []),
    ("just use whichever GPU host has capacity", {"hosting": "any"}, []),
    ("we'll go with whatever cloud has H100s for less", {"hosting": "any"}, []),
    # --- capability: a class said to be needed, or the level of the model named ---------------------------------
    ("Only a small model is needed, it's checklists.", {"capability": "small"}, []),
    ("we only need a small model for this", {"capability": "small"}, []),
    ("small models are sufficient here", {"capability": "small"}, []),
    ("it needs just a small LLM", {"capability": "small"}, []),
    ("We run Claude Haiku on it today and that quality is fine.", {"capability": "mid"}, []),
    ("Gemini 2.5 Pro today; that tier is what we need.", {"capability": "frontier"}, []),
    ("We use GPT-4.1 mini on customs paperwork and that level is enough.", {"capability": "mid"}, []),
    ("a Mistral Small-class model would do", {"capability": "mid"}, []),
    # --- second probe of our own (65/80 read before): the gaps it found, each a family ------------------------
    ("Inputs are open government datasets.", {"data_sensitivity": "public"}, []),
    ("we summarise open research data", {"data_sensitivity": "public"}, []),
    ("It's all employee HR cases, very private.", {"data_sensitivity": "confidential"}, []),
    ("the notes are deeply personal", {"data_sensitivity": "confidential"}, []),
    ("Data location is irrelevant for us.", {"data_region": "any"}, []),
    ("server location doesn't matter", {"data_region": "any"}, []),
    ("We can host it anywhere.", {"hosting": "any"}, []),
    ("we could run it anywhere in the EU", {}, ["hosting"]),
    ("Renting GPUs is totally fine with us.", {"hosting": "any"}, []),
    ("We don't mind which cloud.", {"hosting": "any"}, []),
    ("Hosting: own hardware only.", {"hosting": "on_prem"}, []),
    ("is it cheaper with own servers?", {}, ["hosting"]),
    ("Patchy 4G in rural areas, so the tablets work offline and sync later.", {"connectivity": "intermittent"}, []),
    ("the meters run disconnected, then upload at night", {"connectivity": "intermittent"}, []),
    ("If it's down for a day, meh.", {"availability": "best_effort"}, []),
    ("No SLA needed.", {"availability": "best_effort"}, []),
    ("there's no formal SLA, it's a side tool", {"availability": "best_effort"}, []),
    ("Skills: Kubernetes, Terraform.", {"infra_skills": "basic"}, []),
    ("- experience: docker and some ansible", {"infra_skills": "basic"}, []),
    ("We'll stick with whatever model we deploy first.", {"rapid_iteration": False}, []),
    ("We chase the SOTA constantly.", {"rapid_iteration": True}, []),
    # --- third probe of our own (58/80 read before) ---------------------------------------------------------
    ("we're a dental chain, x-ray reports have to stay in-house",
     {"data_sensitivity": "restricted", "hosting": "on_prem"}, []),
    ("Nothing can be sent outside the company network.", {"data_sensitivity": "restricted"}, []),
    ("we only process anonymised survey answers", {"data_sensitivity": "internal"}, []),
    ("the texts are our marketing website content", {"data_sensitivity": "public"}, []),
    ("datasets are internal but not sensitive", {"data_sensitivity": "internal"}, []),
    ("We would deploy in our company's Azure tenant.", {"hosting": "own_cloud"}, []),
    ("we are ok with hosting at any reputable GPU provider", {"hosting": "any"}, []),
    ("It's a closed network with no route to the internet", {"connectivity": "offline"}, []),
    ("devices connect maybe once a week", {"connectivity": "intermittent"}, []),
    ("the kiosks run on LTE, which drops every now and then", {"connectivity": "intermittent"}, []),
    ("an hour of downtime won't hurt anyone", {"availability": "best_effort"}, []),
    ("latency matters but uptime not so much", {"availability": "best_effort"}, []),
    ("must never go down, it's the 112 emergency line", {"availability": "ha"}, []),
    ("the model has to stay fixed for the length of the clinical study", {"rapid_iteration": False}, []),
    ("upgrading the model means re-certifying, which takes months", {"rapid_iteration": False}, []),
    ("We'd keep using whichever model passes validation, for years", {"rapid_iteration": False}, []),
    ("staying current with the newest models matters a lot to us", {"rapid_iteration": True}, []),
    ("we tried 8B models, they hallucinate too much", {"capability": "mid"}, []),
    ("data: restricted. hosting: on-prem. skills: basic",
     {"data_sensitivity": "restricted", "hosting": "on_prem", "infra_skills": "basic"}, []),
    # --- fourth probe: what is planned, asked or priced is not stated (26/30 read before) -----------------------
    ("SOC 2 is on the roadmap for 2027.", {}, ["compliance"]),
    ("FedRAMP is planned, we're not there", {}, ["compliance"]),
    ("We might need HA later, not now.", {}, ["availability"]),
    ("What would HA cost us?", {}, ["availability"]),
    ("how much would HIPAA compliance cost on our own hardware?", {}, ["compliance"]),
    ("Does the data have to stay in the EU? Not sure yet.", {}, ["data_region"]),
    ("must it stay in Canada? legal hasn't said", {}, ["data_region"]),
    ("nobody cares about the latest models here", {"rapid_iteration": False}, ["availability"]),
    ("a tablet that's offline in tunnels and rural areas but usually on 4G", {"connectivity": "intermittent"}, []),
    ("the scanners go offline in basements", {"connectivity": "intermittent"}, []),
    ("The tool drafts marketing emails; a 7B model would probably be fine honestly.", {"capability": "small"}, []),
    ("a small model will likely be enough", {"capability": "small"}, []),
    # --- fifth probe of our own (25/40 read before) -----------------------------------------------------------
    ("Data is pseudonymised call transcripts.", {"data_sensitivity": "internal"}, []),
    ("The prompts contain source code for our unreleased game.", {"data_sensitivity": "restricted"}, []),
    ("It's student essays, minors, so careful.", {"data_sensitivity": "confidential"}, []),
    ("The inputs are press releases we publish anyway.", {"data_sensitivity": "public"}, []),
    ("We'll put it on rented H100s from whoever, doesn't matter.", {"hosting": "any"}, []),
    ("Cloud is a no-go for us.", {"hosting": "on_prem"}, []),
    ("Connectivity: satellite, maybe 2 hours a day.", {"connectivity": "intermittent"}, []),
    ("The trains have wifi but it's unusable half the time.", {"connectivity": "intermittent"}, []),
    ("If the bot is down, the agents just answer manually.", {"availability": "best_effort"}, []),
    ("must survive a datacentre outage", {"availability": "ha"}, []),
    ("Downtime costs us thousands per minute.", {"availability": "ha"}, []),
    ("we want to evaluate every major release", {"rapid_iteration": True}, []),
    ("we prefer to freeze the version after go-live", {"rapid_iteration": False}, []),
    ("I can set up a VM but that's about it", {"infra_skills": "basic"}, []),
]


@pytest.mark.parametrize(("text", "expected", "absent"), ROWS)
def test_reads(text: str, expected: dict[str, object], absent: list[str]) -> None:
    check(text, {**expected, **dict.fromkeys(absent)})
