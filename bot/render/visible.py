"""What a reader sees of a Block Kit message: its text without markup, and how many characters that is.

Pure. Used by tests (and the README sample) to hold answers to a reading budget: a message that is 8 blocks
but 4,000 characters is still two screens. Counted: header, section text and fields, context text,
button labels and image titles, as Slack shows them: ``*bold*`` → ``bold``, ``<url|label>`` → ``label``,
``<@U1>`` → ``@U1``, ``&lt;`` → ``<``, and an emoji code (``:house:``) counts as one character.
Line breaks are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_EMOJI = re.compile(r":[a-z0-9_+'-]+:")
_MARKS = re.compile(r"(?<![\w*_~`])[*_~`]+(?=\S)|(?<=\S)[*_~`]+(?![\w*_~`])")
_FENCE = re.compile(r"```")
EMOJI_GLYPH = "◆"  # one visible character stands for any emoji


def _link(m: re.Match[str]) -> str:
    target, label = m.group(1), m.group(2)
    if label:
        return label
    if target.startswith("@") or target.startswith("#"):
        return target
    if target.startswith("!"):
        return "@" + target[1:].split("^")[0]
    return target


def _mrkdwn(text: str) -> str:
    text = _FENCE.sub("", text)
    text = _LINK.sub(_link, text)
    text = _EMOJI.sub(EMOJI_GLYPH, text)
    text = _MARKS.sub("", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(obj: Any) -> str:
    if not isinstance(obj, Mapping):
        return ""
    text = obj.get("text")
    if not isinstance(text, str):
        return ""
    if obj.get("type") == "plain_text":
        return _EMOJI.sub(EMOJI_GLYPH, text) if obj.get("emoji", True) else text
    return _mrkdwn(text)


def _elements(block: Mapping[str, Any]) -> Iterable[Any]:
    yield from block.get("elements") or []
    for key in ("accessory", "element"):
        if isinstance(block.get(key), Mapping):
            yield block[key]


def _block_lines(block: Mapping[str, Any]) -> list[str]:
    kind = block.get("type")
    lines: list[str] = []
    if kind in ("header", "section"):
        lines.append(_text(block.get("text")))
        lines += [_text(f) for f in block.get("fields") or []]
    elif kind == "image":
        lines.append(_text(block.get("title")))
    for el in _elements(block):
        if not isinstance(el, Mapping):
            continue
        if el.get("type") in ("mrkdwn", "plain_text"):  # context elements
            lines.append(_text(el))
        elif el.get("type") == "button":
            lines.append(_text(el.get("text")))
    return [ln for ln in lines if ln]


def visible_text(message: Mapping[str, Any] | list[Any]) -> str:
    """The text of a message (``{"blocks": [...]}``, a view, or a block list) as a reader sees it."""
    blocks = message if isinstance(message, list) else message.get("blocks") or []
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Mapping):
            lines += _block_lines(block)
    return "\n".join(lines)


def visible_chars(message: Mapping[str, Any] | list[Any]) -> int:
    """How many characters a reader sees (line breaks not counted)."""
    return len(visible_text(message).replace("\n", ""))
