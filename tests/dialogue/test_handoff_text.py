"""The hand-off message never contradicts the case number it gives (issue 9, finding 7)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.dialogue.decisions import decision_for
from bot.dialogue.handoff_text import handoff_texts

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc)
ALLOWED = {"program": "production", "role": "case_administrator", "country": "JP",
           "timezone": "Asia/Tokyo", "severity": "2", "case_type": "technical"}
NOT_ALLOWED = {**ALLOWED, "role": "other"}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_phone_text_asks_to_quote_the_case_number(lang: str) -> None:
    texts = handoff_texts(decision_for({**ALLOWED, "language": lang}, NOW), "07000042", lang)
    assert "07000042" in texts["phone_text"]
    assert "0120 922 345" in texts["phone_text"]
    assert "portal" not in texts["phone_text"] and "ポータル" not in texts["phone_text"]


@pytest.mark.parametrize(("lang", "contradiction"), [
    ("en", "no support case can be opened"), ("ja", "ケースを作成できない"),
])
def test_no_case_request_is_told_it_is_a_reference_for_review(lang: str,
                                                             contradiction: str) -> None:
    decision = decision_for({**NOT_ALLOWED, "language": lang}, NOW)
    assert not decision.case.allowed
    texts = handoff_texts(decision, "07000043", lang)
    told = " ".join(texts.values())
    assert contradiction not in told and "ケースを作成できません" not in told
    assert texts["phone_text"] == ""
    assert ("reference" in told) if lang == "en" else ("受付番号" in told)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("slots", "number"), [
    ({**ALLOWED, "country": "KE", "timezone": "Africa/Nairobi"}, None),  # no number listed
    ({**ALLOWED, "country": "US", "timezone": "America/New_York", "us_federal": True},
     "+1 240 399 50 82"),
])
def test_every_phone_text_after_a_case_quotes_it_and_never_says_open_one(
        lang: str, slots: dict, number: str | None) -> None:
    texts = handoff_texts(decision_for({**slots, "language": lang}, NOW), "07000044", lang)
    assert "07000044" in texts["phone_text"]
    assert "open a case" not in texts["phone_text"] and "ケースを作成" not in texts["phone_text"]
    assert number is None or number in texts["phone_text"]


@pytest.mark.parametrize(("lang", "word"), [("en", "not confirmed"), ("ja", "確認できていない")])
def test_without_program_or_country_no_target_is_promised(lang: str, word: str) -> None:
    texts = handoff_texts(None, "07000045", lang)
    assert word in texts["deadline_text"] and texts["phone_text"] == ""
