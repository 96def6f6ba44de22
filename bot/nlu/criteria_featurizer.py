"""`CriteriaFeaturizer`: one sparse feature per policy criterion whose cue matches;
`FactCueFeaturizer`: the same for the cues of the §4.4 facts' values (fact_cues.yml)."""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.criteria import cue_criteria, find_cues
from bot.nlu.fact_cues import find_fact_cues, load_fact_cues
from bot.nlu.normalize import normalize
from bot.nlu.resources import stored_json

logger = logging.getLogger(__name__)
_FILE = "criteria.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class CriteriaFeaturizer(SparseFeaturizer, GraphComponent):
    """Marks the tokens (sequence) and the message (sentence) matching each criterion.

    The list of criterion ids is stored with the model, so a model keeps its feature
    layout even if criteria.yml gains or loses entries after training.
    """

    @classmethod
    def required_components(cls) -> list[type]:
        """Needs tokens to place sequence features."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Only the featurizer alias."""
        return SparseFeaturizer.get_default_config()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to validate."""

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        criterion_ids: list[str] | None = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.criterion_ids = criterion_ids or self.table_ids()

    @staticmethod
    def table_ids() -> list[str]:
        """The feature layout of a new model: one column per cue entry of the table."""
        return [c.id for c in cue_criteria()]

    @staticmethod
    def matches(text: str) -> tuple[tuple[Any, int, int], ...]:
        """(entry, start, end) of each cue found in normalised `text`."""
        return find_cues(text)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CriteriaFeaturizer:
        """A featurizer over the criteria in criteria.yml."""
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CriteriaFeaturizer:
        """A featurizer with the criterion layout saved at training time."""
        ids = stored_json(model_storage, resource, _FILE)
        if ids is None:
            logger.debug("No stored criteria layout for %s; using criteria.yml", resource.name)
        return cls(config, model_storage, resource, execution_context, ids)

    def train(self, training_data: TrainingData) -> Resource:
        """Store the criterion layout; there is nothing to learn."""
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(json.dumps(self.criterion_ids), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add sequence and sentence features for the text attribute."""
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT])
            if tokens:
                # Cues only where there are tokens: the tokenizer's character budget
                # bounds this step too (it pairs every cue with every token).
                text = message.get(TEXT)[: tokens[-1].end]
                sequence, sentence = self._features(text, tokens)
                self.add_features_to_message(sequence, sentence, TEXT, message)
        return messages

    def _features(
        self, text: str, tokens: list[Any]
    ) -> tuple[scipy.sparse.coo_matrix, scipy.sparse.coo_matrix]:
        column = {cid: i for i, cid in enumerate(self.criterion_ids)}
        sequence = np.zeros((len(tokens), len(column)))
        sentence = np.zeros((1, len(column)))
        norm = normalize(text)
        for criterion, start, end in self.matches(norm.text):
            if criterion.id not in column:
                continue
            col = column[criterion.id]
            sentence[0, col] = 1.0
            o_start, o_end = norm.to_original(start, end)
            for row, token in enumerate(tokens):
                if token.start < o_end and o_start < token.end:
                    sequence[row, col] = 1.0
        return scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class FactCueFeaturizer(CriteriaFeaturizer):
    """Marks the tokens and the message matching each fact cue of fact_cues.yml."""

    @staticmethod
    def table_ids() -> list[str]:
        """One column per fact cue."""
        return [c.id for c in load_fact_cues()]

    @staticmethod
    def matches(text: str) -> tuple[tuple[Any, int, int], ...]:
        """The fact cues found in normalised `text`."""
        return find_fact_cues(text)
