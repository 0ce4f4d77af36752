from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.core.knowledge import Knowledge, load

# Property tests check correctness, not speed (benchmarks measure speed): no per-example deadline and no
# too-slow health check, so a loaded machine (pytest -n 8 on 2 cores) cannot fail them. A test's own
# @settings still sets its example count.
settings.register_profile("selfhost", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("selfhost")

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
