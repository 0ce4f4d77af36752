"""Knowledge kept per install: open models a workspace added (``models add``), the last good API-price snapshot
fetched by ``prices refresh`` and the GPU rates of ``prices refresh --gpus`` (both shared by every workspace)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .base import SCOPE, StoreError, Workspace, check_text, dumps, loads, parse_ts, ts

if TYPE_CHECKING:
    from .db import SqliteStore as Store

MAX_CUSTOM_MODELS = 200  # per workspace; a catalog, not a dump


class CustomModels:
    """ModelArch entries (as JSON) a workspace added; ids never shadow the shipped catalog (checked by caller)."""

    def __init__(self, store: Store):
        self.store = store

    def add(self, ws: Workspace, model_id: str, data: dict[str, Any], now: datetime, *, replace: bool = False) -> None:
        check_text("model", model_id, max_len=100)
        with self.store.transaction() as conn:
            exists = conn.execute(f"SELECT 1 FROM custom_models WHERE {SCOPE} AND id = ?", (*ws.key, model_id))
            if exists.fetchone() and not replace:
                raise StoreError("model", f"{model_id!r} is already added; remove it first or pass --replace")
            count = conn.execute(f"SELECT COUNT(*) FROM custom_models WHERE {SCOPE}", ws.key).fetchone()[0]
            if count >= MAX_CUSTOM_MODELS and not replace:
                raise StoreError("model", f"this workspace already has {MAX_CUSTOM_MODELS} added models")
            conn.execute(
                "INSERT OR REPLACE INTO custom_models (enterprise_id, team_id, id, data, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (*ws.key, model_id, dumps(data), ts(now)),
            )

    def all(self, ws: Workspace) -> list[dict[str, Any]]:
        rows = self.store.rows(f"SELECT data FROM custom_models WHERE {SCOPE} ORDER BY id", ws.key)
        return [loads(r["data"]) for r in rows]

    def remove(self, ws: Workspace, model_id: str) -> bool:
        with self.store.transaction() as conn:
            cur = conn.execute(f"DELETE FROM custom_models WHERE {SCOPE} AND id = ?", (*ws.key, model_id))
            return cur.rowcount > 0


@dataclass(frozen=True)
class PriceSnapshot:
    fetched_at: datetime
    url: str
    payload: Any  # the genai-prices provider list, as fetched (JSON)


class PriceSnapshots:
    """The last good genai-prices data fetched by ``prices refresh`` (older copies are kept for the digest)."""

    KEEP = 12
    TABLE = "price_snapshots"

    def __init__(self, store: Store):
        self.store = store

    def save(self, url: str, payload: Any, now: datetime) -> None:
        with self.store.transaction() as conn:
            conn.execute(f"INSERT INTO {self.TABLE} (fetched_at, url, payload) VALUES (?, ?, ?)",
                         (ts(now), url, dumps(payload)))
            conn.execute(f"DELETE FROM {self.TABLE} WHERE id NOT IN "
                         f"(SELECT id FROM {self.TABLE} ORDER BY id DESC LIMIT ?)", (self.KEEP,))

    def latest(self) -> PriceSnapshot | None:
        row = self.store.row(f"SELECT fetched_at, url, payload FROM {self.TABLE} ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        fetched = parse_ts(row["fetched_at"])
        assert fetched is not None
        return PriceSnapshot(fetched, row["url"], loads(row["payload"]))


class GpuRateSnapshots(PriceSnapshots):
    """The per-device cloud GPU rates the last ``prices refresh --gpus`` derived from gpuhunt's catalog."""

    TABLE = "gpu_rate_snapshots"
