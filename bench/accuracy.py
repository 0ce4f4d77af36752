"""Engine vs public measurements, side by side with the naive public-calculator formulas.

    python bench/accuracy.py [--holdout-only | --fitted-only]

Rows come from ../shared/reference/measured-figures.yaml (the calibration set) and
tests/data/holdout_figures.yaml (held out: never used to tune constants). The naive formulas are what most
online calculators do: weights = params x bits / 8, tokens/s = bandwidth / model size, prefill and serving
not modelled. tests/test_calibration.py imports `fitted_rows`, `holdout_rows` and `evaluate` from here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core import sizing  # noqa: E402
from bot.core import sizing_physics as phys  # noqa: E402
from bot.core.catalog_lookup import resolve_model  # noqa: E402
from bot.core.knowledge import Knowledge, NotFound, load  # noqa: E402
from bot.core.setup import Setup  # noqa: E402

MEASURED = ROOT.parent / "shared" / "reference" / "measured-figures.yaml"
HOLDOUT = ROOT / "tests" / "data" / "holdout_figures.yaml"
GIB = 2**30
TG128_CONTEXT = 64  # llama-bench tg128 starts from an empty context: 64 tokens on average


@dataclass
class Row:
    """One measured figure in a common shape (kind: size | bpw | decode | prefill | serving)."""

    kind: str
    model: str
    quant: str
    hardware: str | None
    measured: float
    source: str
    gpus: int = 1
    engine: str = "llama.cpp"
    context: float = TG128_CONTEXT  # decode: average tokens in context; prefill: prompt tokens
    input_tokens: int = 0
    output_tokens: int = 0
    concurrency: int | None = None
    kv_dtype: str = "f16"
    memory_gb: float | None = None  # a unified-memory configuration smaller than the catalog's largest


@dataclass
class Result:
    row: Row
    predicted: float | None
    naive: float | None

    @property
    def error(self) -> float | None:
        return None if self.predicted is None else self.predicted / self.row.measured - 1.0

    @property
    def naive_error(self) -> float | None:
        return None if self.naive is None else self.naive / self.row.measured - 1.0


# --- reading the two files ----------------------------------------------------------------------


def fitted_rows(path: Path = MEASURED) -> list[Row]:
    """measured-figures.yaml in the common shape."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[Row] = []
    for r in raw.get("quant_bits_per_weight", []):
        src = r["source"]
        if "legacy" in r["model"]:
            rows.append(Row("nominal_bpw", "Llama 2 7B", r["quant"], None, r["bits_per_weight"], src))
        elif "size_gib" in r:
            rows.append(Row("size", r["model"], r["quant"], None, r["size_gib"] * GIB / 1e9, src))
        else:
            rows.append(Row("bpw", r["model"], r["quant"], None, r["bits_per_weight"], src))
    for r in raw.get("gguf_file_sizes", []):
        gb = r["file_size"] * (GIB / 1e9 if r["unit"] == "GiB" else 1.0)
        rows.append(Row("size", r["model"], r["quant"], None, gb, r["source"]))
    for r in raw.get("apple_silicon_llamacpp", []):
        for q in ("f16", "q8_0", "q4_0"):
            hw, src = r["chip"], r["source"]
            rows.append(Row("decode", "Llama 2 7B", q.upper(), hw, r[f"{q}_tg128_tps"], src))
            rows.append(Row("prefill", "Llama 2 7B", q.upper(), hw, r[f"{q}_pp512_tps"], src, context=512))
    for r in raw.get("cuda_llamacpp", []):
        hw, src = r["gpu"], r["source"]
        rows.append(Row("decode", "Llama 2 7B", "Q4_0", hw, r["tg128_tps"], src))
        rows.append(Row("prefill", "Llama 2 7B", "Q4_0", hw, r["pp512_tps"], src, context=512))
    for r in raw.get("serving_engine_throughput", []):
        rows.append(_serving_row(r))
    return rows


def _serving_row(r: dict[str, Any]) -> Row:
    isl, osl = (int(x) for x in str(r["isl_osl"]).split("/"))
    conc = r["concurrency"] if isinstance(r["concurrency"], int) else None
    measured = r.get("total_output_tokens_per_s") or r["output_tokens_per_s"]
    model = r["model"].split(" (")[0]
    hardware = "H100 SXM" if "H100" in r["gpu"] else r["gpu"]
    return Row(
        "serving",
        model,
        r["precision"],
        hardware,
        measured,
        r["source"],
        gpus=r["num_gpus"],
        engine="tensorrt-llm",
        input_tokens=isl,
        output_tokens=osl,
        concurrency=conc,
        kv_dtype="fp8" if r["precision"] == "FP8" else "f16",  # NVIDIA FP8 checkpoints quantise the KV too
    )


