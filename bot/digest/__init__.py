"""The weekly cost digest: schedule (when), compose (what), chart (the picture), runner (exactly once)."""
