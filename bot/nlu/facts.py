"""`FactExtractor`: the §4.4 facts of a problem description (production, scope, work ...).

One class-balanced logistic regression per fact over the shared sentence features (the
criteria cues included), trained on the `facts` annotations of the training data
(docs/training-data.md): a block's intent metadata gives facts true for all its examples,
an example's own metadata adds or overrides them. A fact nobody annotated is not learned.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.nlu import deferred_fits
from bot.nlu.label_classifier import MetadataLabelClassifier, make_estimator, serving_layout

logger = logging.getLogger(__name__)
EXAMPLE = "example"  # Rasa's key for an example's own metadata


def fact_labels(message: Message) -> dict[str, str]:
    """The annotated facts of a training example: its block's, then its own."""
    metadata = message.get(METADATA) or {}
    if not isinstance(metadata, dict):
        return {}
    labels: dict[str, str] = {}
    for level in (INTENT, EXAMPLE):
        node = metadata.get(level)
        facts = node.get("facts") if isinstance(node, dict) else None
        if isinstance(facts, dict):
            labels.update({str(k): str(v) for k, v in facts.items()})
    return labels


def fact_fits(matrix: Any, labels: list[dict[str, str]]) -> list[tuple[str, Any, list[str]]]:
    """(fact, rows of `matrix`, values) for each fact annotated with at least two values."""
    jobs = []
    for name in sorted({n for row in labels for n in row}):
        rows = [i for i, row in enumerate(labels) if name in row]
        values = [labels[i][name] for i in rows]
        if len(set(values)) >= 2:
            jobs.append((name, matrix[rows], values))
    return jobs


def fit_fact_models(matrix: Any, labels: list[dict[str, str]], config: dict[str, Any]
                    ) -> dict[str, LogisticRegression]:
    """One model per fact annotated with at least two values, fitted on the rows (of
    `matrix`, one per example) whose `labels` name that fact. The facts are independent
    fits, so they run side by side in `n_jobs` worker processes (the five fits 17 -> 12 s on
    two cores). A worker's BLAS runs one thread, so the optimiser stops at a
    point a few 1e-4 away from the single-process fit, within its tolerance."""
    jobs = fact_fits(matrix, labels)
    workers = max(1, min(len(jobs), int(config.get("n_jobs", 1))))
    fitted = Parallel(n_jobs=workers)(
        delayed(make_estimator(config).fit)(x, y) for _, x, y in jobs)
    return {name: model for (name, _, _), model in zip(jobs, fitted)}


