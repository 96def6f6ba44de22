"""Case form, tier decisions and hand-off on tracker snapshots, with a real SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.case_form import ValidateCaseForm
from actions.handoff import ActionHandoff
from actions.tiers import ActionApplyTiers
from bot.cases import CaseStore
from bot.collect.form import MISSING

AGREED = {"triage": {"severity": 2, "case_type": "technical", "criteria": [], "text": "x"},
          "severity": "2", "case_type": "technical", "role": "case_administrator",
          "program": "basic", "country": "JP", "timezone": "Asia/Tokyo"}


def _japanese_or_template(message: dict[str, Any]) -> bool:
    """Policy texts are uttered in Japanese for this conversation; templates by name."""
    text = message.get("text") or ""
    return bool(message.get("response")) or any("\u3040" <= ch <= "\u9fff" for ch in text)


def answer(tracker: Callable[..., Tracker], field: str, text: str, slots: dict[str, Any],
           entities: list[dict] | None = None) -> Tracker:
    return tracker(slots={**AGREED, **slots, "requested_slot": field, field: text},
                   message={"text": text, "intent": {"name": "inform"},
                            "entities": entities or []},
                   active_loop="case_form")


def test_full_width_phone_is_accepted(tracker: Callable[..., Tracker]) -> None:
    t = answer(tracker, "phone", "０３－１２３４－５６７８", {})
    assert ValidateCaseForm().check("phone", "０３－１２３４－５６７８", CollectingDispatcher(), t) == \
        {"phone": "+81312345678"}


def test_entity_in_a_sentence_is_the_answer(tracker: Callable[..., Tracker]) -> None:
    text = "my address is taro@example.co.jp thanks"
    t = answer(tracker, "email", text, {}, [{"entity": "email", "value": "taro@example.co.jp"}])
    assert ValidateCaseForm().check("email", text, CollectingDispatcher(), t)["email"] == \
        "taro@example.co.jp"


def test_three_bad_answers_mark_the_field_missing_and_keep_the_rest(
    tracker: Callable[..., Tracker],
) -> None:
    tries: dict[str, int] = {}
    form = ValidateCaseForm()
    for attempt in range(3):
        dispatcher = CollectingDispatcher()
        t = answer(tracker, "email", "not an address", {"tries": tries, "name": "Taro"})
        result = form.check("email", "not an address", dispatcher, t)
        tries = result["tries"]
        expected = "utter_field_missing" if attempt == 2 else "utter_invalid_email"
        assert dispatcher.messages[0]["response"] == expected
    assert result["email"] == MISSING
    assert result["missing"] == ["email"]
    assert "name" not in result


def test_answer_describing_something_worse_raises_the_severity(
    tracker: Callable[..., Tracker],
) -> None:
    text = "now the whole production cluster is down too"
    t = tracker(slots={**AGREED, "requested_slot": "impact"}, active_loop="case_form",
                message={"text": text, "intent": {"name": "describe_issue"},
                         "severity": {"value": 1, "confidence": 0.9},
                         "case_type": {"value": "technical", "confidence": 0.9},
                         "criteria": [{"id": "production_down", "en": "production down",
                                       "ja": "本番停止"}]})
    dispatcher = CollectingDispatcher()
    result = ValidateCaseForm().check("impact", text, dispatcher, t)
    assert result == {"impact": text, "severity": "1"}
    assert dispatcher.messages[0]["response"] == "utter_severity_raised"


def test_required_fields_follow_the_case_type(tracker: Callable[..., Tracker]) -> None:
    t = tracker(slots={**AGREED, "case_type": "general_inquiry"})
    fields = asyncio.run(ValidateCaseForm().required_slots([], CollectingDispatcher(), t, {}))
    assert fields == ["name", "company", "description", "email", "contact_method"]


@pytest.mark.parametrize(("case_type", "program", "role", "route"), [
    ("technical", "basic", "case_administrator", "collect"),
    ("feature_request", "basic", "case_administrator", "offer"),
    ("out_of_scope", "premium", "case_administrator", "stop"),
    ("technical", "kasten-evaluation", "case_administrator", "stop"),
    ("technical", "vcsp_end_customer", "other", "stop"),
    ("technical", "production", "other", "stop"),
])
def test_tier_rules_choose_the_route(tracker: Callable[..., Tracker], domain: dict,
                                     case_type: str, program: str, role: str, route: str) -> None:
    t = tracker(slots={**AGREED, "case_type": case_type, "program": program, "role": role})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionApplyTiers().run(dispatcher, t, domain))
    assert events == [{"event": "slot", "timestamp": None, "name": "route", "value": route}]
    assert dispatcher.messages and all(_japanese_or_template(m) for m in dispatcher.messages)


def test_handoff_stores_the_case_once_even_if_retried(
    tracker: Callable[..., Tracker], domain: dict, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    monkeypatch.setenv("TRIAGEBOT_CASES_URL", url)
    slots = {**AGREED, "route": "collect", "name": "山田太郎", "email": "taro@example.co.jp"}
    results = [asyncio.run(ActionHandoff().run(CollectingDispatcher(), tracker(slots=slots),
                                               domain)) for _ in range(2)]
    assert results[0] == results[1]
    events = results[0]
    cases = CaseStore(url).all()
    # Not paused: the hand-off marks the conversation, and later messages go to the case.
    assert [(e["name"], e["value"]) for e in events if e["event"] == "slot"
            and e["name"] == "handoff_case"] == [("handoff_case", cases[0].case_number)]
    assert all(e["event"] != "pause" for e in events)
    assert len(cases) == 1
    case = cases[0]
    assert case.conversation_id == "fixture-ja"
    assert case.severity == 2 and case.target == "8 business hours"
    assert case.fields["name"] == "山田太郎"
    assert "phone" in case.missing
    assert case.messages[0].startswith("至急です")
    assert any(d["section"] for d in case.decisions)
