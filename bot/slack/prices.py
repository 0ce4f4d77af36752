"""`/selfhost prices`: placeholder until its handler lands (contract: bot.slack.deps)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.slack.deps import Command, Deps, Reply, UserError


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    raise UserError("`/selfhost prices` is not available yet; try `/selfhost help` for what works today.")
