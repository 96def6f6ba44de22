"""Spoken forms met in independent writers' calls: mixed-script numbers, names in addresses."""

from __future__ import annotations

import pytest

from bot.transcripts.emails import spoken_emails
from bot.transcripts.model import Call, Turn
from bot.transcripts.normalize import fix_products, normalize
from bot.transcripts.numbers import japanese_numbers
from bot.transcripts.speakers import assign_roles
from bot.transcripts.triage import caller_text

JAPANESE_NUMBERS = [
    ("バージョンは、じゅうにーてんにーです", "バージョンは、12.2です"),  # じゅう+にー, not じゅうに+ー
    ("じゅうにてんにです", "12.2です"),  # four numerals in two readings
    ("ななてんごーてんにー", "7.5.2"),
    ("じゅうにーてんさん", "12.3"),
    ("じゅうにー点にー点いち、だったと思います", "12.2.1、だったと思います"),  # kana and kanji mixed
    ("じゅうにてんいちてんにです", "12.1.2です"),
    ("ろくてんさんです", "6.3です"),
    ("管理者がいちいち探しています", "管理者がいちいち探しています"),  # "one by one"
    ("にーさんが来ました", "にーさんが来ました"),  # "older brother": two numerals only
]


@pytest.mark.parametrize(("spoken", "written"), JAPANESE_NUMBERS)
def test_japanese_numbers_in_mixed_readings(spoken: str, written: str) -> None:
    assert japanese_numbers(spoken) == written


EMAILS = [
    # separator words are whole words: "isolated" and "minato" hold no "at"
    ("the server is isolated now. we need it back", "the server is isolated now. we need it back"),
    ("minato ハイフン shoji ドット example", "minato ハイフン shoji ドット example"),
    ("k ドット nakamura アットマーク minato ハイフン shoji ドット example",
     "k.nakamura@minato-shoji.example"),
    ("mail insatsu アット example ドット jp", "mail insatsu@example.jp"),
    # a written dot before a space ends a sentence
    ("no copy at all. we're on 12.2", "no copy at all. we're on 12.2"),
    # a word of not_local may begin an address joined by a separator
    ("it dash ops at fenwick dot example", "it-ops@fenwick.example"),
    ("we are looking at northwind dot com", "we are looking at northwind dot com"),
    # a span that is no address ("me at p dot grant") does not hide the one after it
    ("email me at p dot grant at oakmere dot example", "email me at p.grant@oakmere.example"),
    # a word then its spelling
    ("dave dot kowalczyk, k o w a l c z y k, at ridgeway dash m f g dot example",
     "dave.kowalczyk@ridgeway-mfg.example"),
    ("dana, d a n a, at example dot com", "dana@example.com"),
    ("dana, d a n e, at example dot com", "dana, dane@example.com"),  # not its spelling
    # Japanese: names in katakana next to a separator, in passport Hepburn
    ("ケー、ドット、ナカムラ、アットマーク、minato ハイフン shoji ドット example です",
     "k.nakamura@minato-shoji.example です"),
    ("オー、ドット、イシダ、アットマーク、kitakaze ドット example に", "o.ishida@kitakaze.example に"),
    ("アールドットオガワ、アットマーク、hinode ドット example", "r.ogawa@hinode.example"),
    ("エヌドットサイトウ、アットマーク、midori ドット example", "n.saito@midori.example"),
    ("エムドットフジイアットマーク aoba ハイフン denki ドット example", "m.fujii@aoba-denki.example"),
    ("ハットリアットマーク example ドット jp", "hattori@example.jp"),  # ッ doubles
    ("ショウジアットマーク example ドット jp", "shoji@example.jp"),  # ou -> o
    # a Latin word then its katakana reading: the written word is kept
    ("sysadmin、エスワイエスアドミン、アットマーク、tokai ドット example",
     "sysadmin@tokai.example"),
    ("sysadmin エスワイエスアドミンアットマーク tokai ドット example", "sysadmin@tokai.example"),
    ("sato ドット kenji アット contoso ドットシーオードットジェーピー", "sato.kenji@contoso.co.jp"),
    # katakana words away from an address stay
    ("アットホームな雰囲気です", "アットホームな雰囲気です"),
    ("サイトウさんのサーバー", "サイトウさんのサーバー"),
    ("VBR サーバー、アットマーク", "VBR サーバー、アットマーク"),
]


@pytest.mark.parametrize(("spoken", "written"), EMAILS)
def test_spelled_emails_in_calls(spoken: str, written: str) -> None:
    assert spoken_emails(spoken) == written


@pytest.mark.parametrize(("lang", "heard", "written"), [
    ("en", "it's three three zero eight", "it's three three zero eight"),  # no "s three" (S3)
    ("en", "the s three bucket", "the S3 bucket"),
])
def test_product_names_not_inside_contractions(lang: str, heard: str, written: str) -> None:
    assert fix_products(heard, lang) == written


def test_contraction_before_a_spoken_id() -> None:
    assert normalize("it's three three zero eight five one six zero", "en") == "it's 33085160"


def _call(*turns: tuple[str, str]) -> Call:
    return assign_roles(Call("c-1", "vtt", tuple(Turn(text=t, speaker=s, start=float(i))
                                                 for i, (s, t) in enumerate(turns)), "ab" * 32))


@pytest.mark.parametrize(("asked", "answer", "lang", "text"), [
    # the caller names another field than the one asked: no cue is put before the digits
    ("ケース番号をお伺いしてもよろしいでしょうか。",
     "サポートIDのほうでもいいですか。ゼロヨンキュー、イチイチ、ナナハチロク、です。", "ja",
     "サポートIDのほうでもいいですか。04911786、です。"),
    ("What's your case number?", "I only have the support ID, zero one two three four five six seven",
     "en", "I only have the support ID, 01234567."),
    ("What's your case number?", "zero zero nine one four seven two six", "en",
     "case number 00914726."),
])
def test_answer_cue_only_when_the_answer_names_no_field(asked: str, answer: str, lang: str,
                                                        text: str) -> None:
    agent = "オペレーター" if lang == "ja" else "Agent"
    assert caller_text(_call((agent, asked), ("Caller", answer)), lang) == text
