"""Every number in policy.yml traces to the Japanese source (skipped without shared/)."""

from __future__ import annotations

import re

import pytest

from bot.policy import Policy

MAIN_COLUMNS = {"プレミアム": "premium", "プロダクション": "production", "ベーシック": "basic",
                "評価版": "evaluation", "無料/NFR": "free"}
KIND = {None: "direct", "フリーダイアル": "toll_free", "国内フリーダイアル": "toll_free_domestic"}


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i)]


def test_every_phone_row_of_12_3_is_in_the_policy(policy: Policy, source_text: str) -> None:
    block = _between(source_text, "12.3. 電話番号", "1. 概要")
    rows = re.findall(r"^(\S+?)(?:\((\S+)\))? ([+0-9][0-9 ]+[0-9])$", block, re.MULTILINE)
    assert len(rows) == 45
    listed = {(p.name.ja, p.number, p.kind) for p in policy.phones}
    for name, qualifier, number in rows:
        if name == "合衆国連邦政府":
            assert policy.us_federal.phone.number == number
            continue
        assert (name, number, KIND[qualifier or None]) in listed, (name, number)
    assert len(policy.phones) == 44  # every other row, nothing invented


def test_cloud_partner_variant_lists_the_same_numbers(source_text: str) -> None:
    first = _between(source_text, "12.3. 電話番号", "1. 概要")
    second = _between(source_text[source_text.index(first) + len(first):], "12.3. 電話番号",
                      "Kastenソフトウェアサポートサービスポリシー")
    assert first.split("北米")[1].split() == second.split("北米")[1].split()


def test_main_targets_match_4_5(policy: Policy, source_text: str) -> None:
    block = _between(source_text, "4.5. 目標対応時間に関するSLA", "5. カスタマーサポートへの連絡")
    per_program = block[block.index("\nプレミアム\n"):]
    current = None
    seen = 0
    for line in per_program.splitlines():
        if line in MAIN_COLUMNS:
            current = MAIN_COLUMNS[line]
        match = re.fullmatch(r"深刻度([1-4]) (\S+)", line)
        if current and match:
            target = policy.programs[current].targets[int(match[1])]
            expected = {"なし": "none", "ベストエフォート": "best_effort"}.get(match[2])
            if expected:
                assert target.kind == expected, (current, match[1])
            else:
                assert target.label.ja == match[2], (current, match[1])
            seen += 1
    assert seen == 20


def test_kasten_targets_appear_in_exhibit_a(policy: Policy, source_text: str) -> None:
    block = source_text[source_text.index("Kastenサポートサービスプラン"):]
    for program in ("kasten-premium", "kasten-basic"):
        for target in policy.programs[program].targets.values():
            assert target.label.ja in block, (program, target.label.ja)
    assert "6か月間サポート" in block and policy.product("kasten").support_months == 6


@pytest.mark.parametrize("schedule", ["basic", "evaluation"])
def test_hours_labels_quote_3_6(policy: Policy, source_text: str, schedule: str) -> None:
    block = _between(source_text, "3.6. 営業時間", "4. 深刻度")
    assert policy.schedules[schedule].label.ja in block


def test_us_federal_hours_quote_11(source_text: str) -> None:
    block = _between(source_text, "11.アメリカ合衆国連邦政府向けサポート", "12. お問い合わせ窓口")
    for hours in ("月曜~金曜:8:00~21:00", "土曜:12:00~0:00", "日曜:12:00~20:00"):
        assert hours in block


def test_languages_quote_2(policy: Policy, source_text: str) -> None:
    block = _between(source_text, "2. サポート対応言語", "3. サポートプログラム")
    assert "8:00~18:00" in block and policy.languages.hours.label.ja == "8:00~18:00"
    for region in policy.languages.regions.values():
        for lang in region.languages:
            assert policy.languages.names[lang].ja in block, (region.id, lang)


def test_case_roles_quote_1(policy: Policy, source_text: str) -> None:
    assert "ケース管理者、ライセンス管理者、サポートパートナーのみ" in source_text
    assert policy.case_roles == ("case_administrator", "license_administrator",
                                 "support_partner")
