"""Small helpers the actions share: the customer's language and policy texts."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue.triage_slot import raised_severity
from bot.policy.schema import Message, Text


def language(tracker: Tracker) -> str:
    """The conversation's language slot ("en" or "ja")."""
    return "ja" if tracker.get_slot("language") == "ja" else "en"


def say(dispatcher: CollectingDispatcher, tracker: Tracker, text: Text | Message) -> None:
    """Utter a policy text (kept in bot/policy/policy.yml) in the customer's language."""
    text = text.text if isinstance(text, Message) else text
    dispatcher.utter_message(text=text.get(language(tracker)))


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of entity `name` in the latest message, if any."""
    return next(tracker.get_latest_entity_values(name), None)


def latest_text(tracker: Tracker) -> str:
    """The text the customer typed last (button payloads included)."""
    return str(tracker.latest_message.get("text") or "")


def raise_severity(dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
    """The new severity slot value when the latest message describes something more severe
    than the agreed severity, announced to the customer with its criterion; else None."""
    raised = raised_severity(tracker.latest_message, tracker.get_slot("severity"))
    if raised is None:
        return None
    dispatcher.utter_message(response="utter_severity_raised", severity=raised.severity,
                             criterion=raised.criterion_text(language(tracker)))
    return str(raised.severity)


def metadata(tracker: Tracker) -> dict[str, Any]:
    """Metadata the chat page sent with the latest message (time zone, locale, country)."""
    value = tracker.latest_message.get("metadata") or {}
    return value if isinstance(value, dict) else {}
