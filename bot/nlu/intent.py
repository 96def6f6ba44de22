"""`LinearIntentClassifier`: the intent, by the same logistic regression as severity.

Chosen over DIET by measured accuracy and training time (docs/nlu.md, "Intent").
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.label_classifier import MetadataLabelClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(MetadataLabelClassifier, IntentClassifier):
    """Sets `intent` and `intent_ranking` like Rasa's intent classifiers."""

    label_key = INTENT

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Same regularisation as the triage classifiers, ranking cut to 10."""
        return {**MetadataLabelClassifier.get_default_config(), "ranking_length": 10}

    def label_of(self, example: Message) -> Any:
        """The example's intent."""
        return example.get(INTENT)

    def wants(self, message: Message) -> bool:
        """Every message gets an intent."""
        return True

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Set intent and the top of the ranking."""
        ranked = [{INTENT_NAME_KEY: name, "confidence": p} for name, p in ranking]
        message.set(INTENT, ranked[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranked[: self.config["ranking_length"]],
                    add_to_output=True)
