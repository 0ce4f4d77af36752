"""Real config.json files → ModelArch: published parameter counts, catalog entries derived from them, refusals,
and every catalog device and model answering an estimate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.core.hf_config import ConfigError, arch_fields
from bot.core.knowledge import ModelArch, load
from bot.core.sizing import EstimateRequest, estimate

DATA = Path(__file__).parent / "data" / "hf_configs"
PUBLISHED = yaml.safe_load((DATA / "published_params.yaml").read_text(encoding="utf-8"))
K = load()
SHAPES = ("layers", "hidden_size", "attention_heads", "kv_heads", "head_dim", "vocab_size", "tied_embeddings",
          "ffn_size", "moe", "mla", "sliding_window", "sliding_window_layers")


def _config(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _arch(config: dict) -> ModelArch:
    fields = arch_fields(config)
    return ModelArch.model_validate({**fields, "id": "t", "name": "t", "family": "t", "capability": "mid",
                                     "source": "unit test", "as_of": "2026-12-01"})


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_counts_from_configs_match_published_counts_within_1_percent(name: str) -> None:
    want = PUBLISHED[name]["params"]
    got = _arch(_config(name)).split.total
    assert abs(got - want) / want < 0.01, f"{name}: {got:,} vs {want:,}"


def test_the_published_set_is_at_least_8_configs_dense_and_moe() -> None:
    archs = [_arch(_config(n)) for n in PUBLISHED]
    assert len(archs) >= 8
    assert sum(a.is_moe for a in archs) >= 3 and sum(not a.is_moe for a in archs) >= 5


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.stem)
def test_every_stored_config_imports(path: Path) -> None:
    assert _arch(json.loads(path.read_text(encoding="utf-8"))).params_b > 0


def _config_for(entry_source: str) -> str | None:
    marker = "imported from tests/data/hf_configs/"
    if marker not in entry_source:
        return None
    return entry_source.split(marker, 1)[1].split(".json", 1)[0]


@pytest.mark.parametrize("model", [m for m in K.models if _config_for(m.source)], ids=lambda m: m.id)
def test_catalog_shapes_are_the_importers_output(model: ModelArch) -> None:
    """models.yaml entries that name a config hold exactly what the importer derives from it (never typed)."""
    name = _config_for(model.source)
    assert name is not None
    imported = _arch(_config(name))
    for field in SHAPES:
        assert getattr(model, field) == getattr(imported, field), f"{model.id}.{field}"


def test_mla_moe_window_and_precision_are_read_from_real_configs() -> None:
    ds = _arch(_config("deepseek-v3"))
    assert ds.attention_kind == "mla" and ds.moe is not None and ds.moe.first_dense_layers == 3
    assert ds.native_quant == "FP8"
    oss = _arch(_config("gpt-oss-120b"))
    assert (oss.sliding_window, oss.window_layers, oss.native_quant) == (128, 18, "MXFP4_EXPERTS")
    scout = _arch(_config("llama-4-scout"))
    assert scout.moe is not None and scout.moe.shared_experts == 1 and scout.window_layers == 36
    assert _arch(_config("kimi-k2-thinking.abridged")).native_quant == "INT4_MOE"
    assert _arch(_config("phi-4")).window_layers == 0  # its sliding_window equals the context: no window


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ({"model_type": "mamba2", "hidden_size": 8}, "architecture 'mamba2' is not supported"),
        ({"hidden_size": 8}, "no 'model_type'"),
        ([1, 2], "not a JSON object"),
        ({"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 10}, "num_hidden_layers"),
        ({**_config("qwen3-8b"), "intermediate_size": "big"}, "intermediate_size"),
    ],
)
def test_bad_configs_are_refused_in_one_sentence(config, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        arch_fields(config)
    assert needle in str(err.value) and str(err.value).count(". ") == 0


@pytest.mark.parametrize("device", list(K.devices), ids=lambda d: d.id)
def test_every_listed_device_answers_estimate(device) -> None:
    gguf = device.family in K.engines.get("llama.cpp").devices  # else a vLLM-class engine and an HF format
    e = estimate(K, EstimateRequest(model="llama-3.1-8b", quant="Q4_K_M" if gguf else "FP8", hardware=device.id))
    assert e.fits is not None and e.weights_gb > 0


@pytest.mark.parametrize("model", list(K.models), ids=lambda m: m.id)
@pytest.mark.parametrize("quant", ["native", "Q4_K_M"])
def test_every_listed_model_answers_estimate_at_native_precision_and_q4_k_m(model: ModelArch, quant: str) -> None:
    q = (model.native_quant or "BF16") if quant == "native" else quant
    e = estimate(K, EstimateRequest(model=model.id, quant=q, hardware="h100-sxm", gpus=8))
    assert e.weights_gb > 0 and e.fits is not None
