"""``selfhost-bot serve``: the Slack app, over Socket Mode (SLACK_APP_TOKEN set) or HTTP (waitress)."""

from __future__ import annotations

import argparse
import logging
import signal
from typing import TYPE_CHECKING, Any

from bot.cli.common import CliError, knowledge

if TYPE_CHECKING:
    from bot.digest.runner import SchedulerHandle
    from bot.store import Store

log = logging.getLogger("bot.serve")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP",
        description="Run the Slack app. Socket Mode when SLACK_APP_TOKEN is set; HTTP otherwise "
                    "(POST /slack/events, GET /healthz). --http forces HTTP.",
    )
    p.add_argument("--http", action="store_true", help="serve HTTP even when SLACK_APP_TOKEN is set")
    p.add_argument("--port", type=int, help="HTTP port (default: $PORT or 3000)")
    p.add_argument("--host", help="HTTP bind address (default: $SELFHOST_HOST or 0.0.0.0)")
    p.set_defaults(func=serve)


def _settings() -> Any:
    from bot.config import ConfigError, load_settings

    try:
        return load_settings()
    except ConfigError as e:
        raise CliError(str(e)) from None


def _build(settings: Any, socket_mode: bool) -> tuple[Any, Any]:
    from slack_bolt.error import BoltError

    from bot.app import create_app
    from bot.store import StoreError, open_store

    try:
        store = open_store(settings.selfhost_db, cipher=settings.token_cipher())
    except (OSError, StoreError) as e:
        raise CliError(f"SELFHOST_DB: cannot open {settings.selfhost_db}: {e}", code=3) from None
    try:
        return create_app(settings, store, knowledge(), socket_mode=socket_mode), store
    except BoltError as e:
        raise CliError(f"Slack refused the credentials: {e}", code=3) from None
    except OSError as e:  # URLError: Slack (SLACK_API_URL) unreachable
        raise CliError(f"cannot reach Slack at {settings.slack_api_url}: {getattr(e, 'reason', e)}",
                       code=3) from None


def serve(args: argparse.Namespace) -> int:
    from bot.config import ConfigError
    from bot.logging_setup import configure

    settings = _settings()
    configure(settings)
    use_http = args.http or settings.slack_app_token is None
    try:
        settings.require_http() if use_http else settings.require_socket()
    except ConfigError as e:
        raise CliError(str(e)) from None
    app, store = _build(settings, socket_mode=not use_http)
    scheduler = _start_digests(app, settings, store)
    try:
        return _serve_http(app, settings, store, args) if use_http else _serve_socket(app, settings)
    finally:
        if scheduler is not None:
            scheduler.stop()
        store.close()


def _start_digests(app: Any, settings: Any, store: Store) -> SchedulerHandle | None:
    """The weekly digest runs in-process unless SELFHOST_SCHEDULER=false (then cron runs `digest run --once`)."""
    if not settings.selfhost_scheduler:
        log.info("digest scheduler off (SELFHOST_SCHEDULER=false); run `selfhost-bot digest run --once` from cron")
        return None
    from bot.digest.runner import start_scheduler
    from bot.slack.deps import Deps

    return start_scheduler(Deps(store, knowledge(), settings), app.client, interval_s=60)


def _serve_http(app: Any, settings: Any, store: Store, args: argparse.Namespace) -> int:
    from bot.server import make_server

    try:
        server = make_server(app, settings, args.host, args.port, store=store, knowledge=knowledge())
    except OSError as e:
        raise CliError(f"cannot listen on {args.host or settings.selfhost_host}:"
                       f"{args.port or settings.port}: {e.strerror}") from None
    signal.signal(signal.SIGTERM, lambda *_: server.close(timeout=0))
    log.info("serving HTTP", extra={"host": server.host, "port": server.port})
    server.run()
    return 0


def _serve_socket(app: Any, settings: Any) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    log.info("connecting over Socket Mode")
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    return 0
