"""Reading triage answers typed in English or Japanese, or sent by buttons."""

from __future__ import annotations

import pytest

from bot.dialogue.answers import (
    parse_country,
    parse_program,
    parse_role,
    parse_severity,
    timezone_for,
)

ROLES = [
    ("I'm the case admin for our account", None, "case_administrator"),
    ("ライセンス管理者です", None, "license_administrator"),
    ("we are the reseller (partner)", None, "support_partner"),
    ("just an end user", None, "other"),
    ("/inform", "support_partner", "support_partner"),
    ("banana", None, None),
]


@pytest.mark.parametrize(("text", "entity", "expected"), ROLES)
def test_role(text: str, entity: str | None, expected: str | None) -> None:
    assert parse_role(text, entity) == expected


PROGRAMS = [
    ("Production support", None, "production"),
    ("プレミアムです", None, "premium"),
    ("ＮＦＲライセンスです", None, "free"),
    ("We have Kasten Basic", None, "kasten-basic"),
    ("kasten trial", None, "kasten-evaluation"),
    ("our provider handles support for us", None, "vcsp_end_customer"),
    ("", "Premium", "premium"),
    ("", "kasten-premium", "kasten-premium"),
    ("gold plan", None, None),
]


@pytest.mark.parametrize(("text", "entity", "expected"), PROGRAMS)
def test_program(text: str, entity: str | None, expected: str | None) -> None:
    assert parse_program(text, entity) == expected


COUNTRIES = [("日本です", "JP"), ("Japan", "JP"), ("jp", "JP"), ("We're in the UK", "GB"),
             ("ドイツ", "DE"), ("Norway", "NO"), ("Atlantis", None), ("", None)]


@pytest.mark.parametrize(("text", "expected"), COUNTRIES)
def test_country(text: str, expected: str | None) -> None:
    assert parse_country(text) == expected


@pytest.mark.parametrize(("text", "entity", "expected"), [
    ("重大度２でお願いします", None, 2), ("make it sev 1", None, 1), ("3", None, 3),
    ("level 4 is fine", None, 4), ("/change_severity", "2", 2), ("no", None, None),
    ("severity 7", None, None), ("12 jobs failed", None, None),
])
def test_severity(text: str, entity: str | None, expected: int | None) -> None:
    assert parse_severity(text, entity) == expected


def test_timezone_prefers_a_valid_browser_zone() -> None:
    assert timezone_for("US", "America/Los_Angeles") == "America/Los_Angeles"
    assert timezone_for("US", "Mars/Olympus") == "America/New_York"
    assert timezone_for("JP") == "Asia/Tokyo"
    assert timezone_for("ZZ") == "UTC"
