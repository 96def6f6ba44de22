"""Rasa's model graph run node by node in a fixed order, without dask's scheduler per call.

Every parse and every policy prediction runs part of the model graph through
`DaskGraphRunner.run`, which on each call derives the sub-graph for the targets, builds a
dask graph and hands it to dask's synchronous scheduler: 1.1 ms of a 9.5 ms parse
(docs/performance.md). Here the order of the nodes each set of targets needs is worked out
once (dependencies first, as dask runs them) and the nodes are called in that order with
the same arguments dask would pass: each parent's `(name, output)`, or the bare name of a
parent nothing provides. Inputs, results and errors are those of `DaskGraphRunner.run`.
`install()` is called by `bot.rasa_server` and `bot.triage.model.ModelParser`.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

_PLANS = "_triagebot_plans"  # attribute of a runner: targets -> [(node, parents)]


def _plan(runner: DaskGraphRunner, targets: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Nodes needed for `targets`, each after the nodes it needs, with their parents."""
    plans: dict[tuple[str, ...], list[tuple[str, list[str]]]] = runner.__dict__.setdefault(
        _PLANS, {})
    if targets not in plans:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        order: list[tuple[str, list[str]]] = []
        seen: set[str] = set()

        def visit(name: str) -> None:
            if name in seen or name not in schema.nodes:
                return
            seen.add(name)
            parents = list(schema.nodes[name].needs.values())
            for parent in parents:
                visit(parent)
            order.append((name, parents))

        for target in targets:
            visit(target)
        plans[targets] = order
    return plans[targets]


def run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None,
        targets: list[str] | None = None) -> dict[str, Any]:
    """`DaskGraphRunner.run`, node by node in a precomputed order."""
    run_targets = targets if targets else self._graph_schema.target_names
    plan = _plan(self, tuple(run_targets))
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and any(value == node for node, _ in plan):
            raise GraphRunError(  # the check of DaskGraphRunner._add_inputs_to_graph
                f"Input value '{value}' clashes with a node name. Make sure that none of "
                f"the input names passed to the `run` method are the same as node names "
                f"in the graph schema.")
        results[name] = (name, value)
    try:
        for name, parents in plan:
            node = self._instantiated_nodes[name]
            results[name] = node(*(results.get(parent, parent) for parent in parents))
    except RuntimeError as err:
        raise GraphRunError("Error running runner.") from err
    return dict(results[target] for target in run_targets)


def install() -> None:
    """Run Rasa's model graphs node by node (idempotent)."""
    DaskGraphRunner.run = run  # type: ignore[method-assign]
