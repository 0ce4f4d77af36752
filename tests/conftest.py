from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import Knowledge, load

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load()


# --- Slack end-to-end: fake Slack Web API + the real app + the real HTTP server -------------------


@pytest.fixture(scope="session")
def slack_knowledge():
    """The real knowledge base (a broken file fails every e2e test, as it would stop start-up)."""
    return load()


@pytest.fixture
def slack_app(tmp_path, slack_knowledge):
    """An ``AppHarness``: ``.fake`` (FakeSlack), ``.sender`` (signed requests), ``.app``, ``.store``."""
    from slackclient import AppHarness

    with AppHarness(tmp_path / "e2e.db", slack_knowledge) as harness:
        yield harness
