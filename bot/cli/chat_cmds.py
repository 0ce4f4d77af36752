"""`selfhost-bot ask "TEXT" [--json]` and `selfhost-bot console [--db PATH]`; no arguments → the console
when no Slack credentials are configured (help otherwise)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import CliError, emit_json, knowledge

if TYPE_CHECKING:
    from bot.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="answer one question or workload description, as the bot would in Slack",
                       description="Answer one message (a fresh conversation) and exit.")
    p.add_argument("text", nargs="+", help='e.g. "we do 300M tokens/day of HIPAA data, should we self-host?"')
    p.add_argument("--json", action="store_true", help="print the answer (the conversation Turn) as JSON")
    p.add_argument("--brief", action="store_true", help="print only the summary of a recommendation")
    p.set_defaults(func=ask)
    c = sub.add_parser("console", help="a local console: /selfhost commands and free-text questions, no Slack",
                       description="Type /selfhost commands or plain questions. Reads stdin line by line "
                                   "when it is not a terminal, so it can be scripted.")
    c.add_argument("--db", type=Path, help="SQLite file (default: $SELFHOST_DB or the user data directory)")
    c.add_argument("--brief", action="store_true", help="recommendations as their summary (what Slack shows first)")
    c.set_defaults(func=console)


def _settings(**overrides: Any) -> Any:
    from bot.config import ConfigError, load_settings

    try:
        return load_settings(**overrides)
    except ConfigError as e:
        raise CliError(str(e)) from None


def _store(path: Path) -> Store:
    from bot.store import StoreError, open_store

    try:
        return open_store(path)
    except (OSError, StoreError) as e:
        raise CliError(f"SELFHOST_DB: cannot open {path}: {e}", code=3) from None


def ask(args: argparse.Namespace) -> int:
    from bot.chat import converse
    from bot.console import CHANNEL, USER, WORKSPACE, wants_color
    from bot.render.chat import render_turn_text
    from bot.slack.deps import utc_now

    text = " ".join(args.text).strip()
    if not text:
        raise CliError("text: give a question or a workload description")
    k = knowledge()
    with tempfile.TemporaryDirectory(prefix="selfhost-ask-") as tmp, _store(Path(tmp) / "ask.db") as store:
        now = utc_now()
        turn = converse(store, k, WORKSPACE, (CHANNEL, f"{now.timestamp():.6f}"), USER, text, now)
    if args.json:
        emit_json(turn)
    else:
        sys.stdout.write(render_turn_text(turn, color=wants_color(sys.stdout), brief=args.brief) + "\n")
    return 1 if turn.kind == "error" else 0


def console(args: argparse.Namespace) -> int:
    from bot.console import start
    from bot.slack.deps import Deps, utc_now

    db = getattr(args, "db", None)
    settings = _settings(**({"selfhost_db": db} if db else {}))
    k = knowledge()
    with _store(settings.selfhost_db) as store:
        deps = Deps(store=store, knowledge=k, settings=settings, clock=utc_now)
        return start(deps, sys.stdin, sys.stdout, brief=bool(getattr(args, "brief", False)))


def default_command(args: argparse.Namespace) -> int:
    """No sub-command: the console when there are no Slack credentials, else the help."""
    if _settings().mode != "console":
        from bot.cli import build_parser

        build_parser().print_help()
        return 0
    return console(args)
