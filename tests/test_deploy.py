"""deploy/ agrees with the app: image, env names, health path, port, command, non-root (no Docker here: we parse)."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings
from bot.server import HEALTH_PATH

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S = sorted((DEPLOY / "k8s").glob("*.yaml"))
SETTINGS_ENV = {name.upper() for name in Settings.model_fields}
PORT = Settings.model_fields["port"].default
SERVE = ["selfhost-bot", "serve", "--http", "--port", str(PORT)]
# Variables that are not ours but configure the runtime (Python, matplotlib's cache).
RUNTIME_ENV = {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK",
               "MPLCONFIGDIR"}


def _k8s() -> list[dict[str, Any]]:
    return [doc for f in K8S for doc in yaml.safe_load_all(f.read_text()) if doc]


def _kind(kind: str) -> dict[str, Any]:
    (found,) = [d for d in _k8s() if d["kind"] == kind]
    return found


def _pod(doc: dict[str, Any]) -> dict[str, Any]:
    spec = doc["spec"]
    return spec["jobTemplate"]["spec"]["template"]["spec"] if doc["kind"] == "CronJob" else spec["template"]["spec"]


def _compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _service() -> dict[str, Any]:
    (svc,) = _compose()["services"].values()
    return svc


def _dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text()


def _final_stage() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the last stage, continuation lines joined."""
    text = re.sub(r"\\\n", " ", _dockerfile())
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    pairs = [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1] if " " in ln else "") for ln in lines]
    last_from = max(i for i, (ins, _) in enumerate(pairs) if ins == "FROM")
    return pairs[last_from:]


def _instr(name: str) -> list[str]:
    return [args for ins, args in _final_stage() if ins == name]


def _dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for args in _instr("ENV"):
        for token in shlex.split(args):
            key, _, value = token.partition("=")
            env[key] = value
    return env


# --- every manifest parses -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*DEPLOY.glob("*.yaml"), *K8S], ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_parses(path):
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    assert docs and all(isinstance(d, dict) for d in docs)


def test_kubernetes_has_every_piece():
    kinds = sorted(d["kind"] for d in _k8s())
    assert kinds == ["CronJob", "Deployment", "PersistentVolumeClaim", "Service"]
    assert all(d.get("apiVersion") and d["metadata"].get("name") for d in _k8s())


# --- one image, one port, one health path, one command ---------------------------------------------


def test_compose_and_kubernetes_run_the_same_image():
    images = {_service()["image"]} | {c["image"] for d in _k8s() if d["kind"] in ("Deployment", "CronJob")
                                      for c in _pod(d)["containers"]}
    assert len(images) == 1, images
    assert "Dockerfile" in _service()["build"]["dockerfile"]


def test_dockerfile_serves_http_on_the_app_port_as_non_root_with_a_healthcheck():
    assert _instr("FROM")[-1].startswith("python:3.11-slim")
    (user,) = _instr("USER")
    assert user.split(":")[0] not in ("root", "0")
    (health,) = _instr("HEALTHCHECK")
    assert f"127.0.0.1:{PORT}{HEALTH_PATH}" in health and "urllib" in health
    (cmd,) = _instr("CMD")
    assert yaml.safe_load(cmd) == SERVE
    assert _instr("EXPOSE") == [str(PORT)]
    env = _dockerfile_env()
    assert env["SELFHOST_DB"].startswith("/data/")
    assert any("/data" in v for v in _instr("VOLUME"))


def test_compose_serves_the_same_command_port_and_health_path():
    svc = _service()
    assert svc["command"] == SERVE
    assert f"{PORT}:{PORT}" in svc["ports"]
    assert f"127.0.0.1:{PORT}{HEALTH_PATH}" in " ".join(svc["healthcheck"]["test"])
    data = [v for v in svc["volumes"] if v.endswith(":/data")]
    assert data and data[0].split(":")[0] in _compose()["volumes"]
    assert svc["environment"]["SELFHOST_DB"].startswith("/data/")


def test_deployment_probes_the_health_path_on_the_container_port():
    (c,) = _pod(_kind("Deployment"))["containers"]
    assert c["args"] == SERVE
    assert [p["containerPort"] for p in c["ports"]] == [PORT]
    for probe in ("livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": HEALTH_PATH, "port": PORT}
    assert _kind("Service")["spec"]["ports"][0]["targetPort"] == PORT


