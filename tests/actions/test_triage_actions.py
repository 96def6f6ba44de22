"""Triage actions on tracker snapshots: proposal copied to slots, answers validated."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import ActionAskSeverity, ActionTriage, ValidateTriageForm


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_triage_copies_the_proposal_entities_and_page_metadata(
    tracker: Callable[..., Tracker], domain: dict
) -> None:
    events = asyncio.run(ActionTriage().run(CollectingDispatcher(), tracker(), domain))
    slots = slots_of(events)
    assert slots["triage"]["severity"] == 1
    assert slots["triage"]["criteria"][0]["id"] == "urgent_production_restore"
    assert slots["case_type"] == "technical"
    assert slots["severity"] is None  # proposed, not yet agreed
    assert slots["product"] == "Veeam Backup & Replication"
    assert slots["support_id"] == "04219876"
    assert (slots["country"], slots["timezone"]) == ("JP", "Asia/Tokyo")
    assert slots["description"].startswith("至急です")


def test_ask_severity_states_case_type_severity_and_criterion_in_the_language(
    tracker: Callable[..., Tracker], domain: dict
) -> None:
    triage = {"severity": 1, "case_type": "technical", "needs_review": True,
              "criteria": [{"id": "x", "en": "production down", "ja": "本番停止"}]}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskSeverity().run(dispatcher, tracker(slots={"triage": triage}), domain))
    summary, review = dispatcher.messages
    assert summary["response"] == "utter_triage_summary"
    assert summary["severity"] == 1
    assert summary["case_type_label"] == "技術的な問題"
    assert summary["criterion"] == "本番停止"
    assert review["response"] == "utter_triage_needs_review"


PROPOSED = {"severity": 3, "case_type": "technical", "criteria": [], "text": "tape failed"}
SEVERITY_ANSWERS = [
    ("yes", "affirm", [], "3"),
    ("重大度２でお願いします", "inform", [], "2"),
    ('/change_severity{"severity":"1"}', "change_severity", [{"entity": "severity", "value": "1"}],
     "1"),
    ("no", "deny", [], None),
]


@pytest.mark.parametrize(("text", "intent", "entities", "expected"), SEVERITY_ANSWERS)
def test_severity_answers(tracker: Callable[..., Tracker], domain: dict, text: str, intent: str,
                          entities: list[dict], expected: str | None) -> None:
    t = tracker(slots={"triage": PROPOSED, "requested_slot": "severity"}, active_loop="triage_form",
                message={"text": text, "intent": {"name": intent}, "entities": entities})
    result = ValidateTriageForm().validate_severity(text, CollectingDispatcher(), t, domain)
    assert result["severity"] == expected
    if intent == "deny":
        assert result["triage"]["rejected"] is True


def test_unreadable_severity_falls_back_to_the_proposal_after_three_tries(
    tracker: Callable[..., Tracker], domain: dict
) -> None:
    tries: dict[str, int] = {}
    form = ValidateTriageForm()
    for attempt in range(3):
        dispatcher = CollectingDispatcher()
        t = tracker(slots={"triage": PROPOSED, "tries": tries}, active_loop="triage_form",
                    message={"text": "hmm what", "intent": {"name": "inform"}, "entities": []})
        result = form.validate_severity("hmm what", dispatcher, t, domain)
        tries = result["tries"]
        if attempt < 2:
            assert result["severity"] is None
            assert dispatcher.messages[0]["response"] == "utter_invalid_severity"
    assert result["severity"] == "3"


@pytest.mark.parametrize(("slot", "text", "expected"), [
    ("role", "ケース管理者です", "case_administrator"),
    ("program", "プレミアムです", "premium"),
    ("country", "ドイツ", "DE"),
])
def test_role_program_country(tracker: Callable[..., Tracker], domain: dict, slot: str, text: str,
                              expected: str) -> None:
    t = tracker(message={"text": text, "intent": {"name": "inform"}, "entities": []},
                active_loop="triage_form")
    result = getattr(ValidateTriageForm(), f"validate_{slot}")(text, CollectingDispatcher(), t,
                                                               domain)
    assert result[slot] == expected


def test_unknown_program_is_asked_again_in_the_customer_language(
    tracker: Callable[..., Tracker], domain: dict
) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(message={"text": "ゴールドプラン", "intent": {"name": "inform"}, "entities": []})
    result = ValidateTriageForm().validate_program("ゴールドプラン", dispatcher, t, domain)
    assert result["program"] is None
    assert dispatcher.messages[0]["response"] == "utter_invalid_program"


def test_country_prefilled_from_the_chat_page_is_not_reread_from_the_message(
    tracker: Callable[..., Tracker], domain: dict
) -> None:
    t = tracker(slots={"country": "GB", "requested_slot": None}, active_loop="triage_form")
    dispatcher = CollectingDispatcher()
    result = ValidateTriageForm().validate_country("GB", dispatcher, t, domain)
    assert result["country"] == "GB"
    assert dispatcher.messages == []
