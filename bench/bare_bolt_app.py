"""The comparison app: a bare Bolt app that answers ``/selfhost`` with a fixed message through ``respond``.

    SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... SLACK_API_URL=http://127.0.0.1:N/api/ \\
        python bench/bare_bolt_app.py --port 3001

Same shape as ours (ack at once, answer from a lazy listener through ``respond``), none of the work, on
Bolt's own development HTTP server (``App.start``). This is the floor a Bolt app cannot go below.
"""

from __future__ import annotations

import argparse
import logging
import os
from http.server import HTTPServer

import slack_bolt.app.app as bolt_app_module
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

FIXED = "Self-host when you pass ~1B tokens/day; until then use an API."


class LoopbackHTTPServer(HTTPServer):
    """Bolt's development server binds 0.0.0.0; the bench stays on loopback (same server class)."""

    def __init__(self, address: tuple[str, int], handler: type) -> None:
        super().__init__(("127.0.0.1", address[1]), handler)


def build() -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=False)

    def ack_now(ack: Ack) -> None:
        ack()

    def answer(respond: Respond) -> None:
        respond(text=FIXED, response_type="ephemeral")

    app.command("/selfhost")(ack=ack_now, lazy=[answer])
    return app


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=3001)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    bolt_app_module.HTTPServer = LoopbackHTTPServer  # type: ignore[misc]
    build().start(port=args.port, http_server_logger_enabled=False)


if __name__ == "__main__":
    main()
