"""`selfhost-bot`: every command is a few lines over a library call; `--json` prints the core's model.

Each sub-module registers its commands with ``register(subparsers)``; add a module to COMMANDS with the command
names it registers (a test checks the names). A command imports only its own module: ``selfhost-bot ask`` does not
pay for importing calibrate, store, digest or serve (help, no command or an unknown one import them all).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.cli.common import CliError

COMMANDS: dict[str, tuple[str, ...]] = {  # module → the top-level commands it registers
    "bot.cli.estimate_cmd": ("estimate",),
    "bot.cli.cost_cmd": ("cost",),
    "bot.cli.prices_cmd": ("prices",),  # prices, prices import, prices refresh
    "bot.cli.models_cmd": ("models",),  # models add / list / remove
    "bot.cli.recommend_cmd": ("recommend",),
    "bot.cli.store_cmds": ("profile", "db"),
    "bot.cli.serve_cmd": ("serve",),
    "bot.cli.chat_cmds": ("ask", "console"),
    "bot.cli.digest_cmds": ("digest", "usage"),
    "bot.cli.calibrate_cmd": ("calibrate",),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole CLI; given the arguments, only the module of the command they name (all when they name none)."""
    parser = argparse.ArgumentParser(
        prog="selfhost-bot",
        description="Selfhost Advisor: should your team self-host open-weight LLMs? With the math.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    first = argv[0] if argv else None
    chosen = [name for name, commands in COMMANDS.items() if first in commands]
    for name in chosen or COMMANDS:
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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
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
