"""Terminal rendering of Recommendations: one screen, aligned costs, colours only when asked."""

from __future__ import annotations

import re

import pytest

from bot.render.text import render_recommendation_text
from tests import fixtures_recs as fx

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TYPICAL = ["self_host_restricted", "api_low_volume", "hybrid", "conflict", "sparse", "impossible"]


@pytest.mark.parametrize("name", TYPICAL)
def test_typical_fixture_fits_one_screen_without_ansi(name):
    text = render_recommendation_text(fx.ALL[name](), color=False)
    lines = text.splitlines()
    assert len(lines) <= 45
    assert max(len(line) for line in lines) <= 100
    assert not ANSI.search(text)


def test_colour_only_when_asked_and_every_colour_is_reset():
    text = render_recommendation_text(fx.conflict_restricted_frontier(), color=True)
    assert ANSI.search(text)
    for line in text.splitlines():
        codes = ANSI.findall(line)
        if codes:
            assert codes[-1] == "\x1b[0m", line  # nothing bleeds into the next line
    assert ANSI.sub("", text) == render_recommendation_text(fx.conflict_restricted_frontier(), color=False)


def test_verdict_line_and_findings():
    rec = fx.api_low_volume()
    text = render_recommendation_text(rec, color=False)
    assert text.splitlines()[0] == "USE THE API  (confidence: high)"
    for f in rec.blockers:
        assert f"[{f.id}]" in text
    assert "from your message: 'we don't have anyone for infra'" in text
    assert render_recommendation_text(fx.hybrid(), color=False).startswith("HYBRID")
    assert render_recommendation_text(fx.self_host_restricted(), color=False).startswith(
        "SELF-HOST — on-prem GPUs")


def test_cost_table_columns_are_aligned_and_marked():
    text = render_recommendation_text(fx.impossible_hardware(), color=False)
    lines = text.splitlines()
    start = lines.index("Costs") + 1
    rows = lines[start : start + 5]
    ends = {row.index("/mo") for row in rows[1:]}
    assert len(ends) == 1, rows  # $/month right-aligned: '/mo' ends in the same column
    assert "✗ does not fit: 440 GB needed" in text
    assert any("Rent 4 × H100" in row and "← cheapest" in row for row in rows)
    assert "$7,500/mo" in text and "$0.82 / 1M" in text and "$120,000" in text


def test_path_is_numbered_and_long_paths_are_summarised():
    text = render_recommendation_text(fx.huge(), color=False)
    assert "  1. " in text and "  14. " in text and "  15. " not in text
    assert "…and 26 more steps (run with --full to see them)" in text
    assert len([line for line in text.splitlines() if line.startswith("  14. ")]) == 1  # one line a step
    full = render_recommendation_text(fx.huge(), color=False, full=True)
    assert "  40. " in full and "more steps" not in full


def test_full_mode_wraps_instead_of_shortening():
    rec = fx.huge()
    full = render_recommendation_text(rec, color=False, full=True, width=80)
    assert all(len(line) <= 80 for line in full.splitlines())
    flat = " ".join(full.split())
    assert rec.path[-1].rule in flat
    assert rec.triggers[-1].why in flat and rec.notes[-1] in flat


def test_impossible_plan_names_smallest_working_config():
    text = render_recommendation_text(fx.impossible_hardware(), color=False)
    assert "✗ not possible: Needs 440 GB; 2 × RTX 4090 hold 48 GB." in text
    assert "smallest working config: 8 × H200 141GB (tensor parallel)" in text


def test_sparse_profile_lists_missing_in_order():
    rec = fx.sparse_low_confidence()
    text = render_recommendation_text(rec, color=False)
    positions = [text.index(f"[{m.field}]") for m in rec.missing]
    assert positions == sorted(positions)
    assert "Costs" not in text
