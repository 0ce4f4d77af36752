"""Workload profiles as Block Kit: the profile card, its history, the list, the edit modal (App Home: home.py).

Pure: profiles, versions and plain rows in; message dicts (``{"text", "blocks"}``) and view dicts out.
The modal has one input block per WorkloadProfile field (block_id ``f_<field>``, action_id ``v``), so
``modal_values`` reads a submission back and ``field_block`` names the block an error belongs to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any, get_args, get_origin

from bot.core.profile import WorkloadProfile, allowed_values
from bot.core.units import human

from . import common as c
from .blocks import HEADER_CHARS, esc, mrkdwn, pack_part, plain, section
from .escape import code, escape

MODAL_CALLBACK = "profile_modal"
VALUE_ACTION = "v"
UNSET = "unset"
LABELS = {
    "team": "Team",
    "tokens_per_day": "Tokens per day (input + output)",
    "output_share": "Output share (0-1)",
    "peak_to_average": "Peak to average load",
    "capability": "Capability the work needs",
    "open_model": "Open-weight model that meets the bar",
    "data_sensitivity": "Data sensitivity",
    "latency_ms": "Time to first token (ms)",
    "fine_tuned": "Serves fine-tuned weights",
    "connectivity": "Connectivity where it runs",
    "infra_skills": "GPU serving skills",
    "rapid_iteration": "Needs the newest models",
    "simple_share": "Share a small model can handle (0-1)",
    "api_model": "API you would use otherwise",
    "hardware": "Hardware you own",
    "hardware_count": "How many of that hardware",
    "monthly_api_spend_usd": "Monthly API spend (USD)",
    "hosting": "Where the model may run",
    "availability": "Must survive a machine failure",
    "data_region": "Where the data must stay",
    "compliance": "Compliance regimes",
    "min_tokens_per_s": "Tokens/s each stream must get",
    "assumptions": "Assumption overrides (key=value per line)",
}
BOOLS = (("true", "yes"), ("false", "no"))


# --- values ------------------------------------------------------------------------------------------


def field_block(field: str) -> str:
    return f"f_{field}"


def show_value(field: str, value: Any) -> str:
    """A profile value as people type it (and as the modal prefills it): 400M, 0.25, true, pue=1.3."""
    if value is None:
        return ""
    if field == "tokens_per_day":
        return human(float(value))
    if field == "assumptions":
        return "\n".join(f"{k}={v:g}" for k, v in sorted(value.items()))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _choices(field: str) -> list[str] | None:
    """The options of an enum, list-of-enum or boolean field; None for free-text and number fields."""
    info = WorkloadProfile.model_fields[field]
    if _multi(field):
        return list(get_args(get_args(info.annotation)[0]))
    for arg in get_args(info.annotation):
        if get_args(arg) and all(isinstance(x, str) for x in get_args(arg)):
            return list(get_args(arg))
    if bool in get_args(info.annotation):
        return [v for v, _ in BOOLS]
    return None


def _multi(field: str) -> bool:
    return get_origin(WorkloadProfile.model_fields[field].annotation) is list


def modal_fields() -> list[str]:
    return list(WorkloadProfile.model_fields)


def modal_values(state_values: Mapping[str, Any]) -> dict[str, str]:
    """A view submission's ``state.values`` → raw field text (blank and unset fields left out)."""
    out: dict[str, str] = {}
    for field in modal_fields():
        element = (state_values.get(field_block(field)) or {}).get(VALUE_ACTION) or {}
        chosen = element.get("selected_option") or {}
        raw = chosen.get("value") if element.get("type") == "static_select" else element.get("value")
        if element.get("type") == "multi_static_select":
            raw = ",".join(str(o.get("value", "")) for o in element.get("selected_options") or [])
        if isinstance(raw, str) and raw.strip() and raw != UNSET:
            out[field] = raw.strip()
    return out


def parse_assumptions(text: str) -> dict[str, float]:
    """``"pue=1.3\\nelectricity_usd_per_kwh=0.12"`` → dict; ValueError names the bad line."""
    out: dict[str, float] = {}
    for line in text.replace(",", "\n").splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"write each override as key=number, e.g. pue=1.3 (not {line.strip()!r})") from None
    return out


# --- the modal ---------------------------------------------------------------------------------------


def _option(value: str) -> dict[str, Any]:
    label = dict(BOOLS).get(value, value)
    return {"text": plain("(not set)" if value == UNSET else label, 75), "value": value}


def _input(field: str, value: Any) -> dict[str, Any]:
    choices = _choices(field)
    shown = show_value(field, value)
    if choices is not None and _multi(field):
        element: dict[str, Any] = {"type": "multi_static_select", "action_id": VALUE_ACTION,
                                   "options": [_option(v) for v in choices]}
        if value:
            element["initial_options"] = [_option(v) for v in value]
    elif choices is not None:
        element = {"type": "static_select", "action_id": VALUE_ACTION,
                                   "options": [_option(v) for v in [UNSET, *choices]]}
        if shown:
            element["initial_option"] = _option(shown)
    else:
        element = {"type": "plain_text_input", "action_id": VALUE_ACTION, "multiline": field == "assumptions",
                   "placeholder": plain(c.shorten(allowed_values(field), 150), 150)}
        if shown:
            element["initial_value"] = shown
    return {"type": "input", "block_id": field_block(field), "optional": True,
            "label": plain(LABELS.get(field, field), 2000), "element": element,
            "hint": plain(f"{field}: {allowed_values(field)}"[:2000], 2000)}


