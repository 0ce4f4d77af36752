"""The held-out / calibration split for collected speed rows (issue #14), fixed before any prediction was seen.

    class = (family, engine, kind); within a class rows are ordered by
    (source, model, hardware, quant, kind, engine, gpus, workload, measured), workload = (context, depth, test).
    Positions 0, 2, 4 (mod 5) are held out, positions 1, 3 (mod 5) go to calibration.

tests/test_speed_data_files.py re-applies this to the se- rows of speed_holdout_v2.yaml + speed_calibration.yaml
and checks that every row sits on the side the rule puts it, so the split stays reproducible.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

HELD_POSITIONS = {0, 2, 4}  # mod 5


def class_key(r: dict[str, Any]) -> tuple[str, str, str]:
    return (str(r.get("family") or "-"), str(r.get("engine") or "-"), str(r["kind"]))


def order_key(r: dict[str, Any]) -> tuple[Any, ...]:
    workload = (float(r.get("context") or 0), int(r.get("depth") or 0), str(r.get("test") or ""))
    return (str(r["source"]), str(r["model"]), str(r.get("hardware") or ""), str(r["quant"]), str(r["kind"]),
            str(r.get("engine") or ""), int(r.get("gpus") or 1), workload, float(r["measured"]))


def split(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(held out, calibration) under the rule above; each side keeps the class-then-order sequence."""
    classes: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        classes[class_key(r)].append(r)
    held: list[dict[str, Any]] = []
    calib: list[dict[str, Any]] = []
    for key in sorted(classes):
        for i, r in enumerate(sorted(classes[key], key=order_key)):
            (held if i % 5 in HELD_POSITIONS else calib).append(r)
    return held, calib
