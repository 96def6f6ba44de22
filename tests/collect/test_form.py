"""Which field comes next and how answers to each field are judged."""

from __future__ import annotations

import pytest

from bot.collect.form import SKIPPED, check_answer, count_failure, fields_for, next_field


@pytest.mark.parametrize(("field", "text", "value", "error"), [
    ("product", "we run vbr 12", "Veeam Backup & Replication", None),
    ("product", "キャステンです", "Veeam Kasten (K10)", None),
    ("product", "ＶＢＲ", "Veeam Backup & Replication", None),
    ("product", "banana", None, "product"),
    ("support_id", "０１２３４５６７", "01234567", None),
    ("support_id", "1234", None, "support_id"),
    ("support_id", "なし", SKIPPED, None),
    ("phone", "skip", SKIPPED, None),
    ("email", "none", None, "email"),  # required: no skipping
    ("contact_method", "メールでお願いします", "email", None),
    ("contact_method", "call me", "phone", None),
    ("contact_method", "carrier pigeon", None, "contact_method"),
    ("description", "broken", None, "description"),  # fewer than 10 characters
])
def test_check_answer(field: str, text: str, value: str | None, error: str | None) -> None:
    checked = check_answer(field, text, "JP")
    assert (checked.value, checked.error) == (value, error)


def test_fields_follow_the_case_type_and_skip_what_is_filled() -> None:
    assert fields_for("feature_request") == ("name", "company", "product", "description", "email")
    assert fields_for(None) == fields_for("technical")
    assert next_field("general_inquiry", {"name": "A", "company": "B"}) == "description"
    assert next_field("out_of_scope", {}) is None


def test_the_third_failure_gives_up() -> None:
    tries, give_up = count_failure(None, "email")
    assert (tries, give_up) == ({"email": 1}, False)
    tries, give_up = count_failure(tries, "email")
    tries, give_up = count_failure(tries, "email")
    assert (tries, give_up) == ({"email": 3}, True)
