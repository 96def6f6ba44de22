"""A support ID is never read out of a phone number's digits (issue 9, finding 7)."""

from __future__ import annotations

import pytest

from bot.nlu.entities import ids
from bot.nlu.normalize import normalize

CASES = [
    ("call me on +49 30 12345678, support id 61502874", ["61502874"]),
    ("phone (03) 12345678 and my support ID is 61502874", ["61502874"]),
    ("ring +44 20 79460000 please", []),
    ("電話は +81 3 12345678 、サポートIDは61502874です", ["61502874"]),
    ("電話番号 ０３ １２３４５６７８ サポートＩＤ ６１５０２８７４", ["61502874"]),
    ("our id 61502874", ["61502874"]),
    ("61502874", ["61502874"]),
    ("サポートID 61502874 電話 050 12345678", ["61502874"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_support_ids_beside_phone_numbers(text: str, expected: list[str]) -> None:
    found = [s.value for s in ids.find(normalize(text).text) if s.entity == "support_id"]
    assert found == expected
