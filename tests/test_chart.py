"""The break-even chart: its numbers are the cost engine's, at several volumes; the PNG is a real PNG."""

from __future__ import annotations

import struct

import pytest

from bot.core.advise import cost_report, recommend
from bot.core.curves import CostCurves, cost_curves, volume_grid
from bot.core.profile import build_profile
from bot.render.chart import render_png

MID = build_profile({"tokens_per_day": "60M", "capability": "mid", "infra_skills": "basic"})
RESTRICTED = build_profile({"tokens_per_day": "300M", "capability": "mid", "data_sensitivity": "restricted"})


def _engine(knowledge, profile, volume):
    """The engine's figures at one volume: (team API, hosted open-weight API, best self-host) $/month."""
    costs = cost_report(knowledge, profile.model_copy(update={"tokens_per_day": volume})).costs
    by_id = {o.id: o for o in costs.options}
    hosted = next((o for o in costs.options if o.kind == "hosted_open"), None)
    best = by_id.get(costs.self_host_option)
    return by_id[costs.api_option].monthly_usd, hosted and hosted.monthly_usd, best and best.monthly_usd


@pytest.mark.parametrize("profile", [MID, RESTRICTED], ids=["mid", "restricted"])
def test_plotted_series_are_the_engines_figures_at_several_volumes(knowledge, profile):
    curves = cost_curves(knowledge, profile)
    api, hosted, own = (curves.curve(f) for f in ("api", "hosted_open", "self_host"))
    assert api and hosted and own
    # every 30th grid point, the team's volume and the break-evens are compared with the engine run there
    picks = {*range(0, len(curves.volumes), 30), curves.volumes.index(curves.team_volume)}
    picks |= {curves.volumes.index(b.volume) for b in curves.break_evens}
    assert len(picks) >= 6
    for i in sorted(picks):
        x = curves.volumes[i]
        e_api, e_hosted, e_own = _engine(knowledge, profile, x)
        assert api.monthly[i] == pytest.approx(e_api, rel=1e-9), x
        assert hosted.monthly[i] == pytest.approx(e_hosted, rel=1e-9), x
        if e_own is not None:
            assert own.monthly[i] == pytest.approx(e_own, rel=1e-9), x


def test_break_evens_are_the_engines_and_the_lines_cross_there(knowledge):
    curves = cost_curves(knowledge, MID)
    costs = cost_report(knowledge, MID).costs
    engine = [costs.break_even_api_tokens_per_day, costs.break_even_hosted_tokens_per_day]
    assert [b.volume for b in curves.break_evens] == pytest.approx([v for v in engine if v is not None])
    api, own = curves.curve("api"), curves.curve("self_host")
    be = costs.break_even_api_tokens_per_day
    above = [(a, s) for x, a, s in zip(curves.volumes, api.monthly, own.monthly, strict=True) if x > be * 1.001]
    assert above and all(s is not None and s <= a for a, s in above)  # self-hosting stays cheaper above it
    if costs.break_even_hosted_tokens_per_day is not None or costs.break_even_tokens_per_day is not None:
        assert costs.break_even_tokens_per_day == max(b.volume for b in curves.break_evens)


def test_ruled_out_families_are_marked_and_the_team_volume_is_a_grid_point(knowledge):
    rec = recommend(knowledge, RESTRICTED)
    ruled = {o.kind for o in rec.costs.options if not o.possible}
    curves = cost_curves(knowledge, RESTRICTED)  # the tree's hard constraints, as the answer's cost table
    assert ruled == {"api", "hosted_open"}
    assert [c.ruled_out for c in curves.curves] == [True, True, False]
    assert not any(c.ruled_out for c in cost_curves(knowledge, MID).curves)
    assert 3e8 in curves.volumes and curves.volumes == sorted(curves.volumes)
    assert CostCurves.from_dict(curves.to_dict()) == curves


def test_grid_holds_its_marks_within_bounds():
    grid = volume_grid(11, 5e7, None, 2e9)
    assert 5e7 in grid and 2e9 in grid and grid[0] == pytest.approx(5e7 / 30) and grid[-1] == pytest.approx(6e10)
    assert volume_grid(5, 1e13)[-1] == 1e13 and volume_grid(5, 1.0)[0] == 1e3


def test_a_chart_needs_a_volume(knowledge):
    with pytest.raises(ValueError, match="tokens_per_day"):
        cost_curves(knowledge, build_profile({"capability": "mid"}))


def test_png_is_960_by_540(knowledge):
    png = render_png(cost_curves(knowledge, RESTRICTED, ruled_out={"api"}))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (960, 540) and 10_000 < len(png) < 500_000
