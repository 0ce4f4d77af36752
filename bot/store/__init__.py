"""Bot state in one SQLite file: versioned team profiles, bindings, threads, digests, events, installs.

Every repository method takes a ``Workspace``; scoped SQL always carries it in the WHERE clause. Code outside
this package types against the ``Store`` protocol (``protocol.py``) and opens one with ``open_store``;
``SqliteStore`` is the implementation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from .base import ConflictError, InvalidRowError, NotFoundError, StoreError, Workspace
from .db import SqliteStore
from .digests import OutboxRow, Subscription
from .migrations import MIGRATIONS, Migration, MigrationError
from .profiles import FieldChange, ProfileRecord, ProfileVersion
from .protocol import Store
from .state import PostedRecommendation, ThreadState, UsageReport

APP_NAME = "selfhost-advisor"
ENV_VAR = "SELFHOST_DB"


def open_store(path: str | Path, **options: Any) -> Store:
    """The store at ``path`` (a SQLite file, created and migrated if needed); ``options`` go to ``SqliteStore``."""
    return SqliteStore(path, **options)


def default_db_path() -> Path:
    """Where the database lives when nothing says otherwise: the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "selfhost.db"


def db_path_from_env(env: Mapping[str, str] | None = None) -> Path:
    """``SELFHOST_DB`` if set, else the default. Temporary: this moves to bot/config.py (settings)."""
    value = (os.environ if env is None else env).get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else default_db_path()


__all__ = [
    "MIGRATIONS",
    "ConflictError",
    "FieldChange",
    "InvalidRowError",
    "Migration",
    "MigrationError",
    "NotFoundError",
    "OutboxRow",
    "PostedRecommendation",
    "ProfileRecord",
    "ProfileVersion",
    "SqliteStore",
    "Store",
    "StoreError",
    "Subscription",
    "ThreadState",
    "UsageReport",
    "Workspace",
    "db_path_from_env",
    "default_db_path",
    "open_store",
]
