"""The ``/selfhost help`` message: every sub-command in ``bot.slack.subcommands`` with an example, and "did
you mean" for typos."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.render.escape import code
from bot.slack import subcommands
from bot.slack.deps import Reply


def closest(word: str) -> str | None:
    """The sub-command closest to a mistyped word, or None when nothing is close."""
    word, names = word.lower(), subcommands.names()
    prefixed = [n for n in names if n.startswith(word) or word.startswith(n)]
    if len(word) >= 2 and len(prefixed) == 1:
        return prefixed[0]
    match = process.extractOne(word, names, scorer=fuzz.ratio, score_cutoff=60)
    return match[0] if match else None


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def help_reply(unknown: str | None = None) -> Reply:
    """The help message; with ``unknown``, it starts by saying what was not understood."""
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": "Selfhost Advisor"}}]
    fallback = "Selfhost Advisor: /selfhost commands"
    if unknown is not None:
        guess = closest(unknown) if unknown else None
        said = f"I don't know {code('/selfhost ' + unknown, 52)}." if unknown else "Tell me what to do."
        hint = f" Did you mean `{guess}`?" if guess else " Here is what I can do:"
        blocks.append(_section(said + hint))
        fallback = said + hint
    else:
        blocks.append(_section("Should your team self-host open-weight LLMs or keep paying for APIs? "
                               "I answer with the reasoning and the math."))
    for sub in subcommands.SUBCOMMANDS:
        blocks.append(_section(f"*`/selfhost {sub.usage}`*\n{sub.summary}\n_e.g._ `/selfhost {sub.example}`"))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                   "Or mention me in a channel and ask in plain words; I answer in the thread."}]})
    return Reply(text=fallback, blocks=blocks, shareable=False)
