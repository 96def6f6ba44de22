"""Timers put around Rasa's own functions for `python -m bench profile` (never in the bot).

Each probe records wall and CPU time per call under a step name. Steps nest (a graph node
runs inside a prediction, which runs inside a turn), so rows do not add up to the total;
each row says what that step costs on its own terms.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (/proc/PID/stat), 0 if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def _node_step(node: Any, *args: Any, **kwargs: Any) -> str:
    return f"node {node._node_name}"


def _action_step(processor: Any, action: Any, *args: Any, **kwargs: Any) -> str:
    return f"action {action.name()}"


def _targets() -> list[tuple[Any, str, str | Callable[..., str]]]:
    """(owner, attribute, step name or a function of the call's arguments naming it)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.engine.graph import GraphNode
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    return [
        (MessageProcessor, "handle_message", "turn (MessageProcessor.handle_message)"),
        (MessageProcessor, "parse_message", "NLU parse (whole pipeline)"),
        (MessageProcessor, "_predict_next_with_tracker", "prediction (policy graph run)"),
        (MessageProcessor, "_run_action", _action_step),
        (MessageProcessor, "fetch_tracker_and_update_session", "fetch tracker + session start"),
        (MessageProcessor, "save_tracker", "save tracker"),
        (GraphNode, "__call__", _node_step),
        (RemoteAction, "_action_call_format", "action call: build payload (tracker + domain)"),
        (RemoteAction, "_validate_action_result", "action call: validate response (jsonschema)"),
        (EndpointConfig, "request", "action call: HTTP round trip"),
        (SQLTrackerStore, "retrieve", "tracker store retrieve"),
        (SQLTrackerStore, "save", "tracker store save"),
        (DialogueStateTracker, "from_dict", "tracker rebuilt from stored events"),
    ]


class Probes:
    """Wall and CPU seconds per step, while `installed()`."""

    def __init__(self) -> None:
        self.wall: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)

    def reset(self) -> None:
        """Forget what was recorded."""
        self.wall.clear()
        self.cpu.clear()

    def _record(self, step: str, wall: float, cpu: float) -> None:
        self.wall[step].append(wall)
        self.cpu[step].append(cpu)

    def _wrap(self, func: Callable[..., Any], name: str | Callable[..., str]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> str:
            return name(*args, **kwargs) if callable(name) else name

        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                begin, begin_cpu = time.perf_counter(), time.process_time()
                try:
                    return await func(*args, **kwargs)
                finally:
                    self._record(step(*args, **kwargs), time.perf_counter() - begin,
                                 time.process_time() - begin_cpu)
            return timed_async

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self._record(step(*args, **kwargs), time.perf_counter() - begin,
                             time.process_time() - begin_cpu)
        return timed

    @contextlib.contextmanager
    def installed(self) -> Iterator[Probes]:
        """Put the timers in place; take them out again on leaving."""
        saved = []
        for owner, attribute, name in _targets():
            raw = inspect.getattr_static(owner, attribute)
            saved.append((owner, attribute, raw))
            if isinstance(raw, classmethod):
                setattr(owner, attribute, classmethod(self._wrap(raw.__func__, name)))
            else:
                setattr(owner, attribute, self._wrap(raw, name))
        try:
            yield self
        finally:
            for owner, attribute, raw in reversed(saved):
                setattr(owner, attribute, raw)

    def table(self, units: int) -> list[dict[str, Any]]:
        """Per step: calls and milliseconds per unit (turn or parse), mean per call, most
        expensive first."""
        rows = [{"step": step, "calls_per_unit": len(walls) / units,
                 "mean_ms": sum(walls) / len(walls) * 1000,
                 "cpu_mean_ms": sum(self.cpu[step]) / len(walls) * 1000,
                 "per_unit_ms": sum(walls) / units * 1000}
                for step, walls in self.wall.items()]
        return sorted(rows, key=lambda row: -row["per_unit_ms"])

    def parses(self, parse: Callable[[str], Any], texts: list[str], count: int,
               warmup: int) -> dict[str, Any]:
        """Time `count` parses of `texts` (after `warmup` untimed ones), step by step."""
        for text in texts[:warmup]:
            parse(text)
        self.reset()
        wall = cpu = 0.0
        for text in (texts * (count // max(len(texts), 1) + 1))[:count]:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            parse(text)
            wall += time.perf_counter() - begin
            cpu += time.process_time() - begin_cpu
        return {"parses": count, "wall_ms": wall / count * 1000, "cpu_ms": cpu / count * 1000,
                "steps": self.table(count)}
