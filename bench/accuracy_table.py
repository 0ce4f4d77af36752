"""The estimator's accuracy table: per family × engine × kind, fitted and held out, beside a naive roofline.

    python bench/accuracy_table.py

Rows and predictions come from bench/accuracy.py (fitted: tests/data/speed_calibration.yaml; held out:
tests/data/speed_holdout.yaml + holdout_figures.yaml, reported only in aggregate). |err| = |predicted /
measured − 1|; "×" is the median factor off either way (max(p/m, m/p)); the naive roofline is defined in
bench/accuracy.py. The goal lines of issue #14 are checked on the held-out rows, per family.
"""

from __future__ import annotations

import math

from accuracy import Result, Stats, evaluate, fitted_rows, holdout_rows, skipped_reasons, summary
from harness import table

from bot.core.knowledge import load

GOALS = {  # (kind, statistic) -> limit, on held-out rows, for each family
    ("decode", "median"): 0.15,
    ("decode", "p90"): 0.35,
    ("prefill", "median"): 0.30,
    ("serving", "median_factor"): 1.35,
}


def pct(x: float | None) -> str:
    return "-" if x is None or math.isnan(x) else f"{x:.1%}"


def cells(label: str, key: tuple[str, str, str], s: Stats) -> list[str]:
    family, engine, kind = key
    naive = "not modelled" if s.naive_median is None else f"{pct(s.naive_median)} / {pct(s.naive_p90)}"
    fac = "-" if math.isnan(s.median_factor) else f"{s.median_factor:.2f}×"
    return [label, family, engine, kind, str(s.n), pct(s.median), pct(s.p90), fac, naive, str(s.skipped or "")]


HEADER = ["set", "family", "engine", "kind", "rows", "median |err|", "p90 |err|", "median ×",
          "naive median / p90", "not scorable"]


def accuracy_rows(fitted: list[Result], held: list[Result], *, by_engine: bool) -> list[list[str]]:
    out = []
    for label, results in (("fitted", fitted), ("held-out", held)):
        for key, s in summary(results, by_engine=by_engine).items():
            out.append(cells(label, key, s))
    return out


def goal_lines(held: list[Result]) -> list[str]:
    lines = []
    for (family, _, kind), s in summary(held, by_engine=False).items():
        for (goal_kind, stat), limit in GOALS.items():
            if goal_kind != kind or s.n == 0:
                continue
            value = getattr(s, stat)
            shown = f"{value:.2f}×" if stat == "median_factor" else pct(value)
            goal = f"≤ {limit:.2f}×" if stat == "median_factor" else f"≤ {limit:.0%}"
            label = f"held-out {family} {kind} {stat.replace('_factor', ' ×')} ({s.n} rows)"
            lines.append(f"= {label} | {shown} | {goal} | {'met' if value <= limit else 'MISSED'}")
    return lines


def reasons(label: str, results: list[Result]) -> str:
    counts = skipped_reasons(results)
    parts = ", ".join(f"{why}: {n}" for why, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return f"{label}: {sum(counts.values())} of {len(results)} rows not scorable ({parts or 'none'})"


def render(fitted: list[Result], held: list[Result]) -> str:
    lines = goal_lines(held)
    lines += ["", "Per family and kind (all engines):", ""]
    lines.append(table(HEADER, accuracy_rows(fitted, held, by_engine=False)))
    lines += ["", "Per family × engine × kind:", ""]
    lines.append(table(HEADER, accuracy_rows(fitted, held, by_engine=True)))
    lines += ["", reasons("fitted", fitted), reasons("held-out", held)]
    return "\n".join(lines)


def main() -> int:
    k = load()
    print(render(evaluate(k, fitted_rows()), evaluate(k, holdout_rows())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
