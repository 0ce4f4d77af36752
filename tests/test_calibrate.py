"""`calibrate`: real benchmark output captured from public pages (tests/data/bench_outputs, see SOURCES.md), broken
input, the stored calibration, and estimates that then reproduce the measured figures."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.bench_parse import BenchParseError, parse_bench, quant_from_label
from bot.core.calibration import CalibrationError, Request, from_text
from bot.core.knowledge import load
from bot.core.sizing import EstimateRequest, estimate
from bot.store import SqliteStore, Workspace

K = load()
OUT = Path(__file__).parent / "data" / "bench_outputs"
TODAY = dt.date(2026, 12, 2)
RTX4080_JSON = (OUT / "llama_bench_qwen25_7b_rtx4080.json").read_text()
VLLM_C4 = (OUT / "vllm_bench_serve_qwen3_8b_h100_c4.txt").read_text()


def test_llama_bench_json_reads_both_tests_and_the_run_facts() -> None:
    r = parse_bench(RTX4080_JSON)
    assert r.tool == "llama-bench" and r.device_label == "NVIDIA GeForce RTX 4080"
    assert r.measured_on == dt.date(2025, 4, 24) and r.build == "8cf427ff (5163)"
    assert r.params_b == pytest.approx(7.6156, rel=1e-4) and quant_from_label(r.model_label) == "Q4_K_M"
    (pp, tg) = r.rows
    assert (pp.kind, pp.tokens, pp.tokens_per_s, pp.ubatch) == ("prefill", 512, 7100.002165, 512)
    assert (tg.kind, tg.tokens, tg.tokens_per_s, tg.context) == ("decode", 128, 118.881588, 64)


def test_llama_bench_markdown_reads_depths_and_the_build() -> None:
    r = parse_bench((OUT / "llama_bench_gpt_oss_120b_dgx_spark.md").read_text())
    assert r.tool == "llama-bench" and r.build == "2f68ce7cf (6918)" and r.params_b == pytest.approx(116.83)
    assert quant_from_label(r.model_label) == "MXFP4" and len(r.rows) == 10 and r.skipped == 0
    deep = [row for row in r.rows if row.depth == 32768]
    assert {row.kind for row in deep} == {"prefill", "decode"} and all(row.ubatch in (2048, None) for row in deep)
    assert deep[0].label.startswith("pp2048 @ d32768")


def test_llama_batched_bench_keeps_single_sequence_rows() -> None:
    r = parse_bench((OUT / "llama_batched_bench_gpt_oss_120b_dgx_spark.md").read_text())
    assert r.tool == "llama-batched-bench" and r.skipped > 0 and r.notes
    assert {row.kind for row in r.rows} == {"prefill", "decode"}
    assert all(row.ubatch == 2048 for row in r.rows if row.kind == "prefill")
    first_decode = next(row for row in r.rows if row.kind == "decode")
    assert (first_decode.depth, first_decode.tokens) == (512, 32)


@pytest.mark.parametrize(
    ("name", "tool", "requests", "concurrency", "tps", "tokens"),
    [
        ("vllm_bench_serve_qwen3_8b_h100_c4.txt", "vllm bench serve", 100, 4, 496.88, 221),
        ("vllm_bench_serve_deepseek_v32_8xh20.txt", "vllm bench serve", 100, 100, 791.73, 1024),
        ("sglang_bench_serving_deepseek_v32_exp_tp8.txt", "sglang bench_serving", 500, 500, 1163.42, 263),
    ],
)
def test_serving_blocks(name, tool, requests, concurrency, tps, tokens) -> None:
    r = parse_bench((OUT / name).read_text())
    (row,) = r.rows
    assert r.tool == tool and row.kind == "serving"
    assert (row.requests, row.concurrency, row.tokens_per_s, row.tokens) == (requests, concurrency, tps, tokens)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n  ",
        "hello, here are my numbers: fast",
        "[1, 2, 3]",
        '{"model": "x"}',
        '[{"avg_ts": 5, "n_prompt": 512, "n_gen": 128}]',  # combined pp+tg only
        RTX4080_JSON[:300],
        "| model | size | test |\n|---|---|---|\n| llama | 4 GiB | tg128 |",
        "| model | test | t/s |\n|---|---|---|\n| llama | tg128 | fast |",
        "============ Serving Benchmark Result ============\nSuccessful requests: 0\n",
        "============ Serving Benchmark Result ============\nBenchmark duration (s): 3\n",
        "|    PP |     TG |    B | S_TG t/s |\n|---|---|---|---|\n| 512 | 32 | 1 | 57 |",
        "x" * 300_000,
    ],
)
def test_broken_input_gets_one_sentence(text: str) -> None:
    with pytest.raises(BenchParseError) as e:
        parse_bench(text)
    message = str(e.value)
    assert message.endswith((".", ")")) and "\n" not in message and "Traceback" not in message


@given(st.text(max_size=400))
def test_the_parser_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(BenchParseError):
        parse_bench(text)


def test_a_table_for_another_model_is_refused() -> None:
    with pytest.raises(CalibrationError, match=r"7\.6 B-parameter model .*not Llama 3\.1 70B"):
        from_text(K, RTX4080_JSON, Request(model="llama-3.1-70b"), today=TODAY)


def test_serving_output_without_hardware_or_quant_asks_for_them() -> None:
    with pytest.raises(CalibrationError, match="hardware"):
        from_text(K, VLLM_C4, Request(model="qwen3-8b"), today=TODAY)
    with pytest.raises(CalibrationError, match="quant"):
        from_text(K, VLLM_C4, Request(model="qwen3-8b", hardware="H100 SXM"), today=TODAY)


def test_an_estimate_after_calibration_reproduces_llama_bench_within_5_percent() -> None:
    cal, _ = from_text(K, RTX4080_JSON, Request(model="qwen2.5-7b"), today=TODAY)
    assert (cal.device, cal.engine, cal.quant) == ("rtx-4080", "llama.cpp", "Q4_K_M")
    assert cal.measured_on == dt.date(2025, 4, 24)
    decode = estimate(K, EstimateRequest(model="qwen2.5-7b", quant="Q4_K_M", hardware="RTX 4080",
                                         input_tokens=1, output_tokens=128), [cal])
    prefill = estimate(K, EstimateRequest(model="qwen2.5-7b", quant="Q4_K_M", hardware="RTX 4080",
                                          input_tokens=512, output_tokens=1), [cal])
    assert decode.decode_tokens_per_s == pytest.approx(118.88, rel=0.05)
    assert prefill.prefill_tokens_per_s == pytest.approx(7100.0, rel=0.05)
    assert decode.calibration is not None and decode.calibration.predicted_decode_tokens_per_s is not None
    assert decode.calibration.measured_on == dt.date(2025, 4, 24)
    assert any("Calibrated on your measurement of 2025-04-24" in n for n in decode.notes)
    other = estimate(K, EstimateRequest(model="qwen2.5-7b", quant="Q4_K_M", hardware="RTX 4090"), [cal])
    assert other.calibration is None  # another device: the prediction alone


def test_an_estimate_after_calibration_reproduces_vllm_bench_serve_within_5_percent() -> None:
    cal, _ = from_text(K, VLLM_C4, Request(model="qwen3-8b", hardware="H100 SXM", quant="BF16"), today=TODAY)
    assert cal.measured_on == TODAY  # the block has no date: the day it was calibrated
    est = estimate(K, EstimateRequest(model="qwen3-8b", quant="BF16", hardware="H100 SXM", concurrency=4,
                                      input_tokens=233, output_tokens=221), [cal])
    assert est.serving_output_tokens_per_s == pytest.approx(496.88, rel=0.05)
    assert est.calibration is not None and est.calibration.serving_factor is not None
    sibling = estimate(K, EstimateRequest(model="qwen3-32b", quant="BF16", hardware="H100 SXM", concurrency=4), [cal])
    assert sibling.calibration is not None  # the same family on the same device and engine


def test_the_store_keeps_one_calibration_per_setup_per_workspace(tmp_path) -> None:
    cal, _ = from_text(K, RTX4080_JSON, Request(model="qwen2.5-7b"), today=TODAY)
    ws, other = Workspace(None, "T1"), Workspace(None, "T2")
    now = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    with SqliteStore(tmp_path / "c.db") as store:
        store.calibrations.save(ws, cal, by="U1", now=now)
        store.calibrations.save(ws, cal.model_copy(update={"build": "newer"}), by="U1", now=now)
        assert [c.build for c in store.calibrations.list(ws)] == ["newer"]
        assert store.calibrations.list(other) == []
        assert store.delete_workspace_data(ws)["speed_calibrations"] == 1


def test_the_store_keeps_a_vulkan_and_a_rocm_measurement_of_one_box_apart(tmp_path) -> None:
    """Backend is part of the stored setup: the second backend's table no longer replaces the first's, and each
    estimate finds its own."""
    cal, _ = from_text(K, RTX4080_JSON, Request(model="qwen2.5-7b"), today=TODAY)
    cuda = cal.model_copy(update={"backend": "cuda"})
    vulkan = cal.model_copy(update={"backend": "vulkan", "build": "vk", "measured_on": dt.date(2026, 1, 5)})
    ws, now = Workspace(None, "T1"), dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    with SqliteStore(tmp_path / "b.db") as store:
        for c in (cuda, vulkan, vulkan.model_copy(update={"build": "vk2"})):
            store.calibrations.save(ws, c, by="U1", now=now)
        kept = store.calibrations.list(ws)
        assert sorted((c.backend, c.build) for c in kept) == [("cuda", cal.build), ("vulkan", "vk2")]
        for backend, day in (("cuda", cal.measured_on), ("vulkan", dt.date(2026, 1, 5))):
            est = estimate(K, EstimateRequest(model="qwen2.5-7b", quant="Q4_K_M", hardware="RTX 4080",
                                              backend=backend), kept)
            assert est.calibration is not None and est.calibration.measured_on == day
        assert store.calibrations.delete(ws, family=cal.family, device=cal.device, engine=cal.engine, gpus=1,
                                         backend="vulkan")
        assert [c.backend for c in store.calibrations.list(ws)] == ["cuda"]


def test_the_backend_migration_keys_existing_rows_by_the_backend_they_stored(tmp_path) -> None:
    from bot.store.migrations import MIGRATIONS

    cal, _ = from_text(K, RTX4080_JSON, Request(model="qwen2.5-7b"), today=TODAY)
    path, ws = tmp_path / "old.db", Workspace(None, "T1")
    before = [m for m in MIGRATIONS if m.name != "0009_speed_calibrations_backend"]
    with SqliteStore(path, migrations=before) as old, old.transaction() as conn:
        for team, c in (("T1", cal.model_copy(update={"backend": "vulkan"})), ("T2", cal), ("T3", None)):
            conn.execute(
                "INSERT INTO speed_calibrations (enterprise_id, team_id, family, device, engine, gpus, data, "
                "recorded_at) VALUES ('', ?, 'qwen2.5', 'rtx-4080', 'llama.cpp', 1, ?, '2026-12-01')",
                (team, c.model_dump_json() if c is not None else "not json"))
    with SqliteStore(path) as store:
        assert [c.backend for c in store.calibrations.list(ws)] == ["vulkan"]
        store.calibrations.save(ws, cal.model_copy(update={"backend": "cuda"}), by="U1",
                                now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC))
        assert sorted(str(c.backend) for c in store.calibrations.list(ws)) == ["cuda", "vulkan"]
        assert store.calibrations.list(Workspace(None, "T2"))[0].backend == cal.backend
        assert store.calibrations.list(Workspace(None, "T3")) == []  # unreadable: kept, skipped


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


def test_cli_calibrate_then_estimate_shows_the_measurement(tmp_path) -> None:
    db = str(tmp_path / "cli.db")
    r = _cli("calibrate", str(OUT / "llama_bench_qwen25_7b_rtx4080.json"), "--model", "qwen2.5-7b", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "measured" in r.stdout and "predicted" in r.stdout
    r = _cli("estimate", "--model", "qwen2.5-7b", "--quant", "Q4_K_M", "--hardware", "RTX 4080", "--input-tokens",
             "1", "--db", db, "--json")
    est = json.loads(r.stdout)
    assert est["calibration"]["measured_on"] == "2025-04-24"
    assert est["decode_tokens_per_s"] == pytest.approx(118.88, rel=0.05)
    listed = _cli("calibrate", "--list", "--db", db, "--json")
    assert json.loads(listed.stdout)[0]["device"] == "rtx-4080"
    plain = _cli("estimate", "--model", "qwen2.5-7b", "--quant", "Q4_K_M", "--hardware", "RTX 4080", "--db", db,
                 "--uncalibrated", "--json")
    assert json.loads(plain.stdout)["calibration"] is None


def test_cli_garbage_and_the_wrong_model_exit_2_with_one_line(tmp_path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("not a benchmark\n")
    for args in (
        (str(junk), "--model", "qwen3-8b", "--hardware", "H100 SXM"),
        (str(OUT / "llama_bench_qwen25_7b_rtx4080.json"), "--model", "gpt-oss-120b"),
        (str(tmp_path / "missing.txt"), "--model", "qwen3-8b"),
    ):
        r = _cli("calibrate", *args, "--db", str(tmp_path / "g.db"))
        assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_slack_calibrate_then_hardware_shows_calibrated_speeds(slack_app) -> None:
    text = "model=qwen2.5-7b hardware=\"RTX 4080\"\n" + RTX4080_JSON
    assert slack_app.command(f"calibrate {text}").status == 200
    (reply,) = slack_app.fake.wait_for("response_url")
    assert "Calibrated qwen2.5 models" in reply.body["text"]
    slack_app.fake.reset()
    assert slack_app.command("hardware qwen2.5-7b Q4_K_M on RTX 4080").status == 200
    (answer,) = slack_app.fake.wait_for("response_url")
    assert "calibrated on your measurement of 2025-04-24" in json.dumps(answer.body)


def test_slack_calibrate_without_a_block_or_with_garbage_says_what_to_paste(slack_app) -> None:
    for text in ("calibrate", "calibrate model=qwen3-8b", "calibrate model=qwen3-8b hardware=h100\nnonsense"):
        slack_app.fake.reset()
        slack_app.command(text)
        (reply,) = slack_app.fake.wait_for("response_url")
        assert "Traceback" not in reply.body["text"]
        assert "benchmark" in reply.body["text"].lower() or "paste" in reply.body["text"].lower()
