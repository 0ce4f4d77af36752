"""slack_sdk installation and OAuth state stores on the same SQLite database (tokens never logged)."""

from __future__ import annotations

import inspect
import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from .base import SCOPE, StoreError, Workspace, dumps, loads, ts

if TYPE_CHECKING:
    from .db import SqliteStore

Clock = Callable[[], datetime]
_INSTALL_SECRETS = (
    "bot_token",
    "bot_refresh_token",
    "user_token",
    "user_refresh_token",
    "incoming_webhook_url",
)
_BOT_SECRETS = ("bot_token", "bot_refresh_token")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _scope(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> Workspace:
    return Workspace.for_install(enterprise_id, team_id, bool(is_enterprise_install))


def _plain(obj: Installation | Bot, secret_keys: tuple[str, ...]) -> dict[str, Any]:
    """The standard non-secret fields as JSON-able values (datetimes → ISO-8601)."""
    standard = inspect.signature(type(obj).__init__).parameters
    out: dict[str, Any] = {"custom_values": obj.custom_values}
    for k, v in obj.to_dict().items():
        if k in secret_keys or k not in standard or k == "custom_values":
            continue
        out[k] = v.isoformat() if isinstance(v, datetime) else v
    return out


class SqliteInstallationStore(InstallationStore):
    def __init__(self, store: SqliteStore, logger: logging.Logger | None = None):
        self._store = store
        self._logger = logger or logging.getLogger(__name__)

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def save(self, installation: Installation) -> None:
        i = installation
        ws = _scope(i.enterprise_id, i.team_id, i.is_enterprise_install)
        data = _plain(i, _INSTALL_SECRETS)
        seal = self._store.cipher.seal
        with self._store.transaction() as conn:
            conn.execute(
                """INSERT INTO slack_installations (enterprise_id, team_id, user_id, is_enterprise_install,
                   bot_token, bot_refresh_token, user_token, user_refresh_token, incoming_webhook_url,
                   data, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    *ws.key,
                    i.user_id,
                    int(bool(i.is_enterprise_install)),
                    seal(i.bot_token),
                    seal(i.bot_refresh_token),
                    seal(i.user_token),
                    seal(i.user_refresh_token),
                    seal(i.incoming_webhook_url),
                    dumps(data),
                    i.installed_at,
                ),
            )
            if i.bot_token:
                self._insert_bot(conn, i.to_bot())
        self._logger.debug("saved installation for %s", ws)

    def save_bot(self, bot: Bot) -> None:
        with self._store.transaction() as conn:
            self._insert_bot(conn, bot)

    def _insert_bot(self, conn: Any, bot: Bot) -> None:
        ws = _scope(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        data = _plain(bot, _BOT_SECRETS)
        conn.execute(
            """INSERT INTO slack_bots (enterprise_id, team_id, is_enterprise_install, bot_token,
               bot_refresh_token, data, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (
                *ws.key,
                int(bool(bot.is_enterprise_install)),
                self._store.cipher.seal(bot.bot_token),
                self._store.cipher.seal(bot.bot_refresh_token),
                dumps(data),
                bot.installed_at,
            ),
        )

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        ws = _scope(enterprise_id, team_id, is_enterprise_install)
        r = self._store.row(
            f"SELECT * FROM slack_bots WHERE {SCOPE} ORDER BY installed_at DESC, id DESC LIMIT 1", ws.key
        )
        if r is None:
            return None
        d = loads(r["data"])
        open_ = self._store.cipher.open
        return Bot(**d, bot_token=str(open_(r["bot_token"])), bot_refresh_token=open_(r["bot_refresh_token"]))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        ws = _scope(enterprise_id, team_id, is_enterprise_install)
        sql, params = f"SELECT * FROM slack_installations WHERE {SCOPE}", list(ws.key)
        if user_id is not None:
            sql, params = sql + " AND user_id = ?", [*params, user_id]
        r = self._store.row(sql + " ORDER BY installed_at DESC, id DESC LIMIT 1", params)
        if r is None:
            return None
        secrets_: dict[str, Any] = {k: self._store.cipher.open(r[k]) for k in _INSTALL_SECRETS}
        found = Installation(**loads(r["data"]), **secrets_)
        if user_id is not None:  # the bot token may come from a later installation by someone else
            latest = self.find_bot(
                enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
            )
            if latest is not None:
                found.bot_token, found.bot_id, found.bot_user_id = (
                    latest.bot_token,
                    latest.bot_id,
                    latest.bot_user_id,
                )
                found.bot_scopes, found.bot_refresh_token = latest.bot_scopes, latest.bot_refresh_token
                found.bot_token_expires_at = latest.bot_token_expires_at
        return found

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        ws = _delete_scope(enterprise_id, team_id)
        with self._store.transaction() as conn:
            conn.execute(f"DELETE FROM slack_bots WHERE {SCOPE}", ws.key)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        ws = _delete_scope(enterprise_id, team_id)
        sql, params = f"DELETE FROM slack_installations WHERE {SCOPE}", list(ws.key)
        if user_id is not None:
            sql, params = sql + " AND user_id = ?", [*params, user_id]
        with self._store.transaction() as conn:
            conn.execute(sql, params)


def _delete_scope(enterprise_id: str | None, team_id: str | None) -> Workspace:
    """Deletion for (E, T) removes that workspace's install; with no team it is the org-wide one."""
    return Workspace.for_install(enterprise_id, team_id, False)


MAX_PENDING_STATES = 1000  # installs in progress at once, from everyone (each client is also rate-limited)


class SqliteOAuthStateStore(OAuthStateStore):
    """One-time OAuth ``state`` values with an expiry; ``consume`` succeeds once, before expiry.

    Issuing a state first deletes the expired ones, and refuses (StoreError) when ``max_pending`` are
    still open, so unauthenticated visits to the install page cannot grow the database without bound.
    """

    def __init__(
        self,
        store: SqliteStore,
        expiration_seconds: int = 600,
        clock: Clock = _utcnow,
        logger: logging.Logger | None = None,
        max_pending: int = MAX_PENDING_STATES,
    ):
        self._store = store
        self._ttl = timedelta(seconds=expiration_seconds)
        self._clock = clock
        self._logger = logger or logging.getLogger(__name__)
        self._max_pending = max_pending

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state, now = secrets.token_urlsafe(24), self._clock()
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM oauth_states WHERE expires_at <= ?", (ts(now),))
            (pending,) = conn.execute("SELECT count(*) FROM oauth_states").fetchone()
            if pending >= self._max_pending:
                raise StoreError("oauth_state", "too many installs are in progress; try again in a few minutes")
            conn.execute("INSERT INTO oauth_states (state, expires_at) VALUES (?, ?)", (state, ts(now + self._ttl)))
        return state

    def consume(self, state: str) -> bool:
        with self._store.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM oauth_states WHERE state = ? AND expires_at > ?", (state, ts(self._clock()))
            )
            return cur.rowcount == 1


def rekey(store: SqliteStore) -> int:
    """Rewrite every stored token with the store cipher's newest key (plaintext ones get encrypted);
    return how many values changed. For rotating SELFHOST_ENCRYPTION_KEY or turning it on."""
    changed = 0
    with store.transaction() as conn:
        for table, columns in (("slack_installations", _INSTALL_SECRETS), ("slack_bots", _BOT_SECRETS)):
            for row in conn.execute(f"SELECT id, {', '.join(columns)} FROM {table}").fetchall():
                new = [store.cipher.reseal(v) for v in row[1:]]
                if new != list(row[1:]):
                    sets = ", ".join(f"{c} = ?" for c in columns)
                    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*new, row[0]))
                    changed += sum(1 for a, b in zip(row[1:], new, strict=True) if a != b)
    return changed
