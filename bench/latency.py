"""Signed ``/selfhost recommend <free text>`` over HTTP until the answer reaches the fake Slack's response_url.

    python bench/latency.py [--sequential 200] [--concurrent 500] [--clients 50] [--blocks 4]

Our app (``selfhost-bot serve --http``: waitress, request pre-verification, ack + lazy listener that
parses, walks the tree, costs the options, renders Block Kit and logs to SQLite) against a bare Bolt app
(bench/bare_bolt_app.py: ack + lazy listener that ``respond``s a fixed message, on Bolt's own HTTP
server). Each server is its own process; the fake Slack and the client threads live here. The two apps
are alternated in blocks (A B B A ...) in the same run so that a busy machine hurts both alike.
Latency = client send → response_url request recorded by the fake. Errors (refused/reset connections,
non-200 acks, answers missing after 15 s) are counted and left out of the percentiles.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from harness import Load, TimedSlack, drive, ms, pct, start_bare, start_selfhost, table, verdict

WARMUP = 8


def alternate(fake: TimedSlack, servers: list, total: int, clients: int, blocks: int) -> dict[str, Load]:
    """``total`` requests per server in ``blocks`` blocks, order A B B A A B ..."""
    out = {s.name: Load() for s in servers}
    per_block = max(1, total // blocks)
    for b in range(blocks):
        order = servers if b % 2 == 0 else servers[::-1]
        for s in order:
            out[s.name].extend(drive(fake, s.url, per_block, clients))
    return out


def row(name: str, mode: str, load: Load) -> list[str]:
    a = load.answers
    n = len(load.samples) + len(load.errors)
    if not a:
        return [name, mode, str(n), str(len(load.errors)), "-", "-", "-", "-", "-"]
    acks = [s.ack_s for s in load.samples]
    return [name, mode, str(n), str(len(load.errors)), ms(pct(a, 50)), ms(pct(a, 95)), ms(pct(a, 99)),
            ms(pct(acks, 50)), f"{len(a) / load.wall_s:.0f}"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sequential", type=int, default=200, help="requests per app, one at a time")
    ap.add_argument("--concurrent", type=int, default=500, help="requests per app from --clients threads")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--blocks", type=int, default=4, help="alternation blocks per mode")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (nproc {os.cpu_count()})\n")
    with TimedSlack() as fake, tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        ours, bare = start_selfhost(fake, Path(tmp)), start_bare(fake, Path(tmp))
        try:
            for s in (ours, bare):  # fills the sizing memo and Bolt's lazy caches; not counted
                drive(fake, s.url, WARMUP, 1)
            servers = [ours, bare]
            seq = alternate(fake, servers, args.sequential, 1, args.blocks)
            conc = alternate(fake, servers, args.concurrent, args.clients, args.blocks)
        finally:
            ours.stop()
            bare.stop()
    rows = [row(s, "sequential", seq[s]) for s in ("selfhost", "bare")]
    rows += [row(s, f"{args.clients} clients", conc[s]) for s in ("selfhost", "bare")]
    print(table(["app", "mode", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "ack p50 ms", "answers/s"],
                rows))
    print()
    ratios = []
    for mode, loads in (("sequential", seq), (f"{args.clients} clients", conc)):
        a, b = loads["selfhost"].answers, loads["bare"].answers
        if a and b:
            r = [pct(a, p) / pct(b, p) for p in (50, 95, 99)]
            ratios.append([mode, *(f"{x:.2f}" for x in r)])
    print(table(["ratio selfhost/bare", "p50", "p95", "p99"], ratios))
    print()
    for mode, loads in (("sequential", seq), (f"{args.clients} clients", conc)):
        a, b = loads["selfhost"].answers, loads["bare"].answers
        if a and b:
            r50, r95 = pct(a, 50) / pct(b, 50), pct(a, 95) / pct(b, 95)
            verdict(f"answer latency, {mode}: selfhost / bare Bolt at p50, p95",
                    f"{ms(pct(a, 50))} / {ms(pct(b, 50))} ms = {r50:.2f}×; {ms(pct(a, 95))} / {ms(pct(b, 95))} ms "
                    f"= {r95:.2f}×", "≤ 1.2× at p50 and p95", max(r50, r95) <= 1.2)
    for name, loads in (("sequential", seq), ("concurrent", conc)):
        for app in ("selfhost", "bare"):
            kinds = sorted(set(loads[app].errors))
            if kinds:
                print(f"\n{app} {name} errors: " + ", ".join(f"{loads[app].errors.count(k)} × {k}" for k in kinds))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
