"""Phone numbers in the formats customers write, with and without a country code."""

from __future__ import annotations

import pytest

from bot.nlu.extractor import find_spans

CASES = [
    ("call me on (020) 7946 0958 please", "en", "+442079460958"),
    ("my number is +81 3-1234-5678", "en", "+81312345678"),
    ("ring 030 1234567 in Berlin", "en", "+49301234567"),
    ("tel 0120-123-456", "en", "+81120123456"),
    ("+1 415 555 0134 ext 22", "en", "+14155550134"),
    ("0049 89 1234567 is the office", "en", "+49891234567"),
    ("電話は０３－１２３４－５６７８です", "ja", "+81312345678"),
    ("携帯 090-1234-5678 まで", "ja", "+819012345678"),
]


@pytest.mark.parametrize(("text", "language", "expected"), CASES)
def test_phone_formats(text: str, language: str, expected: str) -> None:
    from bot.nlu.normalize import normalize

    phones = [s.value for s in find_spans(normalize(text).text, language) if s.entity == "phone"]
    assert phones == [expected]


@pytest.mark.parametrize("text", ["support ID 04219876", "case 07345612", "build 12.1.2.172",
                                  "job failed 12345678 times"])
def test_ids_and_numbers_are_not_phones(text: str) -> None:
    assert not [s for s in find_spans(text, "en") if s.entity == "phone"]


@pytest.mark.parametrize("text", ["upgraded to 12.1.2.172 yesterday", "since 2026-11-29 10:00",
                                  "v12.0.0.1420 P20230718"])
def test_versions_and_dates_are_not_phones(text: str) -> None:
    assert not [s for s in find_spans(text, "en") if s.entity == "phone"]
