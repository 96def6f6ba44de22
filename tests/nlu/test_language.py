"""Language detection: ja for any Japanese, en for English words, None when neutral."""

from __future__ import annotations

import pytest

from bot.nlu.language import detect_language, is_japanese

CASES = [
    ("The backup job failed last night", "en"),
    ("hello", "en"),
    ("バックアップが失敗しました", "ja"),
    ("はい", "ja"),
    ("VBRのジョブが失敗します", "ja"),  # mixed: any Japanese sentence makes it ja
    ("Veeam Backup & Replication 12.1 で Failed to connect が出ます", "ja"),
    ("ｖＳｐｈｅｒｅ環境", "ja"),  # full-width Latin around kanji
    ("キャステン", "ja"),
    # language-neutral input: nothing
    ("", None),
    ("   \n", None),
    ("OK", None),
    ("ok", None),
    ("t.yamada@minato-seiki.co.jp", None),
    ("04219876", None),
    ("０４２１９８７６", None),
    ("0x80070005", None),
    ("+81 3 6890 1122", None),
    ("VBR", None),
    ("Veeam Backup & Replication 12.1.2.172", None),
    ("K10 6.5.3", None),
    ("😀", None),
    ("!!!", None),
    # one English word among neutral tokens is enough
    ("OK thanks", "en"),
    ("VBR 12 crashed", "en"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("漢字", True), ("ｱ", False), ("abc", False)])
def test_is_japanese_on_raw_text(text: str, expected: bool) -> None:
    # is_japanese looks at the text as given; callers normalise first (ｱ -> ア).
    assert is_japanese(text) is expected
