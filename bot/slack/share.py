"""The "Post to channel" button: re-run the same command and post its answer in the channel.

Ephemeral messages are not sent back with button clicks, so the button's value carries the command
text; re-running it gives the same blocks, which are posted with ``chat.postMessage``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.escape import code
from bot.slack.commands import SHARE_ACTION, Command, run, split
from bot.slack.deps import Deps, workspace_of

log = logging.getLogger(__name__)

CANNOT_POST = {
    "not_in_channel": "I can't post in this channel yet; invite me with `/invite @selfhost` and try again.",
    "channel_not_found": "I can't see this channel; invite me with `/invite @selfhost` and try again.",
    "is_archived": "This channel is archived, so I can't post in it.",
}


def _without_share(blocks: list[dict]) -> list[dict]:
    return [b for b in blocks if b.get("block_id") != "share"]


def register(app: Any, deps: Deps) -> None:
    @app.action(SHARE_ACTION)
    def post_to_channel(
        ack: Callable, body: dict, context: Any, respond: Callable, client: WebClient
    ) -> None:
        ack()
        name, args = split(body["actions"][0].get("value", ""))
        channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get("channel_id", "")
        user = body["user"]["id"]
        cmd = Command(workspace=workspace_of(context), user_id=user, channel_id=channel, name=name, args=args)
        reply = run(cmd, deps, client)
        if reply is None:
            return
        blocks = _without_share(reply.blocks)
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"Shared by <@{user}> · {code('/selfhost ' + cmd.text, 500)}"}]})
        try:
            client.chat_postMessage(channel=channel, text=reply.text, blocks=blocks)
        except SlackApiError as e:
            error = e.response.get("error", "")
            log.warning("post to channel failed", extra={"error": error})
            respond(text=CANNOT_POST.get(error, f"Slack refused the post ({error})."), replace_original=False)
            return
        respond(delete_original=True)
