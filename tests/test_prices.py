"""LiteLLM price import (pure) and the `selfhost-bot prices` CLI, run in-process."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.cli import main
from bot.core.knowledge import ApiPrice, ApiPriceEntry, load, parse_entries
from bot.core.prices_import import PriceImportError, import_litellm, merge_prices

DAY = dt.date(2025, 8, 15)
FIXTURE = {
    "sample_spec": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "mode": "chat"},
    "gpt-4o": {
        "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
        "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 5e-06,
        "litellm_provider": "openai", "mode": "chat",
    },
    "together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo": {
        "input_cost_per_token": 8.8e-07, "output_cost_per_token": 8.8e-07, "litellm_provider": "together_ai",
        "mode": "chat",
    },
    "new-frontier-model": {
        "input_cost_per_token": 5e-06, "output_cost_per_token": 2e-05, "litellm_provider": "acme", "mode": "chat",
    },
    "per-million-by-mistake": {
        "input_cost_per_token": 2.5, "output_cost_per_token": 10.0, "litellm_provider": "openai", "mode": "chat",
    },
    "too-cheap": {"input_cost_per_token": 1e-13, "output_cost_per_token": 1e-07, "mode": "chat"},
    "text-price": {"input_cost_per_token": "0.000001", "output_cost_per_token": 1e-06, "mode": "chat"},
    "no-output": {"input_cost_per_token": 1e-06, "mode": "chat"},
    "cache-dearer": {
        "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "cache_read_input_token_cost": 5e-06,
        "mode": "chat",
    },
    "text-embedding-3-small": {"input_cost_per_token": 2e-08, "output_cost_per_token": 0.0, "mode": "embedding"},
    "dall-e-3": {"output_cost_per_pixel": 1e-07, "mode": "image_generation"},
}


def _catalog_prices() -> list[ApiPrice]:
    """The assembled price list: genai-prices' snapshot with api_prices.yaml's extras."""
    return list(load().prices)


def test_import_converts_per_token_to_per_million_and_rejects_with_reasons() -> None:
    result = import_litellm(FIXTURE, as_of=DAY)
    accepted = {p.id: p for p in result.accepted}
    assert set(accepted) == {
        "gpt-4o", "together_ai/meta-llama/meta-llama-3.1-70b-instruct-turbo", "new-frontier-model",
    }
    gpt = accepted["gpt-4o"]
    assert (gpt.input_per_m, gpt.output_per_m, gpt.cached_input_per_m) == (2.5, 10.0, 1.25)
    assert (gpt.batch_input_per_m, gpt.batch_output_per_m) == (1.25, 5.0)
    assert gpt.as_of == DAY and "gpt-4o" in gpt.source
    assert accepted["together_ai/meta-llama/meta-llama-3.1-70b-instruct-turbo"].provider == "together"
    assert result.skipped == 3  # sample_spec + two non-chat modes
    reasons = {r.name: r.reason for r in result.rejected}
    assert set(reasons) == {"per-million-by-mistake", "too-cheap", "text-price", "no-output", "cache-dearer"}
    assert "input_cost_per_token" in reasons["per-million-by-mistake"]
    assert "per-1M price" in reasons["per-million-by-mistake"]
    assert "below" in reasons["too-cheap"]
    assert "must be a number" in reasons["text-price"]
    assert "output_cost_per_token" in reasons["no-output"] and "missing" in reasons["no-output"]
    assert "cached_input_per_m" in reasons["cache-dearer"]


def test_import_rejects_a_file_that_is_not_an_object() -> None:
    with pytest.raises(PriceImportError, match="JSON object"):
        import_litellm([1, 2, 3], as_of=DAY)


def test_merge_updates_known_entries_keeps_metadata_and_adds_new() -> None:
    fixture = json.loads(json.dumps(FIXTURE))
    fixture["gpt-4o"]["input_cost_per_token"] = 2e-06
    result = import_litellm(fixture, as_of=DAY)
    catalog = _catalog_prices()
    merged = merge_prices(catalog, result.accepted)
    by_id = {p.id: p for p in merged.prices}
    together = "together/meta-llama/meta-llama-3.1-70b-instruct-turbo"
    assert set(merged.updated) == {"openai/gpt-4o", together}
    assert merged.added == ["new-frontier-model"]
    assert by_id["openai/gpt-4o"].input_per_m == 2.0 and by_id["openai/gpt-4o"].tier == "flagship"
    assert "gpt 4o" in by_id["openai/gpt-4o"].aliases
    assert by_id[together].open_model == "llama-3.1-70b"
    assert by_id["new-frontier-model"].tier == "flagship"
    assert len(merged.prices) == len(catalog) + 1


@given(st.one_of(st.floats(), st.floats(min_value=1e-12, max_value=1e-2)))
def test_import_never_raises_for_any_number_and_keeps_prices_plausible(value: float) -> None:
    entry = {"input_cost_per_token": value, "output_cost_per_token": 1e-06, "mode": "chat"}
    result = import_litellm({"m": entry}, as_of=DAY)
    assert len(result.accepted) + len(result.rejected) == 1
    for p in result.accepted:
        assert 0.001 <= p.input_per_m <= 1000


# --- CLI ------------------------------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def litellm_file(tmp_path: Path) -> Path:
    path = tmp_path / "model_prices_and_context_window.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    return path


def test_prices_lists_and_filters(capsys) -> None:
    code, out, _ = _run(capsys, "prices", "groq")
    assert code == 0
    assert "Llama 3.3 70B Versatile (Groq)" in out and "GPT-4o" not in out
    code, out, _ = _run(capsys, "prices", "--json", "anthropic")
    assert code == 0
    assert {p["provider"] for p in json.loads(out)} == {"anthropic"}


def test_prices_unknown_filter_is_exit_1_with_a_sentence(capsys) -> None:
    code, out, err = _run(capsys, "prices", "zzzz-no-such-thing")
    assert code == 1 and out == ""
    assert err.startswith("error: no API model matches") and "Traceback" not in err


def test_prices_import_dry_run_reports_counts(capsys, litellm_file: Path) -> None:
    code, out, _ = _run(capsys, "prices", "import", str(litellm_file), "--dry-run")
    assert code == 0
    assert "3 accepted" in out and "5 rejected" in out and "3 skipped" in out
    assert "per-million-by-mistake" in out


def test_prices_import_writes_loadable_yaml(capsys, litellm_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "api_prices.yaml"
    code, _, _ = _run(capsys, "prices", "import", str(litellm_file), "--out", str(target))
    assert code == 0
    entries = parse_entries("api_prices.yaml", yaml.safe_load(target.read_text()), "prices", ApiPriceEntry)
    shipped = yaml.safe_load((Path(__file__).resolve().parents[1] / "knowledge" / "api_prices.yaml").read_text())
    # our extras stay as they are; the model genai-prices lacks is added whole (models it has keep its prices)
    assert len(entries) == len(shipped["prices"]) + 1
    assert [e.id for e in entries if e.has_prices] == ["new-frontier-model"]


def test_prices_import_json_summary(capsys, litellm_file: Path) -> None:
    code, out, _ = _run(capsys, "prices", "import", str(litellm_file), "--json")
    data = json.loads(out)
    assert code == 0 and data["accepted"] == 3 and len(data["rejected"]) == 5


@pytest.mark.parametrize(
    ("content", "needle"),
    [(None, "file not found"), ("{not json", "not valid JSON"), ("[1, 2]", "JSON object")],
)
def test_prices_import_broken_file_is_one_sentence(capsys, tmp_path: Path, content, needle) -> None:
    path = tmp_path / "prices.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "prices", "import", str(path))
    assert code == 2
    assert needle in err and "Traceback" not in err


def test_prices_import_with_nothing_usable_is_exit_1(capsys, tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"x": {"input_cost_per_token": 5, "output_cost_per_token": 5, "mode": "chat"}}))
    code, _, _ = _run(capsys, "prices", "import", str(path), "--dry-run")
    assert code == 1


def test_prices_options_need_import(capsys) -> None:
    code, _, err = _run(capsys, "prices", "--out", "x.yaml")
    assert code == 2 and "--out" in err
