"""Table-driven first-response deadlines: every program and severity, weekends, holidays,
year end, DST weekends, opening and closing edges. Expected values worked out by hand."""

from __future__ import annotations

from datetime import datetime

import pytest

from bench.sla_reference import naive_deadline
from bot.policy import Policy
from bot.sla import DeadlineInputError, first_response_deadline

TOKYO = ("Asia/Tokyo", "JP")
NEW_YORK = ("America/New_York", "US")
BERLIN = ("Europe/Berlin", "DE")
LONDON = ("Europe/London", "GB")
WED = "2026-12-02T10:00:00+09:00"  # an ordinary Wednesday morning in Tokyo

# (id, program, severity, opened_at, (zone, country), deadline or None, target label)
CASES = [
    # every program x severity, Wednesday 10:00 JST
    ("premium-1", "premium", 1, WED, TOKYO, "2026-12-02T10:30:00+09:00", "30 minutes"),
    ("premium-2", "premium", 2, WED, TOKYO, "2026-12-02T10:30:00+09:00", "30 minutes"),
    ("premium-3", "premium", 3, WED, TOKYO, "2026-12-02T10:30:00+09:00", "30 minutes"),
    ("premium-4", "premium", 4, WED, TOKYO, "2026-12-02T10:30:00+09:00", "30 minutes"),
    ("production-1", "production", 1, WED, TOKYO, "2026-12-02T11:00:00+09:00", "1 hour"),
    ("production-2", "production", 2, WED, TOKYO, "2026-12-02T13:00:00+09:00", "3 hours"),
    ("production-3", "production", 3, WED, TOKYO, "2026-12-02T16:00:00+09:00", "6 hours"),
    ("production-4", "production", 4, WED, TOKYO, "2026-12-02T18:00:00+09:00", "8 hours"),
    ("vcsp-1", "vcsp", 1, WED, TOKYO, "2026-12-02T11:00:00+09:00", "1 hour"),
    ("vcsp-2", "vcsp", 2, WED, TOKYO, "2026-12-02T13:00:00+09:00", "3 hours"),
    ("vcsp-3", "vcsp", 3, WED, TOKYO, "2026-12-02T16:00:00+09:00", "6 hours"),
    ("vcsp-4", "vcsp", 4, WED, TOKYO, "2026-12-02T18:00:00+09:00", "8 hours"),
    ("basic-1", "basic", 1, WED, TOKYO, "2026-12-02T12:00:00+09:00", "2 business hours"),
    ("basic-2", "basic", 2, WED, TOKYO, "2026-12-02T18:00:00+09:00", "8 business hours"),
    # Wed 10-20 = 10 h, Thu 08-10 = 2 h
    ("basic-3", "basic", 3, WED, TOKYO, "2026-12-03T10:00:00+09:00", "12 business hours"),
    # Wed 10 h + Thu 12 h + Fri 2 h
    ("basic-4", "basic", 4, WED, TOKYO, "2026-12-04T10:00:00+09:00", "24 business hours"),
    ("evaluation-1", "evaluation", 1, WED, TOKYO, None, "no severity-1 target for evaluation"),
    # Wed 10-17 = 7 h, then Thu from 08:00
    ("evaluation-2", "evaluation", 2, WED, TOKYO, "2026-12-03T09:00:00+09:00",
     "8 business hours"),
    ("evaluation-3", "evaluation", 3, WED, TOKYO, "2026-12-03T13:00:00+09:00",
     "12 business hours"),
    # 7 + 9 (Thu) + 8 (Fri)
    ("evaluation-4", "evaluation", 4, WED, TOKYO, "2026-12-04T16:00:00+09:00",
     "24 business hours"),
    ("free-1", "free", 1, WED, TOKYO, None, "no severity-1 target for free"),
    ("free-2", "free", 2, WED, TOKYO, None, "best effort"),
    ("free-3", "free", 3, WED, TOKYO, None, "best effort"),
    ("free-4", "free", 4, WED, TOKYO, None, "best effort"),
    ("kasten-premium-1", "kasten-premium", 1, WED, TOKYO, "2026-12-02T11:00:00+09:00",
     "1 hour"),
    ("kasten-premium-2", "kasten-premium", 2, WED, TOKYO, "2026-12-02T12:00:00+09:00",
     "2 hours"),
    ("kasten-premium-3", "kasten-premium", 3, WED, TOKYO, "2026-12-02T16:00:00+09:00",
     "6 hours"),
    # 1 business day = 9 h on Mon-Fri 08-17: Wed 7 h + Thu 2 h
    ("kasten-premium-4", "kasten-premium", 4, WED, TOKYO, "2026-12-03T10:00:00+09:00",
     "1 business day"),
    ("kasten-basic-1", "kasten-basic", 1, WED, TOKYO, "2026-12-02T12:00:00+09:00",
     "2 business hours"),
    ("kasten-basic-2", "kasten-basic", 2, WED, TOKYO, "2026-12-02T14:00:00+09:00",
     "4 business hours"),
    ("kasten-basic-3", "kasten-basic", 3, WED, TOKYO, "2026-12-03T10:00:00+09:00",
     "1 business day"),
    ("kasten-basic-4", "kasten-basic", 4, WED, TOKYO, "2026-12-04T10:00:00+09:00",
     "2 business days"),
    *[(f"kasten-evaluation-{s}", "kasten-evaluation", s, WED, TOKYO, None,
       "no support for kasten-evaluation") for s in (1, 2, 3, 4)],
    # the example: Fri 19:00 -> 1 h Friday, Mon 08:00-15:00 = 7 h
    ("weekend-example", "basic", 2, "2026-12-04T19:00:00+09:00", TOKYO,
     "2026-12-07T15:00:00+09:00", "8 business hours"),
    ("saturday-start", "basic", 1, "2026-12-05T10:00:00+09:00", TOKYO,
     "2026-12-07T10:00:00+09:00", "2 business hours"),
    ("weekend-kasten-premium-p4", "kasten-premium", 4, "2026-12-05T10:00:00+09:00", TOKYO,
     "2026-12-07T17:00:00+09:00", "1 business day"),
    ("weekend-wall-clock", "production", 2, "2026-12-05T23:00:00+09:00", TOKYO,
     "2026-12-06T02:00:00+09:00", "3 hours"),
    # edges: one minute before closing, exactly at opening, exactly at closing
    ("just-before-close", "basic", 1, "2026-12-02T19:59:00+09:00", TOKYO,
     "2026-12-03T09:59:00+09:00", "2 business hours"),
    ("at-opening", "basic", 1, "2026-12-03T08:00:00+09:00", TOKYO,
     "2026-12-03T10:00:00+09:00", "2 business hours"),
    ("at-closing", "basic", 1, "2026-12-02T20:00:00+09:00", TOKYO,
     "2026-12-03T10:00:00+09:00", "2 business hours"),
    ("ends-at-closing", "basic", 1, "2026-12-02T18:00:00+09:00", TOKYO,
     "2026-12-02T20:00:00+09:00", "2 business hours"),
    ("before-opening", "evaluation", 2, "2026-12-02T06:30:00+09:00", TOKYO,
     "2026-12-02T16:00:00+09:00", "8 business hours"),
    ("seconds-kept", "basic", 1, "2026-12-02T19:59:30+09:00", TOKYO,
     "2026-12-03T09:59:30+09:00", "2 business hours"),
    ("utc-input-answered-in-local-zone", "basic", 2, "2026-12-04T10:00:00+00:00", TOKYO,
     "2026-12-07T15:00:00+09:00", "8 business hours"),
    # Golden Week 2025: Sat 3 - Tue 6 May closed; 6 May is a substitute holiday (振替休日)
    ("substitute-holiday-2025", "basic", 2, "2025-05-02T19:00:00+09:00", TOKYO,
     "2025-05-07T15:00:00+09:00", "8 business hours"),
    # Golden Week 2026: Sun 3 - Wed 6 May; 6 May is a substitute holiday
    ("substitute-holiday-2026", "basic", 2, "2026-05-01T19:00:00+09:00", TOKYO,
     "2026-05-07T15:00:00+09:00", "8 business hours"),
    ("substitute-holiday-2026-evaluation", "evaluation", 2, "2026-05-01T16:00:00+09:00", TOKYO,
     "2026-05-07T15:00:00+09:00", "8 business hours"),
    ("jp-holiday-not-in-us", "basic", 1, "2026-05-06T10:00:00-04:00", NEW_YORK,
     "2026-05-06T12:00:00-04:00", "2 business hours"),
    ("us-thanksgiving", "basic", 1, "2026-11-25T19:00:00-05:00", NEW_YORK,
     "2026-11-27T09:00:00-05:00", "2 business hours"),
    # year end: the library's JP calendar closes only 1 Jan (no vendor year-end closure)
    ("year-end-2026", "basic", 2, "2026-12-31T19:00:00+09:00", TOKYO,
     "2027-01-04T15:00:00+09:00", "8 business hours"),
    ("year-end-2025-jan-2-open", "basic", 2, "2025-12-31T19:00:00+09:00", TOKYO,
     "2026-01-02T15:00:00+09:00", "8 business hours"),
    ("dec-30-open", "evaluation", 3, "2026-12-30T09:00:00+09:00", TOKYO,
     "2026-12-31T12:00:00+09:00", "12 business hours"),
    # US spring forward, Sun 2026-03-08 02:00 EST -> 03:00 EDT: wall clock is real time
    ("us-dst-spring-wall", "production", 4, "2026-03-07T22:00:00-05:00", NEW_YORK,
     "2026-03-08T07:00:00-04:00", "8 hours"),
    ("us-dst-spring-gap", "premium", 1, "2026-03-08T01:45:00-05:00", NEW_YORK,
     "2026-03-08T03:15:00-04:00", "30 minutes"),
    ("us-dst-spring-business", "basic", 4, "2026-03-06T18:00:00-05:00", NEW_YORK,
     "2026-03-10T18:00:00-04:00", "24 business hours"),
    # US fall back, Sun 2026-11-01 02:00 EDT -> 01:00 EST
    ("us-dst-fall-wall-1h", "production", 1, "2026-11-01T00:30:00-04:00", NEW_YORK,
     "2026-11-01T01:30:00-04:00", "1 hour"),
    ("us-dst-fall-wall-3h", "production", 2, "2026-11-01T00:30:00-04:00", NEW_YORK,
     "2026-11-01T02:30:00-05:00", "3 hours"),
    ("us-dst-fall-business", "evaluation", 2, "2026-10-30T16:00:00-04:00", NEW_YORK,
     "2026-11-02T15:00:00-05:00", "8 business hours"),
    # EU spring forward, Sun 2026-03-29 01:00 UTC
    ("eu-dst-spring-wall", "production", 3, "2026-03-28T23:00:00+01:00", BERLIN,
     "2026-03-29T06:00:00+02:00", "6 hours"),
    ("eu-dst-spring-business", "basic", 2, "2026-03-27T16:00:00+01:00", BERLIN,
     "2026-03-30T12:00:00+02:00", "8 business hours"),
    # EU fall back, Sun 2026-10-25 01:00 UTC
    ("eu-dst-fall-wall", "production", 4, "2026-10-24T22:00:00+01:00", LONDON,
     "2026-10-25T05:00:00+00:00", "8 hours"),
    ("eu-dst-fall-business", "kasten-basic", 3, "2026-10-23T15:00:00+01:00", LONDON,
     "2026-10-26T15:00:00+00:00", "1 business day"),
]