def test_sqlite_has_a_single_writer_on_one_volume():
    dep, cron, pvc = _kind("Deployment"), _kind("CronJob"), _kind("PersistentVolumeClaim")
    assert dep["spec"]["replicas"] == 1 and dep["spec"]["strategy"]["type"] == "Recreate"
    assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]
    for doc in (dep, cron):
        claims = [v["persistentVolumeClaim"]["claimName"] for v in _pod(doc)["volumes"] if "persistentVolumeClaim" in v]
        assert claims == [pvc["metadata"]["name"]]
        (c,) = _pod(doc)["containers"]
        db = next(e["value"] for e in c["env"] if e["name"] == "SELFHOST_DB")
        mount = next(m["mountPath"] for m in c["volumeMounts"] if m["name"] == "data")
        assert db.startswith(mount + "/")


def test_cronjob_runs_digests_and_the_server_scheduler_is_off():
    (c,) = _pod(_kind("CronJob"))["containers"]
    assert c["args"] == ["selfhost-bot", "digest", "run", "--once"]
    assert _kind("CronJob")["spec"]["concurrencyPolicy"] == "Forbid"
    (server,) = _pod(_kind("Deployment"))["containers"]
    env = {e["name"]: e for e in server["env"]}
    assert Settings(selfhost_scheduler=env["SELFHOST_SCHEDULER"]["value"]).selfhost_scheduler is False


# --- env var names: only ones the app reads; secrets by reference -----------------------------------


def _k8s_env() -> list[dict[str, Any]]:
    return [e for d in _k8s() if d["kind"] in ("Deployment", "CronJob") for c in _pod(d)["containers"]
            for e in c.get("env", [])]


def test_every_env_var_set_anywhere_is_one_the_app_reads():
    names = {e["name"] for e in _k8s_env()} | set(_service()["environment"]) | set(_dockerfile_env())
    unit = (DEPLOY / "systemd" / "selfhost-advisor.service").read_text()
    names |= set(re.findall(r"^Environment=(\w+)=", unit, re.MULTILINE))
    assert names - RUNTIME_ENV <= SETTINGS_ENV, sorted(names - RUNTIME_ENV - SETTINGS_ENV)
    assert {"SELFHOST_DB", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"} <= names


def test_kubernetes_secrets_are_references_not_values():
    secret = {n for n in SETTINGS_ENV if "TOKEN" in n or "SECRET" in n}
    for e in _k8s_env():
        if e["name"] in secret:
            assert "value" not in e and e["valueFrom"]["secretKeyRef"]["key"] == e["name"]
    assert all(d["kind"] != "Secret" for d in _k8s())


def test_containers_run_as_non_root():
    for doc in (_kind("Deployment"), _kind("CronJob")):
        pod = _pod(doc)
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
        for c in pod["containers"]:
            assert c["securityContext"]["allowPrivilegeEscalation"] is False


# --- systemd ----------------------------------------------------------------------------------------


def test_systemd_unit_is_hardened_and_serves_http():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # keys are case-sensitive
    unit.read(DEPLOY / "systemd" / "selfhost-advisor.service")
    svc = unit["Service"]
    exe, *args = svc["ExecStart"].split()
    assert exe.endswith("/bin/selfhost-bot") and args == SERVE[1:]
    assert svc["EnvironmentFile"].startswith("/etc/")
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "DynamicUser": "yes"}.items():
        assert svc[key] == value, key
    assert svc["CapabilityBoundingSet"] == ""
    assert "selfhost-advisor" in svc["StateDirectory"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_dockerignore_keeps_secrets_and_databases_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", "*.db", ".git", "tests"} <= ignored


# --- the image installs exactly the locked dependencies --------------------------------------------


def _lock() -> dict[str, str]:
    """deploy/requirements.lock → {name: version}; every requirement pinned with == and hashed."""
    text = (DEPLOY / "requirements.lock").read_text()
    reqs = re.sub(r"\\\n\s*", " ", text)
    pins: dict[str, str] = {}
    for line in reqs.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, rest = line.partition("==")
        assert rest and "--hash=sha256:" in rest, f"not pinned with a hash: {line[:80]}"
        pins[name.strip().lower().replace("_", "-")] = rest.split()[0]
    return pins


def test_dockerfile_installs_the_lock_with_hashes_and_the_app_without_dependencies():
    runs = " ".join(args for ins, args in _final_stage() if ins == "RUN")
    copies = [args for ins, args in _final_stage() if ins == "COPY"]
    assert any("deploy/requirements.lock" in c for c in copies)
    assert re.search(r"pip install --require-hashes --no-deps -r \S*requirements\.lock", runs)
    assert re.search(r"pip install --no-deps \"?\$\(ls /wheels/\*\.whl\)\"?", runs)
    assert "pip check" in runs


def test_the_lock_pins_every_dependency_within_the_declared_ranges():
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _lock()
    for spec in [*project["dependencies"], *project["optional-dependencies"]["chart"]]:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in deploy/requirements.lock"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {req.specifier}"
        assert not req.specifier.contains("999"), f"{name} has no upper bound on its major version"
