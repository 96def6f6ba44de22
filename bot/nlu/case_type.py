"""`CaseTypeClassifier`: technical, licensing, general_inquiry, feature_request, out_of_scope;
`CharacterCaseTypeView`: a second reading of the case type from the text's characters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.label_classifier import MetadataLabelClassifier

# Where the character view leaves its ranking for CaseTypeClassifier (not in the output).
CHARACTER_CASE_OPINION = "case_type_character_opinion"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CharacterCaseTypeView(MetadataLabelClassifier):
    """The case type from the character n-grams of the whole text alone (`text_chars`).

    A bag of characters across Japanese morpheme boundaries errs on other messages than
    the word, criteria and cue view: on the four dev sets it made 15 Japanese case-type
    errors where the main classifier made 19 (docs/nlu.md, "Case type")."""

    label_key = "case_type"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Whole-text character n-grams, TF-IDF weighted, regularised as the severity's
        character view."""
        return {**MetadataLabelClassifier.get_default_config(), "C": 10.0,
                "featurizers": ["text_chars"], "tfidf": ["text_chars"]}

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Keep the ranking for `CaseTypeClassifier`."""
        message.set(CHARACTER_CASE_OPINION, {str(c): float(p) for c, p in ranking})


def mix_rankings(own: list[tuple[Any, float]], other: Mapping[str, float] | None,
                 weight: float) -> list[tuple[Any, float]]:
    """`own` ranking with `weight` of it taken from `other`, most probable first."""
    if other is None or weight <= 0.0:
        return own
    mixed = [(label, (1 - weight) * p + weight * other.get(str(label), 0.0)) for label, p in own]
    return sorted(mixed, key=lambda pair: -pair[1])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CaseTypeClassifier(MetadataLabelClassifier):
    """Adds `case_type` to the parse result."""

    label_key = "case_type"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Share of the ranking taken from `CharacterCaseTypeView` (0 = none)."""
        return {**MetadataLabelClassifier.get_default_config(), "character_weight": 0.0}

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Set case_type (value, confidence, ranking)."""
        ranking = mix_rankings(ranking, message.get(CHARACTER_CASE_OPINION),
                               self.config["character_weight"])
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
