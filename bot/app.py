"""``create_app``: the one place the Slack app is wired (client, auth, listeners, OAuth).

Listeners live in ``bot.slack.*`` modules, each with ``register(app, deps)``; add new ones to
``LISTENER_MODULES``. Tests pass ``client=WebClient(base_url=<fake Slack>, token=...)``.

Acknowledgements never wait on Slack: Bolt runs ack functions on ``listener_executor`` (ACK_THREADS
threads that only parse and answer), and every listener that calls Slack does so in a lazy listener,
which runs on a separate work executor (WORK_THREADS threads). A rate-limited or slow Slack then fills
the work queue (answers come later) while acks keep flowing.
"""

from __future__ import annotations

import importlib
import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.lazy_listener.thread_runner import ThreadLazyListenerRunner
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, ServerErrorRetryHandler

from bot.config import Settings
from bot.core.knowledge import Knowledge
from bot.slack.deps import Deps, utc_now
from bot.slack.retry import BoundedRateLimitRetry
from bot.store import Store

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
ACK_THREADS = 16  # ack functions only: parse, answer help, validate a form; never a Slack call
WORK_THREADS = 8  # lazy listeners: the core, the store, and every Web API call (429 retries included)
LISTENER_MODULES = [
    "bot.slack.commands",
    "bot.slack.share",
    "bot.slack.views",
    "bot.slack.home",
    "bot.slack.details",  # the summary's buttons: details on demand, Less, answers to its question
    "bot.slack.events",  # conversations: mentions, DMs, thread replies, question buttons
]


def build_client(settings: Settings, *, with_token: bool = True) -> WebClient:
    """A WebClient on SLACK_API_URL that retries 429s (Retry-After, bounded), 5xx and dropped connections."""
    token = None
    if with_token and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            BoundedRateLimitRetry(),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def oauth_settings(settings: Settings, store: Store) -> OAuthSettings:
    assert settings.slack_client_secret is not None
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=settings.scopes,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store.installation_store(),
        state_store=store.oauth_state_store(),
    )
    # Token rotation (deploy/slack-manifest-oauth.yaml): OAuthSettings' own authorizer would refresh tokens
    # through slack.com whatever SLACK_API_URL says; this one uses our client (proxies, gateways, tests).
    oauth.authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("slack_bolt"), installation_store=oauth.installation_store,
        client_id=oauth.client_id, client_secret=oauth.client_secret,
        token_rotation_expiration_minutes=oauth.token_rotation_expiration_minutes,
        client=build_client(settings, with_token=False),
    )
    return oauth


def executors() -> tuple[Executor, Executor]:
    """(acks, work): two pools, so work waiting on Slack can never hold up an acknowledgement."""
    return (ThreadPoolExecutor(ACK_THREADS, thread_name_prefix="bolt-ack"),
            ThreadPoolExecutor(WORK_THREADS, thread_name_prefix="bolt-work"))


def create_app(
    settings: Settings, store: Store, knowledge: Knowledge, client: WebClient | None = None, *,
    deps: Deps | None = None, socket_mode: bool = False, pools: tuple[Executor, Executor] | None = None,
) -> App:
    """The Bolt app with every listener registered. OAuth (many workspaces) when a client id/secret
    is configured, else the single-workspace bot token."""
    ack_pool, work_pool = pools or executors()
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
        listener_executor=ack_pool,
    )
    _run_lazy_listeners_on(app, work_pool)
    if use_oauth:
        if settings.selfhost_delete_data_on_uninstall:  # registered first: Bolt runs the first match
            from bot.slack.uninstall import register_forget

            register_forget(app, store)
        app.enable_token_revocation_listeners()
    deps = deps or Deps(store=store, knowledge=knowledge, settings=settings, clock=utc_now)
    if deps.later is None:
        deps.later = lambda work: _submit_logged(work_pool, work)
    for name in LISTENER_MODULES:
        importlib.import_module(name).register(app, deps)
    app.error(_on_error)
    return app


def _on_error(error: Exception, body: dict, logger: logging.Logger) -> None:
    logger.error("unhandled error in a listener: %s", type(error).__name__, exc_info=error)


def _run_lazy_listeners_on(app: App, pool: Executor) -> None:
    """Bolt runs lazy listeners on its listener executor; give them a pool of their own (Bolt has no
    public setting for it, so this replaces its runner's lazy-listener runner, same class)."""
    runner = app.listener_runner
    runner.lazy_listener_runner = ThreadLazyListenerRunner(logger=runner.logger, executor=pool)


def _submit_logged(pool: Executor, work: Any) -> None:
    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("background work failed")

    pool.submit(run)
