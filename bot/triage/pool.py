"""Batch work on every core: worker processes that each load the model once.

Rasa parses one message at a time on one core, so a batch (`triagebot triage`,
`triagebot transcripts`) is spread over processes. Each worker loads the model in its
initializer and keeps it; items go out in chunks and results come back in input order.
Loading a model costs seconds, so small batches stay in the calling process
(`worker_count`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from bot.triage.model import ModelParser

T = TypeVar("T")
R = TypeVar("R")

# The one parser of a worker process, set by `_load` when the process starts.
_parser: Any = None


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0))


def worker_count(requested: int, items: int, per_worker: int) -> int:
    """Processes to use: `requested` if given (> 0), else one per usable CPU; never more
    than one per `per_worker` items (so a short batch is not slowed by model loads) nor
    more than there are items. 1 means: work in the calling process."""
    if requested < 0:
        raise ValueError(f"--workers must be 0 (all cores) or a positive number, not {requested}")
    wanted = requested or usable_cpus()
    cap = items if requested else items // max(per_worker, 1)
    return max(1, min(wanted, cap))


def _load(loader: Callable[[Path], Any], model: str) -> None:
    global _parser
    _parser = loader(Path(model))


def _call(job: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    func, item = job
    assert _parser is not None, "worker started without a model"
    return func(_parser, item)


class ParserPool:
    """`workers` processes with the model at `model` loaded once each (by `loader`, a
    module-level callable: `ModelParser`, or a stand-in in tests).

    `map(func, items)` yields `func(parser, item)` for every item, in input order; `func`
    must be a module-level function (it is sent to the workers by name). A worker that dies
    stops the batch with `BrokenProcessPool` rather than leaving it waiting.
    """

    def __init__(self, model: Path, workers: int,
                 loader: Callable[[Path], Any] = ModelParser) -> None:
        # "spawn": a worker starts from a clean interpreter, not a fork of a parent that may
        # hold threads (progress bar, Rasa's loggers) or an event loop.
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_load, initargs=(loader, str(model)))
        self.workers = workers
        self.pids: list[int] = []  # the workers' process ids, once `warm_up` has seen them

    def map(self, func: Callable[[Any, T], R], items: Iterable[T],
            chunksize: int = 8) -> Iterator[R]:
        """`func(parser, item)` per item, in order, computed by the workers."""
        return self._executor.map(_call, ((func, item) for item in items), chunksize=chunksize)

    def warm_up(self, timeout: float = 300.0) -> None:
        """Wait until every worker has loaded the model (benchmarks time the work only)."""
        seen: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(seen) < self.workers and time.monotonic() < deadline:
            # Each task holds its worker a moment, so the next ones go to the others.
            seen.update(self._executor.map(_call, [(_pid, None)] * self.workers))
        self.pids = sorted(seen)

    def close(self) -> None:
        """Stop the workers (the pending work is cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def _pid(parser: Any, item: Any) -> int:
    time.sleep(0.2)
    return os.getpid()
