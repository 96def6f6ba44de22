"""Base of the severity and case-type classifiers: a logistic regression trained on the
intent-level metadata labels, over the sparse features shared with the intent classifier.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    METADATA,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize as normalize_rows

from bot.nlu import deferred_fits
from bot.nlu.criteria import matched_criteria

logger = logging.getLogger(__name__)
ISSUE_INTENT = "describe_issue"
# A message's design row, kept on the message at inference: the intent, fact, severity and
# case-type models read the same features, so the row is built once per message.
FEATURE_CACHE = "label_classifier_features"


def example_label(message: Message, key: str) -> Any:
    """The `key` label of a training example's intent metadata, or None."""
    metadata = message.get(METADATA) or {}
    intent_metadata = metadata.get(INTENT) if isinstance(metadata, dict) else None
    return intent_metadata.get(key) if isinstance(intent_metadata, dict) else None


def sentence_origins(messages: list[Message]) -> list[str]:
    """The featurizers (aliases) that gave these messages sparse sentence features."""
    return sorted({
        str(f.origin) for m in messages for f in m.features
        if f.attribute == TEXT and f.is_sparse() and f.type == FEATURE_TYPE_SENTENCE
    })


def _sentence_parts(message: Message, origin: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Column indices, values and width of the message's sparse sentence features from
    `origin`, several side by side as `Message.get_sparse_features` combines them; read in
    place, where that method deep-copies every feature matrix of the message first."""
    columns, values, width = [], [], 0
    for feature in message.features:
        if (feature.attribute == TEXT and feature.is_sparse()
                and feature.type == FEATURE_TYPE_SENTENCE and feature.origin == origin):
            matrix = scipy.sparse.coo_matrix(feature.features)  # no copy when already COO
            columns.append(matrix.col.astype(np.int64) + width)
            values.append(matrix.data.astype(np.float64))
            width += matrix.shape[1]
    if not columns:
        raise ValueError(f"no sparse text features from '{origin}' for a message")
    column, value = np.concatenate(columns), np.concatenate(values)
    if len(np.unique(column)) < len(column):  # COO may repeat a cell: its values add up
        column, inverse = np.unique(column, return_inverse=True)
        value = np.bincount(inverse, weights=value)
    return column, value, width


def inverse_document_frequency(messages: list[Message], origin: str) -> np.ndarray:
    """Smoothed idf of each column of `origin`'s block, as scikit-learn's TfidfVectorizer
    computes it (log((1 + n) / (1 + df)) + 1)."""
    parts = [_sentence_parts(m, origin) for m in messages]
    width = parts[0][2]
    df = np.bincount(np.concatenate([c[v != 0] for c, v, _ in parts]), minlength=width)
    return np.log((1 + len(messages)) / (1 + df)) + 1


def sentence_features(messages: list[Message], origins: list[str], per_block: bool,
                      idf: dict[str, np.ndarray] | None = None) -> Any:
    """One CSR row per message: the sparse sentence features of each featurizer in
    `origins`, each block L2-normalised on its own when `per_block`. A block with an `idf`
    entry is TF-IDF weighted first (sublinear counts times idf).

    The row is assembled from index and value arrays instead of SciPy's vstack, hstack and
    scikit-learn's normalize: for one message, their per-call checks and conversions were
    most of a classifier's time (docs/performance.md); the numbers are the same."""
    indptr, columns, values = [0], [], []
    widths: list[int] | None = None
    for message in messages:
        offset, own_widths = 0, []
        for origin in origins:
            column, value, width = _sentence_parts(message, origin)
            if idf and origin in idf:
                value = np.log1p(value) * idf[origin][column]
            if per_block:
                norm = np.sqrt(np.dot(value, value))
                value = value / norm if norm > 0 else value
            columns.append(column + offset)
            values.append(value)
            offset += width
            own_widths.append(width)
        if widths is None:
            widths = own_widths
        elif own_widths != widths:
            raise ValueError(f"messages have different feature widths: {own_widths} != {widths}")
        indptr.append(indptr[-1] + sum(len(c) for c in columns[-len(origins):]))
    shape = (len(messages), sum(widths or []))
    return scipy.sparse.csr_matrix(
        (np.concatenate(values) if values else np.zeros(0),
         np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64),
         np.asarray(indptr)), shape=shape)


