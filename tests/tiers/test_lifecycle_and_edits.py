"""Rules that read lifecycle tables and other data: edit a copy of the policy, answers change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.policy import Policy, load_policy
from bot.policy.loader import DEFAULT_PATH
from bot.tiers import Decision

RELEASES = ('    releases: {"13": new, "12": current, "11": end_of_fix, "10": end_of_support,\n'
            '               "9.5": end_of_support, "9": end_of_support}')


def _edited(tmp_path: Path, old: str, new: str) -> Policy:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_policy(path)


@pytest.fixture
def with_releases(tmp_path: Path) -> Policy:
    table = ("    releases: {'12': current, '12.1': end_of_fix, '11': end_of_support,"
             " '10': discontinued}")
    return _edited(tmp_path, RELEASES, table)


@pytest.mark.parametrize(("version", "allowed", "code", "note"), [
    ("12.3.1.1139", True, "case.allowed", None),
    ("12.1.2.172", True, "case.allowed", "note.end_of_fix"),
    ("12.1", True, "case.allowed", "note.end_of_fix"),
    ("11.0.1.1261", False, "case.release_unsupported", None),
    ("10", False, "case.release_unsupported", None),
    ("120.1", True, "case.allowed", None),  # "12" is a prefix of the text, not of the release
    ("9.5", True, "case.allowed", None),  # not listed: no ruling
])
def test_main_product_lifecycle_states(decide_case: Callable[..., Decision],
                                       with_releases: Policy, version: str, allowed: bool,
                                       code: str, note: str | None) -> None:
    decision = decide_case(customer={"version": version}, use=with_releases)
    assert decision.case.allowed is allowed
    assert decision.case.reason.code == code
    assert [m.code for m in decision.notes] == ([note] if note else [])
    if not allowed:
        assert version in decision.case.reason.text.ja
        assert decision.sla.deadline is None and decision.phone.allowed is False


def test_unsupported_state_is_named_in_both_languages(decide_case: Callable[..., Decision],
                                                      with_releases: Policy) -> None:
    reason = decide_case(customer={"version": "11.0"}, use=with_releases).case.reason.text
    assert "end-of-support" in reason.en and "サポート終了" in reason.ja


def test_kasten_support_window_is_data(decide_case: Callable[..., Decision],
                                       tmp_path: Path) -> None:
    policy = _edited(tmp_path, "    support_months: 6", "    support_months: 12")
    customer = {"program": "kasten-basic", "product": "K10", "release_date": date(2026, 6, 1)}
    assert decide_case(customer=customer).case.allowed is False
    decision = decide_case(customer=customer, use=policy)
    assert decision.case.allowed is True


def test_language_hours_are_data(decide_case: Callable[..., Decision], tmp_path: Path) -> None:
    policy = _edited(tmp_path, 'hours: {mon-fri: "08:00-18:00"}', 'hours: {mon-fri: "08:00-20:00"}')
    now = "2026-12-02T19:00:00+09:00"
    assert decide_case(now=now).language.language == "en"
    assert decide_case(now=now, use=policy).language.language == "ja"


def test_message_wording_is_data(decide_case: Callable[..., Decision], tmp_path: Path) -> None:
    policy = _edited(tmp_path, 'ja: "サポートは{language}で対応します(現地時間の営業日{hours})。"',
                     'ja: "{language}でご案内します。"')
    assert decide_case(use=policy).language.reason.text.ja == "日本語でご案内します。"


def test_phone_numbers_are_data(decide_case: Callable[..., Decision], tmp_path: Path) -> None:
    policy = _edited(tmp_path, 'number: "0120 922 345"', 'number: "0120 000 000"')
    assert decide_case(use=policy).phone.numbers[0].number == "0120 000 000"
