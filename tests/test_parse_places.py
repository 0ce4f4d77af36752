"""Where a model may run and what the data is, read from sentence structure (bot/core/parse_places.py, the
connectivity and churn rules in bot/core/parse_lexicon.py, negation scope in bot/core/parse_scope.py).

Each mechanism is shown on phrasings written for these tests (not copied from a tuning or held-out set), with
the near misses it must leave alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.parse import extract
from tests.parse_support import catalogs


def read(text: str) -> dict[str, Any]:
    return extract(text, catalogs()).profile_facts()


def check(text: str, want: dict[str, Any], absent: tuple[str, ...] = ()) -> None:
    got = read(text)
    for field, value in want.items():
        assert got.get(field) == value, (text, field, got)
    for field in absent:
        assert field not in got, (text, field, got)


# A level said as a label is stated: it beats a level inferred from the kind of data.
@pytest.mark.parametrize(("text", "level"), [
    ("Classification: confidential. About 5M tokens a day.", "confidential"),
    ("Support tickets (confidential), nothing regulated.", "confidential"),
    ("The contracts are restricted-level material.", "restricted"),
    ("Mostly release notes, so internal at worst.", "internal"),
    ("Account numbers are masked upstream; what the model reads is internal-grade.", "internal"),
    ("Privileged correspondence, but it's client-confidential and a vendor under NDA is acceptable.", "confidential"),
    ("These pricing sheets are commercially sensitive.", "confidential"),
])
def test_level_labels(text: str, level: str) -> None:
    check(text, {"data_sensitivity": level})


# "public" said of what the model reads, not of the sector, the cloud, an API or people.
@pytest.mark.parametrize("text", [
    "It answers over our public knowledge base.",
    "Bus timetables, which are public anyway.",
    "No staff data, no customer data, only the public API reference.",
    "The input is our public podcast archive, so no data concerns at all.",
])
def test_public_said_of_the_data(text: str) -> None:
    check(text, {"data_sensitivity": "public"})


@pytest.mark.parametrize(("text", "want"), [
    ("Our customers are members of the public and ask about their bills.", None),
    ("We're a public company, data is internal.", "internal"),
    ("We use the public API from OpenAI today.", None),
    ("The public cloud is fine for this, the content is internal wiki pages.", "internal"),
    ("Our app is public-facing but the data is customer PII.", "confidential"),
    ("The model must be latency sensitive.", None),
])
def test_public_and_sensitive_said_of_something_else(text: str, want: str | None) -> None:
    assert read(text).get("data_sensitivity") == want, text


# Hosting: owned places, the team's own cloud, any rented GPU; a predicate can deny what its clause named.
@pytest.mark.parametrize(("text", "hosting"), [
    ("We colocated two racks at a Frankfurt facility; that's where it would go.", "on_prem"),
    ("Nothing can leave our DCs.", "on_prem"),
    ("Call recordings stay on-site, full stop.", "on_prem"),
    ("The records can't go anywhere outside our clinic network.", "on_prem"),
    ("It runs in the same GCP project as our app.", "own_cloud"),
    ("The pilot would run on our GKE cluster.", "own_cloud"),
    ("Fine to self-host on AWS, provided it's our account.", "own_cloud"),
    ("Hosting goes on our own Azure, not on a neocloud.", "own_cloud"),
    ("we'd happily rent A100s from anyone cheap", "any"),
    ("GPUs from any provider are fine.", "any"),
    ("Lambda is out, Azure under our own subscription is fine.", "own_cloud"),
])
def test_hosting(text: str, hosting: str) -> None:
    check(text, {"hosting": hosting})


@pytest.mark.parametrize("text", [
    "Hosting on RunPod is a no-go for security.",
    "Azure is fine and Lambda is out.",
    "Our AWS bill is 30k a month.",
    "we'll never rent GPUs from anyone",
])
def test_hosting_denied_or_not_stated(text: str) -> None:
    assert read(text).get("hosting") in (None, "on_prem", "own_cloud"), text
    assert read(text).get("hosting") != "any", text


@pytest.mark.parametrize(("text", "regimes"), [
    ("GDPR doesn't apply to us, we're US only.", None),
    ("HIPAA is out of scope here but SOC 2 matters.", ["soc2"]),
    ("Tokenisation keeps us out of PCI scope; ISO only.", None),
    ("We're in scope for PCI DSS.", ["pci_dss"]),
])
def test_compliance_denied_by_its_predicate(text: str, regimes: list[str] | None) -> None:
    assert read(text).get("compliance") == regimes, text


def test_a_denied_regime_does_not_set_the_data_level() -> None:
    assert read("HIPAA is out of scope here but SOC 2 matters.").get("data_sensitivity") is None


# Connectivity: a network qualified as part-time, absolute "no signal", a good line.
@pytest.mark.parametrize(("text", "connectivity"), [
    ("The robots have wifi only in the charging bay.", "intermittent"),
    ("Our trucks have LTE on and off throughout the day.", "intermittent"),
    ("Out on the trawler we get a satellite link when we're lucky.", "intermittent"),
    ("The mine's radio link is down several times a shift.", "intermittent"),
    ("The harvesters have coverage only near the barns, otherwise offline.", "intermittent"),
    ("No signal in the tunnels for a few minutes each trip.", "intermittent"),
    ("The boats have no signal whatsoever once they leave the harbour.", "offline"),
    ("Field medics must work with no coverage at all.", "offline"),
    ("The kiosks sit on solid fibre, always on.", "online"),
    ("The offshore platform has a dedicated leased line.", "online"),
])
def test_connectivity(text: str, connectivity: str) -> None:
    check(text, {"connectivity": connectivity})


def test_always_up_said_of_a_link_is_not_availability() -> None:
    check("The depots are connected by a reliable link, always up.", {"connectivity": "online"}, ("availability",))
    check("The link is always up and the service must be up 24x7.", {"connectivity": "online", "availability": "ha"})


# Availability: architecture words, round-the-clock, and downtime answered with a rerun.
@pytest.mark.parametrize(("text", "availability"), [
    ("Two sites, hot standby, we can't lose the service.", "ha"),
    ("Active-passive across both DCs so either site can fail.", "ha"),
    ("Dispatch runs 24x7 and so must this.", "ha"),
    ("It's a prototype, so if the node dies we just restart it.", "best_effort"),
    ("If it goes down overnight we'll rerun the batch in the morning.", "best_effort"),
])
def test_availability(text: str, availability: str) -> None:
    check(text, {"availability": availability})


# Model churn from a change and its frequency in one sentence.
@pytest.mark.parametrize(("text", "rapid"), [
    ("We upgrade the model maybe once a year after validation.", False),
    ("Weights refreshes happen annually, after the audit.", False),
    ("The weights must remain the same for the audit period.", False),
    ("Validated once, no updates after that.", False),
    ("We swap models roughly every two weeks.", True),
    ("We want the newest open models quickly after release.", True),
])
def test_model_churn(text: str, rapid: bool) -> None:
    check(text, {"rapid_iteration": rapid})


@pytest.mark.parametrize("text", [
    "Our monthly spend on OpenAI models is 5k and we upgrade the app every sprint.",
    "Our marketing team publishes the posts twice a year.",
])
def test_churn_needs_a_model_change(text: str) -> None:
    assert "rapid_iteration" not in read(text), text


# A region standing as its own clause, list line or bracket qualifies its sentence; a city only as a cloud's place.
@pytest.mark.parametrize(("text", "region"), [
    ("Volumes:\n- 40M tokens/day\n- HIPAA, US\n- one SRE", "us"),
    ("Three apps, one contract. All UK. Spend is $4k/month.", "uk"),
    ("Everything runs in our Azure tenant (Germany West Central).", "eu"),
    ("We bill in dollars, but it's all EU traffic.", "eu"),
    ("We'd run it in our GCP project, Zurich.", "eu"),
])
def test_region_qualifying_its_sentence(text: str, region: str) -> None:
    check(text, {"data_region": region, "data_sensitivity": "confidential"})


@pytest.mark.parametrize("text", [
    "We're based in Paris and the data is public.",
    "Our CEO lives in Frankfurt.",
    "Most users are in the US, some in Canada.",
    "Our client (a retailer, Spain) wants faster answers.",
])
def test_where_the_team_is_is_not_a_region_lock(text: str) -> None:
    assert "data_region" not in read(text), text


@pytest.mark.parametrize(("text", "want"), [
    ("Regulators forbid any external AI vendors for this data, EU only.", {"data_sensitivity": "restricted"}),
    ("We'd keep everything in our own secure enclave.", {"data_sensitivity": "restricted", "hosting": "on_prem"}),
    ("Happy to rent from Hetzner or OVH.", {"hosting": "any"}),
    ("There are no rules about where the model runs.", {"hosting": "any"}),
    ("Cloud vendors are ok, ideally our own subscription.", {"hosting": "own_cloud"}),
])
def test_where_data_and_models_may_go(text: str, want: dict[str, Any]) -> None:
    check(text, want)


def test_keeping_weights_in_a_cloud_account_is_not_restricted() -> None:
    check("We'd keep the weights in our own AWS account.", {"hosting": "own_cloud"}, ("data_sensitivity",))


@pytest.mark.parametrize(("text", "want"), [
    ("If a node dies the queue simply retries later.", {"availability": "best_effort"}),
    ("A single replica behind the gateway is fine for now.", {"availability": "best_effort"}),
    ("Wifi at the warehouse is ok for now.", {"connectivity": "online"}),
    ("The lab is isolated from the internet.", {"connectivity": "offline"}),
    ("We can ship a box there, but it will never be connected.", {"connectivity": "offline"}),
    ("The satellite link drops for hours at a time.", {"connectivity": "intermittent"}),
    ("We'd adopt the latest open weights the day they are released.", {"rapid_iteration": True}),
    ("Whenever a new Llama model comes out we want it in prod.", {"rapid_iteration": True}),
])
def test_more_availability_connectivity_churn(text: str, want: dict[str, Any]) -> None:
    check(text, want)


@pytest.mark.parametrize("text", [
    "One GPU would be enough for the volume.",
    "If it's down we can't wait, customers are live.",
])
def test_capacity_and_urgency_are_not_best_effort(text: str) -> None:
    assert read(text).get("availability") != "best_effort", text


def test_network_good_enough_for_something_else_is_not_read() -> None:
    assert "connectivity" not in read("Is the network good enough for latency? not sure.")


def test_struck_through_text_is_withdrawn() -> None:
    check("Compliance: ~~SOC 2~~ PCI DSS only.", {"compliance": ["pci_dss"]})
    check("we're ~HIPAA~ GDPR, sorry", {"compliance": ["gdpr"]})
    check("~30M tokens/day, ~20% output, GDPR", {"compliance": ["gdpr"]})  # "~" as "about" is not a strike


@pytest.mark.parametrize(("text", "absent"), [
    ("Pretty flat traffic around the clock, 35k tokens an hour.", "availability"),  # how traffic spreads
    ("We compete on shipping features first.", "connectivity"),  # not "on ships"
    ("Drones sync their logs when they land.", "rapid_iteration"),  # not a model release
    ("Sorry, I mixed this up with the US project.", "data_region"),
])
def test_words_that_only_look_like_place_facts(text: str, absent: str) -> None:
    assert absent not in read(text), text


# What may not be left, when it is a region, is a region lock (confidential, a region), not the team's own servers.
@pytest.mark.parametrize(("text", "region"), [
    ("Our contracts say nothing leaves the EU.", "eu"),
    ("Claims data can't leave Canada, and we're fine with a Canadian cloud region.", "ca"),
    ("The records may not leave the country (France).", "eu"),
    ("Nothing we process can go outside the UK.", "uk"),
])
def test_leaving_a_region_is_a_region_lock(text: str, region: str) -> None:
    check(text, {"data_region": region, "data_sensitivity": "confidential"}, absent=("hosting",))


# ... and what may not leave the team's own estate is restricted, however the estate is described.
@pytest.mark.parametrize("text", [
    "Nothing patient-related can leave our own data centres.",
    "Scans must not leave our own Frankfurt server room.",
    "Records have to stay in Austria and inside our own racks.",
    "The documents stay in the UK on our own accredited hardware.",
    "Source must never leave company infrastructure.",
    "Payroll files have to stay in our own DC.",
    "Case files cannot go outside of the hospital servers.",
])
def test_leaving_the_teams_own_estate_is_restricted(text: str) -> None:
    check(text, {"data_sensitivity": "restricted", "hosting": "on_prem"})


# Hosting a model on the team's own kit is where it runs, not a rule about the data.
def test_hosting_on_own_kit_is_not_a_data_rule() -> None:
    check("Data must remain in Spain; we'd run it on our own servers in Madrid.",
          {"hosting": "on_prem", "data_sensitivity": "confidential", "data_region": "eu"})
    check("We'd keep the data in our own server room.", {"data_sensitivity": "restricted", "hosting": "on_prem"})


# A cloud someone with the say has allowed lowers a data-type reading of restricted; a concession ("even with")
# does not, nor does it lower a rule about the team's own servers.
@pytest.mark.parametrize(("text", "level"), [
    ("The designs are under NDA, but legal approved Azure for them.", "confidential"),
    ("Member records are covered by NDA and our AWS account is cleared for them.", "confidential"),
    ("It's all under NDA; the client OKs Anthropic under contract.", "confidential"),
    ("It's PHI, and we signed a BAA w/ Google last year.", "confidential"),
    ("Medical records can't go to any cloud, even under a BAA.", "restricted"),
    ("Medical records can't leave our own racks, though legal approved Azure for other things.", "restricted"),
])
def test_cloud_allowed_lowers_restricted(text: str, level: str) -> None:
    check(text, {"data_sensitivity": level})


# PHI and BAAs are HIPAA's own terms; denied, they say nothing about HIPAA.
@pytest.mark.parametrize(("text", "regimes"), [
    ("The notes are PHI.", ["hipaa"]),
    ("We'd need a BAA from whoever hosts it.", ["hipaa"]),
    ("Protected health information, so be careful.", ["hipaa"]),
    ("No PHI in this pipeline.", None),
    ("We run Phi-4 for this.", None),
])
def test_phi_and_baa_mean_hipaa(text: str, regimes: list[str] | None) -> None:
    assert read(text).get("compliance") == regimes, text


# Connectivity from what the network does over time: there some of the time, failing now and then, or gone for a
# while (intermittent); cut off by design (offline); dependable (online).
@pytest.mark.parametrize(("text", "level"), [
    ("The trucks get LTE three times a day at the depots.", "intermittent"),
    ("Our radio uplink is available about 70% of the time.", "intermittent"),
    ("The kiosk has to keep answering whenever the shop broadband drops.", "intermittent"),
    ("Inspectors are offline for hours at a time in the tunnels.", "intermittent"),
    ("Nurses work offline most of the shift and sync at the end.", "intermittent"),
    ("Hotel wifi in those venues can't be relied on.", "intermittent"),
    ("The lab network is walled off from the internet.", "offline"),
    ("The site has fully redundant fibre and the uplink is rock solid.", "online"),
    ("Bandwidth isn't a concern at HQ.", "online"),
])
def test_connectivity_over_time(text: str, level: str) -> None:
    check(text, {"connectivity": level})


# Where a model runs, said by the kit the team has: on premises.
@pytest.mark.parametrize("text", [
    "We'd serve it on the four A6000 cards we already have.",
    "It would live on the three boxes that we own in Leeds.",
    "Inference must run on those workstations, nothing else.",
    "The model runs onboard each tractor.",
    "We have 12 A100 nodes in the basement.",
])
def test_hosting_on_own_kit(text: str) -> None:
    check(text, {"hosting": "on_prem"})


@pytest.mark.parametrize(("text", "hosting"), [
    ("An Azure subscription of our own would host it.", "own_cloud"),
    ("We shut down our data centre in 2024; it has to go in our own GCP project.", "own_cloud"),
    ("Hetzner, Vast.ai or our own Azure, whichever is cheapest.", "any"),
    ("Our own racks or any GPU cloud, we don't mind.", "any"),
    ("Our own AWS account, not some random GPU cloud.", "own_cloud"),
])
def test_hosting_options_and_abandoned_places(text: str, hosting: str) -> None:
    check(text, {"hosting": hosting})


# Model churn from a new model and taking it up (a verb of adopting before it, or "as soon as it's out" after it);
# denied or said not to be needed, the team stays put; a wish that "would be nice" is no requirement.
@pytest.mark.parametrize(("text", "churn"), [
    ("The research group wants to test each new Mistral within a week of it coming out.", True),
    ("We'd move to the next Llama the moment it's released.", True),
    ("Product always asks us to grab the newest checkpoints right away.", True),
    ("We deploy whichever model currently leads the arena.", True),
    ("Honestly no need for the newest models, the current one does the job.", False),
    ("Jumping on every new release isn't something we want.", False),
    ("The latest versions would be great, but it's not essential.", False),
    ("We're fine with a single model for the next two years.", False),
])
def test_model_churn_by_taking_up_new_models(text: str, churn: bool) -> None:
    check(text, {"rapid_iteration": churn})


@pytest.mark.parametrize("text", [
    "We run the latest Llama 3.1 8B on two L4s.",
    "New releases as they come out would be nice to have.",
])
def test_no_churn_from_a_current_model_or_a_wish(text: str) -> None:
    assert read(text).get("rapid_iteration") is not True, text


# Availability from what happens when a part fails: the service carries on (ha), or people wait, fall back or
# shrug (best effort).
@pytest.mark.parametrize(("text", "availability"), [
    ("The agent desk must keep answering if one node goes down.", "ha"),
    ("Trading needs it to stay up even when a GPU dies.", "ha"),
    ("If it's offline for an afternoon, no biggie.", "best_effort"),
    ("When a kiosk crashes the staff simply switch to the printed guide.", "best_effort"),
    ("Support can live without the bot for a few hours.", "best_effort"),
])
def test_availability_from_what_happens_on_failure(text: str, availability: str) -> None:
    check(text, {"availability": availability})


# Data sensitivity: a level as its own clause, "internal" said of what the model reads, and "must not be public".
@pytest.mark.parametrize(("text", "level"), [
    ("Engineering changelogs — internal, nothing more.", "internal"),
    ("Internal but commercially sensitive pricing.", "confidential"),
    ("It drafts internal newsletters for staff.", "internal"),
    ("These posts are not meant to be published.", "internal"),
    ("Our internal onboarding assistant reads the handbook.", "internal"),
])
def test_internal_by_structure(text: str, level: str) -> None:
    check(text, {"data_sensitivity": level})


# Region: corrected after a correction word, named in brackets after "the country", or said to be unconstrained.
@pytest.mark.parametrize(("text", "region"), [
    ("Records stay in Canada — sorry, I mean the UK, we moved the entity.", "uk"),
    ("Nothing may leave the jurisdiction (Japan).", "apac"),
    ("There are no data sovereignty rules for this one.", "any"),
    ("We don't have a residency requirement at all.", "any"),
])
def test_region_by_structure(text: str, region: str) -> None:
    check(text, {"data_region": region})


def test_what_others_ask_is_not_a_requirement() -> None:
    check("Our auditors keep asking whether the logs ever leave the EU.", {}, absent=("data_region",))


def test_a_regime_withdrawn_after_a_correction() -> None:
    assert read("It's GDPR and SOC 2 — oops, not SOC 2, that's the other product.").get("compliance") == ["gdpr"]
    assert sorted(read("HIPAA for the clinic; the billing side is PCI.").get("compliance") or []) == ["hipaa",
                                                                                                     "pci_dss"]


@pytest.mark.parametrize("text", ["What is meant by 'on-prem' here?", "Can you explain what \"air-gapped\" means?"])
def test_a_term_asked_about_is_not_stated(text: str) -> None:
    check(text, {}, absent=("hosting", "connectivity"))
