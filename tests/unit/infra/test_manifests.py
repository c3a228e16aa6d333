"""infra/: compose and the Kubernetes manifests run real commands, set settings Signpost reads,
probe real routes, and agree on one image and one port."""

from __future__ import annotations

import argparse
import json
import re
import shlex
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import eventsourcing.postgres
import pytest
import yaml
from litestar import Litestar

from services.cli import build_parser, cmd_run, cmd_serve
from services.settings import PROJECT_ROOT, Settings

INFRA = PROJECT_ROOT / "infra"
K8S = INFRA / "k8s"


# -- reading the files ---------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((INFRA / "compose.yaml").read_text())
    return loaded


@cache
def manifests() -> tuple[dict[str, Any], ...]:
    """Every Kubernetes object in infra/k8s (the kustomization apart)."""
    return tuple(
        doc
        for path in sorted(K8S.glob("*.yaml"))
        if path.name != "kustomization.yaml"
        for doc in yaml.safe_load_all(path.read_text())
        if doc
    )


def objects(kind: str) -> list[dict[str, Any]]:
    return [m for m in manifests() if m["kind"] == kind]


def deployment(name: str) -> dict[str, Any]:
    (found,) = [d for d in objects("Deployment") if d["metadata"]["name"] == name]
    return found


def pod_containers() -> Iterator[tuple[str, dict[str, Any]]]:
    for d in objects("Deployment"):
        for container in d["spec"]["template"]["spec"]["containers"]:
            yield d["metadata"]["name"], container


@cache
def dockerfile() -> dict[str, list[str]]:
    """The final stage's instructions, by name (continuation lines joined)."""
    text = re.sub(r"\\\n", " ", (INFRA / "Dockerfile").read_text())
    stage: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, rest = line.strip().partition(" ")
        if instruction == "FROM":
            stage = {}
        stage.setdefault(instruction, []).append(rest.strip())
    return stage


def dockerfile_env() -> dict[str, str]:
    pairs = [p for line in dockerfile()["ENV"] for p in shlex.split(line)]
    return dict(p.split("=", 1) for p in pairs)


def signpost_services() -> dict[str, dict[str, Any]]:
    """The compose services that run Signpost's image."""
    return {
        name: service
        for name, service in compose()["services"].items()
        if str(service.get("image", "")).startswith("signpost:")
    }


# -- what Signpost offers ------------------------------------------------------------------


