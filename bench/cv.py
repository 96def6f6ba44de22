"""Cross-validation of the severity and case-type classifiers on the TRAINING data only.

Each fold fits the tokenizer and featurizers of config.yml on the other folds, so no
vocabulary or label leaks from the test fold. The held-out set is never read here: the
model choice and the needs_review margin come from these out-of-fold predictions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.model_selection import StratifiedKFold

from bot.nlu.label_classifier import example_label
from bot.nlu.language import detect_language

PREPROCESSORS = {
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER,
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
}


# fit_predict(train, train_labels, test) -> (classes, probabilities of test per class)
FitPredict = Callable[[list[Message], list[Any], list[Message]], tuple[list[Any], np.ndarray]]


@dataclass
class Fold:
    """Featurized train and test messages of one fold."""

    train: list[Message]
    test: list[Message]
    test_index: np.ndarray


def preprocessor_configs(config_path: Path) -> list[dict[str, Any]]:
    """The tokenizer and featurizer entries of the pipeline, in order."""
    pipeline = yaml.safe_load(config_path.read_text(encoding="utf-8"))["pipeline"]
    chosen = []
    for entry in pipeline:
        registered = DefaultV1Recipe._from_registry(entry["name"])
        if registered.types & PREPROCESSORS:
            chosen.append(dict(entry))
    return chosen


def copy_message(message: Message) -> Message:
    """An unfeaturized copy of a training message (same data, no features)."""
    return Message(data=dict(message.data))


def featurize(
    configs: list[dict[str, Any]], train: list[Message], test: list[Message], storage: Path
) -> None:
    """Fit the configured tokenizer and featurizers on `train`, then featurize `test`."""
    storage.mkdir(parents=True, exist_ok=True)
    model_storage = LocalModelStorage(storage)
    data = TrainingData(train)
    for index, entry in enumerate(configs):
        registered = DefaultV1Recipe._from_registry(entry["name"])
        clazz = registered.clazz
        config = {**clazz.get_default_config(), **{k: v for k, v in entry.items() if k != "name"}}
        resource = Resource(f"{clazz.__name__}{index}")
        context = ExecutionContext(GraphSchema({}), node_name=resource.name)
        component = clazz.create(config, model_storage, resource, context)
        if registered.is_trainable:
            component.train(data)
        component.process_training_data(data)
        component.process(test)


def labelled_examples(data: TrainingData, key: str) -> list[Message]:
    """Training examples that carry the `key` label in their intent metadata."""
    return [e for e in data.training_examples if e.get(TEXT) and example_label(e, key) is not None]


def folds(
    data: TrainingData, config_path: Path, key: str, n_splits: int = 5, seed: int = 42
) -> Iterator[Fold]:
    """Yield featurized folds over the examples labelled with `key`, stratified by
    language and label; unlabelled examples always stay on the training side."""
    labelled = labelled_examples(data, key)
    ids = {id(m) for m in labelled}
    others = [m for m in data.training_examples if id(m) not in ids]
    strata = [f"{detect_language(m.get(TEXT))}-{example_label(m, key)}" for m in labelled]
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    configs = preprocessor_configs(config_path)
    for train_index, test_index in splitter.split(np.zeros(len(labelled)), strata):
        train = [copy_message(labelled[i]) for i in train_index] + [copy_message(m) for m in others]
        test = [copy_message(labelled[i]) for i in test_index]
        with tempfile.TemporaryDirectory() as storage:
            featurize(configs, train, test, Path(storage))
        yield Fold(train, test, test_index)


def out_of_fold(
    data: TrainingData,
    config_path: Path,
    keys: tuple[str, ...],
    models: dict[str, FitPredict],
    n_splits: int = 5,
) -> tuple[list[Message], dict[str, dict[str, tuple[list[Any], np.ndarray]]]]:
    """Out-of-fold class probabilities for each label key and model.

    Folds are drawn over the examples labelled with `keys[0]`; returns those examples and
    {key: {model name: (classes, probabilities per example)}}. Rows of an example without
    the `key` label stay zero.
    """
    labelled = labelled_examples(data, keys[0])
    results: dict[str, dict[str, tuple[list[Any], np.ndarray]]] = {k: {} for k in keys}
    for fold in folds(data, config_path, keys[0], n_splits):
        for key in keys:
            train = [m for m in fold.train if example_label(m, key) is not None]
            rows = [i for i, m in enumerate(fold.test) if example_label(m, key) is not None]
            test = [fold.test[i] for i in rows]
            for name, fit_predict in models.items():
                classes, probabilities = fit_predict(
                    train, [example_label(m, key) for m in train], test
                )
                if name not in results[key]:
                    results[key][name] = (classes, np.zeros((len(labelled), len(classes))))
                results[key][name][1][fold.test_index[rows]] = probabilities
    return labelled, results
