"""`/selfhost profile [show | edit | set key=value ... | history | use NAME | new NAME | list]`.

Reading is open to everyone; changing the channel's profile (set, edit, use, new) goes through
``permissions.can_change``. A channel without a profile gets one on its first ``set`` (named after the
team, else the channel) and is bound to it.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from rapidfuzz import fuzz, process
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.profile import FIELDS, ProfileError, suggest_field
from bot.core.units import DAYS_PER_MONTH, UnitError, parse_quantity
from bot.render.escape import escape
from bot.render.profile import profile_modal, render_history, render_profile, render_profile_list
from bot.slack.deps import Command, Deps, Reply, UserError
from bot.slack.permissions import REFUSAL, can_change
from bot.store import ProfileRecord, StoreError, Workspace
from bot.store.base import check_text

USAGE = ("Try `/selfhost profile` (show), `profile edit`, `profile set key=value ...`, `profile history`, "
         "`profile use NAME`, `profile new NAME` or `profile list`.")
SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
EDITABLE = [f for f in FIELDS if f != "assumptions"]


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    verb, _, rest = cmd.args.partition(" ")
    action = ACTIONS.get(verb.lower() or "show")
    if action is None:
        raise UserError(f"I don't know `profile {verb[:40]}`. {USAGE}")
    return action(cmd, deps, client, rest.strip())


# --- reads -------------------------------------------------------------------------------------------


def show(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply:
    record = _bound(cmd, deps)
    return _card(deps, record)


def history(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply:
    record = _named(cmd, deps, rest) if rest else _bound(cmd, deps)
    msg = render_history(record.name, deps.store.profiles.history(cmd.workspace, record.name))
    return Reply(text=msg["text"], blocks=msg["blocks"])


def list_profiles(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply:
    profiles = deps.store.profiles
    rows = [(r.name, r.version, profiles.channels(cmd.workspace, r.name)) for r in profiles.list(cmd.workspace)]
    bound = profiles.bound(cmd.workspace, cmd.channel_id)
    msg = render_profile_list(rows, bound.name if bound else None)
    return Reply(text=msg["text"], blocks=msg["blocks"])


# --- changes -----------------------------------------------------------------------------------------


def set_fields(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply:
    facts = parse_assignments(rest)
    _require_change(cmd, deps, client)
    bound = deps.store.profiles.bound(cmd.workspace, cmd.channel_id)
    name = bound.name if bound else default_name(cmd.channel_id, facts.get("team"))
    record = _store_call(deps.store.profiles.update, cmd.workspace, name, facts, by=cmd.user_id,
                         now=deps.clock())
    if bound is None:
        deps.store.profiles.bind(cmd.workspace, cmd.channel_id, name, by=cmd.user_id, now=deps.clock())
    return _card(deps, record, saved=True)


def use(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply:
    record = _named(cmd, deps, _one_name(rest, "use"))
    _require_change(cmd, deps, client)
    deps.store.profiles.bind(cmd.workspace, cmd.channel_id, record.name, by=cmd.user_id, now=deps.clock())
    return _card(deps, record, note=f"This channel now uses profile *{escape(record.name)}*.")


def new(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply:
    name, _, more = rest.partition(" ")
    name = _one_name(name, "new")
    if deps.store.profiles.get(cmd.workspace, name) is not None:
        raise UserError(f"A profile named '{name}' exists already; bind it with `/selfhost profile use {name}`.")
    facts = parse_assignments(more) if more.strip() else {}
    _require_change(cmd, deps, client)
    record = _store_call(deps.store.profiles.update, cmd.workspace, name, facts, by=cmd.user_id, now=deps.clock())
    deps.store.profiles.bind(cmd.workspace, cmd.channel_id, name, by=cmd.user_id, now=deps.clock())
    return _card(deps, record, note=f"Created profile *{escape(name)}* and bound it to this channel.")


def edit(cmd: Command, deps: Deps, client: WebClient, rest: str) -> Reply | None:
    """Open the form first (the trigger id lives 3 s); permission is checked again on submit."""
    record = _named(cmd, deps, rest) if rest else deps.store.profiles.bound(cmd.workspace, cmd.channel_id)
    name = record.name if record else default_name(cmd.channel_id, None)
    view = profile_modal(name, cmd.channel_id, record.profile if record else None, record.version if record else 0)
    open_modal(client, cmd.trigger_id, view)
    return None


ACTIONS = {"show": show, "edit": edit, "set": set_fields, "history": history, "use": use, "new": new,
           "list": list_profiles}


# --- helpers -----------------------------------------------------------------------------------------


def open_modal(client: WebClient, trigger_id: str | None, view: dict) -> None:
    try:
        client.views_open(trigger_id=trigger_id or "", view=view)
    except SlackApiError as e:
        if e.response.get("error") in ("expired_trigger_id", "invalid_trigger_id"):
            raise UserError("Slack closed the window for opening the form; please run it again.") from None
        raise


def parse_assignments(text: str) -> dict[str, Any]:
    """``team="ML platform" tokens_per_day=300M`` → dict; ``key=`` clears a field."""
    try:
        words = shlex.split(text.translate(SMART_QUOTES))
    except ValueError:
        raise UserError("A quote is not closed; write values with spaces as team=\"ML platform\".") from None
    if not words:
        raise UserError("Give at least one key=value, e.g. `/selfhost profile set tokens_per_day=300M capability=mid`.")
    facts: dict[str, Any] = {}
    for word in words:
        key, sep, value = word.partition("=")
        key = key.strip().lower()
        if not sep:
            raise UserError(f"'{word[:60]}' is not key=value; e.g. `capability=mid`.")
        if key not in EDITABLE:
            close = suggest_field(key)
            hint = f" Did you mean {' or '.join(close)}?" if close else f" Fields: {', '.join(EDITABLE)}."
            raise UserError(f"'{key[:60]}' is not a profile field.{hint}")
        facts[key] = value.strip() or None
    if facts.get("tokens_per_month"):  # stored as a daily figure, so it replaces tokens_per_day
        month = facts.pop("tokens_per_month")
        try:
            facts["tokens_per_day"] = parse_quantity(month, field="tokens_per_month") / DAYS_PER_MONTH
        except UnitError as e:
            raise UserError(f"{e}.") from None
    facts.pop("tokens_per_month", None)
    return facts


def default_name(channel_id: str, team: Any) -> str:
    """A name for a channel's first profile: the team's name as a slug, else the channel id."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(team or "").lower()).strip("-")[:60]
    return slug or f"channel-{channel_id.lower()}"


