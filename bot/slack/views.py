"""The profile modal (open from buttons, validate and save on submit) and the Re-run buttons.

Buttons: ``profile_edit`` / ``rerun`` on recommendation messages and profile cards (value: the command
text, or ``profile:NAME``), ``home_profile_edit`` / ``home_rerun`` on App Home (value: the profile name).
A submission is validated field by field so every bad field shows its own error in the modal.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.parse import extract
from bot.core.profile import ProfileError, WorkloadProfile, build_profile, check_assumptions
from bot.render.escape import echo, escape
from bot.render.profile import MODAL_CALLBACK, field_block, modal_values, parse_assumptions, profile_modal
from bot.slack import commands, home, subcommands
from bot.slack.deps import Command, Deps, Reply, UserError, workspace_of
from bot.slack.permissions import REFUSAL, can_change, without_retries
from bot.slack.profile import default_name, open_modal
from bot.slack.recommend import run_recommendation
from bot.store import ConflictError, StoreError, Workspace

log = logging.getLogger(__name__)
PROFILE_PREFIX = "profile:"
ERROR_CHARS = 300


# --- validation (pure) -------------------------------------------------------------------------------


def validate(raw: dict[str, str], knowledge: Any = None) -> tuple[WorkloadProfile | None, dict[str, str]]:
    """The profile, or per-field errors keyed by the modal's block ids (every bad field, not only the first).
    With ``knowledge``, assumption overrides are also checked against their ranges (``check_assumptions``)."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, text in raw.items():
        value: Any = text
        try:
            if field == "assumptions":
                value = parse_assumptions(text)
                if knowledge is not None:
                    check_assumptions(value, knowledge.assumptions)
            build_profile({field: value})
            data[field] = value
        except (ProfileError, ValueError) as e:
            message = str(e).removeprefix(f"{field}: ")
            errors[field_block(field)] = message[:ERROR_CHARS]
    if errors:
        return None, errors
    try:
        return build_profile(data), {}
    except ProfileError as e:
        return None, {field_block(e.field if e.field in raw else "team"): str(e)[:ERROR_CHARS]}


# --- listeners ---------------------------------------------------------------------------------------


def register(app: Any, deps: Deps) -> None:
    def submit(ack: Callable, body: dict, context: Any, client: WebClient, view: dict) -> None:
        ws, user = workspace_of(context), body["user"]["id"]
        meta = _meta(view.get("private_metadata"))
        profile, errors = validate(modal_values(view.get("state", {}).get("values", {})), deps.knowledge)
        if profile is not None and not can_change(without_retries(client), deps.settings, user):
            errors = {field_block("team"): REFUSAL[:ERROR_CHARS]}
        if profile is not None and not errors:
            errors = _save(deps, ws, meta, profile, user)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        def after_save() -> None:  # Slack calls: off the ack path
            _confirm(deps, ws, client, meta, user)
            _refresh_home(client, deps, ws, user)

        deps.defer(after_save)

    def edit(body: dict, context: Any, client: WebClient, respond: Callable) -> None:
        ws, action = workspace_of(context), body["actions"][0]
        channel = _channel(body)
        try:
            view = _edit_view(deps, ws, channel, action["action_id"], action.get("value", ""))
            open_modal(client, body.get("trigger_id"), view)
        except UserError as e:
            _tell(respond, str(e))

    def rerun(body: dict, context: Any, client: WebClient, respond: Callable) -> None:
        ws, action, user = workspace_of(context), body["actions"][0], body["user"]["id"]
        channel, value = _channel(body), action.get("value", "")
        try:
            if action["action_id"] == "home_rerun":
                reply = _rerun_profile(deps, ws, value, None)
                client.chat_postMessage(channel=user, text=reply.text, blocks=reply.blocks)
                _refresh_home(client, deps, ws, user)
                return
            reply = _rerun(deps, ws, client, user, channel, value)
        except UserError as e:
            _tell(respond, str(e))
            return
        ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
        replace = ephemeral and not value.startswith(PROFILE_PREFIX)  # refresh my own answer in place
        respond(text=reply.text, blocks=reply.blocks, replace_original=replace, response_type="ephemeral")

    app.view(MODAL_CALLBACK)(submit)
    for action_id in ("profile_edit", "home_profile_edit"):
        app.action(action_id)(ack=_ack, lazy=[edit])
    for action_id in ("rerun", "home_rerun"):
        app.action(action_id)(ack=_ack, lazy=[rerun])


# --- helpers -----------------------------------------------------------------------------------------


def _ack(ack: Callable) -> None:
    ack()


