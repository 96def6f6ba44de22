"""`SeverityClassifier`: severity 1-4 with the policy criteria behind it."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.criteria import Criterion, fallback_for, matched_criteria
from bot.nlu.label_classifier import MetadataLabelClassifier


def decide(ranking: list[tuple[int, float]], margin: float) -> tuple[int, float, bool]:
    """Pick a severity from a ranking: (severity, its probability, needs_review).

    Safety over convenience: when the two most probable severities are within `margin`,
    take the more severe one (the lower number) and ask a human to review it.
    """
    (first, p_first), (second, p_second) = ranking[0], ranking[1]
    if p_first - p_second < margin:
        return (second, p_second, True) if second < first else (first, p_first, True)
    return first, p_first, False


def criteria_for(severity: int, matched: list[Criterion]) -> list[Criterion]:
    """The matched criteria of the chosen severity, or its fallback if none matched."""
    own = [c for c in matched if c.severity == severity]
    return own or [fallback_for(severity)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SeverityClassifier(MetadataLabelClassifier):
    """Adds `severity`, `criteria` and `needs_review` to the parse result."""

    label_key = "severity"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The review margin is set by cross-validation on the training data."""
        return {**MetadataLabelClassifier.get_default_config(), "review_margin": 0.45}

    def annotate(self, message: Message, ranking: list[tuple[Any, float]]) -> None:
        """Set severity (value, confidence, ranking), criteria and needs_review."""
        severity, confidence, review = decide(ranking, self.config["review_margin"])
        criteria = criteria_for(severity, matched_criteria(message.get(TEXT)))
        message.set(
            "severity",
            {
                "value": int(severity),
                "confidence": confidence,
                "ranking": [{"value": int(s), "confidence": p} for s, p in ranking],
            },
            add_to_output=True,
        )
        message.set("criteria", [c.as_output() for c in criteria], add_to_output=True)
        message.set("needs_review", review, add_to_output=True)