def serving_layout(model: LogisticRegression) -> LogisticRegression:
    """`model` with its coefficients in column-major order: scikit-learn multiplies the
    sparse features by `coef_.T`, and SciPy copies a transposed row-major matrix into
    row-major order on every product (the whole matrix, every parse). Same numbers."""
    model.coef_ = np.asfortranarray(model.coef_)
    return model


def _has_words(message: Message) -> bool:
    return bool((message.get(TEXT) or "").strip())


def opens_gate(intent: str | None, ranking: list[dict[str, Any]], text: str,
               min_confidence: float, request_intents: list[str]) -> bool:
    """Whether a message is a problem description or a request that gets labels: its
    intent is one, or the intent ranking gives those intents `min_confidence` together (a
    message split between describing something and small talk or a form answer is still
    a request), or a severity 1-3 criterion cue matches."""
    wanted = {ISSUE_INTENT, *request_intents}
    if intent in wanted:
        return True
    mass = sum(r.get("confidence", 0.0) for r in ranking if r.get(INTENT_NAME_KEY) in wanted)
    if mass >= min_confidence:
        return True
    return any(c.severity < 4 for c in matched_criteria(text))


def make_estimator(config: dict[str, Any]) -> LogisticRegression:
    """The configured logistic regression (multinomial, class-balanced)."""
    return LogisticRegression(
        C=config["C"],
        class_weight="balanced" if config["balanced"] else None,
        max_iter=config["max_iter"],
        random_state=config["random_state"],
    )


