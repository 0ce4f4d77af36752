"""`/selfhost cost 100M [output 0.3] [vs gpt-4o] [model llama 3.1 70b] [on H100]`: API against self-hosting.

``on X`` takes hardware, or an API when X names one (``cost 50M tokens/day on gpt-4o-mini``).
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.core.advise import cost_report
from bot.core.catalog_lookup import resolve_device, resolve_model
from bot.core.knowledge import Knowledge, NotFound
from bot.core.parse import extract
from bot.core.profile import ProfileError, build_profile
from bot.core.units import UnitError, parse_quantity
from bot.render.costs import render_cost_report
from bot.slack.deps import Command, Deps, Reply, UserError

USAGE = "e.g. `/selfhost cost 100M output 0.3 vs gpt-4o model llama 3.1 70b on H100`"
KEYWORDS = {"output": "output", "vs": "vs", "versus": "vs", "against": "vs", "model": "model", "on": "on",
            "skills": "skills", "capability": "capability"}
VOLUME_NOISE = {"tokens", "tokens/day", "/day", "per", "day", "a", "daily", "of"}


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    try:
        facts = parse_cost_args(cmd.args, deps.knowledge)
        report = cost_report(deps.knowledge, build_profile(facts))
    except ProfileError as e:
        raise UserError(f"{e}.") from None
    except (NotFound, ValueError) as e:
        raise UserError(str(e)) from None
    msg = render_cost_report(report)
    return Reply(text=msg["text"], blocks=msg["blocks"], model=report)


def split_keywords(text: str) -> dict[str, str]:
    """``100M vs gpt-4o on H100`` → {"volume": "100M", "vs": "gpt-4o", "on": "H100"}."""
    parts: dict[str, list[str]] = {"volume": []}
    key = "volume"
    for word in text.split():
        if word.lower() in KEYWORDS:
            key = KEYWORDS[word.lower()]
            parts.setdefault(key, [])
            continue
        parts.setdefault(key, []).append(word)
    return {k: " ".join(v) for k, v in parts.items() if v}


def parse_cost_args(text: str, k: Knowledge) -> dict[str, Any]:
    parts = split_keywords(text)
    if "volume" not in parts:
        raise UserError(f"Give a daily volume first, {USAGE}.")
    facts: dict[str, Any] = {"tokens_per_day": _volume(parts["volume"], k)}
    if "output" in parts:
        facts["output_share"] = _share(parts["output"])
    try:
        if "vs" in parts:
            facts["api_model"] = k.prices.get(parts["vs"]).id
        if "model" in parts:
            facts["open_model"] = resolve_model(k, parts["model"]).id
        if "on" in parts:
            facts.update(_on(parts["on"], k))
    except NotFound as e:
        raise UserError(str(e)) from None
    for key in ("skills", "capability"):
        if key in parts:
            facts["infra_skills" if key == "skills" else key] = parts[key].lower()
    return facts


def _volume(text: str, k: Knowledge) -> float:
    found = extract(text, k).facts.get("tokens_per_day")
    if found is not None and isinstance(found.value, int | float):
        return float(found.value)
    words = [w for w in text.split() if w.lower() not in VOLUME_NOISE]
    try:
        return parse_quantity(" ".join(words), field="tokens_per_day", max_value=1e13)
    except UnitError:
        raise UserError(f"I can't read '{text[:60]}' as tokens per day; {USAGE}.") from None


def _share(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise UserError(f"output share: '{text[:30]}' is not a fraction from 0 to 1 (e.g. 0.3 or 30%).") from None
    return value


def _on(text: str, k: Knowledge) -> dict[str, Any]:
    """Hardware if the words name a device; an API if they name one; else the closest devices."""
    try:
        return {"hardware": resolve_device(k, text)[0].id}
    except NotFound as device_miss:
        api = k.prices.find(text)
        if api is not None:
            return {"api_model": api.id}
        raise device_miss from None
