"""The optional model-assisted reader, pure part: when to ask a model, what to send, how to read its reply.

The rules stay the reader of record. A message whose facts the rules leave incomplete (see ``needs_model``)
may also be sent to an OpenAI-compatible model (the HTTP call lives in ``bot/llm.py``, outside the core).
Its reply is validated field by field by the profile model itself; a fact is kept only for a field the rules
found nothing for, and it is labelled ``by="model"`` so the conversation can ask for confirmation before a
saved profile ever takes it.
"""

from __future__ import annotations

import json
from typing import Any

from .knowledge import Knowledge
from .parse import Extraction, Fact
from .profile import ProfileError, WorkloadProfile, build_profile

# The fields a model may fill: the profile's facts, not its name or assumption overrides.
FIELDS: tuple[str, ...] = tuple(f for f in WorkloadProfile.model_fields if f not in ("team", "assumptions"))
# Fields worth a model's reading when the rules found none (the ones that decide or size the answer).
KEY_FIELDS = ("tokens_per_day", "data_sensitivity", "capability", "infra_skills", "hosting", "data_region")
MAX_REPLY_CHARS = 20_000

SYSTEM = (
    "You extract facts about an engineering team's LLM workload from one chat message, for a tool that advises "
    "whether to self-host open-weight models. Reply with ONE JSON object using only the keys of the schema; "
    "include a key only when the message states or clearly implies it; omit everything else. tokens_per_day is "
    "input + output tokens per day on average (a month = 30.4375 days; a peak is not the average). "
    "monthly_api_spend_usd is US dollars per month. Shares are fractions from 0 to 1. Never guess."
)


def schema() -> dict[str, Any]:
    """The JSON schema of the readable profile fields (from the pydantic model, so it cannot drift)."""
    full = WorkloadProfile.model_json_schema()
    props = {k: v for k, v in full["properties"].items() if k in FIELDS}
    return {"type": "object", "properties": props, "additionalProperties": False,
            **({"$defs": full["$defs"]} if "$defs" in full else {})}


def needs_model(ex: Extraction) -> bool:
    """The rules left the workload incomplete: a workload-ish message with a key fact missing, a request rate
    without tokens per request, or a message not in English."""
    if ex.intent in ("smalltalk", "concept"):
        return False
    if ex.language != "en" or ex.requests_per_day:
        return True
    return ex.intent == "recommend" and any(f not in ex.facts for f in KEY_FIELDS)


def request(text: str, model: str) -> dict[str, Any]:
    """The chat-completions request body: the message, the instructions and the schema. Nothing else."""
    return {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM + "\nSchema: " + json.dumps(schema(), separators=(",", ":"))},
            {"role": "user", "content": text},
        ],
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "workload_facts", "schema": schema()}},
    }


class ReplyError(ValueError):
    """The model's reply was not a chat completion holding one JSON object."""


def facts_of_reply(body: Any) -> tuple[dict[str, Any], list[str]]:
    """The valid facts in a chat-completion reply, and why any others were dropped. Raises ReplyError when
    the reply is not a completion with a JSON object in it."""
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as e:
        raise ReplyError(f"not a chat completion ({type(e).__name__})") from None
    if not isinstance(content, str) or len(content) > MAX_REPLY_CHARS:
        raise ReplyError("the completion has no text content, or too much of it")
    try:
        data = json.loads(_strip_fence(content))
    except ValueError as e:
        raise ReplyError(f"the content is not JSON ({str(e)[:80]})") from None
    except RecursionError:
        raise ReplyError("the content is JSON nested too deep") from None
    if not isinstance(data, dict):
        raise ReplyError("the content is JSON but not an object")
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for field, value in data.items():
        if field not in FIELDS or value is None or value == []:
            if field not in FIELDS:
                dropped.append(f"{str(field)[:40]}: not a profile field")
            continue
        try:
            kept[field] = getattr(build_profile({field: value}), field)
        except (ProfileError, ValueError) as e:
            dropped.append(str(e)[:160])
    return kept, dropped


# Name fields and the catalog that must know them: a name the catalog does not know would stop the answer.
NAMED = {"api_model": "prices", "open_model": "models", "hardware": "devices"}


def resolve_names(facts: dict[str, Any], k: Knowledge) -> tuple[dict[str, Any], list[str]]:
    """Model-read names as the catalog's ids (``gpt-4o`` → ``openai/gpt-4o``); a name the catalog does not know
    is dropped (the rules' reading of the message stands), with the reason."""
    kept, dropped = dict(facts), []
    for field, catalog in NAMED.items():
        if field not in kept:
            continue
        entry = getattr(k, catalog).find(str(kept[field]))
        if entry is None:
            dropped.append(f"{field}: {str(kept.pop(field))[:60]!r} is not in the catalog")
        else:
            kept[field] = entry.id
    return kept, dropped


def _strip_fence(content: str) -> str:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text[text.find("{"):] if "{" in text else text
    return text


def merge(ex: Extraction, model_facts: dict[str, Any], model: str) -> Extraction:
    """The extraction with the model's facts added only where the rules found nothing, each labelled."""
    facts = dict(ex.facts)
    for field, value in model_facts.items():
        if field in facts:
            continue
        facts[field] = Fact(value=value, span="", note=f"read by the model {model}; not yet confirmed", by="model")
    return ex.model_copy(update={"facts": facts})
