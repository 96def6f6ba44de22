"""`AfterHandoffPolicy`: once a case is handed off, every customer message goes to the case.

Rasa's `ConversationPaused` drops what the customer writes next (no reply, nothing stored).
Instead, while the slot `handoff_case` holds a case number, this policy answers each
customer message with `action_after_handoff` (which adds it to the case's thread and says
that an engineer has the case). Rules cannot say "any intent", hence a policy; it outranks
RulePolicy and abstains otherwise. External events (`EXTERNAL_*` intents, used by staff
tools) and restarts are left to the other policies.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

PASS_THROUGH_INTENTS = frozenset({"restart", "session_start"})


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class AfterHandoffPolicy(Policy):
    """Predicts `action` after each customer message while slot `slot` is set."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Priority above RulePolicy's (6), so a hand-off wins over every rule."""
        return {"priority": 7, "slot": "handoff_case", "action": "action_after_handoff"}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage,
                 resource: Resource, execution_context: ExecutionContext,
                 featurizer: Any = None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self.slot = config["slot"]
        self.action = config["action"]

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        """Nothing to learn."""
        return self._resource

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain,
        rule_only_data: dict[str, Any] | None = None, **kwargs: Any,
    ) -> PolicyPrediction:
        """`action` right after a customer message, then listen; abstain otherwise."""
        result = self._default_predictions(domain)
        if tracker.get_slot(self.slot):
            latest = tracker.latest_action_name
            intent = str(tracker.latest_message.intent.get("name") or "")
            if latest == ACTION_LISTEN_NAME and not (
                intent.startswith("EXTERNAL_") or intent in PASS_THROUGH_INTENTS
            ):
                result[domain.index_for_action(self.action)] = 1.0
            elif latest == self.action:
                result[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        return self._prediction(result)
