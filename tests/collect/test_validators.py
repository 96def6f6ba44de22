"""Answer validation: formats, full-width input, country-specific phone numbers."""

from __future__ import annotations

import pytest

from bot.collect.validators import (
    check_email,
    check_pattern,
    check_phone,
    check_text,
    check_version,
)

EMAILS = [
    ("taro@example.co.jp", "taro@example.co.jp"),
    ("  Jane.Doe+veeam@Example.COM ", "Jane.Doe+veeam@example.com"),
    ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
    ("not-an-email", None),
    ("a@b", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), EMAILS)
def test_email(text: str, expected: str | None) -> None:
    checked = check_email(text)
    assert checked.value == expected
    assert checked.ok is (expected is not None)


PHONES = [
    ("03-1234-5678", "JP", "+81312345678"),
    ("０３－１２３４－５６７８", "JP", "+81312345678"),
    ("090-1234-5678", "JP", "+819012345678"),
    ("0120-922-345", "JP", "+81120922345"),
    ("+1 415 555 0134", "JP", "+14155550134"),  # international form: any country
    ("+1 650 253 0000", None, "+16502530000"),
    ("(650) 253-0000", "US", "+16502530000"),
    ("030 1234567", "DE", "+49301234567"),
    ("12345", "JP", None),
    ("call me", "US", None),
    ("(650) 253-0000", None, None),  # national form without a country cannot be checked
]


@pytest.mark.parametrize(("text", "country", "expected"), PHONES)
def test_phone(text: str, country: str | None, expected: str | None) -> None:
    assert check_phone(text, country=country).value == expected


SUPPORT_IDS = [("01234567", "01234567"), ("０１２３４５６７", "01234567"), ("0123-4567", "01234567"),
               ("1234567", None), ("12345678a", None), ("ID 1234", None)]


@pytest.mark.parametrize(("text", "expected"), SUPPORT_IDS)
def test_support_id_pattern(text: str, expected: str | None) -> None:
    checked = check_pattern(text, pattern=r"\d{8}", error="support_id")
    assert checked.value == expected
    assert checked.error == (None if expected else "support_id")


@pytest.mark.parametrize(("text", "expected"), [
    ("12.1.2.172", "12.1.2.172"), ("v12", "12"), ("ver. １２．１", "12.1"),
    ("version twelve", None), ("", None),
])
def test_version(text: str, expected: str | None) -> None:
    assert check_version(text).value == expected


@pytest.mark.parametrize(("text", "ok"), [("Acme", True), ("   ", False), ("", False)])
def test_text(text: str, ok: bool) -> None:
    assert check_text(text).ok is ok