def _one_name(text: str, verb: str) -> str:
    name = text.strip().strip("\"'“”")
    if not name:
        raise UserError(f"Name the profile: `/selfhost profile {verb} NAME`.")
    try:
        return check_text("name", name, max_len=80)
    except StoreError as e:
        raise UserError(f"A profile name is at most 80 visible characters and spaces; {e}.") from None


def _store_call(fn: Any, *args: Any, **kwargs: Any) -> ProfileRecord:
    try:
        return fn(*args, **kwargs)
    except ProfileError as e:
        raise UserError(f"{e}.".replace("..", ".")) from None
    except StoreError as e:
        raise UserError(str(e)) from None


def _require_change(cmd: Command, deps: Deps, client: WebClient) -> None:
    if not can_change(client, deps.settings, cmd.user_id):
        raise UserError(REFUSAL)


def _bound(cmd: Command, deps: Deps) -> ProfileRecord:
    record = deps.store.profiles.bound(cmd.workspace, cmd.channel_id)
    if record is None:
        raise UserError("This channel has no profile yet. Create one with `/selfhost profile set team=payments "
                        "tokens_per_day=300M capability=mid` or `/selfhost profile edit` (a form).")
    return record


def _named(cmd: Command, deps: Deps, name: str) -> ProfileRecord:
    record = deps.store.profiles.get(cmd.workspace, _one_name(name, "use"))
    if record is None:
        raise UserError(f"There is no profile named '{name[:80]}'.{closest_names(deps, cmd.workspace, name)}")
    return record


def closest_names(deps: Deps, ws: Workspace, name: str) -> str:
    names = [r.name for r in deps.store.profiles.list(ws)]
    if not names:
        return " There are no profiles yet."
    close = [m[0] for m in process.extract(name, names, scorer=fuzz.WRatio, limit=3) if m[1] >= 50]
    return f" Closest: {', '.join(close)}." if close else f" Profiles: {', '.join(names[:10])}."


def _card(deps: Deps, record: ProfileRecord, *, saved: bool = False, note: str | None = None) -> Reply:
    msg = render_profile(record.name, record.profile, version=record.version, updated_by=record.updated_by,
                         updated_at=record.updated_at,
                         channels=deps.store.profiles.channels(record.workspace, record.name))
    if saved:
        note = f":white_check_mark: Saved profile *{escape(record.name)}*, version {record.version}."
    blocks = msg["blocks"]
    if note:
        blocks = [{"type": "section", "block_id": "profile_note", "text": {"type": "mrkdwn", "text": note}},
                  *blocks]
    return Reply(text=(note.replace("*", "") + " " if note else "") + msg["text"], blocks=blocks,
                 model=record.profile, shareable=not note)  # re-running a change to share it would repeat it
