"""Digressions on tracker snapshots: hours, phone, SLA, cancel, severity changes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionCancel, ActionChangeSeverity
from actions.tiers import ActionAcceptOffer, ActionAnswerHours, ActionAnswerPhone, ActionAnswerSla

AGREED = {"triage": {"severity": 3, "case_type": "technical", "criteria": [], "text": "x"},
          "severity": "3", "case_type": "technical", "role": "case_administrator",
          "program": "basic", "country": "JP", "timezone": "Asia/Tokyo"}


def run(action: Any, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return events, dispatcher.messages


def test_hours_of_the_known_program(tracker: Callable[..., Tracker]) -> None:
    _, [message] = run(ActionAnswerHours(), tracker(slots=AGREED))
    assert message["response"] == "utter_program_hours"
    assert message["program"] == "ベーシックサポート"
    assert message["hours"] == "月~金:8:00~20:00"


def test_hours_of_every_program_before_the_program_is_known(
    tracker: Callable[..., Tracker],
) -> None:
    _, [message] = run(ActionAnswerHours(), tracker(slots={"language": "en"}))
    assert message["response"] == "utter_all_hours"
    assert "Premium: 24/7/365" in message["hours"]
    assert "Kasten Basic" in message["hours"]


def test_phone_answer_names_the_regional_number(tracker: Callable[..., Tracker]) -> None:
    _, [message] = run(ActionAnswerPhone(), tracker(slots=AGREED))
    assert "0120 922 345" in message["text"]


def test_phone_and_sla_need_the_program_first(tracker: Callable[..., Tracker]) -> None:
    assert run(ActionAnswerPhone(), tracker())[1][0]["response"] == "utter_phone_needs_details"
    assert run(ActionAnswerSla(), tracker())[1][0]["response"] == "utter_sla_needs_details"


def test_sla_answer_gives_the_target_in_japanese(tracker: Callable[..., Tracker]) -> None:
    _, [message] = run(ActionAnswerSla(), tracker(slots=AGREED))
    assert message["text"].startswith("初回応答の目標: 12営業時間以内")


def test_cancel_clears_the_case_but_keeps_who_the_customer_is(
    tracker: Callable[..., Tracker],
) -> None:
    events, [message] = run(ActionCancel(), tracker(slots={**AGREED, "name": "山田"},
                                                     active_loop="case_form"))
    assert message["response"] == "utter_cancelled"
    cleared = {e["name"] for e in events if e["event"] == "slot"}
    assert {"triage", "severity", "description"} <= cleared
    assert "name" not in cleared and "role" not in cleared
    assert {"event": "active_loop", "timestamp": None, "name": None} in events


def test_cancel_with_nothing_open(tracker: Callable[..., Tracker]) -> None:
    events, [message] = run(ActionCancel(), tracker())
    assert events == [] and message["response"] == "utter_nothing_to_cancel"


def test_named_severity_is_set(tracker: Callable[..., Tracker]) -> None:
    t = tracker(slots=AGREED, message={"text": "重大度1に上げてください",
                                       "intent": {"name": "change_severity"}, "entities": []})
    events, [message] = run(ActionChangeSeverity(), t)
    assert events == [{"event": "slot", "timestamp": None, "name": "severity", "value": "1"}]
    assert message["severity"] == 1


def test_a_less_severe_description_does_not_lower_the_severity(
    tracker: Callable[..., Tracker],
) -> None:
    t = tracker(slots={**AGREED, "severity": "2"}, active_loop="case_form",
                message={"text": "also a typo in the console", "intent": {"name": "describe_issue"},
                         "entities": [], "severity": {"value": 4, "confidence": 0.9},
                         "case_type": {"value": "technical", "confidence": 0.9}, "criteria": []})
    events, messages = run(ActionChangeSeverity(), t)
    assert events == [] and messages == []


def test_accepting_the_offer_starts_collecting(tracker: Callable[..., Tracker]) -> None:
    events, _ = run(ActionAcceptOffer(), tracker())
    assert events == [{"event": "slot", "timestamp": None, "name": "route", "value": "collect"}]
