"""Shared fixtures for the store tests: a real SQLite file per test, a fixed clock, three scopes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import Workspace

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
WS_A = Workspace(None, "TAAAA")
WS_B = Workspace(None, "TBBBB")
ORG = Workspace("EGRID", None)  # an org-wide Enterprise Grid install
