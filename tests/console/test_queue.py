"""The queue: order by time left, urgency flags, filters, paging (own web process + store)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from bot.cases import CaseStore
from bot.cases.review import CaseReview

from .client import ConsoleClient
from .seed import seed_case

Client = Callable[[str | None], ConsoleClient]
ROW = re.compile(r'<tr class="urgency-(\w+)" data-case="(\d+)">')


@pytest.fixture(scope="module")
def numbers(store: CaseStore) -> dict[str, str]:
    """Cases whose Kasten Premium wall-clock deadlines put them in a known order."""
    now = datetime.now(timezone.utc)
    opened = {  # severity 3 = 6 h after opening
        "on_time": now - timedelta(hours=1),  # 5 h left
        "breached": now - timedelta(hours=7),  # 1 h over
        "at_risk": now - timedelta(hours=5, minutes=30),  # 30 min left
    }
    made = {name: seed_case(store, f"queue-{name}", name, severity=3, opened=at,
                            program="kasten-premium") for name, at in opened.items()}
    made["ja"] = seed_case(store, "queue-ja", "ジョブが失敗", severity=2, language="ja",
                           country="JP", tz="Asia/Tokyo", program="kasten-premium",
                           opened=now - timedelta(minutes=10))
    made["voice"] = seed_case(store, "queue-voice", "call", severity=4, source="voice",
                              program="kasten-premium", opened=now - timedelta(minutes=1))
    made["closed"] = seed_case(store, "queue-closed", "done", severity=3,
                               program="kasten-premium", opened=now - timedelta(hours=8))
    CaseReview(store).change(str(made["closed"].case_number), "rita", "close",
                             {"status": "closed"}, "", now, note={"resolution": "fix"})
    return {name: str(case.case_number) for name, case in made.items()}


def rows(client: ConsoleClient, query: str = "") -> list[tuple[str, str]]:
    response = client.get(f"/console/?{query}")
    assert response.status_code == 200
    return ROW.findall(response.text)


def test_breached_and_at_risk_come_first_then_by_time_left(
        client: Client, numbers: dict[str, str]) -> None:
    order = rows(client("rita"))
    assert order[0] == ("breached", numbers["breached"])
    assert order[1] == ("at_risk", numbers["at_risk"])
    assert order[-1] == ("closed", numbers["closed"])
    listed = [number for _, number in order]
    assert listed.index(numbers["on_time"]) < listed.index(numbers["closed"])
    page = client("rita").get("/console/").text
    assert "breached 1 h 00 min ago" in page or "breached 59 min ago" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("language=ja", ["ja"]),
    ("source=voice", ["voice"]),
    ("status=closed", ["closed"]),
    ("severity=2", ["ja"]),
    ("criterion=crit_4", ["voice"]),
    ("language=en&severity=3&status=open", ["breached", "at_risk", "on_time"]),
])
def test_filters(client: Client, numbers: dict[str, str], query: str,
                 expected: list[str]) -> None:
    assert [n for _, n in rows(client("rita"), query)] == [numbers[name] for name in expected]


def test_paging_shows_25_a_page(client: Client, store: CaseStore,
                                numbers: dict[str, str]) -> None:
    for i in range(26):
        seed_case(store, f"bulk-{i}", "bulk", severity=4, program="kasten-premium",
                  case_type="licensing")
    rita = client("rita")
    first, second = rows(rita, "case_type=licensing"), rows(rita, "case_type=licensing&page=2")
    assert (len(first), len(second)) == (25, 1)
    assert not set(first) & set(second)
    page = rita.get("/console/?case_type=licensing").text
    assert 'rel="next"' in page and "page 1 of 2" in page
    assert "case_type=licensing&amp;page=2" in page  # the filter survives paging
    assert rows(rita, "case_type=licensing&page=banana") == first  # a bad number: page 1
