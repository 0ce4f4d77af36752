"""`selfhost-bot models add`: real config.json files, a folder, a GGUF written here with the gguf package, hf: from
a local server; bad input → one sentence and nothing stored; added models answer estimates."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import gguf
import numpy as np
import pytest

from bot.core.knowledge import load
from bot.core.sizing import EstimateRequest, estimate
from bot.store import Workspace, open_store
from bot.workspace_knowledge import for_workspace

DATA = Path(__file__).parent / "data" / "hf_configs"
LOCAL = Workspace(None, "local")


def cli(*args: str, db: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "SELFHOST_DB": str(db), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "bot", "models", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def stored(db: Path) -> list[dict]:
    if not db.exists():
        return []
    with open_store(db) as store:
        return store.custom_models.all(LOCAL)


def write_gguf(path: Path, *, experts: int = 0, arch: str = "llama") -> None:
    """A tiny but well-formed GGUF: 2 layers, hidden 64, 4 heads (2 KV), FFN 128, vocab 100."""
    w = gguf.GGUFWriter(str(path), arch)
    w.add_name("Tiny Test Model")
    w.add_block_count(2)
    w.add_embedding_length(64)
    w.add_head_count(4)
    w.add_head_count_kv(2)
    w.add_context_length(2048)
    w.add_feed_forward_length(128)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    w.add_token_list([f"t{i}" for i in range(100)])
    if experts:
        w.add_expert_count(experts)
        w.add_expert_used_count(2)
        w.add_expert_feed_forward_length(32)

    def t(name: str, *shape: int) -> None:
        w.add_tensor(name, np.zeros(shape, dtype=np.float16))

    t("token_embd.weight", 100, 64)
    t("output.weight", 100, 64)
    t("output_norm.weight", 64)
    for i in range(2):
        for part, shape in (("attn_q", (64, 64)), ("attn_k", (32, 64)), ("attn_v", (32, 64)),
                            ("attn_output", (64, 64))):
            t(f"blk.{i}.{part}.weight", *shape)
        t(f"blk.{i}.attn_norm.weight", 64)
        t(f"blk.{i}.ffn_norm.weight", 64)
        if experts:
            t(f"blk.{i}.ffn_gate_inp.weight", experts, 64)
            for part in ("ffn_gate_exps", "ffn_up_exps"):
                t(f"blk.{i}.{part}.weight", experts, 32, 64)
            t(f"blk.{i}.ffn_down_exps.weight", experts, 64, 32)
        else:
            for part, shape in (("ffn_gate", (128, 64)), ("ffn_up", (128, 64)), ("ffn_down", (64, 128))):
                t(f"blk.{i}.{part}.weight", *shape)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def test_add_from_a_real_config_then_estimate_and_list(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    src = tmp_path / "Qwen3-30B-A3B" / "config.json"
    src.parent.mkdir()
    shutil.copy(DATA / "qwen3-30b-a3b.json", src)
    out = cli("add", str(src), "--name", "acme/Qwen3-30B-A3B-Tuned", "--json", db=db)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["id"] == "qwen3-30b-a3b-tuned" and got["params_b"] == pytest.approx(30.532, abs=0.01)
    assert got["moe"]["experts"] == 128 and got["native_quant"] == "BF16"
    listed = json.loads(cli("list", "--json", db=db).stdout)
    assert [m["id"] for m in listed] == ["qwen3-30b-a3b-tuned"]
    with open_store(db) as store:
        k = for_workspace(load(), store, LOCAL)
    e = estimate(k, EstimateRequest(model="acme/Qwen3-30B-A3B-Tuned", quant="Q4_K_M", hardware="rtx-4090"))
    assert e.fits is True
    est = subprocess.run([sys.executable, "-m", "bot", "estimate", "--model", "qwen3-30b-a3b-tuned", "--quant",
                          "Q4_K_M", "--json"], capture_output=True, text=True, env={**__import__("os").environ,
                          "SELFHOST_DB": str(db)}, timeout=120)
    assert est.returncode == 0, est.stderr
    assert cli("remove", "qwen3-30b-a3b-tuned", db=db).returncode == 0 and stored(db) == []


def test_add_from_a_folder_with_its_safetensors_index(tmp_path: Path) -> None:
    folder = tmp_path / "my-llama"
    folder.mkdir()
    shutil.copy(DATA / "llama-3.1-8b.json", folder / "config.json")
    # exact count from metadata.total_size (BF16: 2 bytes per parameter)
    index = {"metadata": {"total_size": 8030261248 * 2}, "weight_map": {"model.embed_tokens.weight": "a.safetensors"}}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    out = cli("add", str(folder), "--json", db=tmp_path / "s.db")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["id"] == "my-llama" and "safetensors index: 8.030 B" in got["source"]


@pytest.mark.parametrize("experts", [0, 4])
def test_add_from_a_gguf_written_here_counts_tensors_exactly(tmp_path: Path, experts: int) -> None:
    path = tmp_path / "tiny.gguf"
    write_gguf(path, experts=experts)
    out = cli("add", str(path), "--name", "tiny", "--json", db=tmp_path / "s.db")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    ffn = 2 * (experts * 3 * 32 * 64 + experts * 64) if experts else 2 * 3 * 128 * 64
    want = 2 * 100 * 64 + 2 * (2 * 64 * 64 + 2 * 32 * 64) + ffn + 5 * 64
    assert got["exact_counts"] is True and got["params"] == pytest.approx(want, abs=600)
    assert got["native_quant"] == "F16" and (got["moe"] is not None) == bool(experts)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"model_type": "rwkv7", "hidden_size": 8}), "architecture 'rwkv7' is not supported"),
        (json.dumps({"model_type": "llama", "hidden_size": 64}), "num_attention_heads"),
    ],
)
def test_bad_configs_answer_one_sentence_and_store_nothing(tmp_path: Path, content: str, needle: str) -> None:
    src = tmp_path / "config.json"
    src.write_text(content)
    db = tmp_path / "s.db"
    out = cli("add", str(src), db=db)
    assert out.returncode == 2 and needle in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert stored(db) == []


def test_a_broken_gguf_and_a_missing_path_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF\x03\x00\x00\x00garbage")
    db = tmp_path / "s.db"
    out = cli("add", str(bad), db=db)
    assert out.returncode == 2 and "not a readable GGUF file" in out.stderr and "Traceback" not in out.stderr
    out = cli("add", str(tmp_path / "nope.json"), db=db)
    assert out.returncode == 2 and "no such file or folder" in out.stderr
    assert stored(db) == []


def test_a_shipped_id_is_not_shadowed(tmp_path: Path) -> None:
    out = cli("add", str(DATA / "qwen3-8b.json"), "--name", "Qwen3 8B", db=tmp_path / "s.db")
    assert out.returncode == 2 and "already in the shipped catalog" in out.stderr


class _Hub(http.server.BaseHTTPRequestHandler):
    """Answers huggingface_hub's file requests for one public repo; everything else is 404."""

    config = (DATA / "gpt-oss-120b.json").read_bytes()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        if self.path.startswith("/acme/oss-tuned/resolve/") and self.path.endswith("/config.json"):
            body = self.config
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", '"abc123"')
            self.send_header("X-Repo-Commit", "0" * 40)
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return
        self.send_response(404)
        code = "RepoNotFound" if "/acme/oss-tuned/" not in self.path else "EntryNotFound"
        self.send_header("X-Error-Code", code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hub():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hf_source_is_fetched_from_hf_endpoint(tmp_path: Path, hub: str) -> None:
    env = {"HF_ENDPOINT": hub, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_DISABLE_TELEMETRY": "1"}
    out = cli("add", "hf:acme/oss-tuned", "--json", db=tmp_path / "s.db", env_extra=env)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["id"] == "oss-tuned" and got["native_quant"] == "MXFP4_EXPERTS" and got["window_layers"] == 18
    missing = cli("add", "hf:acme/does-not-exist", db=tmp_path / "s.db", env_extra=env)
    assert missing.returncode == 2 and "was not found" in missing.stderr and "Traceback" not in missing.stderr
    assert [m["id"] for m in stored(tmp_path / "s.db")] == ["oss-tuned"]


def test_hf_source_offline_is_one_sentence(tmp_path: Path) -> None:
    env = {"HF_ENDPOINT": "http://127.0.0.1:9", "HF_HOME": str(tmp_path / "hf"), "HF_HUB_ETAG_TIMEOUT": "2",
           "HF_HUB_DOWNLOAD_TIMEOUT": "2"}
    out = cli("add", "hf:acme/oss-tuned", db=tmp_path / "s.db", env_extra=env)
    assert out.returncode == 2 and "could not be reached" in out.stderr and "Traceback" not in out.stderr
    assert stored(tmp_path / "s.db") == []


def test_an_added_model_answers_selfhost_hardware_in_its_workspace_only(slack_app) -> None:
    """The Slack surface sees the workspace's added models (T1 added one; T2 did not)."""
    import datetime as dt

    from surface_support import ask, texts

    from bot.core.hf_config import arch_fields
    from bot.models_import import load_source

    model = load_source(str(DATA / "glm-4.5-air.abridged.json"), "acme/air-tuned", dt.date(2026, 12, 2))
    assert model.id == "air-tuned" and arch_fields(json.loads((DATA / "glm-4.5-air.abridged.json").read_text()))
    slack_app.store.custom_models.add(Workspace(None, "T1"), model.id, model.model_dump(mode="json"),
                                      dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    body = ask(slack_app, "hardware air-tuned q4_k_m on h100")
    assert "air-tuned" in texts(body["blocks"]).lower() and "Unknown model" not in body.get("text", "")
    other = ask(slack_app, "hardware air-tuned q4_k_m on h100", team_id="T2")
    assert "unknown model 'air-tuned'" in (other.get("text", "") + texts(other.get("blocks") or [])).lower()
