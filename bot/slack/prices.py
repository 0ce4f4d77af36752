"""`/selfhost prices [FILTER]`: the API price catalog ($ per 1M tokens), filtered by name, provider or tier."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.core.knowledge import ApiPrice
from bot.core.staleness import REFRESH_HINT, staleness
from bot.render.costs import render_prices
from bot.slack.deps import Command, Deps, Reply, UserError


def matches(price: ApiPrice, needle: str) -> bool:
    needle = needle.strip().lower()
    hay = [price.id, price.name, price.provider, price.tier, price.capability, *price.aliases]
    return not needle or any(needle in h.lower() for h in hay)


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    catalog = deps.knowledge.prices
    rows = [p for p in catalog if matches(p, cmd.args) and not p.deprecated]
    if not rows:
        close = catalog.suggest(cmd.args)
        hint = f" Closest: {', '.join(close)}." if close else " Try `/selfhost prices` for all of them."
        raise UserError(f"No API model matches '{cmd.args[:60]}'.{hint}")
    data = deps.knowledge.price_data
    source = None
    if data is not None:
        age = staleness(data.as_of, deps.clock().date(), "prices", REFRESH_HINT)
        source = f"from {data.label}, checked {data.as_of} ({age})"
    msg = render_prices(rows, cmd.args.strip(), source)
    return Reply(text=msg["text"], blocks=msg["blocks"], model=rows)
