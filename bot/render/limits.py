"""Slack's Block Kit limits, including those slack_sdk does not check, and a word-safe text splitter.

``check_message(payload)`` and ``check_view(view)`` return a list of problems (empty = fine), each a
sentence naming the block and the limit. Renderers split long text with ``split_text`` instead of
truncating mid-word.
"""

from __future__ import annotations

import re
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000
SECTION_TEXT = 3_000
FIELDS = 10
FIELD_TEXT = 2_000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
ID_LENGTH = 255
BUTTON_TEXT = 75
BUTTON_VALUE = 2_000
URL_LENGTH = 3_000
MODAL_TITLE = 24
PRIVATE_METADATA = 3_000
INPUT_LABEL = 2_000


def _text(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else ""


def _check_ids(block: dict, where: str, problems: list[str]) -> None:
    if len(block.get("block_id") or "") > ID_LENGTH:
        problems.append(f"{where}: block_id longer than {ID_LENGTH} characters")
    elements = list(block.get("elements") or [])
    if isinstance(block.get("accessory"), dict):
        elements.append(block["accessory"])
    if isinstance(block.get("element"), dict):
        elements.append(block["element"])
    for el in elements:
        if isinstance(el, dict) and len(el.get("action_id") or "") > ID_LENGTH:
            problems.append(f"{where}: action_id longer than {ID_LENGTH} characters")
        if isinstance(el, dict) and el.get("type") == "button":
            _check_button(el, where, problems)


def _check_button(el: dict, where: str, problems: list[str]) -> None:
    if len(_text(el.get("text"))) > BUTTON_TEXT:
        problems.append(f"{where}: button text longer than {BUTTON_TEXT} characters")
    if len(el.get("value") or "") > BUTTON_VALUE:
        problems.append(f"{where}: button value longer than {BUTTON_VALUE} characters")
    if len(el.get("url") or "") > URL_LENGTH:
        problems.append(f"{where}: button url longer than {URL_LENGTH} characters")


def _check_section(block: dict, where: str, problems: list[str]) -> None:
    text, fields = block.get("text"), block.get("fields") or []
    if not _text(text).strip() and not fields:
        problems.append(f"{where}: section needs text or fields")
    if len(_text(text)) > SECTION_TEXT:
        problems.append(f"{where}: section text is {len(_text(text))} characters (limit {SECTION_TEXT})")
    if len(fields) > FIELDS:
        problems.append(f"{where}: {len(fields)} fields (limit {FIELDS})")
    for j, field in enumerate(fields):
        if len(_text(field)) > FIELD_TEXT:
            problems.append(f"{where}: field {j} is {len(_text(field))} characters (limit {FIELD_TEXT})")
        if not _text(field).strip():
            problems.append(f"{where}: field {j} is empty")


def _check_header(block: dict, where: str, problems: list[str]) -> None:
    text = block.get("text") or {}
    if text.get("type") != "plain_text":
        problems.append(f"{where}: header text must be plain_text")
    if not _text(text).strip():
        problems.append(f"{where}: header text is empty")
    if len(_text(text)) > HEADER_TEXT:
        problems.append(f"{where}: header is {len(_text(text))} characters (limit {HEADER_TEXT})")


def _check_counted(block: dict, where: str, problems: list[str], limit: int) -> None:
    elements = block.get("elements") or []
    if not elements:
        problems.append(f"{where}: {block['type']} block has no elements")
    if len(elements) > limit:
        problems.append(f"{where}: {len(elements)} elements in a {block['type']} block (limit {limit})")
    for j, el in enumerate(elements):
        if isinstance(el, dict) and len(_text(el)) > SECTION_TEXT:
            problems.append(f"{where}: element {j} text longer than {SECTION_TEXT} characters")


def _check_input(block: dict, where: str, problems: list[str]) -> None:
    if len(_text(block.get("label"))) > INPUT_LABEL:
        problems.append(f"{where}: input label longer than {INPUT_LABEL} characters")
    if len(_text(block.get("hint"))) > INPUT_LABEL:
        problems.append(f"{where}: input hint longer than {INPUT_LABEL} characters")


def _sdk_check(block: dict, where: str, problems: list[str]) -> None:
    """slack_sdk's own model checks (element-level limits we do not duplicate). Imported here: slack_sdk's web
    client package takes ~60 ms to import, and the renderers that split text (``selfhost-bot ask``) never check."""
    from slack_sdk.errors import SlackObjectFormationError
    from slack_sdk.models.blocks import Block

    try:
        parsed = Block.parse(block)
        if parsed is not None:
            parsed.validate_json()
    except SlackObjectFormationError as e:
        problems.append(f"{where}: {e}")
    except (KeyError, TypeError, ValueError) as e:
        problems.append(f"{where}: malformed block ({e})")


_CHECKERS = {"section": _check_section, "header": _check_header, "input": _check_input}


def check_blocks(blocks: Any, limit: int) -> list[str]:
    if not isinstance(blocks, list):
        return ["blocks must be a list"]
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"{len(blocks)} blocks (limit {limit})")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"block {i}"
        if not isinstance(block, dict) or "type" not in block:
            problems.append(f"{where}: not a block (needs a type)")
            continue
        where = f"block {i} ({block['type']})"
        block_id = block.get("block_id")
        if block_id and block_id in seen:
            problems.append(f"{where}: duplicate block_id {block_id!r}")
        seen.add(block_id or "")
        _check_ids(block, where, problems)
        checker = _CHECKERS.get(block["type"])
        if checker:
            checker(block, where, problems)
        elif block["type"] == "context":
            _check_counted(block, where, problems, CONTEXT_ELEMENTS)
        elif block["type"] == "actions":
            _check_counted(block, where, problems, ACTIONS_ELEMENTS)
        _sdk_check(block, where, problems)
    return problems


