"""`LanguageDetector`: the message's language as an output property and a `language` entity."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import detect_language


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent):
    """Sets `language` (en/ja) and emits it as entity `language` for the slot.

    Language-neutral input (an e-mail address, a number, "OK") gets neither, so the
    `language` slot keeps the language of the conversation so far.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Nothing to configure."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Detect each message's language."""
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect_language(text)
            if language is None:
                continue
            message.set("language", language, add_to_output=True)
            entity = {
                "entity": "language",
                "value": language,
                "start": 0,
                "end": len(text),
                "confidence": 1.0,
                "extractor": type(self).__name__,
            }
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages
