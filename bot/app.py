"""``create_app``: the one place the Slack app is wired (client, auth, listeners, OAuth).

Listeners live in ``bot.slack.*`` modules, each with ``register(app, deps)``; add new ones to
``LISTENER_MODULES``. Tests pass ``client=WebClient(base_url=<fake Slack>, token=...)``.
"""

from __future__ import annotations

import importlib
import logging

from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.core.knowledge import Knowledge
from bot.slack.deps import Deps, utc_now
from bot.store import Store

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
LISTENER_MODULES = [
    "bot.slack.commands",
    "bot.slack.share",
    "bot.slack.views",
    "bot.slack.home",
    "bot.slack.details",  # the summary's buttons: details on demand, Less, answers to its question
    "bot.slack.events",  # conversations: mentions, DMs, thread replies, question buttons
]


def build_client(settings: Settings, *, with_token: bool = True) -> WebClient:
    """A WebClient on SLACK_API_URL that retries 429s (Retry-After), 5xx and dropped connections."""
    token = None
    if with_token and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def oauth_settings(settings: Settings, store: Store) -> OAuthSettings:
    assert settings.slack_client_secret is not None
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=settings.scopes,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store.installation_store(),
        state_store=store.oauth_state_store(),
    )


def create_app(
    settings: Settings, store: Store, knowledge: Knowledge, client: WebClient | None = None, *,
    deps: Deps | None = None, socket_mode: bool = False,
) -> App:
    """The Bolt app with every listener registered. OAuth (many workspaces) when a client id/secret
    is configured, else the single-workspace bot token."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    use_oauth = settings.oauth_enabled and not (client is not None and client.token)
    if client is None:
        client = build_client(settings, with_token=not use_oauth)
    app = App(
        client=client,
        signing_secret=secret,
        request_verification_enabled=not socket_mode,
        oauth_settings=oauth_settings(settings, store) if use_oauth else None,
        process_before_response=False,
        logger=logging.getLogger("slack_bolt"),
        name="selfhost-advisor",
    )
    if use_oauth:
        if settings.selfhost_delete_data_on_uninstall:  # registered first: Bolt runs the first match
            from bot.slack.uninstall import register_forget

            register_forget(app, store)
        app.enable_token_revocation_listeners()
    deps = deps or Deps(store=store, knowledge=knowledge, settings=settings, clock=utc_now)
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, deps)
    app.error(_on_error)
    return app


def _on_error(error: Exception, body: dict, logger: logging.Logger) -> None:
    logger.error("unhandled error in a listener: %s", type(error).__name__, exc_info=error)
