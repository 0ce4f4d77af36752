"""`prices refresh --gpus`: cloud GPU offers from a gpuhunt-format catalog served by a local HTTP server become the
rental rates the advisor uses; offline or on a bad answer, one sentence and nothing changes. No network."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from localhttp import serving

from bot.cli.common import local_knowledge
from bot.core.gpu_rates import GPU_NAMES, Offer, cheapest, device_for, on_demand
from bot.core.knowledge import load
from bot.gpu_refresh import offers_from_zip
from bot.store import Workspace, open_store

K = load()
# the columns gpuhunt publishes (its catalog v2 CSV format), in its order
COLUMNS = ["instance_name", "location", "price", "cpu", "memory", "gpu_count", "gpu_name", "gpu_memory", "spot",
           "disk_size", "gpu_vendor", "flags", "cpu_arch", "provider_data"]


def _row(instance: str, price: float | str, gpus: int, name: str, memory: float, *, location: str = "us-east-1",
         spot: bool = False, vendor: str = "nvidia", flags: str = "") -> dict[str, str]:
    return {"instance_name": instance, "location": location, "price": str(price), "cpu": "16", "memory": "128",
            "gpu_count": str(gpus), "gpu_name": name, "gpu_memory": str(memory), "spot": str(spot), "disk_size": "",
            "gpu_vendor": vendor, "flags": flags, "cpu_arch": "x86", "provider_data": "{}"}


CATALOGS = {
    "lambdalabs": [
        _row("gpu_1x_h100_pcie", 2.49, 1, "H100", 80),
        _row("gpu_8x_h100_sxm5", 23.92, 8, "H100", 80),
        _row("gpu_1x_gh200", 1.49, 1, "GH200", 96),  # a GPU the catalog does not list
        _row("gpu_1x_broken", "abc", 1, "H100", 80),  # a malformed row is skipped, not fatal
    ],
    "runpod": [
        _row("NVIDIA RTX PRO 6000 Blackwell Server Edition", 1.69, 1, "RTXPRO6000", 96, location="EU-RO-1"),
        _row("NVIDIA RTX PRO 6000 Blackwell Server Edition", 0.89, 1, "RTXPRO6000", 96, spot=True),  # spot: ignored
        _row("NVIDIA H100 80GB HBM3", 2.69, 1, "H100", 80),
    ],
    "aws": [
        _row("p5.48xlarge", 55.04, 8, "H100", 80),
        _row("p4d.24xlarge", 21.96, 8, "A100", 40),
    ],
    "oci": [_row("BM.GPU.MI355X.8", 68.0, 8, "MI355X", 288, vendor="amd", location="us-chicago-1")],
    "gcp": [_row("a3-highgpu-8g", 1.0, 8, "H100", 80, flags="gcp-dws-calendar-mode")],  # not on-demand
}


def _zip(provider: str, rows: list[dict[str, str]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(f"{provider}.csv", text.getvalue())
    return out.getvalue()


@pytest.fixture
def server():
    routes = {}
    for provider, rows in CATALOGS.items():
        routes[f"/v3/{provider}/version"] = (200, b"20261201-01\n")
        routes[f"/v3/{provider}/20261201-01/catalog.zip"] = (200, _zip(provider, rows))
    routes["/bad/lambdalabs/version"] = (200, b"1")
    routes["/bad/lambdalabs/1/catalog.zip"] = (200, b"PK not a zip")
    routes["/busy/aws/version"] = (503, b"busy")
    with serving(routes) as url:
        yield url


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SELFHOST_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "bot", "prices", *args], capture_output=True, text=True, env=env,
                          timeout=180)


def _offer(name: str, instance: str = "x", memory: float | None = 80, **kw) -> Offer:
    return Offer(kw.pop("provider", "runpod"), instance, "us", kw.pop("price", 2.0), kw.pop("gpus", 1), name, memory,
                 **kw)


# --- the mapping and the choice (pure) -------------------------------------------------------------


def test_every_mapped_device_is_in_the_catalog() -> None:
    for targets in GPU_NAMES.values():
        for device, _memory, pcie in targets:
            assert K.devices.find(device) is not None and (pcie is None or K.devices.find(pcie) is not None)


@pytest.mark.parametrize(("name", "instance", "memory", "device"), [
    ("H100", "gpu_1x_h100_pcie", 80, "h100-pcie"), ("H100", "p5.48xlarge", 80, "h100-sxm"),
    ("A100", "p4d.24xlarge", 40, "a100-sxm-40gb"), ("A100", "NC24ads_A100_v4 PCIe", 80, "a100-pcie-80gb"),
    ("V100", "p3.2xlarge", 16, None), ("V100", "p3dn.24xlarge", 32, "v100-32gb"),
    ("RTXPRO6000", "x", 96, "rtx-pro-6000-blackwell-server"), ("RTX 4090", "x", 24, "rtx-4090"),
    ("MI355X", "x", 288, "mi355x"), ("GH200", "x", 96, None), ("A100", "x", None, None),
])
def test_offers_map_to_catalog_devices_by_name_memory_and_form_factor(name, instance, memory, device) -> None:
    assert device_for(_offer(name, instance, memory)) == device


def test_spot_calendar_and_implausible_offers_are_not_on_demand() -> None:
    assert on_demand(_offer("H100"))
    assert not on_demand(_offer("H100", spot=True))
    assert not on_demand(_offer("H100", flags=("gcp-dws-calendar-mode",)))
    assert not on_demand(_offer("H100", price=0.0)) and not on_demand(_offer("H100", price=float("nan")))


def test_the_rate_is_the_cheapest_per_gpu_and_keeps_the_instance_it_came_from() -> None:
    offers = [_offer("H100", "8x", price=23.92, gpus=8, provider="lambdalabs"), _offer("H100", "1x", price=3.2),
              _offer("H100", "spot", price=1.0, spot=True)]
    rate = cheapest(offers, ["h100-sxm"])["h100-sxm"]
    assert (rate.provider, rate.instance, rate.gpus, rate.offers) == ("Lambda", "8x", 8, 2)
    assert rate.usd_per_gpu_hour == pytest.approx(2.99) and rate.median_usd_per_gpu_hour == pytest.approx(3.095)


# --- the command (real CLI, real database, local HTTP server) ------------------------------------


def test_refresh_gpus_reports_new_rates_keeps_them_and_the_advisor_uses_them(tmp_path: Path, server: str) -> None:
    db = tmp_path / "s.db"
    out = cli("refresh", "--gpus", "--url", f"{server}/v3", "--json", db=db)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {"url", "fetched_on", "catalogs", "offers", "rates", "changed", "unrentable"}
    assert report["catalogs"] == {p: "20261201-01" for p in CATALOGS} and report["offers"] == 7
    rates = {r["device"]: r for r in report["rates"]}
    assert set(rates) == {"h100-pcie", "h100-sxm", "a100-sxm-40gb", "rtx-pro-6000-blackwell-server", "mi355x"}
    assert rates["h100-sxm"]["usd_per_gpu_hour"] == 2.69 and rates["h100-sxm"]["provider"] == "RunPod"
    assert rates["mi355x"] == {"device": "mi355x", "usd_per_gpu_hour": 8.5, "provider": "Oracle Cloud",
                               "instance": "BM.GPU.MI355X.8", "location": "us-chicago-1",
                               "instance_usd_per_hour": 68.0, "gpus": 8, "offers": 1, "median_usd_per_gpu_hour": 8.5}
    changed = {c["device"]: c for c in report["changed"]}
    assert changed["mi355x"]["usd_per_gpu_hour"] == [None, 8.5]  # could not be rented at a known price before
    assert changed["h100-sxm"]["usd_per_gpu_hour"] == [K.devices.get("h100-sxm").rental.usd_per_hour, 2.69]
    assert "h20" in report["unrentable"] and "mi355x" not in report["unrentable"]

    with open_store(db) as store:
        k = local_knowledge(store, Workspace(None, "local"))
    mi = k.devices.get("MI355X").rental
    assert mi is not None and mi.usd_per_hour == 8.5 and mi.instance_devices == 8 and mi.provider == "Oracle Cloud"
    assert mi.as_of == dt.date.today() and "gpuhunt catalog" in mi.source
    assert k.devices.get("b300").rental == K.devices.get("b300").rental  # not in the fetched catalogs: unchanged

    again = cli("refresh", "--gpus", "--url", f"{server}/v3", db=db)
    assert again.returncode == 0 and "5 devices have a rate, 0 changed" in again.stdout
    assert "cannot be rented at a known price" in again.stdout and "h20" in again.stdout


@pytest.mark.parametrize(("path", "needle"), [("/bad", "cannot read"), ("/busy", "HTTP 503"),
                                              ("/nothing", "no GPU catalog")])
def test_a_bad_answer_is_one_sentence_and_changes_nothing(tmp_path: Path, server: str, path: str, needle: str) -> None:
    db = tmp_path / "s.db"
    out = cli("refresh", "--gpus", "--url", f"{server}{path}", db=db)
    assert out.returncode == 1 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "GPU rates not refreshed" in out.stderr and needle in out.stderr and "Traceback" not in out.stderr
    with open_store(db) as store:
        assert store.gpu_rate_snapshots.latest() is None


def test_no_network_says_so_in_one_sentence_and_keeps_the_rates_in_use(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = cli("refresh", "--gpus", "--url", "http://127.0.0.1:9/v3", db=db)
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "could not be reached" in out.stderr and "rental rates in use stay as they were" in out.stderr
    with open_store(db) as store:
        assert store.gpu_rate_snapshots.latest() is None
        k = local_knowledge(store, Workspace(None, "local"))
    assert k.devices.get("mi355x").rental is None


def test_a_catalog_zip_without_the_provider_csv_is_refused() -> None:
    with pytest.raises(ValueError, match="not a gpuhunt catalog"):
        offers_from_zip(_zip("aws", CATALOGS["aws"]), "runpod")
    assert len(offers_from_zip(_zip("aws", CATALOGS["aws"]), "aws")) == 2


def test_url_without_refresh_is_a_usage_error(tmp_path: Path) -> None:
    out = cli("--url", "http://x", db=tmp_path / "s.db")
    assert out.returncode == 2 and "only applies to `prices refresh`" in out.stderr


@pytest.mark.parametrize("payload", [{"rates": [{"device": "mi355x"}]}, {"rates": "x"}, {},
                                     {"rates": [{"device": "mi355x", "provider": "X", "instance": "i", "location": "l",
                                                 "instance_usd_per_hour": float("inf"), "gpus": 8, "offers": 1,
                                                 "median_usd_per_gpu_hour": 1.0}]}])
def test_a_kept_snapshot_this_version_cannot_use_leaves_the_shipped_rates(tmp_path: Path, payload: dict) -> None:
    with open_store(tmp_path / "s.db") as store:
        store.gpu_rate_snapshots.save("http://x", payload, dt.datetime.now(dt.UTC))
        k = local_knowledge(store, Workspace(None, "local"))
    assert k.devices.get("mi355x").rental is None and k.devices.get("b300").rental == K.devices.get("b300").rental


def test_prices_gpus_lists_the_rates_in_use_and_says_which_devices_cannot_be_rented(tmp_path: Path,
                                                                                     server: str) -> None:
    db = tmp_path / "s.db"
    rows = {r["device"]: r for r in json.loads(cli("--gpus", "--json", db=db).stdout)}
    assert rows["b300"]["usd_per_gpu_hour"] == 7.4 and rows["b300"]["as_of"] == "2026-08-26"
    assert rows["gb200"]["usd_per_gpu_hour"] == 10.5 and rows["gb200"]["instance_devices"] == 4
    assert rows["mi355x"] == {"device": "mi355x", "name": "Instinct MI355X", "usd_per_gpu_hour": None,
                              "provider": None, "instance_devices": None, "source": None, "as_of": None}
    text = cli("--gpus", "MI355X", db=db).stdout
    assert "Instinct MI355X" in text and "cannot be rented at a known price" in text
    assert cli("refresh", "--gpus", "--url", f"{server}/v3", db=db).returncode == 0
    after = {r["device"]: r for r in json.loads(cli("--gpus", "--json", db=db).stdout)}
    assert after["mi355x"]["usd_per_gpu_hour"] == 8.5 and after["mi355x"]["provider"] == "Oracle Cloud"
    assert after["mi355x"]["as_of"] == dt.date.today().isoformat()
    assert cli("--gpus", "--url", "http://x", db=db).returncode == 2  # --url belongs to refresh
    assert cli("--gpus", "no-such-gpu", db=db).returncode == 1
