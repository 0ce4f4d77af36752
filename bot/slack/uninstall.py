"""Opt-in (``SELFHOST_DELETE_DATA_ON_UNINSTALL=true``): ``app_uninstalled`` deletes the workspace's data.

By default Bolt's token-revocation listeners delete only the workspace's tokens on ``app_uninstalled`` and
``tokens_revoked``; profiles, history and digests stay so a reinstall picks up where it left off. With the
opt-in, this listener (registered before Bolt's, so it wins for ``app_uninstalled``) deletes the tokens and
then every row of the workspace. ``selfhost-bot db forget --team T`` does the same by hand.
"""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners

from bot.store import Store, Workspace

log = logging.getLogger(__name__)


def register_forget(app: App, store: Store) -> None:
    assert app.installation_store is not None, "registered only for OAuth installs"
    tokens = TokenRevocationListeners(app.installation_store)

    @app.event("app_uninstalled")
    def forget_workspace(context: BoltContext) -> None:
        tokens.handle_app_uninstalled_events(context)
        ws = Workspace.for_install(context.enterprise_id, context.team_id, bool(context.is_enterprise_install))
        counts = store.delete_workspace_data(ws)
        log.info("app uninstalled: deleted the workspace's data",
                 extra={"workspace": str(ws), "rows": sum(counts.values())})