class MetadataLabelClassifier(GraphComponent):
    """Predicts one label per message; subclasses name it and shape the output."""

    label_key = ""

    @classmethod
    def required_components(cls) -> list[type]:
        """Needs sparse features."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults chosen by cross-validation on the training data (docs/nlu.md)."""
        return {
            "C": 30.0,
            "balanced": True,
            # L2-normalise each featurizer's block ("featurizer"), the whole row ("message")
            # or nothing ("none"); per featurizer keeps the small criteria block from being
            # drowned by thousands of n-gram counts.
            "normalize": "featurizer",
            "max_iter": 2000,
            "random_state": 42,
            "featurizers": None,  # aliases of the featurizers to read; None = all sparse
            # Featurizers whose counts are TF-IDF weighted (sublinear tf x idf fitted on the
            # classifier's own training examples): generalises better out of fold.
            "tfidf": [],
            # Confidence of describe_issue and the request intents together that opens the
            # gate. Out of fold on the training data (`python -m bench gate`), 0.3 left 24 of
            # 5 151 problem descriptions unlabelled (thanks written as praise, "please close
            # case ...", contact changes), 0.15 leaves 11 and labels 41 more of the 911
            # other messages; a label on those costs nothing, since only a problem
            # description or a stated criterion may raise an agreed severity
            # (bot/dialogue/triage_slot.py).
            "min_issue_confidence": 0.15,
            # Questions about support answered by their own rules (hours, phone, SLA) are
            # still general inquiries: they get a case type and a severity too.
            "request_intents": ["ask_hours", "ask_phone", "ask_sla"],
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LogisticRegression | None = None,
        origins: list[str] | None = None,
        idf: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self.origins = origins
        self.idf: dict[str, np.ndarray] = idf or {}
        self._idf_digest: tuple[tuple[str, bytes], ...] | None = None  # computed once
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MetadataLabelClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def features(self, messages: list[Message]) -> Any:
        """The design matrix for these messages (fixes the featurizer layout on first use)."""
        if self.origins is None:
            self.origins = self.config["featurizers"] or sentence_origins(messages)
        how = self.config["normalize"]
        matrix = sentence_features(messages, self.origins, per_block=how == "featurizer",
                                   idf=self.idf)
        return normalize_rows(matrix) if how == "message" else matrix

    def fit_weights(self, messages: list[Message]) -> None:
        """Fit the idf of the `tfidf` featurizers on these (training) messages."""
        if self.origins is None:
            self.origins = self.config["featurizers"] or sentence_origins(messages)
        self.idf = {o: inverse_document_frequency(messages, o)
                    for o in self.config["tfidf"] if o in self.origins}
        self._idf_digest = None

    def inference_features(self, messages: list[Message]) -> Any:
        """`features(messages)` at inference, built once per message and layout."""
        if self._idf_digest is None:
            # The idf values belong in the key, not only their names: two components fitted
            # on different examples (the facts' and the severity's) must not share rows.
            self._idf_digest = tuple(
                (o, hashlib.blake2b(self.idf[o].tobytes(), digest_size=8).digest())
                for o in sorted(self.idf))
        key = (tuple(self.origins or ()), self.config["normalize"], self._idf_digest)
        rows = [(m.get(FEATURE_CACHE) or {}).get(key) for m in messages]
        if all(row is not None for row in rows):
            return rows[0] if len(rows) == 1 else scipy.sparse.vstack(rows).tocsr()
        matrix = self.features(messages)
        for index, message in enumerate(messages):
            message.set(FEATURE_CACHE, {**(message.get(FEATURE_CACHE) or {}),
                                        key: matrix[index]})
        return matrix

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the examples whose intent metadata carries the label; others are unused."""
        examples = [
            e for e in training_data.training_examples
            if _has_words(e) and self.label_of(e) is not None
        ]
        labels = [self.label_of(e) for e in examples]
        if len(set(labels)) < 2:
            logger.warning("%s: fewer than two %s labels; not trained", self.label_key, labels)
            return self._resource
        self.fit_weights(examples)
        estimator, design = make_estimator(self.config), self.features(examples)
        if deferred_fits.enabled():  # the trainer: fitted beside the next nodes
            deferred_fits.submit(estimator, design, labels, self.store)
        else:
            self.store(estimator.fit(design, labels))
        return self._resource

    def store(self, fitted: LogisticRegression) -> None:
        """Keep the fitted model and save it to the model storage."""
        self.model = serving_layout(fitted)
        self.persist()

    def persist(self) -> None:
        """Save coefficients as plain arrays (no pickle) to the model storage."""
        assert self.model is not None
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / "weights.npz", coef=self.model.coef_, intercept=self.model.intercept_,
                     **{f"idf_{origin}": idf for origin, idf in self.idf.items()})
            classes = [c.item() if hasattr(c, "item") else c for c in self.model.classes_]
            layout = {"classes": classes, "origins": self.origins}
            (directory / "layout.json").write_text(json.dumps(layout), encoding="utf-8")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MetadataLabelClassifier:
        """Rebuild the logistic regression from its stored arrays."""
        try:
            with model_storage.read_from(resource) as directory:
                weights = np.load(directory / "weights.npz")
                layout = json.loads((directory / "layout.json").read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("%s: no trained weights in the model; it will output nothing", cls)
            return cls(config, model_storage, resource)
        model = make_estimator({**cls.get_default_config(), **config})
        model.coef_, model.intercept_ = weights["coef"], weights["intercept"]
        serving_layout(model)
        model.classes_ = np.array(layout["classes"])
        idf = {name[len("idf_"):]: weights[name] for name in weights.files if name.startswith("idf_")}
        return cls(config, model_storage, resource, model, layout["origins"], idf)

    def label_of(self, example: Message) -> Any:
        """The training label of an example, None if it has none."""
        return example_label(example, self.label_key)

    def wants(self, message: Message) -> bool:
        """Whether to label this message at inference (the gate)."""
        return self.looks_like_issue(message)

    def looks_like_issue(self, message: Message) -> bool:
        """Output labels only for problem descriptions (see docs/nlu.md, "Gate")."""
        intent = message.get(INTENT) or {}
        return opens_gate(intent.get(INTENT_NAME_KEY), message.get("intent_ranking") or [],
                          message.get(TEXT) or "", self.config["min_issue_confidence"],
                          self.config["request_intents"])

    def rankings(self, messages: list[Message]) -> list[list[tuple[Any, float]]]:
        """Per message, (label, probability) pairs, most probable first."""
        assert self.model is not None
        probabilities = self.model.predict_proba(self.inference_features(messages))
        classes = [c.item() if hasattr(c, "item") else c for c in self.model.classes_]
        return [
            sorted(zip(classes, map(float, row)), key=lambda pair: -pair[1])
            for row in probabilities
        ]

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the label to each message that looks like a problem description."""
        if self.model is None:
            return messages
        chosen = [m for m in messages if _has_words(m) and self.wants(m)]
        if chosen:
            for message, ranking in zip(chosen, self.rankings(chosen)):
                self.annotate(message, ranking)
        return messages

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Set the output properties; subclasses decide what they are."""
        raise NotImplementedError
