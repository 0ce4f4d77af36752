"""The functional core: pure, no Slack, no storage, no network, no clock reads (time is passed in)."""
