"""NFKC normalisation with an offset map back to the text as typed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.nlu.normalize import normalize

CASES = [
    # (typed, normalised)
    ("", ""),
    ("plain ascii", "plain ascii"),
    ("ｖＳｐｈｅｒｅ環境でＶＭ１台", "vSphere環境でVM1台"),
    ("０４２１９８７６", "04219876"),
    ("ｶﾞｲﾄﾞ", "ガイド"),  # half-width kana with dakuten compose into one char each
    ("㍻", "平成"),  # one char becomes two
    ("ﬁle", "file"),
    ("line1\nline2\r\n", "line1\nline2\r\n"),
    ("　全角スペース", " 全角スペース"),
    ("😀 ok", "😀 ok"),
    ("エラー：「Ａｃｃｅｓｓ」", "エラー:「Access」"),
]


@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_normalised_text(typed: str, expected: str) -> None:
    assert normalize(typed).text == expected


@pytest.mark.parametrize(
    ("typed", "needle", "original"),
    [
        ("ｻﾎﾟｰﾄID ０４２１９８７６", "04219876", "０４２１９８７６"),
        ("ｶﾞｲﾄﾞ を見た", "ガイド", "ｶﾞｲﾄﾞ"),
        ("㍻の件", "平成", "㍻"),
        ("ID:12345678", "12345678", "12345678"),
    ],
)
def test_spans_map_back_to_what_was_typed(typed: str, needle: str, original: str) -> None:
    norm = normalize(typed)
    start = norm.text.index(needle)
    o_start, o_end = norm.to_original(start, start + len(needle))
    assert typed[o_start:o_end] == original


def test_empty_span_maps_to_a_point() -> None:
    norm = normalize("ａｂ")
    assert norm.to_original(1, 1) == (1, 1)
    assert norm.to_original(2, 2) == (2, 2)


ALPHABET = st.sampled_from(list("abcXYZ019 \n.-@ＡＢＣ０１９ｱｶﾞﾊﾟｰあいうアイウ漢字。、「」😀㍻"))


@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_equals_nfkc_and_every_char_maps_inside_the_text(typed: str) -> None:
    norm = normalize(typed)
    assert norm.text == unicodedata.normalize("NFKC", typed)
    assert len(norm.starts) == len(norm.text) == len(norm.ends)
    for start, end in zip(norm.starts, norm.ends):
        assert 0 <= start < end <= len(typed)
    assert list(norm.starts) == sorted(norm.starts)
