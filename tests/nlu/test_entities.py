"""Deterministic entity extractors: one table per entity, spans as typed."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.nlu.entities import email, error_message, ids, phone, product, version
from bot.nlu.extractor import extract


def found(spans: list, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in spans]


ID_CASES = [
    ("Case #07345612", [("case_number", "07345612")]),
    ("case 07345612 please", [("case_number", "07345612")]),
    ("ケース番号：07345612", [("case_number", "07345612")]),
    ("support ID 04219876", [("support_id", "04219876")]),
    ("SID: 04219876", [("support_id", "04219876")]),
    ("サポートID04219876です", [("support_id", "04219876")]),
    ("04219876", [("support_id", "04219876")]),  # bare, as typed into the form
    ("Case #07345612, support ID 04219876",
     [("case_number", "07345612"), ("support_id", "04219876")]),
    ("support ID 04219876 and case 07345612",
     [("support_id", "04219876"), ("case_number", "07345612")]),
    ("case 17345612", [("support_id", "17345612")]),  # no leading 0: not a case number
    ("0421987", []),  # 7 digits
    ("042198765", []),  # 9 digits
    ("error 0x80070005", []),
    ("build 12.34567890", []),
    ("call 0120-12345678", []),
    ("on 20240115 it failed", []),  # a date, no cue
    ("support ID 20240115", [("support_id", "20240115")]),  # a cue wins over the date reading
]


@pytest.mark.parametrize(("text", "expected"), ID_CASES)
def test_ids(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.entity, s.value) for s in ids.find(text)] == expected


VERSION_CASES = [
    ("build 12.1.2.172 fails", ["12.1.2.172"]),
    ("we run v12", ["v12"]),
    ("still on v11a", ["v11a"]),
    ("VBR v12.3 on ESXi 8.0", ["v12.3"]),  # 8.0 belongs to ESXi
    ("K10 6.5.3", ["6.5.3"]),
    ("VBR 12 fails", ["12"]),
    ("Veeam Backup & Replication 11a", ["11a"]),
    ("version 12", ["12"]),
    ("バージョンは12.1です", ["12.1"]),
    ("Veeam Agent for Microsoft Windows 6.2です", ["6.2"]),
    ("repository has 2.5 TB free", []),
    ("took 1.5 hours", []),
    ("proxy 192.168.1.10 unreachable", []),
    ("Windows Server 2019", []),
    ("V1のアラーム", []),  # V1 is Veeam ONE, not a version
    ("エージェントが1つのテナントだけ", []),
]


@pytest.mark.parametrize(("text", "expected"), VERSION_CASES)
def test_versions(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in extract_versions(text)] == expected


def extract_versions(text: str) -> list:
    # products win overlaps over versions, as in the extractor
    spans = version.find(text)
    products = product.find(text)
    return [s for s in spans if not any(s.overlaps(p) for p in products)]


EMAIL_CASES = [
    ("mail t.yamada@minato-seiki.co.jp please", [("t.yamada@minato-seiki.co.jp",) * 2]),
    ("end of sentence j.miller@contoso.com.", [("j.miller@contoso.com",) * 2]),
    ("メールはk.ito@sunrise-eng.co.jpです", [("k.ito@sunrise-eng.co.jp",) * 2]),
    ("not an address: bad@x", []),
    ("double dots a..b@example.com", []),
]


@pytest.mark.parametrize(("text", "expected"), EMAIL_CASES)
def test_emails(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(email.find(text), text) == expected


PHONE_CASES = [
    ("call 03-5412-8876", "JP", [("03-5412-8876", "+81354128876")]),
    ("携帯は090-1234-5678です", "JP", [("090-1234-5678", "+819012345678")]),
    ("reach me at +1 415 555 0172", "JP", [("+1 415 555 0172", "+14155550172")]),
    ("tel +44 20 7946 0813", "US", [("+44 20 7946 0813", "+442079460813")]),
    ("tel 0049 89 2317 5540", "US", [("0049 89 2317 5540", "+498923175540")]),
    ("ID 04219876", "JP", []),
    ("build 12.1.2.172", "US", []),
]


@pytest.mark.parametrize(("text", "region", "expected"), PHONE_CASES)
def test_phones(text: str, region: str, expected: list[tuple[str, str]]) -> None:
    assert found(phone.find(text, region), text) == expected


PRODUCT_CASES = [
    ("VBR crashed", [("VBR", "Veeam Backup & Replication")]),
    ("veeam one alarms", [("veeam one", "Veeam ONE")]),  # longest alias wins
    ("Kasten K10 policy", [("Kasten K10", "Veeam Kasten (K10)")]),
    ("キャステンのポリシー", [("キャステン", "Veeam Kasten (K10)")]),
    ("ワンクリックで", []),  # ワン inside a longer katakana word
    ("VALUE", []),  # VAL inside a word
    ("EM is down", [("EM", "Veeam Backup Enterprise Manager")]),
    ("em dash", []),  # case-sensitive alias
]


@pytest.mark.parametrize(("text", "expected"), PRODUCT_CASES)
def test_products(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(product.find(text), text) == expected


ERROR_CASES = [
    ('the job fails with "Access is denied"', ["Access is denied"]),
    ("エラーは「ファイルのロックを取得できません」です", ["ファイルのロックを取得できません"]),
    ("Error: Task failed unexpectedly\nthanks", ["Task failed unexpectedly"]),
    ("エラー:Failed to connect", ["Failed to connect"]),
    ('our job "Daily SQL" is fine', []),  # a quoted name, not an error
]


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_error_messages(text: str, expected: list[str]) -> None:
    assert [s.value for s in error_message.find(text)] == expected


def test_extract_returns_offsets_as_typed_and_canonical_values() -> None:
    text = "ｻﾎﾟｰﾄＩＤ：０４２１９８７６、電話０３－５４１２－８８７６、ＶＢＲ　１２．１"
    entities = {e["entity"]: e for e in extract(text, "ja")}
    assert text[entities["support_id"]["start"] : entities["support_id"]["end"]] == "０４２１９８７６"
    assert entities["support_id"]["value"] == "04219876"
    assert entities["phone"]["value"] == "+81354128876"
    assert entities["product"]["value"] == "Veeam Backup & Replication"
    assert entities["version"]["value"] == "12.1"
    assert text[entities["version"]["start"] : entities["version"]["end"]] == "１２．１"


def test_extract_keeps_spans_apart() -> None:
    text = 'Case #07345612: VBR says "Failed to connect to 10.0.0.5", mail a@b.example'
    spans = [(e["start"], e["end"]) for e in extract(text, "en")]
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert {e["entity"] for e in extract(text, "en")} == {
        "case_number", "product", "error_message", "email"}
