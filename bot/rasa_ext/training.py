"""Rasa training without the work whose result Rasa throws away.

- **The per-component training cache.** Before and after every node of the training graph
  Rasa's `TrainingHook` fingerprints what the node received and what it returned (every
  message with its tokens and features, hashed through JSON in Python) to fill its cache,
  and a first "fingerprint run" of the whole graph decides which nodes the cache can skip.
  Here that cache can only do harm: it keys a component on its own class's source, not on
  the bot/nlu helpers and tables it calls, so it could hand back outputs of code that has
  since changed (bot/model_cache.py), and `triagebot train` already keeps whole models
  keyed on every input. The hook is replaced by one that records nothing, and `--force` on
  the command line (bot/rasa_cli.py) skips the fingerprint run.
- **The CRF fit.** Rasa 3.6's `CRFEntityExtractor.train` fits the CRF, stores only the
  training tokens in the model and drops the fit: every load fits it again from those
  tokens (which `bot.triage.crf_cache` then keeps per machine). Training still checks the
  entity annotations and stores the same tokens; only the fit nobody reads is skipped.

Together 68 of the 168 s a training took (docs/performance.md); the trained model is the
same.

One more change is about order, not waste: Rasa trains one node at a time, so each label
classifier's and the facts' logistic-regression fits go to worker processes
(`bot.nlu.deferred_fits`) while Rasa trains the next node, and are stored before the model
is packed; the fits share both cores and give the same weights (docs/performance.md).

`install()` is called by `bot.rasa_trainer`, the only process that trains.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphNodeHook
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.storage import ModelMetadata
from rasa.engine.training import graph_trainer
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

from bot.nlu import deferred_fits


class NoCacheHook(GraphNodeHook):
    """Takes the `TrainingHook`'s place and records nothing."""

    def __init__(self, **_: Any) -> None:
        """Accepts the `TrainingHook`'s arguments (cache, storage, schema), uses none."""

    def on_before_node(self, node_name: str, execution_context: ExecutionContext,
                       config: dict[str, Any], received_inputs: dict[str, Any]) -> dict:
        """Nothing to compute before a node."""
        return {}

    def on_after_node(self, node_name: str, execution_context: ExecutionContext,
                      config: dict[str, Any], output: Any, input_hook_data: dict) -> None:
        """Nothing to store after a node."""


def no_fit(cls: type[CRFEntityExtractor], df_train: list[list[CRFToken]],
           config: dict[str, Any], crf_order: list[str]) -> OrderedDict[str, Any]:
    """`CRFEntityExtractor.train_model` at training time: no taggers, since `train` stores
    only `df_train` and a load fits the taggers from it."""
    return OrderedDict()


def packed_after_fits(pack: Callable[..., ModelMetadata]) -> Callable[..., ModelMetadata]:
    """`LocalModelStorage.create_model_package` that first stores the deferred fits."""
    @functools.wraps(pack)
    def create_model_package(*args: Any, **kwargs: Any) -> ModelMetadata:
        deferred_fits.finish()
        return pack(*args, **kwargs)
    create_model_package.after_fits = True  # type: ignore[attr-defined]
    return create_model_package


def install() -> None:
    """Train without fingerprints and without the dropped CRF fit, the label classifiers'
    fits side by side (idempotent)."""
    graph_trainer.TrainingHook = NoCacheHook  # type: ignore[misc]
    CRFEntityExtractor.train_model = classmethod(no_fit)  # type: ignore[method-assign,assignment]
    deferred_fits.enable()
    if not getattr(LocalModelStorage.create_model_package, "after_fits", False):
        LocalModelStorage.create_model_package = packed_after_fits(  # type: ignore[method-assign]
            LocalModelStorage.create_model_package)