@pytest.mark.parametrize(("program", "severity", "opened", "where", "expected", "label"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_deadline(policy: Policy, program: str, severity: int, opened: str,
                  where: tuple[str, str], expected: str | None, label: str) -> None:
    zone, country = where
    opened_at = datetime.fromisoformat(opened)
    due = first_response_deadline(program, severity, opened_at, zone, country, policy=policy)
    assert (due.deadline.isoformat() if due.deadline else None) == expected
    assert due.target.label.en == label
    assert due.guaranteed is (expected is not None and program != "evaluation")
    if expected is not None:
        assert str(due.deadline.tzinfo) == zone
        naive = naive_deadline(policy, program, severity, opened_at, zone, country)
        assert naive == due.deadline


def test_japanese_labels(policy: Policy) -> None:
    opened = datetime.fromisoformat(WED)
    labels = [first_response_deadline(p, s, opened, *TOKYO, policy=policy).target.label.ja
              for p, s in (("basic", 2), ("premium", 1), ("kasten-premium", 4),
                           ("evaluation", 1), ("free", 3))]
    assert labels == ["8営業時間以内", "30分以内", "1営業日以内",
                      "評価版サポートでは重大度1の目標対応時間はありません", "ベストエフォート"]


def test_experimental_is_not_guaranteed(policy: Policy) -> None:
    due = first_response_deadline("premium", 1, datetime.fromisoformat(WED), *TOKYO,
                                  policy=policy, experimental=True)
    assert due.deadline is not None and due.guaranteed is False


BAD = [
    ("unknown program", ("gold", 2, WED, "Asia/Tokyo", "JP"), "unknown program 'gold'"),
    ("severity 7", ("basic", 7, WED, "Asia/Tokyo", "JP"), "severity must be 1, 2, 3 or 4"),
    ("severity as text", ("basic", "2", WED, "Asia/Tokyo", "JP"), "severity must be"),
    ("severity as bool", ("basic", True, WED, "Asia/Tokyo", "JP"), "severity must be"),
    ("naive time", ("basic", 2, "2026-12-02T10:00:00", "Asia/Tokyo", "JP"), "UTC offset"),
    ("unknown zone", ("basic", 2, WED, "Asia/Osaka", "JP"), "unknown time zone 'Asia/Osaka'"),
    ("bad zone", ("basic", 2, WED, "../etc", "JP"), "unknown time zone"),
    ("unknown country", ("basic", 2, WED, "Asia/Tokyo", "XX"), "unknown country 'XX'"),
    ("country not text", ("basic", 2, WED, "Asia/Tokyo", 81), "unknown country 81"),
]


@pytest.mark.parametrize(("args", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_names_the_problem(policy: Policy, args: tuple, words: str) -> None:
    program, severity, opened, zone, country = args
    with pytest.raises(DeadlineInputError, match=words):
        first_response_deadline(program, severity, datetime.fromisoformat(opened), zone,
                                country, policy=policy)


def test_lower_case_country_is_accepted(policy: Policy) -> None:
    due = first_response_deadline("basic", 1, datetime.fromisoformat(WED), "Asia/Tokyo", "jp",
                                  policy=policy)
    assert due.deadline == datetime.fromisoformat("2026-12-02T12:00:00+09:00")
