"""The "Post to channel" button: post the answer the user is looking at in the channel.

Ephemeral messages are not sent back with button clicks, so the button's value says what to post: a
stored recommendation's reference (its summary is rebuilt and posted, and the break-even chart goes into
the post's thread), or for other answers the command text, re-run to give the same blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.escape import code
from bot.slack import answers, charts
from bot.slack.commands import SHARE_ACTION, Command, run, split
from bot.slack.deps import Deps, UserError, workspace_of
from bot.slack.recommend import summary_message
from bot.store import Workspace

log = logging.getLogger(__name__)

CANNOT_POST = {
    "not_in_channel": "I can't post in this channel yet; invite me with `/invite @selfhost` and try again.",
    "channel_not_found": "I can't see this channel; invite me with `/invite @selfhost` and try again.",
    "is_archived": "This channel is archived, so I can't post in it.",
}


def first_click(deps: Deps, ws: Any, body: dict) -> bool:
    """True once per click: a click is its action_ts and trigger id, recorded with the seen events."""
    action = body["actions"][0]
    key = f"share:{action.get('action_ts', '')}:{body.get('trigger_id', '')}"[:100]
    return bool(deps.store.events.mark_seen(ws, key, deps.clock()))


def _without_share(blocks: list[dict]) -> list[dict]:
    return [b for b in blocks if b.get("block_id") != "share"]


def register(app: Any, deps: Deps) -> None:
    def post_to_channel(body: dict, context: Any, respond: Callable, client: WebClient) -> None:
        value = body["actions"][0].get("value", "")
        channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id", "")
        user = body["user"]["id"]
        ws = workspace_of(context)
        if not first_click(deps, ws, body):
            return  # the same click again (a replayed request): it was posted once already
        if answers.is_ref(value):
            share_answer(deps, ws, client, respond, value, channel, user)
            return
        name, args = split(value)
        cmd = Command(workspace=ws, user_id=user, channel_id=channel, name=name, args=args)
        reply = run(cmd, deps, client)
        if reply is None:
            return
        blocks = [*_without_share(reply.blocks), _shared_by(user, cmd.text)]
        if _post(client, respond, channel, reply.text, blocks) is not None:
            respond(delete_original=True)

    app.action(SHARE_ACTION)(ack=_ack, lazy=[post_to_channel])  # the work (and every Slack call) off the ack path


def _ack(ack: Callable) -> None:
    ack()


def _shared_by(user: str, command: str) -> dict:
    text = f"Shared by <@{user}>" + (f" · {code('/selfhost ' + command, 500)}" if command else "")
    return {"type": "context", "block_id": "shared_by", "elements": [{"type": "mrkdwn", "text": text}]}


def _post(client: WebClient, respond: Callable, channel: str, text: str, blocks: list[dict]) -> str | None:
    """Post in the channel; the message ts, or None after telling the user why Slack refused."""
    try:
        return client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False).get("ts")
    except SlackApiError as e:
        error = e.response.get("error", "")
        log.warning("post to channel failed", extra={"error": error})
        respond(text=CANNOT_POST.get(error, f"Slack refused the post ({error})."), replace_original=False)
        return None


def share_answer(deps: Deps, ws: Workspace, client: WebClient, respond: Callable, value: str, channel: str,
                 user: str) -> None:
    """Post the stored answer's summary in the channel, then its break-even chart in the post's thread."""
    try:
        answer = answers.load(deps, ws, value, channel)
    except UserError as e:
        respond(text=str(e), replace_original=False)
        return
    message = summary_message(answer.rec, answer.ref, title=answer.title, action_value=answer.command or "recommend")
    blocks = [*message["blocks"], _shared_by(user, answer.command)]
    ts = _post(client, respond, channel, message["text"], blocks)
    if ts is None:
        return
    respond(delete_original=True)
    if answer.posted.id is not None:
        deps.store.recommendations.attach_message(ws, answer.posted.id, channel, ts)
    png = charts.chart_png(deps.knowledge, answer.rec, answer.profile, answer.title)
    if png is not None and charts.first_time(deps.store, ws, deps.clock(), answer.posted.id, f"{channel}:{ts}"):
        charts.upload(client, png, charts.file_title(answer.title, answer.rec), channel=channel, thread_ts=ts)
