"""Conversations in Slack: @mentions, DMs, replies in threads the bot answered, question buttons, "Save".

Events and clicks are acked at once and answered in lazy listeners; the work is one ``bot.chat`` call and
one ``chat.postMessage`` in the thread. Deduplication, in the store so it survives restarts and holds
across processes:
- every ``event_id`` is recorded on receipt; a Slack retry (``X-Slack-Retry-Num``) of a recorded one is
  dropped, while a retry whose first delivery never arrived is answered like a first delivery;
- the same message arriving as ``app_mention`` and as ``message`` is answered once (the key
  ``msg:<channel>:<ts>``); channel messages that mention the bot are left to ``app_mention``.
Bot messages (ours and others'), edits and deletions are ignored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.chat import (
    ThreadKey,
    Turn,
    apply_answer,
    confirm_model_facts,
    converse,
    save_team_profile,
    team_profile_name,
    thread_profile,
)
from bot.core.profile import ProfileError, build_profile
from bot.llm import reader_from
from bot.render.blocks import answer_field, render_error
from bot.render.chat import (
    CONFIRM_ACTION,
    REPLACE_ACTION,
    SAVE_ACTION,
    render_replace_prompt,
    render_turn,
    thread_of_block,
)
from bot.render.escape import escape
from bot.slack import answers
from bot.slack.deps import Deps, workspace_of
from bot.slack.permissions import REFUSAL, can_change
from bot.store import ConflictError, Workspace

log = logging.getLogger(__name__)

ANSWER_ACTIONS = re.compile(r"^answer_[A-Za-z0-9_]+:\d+$")
IGNORED_SUBTYPES = {"bot_message", "message_changed", "message_deleted", "channel_join", "channel_leave"}
DM_THREAD = "im"
SORRY = "Sorry, I couldn't answer that on my side; the error is logged."  # a DM without threads is one conversation


def ignored(event: dict, context: Any) -> bool:
    """Bots (ourselves included), edits, deletions and joins are not conversation."""
    if event.get("bot_id") or event.get("subtype") in IGNORED_SUBTYPES or event.get("hidden"):
        return True
    user = event.get("user")
    return not user or user == context.get("bot_user_id")


def first_delivery(deps: Deps, ws: Workspace, body: dict, event: dict) -> bool:
    """Record the event id; False for a retry (or duplicate) of one already recorded."""
    event_id = body.get("event_id")
    return not event_id or deps.store.events.mark_seen(ws, str(event_id)[:100], deps.clock())


def first_answer(deps: Deps, ws: Workspace, event: dict) -> bool:
    """True once per message, whichever of app_mention / message delivered it."""
    key = f"msg:{event.get('channel', '')}:{event.get('ts', '')}"[:100]
    return deps.store.events.mark_seen(ws, key, deps.clock())


def answer(deps: Deps, client: WebClient, ws: Workspace, key: ThreadKey, event: dict, reply_ts: str | None) -> None:
    ref = None
    try:
        turn = converse(deps.store, deps.knowledge, ws, key, event.get("user", ""), event.get("text", ""),
                        deps.clock(), reader=reader_from(deps.settings))
        ref = log_answer(deps, ws, key[0], turn)
        message = render_turn(turn, ref)
    except Exception:
        log.exception("conversation turn failed")
        message, ref = render_error(SORRY), None
    posted_ts = post(client, key[0], reply_ts, message)
    attach(deps, ws, key[0], ref, posted_ts)


def log_answer(deps: Deps, ws: Workspace, channel: str, turn: Turn) -> str | None:
    """A conversation answer joins the recommendations log, like command answers (App Home, the digest, and
    its detail buttons, which carry the returned reference), provisional ones included."""
    rec = turn.recommendation
    if rec is None:
        return None
    try:
        profile = build_profile(turn.facts)
    except ProfileError:  # the turn was answered from these facts, so this does not happen; log nothing then
        log.warning("conversation facts do not rebuild a profile")
        return None
    return answers.record(deps, ws, rec, profile, source="conversation", channel_id=channel, sources=turn.sources)


def attach(deps: Deps, ws: Workspace, channel: str, ref: str | None, ts: str | None) -> None:
    parsed = answers.parse_ref(ref)
    if parsed is not None and ts:
        deps.store.recommendations.attach_message(ws, parsed[0], channel, ts)


def post(client: WebClient, channel: str, thread_ts: str | None, message: dict) -> str | None:
    """Post in the thread; the message ts, or None when Slack refused."""
    try:
        r = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=message["text"],
                                    blocks=message["blocks"])
        return r.get("ts")
    except SlackApiError as e:
        log.warning("could not post the answer", extra={"error": e.response.get("error", "")})
        return None


def on_mention(deps: Deps) -> Callable:
    def handle(body: dict, event: dict, context: Any, client: WebClient) -> None:
        ws = workspace_of(context)
        if ignored(event, context) or not first_delivery(deps, ws, body, event):
            return
        if not first_answer(deps, ws, event):
            return
        thread = event.get("thread_ts") or event["ts"]
        answer(deps, client, ws, (event["channel"], thread), event, thread)

    return handle


def on_message(deps: Deps) -> Callable:
    def handle(body: dict, event: dict, context: Any, client: WebClient) -> None:
        ws = workspace_of(context)
        if ignored(event, context) or not first_delivery(deps, ws, body, event):
            return
        channel, thread = event.get("channel", ""), event.get("thread_ts")
        if event.get("channel_type") == "im":
            key: ThreadKey = (channel, thread or DM_THREAD)
        elif not thread or f"<@{context.get('bot_user_id')}>" in event.get("text", ""):
            return  # top-level chatter, or a mention (answered by app_mention)
        elif deps.store.threads.get(ws, channel, thread) is None:
            return  # a thread the bot never answered
        else:
            key = (channel, thread)
        if first_answer(deps, ws, event):
            answer(deps, client, ws, key, event, thread)

    return handle


def _thread_of(body: dict) -> str | None:
    action = body["actions"][0]
    message = body.get("message") or {}
    container = body.get("container") or {}
    return thread_of_block(action.get("block_id", "")) or message.get("thread_ts") or container.get("thread_ts")


def _channel_of(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")


def reply_ts(thread: str) -> str | None:
    return None if thread == DM_THREAD else thread


def on_answer_button(deps: Deps) -> Callable:
    def handle(body: dict, context: Any, client: WebClient) -> None:
        action, channel, thread = body["actions"][0], _channel_of(body), _thread_of(body)
        field = answer_field(action.get("action_id", ""))
        if not (field and channel and thread):
            return
        ws = workspace_of(context)
        turn = apply_answer(deps.store, deps.knowledge, ws, (channel, thread),
                            body["user"]["id"], field, action.get("value", ""), deps.clock())
        ref = log_answer(deps, ws, channel, turn)
        attach(deps, ws, channel, ref, post(client, channel, reply_ts(thread), render_turn(turn, ref)))

    return handle


def on_confirm(deps: Deps) -> Callable:
    """'Confirm what the model read': the model-read facts become the thread's (and so a Save keeps them)."""
    def handle(body: dict, context: Any, client: WebClient) -> None:
        channel, thread = _channel_of(body), body["actions"][0].get("value") or _thread_of(body)
        if not (channel and thread):
            return
        ws = workspace_of(context)
        turn = confirm_model_facts(deps.store, deps.knowledge, ws, (channel, thread), body["user"]["id"],
                                   deps.clock())
        ref = log_answer(deps, ws, channel, turn)
        attach(deps, ws, channel, ref, post(client, channel, reply_ts(thread), render_turn(turn, ref)))

    return handle


