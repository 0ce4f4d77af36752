"""SqliteStore, the ``Store`` (see ``protocol.py``) on one SQLite file: a connection per thread, serialised
write transactions, maintenance."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import SCOPE, StoreError, Workspace, ts
from .crypto import TokenCipher
from .migrations import MIGRATIONS, Migration, applied
from .migrations import migrate as apply_migrations

if TYPE_CHECKING:
    from .slack_oauth import SqliteInstallationStore, SqliteOAuthStateStore


# Columns whose values are secrets: masked in dumps, never logged.
SECRET_COLUMNS = frozenset(
    {"bot_token", "bot_refresh_token", "user_token", "user_refresh_token", "incoming_webhook_url"}
)
# Tables that carry a workspace scope (enterprise_id, team_id); children first, for deletion order.
SCOPED_TABLES = (
    "channel_bindings",
    "profile_versions",
    "profiles",
    "recommendations",
    "usage_reports",
    "thread_state",
    "seen_events",
    "digest_subscriptions",
    "digest_outbox",
    "slack_installations",
    "slack_bots",
    "speed_calibrations",
    "custom_models",
)


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 when it does not exist, whatever the umask: it holds tokens and
    team data. SQLite gives its -wal and -shm files the same mode as the database file."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def explain(path: Path, error: sqlite3.Error) -> str:
    """One sentence for an SQLite failure on ``path``, saying what to do about it."""
    text = str(error)
    if "not a database" in text:
        return f"{path} is not a SQLite database (or its first page is damaged); check SELFHOST_DB or restore a backup"
    if "malformed" in text or "corrupt" in text:
        return f"{path} is damaged ({text}); restore a backup (selfhost-bot db backup makes them)"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"{path} cannot be written ({text}); the app needs write access to the file and its directory"
    return f"{path}: {text}"


def is_secret(column: str) -> bool:
    return column in SECRET_COLUMNS or column.endswith(("_token", "_secret"))


class SqliteStore:
    """One SQLite database (WAL). Reads run concurrently on per-thread connections; writes go through
    ``transaction()``: a process-wide lock plus ``BEGIN IMMEDIATE`` (which also orders other processes)."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_ms: int = 30_000,
        synchronous: str = "NORMAL",
        migrations: Sequence[Migration] = MIGRATIONS,
        migrate: bool = True,
        cipher: TokenCipher | None = None,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        create_private(self.path)
        self.cipher = cipher or TokenCipher()  # encrypts Slack tokens at rest when keys are configured
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._synchronous = synchronous if synchronous in ("NORMAL", "FULL") else "NORMAL"
        self._local = threading.local()
        self._write_lock = threading.RLock()
        # every connection with the lock its thread holds while using it, so close() never frees a
        # connection another thread is in the middle of (sqlite3 would crash the process)
        self._all: list[tuple[sqlite3.Connection, threading.RLock]] = []
        self._all_lock = threading.Lock()
        self._closed = False
        self._migrations = tuple(migrations)
        try:
            conn = self.conn
            conn.execute("PRAGMA journal_mode=WAL")
            if migrate:
                with self._write_lock:
                    apply_migrations(conn, self._migrations)
                    conn.execute("BEGIN IMMEDIATE")  # can we write at all? (a read-only file opens fine)
                    conn.execute("ROLLBACK")
        except sqlite3.Error as e:
            self.close()
            raise StoreError("database", explain(self.path, e)) from None
        self._attach_repositories()

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> SqliteStore:
        return cls(path, **kwargs)

    def _attach_repositories(self) -> None:
        from .calibrations import Calibrations
        from .catalog import CustomModels, GpuRateSnapshots, PriceSnapshots
        from .digests import Outbox, Subscriptions
        from .profiles import Profiles
        from .state import Recommendations, SeenEvents, Threads, UsageReports

        self.profiles = Profiles(self)
        self.recommendations = Recommendations(self)
        self.usage = UsageReports(self)
        self.threads = Threads(self)
        self.events = SeenEvents(self)
        self.subscriptions = Subscriptions(self)
        self.outbox = Outbox(self)
        self.calibrations = Calibrations(self)
        self.custom_models = CustomModels(self)
        self.price_snapshots = PriceSnapshots(self)
        self.gpu_rate_snapshots = GpuRateSnapshots(self)

    # --- connections ----------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode: transactions are explicit)."""
        if self._closed:
            raise StoreError("store", "the database is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=0)
            conn.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA synchronous={self._synchronous}")
            lock = threading.RLock()
            with self._all_lock:
                if self._closed:
                    conn.close()
                    raise StoreError("store", "the database is closed")
                self._all.append((conn, lock))
            self._local.conn, self._local.lock = conn, lock
        return conn

    @contextmanager
    def using(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, held so that close() waits until the work on it is done."""
        conn = self.conn
        with self._local.lock:
            if self._closed:
                raise StoreError("store", "the database is closed")
            yield conn

    def close(self) -> None:
        """Close every thread's connection, each once its thread has finished the statement it is in."""
        with self._all_lock:
            self._closed = True
            conns, self._all = self._all, []
        for conn, lock in conns:
            with lock:
                conn.close()
        self._local = threading.local()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions and queries ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: serialised in-process, BEGIN IMMEDIATE across processes; nests."""
        with self.using() as conn, self._write_lock:
            if conn.in_transaction:
                conn.execute("SAVEPOINT nested")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK TO nested")
                    conn.execute("RELEASE nested")
                    raise
                conn.execute("RELEASE nested")
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.using() as conn:
            cur = conn.execute(sql, tuple(params))
            keys = [d[0] for d in cur.description]
            return [dict(zip(keys, r, strict=True)) for r in cur.fetchall()]

    def installation_store(self) -> SqliteInstallationStore:
        from .slack_oauth import SqliteInstallationStore

        return SqliteInstallationStore(self)

    def oauth_state_store(self, expiration_seconds: int = 600) -> SqliteOAuthStateStore:
        from .slack_oauth import SqliteOAuthStateStore

        return SqliteOAuthStateStore(self, expiration_seconds=expiration_seconds)

    def ping(self) -> bool:
        """The database answers a query (for health checks)."""
        with self.using() as conn:
            return conn.execute("SELECT 1").fetchone() == (1,)

    def row(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    # --- schema and maintenance -----------------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        return applied(self.conn)

    def schema_version(self) -> int:
        """How many of the known migrations this database has applied."""
        known = {m.name for m in self._migrations}
        return sum(1 for name in self.applied_migrations() if name in known)

    def check(self) -> dict[str, Any]:
        """Integrity and schema state, without changing anything."""
        try:
            names = self.applied_migrations()
        except sqlite3.DatabaseError as e:  # the migrations table itself is unreadable
            return {"path": str(self.path), "integrity": explain(self.path, e), "schema_version": None,
                    "known_migrations": len(self._migrations), "applied": [], "pending": [], "unknown": []}
        known = [m.name for m in self._migrations]
        tables, differences = self._schema_state(names)
        return {
            "path": str(self.path),
            "integrity": self.integrity_check(),
            "schema_version": self.schema_version(),
            "known_migrations": len(known),
            "applied": names,
            "pending": [n for n in known if n not in names],
            "unknown": [n for n in names if n not in known],
            "tables": tables,
            "drift": differences,
        }

    def _schema_state(self, applied_names: list[str]) -> tuple[dict[str, int], list[str]]:
        """Rows per table, and how the schema differs from what the applied migrations make."""
        from . import introspect

        done = [m for m in self._migrations if m.name in applied_names]
        try:
            with introspect.read_only(self.path) as db:
                actual, tables = introspect.schema(db), introspect.counts(db)
        except sqlite3.DatabaseError as e:
            return {}, [explain(self.path, e)]
        return tables, introspect.drift(actual, introspect.expected_schema(done))

    def integrity_check(self) -> str:
        """"ok", or what SQLite found wrong (a damaged file is reported, not raised)."""
        try:
            return "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))
        except sqlite3.DatabaseError as e:
            return explain(self.path, e)

    def quick_check(self) -> str:
        """SQLite's quick check on a fresh read-only connection (the page cache of the app's own
        connections could hide damage done to the file since): "ok" or what is wrong."""
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error as e:
            return explain(self.path, e)
        try:
            return "; ".join(r[0] for r in conn.execute("PRAGMA quick_check(10)"))
        except sqlite3.DatabaseError as e:
            return explain(self.path, e)
        finally:
            conn.close()

    def backup(self, dest: str | Path) -> Path:
        """An online, consistent copy through the SQLite backup API (created readable by its owner only)."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        create_private(dest)
        target = sqlite3.connect(dest)
        try:
            self.conn.backup(target)
        finally:
            target.close()
        return dest

    def table_names(self) -> list[str]:
        return sorted(r["name"] for r in self.rows("SELECT name FROM sqlite_master WHERE type = 'table'"))

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every table's rows (for inspection), with secret columns replaced by '***'."""
        from . import introspect

        out: dict[str, list[dict[str, Any]]] = {}
        with introspect.read_only(self.path) as db:
            for table in self.table_names():
                out[table] = [
                    {k: ("***" if is_secret(k) and v is not None else v) for k, v in r.items()}
                    for r in introspect.rows(db, table)
                ]
        return out

    def workspaces(self) -> list[Workspace]:
        """Every workspace with data here (for schedulers that visit each one in turn)."""
        union = " UNION ".join(f"SELECT enterprise_id, team_id FROM {t}" for t in SCOPED_TABLES)
        found = self.conn.execute(f"SELECT DISTINCT * FROM ({union}) ORDER BY 1, 2").fetchall()
        return [Workspace(e or None, t or None) for e, t in found]

    def delete_workspace_data(self, ws: Workspace) -> dict[str, int]:
        """Remove every row of one workspace (tokens included); return the count per table."""
        counts: dict[str, int] = {}
        with self.transaction() as conn:
            for table in SCOPED_TABLES:
                counts[table] = conn.execute(f"DELETE FROM {table} WHERE {SCOPE}", ws.key).rowcount
        return counts

    def purge_expired(self, now: datetime) -> int:
        """Housekeeping across workspaces: drop expired seen events and OAuth states; return the count."""
        t = ts(now)
        with self.transaction() as conn:
            n = conn.execute("DELETE FROM seen_events WHERE expires_at <= ?", (t,)).rowcount
            n += conn.execute("DELETE FROM oauth_states WHERE expires_at <= ?", (t,)).rowcount
        return n
