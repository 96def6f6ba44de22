"""Log redaction: personal data in English and Japanese, full-width too, never in clear."""

from __future__ import annotations

import pytest

from bot.redact import redact

CASES = [
    # (log line, what must not survive, what must survive)
    ("2026-12-01 20:49:58 INFO x - mail dana.whitfield@northwind.example now",
     ["dana.whitfield", "northwind.example"], ["2026-12-01 20:49:58", "mail"]),
    ("call +1 604 555 0110 asap", ["604 555 0110"], ["call", "asap"]),
    ("support ID 61502874 and case 07218845", ["61502874", "07218845"], ["support ID"]),
    ("サポートID ６１５０２８７４ です", ["61502874", "６１５０２８７４"], ["サポートID"]),
    ("電話は ０３−１２３４−５６７８ まで", ["1234", "１２３４"], ["電話は"]),
    ("メール ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ", ["dana", "ｄａｎａ"], ["メール"]),
    ("event text='our prod is down, I am Dana Whitfield' sender=abc",
     ["prod is down", "Dana"], ["sender=abc"]),
    ('{"message": "hello there", "sender": "s1"}', ["hello there"], ['"sender": "s1"']),
    ("my name is Dana Whitfield and", ["Dana", "Whitfield"], ["my name is"]),
    ("株式会社ミナトの佐藤と申します", ["佐藤"], ["株式会社"]),
    ("127.0.0.1:5005 listening", [], ["127.0.0.1:5005"]),
    ("[2026-12-01 20:59:07,419] [INFO] vocabulary", [], ["[2026-12-01 20:59:07,419]"]),
]


@pytest.mark.parametrize(("line", "secret", "kept"), CASES)
def test_redact(line: str, secret: list[str], kept: list[str]) -> None:
    out = redact(line)
    for item in secret:
        assert item not in out
    for item in kept:
        assert item in out
