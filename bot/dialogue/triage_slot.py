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


def triage_from_parse(parse: dict[str, Any]) -> dict[str, Any] | None:
    """The triage part of a parse result, or None when the message carried none."""
    severity = parse.get("severity") or {}
    case_type = parse.get("case_type") or {}
    if not severity.get("value") or not case_type.get("value"):
        return None
    return {
        "severity": int(severity["value"]),
        "severity_confidence": round(float(severity.get("confidence", 0.0)), 4),
        "case_type": str(case_type["value"]),
        "case_type_confidence": round(float(case_type.get("confidence", 0.0)), 4),
        "criteria": list(parse.get("criteria") or []),
        "needs_review": bool(parse.get("needs_review", False)),
        "language": parse.get("language"),
        "text": parse.get("text", ""),
    }


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
