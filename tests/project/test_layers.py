"""The product's imports point one way: bot/ and actions/ never import tooling or tests,
and each package of bot/ imports only packages of lower layers (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import REPO

# Bottom to top; a package may import packages of lower layers only. docs/architecture.md
# draws the same layers; a new package of bot/ must be placed here and there.
LAYERS: list[set[str]] = [
    {"settings"},
    {"clock", "model_cache", "rasa_cli", "lifeline"},
    {"policy"},
    {"nlu", "sla"},
    {"triage", "tiers", "collect", "cases", "redact"},
    {"dialogue", "dialogue_policies", "channels", "rasa_ext"},
    {"transcripts", "staff"},
    {"web"},
    {"services", "action_server", "rasa_server", "rasa_trainer"},
    {"prodlocal"},
    {"commands"},
    {"cli"},
    {"__main__"},
]
TOOLING = ("bench", "tests")


def _imports(path: Path) -> Iterator[str]:
    """Every module named by an absolute import in `path`, at any depth in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _package(path: Path) -> str:
    """bot/nlu/entities/ids.py -> nlu; bot/settings.py -> settings."""
    return path.relative_to(REPO / "bot").parts[0].removesuffix(".py")


def _graph() -> dict[str, dict[str, str]]:
    """{package: {imported package: first file that imports it}} inside bot/."""
    graph: dict[str, dict[str, str]] = {}
    for path in sorted((REPO / "bot").rglob("*.py")):
        source = _package(path)
        edges = graph.setdefault(source, {})
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "bot" and len(parts) > 1 and parts[1] != source:
                edges.setdefault(parts[1], str(path.relative_to(REPO)))
    return graph


def _layer(package: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if package in layer)


@pytest.mark.parametrize("folder", ["bot", "actions"])
def test_the_product_never_imports_tooling_or_tests(folder: str) -> None:
    found = [f"{path.relative_to(REPO)} imports {name}"
             for path in sorted((REPO / folder).rglob("*.py")) for name in _imports(path)
             if name.split(".")[0] in TOOLING]
    assert found == []


def test_every_package_of_bot_has_a_layer() -> None:
    placed = set().union(*LAYERS)
    assert set(_graph()) - {"__init__"} <= placed, "place new packages in LAYERS and the doc"


def test_imports_go_down_the_layers_only() -> None:
    upward = [f"{where}: {source} (layer {_layer(source)}) imports {target} (layer "
              f"{_layer(target)})"
              for source, edges in _graph().items() if source != "__init__"
              for target, where in edges.items() if _layer(target) >= _layer(source)]
    assert upward == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` (a -> b -> a as [a, b, a]), None when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return None
        for target in sorted(graph.get(node, ())):
            if cycle := visit(target, [*path, node]):
                return cycle
        done.add(node)
        return None

    return next((c for node in sorted(graph) if (c := visit(node, []))), None)


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_there_is_no_import_cycle_between_packages() -> None:
    assert find_cycle({source: set(edges) for source, edges in _graph().items()}) is None


def test_the_architecture_doc_names_every_layered_package() -> None:
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = sorted(p for layer in LAYERS for p in layer if p != "__main__" and p not in doc)
    assert missing == []
