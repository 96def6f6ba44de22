"""Issue 14's conversation fixes with the real model and actions, over REST, in both
languages: what the customer is told, and what the case row holds."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.cases import open_store
from bot.settings import Settings

pytestmark = pytest.mark.integration
Say = Callable[[str, str], list[dict]]


def talk(say: Say, sender: str, text: str) -> str:
    """The bot's texts answering `text`, joined."""
    return " ".join(r.get("text", "") for r in say(sender, text))


@pytest.mark.parametrize(("lang", "request_text", "redirect", "declined"), [
    ("en", "could you write a PowerShell script that exports our job settings?",
     "R&D Forums", "No case has been opened"),
    ("ja", "ジョブの設定をエクスポートするPowerShellスクリプトを書いてもらえますか",
     "フォーラム", "ケースは作成していません"),
])
def test_out_of_scope_gets_the_redirect_first_and_no_questions(
        say: Say, lang: str, request_text: str, redirect: str, declined: str) -> None:
    sender = f"it14-oos-{lang}"
    first = talk(say, sender, request_text)
    assert redirect in first
    for asked in ("severity", "role", "country", "重大度", "役割", "国"):
        assert asked not in first.replace("R&D", "")
    assert declined in talk(say, sender, "/deny")


@pytest.mark.parametrize(("lang", "request_text", "fault", "choose"), [
    ("en", "could you write a PowerShell script that exports our job settings?",
     "/affirm", "Which severity fits"),
    ("ja", "ジョブの設定をエクスポートするPowerShellスクリプトを書いてもらえますか",
     "/affirm", "どの重大度"),
])
def test_a_redirected_request_can_go_on_as_a_product_fault(
        say: Say, lang: str, request_text: str, fault: str, choose: str) -> None:
    sender = f"it14-fault-{lang}"
    talk(say, sender, request_text)
    assert choose in talk(say, sender, fault)


@pytest.mark.parametrize(("lang", "request_text", "noted", "role"), [
    ("en", "please add support for backing up Proxmox containers, we really need that",
     "feature request", "role"),
    ("ja", "Proxmoxのコンテナのバックアップに対応してほしいです", "機能のご要望", "役割"),
])
def test_a_feature_request_is_not_asked_a_severity(say: Say, lang: str, request_text: str,
                                                   noted: str, role: str) -> None:
    first = talk(say, f"it14-feature-{lang}", request_text)
    assert noted in first and role in first
    assert "I suggest severity" not in first and "ご提案します" not in first


@pytest.mark.parametrize(("lang", "turns", "kenya_words"), [
    ("en", ["Our backup copy job to the offsite repository failed last night",
            "/affirm", "case administrator", "Production", "Kenya"], "full name"),
    ("ja", ["オフサイトへのバックアップコピージョブが昨夜失敗しました",
            "/affirm", "ケース管理者です", "プロダクション", "ケニア"], "お名前"),
])
def test_a_country_the_old_list_lacked_is_understood(say: Say, lang: str, turns: list[str],
                                                     kenya_words: str) -> None:
    sender = f"it14-kenya-{lang}"
    for text in turns[:-1]:
        talk(say, sender, text)
    assert kenya_words in talk(say, sender, turns[-1])


@pytest.mark.parametrize(("lang", "turns", "bad", "missing_words"), [
    ("en", ["Our backup copy job to the offsite repository failed last night",
            "/affirm", "case administrator"], "the gold one we bought",
     "program marked as missing"),
    ("ja", ["オフサイトへのバックアップコピージョブが昨夜失敗しました",
            "/affirm", "ケース管理者です"], "去年買ったゴールドのやつ", "未確認の項目"),
])
def test_an_unreadable_program_goes_to_an_engineer_with_the_field_missing(
        say: Say, running_bot: Settings, lang: str, turns: list[str], bad: str,
        missing_words: str) -> None:
    sender = f"it14-program-{lang}"
    for text in turns:
        talk(say, sender, text)
    replies = [talk(say, sender, bad) for _ in range(3)]
    assert missing_words in replies[-1]
    final = talk(say, sender, "Japan" if lang == "en" else "日本")
    [case] = [c for c in open_store(running_bot.cases_url).all() if c.conversation_id == sender]
    assert case.case_number in final
    assert case.program is None and "program" in case.missing and case.deadline is None


@pytest.mark.parametrize(("lang", "turns", "federal"), [
    ("en", ["Restores from our tape library fail with a media error", "/affirm",
            "case administrator", "Production", '/inform{"country":"us_federal"}'], "federal"),
    ("ja", ["テープライブラリからのリストアがメディアエラーで失敗します", "/affirm",
            "ケース管理者です", "プロダクション", "米国の連邦政府機関です"], "連邦政府"),
])
def test_a_us_federal_agency_is_told_its_own_number(say: Say, lang: str, turns: list[str],
                                                    federal: str) -> None:
    sender = f"it14-federal-{lang}"
    for text in turns[:-1]:
        talk(say, sender, text)
    told = talk(say, sender, turns[-1])
    assert "+1 240 399 50 82" in told and federal in told


@pytest.mark.parametrize(("lang", "turns", "words"), [
    ("en", ["Our Kasten K10 backup policy fails on one namespace", "/affirm",
            "case administrator", "Kasten Premium", "Japan", "Taro Yamada", "Acme",
            "01234567"], "supported for 6 months"),
    ("ja", ["Kasten K10のバックアップポリシーが一つのネームスペースで失敗します", "/affirm",
            "ケース管理者です", "Kastenプレミアム", "日本", "山田太郎", "株式会社サンプル",
            "01234567"], "6か月間"),
])
def test_an_old_kasten_release_is_told_to_upgrade(say: Say, lang: str, turns: list[str],
                                                  words: str) -> None:
    sender = f"it14-kasten-{lang}"
    transcript = [talk(say, sender, text) for text in turns]
    if not re.search("version|バージョン", transcript[-1]):  # the product was not in the text
        transcript.append(talk(say, sender, "Kasten K10"))
    assert words in talk(say, sender, "6.0.3")
