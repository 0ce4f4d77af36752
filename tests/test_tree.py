"""The decision tree: a scenario table, its structural checks, and properties over random profiles."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.core.advise import cost_report, recommend
from bot.core.knowledge import KnowledgeError, default_dir
from bot.core.profile import ProfileError, build_profile
from bot.core.tree_model import parse_tree
from bot.core.units import DAYS_PER_MONTH

ORDER = {"api": 0, "hybrid": 1, "self_host": 2}
# Data that must stay in the UK: no catalogued host of open-weight models serves the UK, so the cost comparison
# is self-hosting against the team's API (elsewhere a hosted Llama at ~$0.20 per 1M beats both at any volume).
UK = {"data_region": "uk"}

# (name, profile, verdict, triggers that must fire, blockers that must fire, conflicts)
SCENARIOS = [
    # each trigger alone
    ("residency", dict(tokens_per_day="20M", data_sensitivity="restricted", capability="mid"), "self_host",
     {"data_residency"}, set(), set()),
    ("offline", dict(tokens_per_day="1M", connectivity="offline", capability="small"), "self_host",
     {"offline"}, {"low_volume"}, set()),
    ("latency", dict(tokens_per_day="30M", latency_ms=80, capability="small", infra_skills="basic"), "self_host",
     {"latency"}, set(), set()),
    ("customisation", dict(tokens_per_day="50M", fine_tuned=True, capability="mid", infra_skills="mlops"),
     "self_host", {"customisation"}, set(), set()),
    ("cost at scale", dict(tokens_per_day="2B", capability="mid", infra_skills="mlops", api_model="gpt-4o", **UK),
     "self_host", {"cost_at_scale"}, set(), set()),
    ("intermittent", dict(tokens_per_day="5M", connectivity="intermittent", capability="small"), "self_host",
     {"intermittent"}, {"low_volume"}, set()),
    # each reason against alone
    ("frontier", dict(tokens_per_day="50M", capability="frontier", infra_skills="mlops"), "api",
     set(), {"frontier_capability"}, set()),
    ("no skills", dict(tokens_per_day="50M", capability="mid", infra_skills="none", api_model="gpt-4o-mini"),
     "api", set(), {"infra_skills"}, set()),
    ("low volume", dict(tokens_per_day="2M", capability="mid", infra_skills="mlops"), "api",
     set(), {"low_volume"}, set()),
    ("rapid iteration", dict(tokens_per_day="50M", capability="mid", rapid_iteration=True, api_model="gpt-4o-mini"),
     "api", set(), {"rapid_iteration"}, set()),
    # conflicts: a hard constraint meets a reason against
    ("restricted + frontier", dict(tokens_per_day="200M", data_sensitivity="restricted", capability="frontier"),
     "self_host", {"data_residency"}, {"frontier_capability"}, {"hard_constraint_vs_frontier"}),
    ("offline + frontier", dict(tokens_per_day="1M", connectivity="offline", capability="frontier"),
     "self_host", {"offline"}, {"frontier_capability"}, {"hard_constraint_vs_frontier"}),
    ("restricted + no skills + low volume", dict(tokens_per_day="1M", data_sensitivity="restricted",
     infra_skills="none", capability="small"), "self_host", {"data_residency"}, {"infra_skills", "low_volume"}, set()),
    ("latency + frontier", dict(tokens_per_day="20M", latency_ms=50, capability="frontier"), "hybrid",
     {"latency"}, {"frontier_capability"}, {"latency_vs_frontier"}),
    # hybrid
    ("hybrid routing", dict(tokens_per_day="60M", capability="mid", simple_share=0.7, api_model="claude-sonnet-4",
     infra_skills="basic", open_model="llama-3.1-405b", **UK), "hybrid", set(), set(), set()),
    ("hybrid frontier", dict(tokens_per_day="100M", capability="frontier", simple_share=0.7, infra_skills="basic",
     **UK), "hybrid", set(), {"frontier_capability"}, set()),
    ("hybrid churn", dict(tokens_per_day="3B", capability="mid", rapid_iteration=True, infra_skills="mlops",
     api_model="gpt-4o", **UK), "hybrid", {"cost_at_scale"}, {"rapid_iteration"}, set()),

    # sparse profiles
    ("volume only", dict(tokens_per_day="100M"), "api", set(), set(), set()),
    ("nothing", dict(), "api", set(), set(), set()),
]


@pytest.mark.parametrize(("name", "data", "verdict", "triggers", "blockers", "conflicts"), SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_scenarios(knowledge, name, data, verdict, triggers, blockers, conflicts):
    rec = recommend(knowledge, build_profile(data))
    assert rec.verdict == verdict, (rec.headline, [p.rule for p in rec.path])
    assert triggers <= {t.id for t in rec.triggers}
    assert blockers <= {b.id for b in rec.blockers}
    assert {c.id for c in rec.conflicts} == conflicts
    assert rec.path[-1].outcome.endswith(tuple(knowledge.tree.leaves))
    leaf = rec.path[-1].outcome.rsplit(" ", 1)[-1]
    assert knowledge.tree.leaves[leaf].verdict == rec.verdict


def test_sparse_profile_gets_low_confidence_and_missing_list(knowledge):
    rec = recommend(knowledge, build_profile({"tokens_per_day": "100M"}))
    assert rec.confidence == "low"
    fields = [m.field for m in rec.missing]
    assert fields[:3] == ["capability", "data_sensitivity", "infra_skills"]  # capability decides the model
    assert all(m.options for m in rec.missing)
    empty = recommend(knowledge, build_profile({}))
    assert empty.confidence == "low" and [m.field for m in empty.missing[:2]] == ["capability", "tokens_per_day"]
    assert empty.costs is None
    # a headline never states a comparison "at unknown": without a volume it says what it waits for
    assert "unknown" not in empty.headline and "until the volume is known" in empty.headline
    assert "at 100M tokens/day" in recommend(knowledge, build_profile({"tokens_per_day": "100M"})).headline


def test_full_profile_is_confident(knowledge):
    data = dict(tokens_per_day="2B", capability="mid", infra_skills="mlops", api_model="gpt-4o",
                data_sensitivity="internal", connectivity="online", latency_ms=800, fine_tuned=False,
                rapid_iteration=False, simple_share=0.0, open_model="llama-3.3-70b", hosting="any",
                availability="ha", **UK)
    rec = recommend(knowledge, build_profile(data))
    assert rec.verdict == "self_host"
    assert rec.confidence == "high" and rec.missing == []


def test_cost_trigger_includes_ops_labour(knowledge):
    """The same volume flips to api when the team must hire (savings evaporate, computed not asserted)."""
    base = dict(capability="mid", api_model="gpt-4o", open_model="llama-3.3-70b", **UK)
    mlops = cost_report(knowledge, build_profile({**base, "tokens_per_day": "100M", "infra_skills": "mlops"}))
    none = cost_report(knowledge, build_profile({**base, "tokens_per_day": "100M", "infra_skills": "none"}))
    assert none.costs.break_even_tokens_per_day > mlops.costs.break_even_tokens_per_day
    labour = {o.id: o.breakdown.get("ops labour") for o in none.costs.options if o.kind in ("owned", "rented")}
    assert all(v and v > 0 for v in labour.values())


def test_cost_rows_of_the_guide_are_recomputed(knowledge):
    """2×A100 at $4,000-8,000/month over 3B tokens/month is $1.33-2.67 per 1M, not $0.04-0.08."""
    report = cost_report(knowledge, build_profile(dict(tokens_per_day="100M", open_model="llama-3.1-70b",
                                                       hardware="A100 SXM 80GB", infra_skills="mlops")))
    rented = [o for o in report.costs.options if o.kind == "rented"]
    assert rented, "the A100 rented option should be listed"
    for o in rented:
        assert o.per_million_usd == pytest.approx(o.monthly_usd / (100e6 * DAYS_PER_MONTH) * 1e6)
        assert o.per_million_usd > 0.5


def test_impossible_plan_says_so(knowledge):
    report = cost_report(knowledge, build_profile(dict(tokens_per_day="100M", open_model="llama-3.1-70b",
                                                       hardware="RTX 4090")))
    four090 = [o for o in report.costs.options if "4090" in o.label]
    assert all(o.devices >= 2 for o in four090), "one 4090 cannot hold a 70B model"


def test_profile_errors_name_field_and_allowed_values():
    with pytest.raises(ProfileError) as e:
        build_profile({"data_sensitivity": "secret"})
    assert e.value.field == "data_sensitivity" and "restricted" in str(e.value)
    with pytest.raises(ProfileError) as e:
        build_profile({"tokens_per_dya": "100M"})
    assert "tokens_per_day" in str(e.value)
    with pytest.raises(ProfileError) as e:
        build_profile({"output_share": 1.7})
    assert e.value.field == "output_share"


# --- the tree as data ----------------------------------------------------------------------------


ORPHAN = {"question": "q", "fact": "fired", "branches": [{"when": {"else": True}, "rule": "r", "leaf": "api_default"}]}


def _raw_tree():
    return yaml.safe_load((default_dir() / "tree.yaml").read_text())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t["nodes"]["latency"].update(fact="nope"), "unknown fact 'nope'"),
        (lambda t: t["nodes"]["latency"]["branches"][0].update(next="ghost"), "unknown node 'ghost'"),
        (lambda t: t["nodes"]["latency"]["branches"][0].update(fire=["bogus"]), "unknown finding 'bogus'"),
        (lambda t: t["nodes"]["cost"]["branches"][1].update(next="residency"), "cycle"),
        (lambda t: t["nodes"].update(orphan=ORPHAN), "unreachable"),
        (lambda t: t["nodes"]["latency"]["branches"].pop(), "else"),
        (lambda t: t["leaves"]["api_default"].update(verdict="maybe"), "verdict"),
        (lambda t: t["conflicts"]["latency_vs_frontier"].update(all_of=["ghost"]), "finding 'ghost'"),
        (lambda t: t["findings"]["latency"].update(field="latency_s"), "unknown fact 'latency_s'"),
    ],
)
def test_broken_tree_is_rejected_with_its_place(mutate, message):
    raw = copy.deepcopy(_raw_tree())
    mutate(raw)
    with pytest.raises(KnowledgeError) as e:
        parse_tree("tree.yaml", raw)
    assert "tree.yaml" in str(e.value) and message in str(e.value)


def test_adding_a_trigger_is_a_yaml_edit(knowledge):
    """A new finding + branch in YAML fires without code changes."""
    raw = copy.deepcopy(_raw_tree())
    raw["findings"]["eu_sovereignty"] = {"kind": "trigger", "title": "EU sovereignty", "why": "EU data"}
    raw["nodes"]["residency"]["branches"].insert(
        1, {"when": {"eq": "confidential"}, "rule": "confidential", "fire": ["eu_sovereignty"], "next": "connectivity"}
    )
    knowledge_copy = copy.copy(knowledge)
    knowledge_copy.tree = parse_tree("tree.yaml", raw)
    knowledge_copy.memo = {}
    rec = recommend(knowledge_copy, build_profile({"tokens_per_day": "10M", "data_sensitivity": "confidential"}))
    assert "eu_sovereignty" in {t.id for t in rec.triggers}


def _with_tree(knowledge, raw):
    k = copy.copy(knowledge)
    k.tree = parse_tree("tree.yaml", raw)
    k.memo = {}
    return k


def test_the_trees_hard_flags_drive_the_verdict(knowledge):
    """Marking a finding `hard` in YAML alone makes it rule out the cloud APIs; unmarking one lets them back."""
    latency = build_profile({"tokens_per_day": "2M", "latency_ms": 50, "capability": "frontier"})
    assert recommend(knowledge, latency).verdict == "hybrid"  # soft: a local model first, the frontier API after
    raw = copy.deepcopy(_raw_tree())
    raw["findings"]["latency"]["hard"] = True
    rec = recommend(_with_tree(knowledge, raw), latency)
    assert rec.verdict == "self_host" and rec.path[-1].node == "hard_conflict"

    restricted = build_profile({"tokens_per_day": "2M", "data_sensitivity": "restricted", "capability": "frontier"})
    assert recommend(knowledge, restricted).path[-1].node == "hard_conflict"
    raw = copy.deepcopy(_raw_tree())
    raw["findings"]["data_residency"]["hard"] = False
    rec = recommend(_with_tree(knowledge, raw), restricted)
    assert rec.verdict != "self_host" and "hard_conflict" not in {s.node for s in rec.path}


# --- properties ----------------------------------------------------------------------------------

profiles = st.fixed_dictionaries(
    {},
    optional={
        "output_share": st.floats(0.05, 0.95),
        "capability": st.sampled_from(["small", "mid", "frontier"]),
        "data_sensitivity": st.sampled_from(["public", "internal", "confidential", "restricted"]),
        "latency_ms": st.sampled_from([50, 150, 400, 2000]),
        "fine_tuned": st.booleans(),
        "connectivity": st.sampled_from(["online", "intermittent", "offline"]),
        "infra_skills": st.sampled_from(["none", "basic", "mlops"]),
        "rapid_iteration": st.booleans(),
        "simple_share": st.sampled_from([0.0, 0.3, 0.7]),
    },
)
volumes = st.sampled_from([1e6, 5e6, 2e7, 1e8, 4e8, 1.5e9, 6e9])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles, volumes, volumes)
def test_more_volume_never_moves_towards_api(knowledge, data, v1, v2):
    lo, hi = sorted((v1, v2))
    a = recommend(knowledge, build_profile({**data, "tokens_per_day": lo}))
    b = recommend(knowledge, build_profile({**data, "tokens_per_day": hi}))
    assert ORDER[b.verdict] >= ORDER[a.verdict], (data, lo, hi, a.headline, b.headline)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles, volumes)
def test_hard_constraints_never_yield_api_and_path_ends_at_verdict(knowledge, data, volume):
    rec = recommend(knowledge, build_profile({**data, "tokens_per_day": volume}))
    if data.get("data_sensitivity") == "restricted" or data.get("connectivity") == "offline":
        assert rec.verdict != "api"
    leaf = rec.path[-1].outcome.rsplit(" ", 1)[-1]
    assert knowledge.tree.leaves[leaf].verdict == rec.verdict
    for option in rec.costs.options if rec.costs else []:
        assert option.monthly_usd >= 0 and option.per_million_usd >= 0


# --- CLI -------------------------------------------------------------------------------------------


def test_recommend_cli_json_has_public_keys(capsys, tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text("team: payments\ntokens_per_day: 300M\ndata_sensitivity: restricted\ncapability: mid\n")
    assert main(["recommend", "--profile", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("verdict", "deployment", "triggers", "blockers", "conflicts", "path", "costs", "sensitivity",
                "missing", "confidence"):
        assert key in out
    assert out["verdict"] == "self_host"


def test_recommend_cli_flags_and_errors(capsys):
    assert main(["recommend", "--tokens-per-day", "300M", "--data-sensitivity", "restricted"]) == 0
    text = capsys.readouterr().out
    assert "SELF-HOST" in text.upper() and len(text.splitlines()) <= 60
    assert main(["recommend", "--data-sensitivity", "secret"]) == 2
    err = capsys.readouterr().err
    assert "data_sensitivity" in err and "restricted" in err and "Traceback" not in err
    assert main(["recommend", "--open-model", "llama 9000"]) == 2
    assert "Closest" in capsys.readouterr().err


def test_cost_cli(capsys):
    assert main(["cost", "--tokens-per-day", "100M", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["costs"]["options"][0]["monthly_usd"] == pytest.approx(100e6 * DAYS_PER_MONTH * 4.375 / 1e6, rel=0.01)
    assert main(["cost", "--tokens-per-day", "100M", "--output-share", "1.7"]) == 2
    assert "output_share" in capsys.readouterr().err


def test_hosted_open_weights_beating_both_is_its_own_answer(knowledge):
    """Self-hosting beats GPT-4o at 300M tokens/day, but a host serving the same 70B beats both."""
    rec = recommend(knowledge, build_profile(dict(tokens_per_day="300M", capability="mid", infra_skills="mlops",
                                                  api_model="gpt-4o", open_model="llama-3.3-70b")))
    assert rec.verdict == "api"
    assert rec.path[-1].outcome.endswith("api_hosted_open")
    costs = rec.costs
    assert costs.break_even_api_tokens_per_day < 3e8
    assert costs.break_even_tokens_per_day is None or costs.break_even_tokens_per_day > 3e8
    assert "a hosted Llama 3.3 70B" in rec.deployment.summary and "instead of GPT-4o" in rec.deployment.summary
    assert "same model" not in rec.deployment.summary and "different model" in rec.deployment.summary


def test_the_teams_own_hardware_is_costed_without_capex_and_within_what_it_owns(knowledge):
    base = dict(capability="mid", infra_skills="mlops", hardware="A100 80GB", api_model="gpt-4o")
    rec = recommend(knowledge, build_profile({**base, "tokens_per_day": "20M", "hardware_count": 8}))
    yours = [o for o in rec.costs.options if o.id.startswith("yours:")]
    assert len(yours) == 1 and yours[0].capex_usd == 0 and yours[0].breakdown["hardware (amortised)"] == 0
    assert 1 <= yours[0].devices <= 8
    bigger = recommend(knowledge, build_profile({**base, "tokens_per_day": "3B", "hardware_count": 2}))
    mine = [o for o in bigger.costs.options if o.id.startswith("yours:")]  # 2 cannot carry 3B/day: topped up
    price = knowledge.devices.get("A100 80GB").price.usd
    assert len(mine) == 1 and mine[0].possible and f"+ {mine[0].devices - 2} bought" in mine[0].label
    server = knowledge.assumption("server_overhead_fraction")
    assert mine[0].capex_usd == pytest.approx((mine[0].devices - 2) * price * (1 + server))  # only the bought ones
    new = [o for o in bigger.costs.options if o.id == mine[0].id.replace("yours:", "owned:")]
    assert not new or mine[0].monthly_usd <= new[0].monthly_usd  # never dearer than buying them all new


def test_recommend_cli_takes_the_new_profile_fields_as_flags(capsys):
    args = ["recommend", "--tokens-per-day", "200M", "--capability", "mid", "--infra-skills", "mlops",
            "--hosting", "on_prem", "--availability", "ha", "--data-region", "eu", "--compliance", "hipaa,gdpr",
            "--min-tokens-per-s", "40", "--json"]
    assert main(args) == 0
    profile = json.loads(capsys.readouterr().out)["profile"]
    assert profile["hosting"] == "on_prem" and profile["compliance"] == ["hipaa", "gdpr"]
    assert (profile["availability"], profile["data_region"], profile["min_tokens_per_s"]) == ("ha", "eu", 40)
    assert main(["recommend", "--compliance", "hipaa,sox"]) == 2
    assert "compliance" in capsys.readouterr().err


def test_the_old_stream_floor_override_names_the_field_that_replaced_it(tmp_path, capsys):
    path = tmp_path / "team.yaml"
    path.write_text("tokens_per_day: 200M\nassumptions: {min_stream_tokens_per_s: 40}\n")
    assert main(["recommend", "--profile", str(path)]) == 2
    err = capsys.readouterr().err
    assert "min_tokens_per_s" in err and "Traceback" not in err


def test_min_tokens_per_s_is_a_floor_for_every_stream_of_the_plan(knowledge):
    base = dict(tokens_per_day="200M", capability="mid", infra_skills="mlops", data_sensitivity="restricted")
    slow = recommend(knowledge, build_profile({**base, "min_tokens_per_s": 5}))
    fast = recommend(knowledge, build_profile({**base, "min_tokens_per_s": 40}))
    assert fast.deployment.decode_tokens_per_s >= 40 > slow.deployment.decode_tokens_per_s
