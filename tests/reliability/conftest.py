"""The production topology for the reliability tests, and where their figures go.

Tests marked `slow` (the 5-minute load and the fault tests) run only when asked for with
`-m slow` (`make reliability`); `make test` runs the short CI variant. Every topology runs
in its own folder on free ports; the logs of each are copied to
var/test-results/reliability/ before the folder is removed.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.commands.train import ensure_model
from bot.prodlocal.topology import Ports, ProdLocal
from bot.settings import load_settings
from tests import REPO
from tests.prodlocal.supervision import supervised
from tests.reliability.report import write_report

RESULTS = REPO / "var" / "test-results" / "reliability"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long load and fault runs (make reliability)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "slow" in (config.option.markexpr or ""):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@contextmanager
def _topology(name: str, replicas: int) -> Iterator[ProdLocal]:
    base = dataclasses.replace(load_settings(), project_dir=REPO)
    # RELIABILITY_MODEL=path: iterate on these tests with a model at hand, not retraining
    # after every data change of others (the servers must still accept its domain).
    given = os.environ.get("RELIABILITY_MODEL")
    model = Path(given) if given else ensure_model(base)
    root = Path(tempfile.mkdtemp(prefix=f"triagebot-{name}-"))
    topology = ProdLocal(base, root, Ports.free(replicas))
    try:
        topology.start(model)
        assert list(topology.servers) == topology.server_names()
        with supervised(topology):
            yield topology
    finally:
        topology.stop()
        logs = RESULTS / name
        shutil.rmtree(logs, ignore_errors=True)
        shutil.copytree(root / "logs", logs, dirs_exist_ok=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def topology_factory() -> Callable[[str, int], Any]:
    """`with topology_factory(name, replicas) as t:` a running topology."""
    return _topology


@pytest.fixture(scope="module")
def two_replicas() -> Iterator[ProdLocal]:
    """The topology of `make run-prod-local`, shared by a module's tests."""
    with _topology("two-replicas", 2) as topology:
        yield topology


@pytest.fixture(scope="session")
def figures() -> Iterator[dict[str, Any]]:
    """Sections of docs/reliability.md that slow tests fill; written at the session's end."""
    sections: dict[str, Any] = {}
    yield sections
    if sections:
        given = os.environ.get("RELIABILITY_MODEL")
        prefix = [f"RELIABILITY_MODEL=.../{Path(given).name}"] if given else []
        write_report(sections, " ".join([*prefix, "pytest", *sys.argv[1:]]))


def proxy_url(topology: ProdLocal) -> str:
    return f"http://127.0.0.1:{topology.ports.proxy}/webhooks/rest/webhook"
