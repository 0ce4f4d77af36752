"""The measured rows the estimator is scored on, read into one shape.

Three files, all in tests/data (copied there with their sources; see each file's header):

- ``speed_calibration.yaml`` — the rows constants MAY be fitted on ("fitted"): copies of the shared
  measured-figures rows (mf-NNN) and 105 public rows collected for issue #14 (sd-NNN);
- ``speed_holdout.yaml`` and ``holdout_figures.yaml`` — held out ("held-out"): never tuned on; only their
  aggregate error is read;
- ``speed_holdout_v2.yaml`` — a second held-out set (se-NNN, mainly MoE decode/prefill, frozen 2026-12-03), read
  on its own (``holdout_v2_rows``) or merged with the first (``all_holdout_rows``);
- ``speed_holdout_v3.yaml`` — a third held-out set (sf-NNN, MoE decode/prefill/serving from sources new to the
  speed files, frozen 2026-12-03 before any prediction on it), read on its own (``holdout_v3_rows``); retired to
  tuning data later that day (``retired_rows``);
- ``speed_holdout_v4.yaml`` — a fourth held-out set (sv-NNN, 80 MoE and dense decode/prefill/serving rows from sources
  new to the speed files, frozen 2026-12-03 before any prediction on it), read on its own (``holdout_v4_rows``): the
  held-out set since v3 and the cpu set were retired;
- ``speed_holdout_v5.yaml`` — a fifth held-out set (sw-NNN, 84 MoE and dense decode/prefill/serving rows from sources
  new to every speed file, v4 included, frozen 2026-12-03 before any prediction on it), read on its own
  (``holdout_v5_rows``);
- ``speed_holdout_v6.yaml`` — a sixth held-out set (sx-NNN, 70 MoE and dense serving/decode/prefill rows from sources
  new to every speed file, v4 and v5 included, frozen 2026-12-03 before any prediction on it), read on its own
  (``holdout_v6_rows``);
- ``speed_holdout_cpu.yaml`` — a CPU-only held-out set (sg-NNN, llama.cpp's CPU backend on EPYC/Xeon/Ryzen, frozen
  2026-12-03 before any prediction on it), read on its own (``holdout_cpu_rows``); retired with v3.

A row keeps what the source says; the conversions a scorer needs (GiB → GB, a per-GPU figure → the replica's,
ShareGPT lengths, a missing context) are made here, once, and named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.backends import backend_from_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CALIBRATION = DATA / "speed_calibration.yaml"
SPEED_HOLDOUT = DATA / "speed_holdout.yaml"
HOLDOUT = DATA / "holdout_figures.yaml"
SPEED_HOLDOUT_V2 = DATA / "speed_holdout_v2.yaml"
SPEED_HOLDOUT_V3 = DATA / "speed_holdout_v3.yaml"
SPEED_HOLDOUT_V4 = DATA / "speed_holdout_v4.yaml"
SPEED_HOLDOUT_V5 = DATA / "speed_holdout_v5.yaml"
SPEED_HOLDOUT_V6 = DATA / "speed_holdout_v6.yaml"
SPEED_HOLDOUT_CPU = DATA / "speed_holdout_cpu.yaml"
GIB = 2**30
TG128_CONTEXT = 64  # llama-bench tg128 starts from an empty context: 64 tokens on average
UNKNOWN_DECODE_CONTEXT = 256  # the files' rule for decode rows whose lengths the source does not give
UNKNOWN_PROMPT = 512  # a prefill row without a prompt length: llama-bench's default pp512
# ShareGPT as `vllm bench serve --dataset-name sharegpt` samples it: 22,061 output tokens over 100 prompts in
# tests/data/bench_outputs/vllm_bench_serve_qwen3_8b_h100_c4.txt (23,260 input). Rows that give total_tps
# fix the input/output ratio themselves; this sets the scale.
SHAREGPT_OUTPUT_TOKENS = 221
SHAREGPT_INPUT_TOKENS = 233
LLAMA_BENCH_UBATCH = 512  # llama-bench's default n_ubatch: the prompt is evaluated 512 tokens at a time
# ggml-org/llama.cpp benches/dgx-spark.md ran llama-bench with -ub 2048 (its command line and the n_ubatch
# column of the block kept in tests/data/bench_outputs/llama_bench_gpt_oss_120b_dgx_spark.md). The NVIDIA forum thread
# on native MXFP4 (sd-118) posts the output of that same script (pp2048 / tg32 at d0, d4096 ... d32768), and the GB10
# project's AGENTS.md (sd-017) quotes its pp2048: 2,450 tok/s is more than a 512-token ubatch allows on a 273 GB/s
# GB10, which rereads gpt-oss-120b's 61 GB of experts in every pass (>= 300 GB/s needed).
# lhl/strix-halo-testing issue #33 ('STX vs DGX comparison', eugr, 2025-10-18) posts the same script's tests (pp2048 /
# tg32 at d0, d4096, d8192, d16384) on Strix Halo to set beside those DGX figures; its pp2048 (998 tok/s) is 1.4-1.6x
# what the same GPU gives at pp512 with n_ubatch 512 (kyuz0 625, Quozul 707), which four identical 512-token passes
# cannot give, so it ran -ub 2048 like the script.
UBATCH_BY_SOURCE = {"benches/dgx-spark.md": 2048, "llama-cpp-experimental-native-mxfp4-support-for-blackwell-pr": 2048,
                    "GB10 (DGX Spark) vLLM-MXFP4 optimisation project": 2048,
                    "lhl/strix-halo-testing/issues/33": 2048}
_UBATCH = re.compile(r"n_ubatch[ =]?(\d+)|\bub[ =](\d+)")
MAX_LOAD_PROMPTS = 256  # "request rate inf" with no prompt count: the engine's own batch limit decides
# metrics scored as the replica's output tokens/s (per-GPU figures are multiplied by the GPU count) or as summed
# decode-only tokens/s; the rest (a figure the source does not define) is not scorable
SCORED_METRICS = {None, "output_tps", "output_tps_per_gpu", "aggregate_decode_tps", "per_user_output_tps"}


@dataclass
class Row:
    """One measured figure (kind: size | bpw | nominal_bpw | decode | prefill | serving)."""

    kind: str
    model: str
    quant: str
    hardware: str | None
    measured: float
    source: str
    id: str = ""
    family: str | None = None  # dense | moe; None: take it from the catalog model
    gpus: int = 1
    engine: str = "llama.cpp"
    context: float = TG128_CONTEXT  # decode: average tokens in context; prefill: prompt tokens
    depth: int = 0  # prefill: tokens already in the cache before the prompt (llama-bench '@ dD')
    ubatch: int | None = LLAMA_BENCH_UBATCH  # prefill: tokens per pass (llama.cpp n_ubatch); None: the engine's
    input_tokens: int = 0
    output_tokens: int = 0
    concurrency: int | None = None
    kv_dtype: str = "f16"
    memory_gb: float | None = None  # a unified-memory configuration smaller than the catalog's largest
    metric: str | None = None  # serving: output_tps | output_tps_per_gpu | aggregate_decode_tps | ...
    speculative: str | None = None  # MTP / EAGLE: not a plain decode figure
    ep: int | None = None  # expert-parallel degree, as the source states it
    pp: int | None = None  # pipeline-parallel stages, as the source states it ('TP2,PP4')
    attention_dp: bool = False  # attention data parallel ('TP8 + DP attention', 'attention DP'), as the source says
    prompts: int | None = None  # serving: a finite run of this many requests sent at once (vllm bench serve)
    dataset: str | None = None  # serving: sharegpt (long-tailed output lengths) or None (fixed lengths)
    backend: str | None = None  # cuda | rocm | vulkan | metal | ... read from the row's free text; None: the default
    build: str | None = None  # llama.cpp/Ollama: the engine build ('b7938', '2025-07'); None: unknown, read as current

    @property
    def scorable_metric(self) -> bool:
        return self.metric in SCORED_METRICS and self.speculative is None

    @property
    def replica_measured(self) -> float:
        """The figure for the whole replica (a per-GPU serving figure times the GPUs)."""
        return self.measured * self.gpus if self.metric == "output_tps_per_gpu" else self.measured


def _size_gb(r: dict[str, Any]) -> float:
    return r["measured"] * (GIB / 1e9 if r.get("unit") == "GiB" else 1.0)


def _serving_lengths(r: dict[str, Any]) -> tuple[int, int]:
    """Input and output tokens per request; ShareGPT rows from their totals or the dataset's means."""
    if r.get("input_tokens") and r.get("output_tokens"):
        return int(r["input_tokens"]), int(r["output_tokens"])
    n = r.get("num_prompts")
    if r.get("total_input_tokens") and r.get("total_output_tokens") and n:
        return round(r["total_input_tokens"] / n), round(r["total_output_tokens"] / n)
    if r.get("total_tps") and r.get("metric") == "output_tps":
        ratio = r["total_tps"] / r["measured"] - 1.0  # input tokens per output token
        return max(round(SHAREGPT_OUTPUT_TOKENS * ratio), 1), SHAREGPT_OUTPUT_TOKENS
    return SHAREGPT_INPUT_TOKENS, SHAREGPT_OUTPUT_TOKENS


