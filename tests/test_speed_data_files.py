"""Schema checks for the frozen speed-measurement files (issue #14); not a check of the engine's accuracy.

tests/data/speed_calibration.yaml (rows the speed model may be fitted on), tests/data/speed_holdout.yaml,
tests/data/speed_holdout_v2.yaml, speed_holdout_v3.yaml, speed_holdout_v4.yaml, speed_holdout_v5.yaml and
speed_holdout_v6.yaml (rows it must never be tuned on)
share one row schema, documented at the top of each file. These tests keep the files loadable by one strict reader:
known keys only, required keys present, positive numbers, sources and dates on every row, ids unique across the files,
no collected measurement twice, and the split property the headers promise (v3 to v6 have no calibration side).
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))  # bench/ holds plain scripts, not a package
from speed_split import split

DATA = Path(__file__).resolve().parent / "data"
CALIBRATION = DATA / "speed_calibration.yaml"
HOLDOUT = DATA / "speed_holdout.yaml"
HOLDOUT_V2 = DATA / "speed_holdout_v2.yaml"
HOLDOUT_V3 = DATA / "speed_holdout_v3.yaml"
HOLDOUT_V4 = DATA / "speed_holdout_v4.yaml"
HOLDOUT_V5 = DATA / "speed_holdout_v5.yaml"
HOLDOUT_V6 = DATA / "speed_holdout_v6.yaml"
HOLDOUT_CPU = DATA / "speed_holdout_cpu.yaml"
BENCH_OUTPUTS = DATA / "bench_outputs"

REQUIRED = {"id", "kind", "family", "model", "quant", "measured", "unit", "date", "source"}
OPTIONAL = {
    "engine", "backend", "engine_version", "hardware", "gpus", "tp", "ep", "pp", "parallel", "concurrency",
    "context", "depth", "test", "input_tokens", "output_tokens", "dataset", "num_prompts", "total_input_tokens",
    "total_output_tokens", "request_rate", "kv_dtype", "memory_gb", "speculative", "metric", "tpot_ms", "itl_ms",
    "ttft_ms", "total_tps", "origin", "note",
}
POSITIVE = {
    "gpus", "tp", "ep", "pp", "concurrency", "context", "depth", "input_tokens", "output_tokens", "num_prompts",
    "total_input_tokens", "total_output_tokens", "request_rate", "memory_gb", "tpot_ms", "itl_ms", "ttft_ms",
    "total_tps",
}
INTEGER = {"gpus", "tp", "ep", "pp", "concurrency", "input_tokens", "output_tokens", "num_prompts"}
KINDS = {"decode", "prefill", "serving", "size", "bpw", "nominal_bpw"}
RUN_KINDS = {"decode", "prefill", "serving"}
FAMILIES = {"dense", "moe"}
ENGINES = {"llama.cpp", "ollama", "mlx", "vllm", "sglang", "tensorrt-llm"}
SERVING_METRICS = {
    "output_tps", "output_tps_per_gpu", "aggregate_decode_tps", "tokens_per_forward_tps",
    "throughput_tps_unspecified",
}
DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?\b|undated: \S)")
ID = re.compile(r"^(sd|se|sf|sg|sh|sv|sw|sx|mf)-\d{3}$")
# collected for issue #14 (not mf- copies of measured-figures.yaml)
COLLECTED = ("sd-", "se-", "sf-", "sg-", "sh-", "sv-", "sw-", "sx-")


def _load(path: Path) -> list[dict[str, Any]]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]
    assert isinstance(rows, list) and rows, f"{path.name}: no rows"
    return rows


@pytest.fixture(scope="module")
def files() -> dict[str, list[dict[str, Any]]]:
    return {
        "calibration": _load(CALIBRATION), "holdout": _load(HOLDOUT), "holdout_v2": _load(HOLDOUT_V2),
        "holdout_v3": _load(HOLDOUT_V3), "holdout_v4": _load(HOLDOUT_V4), "holdout_v5": _load(HOLDOUT_V5),
        "holdout_v6": _load(HOLDOUT_V6), "holdout_cpu": _load(HOLDOUT_CPU),
    }


def _all_rows(files: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, row) for name, rows in files.items() for row in rows]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _row_problems(row: dict[str, Any]) -> list[str]:
    problems = [f"missing {key}" for key in sorted(REQUIRED - row.keys())]
    problems += [f"unknown key {key}" for key in sorted(row.keys() - REQUIRED - OPTIONAL)]
    if not (_is_number(row.get("measured")) and row["measured"] > 0):
        problems.append(f"measured {row.get('measured')!r} is not a positive number")
    for key in POSITIVE & row.keys():
        if not (_is_number(row[key]) and row[key] > 0):
            problems.append(f"{key} {row[key]!r} is not a positive number")
    integers = INTEGER & row.keys()
    problems += [f"{key} {row[key]!r} is not an integer" for key in integers if not isinstance(row[key], int)]
    for key in ("source", "date", "model", "quant", "unit"):
        if not (isinstance(row.get(key), str) and row[key].strip()):
            problems.append(f"{key} is empty or not text")
    return problems


def _kind_problems(row: dict[str, Any]) -> list[str]:
    problems = []
    if row.get("kind") not in KINDS:
        problems.append(f"kind {row.get('kind')!r}")
    if row.get("family") not in FAMILIES:
        problems.append(f"family {row.get('family')!r}")
    if not DATE.match(str(row.get("date", ""))):
        problems.append(f"date {row.get('date')!r} is neither YYYY[-MM[-DD]]... nor 'undated: why'")
    if len(str(row.get("source", ""))) < 20:
        problems.append("source too short to locate the figure")
    if row.get("kind") in RUN_KINDS:
        if row.get("engine") not in ENGINES:
            problems.append(f"engine {row.get('engine')!r}")
        if not row.get("hardware") or "gpus" not in row:
            problems.append("a measured run needs hardware and gpus")
    return problems


def _serving_problems(row: dict[str, Any]) -> list[str]:
    if row.get("kind") != "serving":
        return []
    metric = row.get("metric")
    if metric not in SERVING_METRICS:
        return [f"serving metric {metric!r}"]
    has_lengths = "input_tokens" in row and "output_tokens" in row
    if metric in {"output_tps", "output_tps_per_gpu"} and not (has_lengths or "dataset" in row):
        return ["an output-throughput row needs input/output lengths or a dataset"]
    if metric in {"aggregate_decode_tps", "tokens_per_forward_tps"} and "concurrency" not in row:
        return [f"{metric} needs the concurrency it was measured at"]
    return []


def test_every_row_follows_the_schema(files):
    bad = {}
    for name, row in _all_rows(files):
        problems = _row_problems(row) + _kind_problems(row) + _serving_problems(row)
        if problems:
            bad[f"{name}:{row.get('id')}"] = problems
    assert not bad, bad


def test_ids_are_unique_across_the_files(files):
    ids = [row["id"] for _, row in _all_rows(files)]
    assert all(ID.match(i) for i in ids), [i for i in ids if not ID.match(i)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, duplicates


def test_measured_figures_copies_are_calibration_only(files):
    held = ("holdout", "holdout_v2", "holdout_v3", "holdout_v4", "holdout_v5", "holdout_v6", "holdout_cpu")
    assert not [row["id"] for name in held for row in files[name] if row["id"].startswith("mf-")]
    copies = [row for row in files["calibration"] if row["id"].startswith("mf-")]
    assert copies and all(row.get("origin", "").startswith("shared/reference/measured-figures.yaml") for row in copies)


def _fingerprint(row: dict[str, Any]) -> tuple:
    keys = ("kind", "model", "quant", "engine", "backend", "test", "hardware", "gpus", "context", "depth",
            "input_tokens", "output_tokens", "concurrency", "metric", "measured")  # backend: Vulkan and ROCm can tie
    return tuple(row.get(key) for key in keys)


def test_no_collected_measurement_appears_twice(files):
    """A collected (sd-/se-/sf-/sg-/sh-/sv-/sw-/sx-) row never repeats another row; mf- copies mirror
    measured-figures.yaml as it is."""
    seen: dict[tuple, str] = {}
    repeats = []
    for name, row in _all_rows(files):
        fingerprint = _fingerprint(row)
        where = f"{name}:{row['id']}"
        if fingerprint in seen and any(prefix in seen[fingerprint] + where for prefix in COLLECTED):
            repeats.append((seen[fingerprint], where))
        seen.setdefault(fingerprint, where)
    assert not repeats, repeats


@pytest.mark.parametrize(("prefix", "held"), [("sd-", "holdout"), ("se-", "holdout_v2"), ("sg-", "holdout_cpu")])
def test_every_class_with_two_rows_is_on_both_sides(files, prefix, held):
    sides: dict[tuple, set[str]] = defaultdict(set)
    counts: dict[tuple, int] = defaultdict(int)
    for name, row in _all_rows(files):
        if row["id"].startswith(prefix):
            assert name in {"calibration", held}, (name, row["id"])
            key = (row["family"], row.get("engine", "-"), row["kind"])
            sides[key].add(name)
            counts[key] += 1
    one_sided = {key: sides[key] for key, n in counts.items() if n >= 2 and len(sides[key]) < 2}
    assert not one_sided, one_sided


@pytest.mark.parametrize("path", [HOLDOUT, HOLDOUT_V2, HOLDOUT_V3, HOLDOUT_V4, HOLDOUT_V5, HOLDOUT_V6,
                                  HOLDOUT_CPU],
                         ids=lambda p: p.name)
def test_holdout_header_forbids_tuning_and_is_dated(path):
    header = path.read_text(encoding="utf-8").split("\nrows:\n")[0]
    assert "NEVER tune" in header
    assert re.search(r"[Ff]rozen \d{4}-\d{2}-\d{2}", header)
    assert "Split rule" in header


# no calibration side
FRESH_SETS = [("holdout_v3", "sf-"), ("holdout_v4", "sv-"), ("holdout_v5", "sw-"), ("holdout_v6", "sx-")]
MIN_FRESH_ROWS = {"holdout_v6": 70}  # v6's brief: land with at least 70 rows; the earlier sets have at least 80


@pytest.mark.parametrize(("held", "prefix"), FRESH_SETS)
def test_fresh_set_rows_are_all_held_out_and_only_there(files, held, prefix):
    """speed_holdout_v3.yaml (sf-), speed_holdout_v4.yaml (sv-), speed_holdout_v5.yaml (sw-) and speed_holdout_v6.yaml
    (sx-) have no calibration side: every row with the set's prefix is in it, numbered from 1 without gaps, and it
    holds nothing else."""
    placed = {name: [row["id"] for row in rows if row["id"].startswith(prefix)] for name, rows in files.items()}
    assert [i for name, ids in placed.items() if name != held for i in ids] == []
    assert len(placed[held]) == len(files[held]) >= MIN_FRESH_ROWS.get(held, 80)
    assert sorted(placed[held]) == [f"{prefix}{n:03d}" for n in range(1, len(files[held]) + 1)]


def _origin(row: dict[str, Any]) -> str:
    first = str(row["source"]).split()[0]
    return "/".join(first.split("/")[3:5]) if first.startswith("https://github.com/") else first


def _source_key(row: dict[str, Any]) -> str:
    """The source a row was read from: its repository + path or URL, without the stored commit and the section."""
    text = re.sub(r"\(commit [0-9a-f]{7,40}\)", "", str(row["source"]))
    return text.split(",")[0].split(" (")[0].strip()


@pytest.mark.parametrize(("held", "prefix"), FRESH_SETS)
def test_fresh_set_sources_are_new_and_varied(files, held, prefix):
    """A fresh set's rows come from sources the other speed files never used, and no repository gives more than a
    quarter of its rows."""
    rows = files[held]
    older = {str(row["source"]) for name, other in files.items() if name != held for row in other}
    assert not {str(row["source"]) for row in rows} & older
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[_origin(row)] += 1
    assert max(counts.values()) <= len(rows) / 4, dict(counts)


@pytest.mark.parametrize("held", ["holdout_v4", "holdout_v5", "holdout_v6"])
def test_fresh_set_sources_are_new_even_by_path(files, held):
    """Stricter for v4, v5 and v6 (their briefs): no row of the set cites a file, issue, PR or page any other speed file
    cites, whatever the commit or section (v3 reused repositories but not paths; v4, v5 and v6 check the path
    itself)."""
    fresh = {_source_key(row) for row in files[held]}
    older = {_source_key(row) for name, rows in files.items() if name != held for row in rows}
    assert len(fresh) >= 10
    assert not fresh & older, fresh & older


def test_v5_has_no_device_over_fifteen_rows(files):
    """v5's brief: at most 15 rows on any one device (v4 was 42 of 80 rows on one device)."""
    counts: dict[str, int] = defaultdict(int)
    for row in files["holdout_v5"]:
        counts[str(row["hardware"])] += 1
    assert max(counts.values()) <= 15, dict(counts)


