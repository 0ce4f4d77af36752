"""User text in Slack messages: the one escaping function, code spans that hold, echoes that fit.

Slack parses ``&``, ``<`` and ``>`` as control characters in mrkdwn text objects and in a message's
fallback ``text`` (``<!channel>``, ``<@U…>``, ``<#C…>``, ``<https://…|label>``), so every string a user
could have typed (team and profile names, free text echoed back, model names, old → new values) goes
through ``escape`` before it is put into mrkdwn or fallback text, exactly once, where it is interpolated.
``plain_text`` objects (headers, buttons, modal labels) are never parsed, so they get raw text.

- ``escape(text)``: ``&`` → ``&amp;``, ``<`` → ``&lt;``, ``>`` → ``&gt;`` (Slack's formatting rules).
- ``code(text)``: an inline code span that user text cannot close: backticks become ``ˋ`` (U+02CB),
  line breaks become spaces, the rest is escaped.
- ``echo(text, limit)``: user text quoted back in a reply, cut at a word boundary so that the escaped
  result is at most ``limit`` characters (a 100 KB ``team=`` value comes back as its first words).
"""

from __future__ import annotations

ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
BACKTICK_LOOKALIKE = "\u02cb"  # ˋ MODIFIER LETTER GRAVE ACCENT: looks like ` but closes nothing
ECHO_CHARS = 200  # how much of a user's text a reply quotes back by default
ELLIPSIS = "…"


def escape(text: object) -> str:
    """User text made inert for Slack mrkdwn and fallback text (``&``, ``<``, ``>`` as HTML entities)."""
    return str(text).translate(ESCAPES)


def code(text: object, limit: int = 2000) -> str:
    """An inline code span around user text that no backtick or line break in it can end early."""
    flat = " ".join(str(text).replace("`", BACKTICK_LOOKALIKE).split())
    body = echo(flat, max(limit - 2, 1)) or " "
    return f"`{body}`"


def echo(text: object, limit: int = ECHO_CHARS) -> str:
    """User text quoted back: escaped, and cut with "…" (at a word boundary when there is one) so that
    the escaped result is at most ``limit`` characters."""
    raw = str(text)
    if len(escape(raw)) <= limit:
        return escape(raw)
    budget = max(limit - len(ELLIPSIS), 0)
    out, used = [], 0
    for ch in raw:
        piece = escape(ch)
        if used + len(piece) > budget:
            break
        out.append(piece)
        used += len(piece)
    head = "".join(out)
    space = head.rfind(" ")
    if space > len(head) // 2:
        head = head[:space]
    return head.rstrip() + ELLIPSIS if limit >= len(ELLIPSIS) else ELLIPSIS[:limit]


def unescape(text: str) -> str:
    """The inverse of ``escape`` (for tests and for reading Slack's own escaped text)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
