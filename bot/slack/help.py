"""The ``/selfhost help`` message: every sub-command with an example, and "did you mean" for typos."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.render.escape import code
from bot.slack.deps import Reply


@dataclass(frozen=True)
class Sub:
    name: str
    usage: str
    summary: str
    example: str


SUBCOMMANDS: tuple[Sub, ...] = (
    Sub("help", "help", "This list.", "help"),
    Sub("recommend", "recommend [free text]",
        "Should you self-host? With the reasoning, costs and hardware. Without text: this channel's profile.",
        "recommend 400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team"),
    Sub("profile", "profile [show | edit | set key=value ... | history | use NAME]",
        "Show, edit (a form), change, or switch the workload profile bound to this channel.",
        "profile set team=payments tokens_per_day=300M capability=mid"),
    Sub("cost", "cost [free text]", "Compare monthly costs: cloud APIs against owned or rented hardware.",
        "cost 50M tokens/day on gpt-4o-mini"),
    Sub("hardware", "hardware MODEL [QUANT] [on HARDWARE]",
        "What it takes to run a model: memory, devices, speed.", "hardware llama-3.1-70b q4_k_m on h100"),
    Sub("prices", "prices [FILTER]", "Current API prices per million tokens.", "prices anthropic"),
    Sub("digest", "digest on | off | status | preview",
        "A weekly digest in this channel: what changed in prices and hardware, and your verdict.",
        "digest on"),
    Sub("usage", "usage AMOUNT [DATE]", "Report real token usage so the verdict tracks reality.",
        "usage 120M 2025-06-01"),
)
NAMES = tuple(s.name for s in SUBCOMMANDS)


def closest(word: str) -> str | None:
    """The sub-command closest to a mistyped word, or None when nothing is close."""
    word = word.lower()
    prefixed = [n for n in NAMES if n.startswith(word) or word.startswith(n)]
    if len(word) >= 2 and len(prefixed) == 1:
        return prefixed[0]
    match = process.extractOne(word, NAMES, scorer=fuzz.ratio, score_cutoff=60)
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
    for sub in SUBCOMMANDS:
        blocks.append(_section(f"*`/selfhost {sub.usage}`*\n{sub.summary}\n_e.g._ `/selfhost {sub.example}`"))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                   "Or mention me in a channel and ask in plain words; I answer in the thread."}]})
    return Reply(text=fallback, blocks=blocks, shareable=False)
