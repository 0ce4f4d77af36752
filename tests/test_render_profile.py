"""Profile card, history, list, modal and Home view: within Slack's limits, and the modal round-trips."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.profile import WorkloadProfile, build_profile
from bot.render.home import HomeRow, render_home
from bot.render.limits import check_message, check_view
from bot.render.profile import (
    field_block,
    modal_values,
    parse_assumptions,
    profile_modal,
    render_history,
    render_profile,
    render_profile_list,
)
from bot.slack.views import validate
from bot.store import FieldChange, ProfileVersion, Subscription

NOW = dt.datetime(2025, 9, 1, 9, 30, tzinfo=dt.UTC)
FULL = build_profile({
    "team": "payments & <risk>", "tokens_per_day": "1.5B", "output_share": 0.3, "peak_to_average": 2.5,
    "capability": "mid", "open_model": "llama-3.1-70b", "data_sensitivity": "restricted", "latency_ms": 300,
    "fine_tuned": False, "connectivity": "online", "infra_skills": "basic", "rapid_iteration": True,
    "simple_share": 0.6, "api_model": "gpt-4o", "hardware": "h100-sxm", "hardware_count": 8,
    "monthly_api_spend_usd": 12000, "hosting": "on_prem", "availability": "ha", "data_region": "eu",
    "compliance": ["hipaa", "gdpr"], "min_tokens_per_s": 25,
    "assumptions": {"pue": 1.2, "electricity_usd_per_kwh": 0.1},
})


def submitted(view: dict) -> dict:
    """What Slack sends back when the user presses Save without touching anything."""
    values = {}
    for b in view["blocks"]:
        if b["type"] != "input":
            continue
        el = b["element"]
        if el["type"] == "static_select":
            values[b["block_id"]] = {"v": {"type": "static_select", "selected_option": el.get("initial_option")}}
        elif el["type"] == "multi_static_select":
            values[b["block_id"]] = {"v": {"type": "multi_static_select",
                                           "selected_options": el.get("initial_options", [])}}
        else:
            values[b["block_id"]] = {"v": {"type": "plain_text_input", "value": el.get("initial_value")}}
    return values


def test_modal_has_every_field_and_round_trips_a_full_profile():
    view = profile_modal("payments", "C1", FULL, 7)
    assert check_view(view) == []
    ids = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert ids == [field_block(f) for f in WorkloadProfile.model_fields]
    profile, errors = validate(modal_values(submitted(view)))
    assert errors == {} and profile == FULL


profiles = st.builds(
    WorkloadProfile,
    team=st.none() | st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Cf", "Zl", "Zp"]),
                             min_size=1, max_size=80).filter(str.strip).map(str.strip),
    tokens_per_day=st.none() | st.sampled_from([0.0, 1e3, 2.5e5, 1e8, 3e8, 1.5e9, 1e12]),
    output_share=st.none() | st.sampled_from([0.0, 0.1, 0.25, 1.0]),
    capability=st.none() | st.sampled_from(["small", "mid", "frontier"]),
    fine_tuned=st.none() | st.booleans(),
    latency_ms=st.none() | st.sampled_from([1.0, 150.0, 2000.0]),
    hardware_count=st.none() | st.integers(1, 4096),
    hosting=st.none() | st.sampled_from(["on_prem", "own_cloud", "any"]),
    data_region=st.none() | st.sampled_from(["us", "eu", "any"]),
    compliance=st.lists(st.sampled_from(["hipaa", "gdpr", "soc2", "pci_dss", "fedramp"]), unique=True),
    min_tokens_per_s=st.none() | st.sampled_from([0.5, 20.0, 45.5]),
    assumptions=st.dictionaries(st.sampled_from(["pue", "target_utilisation"]), st.sampled_from([0.5, 1.25])),
)


@settings(max_examples=60, deadline=None)
@given(profiles)
def test_any_profile_survives_the_modal(profile):
    view = profile_modal("p", "C1", profile, 1)
    assert check_view(view) == []
    back, errors = validate(modal_values(submitted(view)))
    assert errors == {} and back == profile


def test_validate_reports_every_bad_field_by_block_id():
    profile, errors = validate({"tokens_per_day": "lots", "output_share": "2", "capability": "mid",
                                "assumptions": "pue"})
    assert profile is None
    assert set(errors) == {"f_tokens_per_day", "f_output_share", "f_assumptions"}
    assert "0 to 1" in errors["f_output_share"] or "allowed" in errors["f_output_share"]


def test_parse_assumptions_rejects_non_numbers():
    assert parse_assumptions("pue=1.3, target_utilisation=0.5") == {"pue": 1.3, "target_utilisation": 0.5}
    for bad in ("pue", "pue=high"):
        try:
            parse_assumptions(bad)
        except ValueError as e:
            assert "key=number" in str(e)
        else:
            raise AssertionError(bad)


def test_card_escapes_and_fits():
    msg = render_profile("payments", FULL, version=3, updated_by="U2", updated_at=NOW, channels=["C1", "C2"])
    assert check_message(msg) == []
    text = str(msg["blocks"])
    assert "payments &amp; &lt;risk&gt;" in text and "1.5B" in text and "<#C2>" in text
    assert len([b for b in msg["blocks"] if b.get("fields")]) == 3  # 22 fields → three sections of ≤ 10
    assert "hipaa,gdpr" in text


def test_long_history_and_many_profiles_stay_within_limits():
    versions = [ProfileVersion(i, f"U{i}", NOW, tuple(FieldChange(f"field_{j}", "x" * 150, "y" * 150)
                                                      for j in range(15)), {}) for i in range(1, 300)]
    msg = render_history("payments", versions)
    assert check_message(msg) == [] and len(msg["blocks"]) <= 11
    shown = str(msg["blocks"])
    kept = shown.count("· <@U")
    assert f"…and {299 - kept} more older versions" in shown and "*v299*" in shown
    rows = [(f"team-{i}", i, [f"C{i}"]) for i in range(400)]
    assert check_message(render_profile_list(rows, "team-3")) == []
    home_rows = [HomeRow(f"team-{i}", 1, NOW, [f"C{i}"], error="x" * 500) for i in range(60)]
    subs = [Subscription(f"C{i}", enabled=i % 2 == 0) for i in range(60)]
    view = render_home(home_rows, subs)
    assert check_view(view) == [] and len(view["blocks"]) <= 100
    assert "20 more" in str(view["blocks"])


def test_compliance_is_a_multi_select_and_clears_when_nothing_is_chosen():
    view = profile_modal("p", "C1", build_profile({"compliance": "hipaa,soc2"}), 1)
    block = next(b for b in view["blocks"] if b.get("block_id") == field_block("compliance"))
    assert block["element"]["type"] == "multi_static_select"
    assert [o["value"] for o in block["element"]["initial_options"]] == ["hipaa", "soc2"]
    values = submitted(view)
    values[field_block("compliance")]["v"]["selected_options"] = []
    back, errors = validate(modal_values(values))
    assert errors == {} and back.compliance == []
    assert validate({"compliance": "hipaa,sox"})[1] == {
        field_block("compliance"): validate({"compliance": "sox"})[1][field_block("compliance")]}