def test_v6_has_no_device_over_twelve_rows_and_no_origin_over_a_fifth(files):
    """v6's brief: at most 12 rows on any one device and no source (repository or page) over 20% of the rows."""
    rows = files["holdout_v6"]
    devices: dict[str, int] = defaultdict(int)
    origins: dict[str, int] = defaultdict(int)
    for row in rows:
        devices[str(row["hardware"])] += 1
        origins[_origin(row)] += 1
    assert max(devices.values()) <= 12, dict(devices)
    assert max(origins.values()) <= len(rows) / 5, dict(origins)


def test_the_v2_split_is_reproduced_by_the_rule(files):
    """bench/speed_split.py re-applied to every se- row puts each on the side its file says."""
    collected = [row for name in ("calibration", "holdout_v2") for row in files[name] if row["id"].startswith("se-")]
    held, calib = split(collected)
    assert sorted(r["id"] for r in held) == sorted(r["id"] for r in files["holdout_v2"])
    assert sorted(r["id"] for r in calib) == sorted(r["id"] for r in files["calibration"] if r["id"].startswith("se-"))


CPU_BATCHES = ((1, 15), (16, 27))  # sg- ids of each collection batch; each batch was split on its own when collected


def test_the_cpu_split_is_reproduced_by_the_rule(files):
    """bench/speed_split.py re-applied to each batch of sg- rows puts every row on the side its file says (a batch is
    split alone, before any prediction on it, so later batches never move earlier rows); the held-out file holds only
    sg- rows, every one of them on llama.cpp's CPU backend on a catalog CPU, and every sg- row is in some batch."""
    collected = [row for name in ("calibration", "holdout_cpu") for row in files[name] if row["id"].startswith("sg-")]
    number = {row["id"]: int(row["id"][3:]) for row in collected}
    assert all(any(lo <= n <= hi for lo, hi in CPU_BATCHES) for n in number.values())
    held_ids: list[str] = []
    calib_ids: list[str] = []
    for lo, hi in CPU_BATCHES:
        held, calib = split([row for row in collected if lo <= number[row["id"]] <= hi])
        held_ids += [r["id"] for r in held]
        calib_ids += [r["id"] for r in calib]
    assert sorted(held_ids) == sorted(r["id"] for r in files["holdout_cpu"])
    assert sorted(calib_ids) == sorted(r["id"] for r in files["calibration"] if r["id"].startswith("sg-"))
    assert all(r["engine"] == "llama.cpp" and r["backend"] == "CPU" for r in collected)


def test_every_captured_bench_output_is_named_in_sources():
    sources = (BENCH_OUTPUTS / "SOURCES.md").read_text(encoding="utf-8")
    outputs = sorted(p.name for p in BENCH_OUTPUTS.iterdir() if p.name != "SOURCES.md")
    assert len(outputs) >= 3
    assert [name for name in outputs if f"`{name}`" not in sources] == []
