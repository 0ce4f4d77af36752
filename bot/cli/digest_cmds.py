"""`selfhost-bot digest run|preview` and `selfhost-bot usage import`.

`digest run --once` is for cron or a Kubernetes CronJob (`--now` sets the clock, for operators and
tests); without `--once` it runs every `--interval` seconds. It posts with $SLACK_BOT_TOKEN to
$SLACK_API_URL. Exit code 1 when a digest could not be delivered (it is retried on the next run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import CliError, knowledge
from bot.cli.store_cmds import LOCAL_TEAM

if TYPE_CHECKING:
    from bot.store import Store

DB_HELP = "SQLite file (default: $SELFHOST_DB or the user data dir)"


def register(sub: argparse._SubParsersAction) -> None:
    ws = argparse.ArgumentParser(add_help=False)
    ws.add_argument("--db", type=Path, help=DB_HELP)
    ws.add_argument("--team", default=LOCAL_TEAM, help="workspace team id (default: local)")
    ws.add_argument("--enterprise", default=None, help="Enterprise Grid id")
    digest = sub.add_parser("digest", help="weekly cost digests: run the outbox, preview a channel's digest")
    dsub = digest.add_subparsers(dest="digest_command", metavar="ACTION", required=True)
    p = dsub.add_parser("run", help="enqueue due digests and post them exactly once")
    p.add_argument("--once", action="store_true", help="one pass, then exit (cron / CronJob)")
    p.add_argument("--now", help="ISO-8601 time to run at (default: the real clock)")
    p.add_argument("--db", type=Path, help=DB_HELP)
    p.add_argument("--interval", type=float, default=60.0, help="seconds between passes without --once")
    p.add_argument("--no-chart", action="store_true", help="do not upload break-even charts")
    p.set_defaults(func=cmd_run)
    p = dsub.add_parser("preview", parents=[ws], help="a channel's digest as it would look now")
    p.add_argument("channel", help="channel id, e.g. C0123456")
    p.add_argument("--now", help="ISO-8601 time (default: now)")
    p.add_argument("--json", action="store_true", help="print the Block Kit message")
    p.set_defaults(func=cmd_preview)

    usage = sub.add_parser("usage", help="observed token volumes: import a CSV or OpenAI usage export")
    usub = usage.add_subparsers(dest="usage_command", metavar="ACTION", required=True)
    p = usub.add_parser("import", parents=[ws], help="read date,tokens CSV or an OpenAI usage export")
    p.add_argument("file", type=Path)
    p.add_argument("--profile", help="profile name (default: the workspace's only profile)")
    p.set_defaults(func=cmd_usage_import)


def parse_now(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC)
    try:
        now = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"--now: {text!r} is not an ISO-8601 time such as 2025-01-13T09:30:00Z") from None
    return now if now.tzinfo else now.replace(tzinfo=dt.UTC)


def _store(path: Path | None, cipher: Any = None) -> Store:
    from bot.store import db_path_from_env, open_store

    return open_store(path or db_path_from_env(), cipher=cipher)


def _workspace(args: argparse.Namespace):
    from bot.store import StoreError, Workspace

    try:
        return Workspace(args.enterprise, args.team or None)
    except StoreError as e:
        raise CliError(str(e)) from None


def cmd_run(args: argparse.Namespace) -> int:
    from slack_sdk import WebClient

    from bot.config import ConfigError, load_settings
    from bot.digest.runner import Runner, installed_token

    try:
        settings = load_settings()
    except ConfigError as e:
        raise CliError(str(e)) from None
    if settings.slack_bot_token is None and not settings.oauth_enabled:
        raise CliError("SLACK_BOT_TOKEN is not set (nor SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs); "
                       "the digest runner needs a bot token to post.")
    fixed = parse_now(args.now) if args.now else None
    clock = (lambda: fixed) if fixed else (lambda: dt.datetime.now(dt.UTC))
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = WebClient(token=token, base_url=settings.slack_api_url)
    with _store(args.db or settings.selfhost_db, settings.token_cipher()) as store:
        runner = Runner(store, knowledge(), client, clock=clock, charts=not args.no_chart,
                        token_for=None if token else installed_token(store))
        while True:
            report = runner.run_once()
            print(f"digest run: {report.enqueued} enqueued, {report.sent} sent, "
                  f"{report.reconciled} reconciled, {report.failed} failed", flush=True)
            for error in report.errors:
                print(f"  {error}", file=sys.stderr)
            if args.once:
                return 1 if report.failed else 0
            time.sleep(args.interval)


def cmd_preview(args: argparse.Namespace) -> int:
    from bot.digest.gather import compose_channel
    from bot.digest.schedule import current_period
    from bot.render.digest import digest_message

    now = parse_now(args.now)
    ws = _workspace(args)
    with _store(args.db) as store:
        sub = store.subscriptions.get(ws, args.channel)
        period = current_period(sub.tz if sub else "UTC", now)
        message = digest_message(compose_channel(knowledge(), store, ws, args.channel, period, now))
    if args.json:
        print(json.dumps(message, indent=2, ensure_ascii=False))
        return 0
    print(message["blocks"][0]["text"]["text"])
    for block in message["blocks"][1:]:
        text = (block.get("text") or {}).get("text") or " ".join(e.get("text", "") for e in block.get("elements", []))
        if text:
            print("\n" + text)
    return 0


def cmd_usage_import(args: argparse.Namespace) -> int:
    from bot.digest.usage_import import UsageImportError, parse_usage
    from bot.store import StoreError

    try:
        text = args.file.read_text(encoding="utf-8")
    except OSError as e:
        raise CliError(f"{args.file}: cannot read it ({e.strerror or e})") from None
    try:
        days = parse_usage(text)
    except UsageImportError as e:
        raise CliError(f"{args.file}: {e}") from None
    ws = _workspace(args)
    now = dt.datetime.now(dt.UTC)
    with _store(args.db) as store:
        name = args.profile or _only_profile(store, ws)
        try:
            store.profiles.require(ws, name)
            for day, tokens in days:
                store.usage.record(ws, name, day, tokens, source=f"import:{args.file.name}", now=now, by="cli")
        except StoreError as e:
            raise CliError(str(e)) from None
    print(f"imported {len(days)} days of usage into profile {name!r} ({days[0][0]} … {days[-1][0]})")
    return 0


def _only_profile(store, ws) -> str:
    names = [r.name for r in store.profiles.list(ws)]
    if len(names) != 1:
        listed = ", ".join(names) or "none yet"
        raise CliError(f"--profile: name the profile to import into (profiles in this workspace: {listed})")
    return names[0]