def _ubatch(r: dict[str, Any]) -> int | None:
    """Tokens per prompt pass: stated in the test name, known for a llama-bench source, else llama-bench's default
    on llama.cpp and Ollama (num_batch 512); None for other engines: their own default (vLLM's
    max_num_batched_tokens, mlx-lm's prefill step), which a lone prompt shorter than it fills in one pass."""
    match = _UBATCH.search(str(r.get("test") or ""))
    if match:
        return int(match.group(1) or match.group(2))
    engine = r.get("engine") or "llama.cpp"
    found = [ub for key, ub in UBATCH_BY_SOURCE.items() if engine == "llama.cpp" and key in r["source"]]
    if found:
        return found[0]
    return LLAMA_BENCH_UBATCH if engine in ("llama.cpp", "ollama") else None


_ATTENTION_DP = re.compile(r"\b(?:dp[- ]attention|attention[- ]dp)\b", re.IGNORECASE)
_BUILD_NUMBER = re.compile(r"^~?b(\d{3,6})\b")
_YEAR_MONTH = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)\b")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_SOURCE_BUILDS = re.compile(r"\b(mid|" + "|".join(_MONTHS) + r")[- ](\d{4})\b[^,;)]*?builds", re.IGNORECASE)


def row_build(r: dict[str, Any]) -> str | None:
    """A llama.cpp-family row's engine build, as ``builds.parse_build`` reads it: the build number its
    engine_version gives ('b7938 (e0c93af2a)', '~b5863'), else the date it gives ('2025-07 (...)'), else the
    month its source says the builds are from ('July 2025 builds'; 'mid-2025 builds' read as July); None when it
    gives none (a bare commit hash, 'undated'): read as the current build."""
    if (r.get("engine") or "llama.cpp") not in ("llama.cpp", "ollama"):
        return None
    version = str(r.get("engine_version") or "").strip()
    number = _BUILD_NUMBER.match(version)
    if number:
        return f"b{number.group(1)}"
    date = _YEAR_MONTH.match(str(r.get("date") or "").strip())
    if date:
        return date.group(1)
    said = _SOURCE_BUILDS.search(str(r.get("source") or ""))
    if said:
        month = 7 if said.group(1).lower() == "mid" else _MONTHS.index(said.group(1).lower()) + 1
        return f"{said.group(2)}-{month:02d}"
    return None