class _Recording(Mapping[str, str]):
    """An empty environment that remembers every name asked of it."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@cache
def settings_read() -> frozenset[str]:
    """The environment variables Settings.from_env reads."""
    env = _Recording()
    Settings.from_env(env)
    return frozenset(env.asked)


@cache
def known_variables() -> frozenset[str]:
    """Signpost's settings and the eventsourcing PostgreSQL recorder's own."""
    postgres = {
        value
        for cls in eventsourcing.postgres.PostgresFactory.__mro__
        for name, value in vars(cls).items()
        if name.startswith("POSTGRES_") and isinstance(value, str)
    }
    return settings_read() | postgres


def get_routes(app: Litestar) -> frozenset[str]:
    return frozenset(route.path for route in app.routes if "GET" in getattr(route, "methods", ()))


def command_of(argv: list[str], where: str) -> argparse.Namespace:
    assert argv and argv[0] == "signpost", f"{where} runs {argv}, not the signpost command"
    try:
        return build_parser().parse_args(argv[1:])
    except SystemExit:
        pytest.fail(f"{where}: `{' '.join(argv)}` is not a signpost subcommand")


def healthcheck_urls() -> dict[str, str]:
    found = {}
    for name, service in signpost_services().items():
        if "healthcheck" in service:
            test = " ".join(service["healthcheck"]["test"])
            match = re.search(r"https?://[^'\" ]+", test)
            assert match, f"{name}'s healthcheck names no URL"
            found[name] = match.group(0)
    return found


# -- the checks -----------------------------------------------------------------------------


def test_the_settings_recorder_sees_what_from_env_reads() -> None:
    assert {"SIGNPOST_PROJECT", "POSTGRES_PASSWORD", "MEILI_URL"} <= settings_read()
    assert {
        "SIGNPOST_TRUSTED_PROXIES",
        "SIGNPOST_SMTP_HOST",
        "SIGNPOST_WEB_WORKERS",
    } <= settings_read()
    assert "POSTGRES_POOL_SIZE" in known_variables()


def test_compose_runs_web_replicas_and_projectors_beside_postgres_and_meilisearch() -> None:
    services = compose()["services"]
    assert {"postgres", "meilisearch", "web", "projector"} <= services.keys()
    assert services["meilisearch"]["image"] == "getmeili/meilisearch:v1.21"
    assert services["postgres"]["image"].startswith("postgres:")
    web, projector = services["web"], services["projector"]
    assert web["deploy"]["replicas"] >= 2 and projector["deploy"]["replicas"] >= 2
    assert web["environment"]["SIGNPOST_PROJECT"] == "0"
    assert "SIGNPOST_PROJECT" not in projector["environment"]
    assert command_of(web["command"], "compose web").func is cmd_serve
    assert command_of(projector["command"], "compose projector").func is cmd_run


def test_kubernetes_runs_three_web_pods_and_two_projectors() -> None:
    web, projector = deployment("signpost-web"), deployment("signpost-projector")
    assert web["spec"]["replicas"] == 3 and projector["spec"]["replicas"] == 2
    (web_container,) = web["spec"]["template"]["spec"]["containers"]
    assert {"name": "SIGNPOST_PROJECT", "value": "0"} in web_container["env"]
    assert web_container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert web_container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert {m["kind"] for m in manifests()} == {"ConfigMap", "Secret", "Deployment", "Service"}


def test_every_command_is_a_signpost_subcommand() -> None:
    commands = {f"compose {n}": s["command"] for n, s in signpost_services().items()}
    for deployment_name, container in pod_containers():
        commands[f"{deployment_name}/{container['name']}"] = [
            *container.get("command", []),
            *container.get("args", []),
        ]
    commands["Dockerfile CMD"] = json.loads(dockerfile()["CMD"][-1])
    assert len(commands) >= 5
    funcs = {where: command_of(argv, where).func for where, argv in commands.items()}
    assert funcs["signpost-web/web"] is cmd_serve and funcs["Dockerfile CMD"] is cmd_serve
    assert funcs["signpost-projector/projector"] is cmd_run


def test_every_environment_variable_is_one_signpost_or_its_event_store_reads() -> None:
    set_by: dict[str, set[str]] = {}
    for name, service in signpost_services().items():
        for variable in service["environment"]:
            set_by.setdefault(variable, set()).add(f"compose {name}")
    for variable in dockerfile_env():
        set_by.setdefault(variable, set()).add("Dockerfile ENV")
    for kind, field in (("ConfigMap", "data"), ("Secret", "stringData")):
        for obj in objects(kind):
            for variable in obj.get(field, {}):
                set_by.setdefault(variable, set()).add(f"{kind} {obj['metadata']['name']}")
    for deployment_name, container in pod_containers():
        for entry in container.get("env", []):
            set_by.setdefault(entry["name"], set()).add(deployment_name)
    unknown = {v: sorted(w) for v, w in set_by.items() if v not in known_variables()}
    assert not unknown, f"set but never read: {unknown}"
    assert len(set_by) >= 10


def test_settings_are_strings_and_the_secret_holds_only_marked_placeholders() -> None:
    for obj in objects("ConfigMap"):
        assert all(isinstance(v, str) for v in obj["data"].values()), obj["metadata"]["name"]
    for _, container in pod_containers():
        assert all(isinstance(e["value"], str) for e in container.get("env", []) if "value" in e)
    for name, service in signpost_services().items():
        assert all(isinstance(v, str) for v in service["environment"].values()), name
    (secret,) = objects("Secret")
    assert secret["stringData"] and all(
        value.startswith("CHANGE-ME") for value in secret["stringData"].values()
    )
    assert "PLACEHOLDERS" in (K8S / "secret.yaml").read_text()


def test_passwords_and_keys_come_from_the_secret_not_the_configmap() -> None:
    secret_names = {"POSTGRES_PASSWORD", "MEILI_MASTER_KEY", "SIGNPOST_ADMIN_TOKEN"}
    (config,) = objects("ConfigMap")
    (secret,) = objects("Secret")
    assert not secret_names & config["data"].keys()
    assert secret_names <= secret["stringData"].keys()
    assert "SIGNPOST_SMTP_PASSWORD" in secret["stringData"]


def test_every_probe_and_healthcheck_path_is_a_route_of_the_app(app: Litestar) -> None:
    paths: dict[str, str] = {}
    for deployment_name, container in pod_containers():
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if probe in container:
                paths[f"{deployment_name} {probe}"] = container[probe]["httpGet"]["path"]
    for name, url in healthcheck_urls().items():
        paths[f"compose {name} healthcheck"] = "/" + url.split("/", 3)[3]
    assert paths["compose web healthcheck"] == "/health/ready"
    missing = {where: path for where, path in paths.items() if path not in get_routes(app)}
    assert not missing, f"not routes of the app: {missing}"


def test_one_image_and_one_port_throughout() -> None:
    version = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]
    image = f"signpost:{version}"
    assert {s["image"] for s in signpost_services().values()} == {image}
    assert {"web", "projector"} <= signpost_services().keys()
    assert {c["image"].split(" ")[0] for _, c in pod_containers()} == {image}
    assert dockerfile()["USER"] and dockerfile()["USER"][-1] != "root"

    port = dockerfile_env()["SIGNPOST_PORT"]
    assert dockerfile()["EXPOSE"] == [port]
    web = compose()["services"]["web"]
    assert web["environment"]["SIGNPOST_PORT"] == port
    host_ports, _, container_port = web["ports"][0].rpartition(":")
    assert container_port == port
    first, _, last = host_ports.partition("-")
    assert int(last or first) - int(first) + 1 >= web["deploy"]["replicas"]
    assert healthcheck_urls()["web"].startswith(f"http://127.0.0.1:{port}/")
    (config,) = objects("ConfigMap")
    assert config["data"]["SIGNPOST_PORT"] == port

    (service,) = objects("Service")
    (web_container,) = deployment("signpost-web")["spec"]["template"]["spec"]["containers"]
    (named,) = web_container["ports"]
    assert str(named["containerPort"]) == port
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert web_container[probe]["httpGet"]["port"] == named["name"]
    assert [p["targetPort"] for p in service["spec"]["ports"]] == [named["name"]]


def test_the_kubernetes_objects_refer_to_each_other() -> None:
    names = {(m["kind"], m["metadata"]["name"]) for m in manifests()}
    for d in objects("Deployment"):
        template_labels = d["spec"]["template"]["metadata"]["labels"]
        assert d["spec"]["selector"]["matchLabels"].items() <= template_labels.items()
        for container in d["spec"]["template"]["spec"]["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert ("ConfigMap", source["configMapRef"]["name"]) in names
                if "secretRef" in source:
                    assert ("Secret", source["secretRef"]["name"]) in names
            mounts = {m["name"] for m in container.get("volumeMounts", [])}
            assert mounts <= {v["name"] for v in d["spec"]["template"]["spec"].get("volumes", [])}
    (service,) = objects("Service")
    selector = service["spec"]["selector"].items()
    web_labels = deployment("signpost-web")["spec"]["template"]["metadata"]["labels"]
    projector_labels = deployment("signpost-projector")["spec"]["template"]["metadata"]["labels"]
    assert selector <= web_labels.items() and not selector <= projector_labels.items()
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_compose_reaches_postgres_and_meilisearch_by_their_service_names() -> None:
    services = compose()["services"]
    postgres = services["postgres"]["environment"]
    for name, service in signpost_services().items():
        env = service["environment"]
        assert env["POSTGRES_HOST"] == "postgres", name
        assert env["POSTGRES_USER"] == postgres["POSTGRES_USER"], name
        assert env["POSTGRES_DBNAME"] == postgres["POSTGRES_DB"], name
        assert env["MEILI_URL"] == "http://meilisearch:7700", name
        assert set(service["depends_on"]) <= services.keys(), name
        assert Path(INFRA, service["build"]["dockerfile"].removeprefix("infra/")).exists()