def check_message(payload: dict) -> list[str]:
    """Problems with a chat.postMessage / respond payload: blocks, sizes and the fallback text."""
    problems: list[str] = []
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append("message has no fallback text")
    elif len(text) > MESSAGE_TEXT:
        problems.append(f"message text is {len(text)} characters (limit {MESSAGE_TEXT})")
    if "blocks" in payload:
        problems += check_blocks(payload["blocks"], MESSAGE_BLOCKS)
    return problems


def check_view(view: dict) -> list[str]:
    """Problems with a modal or Home tab view."""
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append(f"view type must be modal or home, not {kind!r}")
    if kind == "modal":
        for key in ("title", "submit", "close"):
            label = _text(view.get(key))
            if key == "title" and not label.strip():
                problems.append("modal has no title")
            if len(label) > MODAL_TITLE:
                problems.append(f"modal {key} is {len(label)} characters (limit {MODAL_TITLE})")
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and not view.get("submit"):
            problems.append("modal with input blocks needs a submit button")
    if len(view.get("private_metadata") or "") > PRIVATE_METADATA:
        problems.append(f"private_metadata longer than {PRIVATE_METADATA} characters")
    if len(view.get("callback_id") or "") > ID_LENGTH:
        problems.append(f"callback_id longer than {ID_LENGTH} characters")
    return problems + check_blocks(view.get("blocks", []), VIEW_BLOCKS)


_SPACE_RE = re.compile(r"\s")


def _cut(text: str, limit: int) -> int:
    """Where to cut ``text`` (longer than limit): last paragraph, line, then any whitespace break."""
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, 1, limit + 1)
        if i > 0:
            return i
    for i in range(limit, 0, -1):
        if _SPACE_RE.match(text[i]):
            return i
    return limit  # one word longer than the limit: no boundary exists, cut it


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most ``limit`` characters on paragraph, line or word boundaries.

    Whitespace at the cut is dropped. Only a single word longer than ``limit`` is ever cut inside.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut(rest, limit)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if head:
            chunks.append(head)
    if rest:
        chunks.append(rest)
    return chunks
