"""The estimator against measured figures, beside a naive roofline, per family × engine × kind.

    python bench/accuracy.py [--rows]      # --rows: every FITTED row with its prediction (never held-out rows)

Rows come from bench/accuracy_rows.py (fitted: tests/data/speed_calibration.yaml; held out:
tests/data/speed_holdout.yaml + tests/data/holdout_figures.yaml + tests/data/speed_holdout_v2.yaml, never tuned on
and only ever reported in aggregate). The naive roofline is what a calculator without the engine's physics does:

- decode: aggregate memory bandwidth ÷ bytes of the active weights (params × bits / 8);
- prefill: aggregate peak tensor FLOP/s (the quant's compute dtype) ÷ 2 FLOPs per active parameter;
- serving: the smaller of the prefill roofline spread over input + output tokens and the decode roofline
  times the streams in flight (256 at max load).

A row the catalog cannot describe (unknown model, device or quant, an engine that does not run there) or
whose figure is not a plain measurement (speculative decoding, an undefined metric) is counted as not
scorable, with the reason; a row the engine says does not fit is counted as such. tests/test_calibration.py
imports ``fitted_rows``, ``holdout_rows``, ``evaluate`` and ``summary`` from here.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy_rows import (  # noqa: E402
    MAX_LOAD_PROMPTS,
    Row,
    all_holdout_rows,
    fitted_rows,
    holdout_cpu_rows,
    holdout_rows,
    holdout_v2_rows,
    holdout_v3_rows,
    holdout_v4_rows,
    holdout_v5_rows,
    holdout_v6_rows,
    retired_rows,
)

from bot.core import sizing, sizing_run  # noqa: E402
from bot.core import sizing_physics as phys  # noqa: E402
from bot.core import sizing_time as timing  # noqa: E402
from bot.core.backends import choose_backend  # noqa: E402
from bot.core.builds import choose_build  # noqa: E402
from bot.core.catalog_lookup import choose_engine, resolve_model  # noqa: E402
from bot.core.knowledge import Knowledge, NotFound, load  # noqa: E402
from bot.core.setup import Setup  # noqa: E402
from bot.core.sizing_run import SHAREGPT_MAX_TOTAL  # noqa: E402

__all__ = [
    "Result", "Row", "all_holdout_rows", "evaluate", "fitted_rows", "holdout_cpu_rows", "holdout_rows",
    "holdout_v2_rows", "holdout_v3_rows", "holdout_v4_rows", "holdout_v5_rows", "holdout_v6_rows", "retired_rows",
    "summary",
]
SPEED_KINDS = ("decode", "prefill", "serving")


@dataclass
class Result:
    row: Row
    predicted: float | None
    naive: float | None
    family: str
    skipped: str | None = None  # why the row is not scored ("unknown device", "does not fit", ...)

    @property
    def error(self) -> float | None:
        return None if self.predicted is None else self.predicted / self.row.replica_measured - 1.0

    @property
    def naive_error(self) -> float | None:
        return None if self.naive is None else self.naive / self.row.replica_measured - 1.0

    @property
    def engine_label(self) -> str:
        return "-" if self.row.kind not in SPEED_KINDS else self.row.engine


# --- predicting ---------------------------------------------------------------------------------


def evaluate(k: Knowledge, rows: list[Row]) -> list[Result]:
    return [_evaluate(k, row) for row in rows]


def _evaluate(k: Knowledge, r: Row) -> Result:
    family = r.family or "dense"
    try:
        model = resolve_model(k, r.model)
    except NotFound:
        return Result(r, None, None, family, "unknown model")
    family = r.family or ("moe" if model.is_moe else "dense")
    quant = k.quants.find(r.quant)
    if quant is None:
        return Result(r, None, None, family, "unknown quant")
    if r.kind not in SPEED_KINDS:
        return Result(r, *_memory_figure(model, quant, r), family)
    if not r.scorable_metric:
        return Result(r, None, None, family, "speculative" if r.speculative else f"metric {r.metric}")
    device = k.devices.find(r.hardware or "")
    if device is None:
        return Result(r, None, None, family, "unknown device")
    try:
        engine, quant, _ = choose_engine(k, r.engine, quant, device)
        backend = choose_backend(k, _runnable(k, r.backend, engine, device), engine, device)
        setup = Setup(model, quant, device, engine, r.gpus, r.memory_gb, expert_parallel=(r.ep or 1) > 1,
                      backend=backend, build=choose_build(k, r.build, engine, backend), attention_dp=r.attention_dp,
                      pipeline=r.pp or 1)
        predicted = _speed(k, setup, r)
    except (ValueError, NotFound) as e:
        return Result(r, None, None, family, f"engine refuses: {str(e).split(':')[0]}")
    naive = _naive(setup, r)
    return Result(r, predicted, naive, family, None if predicted else "engine says it does not fit")


def _runnable(k: Knowledge, backend: str | None, engine, device) -> str | None:
    """The row's backend where the engine runs on it there, else None (the default): a source's word for the
    serving stack ('NVIDIA NIM', 'PyTorch backend') or a backend the catalog's engine is not built for."""
    b = k.backends.find(backend) if backend else None
    return backend if b is not None and device.family in b.families and engine.id in b.engines else None


