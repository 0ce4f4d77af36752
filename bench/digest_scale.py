"""Compose weekly digests for many profiles and time it (goal: 10,000 in ≤ 5 s on one core).

    python bench/digest_scale.py [--sizes 1000 10000] [--seed 1]

Profiles are generated the way teams fill them in: volumes typed with one or two significant figures
("60M", "1.5B"), a capability, skills, sensitivity, connectivity, sometimes an API named; observed usage
for a third of them. One Knowledge object is reused, so the engine runs once per distinct configuration
(memoised on it); the table shows how many there were, the cold week (first digests), the warm week
(same configurations, compared with the last digest, same process), the same week in a fresh process
(a CronJob: figures of unchanged profiles are reused from the last digest's record by fingerprint) and
the cost per distinct engine evaluation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.knowledge import load  # noqa: E402
from bot.core.profile import build_profile  # noqa: E402
from bot.digest.compose import ProfileInput, compose  # noqa: E402
from bot.render.digest import digest_message  # noqa: E402

NOW = dt.datetime(2025, 9, 15, 9, 0, tzinfo=dt.UTC)
MANTISSAS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8]
APIS = [None, None, None, None, "gpt-4o-mini", "claude-sonnet-4"]


def profiles(n: int, rng: random.Random) -> list[ProfileInput]:
    out = []
    for i in range(n):
        volume = rng.choice(MANTISSAS) * 10 ** rng.choice([6, 7, 8, 9])
        facts = {
            "tokens_per_day": volume,
            "capability": rng.choice(["small", "mid", "mid", "frontier"]),
            "infra_skills": rng.choice(["none", "basic", "mlops"]),
            "data_sensitivity": rng.choice(["public", "internal", "confidential", "restricted"]),
            "connectivity": rng.choice(["online"] * 8 + ["intermittent", "offline"]),
        }
        api = rng.choice(APIS)
        if api:
            facts["api_model"] = api
        usage = []
        if rng.random() < 0.33:
            observed = volume * rng.choice([0.5, 0.8, 1.0, 1.25, 2.0])
            usage = [(NOW.date() - dt.timedelta(days=d), observed) for d in range(7)]
        updated = NOW - dt.timedelta(days=rng.randrange(120))
        out.append(ProfileInput(f"team-{i}", build_profile(facts), updated, usage))
    return out


def week(k, items: list[ProfileInput], now: dt.datetime) -> tuple[float, list]:
    t = time.perf_counter()
    digests = []
    for i, p in enumerate(items):
        d = compose(k, f"C{i:06d}", "2025-W38", [p], now)
        digest_message(d)
        digests.append(d)
    return time.perf_counter() - t, digests


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"{'profiles':>9} {'configs':>8} {'cold s':>8} {'warm s':>8} {'cron s':>8} {'ms/config':>10} "
          f"{'µs/profile warm':>16}")
    for n in args.sizes:
        k = load()  # a fresh Knowledge per size: nothing memoised from the previous row
        items = profiles(n, random.Random(args.seed))
        cold, digests = week(k, items, NOW)
        configs = sum(1 for key in k.memo if isinstance(key, tuple) and key[0] == "digest.evaluate")
        later = [ProfileInput(p.name, p.profile, p.updated_at, [(day + dt.timedelta(days=7), t) for day, t in p.usage],
                              d.profiles[0].record())
                 for p, d in zip(items, digests, strict=True)]
        warm, digests2 = week(k, later, NOW + dt.timedelta(days=7))
        unchanged = sum(not d.changed for d in digests2)
        cron, _ = week(load(), later, NOW + dt.timedelta(days=7))  # week 2 in a fresh process (CronJob)
        print(f"{n:>9} {configs:>8} {cold:>8.2f} {warm:>8.2f} {cron:>8.2f} {cold / max(configs, 1) * 1000:>10.1f} "
              f"{warm / n * 1e6:>16.0f}   ({unchanged} unchanged in week 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