def profile_modal(name: str, channel_id: str, profile: WorkloadProfile | None, version: int = 0) -> dict[str, Any]:
    """The edit form: every field prefilled; ``private_metadata`` carries name, channel and version."""
    current = profile.model_dump() if profile is not None else {}
    intro = section(f"Profile *{esc(c.shorten(name, 80))}*" + (f" (version {version})" if version else " (new)") +
                    ". Leave a field blank when you don't know it; I'll say when it matters.", "intro")
    meta = json.dumps({"name": name, "channel": channel_id, "version": version})
    return {
        "type": "modal", "callback_id": MODAL_CALLBACK, "private_metadata": meta,
        "title": plain("Workload profile", 24), "submit": plain("Save", 24), "close": plain("Cancel", 24),
        "blocks": [intro, *(_input(f, current.get(f)) for f in modal_fields())],
    }


# --- messages ----------------------------------------------------------------------------------------


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else "—"


def _who(user: str | None) -> str:
    return f"<@{user}>" if user else "someone"


def render_profile(name: str, profile: WorkloadProfile, *, version: int, updated_by: str | None,
                   updated_at: dt.datetime | None, channels: Sequence[str] = ()) -> dict[str, Any]:
    """The profile card: every given field, then who changed it last and where it is bound."""
    known = profile.known()
    pairs = [mrkdwn(c.fit(f"*{esc(f)}*\n{esc(show_value(f, v))}", 2000)) for f, v in known.items()]
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain(f"Profile: {name}", HEADER_CHARS)}]
    for i in range(0, len(pairs), 10):
        blocks.append({"type": "section", "block_id": f"profile_fields_{i // 10}", "fields": pairs[i:i + 10]})
    if not pairs:
        blocks.append(section("No facts yet. Add some with `/selfhost profile set tokens_per_day=100M ...` "
                              "or `/selfhost profile edit`.", "profile_empty"))
    bound = ", ".join(f"<#{ch}>" for ch in channels) or "no channel"
    blocks.append({"type": "context", "block_id": "profile_meta", "elements": [mrkdwn(
        f"Version {version} · last changed by {_who(updated_by)} at {_when(updated_at)} · bound to {bound}")]})
    blocks.append({"type": "actions", "block_id": "profile_actions", "elements": [
        _button("Edit profile", "profile_edit", f"profile:{name}"),
        _button("Recommend", "rerun", f"profile:{name}")]})
    facts = ", ".join(f"{f}={show_value(f, v)}" for f, v in known.items()) or "no facts yet"
    return {"text": escape(c.shorten(f"Profile {name} (version {version}): {facts}", 2900)), "blocks": blocks}


def _button(label: str, action_id: str, value: str) -> dict[str, Any]:
    return {"type": "button", "text": plain(label, 75), "action_id": action_id, "value": value[:2000]}


def _change(change: Any) -> str:
    old, new = (esc(c.shorten(json.dumps(x) if isinstance(x, dict) else show_value(change.field, x), 200)) or "—"
                for x in (change.old, change.new))
    return f"{code(change.field, 200)}: {old} → {new}"


def render_history(name: str, versions: Sequence[Any], max_blocks: int = 10) -> dict[str, Any]:
    """Versions newest first: who, when, and each field old → new (older ones summarised)."""
    lines = []
    for v in reversed(versions):
        changes = "; ".join(_change(ch) for ch in v.changes) or "no field changes"
        lines.append(f"*v{v.version}* · {_who(v.changed_by)} · {_when(v.changed_at)}\n      {changes}")
    chunks = pack_part("Versions, newest first", lines or ["No versions yet."], max_blocks, "older versions",
                       hint="")
    blocks = [{"type": "header", "text": plain(f"History: {name}", HEADER_CHARS)}]
    blocks += [section(ch, f"history_{i}") for i, ch in enumerate(chunks)]
    latest = versions[-1].version if versions else 0
    text = f"History of profile {c.shorten(name, 80)}: {len(versions)} versions (latest v{latest})"
    return {"text": escape(text), "blocks": blocks}


def render_profile_list(rows: Sequence[tuple[str, int, Sequence[str]]], current: str | None) -> dict[str, Any]:
    """``(name, version, channels)`` rows; the channel's current profile is marked."""
    lines = []
    for name, version, channels in rows:
        mark = " :point_left: _this channel_" if name == current else ""
        where = ", ".join(f"<#{ch}>" for ch in channels) or "not bound"
        lines.append(f"• *{esc(name)}* (v{version}) — {where}{mark}")
    lines = lines or ["No profiles yet. Create one with `/selfhost profile set team=NAME tokens_per_day=100M`."]
    blocks = [section(ch, f"profiles_{i}") for i, ch in enumerate(c.pack(["*Profiles*", *lines], 3000)[:50])]
    return {"text": f"{len(rows)} profiles in this workspace", "blocks": blocks}
