"""The price cache: a later start skips importing genai-prices and gets exactly the same price list."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from bot.core.knowledge import ApiPriceEntry, default_dir, load, parse_entries, read_yaml
from bot.price_cache import FILE, PriceCache, cache_key

UNCACHED = load()


def _same(a, b) -> None:
    assert [p.model_dump() for p in a.prices] == [p.model_dump() for p in b.prices]
    assert (a.price_data.as_of, a.price_data.label) == (b.price_data.as_of, b.price_data.label)
    assert a.as_of == b.as_of


def test_a_warm_cache_gives_the_same_prices_as_genai_prices(tmp_path) -> None:
    cold = load(cache=PriceCache(tmp_path))  # miss: built from genai-prices, then written
    assert (tmp_path / FILE).is_file()
    warm = load(cache=PriceCache(tmp_path))  # hit
    _same(cold, UNCACHED)
    _same(warm, UNCACHED)
    assert warm.price_data.raw is None and UNCACHED.price_data.raw is not None  # the hit did not need the snapshot


def test_a_warm_start_does_not_import_genai_prices(tmp_path) -> None:
    load(cache=PriceCache(tmp_path))
    code = ("import sys; from bot.core.knowledge import load; from bot.price_cache import PriceCache; "
            f"k = load(cache=PriceCache({str(tmp_path)!r})); print(len(k.prices), 'genai_prices' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == [str(len(UNCACHED.prices)), "False"]


def test_changed_extras_miss_the_cache(tmp_path) -> None:
    cache = PriceCache(tmp_path)
    load(cache=cache)
    entries = parse_entries("api_prices.yaml", read_yaml(default_dir() / "api_prices.yaml"), "prices", ApiPriceEntry)
    assert cache.get(entries) is not None
    changed = [entries[0].model_copy(update={"serves_adapters": not entries[0].serves_adapters}), *entries[1:]]
    assert cache_key(changed) != cache_key(entries) and cache.get(changed) is None


@pytest.mark.parametrize("damage", ["{not json", json.dumps({"key": "x"}), json.dumps([1, 2]), ""])
def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path, damage: str) -> None:
    (tmp_path / FILE).write_text(damage)
    _same(load(cache=PriceCache(tmp_path)), UNCACHED)
    assert json.loads((tmp_path / FILE).read_text())["key"]  # rewritten


def test_a_right_key_with_broken_entries_is_a_miss_not_an_error(tmp_path) -> None:
    load(cache=PriceCache(tmp_path))
    doc = json.loads((tmp_path / FILE).read_text())
    doc["prices"][0]["input_per_m"] = -1
    (tmp_path / FILE).write_text(json.dumps(doc))
    _same(load(cache=PriceCache(tmp_path)), UNCACHED)


def test_an_unwritable_cache_folder_costs_time_not_answers(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    _same(load(cache=PriceCache(blocker / "sub")), UNCACHED)  # mkdir fails: nothing written, same prices
    assert not (blocker / "sub").exists()
