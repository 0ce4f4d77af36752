from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import Knowledge, load

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load()
