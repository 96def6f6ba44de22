"""Whole conversations over the REST channel with real Rasa and action servers, then the
case row in the store: fields, severity, deadline and language.

The servers' clock starts at tests.conftest.FAKE_NOW (Friday 19:59 in Tokyo, before a
holiday weekend) and runs on, so the deadlines below are fixed dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.cases import open_store
from bot.cases.thread import CaseThread
from bot.settings import Settings
from tests.conftest import FAKE_NOW

pytestmark = pytest.mark.integration
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TOKYO = ZoneInfo("Asia/Tokyo")
# How long the fake clock may have run before a case is stored (the session's own length).
CLOCK_RUN = timedelta(hours=2)


def _opened_on_the_fake_clock(created_at: datetime) -> None:
    assert FAKE_NOW <= created_at <= FAKE_NOW + CLOCK_RUN, created_at

EN_TURNS = [
    ("Our backup copy job to the offsite repository failed last night, production is fine",
     "severity 3"),
    ("yes", "role"),
    ("I'm the case administrator", "program"),
    ("Production", "country"),
    ("Japan", "name"),
    ("John Smith", "company"),
    ("Acme Corp", "support ID"),
    ("01234567", "product"),
    ("Veeam Backup & Replication", "version"),
    ("12.1.2.172", "impact"),
    ("what are your support hours?", "24/7/365"),
    ("no offsite copy since monday, primary backups still run", "error message"),
    ("none", "reproduce"),
    ("none", "workaround"),
    ("none", "e-mail"),
    ("john.smith@example", "doesn't look like an e-mail"),
    ("john.smith@example.com", "phone"),
    ("+81 3-1234-5678", "contacted"),
    ("email", "best time"),
    ("mornings", "case number"),
]

JA_TURNS = [
    ("至急お願いします。本番のファイルサーバーがランサムウェアで暗号化され、今すぐリストアが必要です",
     "重大度は1"),
    ("はい", "役割"),
    ("ケース管理者です", "サポートプログラム"),
    ("ベーシック", "国"),
    ("日本", "お名前"),
    ("山田太郎", "会社名"),
    ("株式会社サンプル", "サポートID"),
    ("なし", "製品"),
    ("VBRです", "バージョン"),
    ("１２．１", "影響"),
    ("ファイルサーバーが使えず全社の業務が止まっています", "エラーメッセージ"),
    ("「Failed to restore: access denied」と表示されます", "再現手順"),
    ("リストアウィザードで復元ポイントを選ぶと失敗します", "回避策"),
    ("なし", "メールアドレス"),
    ("taro.yamada@example.co.jp", "電話番号"),
    ("０３－１２３４－５６７８", "連絡方法"),
    ("電話", "時間帯"),
    ("平日の午前中", "ケース番号"),
]


def _drive(say: Callable[[str, str], list[dict]], sender: str,
           turns: list[tuple[str, str]]) -> list[str]:
    transcript: list[str] = []
    for text, expected in turns:
        replies = " ".join(r.get("text", "") for r in say(sender, text))
        transcript.append(replies)
        assert expected.lower() in replies.lower(), f"after {text!r} got {replies!r}"
    return transcript


def test_english_conversation_opens_a_case_with_its_deadline(
    say: Callable[[str, str], list[dict]], running_bot: Settings
) -> None:
    transcript = _drive(say, "it-en-case", EN_TURNS)
    assert not any(JAPANESE.search(t) for t in transcript)
    [case] = [c for c in open_store(running_bot.cases_url).all()
              if c.conversation_id == "it-en-case"]
    # After the hand-off nothing is dropped: each message is added to the case, and said so.
    later = ["hello? my production is down now", "/greet", "talk to a human"]
    for text in later:
        [reply] = say("it-en-case", text)
        assert str(case.case_number) in reply["text"] and "added" in reply["text"]
    thread = CaseThread(open_store(running_bot.cases_url)).messages(str(case.case_number))
    assert [(m.author, m.text) for m in thread] == [("customer", t) for t in later]
    assert len([c for c in open_store(running_bot.cases_url).all()
                if c.conversation_id == "it-en-case"]) == 1
    assert case.case_number and case.case_number in transcript[-1]
    assert (case.language, case.country, case.program) == ("en", "JP", "production")
    assert (case.severity, case.case_type) == (3, "technical")
    assert case.customer_timezone == "Asia/Tokyo"
    assert case.fields["email"] == "john.smith@example.com"
    assert case.fields["phone"] == "+81312345678"
    assert case.fields["support_id"] == "01234567"
    assert case.fields["version"] == "12.1.2.172"
    assert case.triage["criteria"] and case.triage["severity"] == 3
    assert case.target == "6 hours"
    _opened_on_the_fake_clock(case.created_at)
    # Production runs around the clock: 6 hours later, in the night to Saturday
    assert case.deadline == case.created_at + timedelta(hours=6)
    assert case.deadline.astimezone(TOKYO).date() == date(2026, 1, 10)
    assert {d["code"] for d in case.decisions} >= {"sla.target", "phone.allowed"}
    assert "0120 922 345" in transcript[-1]


def test_japanese_conversation_opens_a_case_in_japanese(
    say: Callable[[str, str], list[dict]], running_bot: Settings
) -> None:
    transcript = _drive(say, "it-ja-case", JA_TURNS)
    assert all(JAPANESE.search(t) for t in transcript)

    [case] = [c for c in open_store(running_bot.cases_url).all()
              if c.conversation_id == "it-ja-case"]
    assert case.case_number in transcript[-1]
    assert (case.language, case.country, case.program, case.severity) == ("ja", "JP", "basic", 1)
    assert case.target == "2 business hours"
    _opened_on_the_fake_clock(case.created_at)
    # Opened at (or just after) the end of Friday's Basic hours: the weekend and Monday's
    # holiday are skipped, so the 2 business hours end on Tuesday morning at 10:00 (09:59
    # when the case was stored before 20:00 on Friday).
    assert case.deadline is not None
    local = case.deadline.astimezone(TOKYO)
    assert local.date() == date(2026, 1, 13)
    assert time(9, 59) <= local.time() <= time(10, 0)
    assert case.fields["version"] == "12.1"  # typed full-width
    assert case.fields["phone"] == "+81312345678"
    assert case.fields["contact_method"] == "phone"
    assert "support_id" not in case.fields  # the customer said なし
    assert "support_id" in case.extra["skipped"]
    assert case.messages[0].startswith("至急")
    [reply] = say("it-ja-case", "もしもし、まだ本番が止まっています")
    assert case.case_number in reply["text"] and "追記" in reply["text"]
    thread = CaseThread(open_store(running_bot.cases_url)).messages(str(case.case_number))
    assert [m.text for m in thread] == ["もしもし、まだ本番が止まっています"]


def test_asking_for_a_human_hands_off_what_was_collected(
    say: Callable[[str, str], list[dict]], running_bot: Settings
) -> None:
    _drive(say, "it-en-human", [
        ("ransomware encrypted our production file servers, we must restore right now", "1"),
        ("yes", "role"), ("case admin", "program"), ("Premium", "country"),
        ("United States", "name"), ("Mary Jones", "company"),
    ])
    replies = " ".join(r.get("text", "") for r in say("it-en-human", "let me talk to a human"))
    assert "handing you over" in replies
    [case] = [c for c in open_store(running_bot.cases_url).all()
              if c.conversation_id == "it-en-human"]
    assert case.reason == "customer asked for a human"
    assert case.fields["name"] == "Mary Jones"
    assert "company" in case.missing and case.severity == 1
