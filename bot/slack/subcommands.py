"""Every ``/selfhost`` sub-command, once: its usage, summary, example and handler.

The dispatcher (``bot.slack.commands``), the help message (``bot.slack.help``), the console and the README
check (``tests/test_docs.py``) all read this table; to add a sub-command, add a row here and write its
handler (``handle(cmd, deps, client) -> Reply | None``, see ``bot.slack.deps``). Handlers are named as
``"module:function"`` and imported on first use, so start-up does not import every surface.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.slack.deps import Command, Deps, Reply

if TYPE_CHECKING:  # annotations only: the console and `selfhost-bot ask` do not import the SDK's web client
    from slack_sdk import WebClient

Handler = Callable[[Command, Deps, "WebClient"], Reply | None]


@dataclass(frozen=True)
class Sub:
    name: str
    usage: str
    summary: str
    example: str
    handler: str | None  # "module:function"; None: answered in the ack itself (help)

    def load(self) -> Handler:
        assert self.handler is not None, f"/selfhost {self.name} is answered in the ack"
        module, _, func = self.handler.partition(":")
        return getattr(importlib.import_module(module), func)


SUBCOMMANDS: tuple[Sub, ...] = (
    Sub("help", "help", "This list.", "help", None),
    Sub("recommend", "recommend [free text]",
        "Should you self-host? With the reasoning, costs and hardware. Without text: this channel's profile.",
        "recommend 400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team",
        "bot.slack.recommend:handle"),
    Sub("profile", "profile [show | edit | set key=value ... | history | use NAME]",
        "Show, edit (a form), change, or switch the workload profile bound to this channel.",
        "profile set team=payments tokens_per_day=300M capability=mid", "bot.slack.profile:handle"),
    Sub("cost", "cost [free text]", "Compare monthly costs: cloud APIs against owned or rented hardware.",
        "cost 50M tokens/day on gpt-4o-mini", "bot.slack.cost:handle"),
    Sub("hardware", "hardware MODEL [QUANT] [on HARDWARE]",
        "What it takes to run a model: memory, devices, speed.", "hardware llama-3.1-70b q4_k_m on h100",
        "bot.slack.hardware:handle"),
    Sub("prices", "prices [FILTER]", "Current API prices per million tokens.", "prices anthropic",
        "bot.slack.prices:handle"),
    Sub("digest", "digest on | off | status | preview",
        "A weekly digest in this channel: what changed in prices and hardware, and your verdict.",
        "digest on", "bot.slack.digest:handle"),
    Sub("usage", "usage AMOUNT [DATE]", "Report real token usage so the verdict tracks reality.",
        "usage 120M 2025-06-01", "bot.slack.usage:handle"),
    Sub("calibrate", "calibrate model=M hardware=H [quant=Q] [gpus=N] + pasted benchmark output",
        "Your own llama-bench / vllm bench serve figures: later estimates of that setup use them.",
        'calibrate model=gpt-oss-120b hardware="DGX Spark" (then paste the llama-bench table)',
        "bot.slack.calibrate:handle"),
)


def names() -> tuple[str, ...]:
    return tuple(s.name for s in SUBCOMMANDS)


def find(name: str) -> Sub | None:
    """The sub-command called ``name``, read from the table at call time."""
    return next((s for s in SUBCOMMANDS if s.name == name), None)


def runnable(name: str) -> Sub | None:
    """The sub-command called ``name`` when it has a handler (help and unknown names are answered in the ack)."""
    sub = find(name)
    return sub if sub is not None and sub.handler is not None else None
