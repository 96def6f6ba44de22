"""Properties of every answer validator: any text gives a value or a named error, never an
exception, and a value is always something the case store can keep."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.collect.form import check_answer, form_spec
from bot.collect.validators import Checked

FIELDS = sorted(form_spec().fields)
ANSWERS = st.text(max_size=120) | st.from_regex(r"[+0-9０-９ ()\-]{0,20}", fullmatch=True)


@pytest.mark.parametrize("field", FIELDS)
@settings(max_examples=60, deadline=None)
@given(answer=ANSWERS, country=st.sampled_from([None, "JP", "US", "DE", "XX", ""]))
def test_any_answer_is_checked_without_error(field: str, answer: str,
                                             country: str | None) -> None:
    checked = check_answer(field, answer, country)
    assert isinstance(checked, Checked)
    assert checked.ok != bool(checked.error)
    if checked.ok:
        assert checked.value is not None and str(checked.value).strip()
