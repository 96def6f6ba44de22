"""Logistic-regression fits of the label classifiers, run side by side at training time.

Rasa 3.6 trains the graph's nodes one after another, and each of our classifier nodes
spends its time in one scikit-learn fit whose weights nothing reads until the model is
packed. When `bot.rasa_ext.training` switches deferral on, `MetadataLabelClassifier.train`
hands its fit to a worker process and returns; Rasa goes on with the next node, and
before it packs the model `finish()` waits for every fit and has each classifier store its
weights. A failed fit raises there, so no model is packed without it.

The workers are spawned (not forked: the training process has TensorFlow's threads
running) and do only the fit; the same estimator on the same matrix gives the same
weights as in the training process. Off (the default, and in every process but the
trainer), `train` fits in place.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from sklearn.linear_model import LogisticRegression

_workers = 0  # 0: deferral off
_executor: ProcessPoolExecutor | None = None
_pending: list[tuple[Future, Callable[[LogisticRegression], None]]] = []


def enable(workers: int | None = None) -> None:
    """Defer the fits of later `train` calls to `workers` processes (default: the CPUs
    this process may run on)."""
    global _workers
    _workers = workers or len(os.sched_getaffinity(0))


def enabled() -> bool:
    """Whether `train` should hand its fit over (`submit`)."""
    return _workers > 0


def submit(estimator: LogisticRegression, design: Any, labels: list[Any],
           store: Callable[[LogisticRegression], None]) -> None:
    """Fit `estimator` on (`design`, `labels`) in a worker; `store` gets the fitted
    estimator in `finish`."""
    global _executor
    if _executor is None:
        _executor = ProcessPoolExecutor(_workers, mp_context=multiprocessing.get_context("spawn"))
    _pending.append((_executor.submit(estimator.fit, design, labels), store))


def finish() -> None:
    """Wait for every submitted fit, in order, and store it; then stop the workers."""
    global _executor
    try:
        while _pending:
            future, store = _pending.pop(0)
            store(future.result())
    finally:
        _pending.clear()
        if _executor is not None:
            _executor.shutdown(cancel_futures=True)
            _executor = None
