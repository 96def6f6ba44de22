"""The case record: everything staff need to pick up and later review a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class CaseRecord:
    """One hand-off from the bot to a human. Times are timezone-aware; stored in UTC.

    `conversation_id` + `seq` identify the hand-off: writing the same pair twice (an action
    retried by Rasa) returns the case written the first time instead of a second case.
    Voice calls (`source="voice"`) are keyed on `dedupe_key` (content hash + call id) instead,
    keep the caller's words in `messages` and every turn in `extra["turns"]`.
    """

    conversation_id: str
    seq: int
    created_at: datetime
    language: str
    customer_timezone: str
    country: str | None
    program: str | None
    role: str | None
    product: str | None
    version: str | None
    severity: int | None
    case_type: str | None
    triage: dict[str, Any]
    decisions: list[dict[str, Any]]
    fields: dict[str, Any]
    missing: list[str]
    messages: list[str]
    deadline: datetime | None
    target: str | None
    reason: str = "form completed"
    case_number: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = "chat"  # "chat" or "voice"
    status: str = "open"  # calls start as "pending_review"
    dedupe_key: str | None = None
