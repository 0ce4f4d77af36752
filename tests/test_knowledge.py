"""The knowledge files load strictly, resolve forgiving names, and agree with the measured reference figures."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import (
    FILES,
    Catalog,
    Device,
    KnowledgeError,
    ModelArch,
    NotFound,
    Quant,
    load,
    parse_assumptions,
    parse_entries,
)

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
MEASURED = ROOT / "tests" / "data" / "measured_figures.yaml"  # copied from the reference set, with sources
MINE = ["hardware.yaml", "models.yaml", "quants.yaml", "api_prices.yaml", "faq.yaml"]


def _raw(file: str):
    return yaml.safe_load((KNOWLEDGE / file).read_text(encoding="utf-8"))


def _entries(file: str) -> list:
    key, model = FILES[file]
    return parse_entries(file, _raw(file), key, model)


def _catalog(file: str) -> Catalog:
    if file == "api_prices.yaml":  # its entries are extras over genai-prices: resolve against the assembled list
        return load().prices
    return Catalog(file, _entries(file), lambda e: [e.id, e.name, *e.aliases])


@pytest.mark.parametrize("file", [*FILES, "assumptions.yaml"])
def test_every_knowledge_file_loads_strictly(file: str) -> None:
    if not (KNOWLEDGE / file).exists():
        pytest.skip(f"{file} is owned by another engineer and not written yet")
    if file == "assumptions.yaml":
        assert parse_assumptions(file, _raw(file))
    else:
        assert _entries(file)


def test_full_load_checks_cross_references() -> None:
    if not (KNOWLEDGE / "engines.yaml").exists():
        pytest.skip("engines.yaml not written yet")
    k = load()
    assert all(k.models.find(p.open_model) for p in k.prices if p.open_model)


@pytest.mark.parametrize(
    ("file", "minimum"),
    [("hardware.yaml", 45), ("models.yaml", 20), ("api_prices.yaml", 20), ("quants.yaml", 20), ("faq.yaml", 25)],
)
def test_catalog_sizes(file: str, minimum: int) -> None:
    assert len(_entries(file)) >= minimum


# --- broken files name file, entry and field -----------------------------------------------------


def _broken_copy(tmp_path: Path, file: str, mutate) -> Path:
    for name in KNOWLEDGE.iterdir():
        if name.suffix == ".yaml":
            shutil.copy(name, tmp_path / name.name)
    data = _raw(file)
    mutate(data)
    (tmp_path / file).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


def _set(index: int, field: str, value):
    def mutate(data):
        data[next(iter(k for k in data if k != "about"))][index][field] = value
    return mutate


def _drop(index: int, field: str):
    def mutate(data):
        del data[next(iter(data))][index][field]
    return mutate


def _duplicate(data):
    items = data[next(iter(data))]
    items.append(dict(items[0]))


@pytest.mark.parametrize(
    ("file", "mutate", "needles"),
    [
        ("hardware.yaml", _set(3, "bandwidth_gbps", "fast"), ["hardware.yaml", "rtx-3090", "bandwidth_gbps"]),
        ("hardware.yaml", _set(0, "colour", "green"), ["hardware.yaml", "rtx-3060-12gb", "colour"]),
        ("models.yaml", _drop(2, "source"), ["models.yaml", "llama-2-70b", "source"]),
        ("models.yaml", _set(0, "kv_heads", 5), ["models.yaml", "llama-2-7b", "kv_heads"]),
        ("quants.yaml", _set(1, "quality_loss", "tiny"), ["quants.yaml", "BF16", "quality_loss"]),
        ("api_prices.yaml", _set(0, "input_per_m", 2500000), ["api_prices.yaml", "openai/gpt-4o", "input_per_m"]),
        ("faq.yaml", _drop(0, "as_of"), ["faq.yaml", "triggers_overview", "as_of"]),
        ("hardware.yaml", _duplicate, ["hardware.yaml", "rtx-3060-12gb", "duplicate"]),
    ],
)
def test_broken_file_names_file_entry_and_field(tmp_path: Path, file, mutate, needles) -> None:
    directory = _broken_copy(tmp_path, file, mutate)
    key, model = FILES[file]
    with pytest.raises(KnowledgeError) as err:
        parse_entries(file, yaml.safe_load((directory / file).read_text()), key, model)
    for needle in needles:
        assert needle in str(err.value)
    if (KNOWLEDGE / "engines.yaml").exists():  # the real loader stops start-up with the same sentence
        with pytest.raises(KnowledgeError, match=file):
            load(directory)


def test_broken_assumption_names_key_and_field() -> None:
    raw = _raw("assumptions.yaml")
    raw["assumptions"]["pue"]["value"] = 14
    with pytest.raises(KnowledgeError, match=r"assumptions.yaml: entry pue: .*above max"):
        parse_assumptions("assumptions.yaml", raw)
    del raw["assumptions"]["pue"]
    with pytest.raises(KnowledgeError, match="missing assumption"):
        parse_assumptions("assumptions.yaml", raw)


# --- name resolution -----------------------------------------------------------------------------

NAMES = [
    ("hardware.yaml", "4090", "rtx-4090"),
    ("hardware.yaml", "RTX 4090", "rtx-4090"),
    ("hardware.yaml", "NVIDIA GeForce RTX 4090", "rtx-4090"),
    ("hardware.yaml", "rtx 3080 ti", "rtx-3080-ti"),
    ("hardware.yaml", "3060", "rtx-3060-12gb"),
    ("hardware.yaml", "M2 Ultra", "apple-m2-ultra"),
    ("hardware.yaml", "Apple M2 Ultra (76-core GPU)", "apple-m2-ultra"),
    ("hardware.yaml", "Apple M3 Max (30-core GPU)", "apple-m3-max-30c"),
    ("hardware.yaml", "M4 Max (40-core GPU)", "apple-m4-max-40c"),
    ("hardware.yaml", "A100 80GB", "a100-sxm-80gb"),
    ("hardware.yaml", "A100 PCIe 80GB", "a100-pcie-80gb"),
    ("hardware.yaml", "H100 SXM", "h100-sxm"),
    ("hardware.yaml", "NVIDIA H100 PCIe", "h100-pcie"),
    ("hardware.yaml", "Tesla P40", "tesla-p40"),
    ("hardware.yaml", "AMD Instinct MI300X", "mi300x"),
    ("models.yaml", "Llama 3.1 70B", "llama-3.1-70b"),
    ("models.yaml", "llama-3.1-70b", "llama-3.1-70b"),
    ("models.yaml", "meta-llama/Llama-3.1-70B-Instruct", "llama-3.1-70b"),
    ("models.yaml", "Mixtral 8x7B", "mixtral-8x7b"),
    ("models.yaml", "qwen2.5 72b", "qwen2.5-72b"),
    ("models.yaml", "llama3.1:8b", "llama-3.1-8b"),
    ("models.yaml", "DeepSeek R1", "deepseek-r1"),
    ("quants.yaml", "q4_k_m", "Q4_K_M"),
    ("quants.yaml", "fp16", "F16"),
    ("quants.yaml", "awq", "AWQ"),
    ("api_prices.yaml", "gpt-4o", "openai/gpt-4o"),
    ("api_prices.yaml", "GPT 4o", "openai/gpt-4o"),
    ("api_prices.yaml", "claude sonnet", "anthropic/claude-sonnet-4-0"),
    ("api_prices.yaml", "sonnet 4", "anthropic/claude-sonnet-4-0"),
    ("api_prices.yaml", "opus", "anthropic/claude-opus-4-1"),
    ("api_prices.yaml", "claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"),
    ("api_prices.yaml", "gpt-5.5", "openai/gpt-5.5"),
]


@pytest.mark.parametrize(("file", "query", "expected"), NAMES)
def test_names_resolve(file: str, query: str, expected: str) -> None:
    assert _catalog(file).get(query).id == expected


@pytest.mark.parametrize(
    ("file", "query", "close"),
    [("hardware.yaml", "RTX 4095", "RTX 4090"), ("models.yaml", "Llama 3.1 71B", "Llama 3.1 70B"),
     ("quants.yaml", "Q4_K_X", "Q4_K_M")],
)
def test_unknown_names_suggest_close_ones(file: str, query: str, close: str) -> None:
    with pytest.raises(NotFound) as err:
        _catalog(file).get(query)
    assert close in err.value.suggestions


@pytest.mark.parametrize("file", MINE[:-1])  # faq entries have no names
def test_no_alias_points_at_two_entries(file: str) -> None:
    from bot.core.knowledge import normalise

    owners: dict[str, set[str]] = {}
    for e in _entries(file):
        for key in (e.id, *([e.name] if e.name else []), *e.aliases):
            owners.setdefault(normalise(key), set()).add(e.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


# --- agreement with measured-figures.yaml --------------------------------------------------------

MEASURED_GPU = {
    "RTX 3060 12GB": "rtx-3060-12gb", "RTX 3080 10GB": "rtx-3080-10gb", "RTX 3080 Ti 12GB": "rtx-3080-ti",
    "RTX 3090 24GB": "rtx-3090", "RTX 4090 24GB": "rtx-4090", "A10G 24GB (AWS)": "a10g", "L4 24GB": "l4",
    "L40S 48GB": "l40s", "A100 SXM 40GB": "a100-sxm-40gb", "A100 PCIe 80GB": "a100-pcie-80gb",
    "A100 SXM 80GB": "a100-sxm-80gb", "H100 SXM 80GB": "h100-sxm", "H100 PCIe 80GB": "h100-pcie",
    "H200 SXM 141GB": "h200", "MI300X 192GB": "mi300x",
}


def _measured() -> dict:
    return yaml.safe_load(MEASURED.read_text(encoding="utf-8"))


def test_measured_gpu_specs_agree_exactly() -> None:
    devices = {d.id: d for d in _entries("hardware.yaml")}
    catalog = _catalog("hardware.yaml")
    rows = _measured()["gpu_specs"]
    for row in rows:
        name = row["gpu"]
        d = devices[MEASURED_GPU.get(name) or catalog.get(name).id]
        assert d.bandwidth_gbps == row["mem_bandwidth_gbps"], name
        if row.get("memory_gb"):
            assert d.memory_gb == row["memory_gb"], name
        if row.get("dense_fp16_bf16_tensor_tflops"):
            assert d.fp16_tflops == row["dense_fp16_bf16_tensor_tflops"], name
    assert len(rows) >= 30


def test_measured_model_architectures_agree_exactly() -> None:
    models = _catalog("models.yaml")
    for row in _measured()["model_architectures"]:
        m: ModelArch = models.get(row["model"].replace("-Instruct", ""))
        got = (m.layers, m.hidden_size, m.attention_heads, m.kv_heads, m.head_dim, m.vocab_size)
        want = tuple(row[k] for k in ("num_layers", "hidden_size", "num_attention_heads",
                                      "num_key_value_heads", "head_dim", "vocab_size"))
        assert got == want, row["model"]
        if row.get("params_billion"):
            # derived from the shapes; llama-bench prints two decimals
            assert m.params_b == pytest.approx(row["params_billion"], abs=0.006), row["model"]


def _whole_file_bits(q: Quant, params: float, vocab_hidden: float) -> float:
    body = params - 2 * vocab_hidden
    return (body * q.bits_per_weight + vocab_hidden * (q.embedding_bits + q.output_bits)) / params


def test_gguf_sizes_match_measured_whole_files() -> None:
    quants = {q.id: q for q in _entries("quants.yaml")}
    shapes = {"Llama-3.1-8B": (8.03e9, 128256 * 4096), "Llama-2-7B": (6.74e9, 32000 * 4096)}
    units = {"GB": 1e9, "GiB": 2**30}
    errors: dict[str, list[float]] = {m: [] for m in shapes}
    data = _measured()
    for row in data["quant_bits_per_weight"]:
        if row["model"] in shapes:
            got = _whole_file_bits(quants[row["quant"]], *shapes[row["model"]])
            errors[row["model"]].append(got / row["bits_per_weight"] - 1)
    for row in data["gguf_file_sizes"]:
        params, vh = shapes[row["model"]]
        got = _whole_file_bits(quants[row["quant"]], params, vh) * params / 8
        errors[row["model"]].append(got / (row["file_size"] * units[row["unit"]]) - 1)
    for model, errs in errors.items():
        assert len(errs) >= 8
        assert statistics.median(abs(e) for e in errs) <= 0.02, model
        assert max(abs(e) for e in errs) <= 0.06, model


def test_apple_entries_list_memory_options_and_unified_interconnect() -> None:
    apple = [d for d in _entries("hardware.yaml") if d.family == "apple"]
    assert len(apple) >= 16
    for d in apple:
        assert isinstance(d, Device)
        assert d.memory_options_gb and max(d.memory_options_gb) == d.memory_gb
        assert d.interconnect == "unified" and d.gpu_cores
        assert d.dies == (2 if "ultra" in d.id else 1)
    assert not any("m4-ultra" in d.id for d in apple)


def test_faq_answers_fit_slack_and_have_keywords() -> None:
    for e in _entries("faq.yaml"):
        assert len(e.answer) <= 1500, e.id
        assert e.keywords, e.id


def test_every_overridable_assumption_has_a_default_in_the_file() -> None:
    from bot.core.assumption_keys import OVERRIDABLE, REQUIRED_ASSUMPTIONS

    assert set(OVERRIDABLE) <= REQUIRED_ASSUMPTIONS
    values = parse_assumptions("assumptions.yaml", _raw("assumptions.yaml"))
    assert set(OVERRIDABLE) <= set(values)
    raw = _raw("assumptions.yaml")
    del raw["assumptions"]["cached_input_share"]
    with pytest.raises(KnowledgeError, match="cached_input_share"):
        parse_assumptions("assumptions.yaml", raw)


def test_as_of_is_scanned_once_and_follows_replaced_catalogs() -> None:
    import datetime as dt

    k = load()
    first = k.as_of
    assert first == k.as_of and first is not k.as_of  # the same dates, a dict of the caller's own
    first.clear()
    assert k.as_of["hardware"] == max(d.as_of for d in k.devices)
    newest = max(k.devices, key=lambda d: d.as_of)
    k.devices = Catalog("hardware", [d for d in k.devices if d is not newest], lambda d: [d.id, d.name, *d.aliases])
    assert k.as_of["hardware"] == max((d.as_of for d in k.devices), default=dt.date.min)
