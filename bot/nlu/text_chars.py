"""`TextCharacterFeaturizer`: character n-gram counts over the whole folded text.

Rasa's `CountVectorsFeaturizer` builds its `char_wb` n-grams inside each token, and the
tokenizer cuts Japanese into morphemes, so no n-gram spans two morphemes (設定|方法 gives
no 定方). This featurizer counts the n-grams of the message as typed (NFKC, case-folded),
where Japanese runs keep their n-grams across morpheme boundaries. It adds a sentence
feature only (no classifier here reads character sequences). scikit-learn's
`CountVectorizer` does the counting; its vocabulary is saved as JSON (no pickle).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import CountVectorizer

from bot.nlu.normalize import fold
from bot.nlu.resources import stored_json

logger = logging.getLogger(__name__)
_FILE = "vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TextCharacterFeaturizer(SparseFeaturizer, GraphComponent):
    """One sparse sentence row of `char_wb` n-gram counts of the folded text."""

    @classmethod
    def required_components(cls) -> list[type]:
        """The tokenizer bounds the text read (its character budget)."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """n-gram range as the `chars` featurizer's; the alias names the block. `min_df`:
        n-grams of fewer training texts than this are left out of the vocabulary."""
        return {**SparseFeaturizer.get_default_config(), "min_ngram": 2, "max_ngram": 4,
                "min_df": 1}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """The n-gram range must be a range; `min_df` a count of texts."""
        if not 1 <= config["min_ngram"] <= config["max_ngram"]:
            raise ValueError(f"{cls.__name__}: need 1 <= min_ngram <= max_ngram")
        if not (isinstance(config["min_df"], int) and config["min_df"] >= 1):
            raise ValueError(f"{cls.__name__}: min_df must be a whole number >= 1")

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext,
                 vocabulary: dict[str, int] | None = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizer = self._vectorizer(vocabulary)

    def _vectorizer(self, vocabulary: dict[str, int] | None) -> CountVectorizer:
        return CountVectorizer(
            analyzer="char_wb", preprocessor=fold, lowercase=False, vocabulary=vocabulary,
            ngram_range=(self._config["min_ngram"], self._config["max_ngram"]),
            min_df=self._config["min_df"])

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TextCharacterFeaturizer:
        """An untrained featurizer."""
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> TextCharacterFeaturizer:
        """The featurizer with the vocabulary learned at training time."""
        vocabulary = stored_json(model_storage, resource, _FILE)
        if vocabulary is None:
            logger.warning("%s: no vocabulary in the model; it adds no features", cls.__name__)
        return cls(config, model_storage, resource, execution_context, vocabulary)

    @property
    def fitted(self) -> bool:
        return self.vectorizer.vocabulary is not None or hasattr(self.vectorizer, "vocabulary_")

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the n-gram vocabulary of the training texts and save it."""
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        self.vectorizer.fit(texts)
        vocabulary = {gram: int(i) for gram, i in self.vectorizer.vocabulary_.items()}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(json.dumps(vocabulary, ensure_ascii=False),
                                           encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the sentence row to each message with tokens."""
        if not self.fitted:
            return messages
        chosen = [m for m in messages if m.get(TOKENS_NAMES[TEXT])]
        if not chosen:
            return messages
        # Only the text the tokenizer read: its character budget bounds this step too.
        texts = [m.get(TEXT)[: m.get(TOKENS_NAMES[TEXT])[-1].end] for m in chosen]
        matrix = self.vectorizer.transform(texts).tocsr()
        for index, message in enumerate(chosen):
            message.add_features(Features(matrix[index].tocoo(), FEATURE_TYPE_SENTENCE, TEXT,
                                          self._identifier))
        return messages
