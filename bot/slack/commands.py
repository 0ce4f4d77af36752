"""``/selfhost``: ack at once, then run the sub-command in a lazy listener and reply via ``respond``.

``help``, empty and unknown sub-commands are answered in the ack itself (no Slack round trip). Every
other sub-command is a row of ``bot.slack.subcommands.SUBCOMMANDS`` whose handler lives in its own module,
with the contract described in ``bot.slack.deps``. The lazy listener runs the same way on a server and on AWS Lambda.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.render.escape import echo
from bot.slack import subcommands
from bot.slack.deps import Command, Deps, Reply, UserError, workspace_of
from bot.slack.help import help_reply
from bot.store import StoreError
from bot.workspace_knowledge import for_workspace

if TYPE_CHECKING:  # annotations only (Bolt passes the client by argument name): the console does not import the
    from slack_sdk import WebClient  # SDK's web client package (~60 ms of `selfhost-bot ask`'s start)

log = logging.getLogger(__name__)

COMMAND = "/selfhost"
SHARE_ACTION = "post_to_channel"
USER_ERROR_CHARS = 2900
MAX_COMMAND_CHARS = 8000


def split(text: str) -> tuple[str, str]:
    """``"Profile set a=b"`` → ``("profile", "set a=b")``."""
    word, _, rest = (text or "").strip().partition(" ")
    return word.lower(), rest.strip()


def share_button(command_text: str) -> dict:
    return {"type": "actions", "block_id": "share", "elements": [{
        "type": "button", "action_id": SHARE_ACTION, "value": command_text[:2000],
        "text": {"type": "plain_text", "text": "Post to channel"},
    }]}


def with_share(reply: Reply, command_text: str) -> Reply:
    """The reply with a "Post to channel" button when it is ephemeral and shareable."""
    if reply.shareable and reply.response_type == "ephemeral" and len(reply.blocks) < 50:
        reply.blocks = [*reply.blocks, share_button(reply.share_value or command_text)]
    return reply


def run(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    """Run one sub-command; user errors and failures become friendly replies."""
    sub = subcommands.runnable(cmd.name)
    if sub is None:
        return help_reply(None if cmd.name == "help" else cmd.name)
    if len(cmd.args) > MAX_COMMAND_CHARS:  # refused before any parsing: long text costs CPU, not only room
        return Reply(text=f"That command is {len(cmd.args):,} characters long; `/selfhost {cmd.name}` takes at "
                          f"most {MAX_COMMAND_CHARS:,}.", shareable=False)
    try:
        deps = replace(deps, knowledge=for_workspace(deps.knowledge, deps.store, cmd.workspace))  # + added models
        return sub.load()(cmd, deps, client)
    except (UserError, StoreError) as e:  # plain sentences that may quote the user: escaped and cut to fit
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
        if subcommands.runnable(name) is not None:
            ack()  # the lazy listener answers
            return
        reply = help_reply(None if name == "help" else name)
        ack(text=reply.text, blocks=reply.blocks, response_type="ephemeral")

    def run_command(body: dict, context: Any, respond: Callable, client: WebClient) -> None:
        cmd = command_of(body, context)
        if subcommands.runnable(cmd.name) is None:
            return  # answered in the ack
        reply = run(cmd, deps, client)
        if reply is not None:
            reply = with_share(reply, cmd.text)
            respond(text=reply.text, blocks=reply.blocks or None, response_type=reply.response_type)

    app.command(COMMAND)(ack=ack_command, lazy=[run_command])
