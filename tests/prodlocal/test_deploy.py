"""deploy/ declares the topology that `make run-prod-local` runs: the same servers, the same
proxy routes, and only environment variables the bot reads."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.prodlocal.proxy import ROUTES, container_config
from bot.prodlocal.topology import Ports, ProdLocal
from bot.settings import load_settings
from tests import REPO

DEPLOY = REPO / "deploy"


@pytest.fixture(scope="module")
def prod_local(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The servers of run-prod-local with its default two replicas."""
    base = dataclasses.replace(load_settings(), project_dir=REPO)
    return ProdLocal(base, tmp_path_factory.mktemp("pl"), Ports.from_proxy(8000)).server_names()


def _documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _k8s() -> list[dict[str, Any]]:
    kustomization = _documents(DEPLOY / "k8s" / "kustomization.yaml")[0]
    return [d for name in kustomization["resources"] for d in _documents(DEPLOY / "k8s" / name)]


def test_compose_runs_the_same_servers(prod_local: list[str]) -> None:
    services = _documents(DEPLOY / "compose.yaml")[0]["services"]
    assert sorted(services) == sorted(prod_local)


def test_kubernetes_runs_the_same_servers(prod_local: list[str]) -> None:
    workloads: list[str] = []
    for doc in _k8s():
        if doc["kind"] in ("Deployment", "StatefulSet"):
            name, replicas = doc["metadata"]["name"], doc["spec"]["replicas"]
            workloads += [name] if replicas == 1 else [f"{name}-{i + 1}" for i in range(replicas)]
        elif doc["kind"] == "Ingress" and "nginx" not in workloads:
            workloads.append("nginx")  # ingress-nginx is the proxy
    assert sorted(workloads) == sorted(prod_local)


def test_compose_proxy_config_is_generated_from_the_same_routes() -> None:
    assert (DEPLOY / "nginx.conf").read_text(encoding="utf-8") == container_config(), (
        "regenerate: python -m bot.prodlocal.proxy > deploy/nginx.conf")


def _backend(upstream: str) -> str:
    return "web" if upstream == "web" else "rasa"


def test_the_ingress_routes_what_nginx_routes() -> None:
    prefixes = {re.sub(r"^[=~] ", "", path): _backend(up) for path, up in ROUTES}
    # nginx's one regular expression stands for two ingress prefixes
    regex = prefixes.pop("^/(conversations|model)/")
    prefixes.update({"/conversations/": regex, "/model/": regex})
    routed = {p["path"]: p["backend"]["service"]["name"]
              for doc in _k8s() if doc["kind"] == "Ingress"
              for rule in doc["spec"]["rules"] for p in rule["http"]["paths"]}
    assert routed == prefixes


def test_deploy_sets_only_variables_the_bot_reads() -> None:
    code = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "bot").rglob("*.py"))
    read = set(re.findall(r"TRIAGEBOT_[A-Z_]+", code))
    read |= set(re.findall(r"\$\{(TRIAGEBOT_[A-Z_]+)\}", (REPO / "endpoints.yml").read_text()))
    texts = [p.read_text(encoding="utf-8") for p in [*DEPLOY.rglob("*.yaml"), DEPLOY / "env.example"]]
    declared = {name for text in texts for name in re.findall(r"\b(TRIAGEBOT_[A-Z_]+)\b", text)}
    assert declared and declared <= read, declared - read
