"""Dedicated fuzz run of the free-text parser: ≥ 100k generated messages, no exception, bounded numbers.

    python bench/fuzz_parse.py [N]      # default 100_000 inputs per strategy family

Uses the same Hypothesis strategies and checks as tests/test_parse_fuzz.py (CI runs a few hundred).
Prints a table: strategy, inputs run, seconds, inputs/s, failures (a failure stops the run with Hypothesis'
shrunk example). The third family (inputs up to 6,000 characters) runs N/10 inputs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_parse_fuzz import MESSAGES, check


def run(name: str, strategy: st.SearchStrategy[str], n: int) -> tuple[str, int, float]:
    count = 0

    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def body(text: str) -> None:
        nonlocal count
        count += 1
        check(text)

    start = time.perf_counter()
    body()
    return name, count, time.perf_counter() - start


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    families = {
        "arbitrary unicode text": st.text(max_size=400),
        "message-like (parser words + numbers)": MESSAGES,
        "long inputs (up to 6,000 chars)": st.text(alphabet="0123456789,.kMB tokens/day$%", max_size=6000),
    }
    print(f"{'strategy':42} {'inputs':>9} {'seconds':>9} {'inputs/s':>9} failures", flush=True)
    rows = []
    for i, (name, strategy) in enumerate(families.items()):
        name, count, secs = run(name, strategy, n if i < 2 else max(1, n // 10))
        rows.append((name, count, secs))
        print(f"{name:42} {count:>9,} {secs:>9.1f} {count / secs:>9,.0f} 0", flush=True)
    total = sum(r[1] for r in rows)
    print(f"{'total':42} {total:>9,} {sum(r[2] for r in rows):>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
