"""Rasa's model graph run node by node gives what dask's scheduler gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot.triage import graph_runner

CALLS: list[str] = []  # node names in the order they ran


class Join(GraphComponent):
    """Records its node and returns its inputs joined, so every output shows its path."""

    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> Join:
        return cls(str(execution_context.node_name))

    def run(self, **parts: Any) -> str:
        CALLS.append(self.name)
        if "boom" in parts.values():
            raise ValueError("boom")
        return f"{self.name}(" + ",".join(f"{k}={v}" for k, v in sorted(parts.items())) + ")"


def _node(**needs: str) -> SchemaNode:
    return SchemaNode(needs=needs, uses=Join, constructor_name="create", fn="run", config={},
                      eager=True)


# A diamond: a <- b, a <- c, (b, c) <- d; e needs a node nobody provides; lone needs none.
SCHEMA = GraphSchema({"a": _node(x="__input__"), "b": _node(a="a"), "c": _node(a="a"),
                      "d": _node(left="b", right="c"), "e": _node(ghost="missing"),
                      "lone": _node()})


@pytest.fixture()
def runners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """(dask's run, the installed run) over one set of instantiated nodes."""
    original = DaskGraphRunner.run
    monkeypatch.setattr(DaskGraphRunner, "run", original)  # undone after the test
    runner = DaskGraphRunner(SCHEMA, LocalModelStorage(tmp_path), ExecutionContext(SCHEMA))
    graph_runner.install()
    return (lambda **kw: original(runner, **kw)), (lambda **kw: DaskGraphRunner.run(runner, **kw))


CASES = [
    {"inputs": {"__input__": "hi"}, "targets": ["d"]},
    {"inputs": {"__input__": "hi"}, "targets": ["b", "d", "a"]},
    {"inputs": {"__input__": 3}, "targets": ["c"]},
    {"inputs": None, "targets": ["lone"]},
]


@pytest.mark.parametrize("case", CASES)
def test_same_results_and_nodes_run_once(runners: tuple[Any, Any], case: dict[str, Any]) -> None:
    dask_run, sequential = runners
    CALLS.clear()
    expected, dask_calls = dask_run(**case), sorted(CALLS)
    CALLS.clear()
    assert sequential(**case) == expected
    assert sorted(CALLS) == dask_calls  # the same nodes, each once
    assert CALLS.index("a") < CALLS.index("b") if "b" in CALLS else True


def test_errors_are_those_of_dask(runners: tuple[Any, Any]) -> None:
    dask_run, sequential = runners
    for run in (dask_run, sequential):
        with pytest.raises(GraphComponentException):
            run(inputs={"__input__": "boom"}, targets=["a"])
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            run(inputs={"__input__": "a"}, targets=["d"])
        # A parent nobody provides reaches the node as a bare name, which refuses it.
        with pytest.raises(GraphRunError, match="Expected input 'missing'"):
            run(inputs={}, targets=["e"])
