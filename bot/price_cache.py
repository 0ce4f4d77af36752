"""A file that remembers the API price list built from genai-prices' bundled snapshot.

Importing genai-prices (the package, httpx2 and its 1.6 MB data module) and turning its providers into our
``ApiPrice`` entries costs about 0.3-0.6 s, on every CLI start. The list depends only on the installed
genai-prices release, our ``api_prices.yaml`` extras and the code that joins them, so it is kept in one JSON file
keyed by a hash of exactly those; any change to them misses the cache and rebuilds it. A missing, stale, corrupt
or unwritable file only costs the time it was meant to save: the answers are the same either way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.core import knowledge as knowledge_module
from bot.core.knowledge import ApiPrice, ApiPriceEntry
from bot.core.price_data import PriceData, bundled_as

log = logging.getLogger(__name__)

FILE = "api-prices-cache.json"
FORMAT = 1
# the code the bundled price list is computed by: a change to any of them is a miss
_CODE = ("knowledge.py", "genai_prices_adapter.py", "price_data.py", "prices_import.py", "sourced.py")


def cache_key(entries: Sequence[ApiPriceEntry]) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(f"{FORMAT} genai-prices {version('genai-prices')}\n".encode())
    core = Path(knowledge_module.__file__).parent
    for name in _CODE:
        h.update((core / name).read_bytes())
    h.update(json.dumps([e.model_dump(mode="json") for e in entries], sort_keys=True).encode())
    return h.hexdigest()


class PriceCache:
    """``get``/``put`` for ``knowledge.load(cache=...)``: one JSON file in ``directory``."""

    def __init__(self, directory: Path):
        self.path = Path(directory) / FILE

    def get(self, entries: Sequence[ApiPriceEntry]) -> tuple[list[ApiPrice], PriceData] | None:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or doc.get("key") != cache_key(entries):
                return None
            prices = [ApiPrice.model_validate(p) for p in doc["prices"]]
            data = bundled_as(dt.date.fromisoformat(doc["as_of"]), str(doc["label"]))
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None  # missing, another version's, or damaged: rebuilt from genai-prices
        return prices, data

    def put(self, entries: Sequence[ApiPriceEntry], prices: Sequence[ApiPrice], data: PriceData) -> None:
        doc = {"key": cache_key(entries), "as_of": data.as_of.isoformat(), "label": data.label,
               "prices": [p.model_dump(mode="json") for p in prices]}
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".api-prices-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            os.replace(tmp, self.path)  # atomic: a concurrent start reads the old file or the new one
            tmp = None
        except OSError as e:  # read-only or full disk: the next start rebuilds the list again
            log.debug("price cache not written to %s: %s", self.path, e)
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


__all__ = ["FILE", "PriceCache", "cache_key"]