def on_save(deps: Deps) -> Callable:
    """"Save as team profile" (value: the thread) and "Replace version N" (value: "thread|N")."""

    def handle(body: dict, context: Any, client: WebClient) -> None:
        value = body["actions"][0].get("value") or ""
        thread, _, seen = value.partition("|")
        channel, thread = _channel_of(body), thread or _thread_of(body)
        if not thread:  # like the answer buttons: a Save outside any thread has nothing to save
            return
        user, ws, where = body["user"]["id"], workspace_of(context), reply_ts(thread)
        if not can_change(client, deps.settings, user):
            post(client, channel, where, render_error(REFUSAL))
            return
        name = (body.get("channel") or {}).get("name") or channel
        expected = int(seen) if seen.isdigit() else None
        if expected is None and (existing := _existing(deps, ws, (channel, thread), name)) is not None:
            post(client, channel, where, render_replace_prompt(
                existing.name, existing.version, existing.updated_by, thread,
                deps.store.profiles.channels(ws, existing.name)))
            return
        post(client, channel, where, _save(deps, ws, (channel, thread), name, user, expected or 0))

    return handle


def _existing(deps: Deps, ws: Workspace, key: ThreadKey, fallback: str) -> Any:
    profile = thread_profile(deps.store, ws, key)
    return deps.store.profiles.get(ws, team_profile_name(profile, key, fallback)) if profile else None


def _save(deps: Deps, ws: Workspace, key: ThreadKey, name: str, user: str, expected: int) -> dict:
    try:
        record = save_team_profile(deps.store, ws, key, name, user, deps.clock(), expected_version=expected)
    except ConflictError:
        return render_error("That profile changed after I asked (someone saved a newer version); press "
                            "Save as team profile again to see what it would replace now.")
    except ValueError as e:
        return render_error(str(e))
    replaced = f", replacing version {expected}" if expected else ""
    text = (f"Saved as team profile *{escape(record.name)}* (version {record.version}{replaced}) by <@{user}>, "
            f"bound to <#{key[0]}>; `/selfhost recommend` here now uses it.")
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def _ack(ack: Callable) -> None:
    ack()


def register(app: Any, deps: Deps) -> None:
    """Ack at once; the work runs in lazy listeners (the same code on a server and on AWS Lambda)."""
    app.event("app_mention")(ack=_ack, lazy=[on_mention(deps)])
    app.event("message")(ack=_ack, lazy=[on_message(deps)])
    app.action(ANSWER_ACTIONS)(ack=_ack, lazy=[on_answer_button(deps)])
    app.action(SAVE_ACTION)(ack=_ack, lazy=[on_save(deps)])
    app.action(REPLACE_ACTION)(ack=_ack, lazy=[on_save(deps)])
    app.action(CONFIRM_ACTION)(ack=_ack, lazy=[on_confirm(deps)])
