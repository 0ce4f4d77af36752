"""Cold start: process start → first answer of ``selfhost-bot ask "..."``, against ``python -c "import slack_bolt"``.

    python bench/cold_start.py [--runs 15]

Each run is a fresh process (the OS file cache is warm after the first; that is what a user sees on a
second try and what a container restart sees). The two commands are alternated; medians are reported.
"First answer" is the moment the first bytes of the answer reach our end of the stdout pipe. Goal:
≤ 1.0 s and ≤ 1.3× the import. With ``--importtime`` the slowest imports of ``ask`` are listed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import ROOT, table, verdict

QUESTION = "we do 300M tokens/day of HIPAA data and have an MLOps team, should we self-host?"


def ask_argv() -> list[str]:
    """The console script pip installed next to this interpreter (what a user's PATH finds), else the one on PATH.
    Not a version manager's shim: pyenv's runs bash and ``pyenv exec`` first (0.1-0.3 s on this box), which
    the ``import slack_bolt`` row, run by this interpreter directly, does not pay."""
    beside = Path(sys.executable).with_name("selfhost-bot")
    exe = str(beside) if beside.is_file() else shutil.which("selfhost-bot")
    return [exe] if exe else [sys.executable, "-m", "bot"]


COMMANDS = {
    "selfhost-bot ask": [*ask_argv(), "ask", QUESTION],
    "python -c 'import slack_bolt'": [sys.executable, "-c", "import slack_bolt"],
}


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SELFHOST_"))}


def first_output(argv: list[str]) -> tuple[float, float]:
    """Seconds to the first byte on stdout (or exit, if it prints nothing) and to exit."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=clean_env(), cwd=ROOT)
    assert p.stdout is not None
    p.stdout.read(1)
    first = time.perf_counter() - t0
    p.stdout.read()
    if p.wait() != 0:
        raise RuntimeError(f"{argv} exited with {p.returncode}")
    return first, time.perf_counter() - t0


def importtime(argv: list[str], top: int = 12) -> list[list[str]]:
    """The slowest imports (cumulative µs) from ``python -X importtime``."""
    cmd = [sys.executable, "-X", "importtime", "-m", "bot", *argv[argv.index("ask"):]]
    err = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(), cwd=ROOT).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.removeprefix("import time:").split("|")
            rows.append((int(cumulative), name.rstrip()))
    return [[name.replace(" ", "·"), f"{us / 1000:.0f}"] for us, name in sorted(rows, reverse=True)[:top]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--importtime", action="store_true", help="also list the slowest imports of ask")
    args = ap.parse_args()
    for argv in COMMANDS.values():  # warm the file cache; not counted
        first_output(argv)
    firsts: dict[str, list[float]] = {k: [] for k in COMMANDS}
    exits: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for i in range(args.runs):
        for name in (list(COMMANDS) if i % 2 == 0 else list(COMMANDS)[::-1]):
            f, e = first_output(COMMANDS[name])
            firsts[name].append(f)
            exits[name].append(e)
    rows = [[name, str(args.runs), f"{statistics.median(firsts[name]):.3f}", f"{min(firsts[name]):.3f}",
             f"{statistics.median(exits[name]):.3f}"] for name in COMMANDS]
    print(table(["command", "runs", "first answer median s", "min s", "exit median s"], rows))
    ours, base = (statistics.median(firsts[n]) for n in COMMANDS)
    print()
    verdict("cold start, selfhost-bot ask to first answer (median)", f"{ours:.3f} s", "≤ 1.0 s", ours <= 1.0)
    verdict("cold start, ask / python -c 'import slack_bolt'", f"{ours:.3f} / {base:.3f} s = {ours / base:.2f}×",
            "≤ 1.3×", ours / base <= 1.3)
    print(f"load average: {os.getloadavg()[0]:.2f} (nproc {os.cpu_count()})")
    if args.importtime:
        print()
        print(table(["import, nesting shown by · (python -X importtime, ask)", "cumulative ms"],
                    importtime(COMMANDS["selfhost-bot ask"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