def holdout_rows(path: Path = HOLDOUT) -> list[Row]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Row(**{k: v for k, v in r.items() if k != "note"}) for r in raw["rows"]]


# --- predicting -------------------------------------------------------------------------------


def evaluate(k: Knowledge, rows: list[Row]) -> list[Result]:
    return [Result(row, *_predict(k, row)) for row in rows]


def _predict(k: Knowledge, r: Row) -> tuple[float | None, float | None]:
    try:
        model = resolve_model(k, r.model)
        quant = k.quants.get(r.quant)
    except NotFound:
        return None, None
    naive_bytes = model.params_b * 1e9 * quant.bits_per_weight / 8
    if r.kind == "size":
        return phys.weight_bytes(model, quant) / 1e9, naive_bytes / 1e9
    if r.kind == "bpw":
        return phys.weight_bytes(model, quant) * 8 / (model.params_b * 1e9), quant.bits_per_weight
    if r.kind == "nominal_bpw":
        return quant.bits_per_weight, quant.bits_per_weight
    device = k.devices.get(r.hardware or "")
    setup = Setup(model, quant, device, k.engines.get(r.engine), r.gpus, r.memory_gb)
    if r.kind == "decode":
        tps, _ = sizing.single_stream(k, setup, context_tokens=r.context)
        return tps, device.bandwidth_gbps * 1e9 / naive_bytes
    if r.kind == "prefill":
        return sizing.prefill_rate(setup, tokens=int(r.context)), None
    t = sizing.replica_throughput(
        k, setup, input_tokens=r.input_tokens, output_tokens=r.output_tokens, concurrency=r.concurrency,
        kv_dtype=r.kv_dtype,
    )
    return (t.output_tokens_per_s if t.fits else None), None


# --- reporting --------------------------------------------------------------------------------


def summary(results: list[Result]) -> dict[str, dict[str, float]]:
    """Per kind: count, median and max |error| for the engine and for the naive formula."""
    out: dict[str, dict[str, float]] = {}
    for kind in sorted({r.row.kind for r in results}):
        errs = [abs(r.error) for r in results if r.row.kind == kind and r.error is not None]
        naive = [abs(r.naive_error) for r in results if r.row.kind == kind and r.naive_error is not None]
        if not errs:
            continue
        out[kind] = {
            "n": len(errs),
            "median": statistics.median(errs),
            "max": max(errs),
            "naive_median": statistics.median(naive) if naive else float("nan"),
        }
    return out


def table(results: list[Result], title: str) -> str:
    lines = [
        title,
        f"{'kind':8} {'model':22} {'quant':7} {'hardware':18} {'n':>2} {'measured':>9} "
        f"{'engine':>9} {'err':>7} {'naive':>9} {'err':>7}",
    ]
    for r in results:
        row = r.row
        pred = "-" if r.predicted is None else f"{r.predicted:9.2f}"
        err = "-" if r.error is None else f"{r.error:+7.1%}"
        naive = "-" if r.naive is None else f"{r.naive:9.2f}"
        nerr = "-" if r.naive_error is None else f"{r.naive_error:+7.1%}"
        lines.append(
            f"{row.kind:8} {row.model[:22]:22} {row.quant[:7]:7} {(row.hardware or '-')[:18]:18} "
            f"{row.gpus:>2} {row.measured:9.2f} {pred:>9} {err:>7} {naive:>9} {nerr:>7}"
        )
    lines.append("")
    for kind, s in summary(results).items():
        lines.append(
            f"  {kind:12} n={s['n']:<3.0f} median |err| {s['median']:6.1%}  max {s['max']:6.1%}"
            f"   naive median {s['naive_median']:6.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout-only", action="store_true")
    parser.add_argument("--fitted-only", action="store_true")
    args = parser.parse_args(argv)
    k = load()
    if not args.holdout_only:
        if MEASURED.exists():
            print(table(evaluate(k, fitted_rows()), f"== fitted on: {MEASURED.name} =="))
        else:
            print(f"(skipped: {MEASURED} not found)")
    if not args.fitted_only:
        print()
        print(table(evaluate(k, holdout_rows()), f"== held out: {HOLDOUT.name} (never tuned on) =="))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
