"""The signature check on its own, with an injected clock: slack_sdk's verifier behind our 4xx pre-checks."""

from __future__ import annotations

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.server import Reject, signature_verifier, verify_signature

SECRET = "test-signing-secret"
T = 1_767_600_000.0
BODY = b"command=%2Fselfhost&text=help"


def _signed(ts: str, body: bytes = BODY) -> dict[str, str | None]:
    return {"timestamp": ts, "signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)}


def _status(headers, body: bytes = BODY, now: float = T, secret: str = SECRET) -> int:
    try:
        verify_signature(signature_verifier(secret, lambda: now), headers, body, now)
    except Reject as r:
        return r.status
    return 200


def test_fresh_signed_request_passes_and_the_window_follows_the_injected_clock():
    headers = _signed(str(int(T)))
    assert _status(headers) == 200
    assert _status(headers, now=T + 299) == 200
    assert _status(headers, now=T + 301) == 401
    assert _status(headers, now=T - 301) == 401


@pytest.mark.parametrize(("headers", "status"), [
    ({"timestamp": None, "signature": "v0=" + "a" * 64}, 401),
    ({"timestamp": str(int(T)), "signature": None}, 401),
    ({"timestamp": "12ab", "signature": "v0=" + "a" * 64}, 400),
    ({"timestamp": str(int(T)), "signature": "v0=abc"}, 400),
    ({"timestamp": str(int(T)), "signature": "v0=" + "a" * 64}, 401),
])
def test_pre_checks_keep_their_own_statuses(headers, status):
    assert _status(headers) == status


def test_a_changed_body_another_secret_or_no_secret_is_refused():
    headers = _signed(str(int(T)))
    assert _status(headers, body=BODY + b"x") == 401
    assert _status(headers, secret="another-secret") == 401
    assert signature_verifier("  ") is None and _status(headers, secret="") == 401


def test_a_body_that_is_not_utf8_is_a_bad_request():
    assert _status({"timestamp": str(int(T)), "signature": "v0=" + "a" * 64}, body=b"\xff\xfe\x00") == 400
