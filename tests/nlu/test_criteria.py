"""Policy criteria as data: well-formed, bilingual, and found by their cues."""

from __future__ import annotations

import pytest

from bot.nlu.criteria import fallback_for, load_criteria, matched_criteria


def test_every_criterion_is_bilingual_with_a_valid_severity() -> None:
    criteria = load_criteria()
    assert len({c.id for c in criteria}) == len(criteria)
    for criterion in criteria:
        assert criterion.severity in (1, 2, 3, 4)
        assert criterion.en.strip() and criterion.ja.strip()
        assert criterion.fallback or criterion.cues, criterion.id


@pytest.mark.parametrize("severity", [1, 2, 3, 4])
def test_each_severity_has_one_fallback(severity: int) -> None:
    assert fallback_for(severity).severity == severity
    assert sum(c.fallback and c.severity == severity for c in load_criteria()) == 1


CUE_CASES = [
    ("production is down and all jobs failed", {"production_down", "environment_wide_failure"}),
    # All of one host's VMs while every other host is fine: not the whole environment.
    ("all 12 VMs on host esx02 fail, every other host is fine", set()),
    ("レプリケーションジョブが全部失敗しています", {"environment_wide_failure"}),
    ("SureBackupの検証が毎回Failedになります", {"restore_verification_failure"}),  # English in Japanese
    ("none of our 30 backup jobs has completed since Friday", {"environment_wide_failure"}),
    ("すべてのジョブがリポジトリに書き込めなくなりました", {"environment_wide_failure"}),
    # Nothing at all, told with a negated or zero count: not a limited failure.
    ("after the upgrade NOTHING backs up. not a single job.", {"environment_wide_failure"}),
    ("0 of 212 jobs succeeded last night", {"environment_wide_failure"}),
    ("only one job failed, a single VM", {"limited_primary_failure"}),
    ("we need to restore the production database urgently", {"urgent_production_restore"}),
    ("the console won't connect so we can't start a restore", {"console_unreachable"}),
    ("the VSPC web UI returns a blank page after login", {"console_unreachable"}),
    ("ログインするとコンソールが真っ白で何も操作できません", {"console_unreachable"}),
    ("昨日からコンソールがずっと接続中のまま開かない", {"console_unreachable"}),
    ("since yesterday the console is stuck on connecting", {"console_unreachable"}),
    ("dark theme: white text on a grey background in the console", set()),  # cosmetic
    ("the tape job failed last night", {"secondary_backup_failure"}),
    ("backup copy to S3 keeps failing", {"secondary_backup_failure"}),
    ("SureBackup verification failed", {"restore_verification_failure"}),
    ("how do I change the retention?", {"howto_question"}),
    ("typo in the restore wizard", {"documentation_wording"}),
    ("not urgent, production is fine", {"not_urgent"}),  # production_down excluded
    ("本番環境が停止しています", {"production_down"}),
    ("本番には影響ありません。テープへの書き込みが失敗します", {"secondary_backup_failure"}),
    ("本番環境のデータを至急リストアしたい", {"urgent_production_restore"}),
    ("テスト環境のジョブが失敗", {"non_production"}),
    # The lab in other words; everything failing there is still not the whole environment.
    ("QA環境のサーバー10台のバックアップがすべて失敗しています", {"non_production"}),
    ("all Kasten policies on the QA cluster fail", {"non_production"}),
    ("保持期間の設定方法を教えてください", {"howto_question"}),
    ("ｔａｐｅ ｊｏｂ ｆａｉｌｅｄ", {"secondary_backup_failure"}),  # full-width
    ("", set()),
    ("hello there", set()),
]


@pytest.mark.parametrize(("text", "expected"), CUE_CASES)
def test_cues(text: str, expected: set[str]) -> None:
    assert {c.id for c in matched_criteria(text)} == expected
