"""Table-driven tier rules: one row per rule, checked in both languages."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from bot.tiers import Decision

JP_NUMBER = "0120 922 345"
EST = "2026-12-02T10:00:00-05:00"

# (id, triage changes, customer changes, now or None, expected: attribute path -> value;
#  "en~" / "ja~" -> text that must appear in the decision's messages in that language)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str | None, dict[str, Any]]] = [
    ("jp-ja-business-hours", {}, {}, None, {
        "case.allowed": True, "case.reason.code": "case.allowed",
        "sla.deadline": "2026-12-02T18:00:00+09:00", "sla.target.en": "8 business hours",
        "sla.reason.code": "sla.target", "sla.guaranteed": True,
        "phone.allowed": True, "phone.numbers.0.number": JP_NUMBER,
        "language.language": "ja", "language.reason.code": "language.local",
        "sam": None, "technician": None, "redirect": None,
        "ja~": ["日本語で対応", JP_NUMBER, "8営業時間以内"], "en~": ["in Japanese", JP_NUMBER]}),
    ("jp-ja-at-opening", {}, {}, "2026-12-02T08:00:00+09:00", {"language.language": "ja"}),
    ("jp-ja-last-minute", {}, {}, "2026-12-02T17:59:00+09:00", {"language.language": "ja"}),
    ("jp-ja-at-18", {}, {}, "2026-12-02T18:00:00+09:00", {
        "language.language": "en", "language.reason.code": "language.after_hours",
        "ja~": ["英語で対応", "8:00~18:00"], "en~": ["answer in English", "08:00-18:00"]}),
    ("jp-ja-19h", {}, {}, "2026-12-04T19:00:00+09:00", {
        "language.language": "en", "sla.deadline": "2026-12-07T15:00:00+09:00"}),
    ("jp-ja-saturday", {}, {}, "2026-12-05T10:00:00+09:00", {"language.language": "en"}),
    ("jp-ja-substitute-holiday-2025", {}, {}, "2025-05-06T10:00:00+09:00",
     {"language.language": "en", "language.reason.code": "language.after_hours"}),
    ("jp-ja-substitute-holiday-2026", {}, {}, "2026-05-06T10:00:00+09:00",
     {"language.language": "en"}),
    ("jp-ja-new-year", {}, {}, "2027-01-01T10:00:00+09:00", {"language.language": "en"}),
    ("jp-ja-jan-2-per-library", {}, {}, "2026-01-02T10:00:00+09:00",
     {"language.language": "ja"}),
    ("jp-english-speaker", {}, {"language": "en"}, None,
     {"language.language": "en", "language.reason.code": "language.english"}),
    ("other-product-english-only", {}, {"product": "Veeam ONE"}, None, {
        "language.language": "en", "language.reason.code": "language.other_product",
        "ja~": ["Veeam ONEのサポートは英語のみ"]}),
    ("unknown-product-english", {}, {"product": "Acme Backup"}, None,
     {"language.language": "en", "language.reason.code": "language.other_product"}),
    ("kasten-product", {}, {"program": "kasten-basic", "product": "K10"}, None, {
        "language.language": "en", "sla.deadline": "2026-12-02T14:00:00+09:00",
        "sla.target.ja": "4営業時間以内", "phone.allowed": False,
        "phone.reason.code": "phone.not_in_program", "ja~": ["サポートポータル"]}),
    ("vcsp-english-only", {}, {"program": "vcsp", "role": "support_partner"}, None, {
        "language.language": "en", "language.reason.code": "language.english_only_program",
        "sla.deadline": "2026-12-02T13:00:00+09:00", "phone.allowed": True}),
    ("us-spanish", {}, {"country": "US", "timezone": "America/New_York", "language": "es"},
     EST, {"language.language": "es", "language.reason.code": "language.local",
           "phone.numbers.0.number": "1 800 774 5124", "phone.numbers.2.number":
           "+1 614 339 82 52", "en~": ["in Spanish"], "ja~": ["スペイン語で対応"]}),
    ("us-japanese-not-offered", {}, {"country": "US", "timezone": "America/New_York"}, EST, {
        "language.language": "en", "language.reason.code": "language.not_offered",
        "ja~": ["アメリカ合衆国では日本語での対応は提供していません"]}),
    ("de-german-no-local-number", {},
     {"country": "DE", "timezone": "Europe/Berlin", "language": "de"},
     "2026-12-02T10:00:00+01:00", {
         "language.language": "de", "phone.allowed": True, "phone.numbers": (),
         "phone.reason.code": "phone.no_local_number"}),
    ("ca-french", {}, {"country": "CA", "timezone": "America/Toronto", "language": "fr"}, EST,
     {"language.language": "fr", "phone.numbers.0.number": "+1 647 694 0922"}),
    ("br-portuguese", {}, {"country": "BR", "timezone": "America/Sao_Paulo", "language": "pt"},
     "2026-12-02T10:00:00-03:00", {"language.language": "pt"}),
    ("cn-mandarin", {}, {"country": "CN", "timezone": "Asia/Shanghai", "language": "zh"},
     "2026-12-02T10:00:00+08:00",
     {"language.language": "zh", "phone.numbers.0.number": "400 990 9444"}),
    ("unknown-region", {}, {"country": "AQ", "timezone": "Antarctica/Troll", "language": "de"},
     "2026-12-02T10:00:00+00:00",
     {"language.language": "en", "language.reason.code": "language.unknown_region"}),
    ("license-admin-may-open", {}, {"role": "license_administrator"}, None,
     {"case.allowed": True}),
    ("support-partner-may-open", {}, {"role": "support_partner"}, None, {"case.allowed": True}),
    ("end-user-may-not-open", {}, {"role": "end_user"}, None, {
        "case.allowed": False, "case.reason.code": "case.role", "sla.deadline": None,
        "sla.reason.code": "sla.no_case", "phone.allowed": False,
        "phone.reason.code": "phone.no_case", "ja~": ["ケース管理者にケースの作成をご依頼"],
        "en~": ["ask your company's case administrator"]}),
    ("partner-end-customer", {}, {"program": "vcsp", "is_partner_end_customer": True}, None, {
        "case.allowed": False, "case.reason.code": "case.partner_end_customer",
        "redirect.destination": "vcsp_partner", "phone.allowed": False,
        "ja~": ["パートナーにお問い合わせ"]}),
    ("kasten-evaluation-no-support", {}, {"program": "kasten-evaluation", "product": "K10"},
     None, {"case.allowed": False, "case.reason.code": "case.no_technical_support",
            "sla.deadline": None, "phone.allowed": False, "ja~": ["Kasten評価版"]}),
    ("out-of-scope-unknown-kind", {"case_type": "out_of_scope"}, {}, None, {
        "case.allowed": False, "case.reason.code": "case.out_of_scope",
        "redirect.destination": "sales", "redirect.reason.code": "redirect.out_of_scope",
        "sla.reason.code": "sla.no_case", "phone.reason.code": "phone.no_case"}),
    ("feature-request", {"case_type": "feature_request", "severity": 4}, {}, None, {
        "case.allowed": True, "redirect.destination": "forum",
        "redirect.reason.code": "redirect.feature_request",
        "sla.deadline": "2026-12-04T10:00:00+09:00", "phone.allowed": False,
        "phone.reason.code": "phone.case_type", "ja~": ["R&Dフォーラム"]}),
    ("general-inquiry", {"case_type": "general_inquiry", "severity": 4}, {}, None, {
        "case.allowed": True, "sla.deadline": None, "sla.target": None,
        "sla.reason.code": "sla.no_sla_case_type", "phone.allowed": False,
        "phone.reason.code": "phone.case_type", "ja~": ["SLAは設定されていません"]}),
    ("licensing-phone", {"case_type": "licensing"}, {}, None, {"phone.allowed": True}),
    ("free-no-phone", {}, {"program": "free"}, None, {
        "phone.allowed": False, "phone.reason.code": "phone.not_in_program",
        "sla.deadline": None, "sla.target.en": "best effort", "sla.reason.code": "sla.no_target",
        "ja~": ["ウェブまたは電子メール"], "en~": ["the web portal or e-mail"]}),
    ("free-sev1", {"severity": 1}, {"program": "free"}, None,
     {"sla.target.en": "no severity-1 target for free", "technician": None}),
    ("kasten-premium-web-only", {}, {"program": "kasten-premium", "product": "K10"}, None,
     {"phone.allowed": False, "sla.deadline": "2026-12-02T12:00:00+09:00"}),
    ("premium-sam-now", {}, {"program": "premium"}, None, {
        "sam.active": True, "sam.reason.code": "sam.involved",
        "sla.deadline": "2026-12-02T10:30:00+09:00", "ja~": ["SAM"]}),
    ("premium-sam-night", {}, {"program": "premium"}, "2026-12-02T22:00:00+09:00",
     {"sam.active": False, "sam.reason.code": "sam.after_hours"}),
    ("premium-sam-holiday", {}, {"program": "premium"}, "2026-05-06T10:00:00+09:00",
     {"sam.active": False}),
    ("premium-sev1-technician", {"severity": 1}, {"program": "premium"}, None, {
        "technician.active": True, "technician.reason.code": "technician.required",
        "ja~": ["技術者がお客様側にいることを条件"], "en~": ["technician on your side"]}),
    ("production-sev1-technician", {"severity": 1}, {"program": "production"}, None,
     {"technician.active": True, "sam": None}),
    ("vcsp-sev1-technician", {"severity": 1}, {"program": "vcsp", "role": "support_partner"},
     None, {"technician.active": True}),
    ("production-sev2-no-technician", {}, {"program": "production"}, None,
     {"technician": None}),
    ("basic-sev1-no-technician", {"severity": 1}, {}, None, {"technician": None}),
    ("us-federal", {}, {"program": "production", "country": "US",
                        "timezone": "America/New_York", "language": "en", "us_federal": True},
     EST, {"phone.allowed": True, "phone.numbers.0.number": "+1 240 399 50 82",
           "phone.reason.code": "phone.us_federal", "ja~": ["連邦政府", "時間外にも連絡可能"],
           "en~": ["Sat 12:00-24:00", "US Eastern"]}),
    ("experimental", {"experimental": True}, {}, None, {
        "sla.deadline": "2026-12-02T18:00:00+09:00", "sla.guaranteed": False,
        "notes.0.code": "note.experimental", "ja~": ["試験的な機能"]}),
    ("evaluation-best-effort", {}, {"program": "evaluation"}, None, {
        "sla.deadline": "2026-12-03T09:00:00+09:00", "sla.guaranteed": False,
        "sla.reason.code": "sla.best_effort_target", "phone.allowed": True}),
    ("kasten-release-too-old", {}, {"program": "kasten-basic", "product": "K10",
                                    "version": "6.5.0", "release_date": date(2026, 6, 1)},
     None, {"case.allowed": False, "case.reason.code": "case.kasten_upgrade",
            "ja~": ["6か月間", "6.5.0"], "en~": ["upgrade to a supported release"]}),
    ("kasten-release-six-months-to-the-day", {},
     {"program": "kasten-basic", "product": "K10", "release_date": date(2026, 6, 2)}, None,
     {"case.allowed": True}),
    ("main-product-ignores-release-date", {}, {"release_date": date(2020, 1, 1)}, None,
     {"case.allowed": True}),
]

REDIRECTS = [("design_review", "sales"), ("training", "training"),
             ("installation", "partner"), ("custom_scripts", "forum"),
             ("api_development", "forum"), ("sql_instance", "sql_vendor")]


def _get(decision: Decision, path: str) -> Any:
    value: Any = decision
    for part in path.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize(("triage", "customer", "now", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rule(decide_case: Callable[..., Decision], check_bilingual: Callable[[Decision], None],
              triage: dict[str, Any], customer: dict[str, Any], now: str | None,
              expected: dict[str, Any]) -> None:
    decision = decide_case(triage, customer, **({"now": now} if now else {}))
    check_bilingual(decision)
    for path, value in expected.items():
        if path in ("en~", "ja~"):
            joined = "\n".join(decision.text(path[:2]))
            for words in value:
                assert words in joined, (path, words)
        else:
            assert _get(decision, path) == value, path


@pytest.mark.parametrize(("kind", "destination"), REDIRECTS)
def test_out_of_scope_kinds_redirect(decide_case: Callable[..., Decision],
                                     check_bilingual: Callable[[Decision], None], kind: str,
                                     destination: str) -> None:
    decision = decide_case({"case_type": "out_of_scope", "out_of_scope_kind": kind})
    assert decision.case.allowed is False
    assert decision.redirect is not None and decision.redirect.destination == destination
    assert decision.redirect.reason.code == f"redirect.{kind}"
    check_bilingual(decision)


def test_decision_is_frozen(decide_case: Callable[..., Decision]) -> None:
    decision = decide_case()
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.case = decision.case  # type: ignore[misc]


def test_every_reason_names_its_section(decide_case: Callable[..., Decision]) -> None:
    decision = decide_case({"severity": 1, "experimental": True}, {"program": "premium"})
    sections = {m.code: m.section for m in decision.messages}
    assert sections["technician.required"] == "§4.1"
    assert sections["sam.involved"] == "§5.5"
    assert sections["note.experimental"] == "§8"
    assert sections["language.local"] == "§2"


BAD = [
    ({}, {"program": "gold"}, "unknown program 'gold'"),
    ({"case_type": "complaint"}, {}, "unknown case type 'complaint'"),
    ({"severity": 5}, {}, "severity must be"),
    ({}, {"timezone": "Japan/Tokyo"}, "unknown time zone"),
    ({}, {"country": "XX"}, "unknown country"),
]


@pytest.mark.parametrize(("triage", "customer", "words"), BAD)
def test_bad_input_raises_value_error(decide_case: Callable[..., Decision],
                                      triage: dict[str, Any], customer: dict[str, Any],
                                      words: str) -> None:
    with pytest.raises(ValueError, match=words):
        decide_case(triage, customer)


def test_naive_now_is_rejected(decide_case: Callable[..., Decision]) -> None:
    with pytest.raises(ValueError, match="aware"):
        decide_case(now="2026-12-02T10:00:00")
