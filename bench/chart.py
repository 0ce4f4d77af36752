"""The break-even chart: engine curves + PNG per answer (goal: ≤ 300 ms warm), and matplotlib's cold import.

    python bench/chart.py [--runs 20]

For each of the harness's messages (and the README's sample profile): ``cost_curves`` (the engine at
~125 volumes, two contexts) and ``render_png`` (matplotlib Agg, 960×540), timed ``--runs`` times after
one warm-up in this process, as a long-running server draws them. Wall and CPU (this thread) time:
the box is shared, so wall time carries other people's load. The cold import of matplotlib (what the
first chart after start-up pays once) is timed in fresh processes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from harness import MESSAGES, ROOT, ms, pct, table, verdict  # first: puts the repository on sys.path

from bot.core.curves import cost_curves
from bot.core.knowledge import load
from bot.core.parse import extract
from bot.core.profile import WorkloadProfile, build_profile
from bot.render.chart import render_png

SAMPLE = {"tokens_per_day": "300M", "data_sensitivity": "restricted", "capability": "mid"}  # README's sample
IMPORT = "import time; t = time.perf_counter(); import matplotlib; matplotlib.use('Agg'); " \
         "from matplotlib.figure import Figure; print(time.perf_counter() - t)"


def profiles(k) -> list[tuple[str, WorkloadProfile]]:
    out = [("README sample (300M, restricted, mid)", build_profile(SAMPLE))]
    for text in MESSAGES:
        out.append((text[:48] + ("…" if len(text) > 48 else ""), WorkloadProfile().merged(
            **extract(text, k).profile_facts())))
    return out


def one(k, profile: WorkloadProfile) -> tuple[float, float, float, int]:
    c0, t0 = time.thread_time(), time.perf_counter()
    curves = cost_curves(k, profile)
    t1 = time.perf_counter()
    png = render_png(curves)
    return t1 - t0, time.perf_counter() - t1, time.thread_time() - c0, len(png)


def cold_import(runs: int = 3) -> float:
    times = [float(subprocess.run([sys.executable, "-c", IMPORT], capture_output=True, text=True, check=True,
                                  cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    k = load()
    rows, totals, cpus = [], [], []
    for name, profile in profiles(k):
        one(k, profile)  # warm-up: the sizing memo and matplotlib's fonts
        parts = [one(k, profile) for _ in range(args.runs)]
        total = [p[0] + p[1] for p in parts]
        totals += total
        cpus += [p[2] for p in parts]
        rows.append([name, ms(statistics.median(p[0] for p in parts)), ms(statistics.median(p[1] for p in parts)),
                     ms(statistics.median(total)), ms(pct(total, 95)), ms(statistics.median(p[2] for p in parts)),
                     f"{parts[-1][3] / 1000:.0f}"])
    print(table(["profile", "curves ms", "PNG ms", "total p50 ms", "total p95 ms", "CPU p50 ms", "PNG kB"], rows))
    print()
    imp = cold_import()
    print(f"matplotlib cold import (median of 3 fresh processes): {ms(imp)} ms — paid once, by the first chart")
    print()
    for label, value in (("wall", statistics.median(totals)), ("CPU", statistics.median(cpus))):
        verdict(f"break-even chart (curves + PNG), warm median ({label})", f"{ms(value)} ms", "≤ 300 ms",
                value <= 0.3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
