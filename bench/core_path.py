"""The core path in-process: parse → tree → costs → Block Kit summary, per message (goal: ≤ 2 ms median warm).

    python bench/core_path.py [--runs 200]

For each message a fresh Knowledge is loaded, so the first call pays for filling the sizing memo
(cold); the next ``--runs`` calls on the same Knowledge are warm, as in a long-running server.
Columns split the warm median by stage.
"""

from __future__ import annotations

import argparse
import statistics
import time

from harness import MESSAGES, ms, pct, table, verdict  # first: puts the repository on sys.path

from bot.core.advise import recommend
from bot.core.knowledge import load
from bot.core.parse import extract
from bot.core.profile import WorkloadProfile
from bot.render.summary_blocks import render_summary


def one(k, text: str) -> tuple[float, float, float, float]:
    """Wall seconds in parse, recommend (tree + costs), render — what the /selfhost listener does —
    and the CPU seconds of the whole (this thread's CPU time: what a busy machine does not inflate)."""
    c0, t0 = time.thread_time(), time.perf_counter()
    extraction = extract(text, k)
    profile = WorkloadProfile().merged(**extraction.profile_facts())
    sources = {f: fact.span for f, fact in extraction.facts.items()}
    t1 = time.perf_counter()
    rec = recommend(k, profile, sources)
    t2 = time.perf_counter()
    render_summary(rec, ref="rec:1:benchmark00", max_blocks=7)  # what the /selfhost listener renders first
    return t1 - t0, t2 - t1, time.perf_counter() - t2, time.thread_time() - c0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    rows, all_warm, all_cpu = [], [], []
    for text in MESSAGES:
        k = load()
        cold = sum(one(k, text)[:3])
        parts = [one(k, text) for _ in range(args.runs)]
        totals = [sum(p[:3]) for p in parts]
        cpu = [p[3] for p in parts]
        all_warm += totals
        all_cpu += cpu
        rows.append([text[:48] + ("…" if len(text) > 48 else ""), ms(cold), ms(statistics.median(totals)),
                     ms(pct(totals, 95)), ms(statistics.median(cpu)),
                     *(ms(statistics.median(p[i] for p in parts)) for i in range(3))])
    rows.append(["all messages", "", ms(statistics.median(all_warm)), ms(pct(all_warm, 95)),
                 ms(statistics.median(all_cpu)), "", "", ""])
    print(table(["message", "cold ms", "warm p50 ms", "warm p95 ms", "warm CPU p50 ms", "parse", "tree+costs",
                 "render"], rows))
    print()
    for name, value in (("wall", statistics.median(all_warm)), ("CPU", statistics.median(all_cpu))):
        verdict(f"core path in-process, warm median ({name})", f"{ms(value)} ms", "≤ 2 ms", value <= 0.002)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
