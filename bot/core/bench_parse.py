"""Read a team's own benchmark output: llama-bench (markdown or JSON), llama-batched-bench, ``vllm bench serve``
and SGLang ``bench_serving`` result blocks. Pure: text in, a ``BenchReport`` out, or ``BenchParseError`` with one
sentence saying what was expected.

Each measured figure becomes a ``Measured``: decode (one stream, tokens/s at an average context), prefill (prompt
tokens/s at a depth) or serving (a run's output tokens/s at a concurrency). Rows a measurement cannot use
(llama-bench's combined pp+tg tests, llama-batched-bench rows with several sequences) are counted, not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["decode", "prefill", "serving"]
Tool = Literal["llama-bench", "llama-batched-bench", "vllm bench serve", "sglang bench_serving"]
MAX_TEXT = 200_000  # a pasted block; anything longer is not one benchmark's output


class BenchParseError(ValueError):
    """The text is not benchmark output this reader knows; the message says what it expected."""


@dataclass(frozen=True)
class Measured:
    kind: Kind
    tokens_per_s: float
    tokens: int = 0  # decode: tokens generated; prefill: prompt tokens; serving: mean output tokens per request
    depth: int = 0  # tokens already in the cache (llama-bench '@ dN', batched-bench PP)
    input_tokens: int = 0  # serving: mean prompt tokens per request
    concurrency: int = 1  # serving: requests in flight at most
    requests: int = 0  # serving: requests in the run
    ubatch: int | None = None  # prefill: tokens per forward pass when the output says
    label: str = ""  # the row as the tool names it ("pp2048 @ d4096", "c4", ...)

    @property
    def context(self) -> float:
        """Decode: average tokens in the cache while generating; prefill: average tokens attended."""
        return self.depth + self.tokens / 2.0


@dataclass(frozen=True)
class BenchReport:
    tool: Tool
    rows: tuple[Measured, ...]
    model_label: str | None = None  # llama-bench's model column / model_type ("gpt-oss 120B MXFP4 MoE")
    params_b: float | None = None  # billions of parameters as the tool printed them
    device_label: str | None = None  # llama-bench JSON gpu_info
    build: str | None = None
    backend_label: str | None = None  # llama-bench's backend column / "backends" ("CUDA", "ROCm", "Vulkan")
    measured_on: dt.date | None = None
    skipped: int = 0  # rows read but not usable (see the module docstring)
    notes: tuple[str, ...] = field(default_factory=tuple)


def parse_bench(text: str) -> BenchReport:
    """Whichever of the four formats ``text`` is; BenchParseError (one sentence) when it is none of them."""
    if not isinstance(text, str) or not text.strip():
        raise BenchParseError("The benchmark output is empty; paste a llama-bench table or JSON, a "
                              "llama-batched-bench table, or a vllm bench serve / SGLang bench_serving result block.")
    if len(text) > MAX_TEXT:
        raise BenchParseError(f"The benchmark output is {len(text):,} characters; one result block or table is "
                              f"far shorter (at most {MAX_TEXT:,}).")
    stripped = text.strip()
    if stripped[:1] in "[{":
        return _llama_bench_json(stripped)
    if "Serving Benchmark Result" in text:
        return _serving_block(text)
    if re.search(r"\|\s*S_TG t/s\s*\|", text):
        return _batched_bench(text)
    if re.search(r"\|\s*test\s*\|", text) and "t/s" in text:
        return _llama_bench_markdown(text)
    raise BenchParseError("This is not benchmark output this command reads: expected a llama-bench table or "
                          "JSON, a llama-batched-bench table, or a vllm bench serve / SGLang bench_serving "
                          "result block ('============ Serving Benchmark Result ============').")


# --- llama-bench ----------------------------------------------------------------------------------

_TEST = re.compile(r"^(pp|tg)(\d+)(?:\s*@\s*d(\d+))?$")


def _test_row(test: str, tps: float, ubatch: int | None) -> Measured | None:
    m = _TEST.match(test.strip())
    if not m:
        return None
    kind: Kind = "prefill" if m.group(1) == "pp" else "decode"
    return Measured(kind, tps, tokens=int(m.group(2)), depth=int(m.group(3) or 0),
                    ubatch=ubatch if kind == "prefill" else None, label=test.strip())


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(text: str, must: str) -> tuple[list[str], list[list[str]]]:
    """The first markdown table whose header has a ``must`` cell: its header and data rows."""
    lines = [ln for ln in text.splitlines() if ln.strip().startswith("|")]
    for i, line in enumerate(lines):
        header = _cells(line)
        if must in header:
            rows = [_cells(ln) for ln in lines[i + 1:] if not set(ln.strip()) <= set("|-: ")]
            return header, [r for r in rows if len(r) == len(header)]
    raise BenchParseError(f"Found no table with a {must!r} column.")


def _number(text: str) -> float:
    match = re.match(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1).replace(",", ""))


def _llama_bench_markdown(text: str) -> BenchReport:
    header, rows = _table(text, "test")
    col = {name: i for i, name in enumerate(header)}
    if "t/s" not in col:
        raise BenchParseError("The llama-bench table has no 't/s' column.")
    kept, skipped = [], 0
    for r in rows:
        try:
            tps = _number(r[col["t/s"]])
        except ValueError:
            skipped += 1
            continue
        ub = int(_number(r[col["n_ubatch"]])) if "n_ubatch" in col else None
        row = _test_row(r[col["test"]], tps, ub)
        if row is None:
            skipped += 1
        else:
            kept.append(row)
    if not kept:
        raise BenchParseError("The llama-bench table has no ppN or tgN rows with a number in 't/s'.")
    first = rows[0]
    build = re.search(r"build:\s*([0-9a-f]+)\s*\((\d+)\)", text)
    return BenchReport(
        "llama-bench", tuple(kept), model_label=first[col["model"]] if "model" in col else None,
        params_b=_params(first[col["params"]]) if "params" in col else None,
        build=f"{build.group(1)} ({build.group(2)})" if build else None, skipped=skipped,
        backend_label=_str(first[col["backend"]]) if "backend" in col else None,
    )


def _params(text: str) -> float | None:
    m = re.match(r"^\s*([0-9.]+)\s*([BM])\s*$", text)
    if not m:
        return None
    return float(m.group(1)) / (1000.0 if m.group(2) == "M" else 1.0)


def _llama_bench_json(text: str) -> BenchReport:
    items = _json_items(text)
    kept, skipped = [], 0
    for item in items:
        n_prompt, n_gen = int(item.get("n_prompt") or 0), int(item.get("n_gen") or 0)
        tps = item.get("avg_ts")
        if not isinstance(tps, int | float) or tps <= 0 or (n_prompt and n_gen) or not (n_prompt or n_gen):
            skipped += 1
            continue
        kind: Kind = "prefill" if n_prompt else "decode"
        depth = int(item.get("n_depth") or 0)
        label = f"{'pp' if n_prompt else 'tg'}{n_prompt or n_gen}" + (f" @ d{depth}" if depth else "")
        ub = item.get("n_ubatch") if kind == "prefill" else None
        kept.append(Measured(kind, float(tps), tokens=n_prompt or n_gen, depth=depth,
                             ubatch=int(ub) if isinstance(ub, int) else None, label=label))
    if not kept:
        raise BenchParseError("The llama-bench JSON has no pp or tg results with an 'avg_ts'.")
    first = items[0]
    return BenchReport(
        "llama-bench", tuple(kept), model_label=_str(first.get("model_type")),
        params_b=first["model_n_params"] / 1e9 if isinstance(first.get("model_n_params"), int | float) else None,
        device_label=_str(first.get("gpu_info")), build=_build(first), measured_on=_date(first.get("test_time")),
        skipped=skipped, backend_label=_str(first.get("backends") or first.get("backend")),
    )


def _json_items(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:  # llama-bench -o jsonl: one object per line
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise BenchParseError("This looks like JSON but does not parse; paste llama-bench's "
                                  "'-o json' output as printed.") from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) and "avg_ts" in i for i in items):
        raise BenchParseError("This JSON is not llama-bench output: its results carry 'avg_ts', "
                              "'n_prompt' and 'n_gen'.")
    return items


def _str(value: Any) -> str | None:
    return value.strip()[:120] if isinstance(value, str) and value.strip() else None


def _build(item: dict[str, Any]) -> str | None:
    commit, number = _str(item.get("build_commit")), item.get("build_number")
    return f"{commit} ({number})" if commit and isinstance(number, int) else commit


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- llama-batched-bench ------------------------------------------------------------------------------


def _batched_bench(text: str) -> BenchReport:
    header, rows = _table(text, "S_TG t/s")
    col = {name: i for i, name in enumerate(header)}
    needed = ("PP", "TG", "B", "S_PP t/s", "S_TG t/s")
    if any(n not in col for n in needed):
        raise BenchParseError("The llama-batched-bench table needs the PP, TG, B, S_PP t/s and S_TG t/s columns.")
    ub = re.search(r"n_ubatch\s*=\s*(\d+)", text)
    kept, skipped = [], 0
    for r in rows:
        try:
            pp, tg, b = (int(_number(r[col[n]])) for n in ("PP", "TG", "B"))
            s_pp, s_tg = _number(r[col["S_PP t/s"]]), _number(r[col["S_TG t/s"]])
        except ValueError:
            skipped += 1
            continue
        if b != 1:  # several sequences at once: llama.cpp's parallel slots, not a single stream
            skipped += 1
            continue
        kept.append(Measured("prefill", s_pp, tokens=pp, ubatch=int(ub.group(1)) if ub else None,
                             label=f"PP {pp}, B 1"))
        kept.append(Measured("decode", s_tg, tokens=tg, depth=pp, label=f"TG {tg} after PP {pp}, B 1"))
    if not kept:
        raise BenchParseError("The llama-batched-bench table has no B = 1 row with numbers (rows with several "
                              "sequences are not used).")
    return BenchReport("llama-batched-bench", tuple(kept), skipped=skipped,
                       notes=("Rows with B > 1 are not used: llama.cpp's parallel slots are not modelled as a "
                              "batching server.",) if skipped else ())


# --- vllm bench serve / SGLang bench_serving ----------------------------------------------------------

_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 ()/_.,-]*?):\s+(\S+)\s*$")


def _serving_block(text: str) -> BenchReport:
    fields = {m.group(1).strip().lower(): m.group(2) for m in map(_FIELD.match, text.splitlines()) if m}
    sglang = fields.get("backend", "").lower().startswith("sglang")
    tool: Tool = "sglang bench_serving" if sglang else "vllm bench serve"
    try:
        requests = int(_number(fields["successful requests"]))
        out_tps = _number(fields["output token throughput (tok/s)"])
        total_in = _number(fields["total input tokens"])
        total_out = _number(fields["total generated tokens"])
    except (KeyError, ValueError):
        raise BenchParseError("The serving result block lacks 'Successful requests', 'Total input tokens', "
                              "'Total generated tokens' or 'Output token throughput (tok/s)'.") from None
    if requests < 1 or out_tps <= 0 or total_out <= 0:
        raise BenchParseError("The serving result block reports no successful requests or no output tokens.")
    limit = fields.get("maximum request concurrency") or fields.get("max request concurrency")
    concurrency = requests
    if limit and re.match(r"^\d+$", limit):
        concurrency = min(int(limit), requests)
    row = Measured("serving", out_tps, tokens=round(total_out / requests), input_tokens=round(total_in / requests),
                   concurrency=concurrency, requests=requests, label=f"{requests} requests, concurrency {concurrency}")
    return BenchReport(tool, (row,))


# llama.cpp's file-type names as llama-bench prints them → catalog quant ids
_LABEL_QUANTS = (
    ("MXFP4", "MXFP4"), ("Q4_K - Medium", "Q4_K_M"), ("Q4_K - Small", "Q4_K_S"), ("Q5_K - Medium", "Q5_K_M"),
    ("Q5_K - Small", "Q5_K_S"), ("Q3_K - Medium", "Q3_K_M"), ("Q3_K - Small", "Q3_K_S"), ("Q3_K - Large", "Q3_K_L"),
    ("Q6_K", "Q6_K"), ("Q8_0", "Q8_0"), ("Q4_0", "Q4_0"), ("Q2_K", "Q2_K"), ("IQ4_XS", "IQ4_XS"),
    ("IQ4_NL", "IQ4_NL"), ("BF16", "BF16"), ("F16", "F16"),
)


def quant_from_label(label: str | None) -> str | None:
    """The weight format a llama-bench model label names ("gpt-oss 120B MXFP4 MoE" → MXFP4)."""
    if not label:
        return None
    quant = next((quant for text, quant in _LABEL_QUANTS if text.lower() in label.lower()), None)
    if quant in ("F16", "BF16") and "gpt-oss" in label.lower():
        # a gpt-oss GGUF is never all 16-bit: the 'F16'/'BF16' files keep the experts in MXFP4 (12.83 GiB for the 20B)
        return "MXFP4_" + quant
    return quant