def speed_row(r: dict[str, Any]) -> Row:
    """One row of speed_calibration.yaml / speed_holdout.yaml in the common shape."""
    kind = r["kind"]
    common = dict(id=r["id"], family=r.get("family"), source=r["source"], quant=r["quant"])
    if kind in ("size", "bpw", "nominal_bpw"):
        model = "Llama 2 7B" if "legacy" in r["model"] else r["model"]
        measured = _size_gb(r) if kind == "size" else r["measured"]
        return Row(kind, model, hardware=None, measured=measured, **common)
    row = Row(
        kind, r["model"], hardware=r.get("hardware"), measured=r["measured"], **common,
        gpus=int(r.get("gpus") or 1), engine=r.get("engine") or "llama.cpp", kv_dtype=r.get("kv_dtype") or "f16",
        memory_gb=r.get("memory_gb"), metric=r.get("metric"), speculative=r.get("speculative"), ep=r.get("ep"),
        pp=r.get("pp"),
        attention_dp=bool(_ATTENTION_DP.search(str(r.get("parallel") or ""))),
        backend=backend_from_text(r.get("backend")), build=row_build(r),
    )
    if kind == "decode":
        row.context = float(r.get("context") or UNKNOWN_DECODE_CONTEXT)
    elif kind == "prefill":
        row.context = float(r.get("context") or UNKNOWN_PROMPT)
        row.depth = int(r.get("depth") or 0)
        row.ubatch = _ubatch(r)
    else:
        row.input_tokens, row.output_tokens = _serving_lengths(r)
        row.concurrency = int(r["concurrency"]) if r.get("concurrency") else None
        row.prompts = int(r["num_prompts"]) if r.get("num_prompts") else None
        row.dataset = r.get("dataset") or (None if r.get("input_tokens") else "sharegpt")
    return row


def read_speed(path: Path) -> list[Row]:
    return [speed_row(r) for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]]


def read_holdout_figures(path: Path = HOLDOUT) -> list[Row]:
    """The older held-out file (bench/accuracy.py's original shape; sizes already in decimal GB)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for i, r in enumerate(raw["rows"]):
        row = Row(**{k: v for k, v in r.items() if k != "note"})
        row.id = f"hf-{i + 1:03d}"
        out.append(row)
    return out


def fitted_rows(path: Path = CALIBRATION) -> list[Row]:
    """The rows constants may be fitted on."""
    return read_speed(path)


def holdout_rows() -> list[Row]:
    """The first held-out set: speed_holdout.yaml and holdout_figures.yaml (never tuned on)."""
    return read_speed(SPEED_HOLDOUT) + read_holdout_figures()


def holdout_v2_rows() -> list[Row]:
    """The second held-out set: speed_holdout_v2.yaml (never tuned on)."""
    return read_speed(SPEED_HOLDOUT_V2)


def holdout_v3_rows() -> list[Row]:
    """The third held-out set: speed_holdout_v3.yaml (never tuned on; scored only in aggregate)."""
    return read_speed(SPEED_HOLDOUT_V3)


def holdout_v4_rows() -> list[Row]:
    """The fourth held-out set: speed_holdout_v4.yaml (never tuned on; scored only in aggregate)."""
    return read_speed(SPEED_HOLDOUT_V4)


def holdout_v5_rows() -> list[Row]:
    """The fifth held-out set: speed_holdout_v5.yaml (never tuned on; scored only in aggregate)."""
    return read_speed(SPEED_HOLDOUT_V5)


def holdout_v6_rows() -> list[Row]:
    """The sixth held-out set: speed_holdout_v6.yaml (never tuned on; scored only in aggregate)."""
    return read_speed(SPEED_HOLDOUT_V6)


def holdout_cpu_rows() -> list[Row]:
    """The CPU-only held-out set: speed_holdout_cpu.yaml (never tuned on; scored only in aggregate)."""
    return read_speed(SPEED_HOLDOUT_CPU)


def retired_rows() -> list[Row]:
    """Every retired held-out set merged (v1, v2, v3, cpu): tuning data now, scored to show nothing regressed."""
    return all_holdout_rows() + holdout_v3_rows() + holdout_cpu_rows()


def all_holdout_rows() -> list[Row]:
    """The v1 and v2 held-out sets merged (v3, v4 and v5 are scored on their own for now)."""
    return holdout_rows() + holdout_v2_rows()
