"""Who may change what: anyone may read; changes are open to channel members unless admins-only is set.

With ``SELFHOST_ADMINS_ONLY=true`` only workspace admins and owners may change a profile bound to a
channel or the digest settings. Admin status comes from ``users.info``; any failure denies.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

log = logging.getLogger(__name__)

REFUSAL = ("Only workspace admins and owners can change this here (this workspace runs Selfhost Advisor "
           "with SELFHOST_ADMINS_ONLY on); ask one of them, or use `/selfhost recommend` to try changes.")


def admins_only(settings: Any) -> bool:
    """The admins-only switch, whichever name the settings object gives it."""
    return bool(getattr(settings, "admins_only", False) or getattr(settings, "selfhost_admins_only", False))


def is_admin(client: WebClient, user_id: str) -> bool:
    """True when Slack says the user is a workspace admin or owner; False on any failure."""
    if not user_id:
        return False
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except Exception as e:  # network, rate limit, missing scope: deny
        log.warning("users.info failed; denying the change", extra={"error": type(e).__name__})
        return False
    return any(bool(user.get(k)) for k in ("is_admin", "is_owner", "is_primary_owner"))


def can_change(client: WebClient, settings: Any, user_id: str) -> bool:
    """May ``user_id`` change channel profiles and digest settings?"""
    return True if not admins_only(settings) else is_admin(client, user_id)


ACK_PATH_TIMEOUT_S = 1.0


def without_retries(client: WebClient, timeout: float = ACK_PATH_TIMEOUT_S) -> WebClient:
    """The same client with a short timeout and no retries: for the one check that must happen before a
    form is acknowledged (Slack allows 3 s). A 429 or a slow Slack then denies at once."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=int(max(1, timeout)),
                     retry_handlers=[])
