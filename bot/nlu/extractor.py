"""`DeterministicEntityExtractor`: pattern-and-validation extractors, merged with the CRF."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entities import Span, email, error_message, ids, phone, product, version
from bot.nlu.language import detect_language
from bot.nlu.normalize import normalize

# Entity types decided by patterns alone: learned predictions for them are dropped.
OWNED = ("support_id", "case_number", "email", "phone", "version", "product")


def find_spans(text: str, language: str | None) -> list[Span]:
    """Non-overlapping spans in normalised text; earlier extractors win overlaps."""
    regions = [phone.default_region(language)] if language else ["US", "JP"]
    found = [
        *email.find(text),
        *ids.find(text),
        *(span for region in regions for span in phone.find(text, region)),
        *(span for region in (phone.other_regions() if language != "ja"
                              and phone.may_hold_formatted_number(text) else [])
          for span in phone.find(text, region, formatted_only=True)),
        *error_message.find(text),
        *product.find(text),
        *version.find(text),
    ]
    kept: list[Span] = []
    for span in found:
        if not any(span.overlaps(k) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def extract(text: str, language: str | None = None) -> list[dict[str, Any]]:
    """Entity dicts for `text` as typed: start/end index it; value is canonical.

    Canonical values: ID digits and versions in half-width, e-mail addresses normalised
    by email-validator, phone numbers in E.164, products by their policy name, error
    messages as written (NFKC).
    """
    norm = normalize(text)
    entities = []
    for span in find_spans(norm.text, language or detect_language(text)):
        start, end = norm.to_original(span.start, span.end)
        entities.append(
            {
                "entity": span.entity,
                "start": start,
                "end": end,
                "value": span.value,
                "extractor": DeterministicEntityExtractor.__name__,
            }
        )
    return entities


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DeterministicEntityExtractor(GraphComponent):
    """Extracts IDs, e-mails, phones, versions, products and quoted errors by pattern.

    Place it after the learned extractor (CRFEntityExtractor): its predictions for the
    types owned here are replaced, and its other entities (program, country, unquoted
    error text) are kept unless they overlap a deterministic one.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DeterministicEntityExtractor:
        """Nothing to configure: patterns live in entities.yml and policy.yml."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Add deterministic entities and drop the learned ones they supersede."""
        for message in messages:
            text = message.get(TEXT) or ""
            ours = extract(text, message.get("language"))
            kept = [
                e for e in message.get(ENTITIES, [])
                if e.get("entity") not in OWNED
                and not any(_overlap(e, o) for o in ours if "start" in e)
            ]
            merged = sorted([*kept, *ours], key=lambda e: (e.get("start", 0), e["entity"]))
            message.set(ENTITIES, merged, add_to_output=True)
        return messages


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("entity") == "language":
        return False
    return a["start"] < b["end"] and b["start"] < a["end"]
