"""`CaseTypeClassifier`: technical, licensing, general_inquiry, feature_request, out_of_scope."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.label_classifier import MetadataLabelClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CaseTypeClassifier(MetadataLabelClassifier):
    """Adds `case_type` to the parse result."""

    label_key = "case_type"

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Set case_type (value, confidence, ranking)."""
        value, confidence = ranking[0]
        message.set(
            "case_type",
            {
                "value": value,
                "confidence": confidence,
                "ranking": [{"value": v, "confidence": p} for v, p in ranking],
            },
            add_to_output=True,
        )
