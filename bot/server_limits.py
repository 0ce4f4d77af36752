"""A per-client limit on requests that cost the server something before anyone is authenticated.

``GET /slack/install`` writes an OAuth state row for whoever asks. ``PerClientLimit`` allows each client
address ``limit`` such requests per ``window_s`` (a sliding window, in memory) and forgets clients that
went quiet, so the table of clients is bounded too. Behind a reverse proxy, set SELFHOST_TRUSTED_PROXY so
the address is the client's, not the proxy's.
"""

from __future__ import annotations

import threading
from collections import deque

INSTALLS_PER_CLIENT = 10
INSTALL_WINDOW_S = 60.0
MAX_CLIENTS = 100_000  # beyond this many distinct addresses in one window, the oldest are forgotten


class PerClientLimit:
    def __init__(self, limit: int = INSTALLS_PER_CLIENT, window_s: float = INSTALL_WINDOW_S,
                 max_clients: int = MAX_CLIENTS):
        self.limit, self.window_s, self.max_clients = limit, window_s, max_clients
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float) -> bool:
        """Count one request from ``client`` at ``now``; False when it is over its limit."""
        with self._lock:
            hits = self._hits.pop(client, None) or deque()
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            allowed = len(hits) < self.limit
            if allowed:
                hits.append(now)
            self._hits[client] = hits  # re-inserted: the dict stays ordered by last use
            while len(self._hits) > self.max_clients:
                del self._hits[next(iter(self._hits))]
            return allowed

    def retry_after(self, client: str, now: float) -> int:
        with self._lock:
            hits = self._hits.get(client)
            return max(1, int(hits[0] + self.window_s - now) + 1) if hits else 1
