"""What is in a database file, for the admin commands (``db check``, ``db dump``), through sqlite-utils.

sqlite-utils reads tables, columns and rows as Python objects; here it compares a file's schema with the one
its applied migrations should have produced (a hand edit, a restore from another version or a half-applied
manual fix shows up as drift) and lists rows for the dump. It is imported only by these commands: its import
pulls in numpy (about 1.5 s cold), which the bot's answers never pay. It only ever reads, on its own
read-only connection, so it never opens a transaction that would bypass the store's write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .migrations import Migration
from .migrations import migrate as apply_migrations

if TYPE_CHECKING:
    import sqlite_utils

Schema = dict[str, dict[str, str]]  # table → column → declared type


@contextmanager
def read_only(path: Path) -> Iterator[sqlite_utils.Database]:
    """The database at ``path`` through sqlite-utils, on a read-only connection (closed on exit)."""
    import sqlite_utils

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        yield sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    finally:
        conn.close()


def schema(db: sqlite_utils.Database) -> Schema:
    """Every table's columns and their declared types (SQLite's own tables left out)."""
    return {
        name: {col.name: col.type.upper() for col in db.table(name).columns}
        for name in db.table_names()
        if not name.startswith("sqlite_")
    }


def expected_schema(migrations: Sequence[Migration]) -> Schema:
    """The schema ``migrations`` produce on an empty database."""
    import sqlite_utils

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        apply_migrations(conn, migrations)
        return schema(sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False))
    finally:
        conn.close()


def drift(actual: Schema, expected: Schema) -> list[str]:
    """One sentence per difference that the code would trip over: a missing table or column, a changed type.
    Extra tables and columns are left alone (an operator's own additions do no harm)."""
    found: list[str] = []
    for table, columns in sorted(expected.items()):
        if table not in actual:
            found.append(f"table {table} is missing")
            continue
        for column, kind in columns.items():
            have = actual[table].get(column)
            if have is None:
                found.append(f"table {table} has no column {column}")
            elif have != kind:
                found.append(f"column {table}.{column} is {have or 'untyped'}, expected {kind or 'untyped'}")
    return found


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows per table."""
    return {name: db.table(name).count for name in db.table_names() if not name.startswith("sqlite_")}


def rows(db: sqlite_utils.Database, table: str) -> list[dict[str, Any]]:
    """A table's rows in insertion order."""
    return list(db.table(table).rows_where(order_by="rowid"))
