"""`/selfhost usage 120M [DATE]`: record a day's observed volume for the channel's profile (contract: deps)."""

from __future__ import annotations

import datetime as dt

from slack_sdk import WebClient

from bot.core.units import UnitError, human, parse_quantity
from bot.render.escape import escape
from bot.slack.deps import Command, Deps, Reply, UserError
from bot.slack.permissions import REFUSAL, can_change
from bot.store import StoreError

USAGE = "Try `/selfhost usage 120M` (today) or `/selfhost usage 120M 2025-01-13`."
MAX_TOKENS = 1e13


def parse_usage_args(args: str, today: dt.date) -> tuple[float, dt.date]:
    words = args.split()
    if not words or len(words) > 2:
        raise UserError(f"usage: give a day's token volume and optionally a date. {USAGE}")
    try:
        tokens = parse_quantity(words[0], field="tokens", max_value=MAX_TOKENS)
    except UnitError as e:
        raise UserError(f"{e}. {USAGE}") from None
    if tokens < 0:
        raise UserError(f"tokens: {words[0]!r} must be 0 or more.")
    day = today
    if len(words) == 2:
        try:
            day = dt.date.fromisoformat(words[1])
        except ValueError:
            raise UserError(f"date: {words[1]!r} is not a date; use YYYY-MM-DD.") from None
        if day > today:
            raise UserError(f"date: {day} is in the future; usage is recorded for days that happened.")
    return tokens, day


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    now = deps.clock()
    tokens, day = parse_usage_args(cmd.args, now.date())
    bound = deps.store.profiles.bound(cmd.workspace, cmd.channel_id)
    if bound is None:
        raise UserError("No profile is bound to this channel: bind one with `/selfhost profile use NAME` "
                        "(or create it with `/selfhost profile set tokens_per_day=120M`), then run "
                        "`/selfhost usage 120M` again.")
    if not can_change(client, deps.settings, cmd.user_id):
        raise UserError(REFUSAL)
    try:
        deps.store.usage.record(cmd.workspace, bound.name, day, tokens, source="slack", now=now, by=cmd.user_id)
    except StoreError as e:
        raise UserError(str(e)) from None
    return Reply(text=f"Recorded {human(tokens)} tokens on {day} for *{escape(bound.name)}*; the weekly digest "
                      "shows the trend.", shareable=False)
