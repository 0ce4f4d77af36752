"""Run every bench and write the results into docs/benchmarks.md (between the run_all markers).

    python bench/run_all.py [--only latency memory ...] [--out docs/benchmarks.md] [--print]

Each bench runs as its own process with the exact command shown in the document. The summary table is
built from the ``= label | value | goal | status`` lines the benches print; the full output of each
bench follows it. Text outside the markers (analysis, profiles, fixes) is left as it is.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from harness import ROOT, machine, table

BENCHES: dict[str, tuple[str, str]] = {
    "latency": ("Answer latency over HTTP vs a bare Bolt app", "python bench/latency.py"),
    "core_path": ("Core path in-process", "python bench/core_path.py"),
    "cold_start": ("Cold start", "python bench/cold_start.py --importtime"),
    "memory": ("Memory of serve --http", "python bench/memory.py"),
    "digest_scale": ("Digest composition at scale", "python bench/digest_scale.py"),
    "digest_pace": ("Digest posting pace", "python bench/digest_pace.py"),
    "accuracy": ("Estimator accuracy vs naive formulas", "python bench/accuracy_table.py"),
    "parse_holdout": ("Parser score on the held-out v1 messages (retired to tuning 2026-12-03)",
                      "python bench/parse_holdout.py"),
    "parse_holdout_v2": ("Parser score on the held-out v2 messages (retired to tuning 2026-12-03)",
                         "python bench/parse_holdout.py --file tests/data/parse_holdout_v2.yaml"),
    "parse_holdout_v3": ("Parser score on the held-out v3 messages (retired to tuning 2026-12-03)",
                         "python bench/parse_holdout.py --file tests/data/parse_holdout_v3.yaml"),
    "parse_holdout_v4": ("Parser score on the held-out v4 messages (retired to tuning 2026-12-03, late)",
                         "python bench/parse_holdout.py --file tests/data/parse_holdout_v4.yaml"),
    "parse_holdout_v5": ("Parser score on the held-out v5 messages "
                         "(retired to tuning 2026-12-03, late night; frozen before the late-session work)",
                         "python bench/parse_holdout.py --file tests/data/parse_holdout_v5.yaml"),
    "parse_holdout_v6": ("Parser score on the held-out v6 messages "
                         "(retired to tuning 2026-12-03, late night; frozen before the night's work)",
                         "python bench/parse_holdout.py --file tests/data/parse_holdout_v6.yaml"),
    "parse_holdout_v7": ("Parser score on the held-out v7 messages "
                         "(frozen 2026-12-03 before the late-night parser work)",
                         "python bench/parse_holdout.py --file tests/data/parse_holdout_v7.yaml"),
    "answer_size": ("First answer: blocks and characters", "python bench/answer_size.py"),
    "chart": ("Break-even chart render", "python bench/chart.py"),
}
BEGIN, END = "<!-- run_all:begin -->", "<!-- run_all:end -->"
DIGEST_GOAL_S = 5.0


def run(command: str) -> tuple[str, float, int]:
    argv = [sys.executable, *command.split()[1:]]
    t0 = time.monotonic()
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    out = p.stdout + (f"\n(exit {p.returncode})\n{p.stderr[-2000:]}" if p.returncode else "")
    return out, time.monotonic() - t0, p.returncode


def verdicts(name: str, command: str, output: str) -> list[list[str]]:
    rows = [[*(c.strip() for c in line[2:].split(" | ")), f"`{command}`"]
            for line in output.splitlines() if line.startswith("= ") and line.count(" | ") == 3]
    if name == "digest_scale":
        rows += digest_rows(command, output)
    return rows


def digest_rows(command: str, output: str) -> list[list[str]]:
    """bench/digest_scale.py is not ours: read its table by the header's column names."""
    header: list[str] = []
    rows = []
    for line in output.splitlines():
        if "profiles" in line and "cold s" in line:
            header = re.split(r"\s{2,}", line.strip())
        elif header and line.split() and line.split()[0].isdigit():
            cells = dict(zip(header, line.split(), strict=False))
            n, cold, warm = cells["profiles"], cells["cold s"], cells["warm s"]
            ten_k = n == "10000"
            status = ("met" if float(cold) <= DIGEST_GOAL_S else "MISSED") if ten_k else "n/a"
            rows.append([f"digest composition, {n} profiles (cold week / warm week)", f"{cold} s / {warm} s",
                         "≤ 5 s at 10k" if ten_k else "(none)", status, f"`{command}`"])
    return rows


def as_markdown(output: str) -> str:
    """Markdown tables as they are, everything else in text fences; the '= ' lines are in the summary."""
    blocks, current = [], []
    for line in [*output.rstrip().splitlines(), ""]:
        if line.startswith("= "):
            continue
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    parts = []
    for block in blocks:
        if all(line.startswith("|") for line in block):
            parts.append("\n".join(block))
        else:
            parts.append("```text\n" + "\n".join(block) + "\n```")
    return "\n\n".join(parts)


def section(results: list[tuple[str, str, str, float, int]], started: str, loads: tuple[float, float]) -> str:
    m = machine()
    summary: list[list[str]] = []
    for name, _, command, _, _ in results:
        summary += verdicts(name, command, next(r[1] for r in results if r[0] == name))
    lines = [
        BEGIN,
        "## Results",
        "",
        f"Run started {started}; written by `python bench/run_all.py`.",
        "",
        table(["machine", ""], [["nproc", m["nproc"]], ["CPU", m["cpu"]], ["RAM", m["ram"]],
                                ["Python", m["python"]], ["load average (1 min) before / after",
                                                          f"{loads[0]:.2f} / {loads[1]:.2f}"]]),
        "",
        table(["measurement", "result", "goal", "status", "command"], summary),
        "",
    ]
    for name, output, command, seconds, code in results:
        title = BENCHES[name][0]
        lines += [f"### {title}", "", f"`{command}` ({seconds:.0f} s{'' if code == 0 else f', exit {code}'})", "",
                  as_markdown(output), ""]
    lines.append(END)
    return "\n".join(lines)


def write(out: Path, text: str) -> None:
    old = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip() + "\n\n" + text + "\n"
    out.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", choices=list(BENCHES), help="run these benches only")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--print", action="store_true", help="print the section instead of writing the file")
    args = ap.parse_args()
    started, load0 = time.strftime("%a %d %b %Y %H:%M:%S %Z"), os.getloadavg()[0]
    results = []
    for name in args.only or list(BENCHES):
        command = BENCHES[name][1]
        if not (ROOT / command.split()[1]).exists():
            results.append((name, f"(not run: {command.split()[1]} does not exist yet)", command, 0.0, 0))
            continue
        print(f"running {command} ...", file=sys.stderr, flush=True)
        output, seconds, code = run(command)
        results.append((name, output, command, seconds, code))
    text = section(results, started, (load0, os.getloadavg()[0]))
    if args.print:
        print(text)
    else:
        write(args.out, text)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0 if all(r[4] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
