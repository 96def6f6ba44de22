"""The case store writes each hand-off exactly once and keeps what review needs."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cases import CaseRecord, CaseStore

TOKYO = ZoneInfo("Asia/Tokyo")


def make_case(conversation_id: str = "c1", seq: int = 0) -> CaseRecord:
    return CaseRecord(
        conversation_id=conversation_id, seq=seq,
        created_at=datetime(2026, 12, 4, 19, 0, tzinfo=TOKYO), language="ja",
        customer_timezone="Asia/Tokyo", country="JP", program="basic",
        role="case_administrator", product="Veeam Backup & Replication", version="12.1",
        severity=2, case_type="technical",
        triage={"severity": 2, "confidence": 0.81, "criteria": ["several_primary_jobs_failed"]},
        decisions=[{"id": "sla", "section": "§4.5"}], fields={"email": "a@example.co.jp"},
        missing=["phone"], messages=["バックアップジョブが複数失敗しています"],
        deadline=datetime(2026, 12, 7, 15, 0, tzinfo=TOKYO), target="8 business hours",
    )


@pytest.fixture()
def store(tmp_path: Path) -> CaseStore:
    return CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")


def test_saved_case_round_trips_with_utc_times(store: CaseStore) -> None:
    saved = store.save(make_case())
    assert saved.case_number and len(saved.case_number) == 8 and saved.case_number[0] == "0"
    loaded = store.get(saved.case_number)
    assert loaded is not None
    assert loaded.deadline == datetime(2026, 12, 7, 6, 0, tzinfo=timezone.utc)
    assert loaded.created_at == datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    assert loaded.triage["criteria"] == ["several_primary_jobs_failed"]
    assert loaded.messages == ["バックアップジョブが複数失敗しています"]
    assert loaded.missing == ["phone"]


def test_a_retried_handoff_is_stored_once(store: CaseStore) -> None:
    first = store.save(make_case())
    again = store.save(replace(make_case(), severity=1))
    assert again.case_number == first.case_number
    assert again.severity == 2
    assert len(store.all()) == 1


def test_concurrent_retries_store_one_case(store: CaseStore) -> None:
    numbers: list[str | None] = []
    threads = [threading.Thread(target=lambda: numbers.append(store.save(make_case()).case_number))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(numbers)) == 1
    assert len(store.all()) == 1


def test_a_second_handoff_in_the_same_conversation_is_a_new_case(store: CaseStore) -> None:
    first = store.save(make_case(seq=0))
    second = store.save(make_case(seq=1))
    assert first.case_number != second.case_number


def test_naive_times_are_refused(store: CaseStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        store.save(replace(make_case(), created_at=datetime(2026, 1, 1) + timedelta(0)))
    assert store.all() == []
