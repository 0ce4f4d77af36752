"""The recipes of docs/architecture.md, each done once: adding a GPU is a YAML entry and nothing else.

(The other recipes have their own tests: a trigger — test_tree.py::test_adding_a_trigger_is_a_yaml_edit and
::test_the_trees_hard_flags_drive_the_verdict; a sub-command — test_e2e_commands.py::
test_post_to_channel_reposts_the_answer_and_removes_the_ephemeral, which adds one row to the table; a store
backend — test_store_contract.py's BACKENDS.)
"""

from __future__ import annotations

import copy
import shutil

import yaml

from bot.core.advise import recommend
from bot.core.knowledge import default_dir, load
from bot.core.profile import build_profile
from bot.core.sizing import EstimateRequest, estimate


def test_adding_a_gpu_is_one_yaml_entry(tmp_path):
    kdir = tmp_path / "knowledge"
    shutil.copytree(default_dir(), kdir)
    raw = yaml.safe_load((kdir / "hardware.yaml").read_text())
    base = next(d for d in raw["devices"] if d["id"] == "h100-pcie")
    new = copy.deepcopy(base)
    new.update(id="x300-test", name="X300 Test", aliases=["X300"], bandwidth_gbps=base["bandwidth_gbps"] * 2,
               memory_gb=base["memory_gb"] * 2)
    raw["devices"].append(new)
    (kdir / "hardware.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))

    k = load(kdir)
    assert k.devices.get("X300").id == "x300-test"  # found by its alias too
    request = {"model": "llama-3.1-70b", "quant": "fp8", "context": 4096}
    fast = estimate(k, EstimateRequest(**request, hardware="x300-test"))
    slow = estimate(k, EstimateRequest(**request, hardware="h100-pcie"))
    assert fast.fits and fast.decode_tokens_per_s > 1.5 * slow.decode_tokens_per_s  # twice the bandwidth
    rec = recommend(k, build_profile({"tokens_per_day": "300M", "hardware": "X300", "hardware_count": 2}))
    assert any("X300 Test" in o.label for o in rec.costs.options)  # the team's own X300s are costed
