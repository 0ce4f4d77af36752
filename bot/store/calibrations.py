"""The workspace's own speed measurements (``selfhost-bot calibrate``, ``/selfhost calibrate``).

One row per (model family, device, engine, device count, backend): a later measurement of the same setup replaces
the earlier one; a measurement on another backend of the same box (Vulkan beside ROCm) is kept beside it ('' in the
backend column: the measurement did not say). The row keeps the core ``Calibration`` as JSON, so the store knows
nothing of its physics.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot.core.calibration_model import Calibration

from .base import SCOPE, Workspace, check_text, ts

if TYPE_CHECKING:
    from .db import SqliteStore


class Calibrations:
    def __init__(self, store: SqliteStore):
        self._store = store

    def save(self, ws: Workspace, cal: Calibration, *, by: str | None, now: datetime) -> None:
        """Keep ``cal`` for its setup, replacing an earlier measurement of the same setup."""
        for field, value in (("family", cal.family), ("device", cal.device), ("engine", cal.engine)):
            check_text(field, value, max_len=120)
        if cal.backend is not None:
            check_text("backend", cal.backend, max_len=120)
        with self._store.transaction() as conn:
            conn.execute(
                """INSERT INTO speed_calibrations (enterprise_id, team_id, family, device, engine, gpus, backend, data,
                   recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (enterprise_id, team_id, family, device, engine, gpus, backend) DO UPDATE SET
                   data = excluded.data, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at""",
                (*ws.key, cal.family, cal.device, cal.engine, cal.gpus, cal.backend or "", cal.model_dump_json(), by,
                 ts(now)),
            )

    def list(self, ws: Workspace) -> list[Calibration]:
        """Every setup this workspace measured (rows a newer release cannot read are skipped)."""
        rows = self._store.rows(f"SELECT data FROM speed_calibrations WHERE {SCOPE} ORDER BY recorded_at", ws.key)
        out = []
        for r in rows:
            try:
                out.append(Calibration.model_validate_json(r["data"]))
            except ValidationError:
                continue
        return out

    def delete(self, ws: Workspace, *, family: str, device: str, engine: str, gpus: int,
               backend: str | None = None) -> bool:
        """Forget one measured setup (``backend`` None: the measurement that did not say its backend)."""
        with self._store.transaction() as conn:
            return conn.execute(
                f"DELETE FROM speed_calibrations WHERE {SCOPE} AND family = ? AND device = ? AND engine = ? "
                "AND gpus = ? AND backend = ?", (*ws.key, family, device, engine, gpus, backend or ""),
            ).rowcount > 0
