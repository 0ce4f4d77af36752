"""Named, ordered migrations recorded in the ``migrations`` table; each runs in its own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .base import SCOPE_COLUMNS as W
from .base import dumps, loads

Step = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    name: str
    steps: tuple[Step, ...]


class MigrationError(RuntimeError):
    def __init__(self, name: str, cause: BaseException):
        self.name = name
        super().__init__(f"migration {name} failed and was rolled back: {cause}")


PROFILES = Migration(
    "0001_profiles",
    (
        f"""CREATE TABLE profiles (
            id INTEGER PRIMARY KEY, {W}, name TEXT NOT NULL, data TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            created_by TEXT, created_at TEXT NOT NULL, updated_by TEXT, updated_at TEXT NOT NULL,
            UNIQUE (enterprise_id, team_id, name), UNIQUE (id, enterprise_id, team_id))""",
        f"""CREATE TABLE profile_versions (
            profile_id INTEGER NOT NULL, {W}, version INTEGER NOT NULL,
            changed_by TEXT, changed_at TEXT NOT NULL, changes TEXT NOT NULL, snapshot TEXT NOT NULL,
            PRIMARY KEY (profile_id, version),
            FOREIGN KEY (profile_id, enterprise_id, team_id)
                REFERENCES profiles (id, enterprise_id, team_id) ON DELETE CASCADE)""",
        f"""CREATE TABLE channel_bindings (
            {W}, channel_id TEXT NOT NULL, profile_id INTEGER NOT NULL, bound_by TEXT, bound_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, channel_id),
            FOREIGN KEY (profile_id, enterprise_id, team_id)
                REFERENCES profiles (id, enterprise_id, team_id) ON DELETE CASCADE)""",
        "CREATE INDEX channel_bindings_profile ON channel_bindings (profile_id)",
    ),
)

BOT_STATE = Migration(
    "0002_bot_state",
    (
        f"""CREATE TABLE recommendations (
            id INTEGER PRIMARY KEY, {W}, profile_name TEXT, channel_id TEXT, message_ts TEXT,
            verdict TEXT NOT NULL, monthly_costs TEXT NOT NULL, details TEXT, created_at TEXT NOT NULL)""",
        """CREATE INDEX recommendations_lookup
            ON recommendations (enterprise_id, team_id, profile_name, created_at)""",
        f"""CREATE TABLE usage_reports (
            {W}, profile_name TEXT NOT NULL, date TEXT NOT NULL, tokens REAL NOT NULL CHECK (tokens >= 0),
            source TEXT NOT NULL, recorded_by TEXT, recorded_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, profile_name, date))""",
        f"""CREATE TABLE thread_state (
            {W}, channel_id TEXT NOT NULL, thread_ts TEXT NOT NULL, facts TEXT NOT NULL,
            history TEXT NOT NULL, last_verdict TEXT, updated_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, channel_id, thread_ts))""",
        f"""CREATE TABLE seen_events (
            {W}, event_id TEXT NOT NULL, received_at TEXT NOT NULL, expires_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, event_id))""",
        "CREATE INDEX seen_events_expiry ON seen_events (expires_at)",
    ),
)

DIGESTS = Migration(
    "0003_digests",
    (
        f"""CREATE TABLE digest_subscriptions (
            {W}, channel_id TEXT NOT NULL, weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
            time TEXT NOT NULL, tz TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (enterprise_id, team_id, channel_id))""",
        f"""CREATE TABLE digest_outbox (
            id INTEGER PRIMARY KEY, {W}, channel_id TEXT NOT NULL, period TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'sent')),
            lease_owner TEXT, lease_expires_at TEXT, available_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, message_ts TEXT, payload TEXT NOT NULL, last_error TEXT,
            created_at TEXT NOT NULL, sent_at TEXT,
            UNIQUE (enterprise_id, team_id, channel_id, period))""",
        "CREATE INDEX digest_outbox_due ON digest_outbox (status, available_at)",
    ),
)

SLACK_OAUTH = Migration(
    "0004_slack_oauth",
    (
        f"""CREATE TABLE slack_installations (
            id INTEGER PRIMARY KEY, {W}, user_id TEXT NOT NULL, is_enterprise_install INTEGER NOT NULL,
            bot_token TEXT, bot_refresh_token TEXT, user_token TEXT, user_refresh_token TEXT,
            incoming_webhook_url TEXT, data TEXT NOT NULL, installed_at REAL NOT NULL)""",
        """CREATE INDEX slack_installations_lookup
            ON slack_installations (enterprise_id, team_id, user_id, installed_at)""",
        f"""CREATE TABLE slack_bots (
            id INTEGER PRIMARY KEY, {W}, is_enterprise_install INTEGER NOT NULL,
            bot_token TEXT, bot_refresh_token TEXT, data TEXT NOT NULL, installed_at REAL NOT NULL)""",
        "CREATE INDEX slack_bots_lookup ON slack_bots (enterprise_id, team_id, installed_at)",
        "CREATE TABLE oauth_states (state TEXT PRIMARY KEY, expires_at TEXT NOT NULL)",
    ),
)



def _stream_floor_is_a_field(conn: sqlite3.Connection) -> None:
    """``assumptions.min_stream_tokens_per_s`` became the profile field ``min_tokens_per_s`` (0, which meant
    'no floor', becomes 1 token/s: the field must be above 0)."""
    for table, column, key in (("profiles", "data", "id"), ("profile_versions", "snapshot", "rowid")):
        rows = conn.execute(f"SELECT {key}, {column} FROM {table} WHERE {column} LIKE '%min_stream_tokens_per_s%'")
        for ident, text in rows.fetchall():
            data = loads(text)
            old = (data.get("assumptions") or {}).pop("min_stream_tokens_per_s", None)
            if old is None:
                continue
            data.setdefault("min_tokens_per_s", max(float(old), 1.0))
            if not data["assumptions"]:
                del data["assumptions"]
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (dumps(data), ident))


STREAM_FLOOR_FIELD = Migration("0005_min_tokens_per_s_field", (_stream_floor_is_a_field,))

SPEED_CALIBRATIONS = Migration(
    "0006_speed_calibrations",
    (
        f"""CREATE TABLE speed_calibrations (
            {W}, family TEXT NOT NULL, device TEXT NOT NULL, engine TEXT NOT NULL,
            gpus INTEGER NOT NULL CHECK (gpus >= 1), data TEXT NOT NULL, recorded_by TEXT,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, family, device, engine, gpus))""",
    ),
)

CATALOG = Migration(
    "0007_catalog",
    (
        f"""CREATE TABLE custom_models (
            {W}, id TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, id))""",
        """CREATE TABLE price_snapshots (
            id INTEGER PRIMARY KEY, fetched_at TEXT NOT NULL, url TEXT NOT NULL, payload TEXT NOT NULL)""",
    ),
)

GPU_RATES = Migration(
    "0008_gpu_rate_snapshots",
    ("""CREATE TABLE gpu_rate_snapshots (
            id INTEGER PRIMARY KEY, fetched_at TEXT NOT NULL, url TEXT NOT NULL, payload TEXT NOT NULL)""",),
)



def _calibrations_keyed_by_backend(conn: sqlite3.Connection) -> None:
    """``speed_calibrations`` gains ``backend`` in its key: a Vulkan measurement and a ROCm one of the same model
    family on the same box are two setups (``Calibration.applies_to`` already tells them apart), where the old key
    let the later replace the earlier. '' is a measurement that did not say its backend. Existing rows take the
    backend their stored calibration names."""
    conn.execute(
        f"""CREATE TABLE speed_calibrations_new (
            {W}, family TEXT NOT NULL, device TEXT NOT NULL, engine TEXT NOT NULL,
            gpus INTEGER NOT NULL CHECK (gpus >= 1), backend TEXT NOT NULL DEFAULT '', data TEXT NOT NULL,
            recorded_by TEXT, recorded_at TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, family, device, engine, gpus, backend))"""
    )
    rows = conn.execute(
        "SELECT enterprise_id, team_id, family, device, engine, gpus, data, recorded_by, recorded_at "
        "FROM speed_calibrations ORDER BY recorded_at"
    ).fetchall()
    for *key, data, by, at in rows:
        try:
            parsed = loads(data)
        except ValueError:  # unreadable rows are kept (list() skips them), keyed as not saying their backend
            parsed = None
        backend = (parsed.get("backend") if isinstance(parsed, dict) else None) or ""
        conn.execute(
            "INSERT OR REPLACE INTO speed_calibrations_new (enterprise_id, team_id, family, device, engine, gpus, "
            "backend, data, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, str(backend), data, by, at),
        )
    conn.execute("DROP TABLE speed_calibrations")
    conn.execute("ALTER TABLE speed_calibrations_new RENAME TO speed_calibrations")


CALIBRATION_BACKEND = Migration("0009_speed_calibrations_backend", (_calibrations_keyed_by_backend,))

MIGRATIONS: tuple[Migration, ...] = (
    PROFILES, BOT_STATE, DIGESTS, SLACK_OAUTH, STREAM_FLOOR_FIELD, SPEED_CALIBRATIONS, CATALOG, GPU_RATES,
    CALIBRATION_BACKEND,
)

_LEDGER = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


def applied(conn: sqlite3.Connection) -> list[str]:
    conn.execute(_LEDGER)
    return [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the pending migrations in order, each in a BEGIN IMMEDIATE transaction; return their names.

    ``conn`` must be in autocommit mode (isolation_level=None). A failing migration is rolled back and
    raises MigrationError; the ones before it stay applied, so a rerun continues where it stopped.
    """
    conn.execute(_LEDGER)
    done: list[str] = []
    for m in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check inside the write lock: another process may have applied it meanwhile.
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (m.name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for step in m.steps:
                step(conn) if callable(step) else conn.execute(step)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (m.name,),
            )
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise MigrationError(m.name, e) from e
        done.append(m.name)
    return done