def ranked_facts(parse_facts: Any) -> dict[str, list[tuple[str, float]]]:
    """{fact: [(value, probability), ...]} from the `facts` output of a parse."""
    if not isinstance(parse_facts, dict):
        return {}
    return {str(name): [(str(r["value"]), float(r["confidence"])) for r in block["ranking"]]
            for name, block in parse_facts.items()
            if isinstance(block, dict) and block.get("ranking")}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FactExtractor(MetadataLabelClassifier):
    """Adds `facts` ({fact: {value, confidence, ranking}}) to a problem description."""

    label_key = "facts"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Worker processes for the per-fact fits (two cores on the machines we train on)."""
        return {**MetadataLabelClassifier.get_default_config(), "n_jobs": 2}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        models: dict[str, LogisticRegression] | None = None,
        origins: list[str] | None = None,
        idf: dict[str, np.ndarray] | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource, None, origins, idf)
        self.models = models or {}
        self._stacked: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> FactExtractor:
        """An untrained extractor."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit one model per annotated fact (at least two values seen)."""
        examples = [e for e in training_data.training_examples
                    if (e.get(TEXT) or "").strip() and fact_labels(e)]
        if not examples:
            logger.warning("facts: no annotated examples; not trained")
            return self._resource
        self.fit_weights(examples)  # the idf of the `tfidf` featurizers, if any
        design, labels = self.features(examples), [fact_labels(e) for e in examples]
        if deferred_fits.enabled():  # the trainer: each fact fitted beside the next nodes
            jobs, self.models = fact_fits(design, labels), {}
            if not jobs:
                self.persist()
            for name, rows, values in jobs:
                deferred_fits.submit(make_estimator(self.config), rows, values,
                                     functools.partial(self._store_fact, name, len(jobs)))
            return self._resource
        fitted = fit_fact_models(design, labels, self.config)
        self.models = {name: serving_layout(model) for name, model in fitted.items()}
        self.persist()
        return self._resource

    def _store_fact(self, name: str, facts: int, fitted: LogisticRegression) -> None:
        """Keep one deferred fact fit; save all once the last of `facts` is in."""
        self.models[name] = serving_layout(fitted)
        if len(self.models) == facts:
            self.persist()

    def persist(self) -> None:
        """Save each fact's coefficients as plain arrays (no pickle)."""
        arrays, classes = {}, {}
        for name, model in self.models.items():
            arrays[f"coef_{name}"], arrays[f"intercept_{name}"] = model.coef_, model.intercept_
            classes[name] = [str(c) for c in model.classes_]
        arrays.update({f"idf_{origin}": idf for origin, idf in self.idf.items()})
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / "weights.npz", **arrays)
            layout = {"classes": classes, "origins": self.origins}
            (directory / "layout.json").write_text(json.dumps(layout), encoding="utf-8")

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> FactExtractor:
        """Rebuild the models from their stored arrays."""
        try:
            with model_storage.read_from(resource) as directory:
                weights = np.load(directory / "weights.npz")
                layout = json.loads((directory / "layout.json").read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("facts: no trained weights in the model; it will output nothing")
            return cls(config, model_storage, resource)
        full = {**cls.get_default_config(), **config}
        models = {}
        for name, names in layout["classes"].items():
            model = make_estimator(full)
            model.coef_, model.intercept_ = weights[f"coef_{name}"], weights[f"intercept_{name}"]
            serving_layout(model)
            model.classes_ = np.array(names)
            models[name] = model
        idf = {key[len("idf_"):]: weights[key] for key in weights.files if key.startswith("idf_")}
        return cls(config, model_storage, resource, models, layout["origins"], idf)

    def probabilities(self, matrix: Any) -> dict[str, np.ndarray]:
        """Per fact, the class probabilities of each row: one product with every fact's
        coefficients stacked (a parse pays one sparse product, not five), then each
        fact's softmax, which is what multinomial `predict_proba` computes."""
        if self._stacked is None:
            multi = {n: m for n, m in self.models.items() if len(m.classes_) > 2}
            weights = np.vstack([m.coef_ for m in multi.values()])
            bias = np.concatenate([m.intercept_ for m in multi.values()])
            # Row-major, as SciPy's sparse product wants it (else it copies it every time).
            self._stacked = (np.ascontiguousarray(weights.T), bias, list(multi))
        weights, bias, names = self._stacked
        scores = np.asarray(matrix @ weights) + bias
        out, start = {}, 0
        for name in names:
            block = scores[:, start:start + len(self.models[name].classes_)]
            start += block.shape[1]
            exp = np.exp(block - block.max(axis=1, keepdims=True))
            out[name] = exp / exp.sum(axis=1, keepdims=True)
        for name, model in self.models.items():  # two-valued facts: sklearn's own sigmoid
            if name not in out:
                out[name] = model.predict_proba(matrix)
        return out

    def process(self, messages: list[Message]) -> list[Message]:
        """Add `facts` to each message that looks like a problem description."""
        chosen = [m for m in messages if (m.get(TEXT) or "").strip() and self.wants(m)]
        if not self.models or not chosen:
            return messages
        per_fact = self.probabilities(self.inference_features(chosen))
        for row, message in enumerate(chosen):
            facts = {}
            for name, probabilities in per_fact.items():
                ranking = sorted(zip(self.models[name].classes_, probabilities[row]),
                                 key=lambda pair: -pair[1])
                facts[name] = {
                    "value": str(ranking[0][0]), "confidence": float(ranking[0][1]),
                    "ranking": [{"value": str(v), "confidence": float(p)} for v, p in ranking],
                }
            message.set("facts", facts, add_to_output=True)
        return messages
