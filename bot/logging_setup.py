"""Structured logging with secrets masked in every record, ours and Bolt's / slack_sdk's alike.

``configure(settings)`` installs one handler on the root logger: JSON lines when stderr is not a
terminal (or ``SELFHOST_LOG_FORMAT=json``), plain text otherwise. The handler carries a
``SecretMaskFilter`` and a masking formatter, so a token can leak neither through a message, its
arguments, extra fields nor a formatted traceback — slack_sdk logs whole response bodies at DEBUG.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

MASK = "[redacted]"
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Slack token shapes: bot/user/app/config/refresh/legacy workspace tokens.
TOKEN_RE = re.compile(r"\b(?:xox[abposer]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+|\bxoxe-[A-Za-z0-9-]+")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class Masker:
    """Replaces Slack token patterns and the configured secret values in text."""

    def __init__(self, secrets: Iterable[str] = ()):
        values = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)
        self._secrets = re.compile("|".join(re.escape(s) for s in values)) if values else None

    def __call__(self, text: str) -> str:
        text = TOKEN_RE.sub(MASK, text)
        return self._secrets.sub(MASK, text) if self._secrets else text


class SecretMaskFilter(logging.Filter):
    """Renders the message with its args, masks it, and masks string extras; never drops a record."""

    def __init__(self, masker: Masker):
        super().__init__()
        self.masker = masker

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.masker(message), None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.masker(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)


class MaskingFormatter(logging.Formatter):
    """Wraps a formatter and masks its final output (covers tracebacks and stack info)."""

    def __init__(self, inner: logging.Formatter, masker: Masker):
        super().__init__()
        self.inner, self.masker = inner, masker

    def format(self, record: logging.LogRecord) -> str:
        return self.masker(self.inner.format(record))


def make_handler(
    secrets: Iterable[str] = (), fmt: str = "auto", stream: TextIO | None = None
) -> logging.Handler:
    stream = stream or sys.stderr
    masker = Masker(secrets)
    if fmt == "auto":
        fmt = "text" if getattr(stream, "isatty", lambda: False)() else "json"
    inner = JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretMaskFilter(masker))
    handler.setFormatter(MaskingFormatter(inner, masker))
    handler.set_name("selfhost")
    return handler


def configure(settings: Any, stream: TextIO | None = None) -> logging.Handler:
    """Install the masking handler on the root logger (replacing a previous one of ours)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "selfhost"]:
        root.removeHandler(old)
    handler = make_handler(settings.secret_values(), settings.selfhost_log_format, stream)
    root.addHandler(handler)
    root.setLevel(settings.selfhost_log_level)
    return handler
