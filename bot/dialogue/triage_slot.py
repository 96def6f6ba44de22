"""The `triage` slot: one message's NLU triage, kept for the rest of the conversation.

`latest_message` changes every turn, so the prediction that opened the case is copied
into a slot as a plain dict (JSON-serialisable for the tracker store).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.dialogue.answers import ANSWERS_FILE
from bot.policy.schema import Text
from bot.triage import triage_from_parse


def triage_slot(parse: dict[str, Any]) -> dict[str, Any] | None:
    """The triage part of a parse result as a slot value, or None when it carries none."""
    result = triage_from_parse(parse)
    if result.severity is None or result.case_type is None:
        return None
    slot = result.as_dict()
    del slot["entities"]  # the case's entities go to their own slots
    slot["language"] = slot.pop("lang")
    slot["text"] = parse.get("text", "")
    return slot


def criterion_text(triage: dict[str, Any], language: str) -> str:
    """The matched policy criteria, in the customer's language, joined for a sentence."""
    sep = "、" if language == "ja" else "; "
    return sep.join(c.get(language) or c.get("en", "") for c in triage.get("criteria", []))


@lru_cache(maxsize=1)
def _case_type_labels() -> dict[str, Text]:
    raw = yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))["case_type_labels"]
    return {key: Text(en=value["en"], ja=value["ja"]) for key, value in raw.items()}


def case_type_label(case_type: str, language: str) -> str:
    """How the bot names a case type to the customer."""
    return _case_type_labels()[case_type].get(language)