def _memory_figure(model, quant, r: Row) -> tuple[float, float]:
    naive_bytes = model.params_b * 1e9 * quant.bits_per_weight / 8
    if r.kind == "size":
        return phys.weight_bytes(model, quant) / 1e9, naive_bytes / 1e9
    if r.kind == "bpw":
        return phys.weight_bytes(model, quant) * 8 / (model.params_b * 1e9), quant.bits_per_weight
    return quant.bits_per_weight, quant.bits_per_weight


def _speed(k: Knowledge, s: Setup, r: Row) -> float | None:
    if r.kind == "decode":
        return sizing.single_stream(k, s, context_tokens=r.context, kv_dtype=r.kv_dtype)[0]
    if r.kind == "prefill":
        return sizing.prefill_rate(s, tokens=int(r.context), depth=r.depth, chunk=r.ubatch)  # None: the engine's
    if r.metric == "aggregate_decode_tps":
        return _aggregate_decode(k, s, r)
    if r.prompts:
        return _finite_run(s, r)
    t = sizing.replica_throughput(
        k, s, input_tokens=r.input_tokens, output_tokens=r.output_tokens,
        concurrency=r.concurrency, kv_dtype=r.kv_dtype,
    )
    return t.output_tokens_per_s if t.fits else None


def _finite_run(s: Setup, r: Row) -> float | None:
    """A vllm bench serve / bench_serving run: ``prompts`` requests at once, measured to the last token."""
    n = r.prompts or 1
    if r.dataset == "sharegpt":
        cap = max(SHAREGPT_MAX_TOTAL - r.input_tokens, r.output_tokens + 1)
        lengths = sizing_run.exponential_lengths(r.output_tokens, n, cap)
    else:
        lengths = [r.output_tokens] * n
    limit = sizing.max_batch(s, tokens=r.input_tokens + r.output_tokens, kv_dtype=r.kv_dtype)
    slots = min(r.concurrency or n, max(limit, 1))
    result = sizing_run.run(s, input_tokens=r.input_tokens, output_lengths=lengths, concurrency=slots,
                            kv_dtype=r.kv_dtype, chunk=sizing.batch_limits(s)[1])
    return None if result is None else result.output_tokens_per_s


def _aggregate_decode(k: Knowledge, s: Setup, r: Row) -> float | None:
    """Decode-only tokens/s summed over `concurrency` streams (llama-batched-bench S_TG and the like)."""
    batch = r.concurrency or 1
    kv = phys.kv_bytes(s.model, r.kv_dtype, r.input_tokens + r.output_tokens) * batch
    place = phys.place(s, kv_bytes=kv)
    if not place.fits:
        return None
    step = timing.decode_step(
        s, placement=place, kv_tokens=r.input_tokens + r.output_tokens / 2, kv_dtype=r.kv_dtype, batch=batch
    )
    return batch / step.seconds


