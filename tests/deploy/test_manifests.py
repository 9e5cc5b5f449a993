"""The deployment files, checked offline: HAProxy's configurations by HAProxy itself (`haproxy -c`), supervisord's
by its own parser, the compose file and the Kubernetes manifests by reading them (PyYAML) and checking what the
deployment needs from each (no Docker daemon or cluster here), the image by reading its Dockerfile."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from _deploytools import need_tool

from scripts import serve

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "kubernetes"
VERSIONS = "/var/lib/radar/versions"


def _seconds(text: str) -> float:
    """A duration as HAProxy, Kubernetes annotations or nginx write it: 3600, 90s, 60m, 1h."""
    match = re.fullmatch(r"(\d+)(ms|s|m|h)?", str(text).strip())
    assert match, text
    return int(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]


def _haproxy_check(path: Path) -> None:
    result = subprocess.run([need_tool("haproxy"), "-c", "-f", str(path)], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


def _directives(config: str, section: str) -> list[str]:
    """The lines of one section (`defaults`, `backend streamlit`, ...) of an HAProxy configuration."""
    lines, inside = [], False
    for raw in config.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not raw.startswith((" ", "\t")):
            inside = line.strip() == section
            continue
        if inside:
            lines.append(line.strip())
    return lines


# ---- HAProxy and supervisord of `make serve` ----------------------------------------------------------------------

@pytest.fixture()
def rendered(tmp_path: Path) -> tuple[str, str]:
    workers = [serve.Worker("worker_1", 18611), serve.Worker("worker_2", 18612)]
    haproxy = serve.local_haproxy_config(workers, "127.0.0.1", 18600, tmp_path)
    supervisor = serve.supervisor_config(workers, tmp_path, "/usr/sbin/haproxy")
    (tmp_path / "haproxy.cfg").write_text(haproxy, encoding="utf-8")
    (tmp_path / "supervisord.conf").write_text(supervisor, encoding="utf-8")
    return haproxy, supervisor


def test_make_serve_s_haproxy_config_is_valid_sticky_and_keeps_websockets_open(rendered: tuple[str, str],
                                                                                tmp_path: Path) -> None:
    haproxy, _ = rendered
    _haproxy_check(tmp_path / "haproxy.cfg")
    backend = _directives(haproxy, "backend streamlit")
    defaults = _directives(haproxy, "defaults")
    assert "cookie RADAR_WORKER insert indirect nocache httponly" in backend
    assert "option httpchk GET /_stcore/health" in backend
    assert "http-check expect string ok" in backend
    assert "server worker_1 127.0.0.1:18611 check cookie worker_1" in backend
    assert "server worker_2 127.0.0.1:18612 check cookie worker_2" in backend
    assert "option redispatch 1" in defaults
    tunnel = next(d for d in defaults if d.startswith("timeout tunnel"))
    assert _seconds(tunnel.split()[-1]) >= 3600
    assert _seconds(next(d for d in defaults if d.startswith("timeout connect")).split()[-1]) <= 5
    assert _directives(haproxy, "frontend radar")[0] == "bind 127.0.0.1:18600"


def test_make_serve_s_supervisor_config_keeps_every_worker_and_haproxy_alive(rendered: tuple[str, str]) -> None:
    _, supervisor = rendered
    ini = configparser.RawConfigParser()
    ini.read_string(supervisor)
    assert ini.get("supervisord", "nodaemon") == "true"
    programs = {s.split(":", 1)[1]: dict(ini.items(s)) for s in ini.sections() if s.startswith("program:")}
    assert set(programs) == {"worker_1", "worker_2", "haproxy"}
    for name, program in programs.items():
        assert program["autorestart"] == "true", name
        assert program["stopasgroup"] == program["killasgroup"] == "true", name
    for name, port in (("worker_1", 18611), ("worker_2", 18612)):
        args = shlex.split(programs[name]["command"])
        assert args[1:4] == ["-m", "streamlit", "run"]
        assert {"--server.fileWatcherType=none", "--server.headless=true", "--server.address=127.0.0.1",
                f"--server.port={port}"} <= set(args)
    assert shlex.split(programs["haproxy"]["command"])[1] == "-db"  # in the foreground, under supervisord


def test_supervisord_itself_accepts_the_config(rendered: tuple[str, str], tmp_path: Path) -> None:
    need_tool("supervisord")
    python = shutil.which("python3", path="/usr/bin")
    probe = ("import sys; from supervisor.options import ServerOptions; o = ServerOptions(); "
             "o.realize(['-c', sys.argv[1]]); print(sorted(g.name for g in o.process_group_configs))")
    result = subprocess.run([python, "-c", probe, str(tmp_path / "supervisord.conf")], capture_output=True,
                            text=True, timeout=30)
    if "No module named 'supervisor'" in result.stderr:
        pytest.skip("supervisord is not Debian's (its Python package is elsewhere)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['haproxy', 'worker_1', 'worker_2']"


# ---- compose -----------------------------------------------------------------------------------------------------

def test_compose_haproxy_config_is_the_rendered_template_and_valid() -> None:
    committed = DEPLOY / "compose" / "haproxy.cfg"
    assert committed.read_text(encoding="utf-8") == serve.compose_haproxy_config(), \
        "deploy/compose/haproxy.cfg is stale: python -m scripts.serve --render-compose > deploy/compose/haproxy.cfg"
    _haproxy_check(committed)
    backend = _directives(committed.read_text(encoding="utf-8"), "backend streamlit")
    assert "cookie RADAR_WORKER insert indirect nocache httponly dynamic" in backend
    template = next(d for d in backend if d.startswith("server-template"))
    assert "radar:8501" in template and "resolvers docker" in template


def test_compose_runs_haproxy_replicas_and_one_publisher_on_a_shared_versions_volume() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"radar", "publisher", "lb"}
    radar, publisher, lb = services["radar"], services["publisher"], services["lb"]
    assert radar["build"]["dockerfile"] == "Dockerfile"
    assert (DEPLOY / radar["build"]["context"] / "Dockerfile").is_file()
    assert str(radar["deploy"]["replicas"]).startswith("${RADAR_REPLICAS")
    assert publisher["deploy"]["replicas"] == 1

    def versions_mount(service: dict) -> dict:
        return next(v for v in service["volumes"] if v["source"] == "versions")

    assert versions_mount(radar) == {"type": "volume", "source": "versions", "target": VERSIONS, "read_only": True}
    assert versions_mount(publisher)["target"] == VERSIONS and not versions_mount(publisher).get("read_only")
    assert "versions" in compose["volumes"]
    for service in (radar, publisher):
        assert service["environment"]["RADAR_VERSIONS"] == VERSIONS
        assert service["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${RADAR_COOKIE_SECRET:?")
    assert lb["command"][:3] == ["haproxy", "-db", "-f"]
    config = next(v for v in lb["volumes"] if v["target"] == lb["command"][3])
    assert (DEPLOY / config["source"]).resolve() == (DEPLOY / "compose" / "haproxy.cfg").resolve()
    assert lb["depends_on"]["radar"]["condition"] == "service_healthy"
    assert any(str(p).endswith(":8080") for p in lb["ports"])


def test_docker_compose_accepts_the_file_when_docker_compose_is_here() -> None:
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30).returncode:
        pytest.skip("no `docker compose` on this machine (the structural test above still runs)")
    result = subprocess.run([docker, "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
                            capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin:/usr/local/bin", "RADAR_COOKIE_SECRET": "x" * 32})
    assert result.returncode == 0, result.stderr


# ---- Kubernetes --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def manifests() -> dict[tuple[str, str], dict]:
    found = {}
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            assert {"apiVersion", "kind", "metadata"} <= set(doc), path
            found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_kustomize_builds_them_with_the_image_named_once_when_kubectl_is_here(manifests: dict) -> None:
    kubectl = shutil.which("kubectl")
    if not kubectl:
        pytest.skip("no kubectl on this machine (the structural tests still run)")
    result = subprocess.run([kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    built = list(yaml.safe_load_all(result.stdout))
    assert sorted((d["kind"], d["metadata"]["name"]) for d in built) == sorted(manifests)
    image = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))["images"][0]
    used = {c["image"] for d in built if d["kind"] == "Deployment" for c in d["spec"]["template"]["spec"]["containers"]}
    assert used == {f"{image['newName']}:{image['newTag']}"}


def _container(deployment: dict) -> dict:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_viewers_are_probed_on_health_sized_to_one_core_and_read_versions_read_only(manifests: dict) -> None:
    deployment = manifests[("Deployment", "radar")]
    pod = deployment["spec"]["template"]["spec"]
    container = _container(deployment)
    assert deployment["spec"]["replicas"] >= 2
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    assert container["resources"]["requests"]["cpu"] == container["resources"]["limits"]["cpu"] == "1"
    assert {"memory"} <= set(container["resources"]["requests"]) & set(container["resources"]["limits"])
    assert "--server.fileWatcherType=none" in container["args"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    env = {e["name"]: e for e in container["env"]}
    assert env["RADAR_VERSIONS"]["value"] == VERSIONS
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]["name"] == "radar"
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == VERSIONS)
    assert mount["readOnly"] is True
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["persistentVolumeClaim"]["claimName"] == "radar-versions"
    assert "ReadWriteMany" in manifests[("PersistentVolumeClaim", "radar-versions")]["spec"]["accessModes"]


def test_one_publisher_writes_the_versions(manifests: dict) -> None:
    deployment = manifests[("Deployment", "radar-publisher")]
    container = _container(deployment)
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"]["type"] == "Recreate"  # never two at once, not even during a rollout
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == VERSIONS)
    assert not mount.get("readOnly")
    assert container["readinessProbe"]["httpGet"] == {"path": "/_stcore/health", "port": "http"}


def test_services_select_their_pods_and_the_ingress_is_sticky_with_long_websocket_timeouts(manifests: dict) -> None:
    for deployment, service in (("radar", "radar"), ("radar-publisher", "radar-publisher")):
        labels = manifests[("Deployment", deployment)]["spec"]["template"]["metadata"]["labels"]
        spec = manifests[("Service", service)]["spec"]
        assert spec["selector"].items() <= labels.items(), service
        ports = {p["name"] for p in _container(manifests[("Deployment", deployment)])["ports"]}
        assert {p["targetPort"] for p in spec["ports"]} <= ports
    viewers = manifests[("Service", "radar")]["metadata"]["annotations"]
    assert viewers["haproxy.org/cookie-persistence"] == "RADAR_WORKER"
    assert viewers["haproxy.org/check-http"] == "/_stcore/health"

    ingress = manifests[("Ingress", "radar")]
    notes = ingress["metadata"]["annotations"]
    assert ingress["spec"]["ingressClassName"] == "haproxy"
    tunnel = re.search(r"^timeout tunnel (\S+)$", notes["haproxy.org/backend-config-snippet"], re.M).group(1)
    assert _seconds(tunnel) >= 3600
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    for key in ("nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout"):
        assert _seconds(notes[key]) >= 3600
    backends = {p["backend"]["service"]["name"]: p["backend"]["service"]["port"]["name"]
                for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert backends == {"radar": "http", "radar-publisher": "http"}
    pdb = manifests[("PodDisruptionBudget", "radar")]["spec"]["selector"]["matchLabels"]
    assert pdb.items() <= manifests[("Deployment", "radar")]["spec"]["template"]["metadata"]["labels"].items()


# ---- the image ---------------------------------------------------------------------------------------------------

def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_image_is_debian_with_chromium_and_fonts_runs_as_a_user_and_checks_its_health() -> None:
    steps = _instructions()
    kinds = [k for k, _ in steps]
    assert steps[0][0] == "FROM" and re.match(r"debian:(bookworm|trixie)", steps[0][1])
    installs = " ".join(arg for k, arg in steps if k == "RUN" and "apt-get install" in arg)
    for package in ("chromium", "fonts-dejavu-core", "python3", "haproxy", "supervisor", "tini"):
        assert re.search(rf"\b{package}\b", installs), package
    user = [arg for k, arg in steps if k == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert kinds.index("USER") > max(i for i, (k, a) in enumerate(steps) if k == "RUN")
    assert any("/_stcore/health" in arg for k, arg in steps if k == "HEALTHCHECK")
    env = " ".join(arg for k, arg in steps if k == "ENV")
    assert f"RADAR_VERSIONS={VERSIONS}" in env
    assert any(VERSIONS in arg for k, arg in steps if k == "VOLUME")
    cmd = next(arg for k, arg in reversed(steps) if k == "CMD")
    assert "--server.fileWatcherType=none" in cmd
    assert any(k == "COPY" and arg.split()[0] == "." for k, arg in steps)  # the app and its warehouse


def test_the_image_leaves_out_secrets_and_local_state() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".streamlit/secrets.toml", "data/versions", ".venv", ".git"} <= ignored
    assert not {"data", "data/warehouse", "radar", "app.py", "app_pages", "docs"} & ignored
