"""`selfhost-bot`: every command is a few lines over a library call; `--json` prints the core's model.

Each sub-module registers its commands with ``register(subparsers)``; add a module to COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.cli.common import CliError

COMMANDS = [
    "bot.cli.estimate_cmd",  # estimate
    "bot.cli.cost_cmd",  # cost
    "bot.cli.prices_cmd",  # prices, prices import, prices refresh
    "bot.cli.models_cmd",  # models add / list / remove
    "bot.cli.recommend_cmd",  # recommend
    "bot.cli.store_cmds",  # profile ..., db ...
    "bot.cli.serve_cmd",  # serve
    "bot.cli.chat_cmds",  # ask, console
    "bot.cli.digest_cmds",  # digest ..., usage ...
    "bot.cli.calibrate_cmd",  # calibrate
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfhost-bot",
        description="Selfhost Advisor: should your team self-host open-weight LLMs? With the math.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:  # a command module not written yet
                continue
            raise
        module.register(sub)
        if hasattr(module, "default_command"):  # what `selfhost-bot` alone runs
            parser._default_command = module.default_command  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        default = getattr(parser, "_default_command", None)
        if default is None:
            parser.print_help()
            return 0
        args.func = default
    try:
        return int(args.func(args) or 0)
    except CliError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return 130
