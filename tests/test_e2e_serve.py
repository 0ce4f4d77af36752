"""`selfhost-bot serve --http` as a real process: health, a signed command, logs masked, clean SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

from clocks import PATIENCE_S
from fakeslack import FakeSlack
from slackclient import BOT_TOKEN, SIGNING_SECRET, SlackSender


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_http_process(tmp_path):
    port = _free_port()
    with FakeSlack() as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SELFHOST_"))}
        env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url,
                   SELFHOST_DB=str(tmp_path / "serve.db"), SELFHOST_LOG_LEVEL="DEBUG")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        try:
            sender = SlackSender(f"http://127.0.0.1:{port}", SIGNING_SECRET)
            deadline = time.monotonic() + PATIENCE_S
            while True:
                try:
                    health = sender.get("/healthz")
                    break
                except OSError:
                    assert proc.poll() is None, proc.stderr.read().decode()
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.05)
            assert health.status == 200 and health.json["ok"] is True
            r = sender.command("help", response_url=fake.response_url())
            assert r.status == 200 and "/selfhost recommend" in r.text
            assert sender.command("help", response_url=fake.response_url(),
                                  headers={"X-Slack-Signature": "v0=" + "1" * 64}).status == 401
            assert [c.method for c in fake.calls()] == ["auth.test"]
            assert fake.calls()[0].token == BOT_TOKEN
        finally:
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=PATIENCE_S)
        assert proc.returncode == 0, err.decode()
        logs = (out + err).decode()
        assert '"level": "DEBUG"' in logs  # DEBUG really was on: request bodies were logged
        assert BOT_TOKEN not in logs and SIGNING_SECRET not in logs and "xoxb-" not in logs