def _naive(s: Setup, r: Row) -> float:
    n = s.devices
    active_bytes = s.model.active_b * 1e9 * s.quant.bits_per_weight / 8
    decode = n * s.device.bandwidth_gbps * 1e9 / active_bytes
    prefill = n * timing.peak_flops(s.quant, s.device) / (2.0 * s.model.active_b * 1e9)
    if r.kind == "decode":
        return decode
    if r.kind == "prefill":
        return prefill
    streams = r.concurrency or r.prompts or MAX_LOAD_PROMPTS
    if r.metric == "aggregate_decode_tps":
        return min(decode * streams, prefill)
    return min(prefill * r.output_tokens / (r.input_tokens + r.output_tokens), decode * streams)


# --- summarising --------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def factor(error: float) -> float:
    """How many times off, whichever way: 1.35 for +35 % and for -26 %."""
    ratio = 1.0 + error
    return max(ratio, 1.0 / ratio)


@dataclass
class Stats:
    n: int
    median: float
    p90: float
    median_factor: float
    naive_n: int
    naive_median: float | None
    naive_p90: float | None
    skipped: int = 0


def stats(results: list[Result]) -> Stats | None:
    scored = [r for r in results if r.error is not None]
    naive = [abs(r.naive_error) for r in results if r.error is not None and r.naive_error is not None]
    skipped = sum(r.skipped is not None for r in results)
    if not scored:
        return Stats(0, math.nan, math.nan, math.nan, 0, None, None, skipped) if skipped else None
    errs = [abs(r.error) for r in scored if r.error is not None]
    return Stats(
        len(errs), percentile(errs, 0.5), percentile(errs, 0.9),
        percentile([factor(r.error) for r in scored if r.error is not None], 0.5),
        len(naive), percentile(naive, 0.5) if naive else None, percentile(naive, 0.9) if naive else None, skipped,
    )


def summary(results: list[Result], *, by_engine: bool = True) -> dict[tuple[str, str, str], Stats]:
    """Stats per (family, engine, kind), or per (family, 'all', kind) with ``by_engine=False``."""
    groups: dict[tuple[str, str, str], list[Result]] = {}
    for r in results:
        key = (r.family, r.engine_label if by_engine else "all", r.row.kind)
        groups.setdefault(key, []).append(r)
    out = {}
    for key in sorted(groups):
        s = stats(groups[key])
        if s is not None:
            out[key] = s
    return out


def skipped_reasons(results: list[Result]) -> Counter[str]:
    return Counter(r.skipped for r in results if r.skipped)


# --- printing (fitted rows only, one by one) ------------------------------------------------------


def row_table(results: list[Result]) -> str:
    lines = [f"{'id':7} {'kind':8} {'fam':5} {'engine':12} {'model':18} {'quant':10} {'hardware':22} {'n':>2} "
             f"{'measured':>9} {'engine':>9} {'err':>7} {'naive':>9} {'err':>7}  note"]
    for r in results:
        row = r.row
        pred = "-" if r.predicted is None else f"{r.predicted:9.2f}"
        err = "-" if r.error is None else f"{r.error:+7.1%}"
        naive = "-" if r.naive is None else f"{r.naive:9.2f}"
        nerr = "-" if r.naive_error is None else f"{r.naive_error:+7.1%}"
        lines.append(
            f"{row.id:7} {row.kind:8} {r.family:5} {r.engine_label[:12]:12} {row.model[:18]:18} {row.quant[:10]:10} "
            f"{(row.hardware or '-')[:22]:22} {row.gpus:>2} {row.replica_measured:9.2f} {pred:>9} {err:>7} "
            f"{naive:>9} {nerr:>7}  {r.skipped or ''}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="print every fitted row (held-out rows never are)")
    args = parser.parse_args(argv)
    k = load()
    fitted = evaluate(k, fitted_rows())
    if args.rows:
        print(row_table(fitted))
        return 0
    from accuracy_table import render

    print(render(fitted, evaluate(k, holdout_v4_rows()), held_label="held-out v4"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
