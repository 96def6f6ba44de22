"""Spoken-text normalisation, table by table, in English and Japanese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.transcripts.emails import spoken_emails
from bot.transcripts.normalize import (
    fix_products,
    language_of,
    normalize,
    remove_fillers,
    remove_repeats,
)
from bot.transcripts.numbers import english_numbers, japanese_numbers, join_id_groups

PACKAGE = Path(__file__).resolve().parents[2] / "bot" / "transcripts"

FILLERS = [
    ("en", "Um, the job, uh, failed.", "the job, failed."),
    ("en", "No, um, one job fails", "No, one job fails"),  # not "No one job fails"
    ("en", "the job uh failed", "the job failed"),
    ("en", "So, basically, the whole environment is down.", "the whole environment is down."),
    ("en", "it failed, you know, twice", "it failed, twice"),
    ("en", "Like, it just hangs, you know?", "it just hangs?"),
    ("en", "It looks like the job failed", "It looks like the job failed"),  # not a filler here
    ("en", "I mean, erm, hmm, the proxy", "the proxy"),
    ("en", "the umbrella policy", "the umbrella policy"),  # "um" only as a word
    ("ja", "えーと、バックアップが失敗しています", "バックアップが失敗しています"),
    ("ja", "あのー、ジョブが止まりました", "ジョブが止まりました"),
    ("ja", "その、まあ、全部止まっています", "全部止まっています"),
    ("ja", "そのジョブが失敗しました", "そのジョブが失敗しました"),  # その as "that"
    ("ja", "あのサーバーです", "あのサーバーです"),
    ("ja", "うーん、えっと、なんか、遅いです", "遅いです"),
]


@pytest.mark.parametrize(("lang", "spoken", "written"), FILLERS)
def test_fillers(lang: str, spoken: str, written: str) -> None:
    assert remove_fillers(spoken, lang) == written


REPEATS = [
    ("en", "the the backup failed", "the backup failed"),
    ("en", "I I think we we lost it", "I think we lost it"),
    ("en", "the rep- replication job", "the replication job"),
    ("en", "it is b-b-broken", "it is broken"),
    ("en", "no no no, it is fine", "no, it is fine"),
    ("en", "Hyper-V host", "Hyper-V host"),
    ("ja", "バッ、バックアップが遅い", "バックアップが遅い"),
    ("ja", "失敗、失敗しています", "失敗しています"),
    ("ja", "本番 本番環境が", "本番環境が"),
]


@pytest.mark.parametrize(("lang", "spoken", "written"), REPEATS)
def test_repeats_and_false_starts(lang: str, spoken: str, written: str) -> None:
    assert remove_repeats(spoken, lang) == written


ENGLISH_NUMBERS = [
    ("zero one two three four five six seven", "01234567"),
    ("zero one two three, four five six seven", "01234567"),
    ("my ID is oh four two one nine eight seven six", "my ID is 04219876"),
    ("twelve point one", "12.1"),
    ("version twelve point one point two point one seven two", "version 12.1.2.172"),
    ("version twelve", "version 12"),
    ("sev two", "sev 2"),
    ("twenty three jobs", "23 jobs"),
    ("one hundred twenty three", "123"),
    ("two thousand five hundred", "2500"),
    ("double seven three", "773"),
    ("one of our jobs", "one of our jobs"),
    ("two, three servers", "two, three servers"),
    ("oh well", "oh well"),
    ("oh two jobs", "oh two jobs"),
    ("five five five, one two three, four five six seven", "5551234567"),
]


@pytest.mark.parametrize(("spoken", "written"), ENGLISH_NUMBERS)
def test_english_numbers(spoken: str, written: str) -> None:
    assert english_numbers(spoken) == written


JAPANESE_NUMBERS = [
    ("ゼロイチニーサン", "0123"),
    ("サポートIDはゼロイチニーサンヨンゴーロクナナです", "サポートIDは01234567です"),
    ("ゼロイチニーサン、ヨンゴーロクナナ", "01234567"),
    ("いちにーさんです", "123です"),
    ("じゅうにてんいちです", "12.1です"),
    ("ジュウニテンイチ", "12.1"),
    ("じゅうにてんゼロです", "12.0です"),  # a run begun in hiragana may go on in katakana
    ("さんいちにーのサンプル", "312のサンプル"),
    ("十二点一を使っています", "12.1を使っています"),
    ("バージョン12点1", "バージョン12.1"),
    ("〇一二三四五六七", "01234567"),
    ("三十分待ちました", "30分待ちました"),
    ("二三日前から", "二三日前から"),  # "two or three days"
    ("一部のジョブ", "一部のジョブ"),
    ("十分です", "十分です"),  # "enough"
    ("サンプルを送ります", "サンプルを送ります"),
    ("田中さんにご連絡します", "田中さんにご連絡します"),
]


@pytest.mark.parametrize(("spoken", "written"), JAPANESE_NUMBERS)
def test_japanese_numbers(spoken: str, written: str) -> None:
    assert japanese_numbers(spoken) == written


EMAILS = [
    ("dana dot whitfield at northwind dot com", "dana.whitfield@northwind.com"),
    ("my email is dana dot whitfield at northwind dot com.", "my email is dana.whitfield@northwind.com."),
    ("it is d a n a at north wind dot co dot uk", "it is dana@northwind.co.uk"),
    ("j underscore smith at contoso dash labs dot io", "j_smith@contoso-labs.io"),
    ("ops at sign example dot org", "ops@example.org"),
    ("dana dot whitfield at northwind dot example", "dana.whitfield@northwind.example"),
    ("ops at contoso dot museum", "ops at contoso dot museum"),  # not a top-level domain we know
    ("we are looking at northwind dot com", "we are looking at northwind dot com"),
    ("already dana@northwind.com", "already dana@northwind.com"),
    ("dana.whitfield at northwind.com", "dana.whitfield@northwind.com"),
    ("D-A-N-A dot W-H-I-T-F-I-E-L-D at northwind dot com", "dana.whitfield@northwind.com"),
    ("dana, dot, whitfield, at, northwind, dot, com", "dana.whitfield@northwind.com"),
    ("it is a n n a at contoso dot c o m", "it is anna@contoso.com"),
    ("It's j underscore smith at fabrikam dot com", "It's j_smith@fabrikam.com"),
    ("sato ドット kenji アット contoso ドット シーオー ドット ジェーピー です", "sato.kenji@contoso.co.jp です"),
    ("ディー エー エヌ エー アット example ドットコム です", "dana@example.com です"),
    ("tanaka、アット、example、ドット、co、ドット、jpです", "tanaka@example.co.jpです"),
    ("エスの設定です", "エスの設定です"),  # letter names away from an address stay katakana
    ("dana @ northwind dot com", "dana@northwind.com"),
    ("version 12.1 at 10.30", "version 12.1 at 10.30"),
    ("メールはtanaka アット northwind ドット co ドット jp です", "メールはtanaka@northwind.co.jp です"),
    ("tanakaアットマークexampleドットjpです", "tanaka@example.jpです"),
]


ID_GROUPS = [
    ("my support ID is 0123 4567", "my support ID is 01234567"),
    ("support ID: 0123-4567.", "support ID: 01234567."),
    ("case number 0700 1234", "case number 07001234"),
    ("サポートIDは0123 4567です", "サポートIDは01234567です"),
    ("I have 12 34 servers", "I have 12 34 servers"),
    ("the case is that 12 34 jobs", "the case is that 12 34 jobs"),
    ("support ID is 12.1 now", "support ID is 12.1 now"),
]


@pytest.mark.parametrize(("written", "joined"), ID_GROUPS)
def test_ids_read_out_in_chunks_are_joined(written: str, joined: str) -> None:
    assert join_id_groups(written) == joined


@pytest.mark.parametrize(("spoken", "written"), EMAILS)
def test_spelled_emails(spoken: str, written: str) -> None:
    assert spoken_emails(spoken) == written


PRODUCTS = [
    ("en", "we run beam backup and replication", "we run Veeam Backup & Replication"),
    ("en", "the V B R console", "the VBR console"),
    ("en", "kasten k ten on OpenShift", "Kasten K10 on OpenShift"),
    ("en", "casting fails", "Kasten fails"),
    ("en", "the beam one dashboard", "the Veeam ONE dashboard"),
    ("en", "v b three sixty five", "VB365"),
    ("en", "the e s x i host", "the ESXi host"),
    ("en", "a beamer in the room", "a beamer in the room"),  # whole words only
    ("ja", "ビームのジョブ", "Veeamのジョブ"),
    ("ja", "キャステンケーテンのポリシー", "Kasten K10のポリシー"),
    ("ja", "ブイビーアールを再起動", "VBRを再起動"),
    ("ja", "beam backup and replication の画面", "Veeam Backup & Replication の画面"),
]


@pytest.mark.parametrize(("lang", "heard", "written"), PRODUCTS)
def test_product_recognition_errors(lang: str, heard: str, written: str) -> None:
    assert fix_products(heard, lang) == written


def _lexicon() -> list[tuple[str, str, str]]:
    table = yaml.safe_load((PACKAGE / "lexicon.yml").read_text(encoding="utf-8"))
    return [(lang, heard, e["write"]) for lang in ("en", "ja") for e in table[lang]
            for heard in e["heard"]]


@pytest.mark.parametrize(("lang", "heard", "written"), _lexicon())
def test_every_lexicon_entry_is_written_as_its_product(lang: str, heard: str, written: str) -> None:
    # Said alone, each heard form becomes its written name (no longer entry shadows it).
    assert fix_products(f"the {heard} server" if lang == "en" else f"{heard}の", lang) == (
        f"the {written} server" if lang == "en" else f"{written}の")


WHOLE = [
    ("en",
     ("Um, so, our, uh, beam backup and replication, version twelve point one, the the whole "
      "production environment is down. My support ID is zero one two three four five six seven."),
     ("our, Veeam Backup & Replication, version 12.1, the whole production environment is down. "
      "My support ID is 01234567.")),
    ("ja",
     ("えーと、あのー、ブイビーアールのバックアップ、バックアップジョブが、全部失敗しています。"
      "サポートIDはゼロイチニーサンヨンゴーロクナナです。"),
     "VBRのバックアップジョブが、全部失敗しています。サポートIDは01234567です。"),
]


@pytest.mark.parametrize(("lang", "spoken", "written"), WHOLE)
def test_whole_turn(lang: str, spoken: str, written: str) -> None:
    assert normalize(spoken, lang) == written


def test_language_of() -> None:
    assert (language_of("VBR 12 のジョブ"), language_of("VBR 12 jobs")) == ("ja", "en")


def test_full_width_text_is_read_as_half_width() -> None:
    assert normalize("ＶＢＲ１２点１", "ja") == "VBR12.1"


@pytest.mark.parametrize("name", ["fillers.yml", "numbers.yml", "lexicon.yml", "speakers.yml"])
def test_tables_hold_only_text_and_numbers(name: str) -> None:
    # YAML reads bare yes / no / on as booleans: such a word would never match
    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert isinstance(key, (str, int)) and not isinstance(key, bool), key
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        else:
            assert isinstance(node, (str, int)) and not isinstance(node, bool), node
            if isinstance(node, str):
                re.compile(node)  # every entry is a valid pattern or literal

    walk(yaml.safe_load((PACKAGE / name).read_text(encoding="utf-8")))
