"""Slots reach every input of the tier rules, the ones no question asks yet included."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.dialogue.decisions import customer_from_slots, decision_for, triage_from_slots

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)  # a Tuesday, 10:00 in Tokyo
SLOTS = {"triage": {"severity": 2, "case_type": "technical"}, "severity": "2",
         "case_type": "technical", "role": "case_administrator", "program": "production",
         "country": "US", "timezone": "America/New_York", "language": "en"}


def test_slots_no_question_fills_yet_leave_the_rule_defaults() -> None:
    triage, customer = triage_from_slots(SLOTS), customer_from_slots(SLOTS)
    assert (triage.experimental, triage.out_of_scope_kind) == (False, None)
    assert (customer.us_federal, customer.release_date) == (False, None)


def test_a_us_federal_agency_gets_its_own_number() -> None:
    decision = decision_for({**SLOTS, "us_federal": True}, NOW)
    assert decision.phone.reason.code == "phone.us_federal"


def test_an_out_of_scope_kind_chooses_its_redirect() -> None:
    slots = {**SLOTS, "case_type": "out_of_scope", "out_of_scope_kind": "training"}
    decision = decision_for(slots, NOW)
    assert not decision.case.allowed
    assert decision.redirect is not None and decision.redirect.destination == "training"
    assert decision.redirect.reason.code == "redirect.training"


def test_an_experimental_feature_adds_its_note() -> None:
    codes = {m.code for m in decision_for({**SLOTS, "experimental": True}, NOW).messages}
    assert "note.experimental" in codes


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-01", date(2025, 3, 1)), ("soon", None), (None, None)])
def test_a_release_date_slot_is_read_as_a_date(value: str | None, expected: date | None) -> None:
    assert customer_from_slots({**SLOTS, "release_date": value}).release_date == expected


def test_an_old_kasten_release_cannot_open_a_case() -> None:
    slots = {**SLOTS, "program": "kasten-premium", "product": "Kasten",
             "release_date": "2020-01-01"}
    decision = decision_for(slots, NOW)
    assert not decision.case.allowed and decision.case.reason.code == "case.kasten_upgrade"
