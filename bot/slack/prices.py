"""`/selfhost prices [FILTER]`: the API price catalog ($ per 1M tokens), filtered by name, provider or tier."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.core.knowledge import ApiPrice
from bot.render.costs import render_prices
from bot.slack.deps import Command, Deps, Reply, UserError


def matches(price: ApiPrice, needle: str) -> bool:
    needle = needle.strip().lower()
    hay = [price.id, price.name, price.provider, price.tier, price.capability, *price.aliases]
    return not needle or any(needle in h.lower() for h in hay)


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    catalog = deps.knowledge.prices
    rows = [p for p in catalog if matches(p, cmd.args)]
    if not rows:
        close = catalog.suggest(cmd.args)
        hint = f" Closest: {', '.join(close)}." if close else " Try `/selfhost prices` for all of them."
        raise UserError(f"No API model matches '{cmd.args[:60]}'.{hint}")
    msg = render_prices(rows, cmd.args.strip())
    return Reply(text=msg["text"], blocks=msg["blocks"], model=rows)
