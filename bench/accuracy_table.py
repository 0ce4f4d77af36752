"""The estimator error table, engine beside the naive public-calculator formulas (from bench/accuracy.py).

    python bench/accuracy_table.py

Rows and predictions come from bench/accuracy.py (owned by sizing; imported, not copied): the fitted set
(../shared/reference/measured-figures.yaml) and the held-out set (tests/data/holdout_figures.yaml).
Naive: weights = params × bits / 8, decode tokens/s = bandwidth ÷ model size; they have no answer for
prefill or serving throughput. The naive columns use only the rows the naive formula can answer,  (every size,
bpw and decode row); "within 15%" is the share of rows whose |error| ≤ 15%.
"""

from __future__ import annotations

import statistics

from accuracy import MEASURED, Result, evaluate, fitted_rows, holdout_rows
from harness import table

from bot.core.knowledge import load


def pct(x: float) -> str:
    return f"{x:.1%}"


def stats(errors: list[float]) -> tuple[str, str, str]:
    e = [abs(x) for x in errors]
    return pct(statistics.median(e)), pct(max(e)), pct(sum(x <= 0.15 for x in e) / len(e))


def rows_for(label: str, results: list[Result]) -> list[list[str]]:
    out = []
    for kind in sorted({r.row.kind for r in results}):
        scored = [r for r in results if r.row.kind == kind and r.error is not None]
        if not scored:
            continue
        paired = [r for r in scored if r.naive_error is not None]
        naive = stats([r.naive_error for r in paired]) if paired else ("not modelled",) * 3  # type: ignore[misc]
        out.append([label, kind, str(len(scored)), *stats([r.error for r in scored]),
                    str(len(paired)), *naive])
    return out


def worst(results: list[Result], n: int = 3) -> list[list[str]]:
    scored = sorted((r for r in results if r.error is not None), key=lambda r: -abs(r.error))
    return [[r.row.kind, r.row.model, r.row.quant, r.row.hardware or "-", f"{r.row.measured:g}",
             f"{r.predicted:.4g}", f"{r.error:+.1%}", "-" if r.naive_error is None else f"{r.naive_error:+.1%}"]
            for r in scored[:n]]


def main() -> int:
    k = load()
    fitted = evaluate(k, fitted_rows()) if MEASURED.exists() else []
    held = evaluate(k, holdout_rows())
    print(table(["set", "kind", "rows", "engine median |err|", "engine max |err|", "engine within 15%",
                 "rows naive answers", "naive median |err|", "naive max |err|",
                 "naive within 15%"], rows_for("fitted", fitted) + rows_for("held-out", held)))
    print("\nWorst held-out rows (engine):\n")
    print(table(["kind", "model", "quant", "hardware", "measured", "engine", "err", "naive err"], worst(held)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
