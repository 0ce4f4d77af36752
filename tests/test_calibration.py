"""The engine against the measured rows it may be fitted on, and (in aggregate only) against the held-out rows.

Constants in knowledge/engines.yaml are fitted on tests/data/speed_calibration.yaml only; the held-out rows
(tests/data/speed_holdout.yaml, tests/data/holdout_figures.yaml) were never tuned on. These tests keep the
recorded accuracy from regressing; the figures themselves are in docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # bench/ holds plain scripts, not a package

import accuracy  # noqa: E402


@pytest.fixture(scope="module")
def fitted(knowledge):
    return accuracy.evaluate(knowledge, accuracy.fitted_rows())


@pytest.fixture(scope="module")
def holdout(knowledge):
    return accuracy.evaluate(knowledge, accuracy.holdout_rows())


def _errors(results, *kinds, family=None):
    return [
        abs(r.error) for r in results
        if r.row.kind in kinds and r.error is not None and (family is None or r.family == family)
    ]


def test_every_file_row_is_read_with_a_source():
    rows = accuracy.fitted_rows() + accuracy.all_holdout_rows()
    assert len(rows) == 245 + 5 + 6 + 159 + 69 + 66  # + 5 + 6: the two sg- CPU batches' calibration sides
    assert len(accuracy.holdout_v2_rows()) == 66
    assert len(accuracy.holdout_cpu_rows()) == 10 + 6
    assert all(len(r.source) > 5 for r in rows)
    assert {r.kind for r in rows} == {"size", "bpw", "nominal_bpw", "decode", "prefill", "serving"}


def test_a_row_is_scored_or_says_why_not(fitted, holdout):
    for r in fitted + holdout:
        assert (r.predicted is None) == (r.skipped is not None), (r.row.id, r.skipped)


def test_shared_measured_rows_are_all_predicted(fitted):
    """The copies of measured-figures.yaml (mf-NNN) describe catalog setups only."""
    missed = [r.row.id for r in fitted if r.row.id.startswith("mf-") and r.skipped
              and r.row.quant not in {"Q4_1", "Q5_0", "Q5_1"}]  # legacy formats the catalog does not carry
    assert not missed


def test_weight_sizes_within_3_percent_median(fitted, holdout):
    assert accuracy.percentile(_errors(fitted, "size", "bpw", "nominal_bpw"), 0.5) <= 0.03
    assert accuracy.percentile(_errors(holdout, "size"), 0.5) <= 0.03


def test_dense_single_stream_decode_within_10_percent_median(fitted, holdout):
    assert accuracy.percentile(_errors(fitted, "decode", family="dense"), 0.5) <= 0.10
    assert accuracy.percentile(_errors(holdout, "decode", family="dense"), 0.5) <= 0.10


def test_engine_beats_the_naive_roofline_on_decode(fitted):
    scored = [r for r in fitted if r.row.kind == "decode" and r.error is not None]
    engine = accuracy.percentile([abs(r.error) for r in scored], 0.5)
    naive = accuracy.percentile([abs(r.naive_error) for r in scored], 0.5)
    assert engine < naive / 3


def test_percentile_and_factor():
    assert accuracy.percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert accuracy.percentile([0.0, 10.0], 0.9) == pytest.approx(9.0)
    assert accuracy.factor(0.35) == pytest.approx(1.35)
    assert accuracy.factor(-0.5) == pytest.approx(2.0)


def test_per_gpu_serving_figures_are_scored_for_the_replica():
    row = accuracy.Row("serving", "DeepSeek-R1", "FP8", "H200", 75.0, "test", gpus=8, metric="output_tps_per_gpu")
    assert row.replica_measured == 600.0
    assert not accuracy.Row("decode", "m", "q", "h", 1.0, "s", speculative="MTP").scorable_metric


def test_paths_are_where_ci_expects_them():
    assert Path(accuracy.__file__).parent.name == "bench"
    assert str(Path(accuracy.__file__).parent) in sys.path
