"""The estimator's accuracy table: per family × engine × kind, fitted and held out, beside a naive roofline.

    python bench/accuracy_table.py [--holdout-set current|v3|v4|v5|v6|cpu|retired|all|v1|v2]

Rows and predictions come from bench/accuracy.py. Fitted: tests/data/speed_calibration.yaml. Held out, never tuned
on and reported only in aggregate: tests/data/speed_holdout_v4.yaml ("v4", 80 public rows from sources new to the
speed files, frozen 2026-12-03 before any prediction), tests/data/speed_holdout_v5.yaml ("v5", 84 public rows
from sources new to every speed file, v4 included, frozen 2026-12-03 night before any prediction; its first score,
on the engine of f6c4782, is the "before" of the night's speed work) and tests/data/speed_holdout_v6.yaml ("v6",
70 public rows from sources new to every speed file, v4 and v5 included, frozen 2026-12-03 late night before any
prediction; scored alone with --holdout-set v6). Retired (held out until their last held-out
figures were recorded in docs/benchmarks.md, tuning data since): speed_holdout.yaml + holdout_figures.yaml ("v1")
and speed_holdout_v2.yaml ("v2"), retired 2026-12-03 (evening); speed_holdout_v3.yaml ("v3") and
speed_holdout_cpu.yaml ("cpu"), retired 2026-12-03 (late).
--holdout-set current (default) checks the goals on v4 and on v5 (each on its own lines) and adds the retired sets
(v3, cpu, v1 + v2) on their own lines, shown but not judged; v1, v2, v3, v4, v5, v6, cpu score one set; retired
scores v1 + v2 + v3 + cpu merged; all (the old name) scores v1 + v2 merged.
|err| = |predicted / measured − 1|; "×" is the median factor off either way (max(p/m, m/p)); the naive roofline is
defined in bench/accuracy.py. The goal lines of issue #14 are checked on the held-out rows, per family.
"""

from __future__ import annotations

import argparse
import math

from accuracy import (
    Result,
    Stats,
    all_holdout_rows,
    evaluate,
    fitted_rows,
    holdout_cpu_rows,
    holdout_rows,
    holdout_v2_rows,
    holdout_v3_rows,
    holdout_v4_rows,
    holdout_v5_rows,
    holdout_v6_rows,
    retired_rows,
    skipped_reasons,
    summary,
)
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


def accuracy_rows(
    fitted: list[Result], held: list[Result], *, by_engine: bool, held_label: str = "held-out",
    extra: list[tuple[str, list[Result]]] | None = None,
) -> list[list[str]]:
    out = []
    for label, results in [("fitted", fitted), (held_label, held), *(extra or [])]:
        for key, s in summary(results, by_engine=by_engine).items():
            out.append(cells(label, key, s))
    return out


def goal_lines(held: list[Result], label_set: str = "held-out") -> list[str]:
    lines = []
    for (family, _, kind), s in summary(held, by_engine=False).items():
        for (goal_kind, stat), limit in GOALS.items():
            if goal_kind != kind or s.n == 0:
                continue
            value = getattr(s, stat)
            shown = f"{value:.2f}×" if stat == "median_factor" else pct(value)
            goal = f"≤ {limit:.2f}×" if stat == "median_factor" else f"≤ {limit:.0%}"
            label = f"{label_set} {family} {kind} {stat.replace('_factor', ' ×')} ({s.n} rows)"
            status = "met" if value <= limit else "MISSED"
            if label_set.startswith("retired"):  # tuning data now: shown, not judged
                status, goal = "n/a", "(retired: tuning data)"
            lines.append(f"= {label} | {shown} | {goal} | {status}")
    return lines


def reasons(label: str, results: list[Result]) -> str:
    counts = skipped_reasons(results)
    parts = ", ".join(f"{why}: {n}" for why, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return f"{label}: {sum(counts.values())} of {len(results)} rows not scorable ({parts or 'none'})"


def render(fitted: list[Result], held: list[Result], *, held_label: str = "held-out",
           extra: list[tuple[str, list[Result]]] | None = None) -> str:
    """The table; ``extra`` adds more labelled sets (their own goal lines and table rows)."""
    lines = goal_lines(held, held_label)
    for label, results in extra or []:
        lines += goal_lines(results, label)
    lines += ["", "Per family and kind (all engines):", ""]
    lines.append(table(HEADER, accuracy_rows(fitted, held, by_engine=False, held_label=held_label,
                                             extra=extra)))
    lines += ["", "Per family × engine × kind:", ""]
    lines.append(table(HEADER, accuracy_rows(fitted, held, by_engine=True, held_label=held_label,
                                             extra=extra)))
    lines += ["", reasons("fitted", fitted), reasons(held_label, held)]
    lines += [reasons(label, results) for label, results in extra or []]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--holdout-set",
                        choices=("current", "v3", "v4", "v5", "v6", "cpu", "retired", "all", "v1", "v2"),
                        default="current",
                        help="current: goals on held-out v4 and v5, plus the retired v3, cpu and v1 + v2 on their own "
                             "lines; or one set: v1, v2, v3, v4, v5, v6, cpu; retired = v1 + v2 + v3 + cpu merged; "
                             "all = v1 + v2 merged")
    args = parser.parse_args(argv)
    k = load()
    fitted = evaluate(k, fitted_rows())
    if args.holdout_set == "current":
        print(render(fitted, evaluate(k, holdout_v4_rows()), held_label="held-out v4",
                     extra=[("held-out v5", evaluate(k, holdout_v5_rows())),
                            ("retired v3", evaluate(k, holdout_v3_rows())),
                            ("retired cpu", evaluate(k, holdout_cpu_rows())),
                            ("retired v1+v2", evaluate(k, all_holdout_rows()))]))
    elif args.holdout_set == "retired":
        print(render(fitted, evaluate(k, retired_rows()), held_label="retired v1+v2+v3+cpu"))
    elif args.holdout_set == "all":
        print(render(fitted, evaluate(k, all_holdout_rows()), held_label="retired v1+v2"))
    else:
        sets = {"v1": holdout_rows, "v2": holdout_v2_rows, "v3": holdout_v3_rows, "v4": holdout_v4_rows,
                "v5": holdout_v5_rows, "v6": holdout_v6_rows, "cpu": holdout_cpu_rows}
        print(render(fitted, evaluate(k, sets[args.holdout_set]()),
                     held_label=("held-out" if args.holdout_set in ("v4", "v5", "v6") else "retired")
                     + f" {args.holdout_set}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
