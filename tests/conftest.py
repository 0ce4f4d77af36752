from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.core.knowledge import Knowledge, load
from bot.core.names import Catalog

# Property tests check correctness, not speed (benchmarks measure speed): no per-example deadline and no
# too-slow health check, so a loaded machine (pytest -n 8 on 2 cores) cannot fail them. A test's own
# @settings still sets its example count.
settings.register_profile("selfhost", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("selfhost")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load()


@pytest.fixture(scope="session")
def knowledge_without_hosts() -> Knowledge:
    """The knowledge base with no hosted open-weight API: self-hosting then competes with the team's API alone,
    so volume can cross a break-even (with today's ~$0.20 per 1M hosts it never does). For tests of the
    machinery around break-evens (chat changes, digest alerts), not of the catalog."""
    k = load()
    k.prices = Catalog("API model", [p for p in k.prices if not p.open_model], lambda p: [p.id, p.name, *p.aliases])
    k.terms.extra_prices = [p for p in k.terms.extra_prices if not p.open_model]
    return k


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
