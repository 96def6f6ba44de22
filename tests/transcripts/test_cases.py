"""Calls as cases: one case per file content + call id, marked voice / pending_review."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bot.cases import CaseStore
from bot.transcripts.batch import triage_file
from bot.transcripts.cases import case_from_record, store_call
from tests.transcripts.conftest import FakeNlu


def store(tmp_path: Path) -> CaseStore:
    return CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")


def test_a_call_becomes_a_voice_case_with_both_sides_turns(tmp_path: Path, data_dir: Path,
                                                           nlu: FakeNlu) -> None:
    cases = store(tmp_path)
    [record] = list(triage_file(data_dir / "teams.vtt", nlu.parse))
    stored = store_call(cases, record)
    case = cases.get(stored["case_number"])
    assert case is not None
    assert (case.source, case.status, case.dedupe_key) == ("voice", "pending_review",
                                                           record["dedupe_key"])
    assert (case.severity, case.case_type, case.country, case.program) == (3, "technical", "GB",
                                                                           "production")
    assert case.messages[0].startswith("No, no, just, um, one backup copy job")
    assert [t["role"] for t in case.extra["turns"]] == ["agent", "caller", "agent", "caller"]
    assert case.extra["turns"][0]["speaker"] == "Agent"
    assert case.extra["file"].endswith("teams.vtt")
    assert case.fields["name"] == "Dana Whitfield"
    assert case.deadline is not None and case.created_at.isoformat().startswith("2026-12-07T09:30")


def test_rerunning_the_same_file_does_not_duplicate_cases(tmp_path: Path, data_dir: Path,
                                                          nlu: FakeNlu) -> None:
    cases = store(tmp_path)
    numbers = [store_call(cases, r)["case_number"]
               for _ in range(2) for r in triage_file(data_dir / "calls.jsonl", nlu.parse)]
    assert numbers[:2] == numbers[2:] and numbers[0] != numbers[1]
    assert len(cases.all()) == 2


def test_an_edited_file_is_a_new_case(tmp_path: Path, data_dir: Path, nlu: FakeNlu) -> None:
    cases = store(tmp_path)
    path = tmp_path / "call.txt"
    path.write_text("my backup fails", encoding="utf-8")
    first = store_call(cases, next(triage_file(path, nlu.parse)))
    path.write_text("my backup fails every night", encoding="utf-8")
    second = store_call(cases, next(triage_file(path, nlu.parse)))
    assert first["case_number"] != second["case_number"]


def test_chat_cases_keep_their_defaults(tmp_path: Path, data_dir: Path, nlu: FakeNlu) -> None:
    cases = store(tmp_path)
    [record] = list(triage_file(data_dir / "plain.txt", nlu.parse))
    case = case_from_record(record)
    assert case.conversation_id == f"voice:{record['dedupe_key']}" and case.seq == 0
    saved = cases.save_call(case)
    with cases.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT source, status, dedupe_key FROM cases")).one()
    assert tuple(row) == ("voice", "pending_review", record["dedupe_key"])
    assert cases.find_call(record["dedupe_key"]) == saved


def test_an_older_database_gets_the_new_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # the cases table as the first release created it
        conn.execute(sa.text(
            "CREATE TABLE cases (id INTEGER PRIMARY KEY, case_number VARCHAR(16) UNIQUE, "
            "conversation_id VARCHAR(255) NOT NULL, seq INTEGER NOT NULL, created_at DATETIME "
            "NOT NULL, language VARCHAR(8) NOT NULL, customer_timezone VARCHAR(64) NOT NULL, "
            "country VARCHAR(8), program VARCHAR(32), role VARCHAR(32), product VARCHAR(128), "
            "version VARCHAR(64), severity INTEGER, case_type VARCHAR(32), deadline DATETIME, "
            "target VARCHAR(128), reason VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL, "
            "triage JSON NOT NULL, decisions JSON NOT NULL, fields JSON NOT NULL, missing JSON "
            "NOT NULL, messages JSON NOT NULL, extra JSON NOT NULL)"))
        conn.execute(sa.text(
            "INSERT INTO cases (case_number, conversation_id, seq, created_at, language, "
            "customer_timezone, reason, status, triage, decisions, fields, missing, messages, "
            "extra) VALUES ('07000001', 'c1', 0, '2026-12-01 10:00:00', 'en', 'UTC', 'form "
            "completed', 'open', '{}', '[]', '{}', '[]', '[]', '{}')"))
    cases = CaseStore(url)
    [old] = cases.all()
    assert (old.source, old.status, old.dedupe_key) == ("chat", "open", None)
    indexes = {i["name"]: i["unique"] for i in sa.inspect(cases.engine).get_indexes("cases")}
    assert indexes.get("one_case_per_call") in (True, 1)
