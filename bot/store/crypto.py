"""Optional encryption at rest for Slack tokens (SELFHOST_ENCRYPTION_KEY, Fernet from ``cryptography``).

With a key, every token column of the installation tables (bot and user tokens, refresh tokens, the
incoming-webhook URL) is stored as ``fernet:<token>``; without one they are stored as Slack gave them.
Several keys (comma-separated, newest first) allow rotation: values are written with the first and read
with any, and ``selfhost-bot db rekey`` rewrites every stored value with the first. A value that no key
opens, or an encrypted value with no key configured, is a ``StoreError`` saying exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from .base import StoreError

PREFIX = "fernet:"


def parse_keys(text: str | None) -> list[bytes]:
    """``SELFHOST_ENCRYPTION_KEY`` → keys, newest first; ValueError naming what is wrong."""
    keys = [k.strip().encode() for k in (text or "").split(",") if k.strip()]
    for i, key in enumerate(keys, 1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ValueError(f"key #{i} is not a Fernet key (32 url-safe base64-encoded bytes; make one with "
                             "`python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key()"
                             ".decode())\"`)") from None
    return keys


class TokenCipher:
    """Encrypts with the first key, decrypts with any; with no keys it passes plaintext through."""

    def __init__(self, keys: Sequence[bytes] = ()):
        self._fernet = MultiFernet([Fernet(k) for k in keys]) if keys else None

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def seal(self, value: str | None) -> str | None:
        if value is None or self._fernet is None:
            return value
        return PREFIX + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None or not value.startswith(PREFIX):
            return value  # stored before encryption was turned on
        if self._fernet is None:
            raise StoreError("tokens", "the stored Slack tokens are encrypted but SELFHOST_ENCRYPTION_KEY is not set")
        try:
            return self._fernet.decrypt(value.removeprefix(PREFIX).encode()).decode()
        except InvalidToken:
            raise StoreError("tokens", "the stored Slack tokens were encrypted with another key; set "
                                       "SELFHOST_ENCRYPTION_KEY to that key (newest first, comma-separated)") from None

    def reseal(self, value: str | None) -> str | None:
        """``value`` encrypted with the newest key (plaintext values get encrypted)."""
        return self.seal(self.open(value))