def _meta(text: str | None) -> dict[str, Any]:
    try:
        meta = json.loads(text or "{}")
    except json.JSONDecodeError:
        meta = {}
    return meta if isinstance(meta, dict) else {}


def _save(deps: Deps, ws: Workspace, meta: dict, profile: WorkloadProfile, user: str) -> dict[str, str]:
    name, channel = str(meta.get("name") or ""), str(meta.get("channel") or "")
    expected = meta.get("version") if isinstance(meta.get("version"), int) else None
    try:
        deps.store.profiles.save(ws, name, profile, by=user, now=deps.clock(), expected_version=expected)
        if channel and expected == 0 and deps.store.profiles.bound(ws, channel) is None:  # a channel's first
            deps.store.profiles.bind(ws, channel, name, by=user, now=deps.clock())
    except ConflictError:
        return {field_block("team"): "Someone saved this profile after you opened the form; close it and "
                                     "open it again to see their changes."}
    except StoreError as e:
        return {field_block("team"): str(e)[:ERROR_CHARS]}
    return {}


def _confirm(deps: Deps, ws: Workspace, client: WebClient, meta: dict, user: str) -> None:
    record = deps.store.profiles.get(ws, str(meta.get("name") or ""))
    if record is None:
        return
    text = (f":white_check_mark: Saved profile *{escape(record.name)}*, version {record.version}. "
            f"`/selfhost recommend` in a channel using it gives the new verdict.")
    channel = str(meta.get("channel") or "")
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
    except Exception as e:  # not in the channel, archived: fall back to a DM
        log.info("ephemeral confirmation failed; sending a DM", extra={"error": type(e).__name__})
    try:
        client.chat_postMessage(channel=user, text=text)
    except Exception as e:
        log.warning("could not confirm the saved profile", extra={"error": type(e).__name__})


def _channel(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""


def _edit_view(deps: Deps, ws: Workspace, channel: str, action_id: str, value: str) -> dict:
    if action_id == "home_profile_edit" or value.startswith(PROFILE_PREFIX):
        name = value.removeprefix(PROFILE_PREFIX)
        record = deps.store.profiles.get(ws, name)
        if record is None:
            raise UserError(f"The profile '{name[:80]}' no longer exists.")
        return profile_modal(record.name, channel, record.profile, record.version)
    record = deps.store.profiles.bound(ws, channel) if channel else None
    if record is not None:
        return profile_modal(record.name, channel, record.profile, record.version)
    name, args = commands.split(value)  # a recommendation from free text: prefill with what it read
    facts = extract(args, deps.knowledge).profile_facts() if name == "recommend" and args else {}
    try:
        profile = WorkloadProfile().merged(**facts)
    except ProfileError:
        profile = None
    return profile_modal(default_name(channel, facts.get("team")), channel, profile, 0)


def _rerun_profile(deps: Deps, ws: Workspace, name: str, channel: str | None) -> Reply:
    record = deps.store.profiles.get(ws, name)
    if record is None:
        raise UserError(f"The profile '{name[:80]}' no longer exists.")
    return run_recommendation(deps, ws, record.profile, profile_name=record.name, channel_id=channel,
                              title=f"Profile {record.name}", action_value=f"{PROFILE_PREFIX}{record.name}")


def _rerun(deps: Deps, ws: Workspace, client: WebClient, user: str, channel: str, value: str) -> Reply:
    if value.startswith(PROFILE_PREFIX):
        return _rerun_profile(deps, ws, value.removeprefix(PROFILE_PREFIX), channel)
    name, args = commands.split(value)
    if subcommands.runnable(name) is None:  # a button from another surface: re-run the channel's profile
        bound = deps.store.profiles.bound(ws, channel) if channel else None
        if bound is None:
            raise UserError("I can't tell what to re-run here; try `/selfhost recommend` again.")
        return _rerun_profile(deps, ws, bound.name, channel)
    cmd = Command(workspace=ws, user_id=user, channel_id=channel, name=name, args=args)
    reply = commands.run(cmd, deps, client)
    if reply is None:
        raise UserError("That answer cannot be re-run; run the command again.")
    return commands.with_share(reply, cmd.text)


def _refresh_home(client: WebClient, deps: Deps, ws: Workspace, user: str) -> None:
    """Show the new version or verdict on the user's Home tab at once (best effort)."""
    try:
        home.publish(client, deps, ws, user)
    except Exception as e:
        log.info("could not refresh App Home", extra={"error": type(e).__name__})


def _tell(respond: Callable, text: str) -> None:
    try:
        respond(text=echo(text, 2900), replace_original=False, response_type="ephemeral")
    except Exception as e:  # no response_url (e.g. App Home): nothing more to do
        log.info("could not answer the button", extra={"error": type(e).__name__})
