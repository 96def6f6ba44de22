"""The name question does not take a country (issue 9, finding 7) or other non-names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.collect.form import check_answer
from bot.collect.validators import check_name

REFUSED = ["Germany", "germany", "ドイツ", "日本", "Japan", "Kenya", "ケニア", "USA", "United States",
           "12345", "dana@example.com", "   ", "x" * 81, "...", "アメリカ合衆国"]
ACCEPTED = ["Dana Whitfield", "佐藤 花子", "さとう", "O'Brien", "Jean-Luc Picard", "ＴＡＲＯ",
            "Georgia Smith", "Jordan Lee"]


@pytest.mark.parametrize("text", REFUSED)
def test_not_a_name(text: str) -> None:
    checked = check_answer("name", text)
    assert not checked.ok and checked.error == "name"


@pytest.mark.parametrize("text", ACCEPTED)
def test_names(text: str) -> None:
    assert check_answer("name", text).value == text.strip()


@given(st.text(max_size=100))
def test_an_accepted_name_is_trimmed_text_with_a_letter(text: str) -> None:
    checked = check_name(text)
    if checked.ok:
        assert checked.value == text.strip() and any(c.isalpha() for c in checked.value)
        assert "@" not in checked.value and len(checked.value) <= 80
    else:
        assert checked.error == "name"
