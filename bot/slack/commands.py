"""``/selfhost``: ack at once, then run the sub-command in a lazy listener and reply via ``respond``.

``help``, empty and unknown sub-commands are answered in the ack itself (no Slack round trip). Every
other sub-command is a handler in its own module (see ``HANDLERS``) with the contract described in
``bot.slack.deps``. The lazy listener runs the same way on a server and on AWS Lambda.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.render.escape import echo
from bot.slack.deps import Command, Deps, Reply, UserError, workspace_of
from bot.slack.help import NAMES, help_reply

log = logging.getLogger(__name__)

COMMAND = "/selfhost"
SHARE_ACTION = "post_to_channel"
USER_ERROR_CHARS = 2900
HANDLERS = {
    "recommend": "bot.slack.recommend:handle",
    "profile": "bot.slack.profile:handle",
    "cost": "bot.slack.cost:handle",
    "hardware": "bot.slack.hardware:handle",
    "prices": "bot.slack.prices:handle",
    "digest": "bot.slack.digest:handle",
    "usage": "bot.slack.usage:handle",
}
Handler = Callable[[Command, Deps, WebClient], Reply | None]


def split(text: str) -> tuple[str, str]:
    """``"Profile set a=b"`` → ``("profile", "set a=b")``."""
    word, _, rest = (text or "").strip().partition(" ")
    return word.lower(), rest.strip()


def handler_for(name: str) -> Handler:
    module, _, func = HANDLERS[name].partition(":")
    return getattr(importlib.import_module(module), func)


def share_button(command_text: str) -> dict:
    return {"type": "actions", "block_id": "share", "elements": [{
        "type": "button", "action_id": SHARE_ACTION, "value": command_text[:2000],
        "text": {"type": "plain_text", "text": "Post to channel"},
    }]}


def with_share(reply: Reply, command_text: str) -> Reply:
    """The reply with a "Post to channel" button when it is ephemeral and shareable."""
    if reply.shareable and reply.response_type == "ephemeral" and len(reply.blocks) < 50:
        reply.blocks = [*reply.blocks, share_button(command_text)]
    return reply


def run(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    """Run one sub-command; user errors and failures become friendly replies."""
    if cmd.name not in HANDLERS:
        return help_reply(None if cmd.name == "help" else cmd.name)
    try:
        return handler_for(cmd.name)(cmd, deps, client)
    except UserError as e:  # plain sentences that may quote the user: escaped and cut to fit here
        return Reply(text=echo(str(e), USER_ERROR_CHARS), blocks=[], shareable=False)
    except Exception:
        log.exception("/selfhost %s failed", cmd.name)
        return Reply(text=f"Sorry, `/selfhost {cmd.name}` failed on my side; the error is logged.",
                     shareable=False)


def command_of(body: dict, context: Any) -> Command:
    name, args = split(body.get("text", ""))
    return Command(
        workspace=workspace_of(context), user_id=body.get("user_id", ""),
        channel_id=body.get("channel_id", ""), name=name, args=args,
        trigger_id=body.get("trigger_id"), response_url=body.get("response_url"),
    )


def register(app: Any, deps: Deps) -> None:
    def ack_command(ack: Callable, body: dict) -> None:
        name, _ = split(body.get("text", ""))
        if name in NAMES and name != "help":
            ack()  # the lazy listener answers
            return
        reply = help_reply(None if name == "help" else name)
        ack(text=reply.text, blocks=reply.blocks, response_type="ephemeral")

    def run_command(body: dict, context: Any, respond: Callable, client: WebClient) -> None:
        cmd = command_of(body, context)
        if cmd.name not in HANDLERS:
            return  # answered in the ack
        reply = run(cmd, deps, client)
        if reply is not None:
            reply = with_share(reply, cmd.text)
            respond(text=reply.text, blocks=reply.blocks or None, response_type=reply.response_type)

    app.command(COMMAND)(ack=ack_command, lazy=[run_command])
